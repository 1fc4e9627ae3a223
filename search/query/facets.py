"""Facets: counting the values of person, org, place, year, month, language and format
under a query.

The sidebar's semantics, for one page of :func:`~search.query.searcher.search` and for
the full list of one facet (:func:`facet_values`) alike: filters are AND across facets
and OR within one facet, and a facet with a selection is counted without its own filter,
so the sidebar keeps showing the alternatives one can add (multi-select faceting).
Counts come from the index's :class:`~search.query.facet_table.FacetTable`. Facet
values know nothing of URLs: the web app adds them.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping

import numpy as np
from whoosh import query as Q

from ..config import Settings
from ..errors import NotFoundError
from ..models import ENTITY_TYPES, Facet, FacetValue, Query
from ..names import normalise_text
from ..store import IndexState
from ..store import schema as S
from .docsets import DocSet, Matches, filter_docs, matching_docs
from .facet_table import Counts, FacetTable
from .index import Index, open_index
from .translation import filter_group, filter_queries, parse_query_text, validate

#: Every facet, in the order of the sidebar and of the JSON.
FACETS: tuple[str, ...] = (
    *ENTITY_TYPES,
    S.PUBLISHED_YEAR,
    S.PUBLISHED_MONTH,
    *S.ORIGIN_FACETS,
)


def count_facets(
    table: FacetTable, matches: Matches, everything: bool = False
) -> dict[str, Mapping[str, int]]:
    """Documents per value of every facet among ``matches``, multi-select.

    :param everything: the query matches every document (no words, no filters): the
        counts the table keeps for that are used.
    """
    counts: dict[str, Mapping[str, int]] = {}
    matched = matches.all()
    # Each set of documents counted over, as a mask made once for all its facets.
    masks: dict[str | None, tuple[DocSet, np.ndarray | None]] = {}
    for name in FACETS:
        group = filter_group(name)
        if everything:
            counts[name] = table.count_all(name, matched)
            continue
        key = group if group in matches.filters else None
        if key not in masks:
            docs = matched if key is None else matches.without(key)
            masks[key] = (docs, table.mask(docs) if docs else None)
        docs, mask = masks[key]
        counts[name] = table.count(name, docs, mask)
    return counts


def facet_objects(
    index: Index,
    query: Query,
    counts: dict[str, Mapping[str, int]],
    state: IndexState | None = None,
) -> dict[str, Facet]:
    """Every facet as a :class:`Facet`: the ``query.facet_limit`` most frequent values,
    the selected ones always among them, entities by display name."""
    facets: dict[str, Facet] = {}
    for name in FACETS:
        found = counts.get(name, {})
        if name not in ENTITY_TYPES:
            items = {str(v): n for v, n in found.items() if v}
            values = sorted(items.items(), key=_by_count)
            chosen = (
                {v.lower() for v in query.filters(name)}
                if name in S.ORIGIN_FACETS
                else set()
            )
            facets[name] = Facet(
                name, tuple(FacetValue(v, v, n, v in chosen) for v, n in values)
            )
            continue
        selected = {index.entity_key(name, v) for v in query.filters(name)}
        if isinstance(found, Counts):
            shown, available = found.top(query.facet_limit), found.nonempty()
        else:
            items = {str(v): n for v, n in found.items() if v}
            shown, available = _top(items, query.facet_limit), len(items)
        top_keys = {k for k, _n in shown}
        shown += sorted(
            ((k, found[k]) for k in selected if k and k in found and k not in top_keys),
            key=_by_count,
        )
        facets[name] = _entity_facet(index, name, shown, selected, available, state)
    return facets


def facet_values(
    query: Query,
    name: str,
    settings: Settings,
    prefix: str = "",
    limit: int = 100,
    index: Index | None = None,
) -> Facet:
    """The values of facet ``name`` under ``query``, most frequent first.

    :param prefix: keep only values with a word starting with it ("pom" finds "Mike
        Pompeo"), compared on the normalised key, so case and accents do not matter.
    :param limit: at most this many values; ``truncated`` says whether more matched.
        Selected values are always included.
    :raises NotFoundError: ``name`` is not a facet.
    :raises QueryError: the query cannot be run (see
        :func:`~search.query.translation.validate`).
    """
    if name not in FACETS:
        raise NotFoundError(f"No facet {name!r}; facets are {', '.join(FACETS)}")
    validate(query)
    index = index or open_index(settings)
    text_query, _notice = parse_query_text(index, query.text)
    with index.searcher() as searcher:
        filters = {
            k: q for k, q in filter_queries(index, query).items() if q is not None
        }
        table = index.facet_table(searcher)
        text_docs = matching_docs(searcher, text_query, index.segments)
        matches = Matches(
            text_docs,
            filter_docs(searcher, table, query, filters, text_docs, index.segments),
        )
        everything = not filters and isinstance(text_query, Q.Every)
        group = filter_group(name)
        counts = (
            table.count_all(name, matches.all())
            if everything
            else table.count(name, matches.without(group))
        )
    wanted = normalise_text(prefix)
    if wanted:
        counts = {
            k: n
            for k, n in counts.items()
            # At a word's start, over several words too: "al-Sh" is "al sh" in
            # "ziad al sharabi".
            if f" {wanted}" in f" {k}"
        }
    items = sorted(((str(k), n) for k, n in counts.items() if k), key=_by_count)
    if name not in ENTITY_TYPES:
        shown = items[:limit]
        return Facet(
            name,
            tuple(FacetValue(k, k, n) for k, n in shown),
            truncated=len(items) > len(shown),
        )
    selected = {index.entity_key(name, v) for v in query.filters(name)}
    shown = items[:limit] + [kv for kv in items[limit:] if kv[0] in selected]
    return _entity_facet(index, name, shown, selected, len(items))


def _entity_facet(
    index: Index,
    name: str,
    shown: list[tuple[str, int]],
    selected: set[str],
    available: int,
    state: IndexState | None = None,
) -> Facet:
    """An entity facet of the ``shown`` (key, count) pairs, by display name."""
    labels = index.display_names(name, [k for k, _n in shown], state)
    values = tuple(FacetValue(k, labels[k], n, k in selected) for k, n in shown)
    return Facet(name, values, truncated=available > len(shown))


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def _top(items: dict[str, int], limit: int) -> list[tuple[str, int]]:
    """``sorted(items.items(), key=_by_count)[:limit]`` without sorting every value (a
    broad query over a large index has tens of thousands of people): only values counted
    at least as often as the limit-th largest count can be among the first ``limit``."""
    if len(items) <= limit:
        return sorted(items.items(), key=_by_count)
    least = heapq.nlargest(limit, items.values())[-1] if limit > 0 else 0
    return sorted(((k, n) for k, n in items.items() if n >= least), key=_by_count)[
        :limit
    ]
