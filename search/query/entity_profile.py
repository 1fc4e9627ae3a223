"""Entity profiles: one person, organisation or place across the whole index.

What a reporter wants after the first search: how many articles name the entity, when
(by month, first and last date), who and what appear with it, and the ways its name is
written. Everything is counted the way :func:`~search.query.searcher.search` counts a
search filtered by the entity (``person=NAME``): the filter's documents come from
:func:`~search.query.docsets.matching_docs` on the same filter query
(:func:`~search.query.translation.filter_queries`), and every count is a
:class:`~search.query.facet_table.FacetTable` count over them. So the profile of
``person=Joe Biden`` agrees exactly with ``/api/search?person=Joe+Biden``: its total,
its month facet, and its organisation and place facets; a person appearing with him has
the count of the search filtered by both. No stored article is read.

The name forms come from the index state (:meth:`~search.store.IndexState.entity_forms`):
each full written form of the entity and how many times it is written over the index
(mentions, not articles), the same counts the display name is chosen from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from whoosh.util.times import long_to_datetime

from ..config import Settings
from ..errors import NotFoundError
from ..models import ENTITY_TYPES, FacetValue, Query
from ..store import schema as S
from .docsets import matching_docs
from .facet_table import FacetTable
from .index import Index, open_index
from .translation import filter_queries

#: Co-occurring values kept per facet unless asked otherwise.
CO_OCCURRING_LIMIT = 50
FACET_NAMES = {"person": "person", "org": "organisation", "place": "place"}


@dataclass(frozen=True, slots=True)
class EntityProfile:
    """One entity over the index: what its page and ``/api/entities/...`` show."""

    facet: str
    #: the facet key (what filters match) and the name shown
    key: str
    name: str
    #: articles naming it, as ``search`` filtered by it counts them
    articles: int
    first: date | None
    last: date | None
    #: ("2020-03", articles) for every month with one, oldest first
    by_month: tuple[tuple[str, int], ...]
    undated: int
    #: facet -> the values appearing with it, most articles first (itself left out)
    co_occurring: dict[str, tuple[FacetValue, ...]] = field(default_factory=dict)
    #: facet -> whether more values appear with it than ``co_occurring`` holds
    truncated: dict[str, bool] = field(default_factory=dict)
    #: (form as written, mentions over the index), most used first
    forms: tuple[tuple[str, int], ...] = ()


def entity_profile(
    facet: str,
    name: str,
    settings: Settings,
    index: Index | None = None,
    limit: int = CO_OCCURRING_LIMIT,
) -> EntityProfile:
    """The profile of the entity ``name`` of ``facet`` (person, org or place).

    :param name: as a user or a link writes it: a display name or any form the index
        resolves to the same key (``Index.entity_key``), as the ``person=`` filter does.
    :param limit: co-occurring values kept per facet, most articles first.
    :raises NotFoundError: ``facet`` is not an entity facet, or no article names it.
    :raises IndexMissingError: there is no index.
    """
    if facet not in ENTITY_TYPES:
        raise NotFoundError(
            f"No entity facet {facet!r}; entity facets are {', '.join(ENTITY_TYPES)}"
        )
    index = index or open_index(settings)
    query = Query().replace(**{facet: (name,)})
    key = index.entity_key(facet, name)
    with index.searcher() as searcher:
        table = index.facet_table(searcher)
        docs = matching_docs(searcher, filter_queries(index, query)[facet])
        if not docs:
            raise NotFoundError(
                f"No article names the {FACET_NAMES[facet]} {name!r} in this index"
            )
        months = table.count(S.PUBLISHED_MONTH, docs)
        counts = {kind: dict(table.count(kind, docs)) for kind in ENTITY_TYPES}
        first, last = _date_range(table, docs)
    counts[facet].pop(key, None)
    state = index.state()
    try:
        co_occurring: dict[str, tuple[FacetValue, ...]] = {}
        truncated: dict[str, bool] = {}
        for kind in ENTITY_TYPES:
            top = sorted(counts[kind].items(), key=_by_count)[:limit]
            labels = index.display_names(kind, [k for k, _n in top], state)
            co_occurring[kind] = tuple(FacetValue(k, labels[k], n) for k, n in top)
            truncated[kind] = len(counts[kind]) > len(top)
        label = index.display_names(facet, [key], state)[key]
        forms = tuple(state.entity_forms(facet, key))
    finally:
        state.close()
    by_month = tuple(sorted((m, n) for m, n in months.items() if m != S.UNDATED))
    if first is None and by_month:  # an index whose segments lack the date column
        first = date.fromisoformat(by_month[0][0] + "-01")
        last = date.fromisoformat(by_month[-1][0] + "-01")
    return EntityProfile(
        facet=facet,
        key=key,
        name=label,
        articles=len(docs),
        first=first,
        last=last,
        by_month=by_month,
        undated=months.get(S.UNDATED, 0),
        co_occurring=co_occurring,
        truncated=truncated,
        forms=forms,
    )


def profile_to_json(profile: EntityProfile) -> dict[str, Any]:
    """The object of ``/api/entities/<facet>/<name>``."""
    return {
        "facet": profile.facet,
        "name": profile.name,
        "key": profile.key,
        "articles": profile.articles,
        "first": profile.first.isoformat() if profile.first else None,
        "last": profile.last.isoformat() if profile.last else None,
        "by_month": [{"value": m, "count": n} for m, n in profile.by_month],
        "undated": profile.undated,
        "co_occurring": {
            kind: [{"value": v.label, "key": v.value, "count": v.count} for v in values]
            for kind, values in profile.co_occurring.items()
        },
        "co_occurring_truncated": dict(profile.truncated),
        "forms": [{"form": f, "count": n} for f, n in profile.forms],
    }


def _date_range(table: FacetTable, docs: set[int]) -> tuple[date | None, date | None]:
    """The first and last publication day among ``docs`` (undated ones left out), from
    the date column the search's range filter reads."""
    if S.PUBLISHED not in table.full_columns:
        return None, None
    column = table.arrays[S.PUBLISHED]
    values = column[np.fromiter(docs, dtype=np.int64, count=len(docs))]
    dated = values[values != np.iinfo(np.uint64).max]
    if not len(dated):
        return None, None
    return (
        long_to_datetime(int(dated.min())).date(),
        long_to_datetime(int(dated.max())).date(),
    )


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]
