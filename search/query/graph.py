"""Co-occurrence networks: who appears with whom in the articles of any search.

The nodes are the people, organisations and places named by most of the articles a
:class:`Query` matches (size: those articles); an edge joins two of them with the
number of matching articles that name both. The matches are found as
:func:`~search.query.searcher.search` finds them (typos corrected, the same filters),
and every number comes from the index's :class:`~search.query.facet_table.FacetTable`
(per-document entity arrays): a node's count is its facet count in that search, an
edge's weight the total of that search filtered by both. No stored article is read.

Bounded whatever the search: at most :data:`MAX_NODES` nodes and the
:data:`MAX_EDGES` heaviest edges among them. :func:`graph_to_json` and
:func:`graph_to_gexf` (for Gephi) write it out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..config import Settings
from ..models import ENTITY_TYPES, Query
from .docsets import Matches, filter_docs, matching_docs
from .index import Index, open_index
from .searcher import read_search_text
from .translation import filter_queries, validate

MAX_NODES = 50
MAX_EDGES = 200
GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
#: Node colours in the GEXF file, as the web page draws them (person, org, place).
COLOURS = {"person": (11, 92, 173), "org": (29, 122, 60), "place": (154, 91, 0)}


@dataclass(frozen=True, slots=True)
class GraphNode:
    """An entity of the graph: ``id`` is ``facet:key``."""

    id: str
    facet: str
    key: str
    label: str
    #: matching articles that name it
    count: int


@dataclass(frozen=True, slots=True)
class GraphEdge:
    """Two nodes (``source`` before ``target`` in the node order) and the matching
    articles naming both."""

    source: str
    target: str
    weight: int


@dataclass(frozen=True, slots=True)
class CooccurrenceGraph:
    query: Query
    #: articles the query matches
    total: int
    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    #: what typo tolerance or a malformed query changed, as the search says it
    notices: tuple[str, ...] = ()


def cooccurrence_graph(
    query: Query,
    settings: Settings,
    index: Index | None = None,
    max_nodes: int = MAX_NODES,
    max_edges: int = MAX_EDGES,
) -> CooccurrenceGraph:
    """The co-occurrence network of the articles ``query`` matches (page and sort are
    ignored).

    :param max_nodes: the entities named by most matching articles, over the three
        facets together; ties go person, org, place, then by key.
    :param max_edges: the heaviest edges among those nodes (weight at least 1).
    :raises QueryError: input that cannot be repaired (see
        :func:`~search.query.translation.validate`).
    :raises IndexMissingError: there is no index.
    """
    validate(query)
    index = index or open_index(settings)
    with index.searcher() as searcher:
        text_query, notices, _correction = read_search_text(index, searcher, query.text)
        filters = {
            k: q for k, q in filter_queries(index, query).items() if q is not None
        }
        table = index.facet_table(searcher)
        text_docs = matching_docs(searcher, text_query, index.segments)
        matched = Matches(
            text_docs,
            filter_docs(searcher, table, query, filters, text_docs, index.segments),
        ).all()
        counts = {kind: table.count(kind, matched) for kind in ENTITY_TYPES}
        order = {kind: i for i, kind in enumerate(ENTITY_TYPES)}
        top = sorted(
            (
                (kind, key, n)
                for kind in ENTITY_TYPES
                for key, n in counts[kind].items()
            ),
            key=lambda t: (-t[2], order[t[0]], t[1]),
        )[:max_nodes]
        members: dict[tuple[str, str], np.ndarray] = {}
        for kind in ENTITY_TYPES:
            keys = [key for k, key, _n in top if k == kind]
            members.update(
                zip(
                    ((kind, key) for key in keys),
                    table.documents(kind, keys, matched),
                    strict=True,
                )
            )
    columns = [members[(kind, key)] for kind, key, _n in top]
    state = index.state()
    try:
        labels = {
            kind: index.display_names(
                kind, [key for k, key, _n in top if k == kind], state
            )
            for kind in ENTITY_TYPES
        }
    finally:
        state.close()
    nodes = tuple(
        GraphNode(f"{kind}:{key}", kind, key, labels[kind][key], n)
        for kind, key, n in top
    )
    return CooccurrenceGraph(
        query=query,
        total=len(matched),
        nodes=nodes,
        edges=_edges(nodes, columns, max_edges),
        notices=tuple(notices),
    )


def _edges(
    nodes: tuple[GraphNode, ...], columns: list[np.ndarray], most: int
) -> tuple[GraphEdge, ...]:
    """The heaviest ``most`` edges: one boolean matrix of (document naming any node) x
    node, and its product with itself counts the documents of every pair at once."""
    if len(nodes) < 2 or most <= 0:
        return ()
    rows = np.unique(np.concatenate(columns)) if columns else np.zeros(0, np.int64)
    if not len(rows):
        return ()
    matrix = np.zeros((len(rows), len(nodes)), dtype=np.int32)
    for j, docs in enumerate(columns):
        matrix[np.searchsorted(rows, docs), j] = 1
    weights = matrix.T @ matrix
    first, second = np.triu_indices(len(nodes), k=1)
    found = weights[first, second]
    keep = np.flatnonzero(found)
    # Heaviest first; ties in node order, so the same search draws the same graph.
    keep = keep[np.lexsort((keep, -found[keep]))][:most]
    return tuple(
        GraphEdge(nodes[first[i]].id, nodes[second[i]].id, int(found[i]))
        for i in keep.tolist()
    )


def graph_to_json(graph: CooccurrenceGraph) -> dict[str, Any]:
    """The object of ``/api/graph``."""
    return {
        "total": graph.total,
        "nodes": [
            {"id": n.id, "facet": n.facet, "label": n.label, "count": n.count}
            for n in graph.nodes
        ],
        "edges": [
            {"source": e.source, "target": e.target, "weight": e.weight}
            for e in graph.edges
        ],
        "notices": list(graph.notices),
    }


def graph_to_gexf(graph: CooccurrenceGraph, description: str = "") -> str:
    """The graph as GEXF 1.3 for Gephi: undirected, a node's ``facet`` and ``count``
    as attributes (its size too), an edge's ``weight`` as Gephi reads it."""
    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("viz", VIZ_NS)

    def tag(name: str, ns: str = GEXF_NS) -> str:
        return f"{{{ns}}}{name}"

    root = ET.Element(tag("gexf"), {"version": "1.3"})
    meta = ET.SubElement(root, tag("meta"))
    ET.SubElement(meta, tag("creator")).text = "news-search"
    ET.SubElement(meta, tag("description")).text = description or (
        f"Co-occurrence of people, organisations and places in {graph.total} articles"
    )
    element = ET.SubElement(
        root, tag("graph"), {"mode": "static", "defaultedgetype": "undirected"}
    )
    attributes = ET.SubElement(element, tag("attributes"), {"class": "node"})
    for number, (title, kind) in enumerate((("facet", "string"), ("count", "integer"))):
        ET.SubElement(
            attributes,
            tag("attribute"),
            {"id": str(number), "title": title, "type": kind},
        )
    nodes = ET.SubElement(element, tag("nodes"))
    for n in graph.nodes:
        node = ET.SubElement(nodes, tag("node"), {"id": n.id, "label": n.label})
        values = ET.SubElement(node, tag("attvalues"))
        ET.SubElement(values, tag("attvalue"), {"for": "0", "value": n.facet})
        ET.SubElement(values, tag("attvalue"), {"for": "1", "value": str(n.count)})
        r, g, b = COLOURS.get(n.facet, (90, 90, 90))
        ET.SubElement(
            node, tag("color", VIZ_NS), {"r": str(r), "g": str(g), "b": str(b)}
        )
        ET.SubElement(node, tag("size", VIZ_NS), {"value": str(n.count)})
    edges = ET.SubElement(element, tag("edges"))
    for i, e in enumerate(graph.edges):
        ET.SubElement(
            edges,
            tag("edge"),
            {
                "id": str(i),
                "source": e.source,
                "target": e.target,
                "weight": str(e.weight),
            },
        )
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
