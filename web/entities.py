"""Entity pages and co-occurrence graphs: following a name through the archive.

- ``/entities/<facet>/<name>``: one person, organisation or place over the index
  (:func:`search.query.entity_profile`): articles by month (the search page's histogram,
  each bar the search filtered by the entity and that month), who and what appears with
  it (each a link to the search filtered by both), the forms its name is written in,
  its first and last dates and its articles, newest first. JSON at
  ``/api/entities/<facet>/<name>``.
- ``/graph?…``: the co-occurrence network of any search (the search page's parameters;
  :func:`search.query.cooccurrence_graph`), drawn as SVG on the server
  (:mod:`web.network`), each node a link to its entity page. JSON at ``/api/graph``,
  GEXF for Gephi at ``/api/graph.gexf``.

Errors (an unknown name: 404) go through ``create_app``'s handler: a page here, JSON
under ``/api``.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from search import QueryError, search
from search.models import ENTITY_TYPES
from search.query import (
    CO_OCCURRING_LIMIT,
    cooccurrence_graph,
    entity_profile,
    graph_to_gexf,
    graph_to_json,
    profile_to_json,
)

from .context import current_settings, get_index, search_args
from .dates import describe_range
from .histogram import build_histogram
from .network import draw_graph
from .openapi import MAX_CO_OCCURRING
from .params import SearchArgs
from .views import HitLinks

bp = Blueprint("entities", __name__)

#: Values shown per facet in "Appears with" before "Show more".
SHOWN = 10
#: The entity page's histogram (the search page's sidebar draws 264 x 64).
HISTOGRAM_WIDTH, HISTOGRAM_HEIGHT = 640, 110
#: Edges listed under the graph (all of them are drawn).
LISTED_EDGES = 25
KIND_TITLES = {"person": "People", "org": "Organisations", "place": "Places"}
KIND_NAMES = {"person": "person", "org": "organisation", "place": "place"}


@bp.get("/entities/<facet>/<path:name>")
def entity_page(facet: str, name: str) -> Any:
    settings = current_settings()
    index = get_index()
    profile = entity_profile(facet, name, settings, index)
    # The page's address names the entity as the index shows it: a link that wrote
    # another form ("joe biden", "Mr Biden") lands on the one shareable URL.
    shown = profile.name
    if index.entity_key(facet, shown) != profile.key:
        shown = name  # an aliased display name that reads as another key
    if shown != name:
        page = request.args.get("page")
        return redirect(entity_url(facet, shown, page=page))
    pages = SearchArgs(
        {facet: [shown], "sort": ["newest"], "page": request.args.getlist("page")},
        index.entity_key,
        url_for("views.search_page"),
    )
    result = search(pages.to_query(settings), settings, index)
    base = SearchArgs({facet: [shown]}, index.entity_key, url_for("views.search_page"))
    appears = {
        kind: [
            {
                "label": v.label,
                "count": v.count,
                "url": and_url(base, kind, v.label),
                "profile": entity_url(kind, v.label),
            }
            for v in profile.co_occurring[kind]
        ]
        for kind in ENTITY_TYPES
    }
    page, last = result.query.page, result.pages
    return render_template(
        "entity.html",
        profile=profile,
        kind_name=KIND_NAMES[facet],
        kind_titles=KIND_TITLES,
        appears=appears,
        shown=SHOWN,
        result=result,
        histogram=build_histogram(result, base, HISTOGRAM_WIDTH, HISTOGRAM_HEIGHT),
        histogram_search=base.url(),
        search_url=base.url(),
        graph_url=base.url(url_for("entities.graph_page")),
        json_url=url_for("entities.entity_json", facet=facet, name=shown),
        hit_links=HitLinks(base),
        first=(page - 1) * result.query.page_size + 1,
        prev_url=entity_url(facet, shown, page=min(page - 1, last))
        if page > 1
        else None,
        next_url=entity_url(facet, shown, page=page + 1) if page < last else None,
        args=base,
    )


@bp.get("/api/entities/<facet>/<path:name>")
def entity_json(facet: str, name: str) -> Response:
    limit = _limit()
    profile = entity_profile(facet, name, current_settings(), get_index(), limit=limit)
    return jsonify(profile_to_json(profile))


@bp.get("/graph")
def graph_page() -> str:
    settings = current_settings()
    args = search_args()
    graph = cooccurrence_graph(args.to_query(settings), settings, get_index())
    urls = {n.id: entity_url(n.facet, n.label) for n in graph.nodes}
    labels = {n.id: n for n in graph.nodes}
    strongest = sorted(graph.edges, key=lambda e: -e.weight)[:LISTED_EDGES]
    edges = [
        {
            "source": labels[e.source],
            "target": labels[e.target],
            "weight": e.weight,
            "url": and_url(
                and_url(
                    args, labels[e.source].facet, labels[e.source].label, keep=True
                ),
                labels[e.target].facet,
                labels[e.target].label,
            ),
        }
        for e in strongest
    ]
    return render_template(
        "graph.html",
        args=args,
        graph=graph,
        drawing=draw_graph(graph, urls),
        edges=edges,
        kind_names=KIND_NAMES,
        describe=_describe(args),
        search_url=args.url(page=None),
        json_url=args.url(url_for("entities.graph_json"), page=None),
        gexf_url=args.url(url_for("entities.graph_gexf"), page=None),
    )


@bp.get("/api/graph")
def graph_json() -> Response:
    settings = current_settings()
    query = search_args().to_query(settings)
    return jsonify(graph_to_json(cooccurrence_graph(query, settings, get_index())))


@bp.get("/api/graph.gexf")
def graph_gexf() -> Response:
    """The graph as GEXF, for Gephi (File > Open)."""
    settings = current_settings()
    args = search_args()
    graph = cooccurrence_graph(args.to_query(settings), settings, get_index())
    body = graph_to_gexf(
        graph,
        f"Co-occurrence of people, organisations and places in the {graph.total} "
        f"articles of the news-search search {_describe(args) or 'of every article'}",
    )
    return Response(
        body,
        mimetype="application/gexf+xml",
        headers={
            "Content-Disposition": 'attachment; filename="news-search-graph.gexf"'
        },
    )


def entity_url(facet: str, name: str, page: Any = None) -> str:
    """The entity page of ``name``."""
    page = None if page in (None, "", 1, "1") else page
    return url_for("entities.entity_page", facet=facet, name=name, page=page)


def and_url(args: SearchArgs, kind: str, name: str, keep: bool = False) -> Any:
    """The search of ``args`` restricted to articles naming ``name`` as well.

    Values of one facet are OR in the filters, so the entity becomes a filter only when
    its facet has none yet; otherwise it is added to the search text as
    ``kind:"name"`` (AND), which the search reads as the same facet key.

    :param keep: return the new :class:`SearchArgs` instead of its URL.
    """
    if args.is_selected(kind, args.key_of(kind, name)):
        changed = args
    elif not args.getlist(kind):
        changed = SearchArgs(
            {**args.values, kind: [name], "page": []}, args.key_of, args.path
        )
    else:
        text = args.get("q").strip()
        # A quote inside the name would end the phrase; the key ignores it anyway
        # (Jeremy "Spike" Cohen is jeremy spike cohen).
        words = " ".join(name.replace('"', " ").split())
        term = f'{kind}:"{words}"'
        changed = SearchArgs(
            {**args.values, "q": [f"({text}) {term}" if text else term], "page": []},
            args.key_of,
            args.path,
        )
    return changed if keep else changed.url()


def _describe(args: SearchArgs) -> str:
    """The search in words: 'for "election", Person Joe Biden, Published 2020'."""
    parts = [f"for “{args.get('q')}”"] if args.get("q") else []
    parts += [f"{kind} {v}" for kind in ENTITY_TYPES for v in args.getlist(kind)]
    if args.get("from") or args.get("to"):
        parts.append("published " + describe_range(args.get("from"), args.get("to")))
    if args.get("mentioned_from") or args.get("mentioned_to"):
        parts.append(
            "mentioning "
            + describe_range(args.get("mentioned_from"), args.get("mentioned_to"))
        )
    return ", ".join(parts)


def _limit() -> int:
    """``limit``: co-occurring values per facet in the JSON."""
    text = request.args.get("limit", "").strip() or str(CO_OCCURRING_LIMIT)
    try:
        limit = int(text)
    except ValueError:
        raise QueryError(f"limit must be a whole number, not {text!r}") from None
    if not 1 <= limit <= MAX_CO_OCCURRING:
        raise QueryError(f"limit must be between 1 and {MAX_CO_OCCURRING}, not {limit}")
    return limit
