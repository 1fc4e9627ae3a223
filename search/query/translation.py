"""From a :class:`Query` to Whoosh queries: the search box, the filters and the order.

The search box is Whoosh's ``MultifieldParser`` syntax; parts Whoosh cannot read degrade
to plain words with a notice (:func:`parse_query_text`). Entity field terms are mapped to facet
keys, so ``person:"Stephen E. Biegun"`` matches the facet value. Filters are one query per
group: OR within a facet's values, AND across groups.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from whoosh import query as Q
from whoosh import sorting

from ..errors import QueryError
from ..models import ENTITY_TYPES, SORTS, Query
from ..store import schema as S

if TYPE_CHECKING:
    from .index import Index

log = logging.getLogger(__name__)

MAX_PAGE = 100_000
#: Whoosh's query parser takes time quadratic in the length of a word (a 10 KB word took
#: over a second, 100 KB would take minutes): longer search text is refused, not parsed.
MAX_QUERY_CHARS = 2_000


def validate(query: Query) -> None:
    """:raises QueryError: for input no search can be made of."""
    check_text_length(len(query.text))
    if query.page < 1:
        raise QueryError(f"page must be 1 or more, not {query.page}")
    if query.page > MAX_PAGE:
        raise QueryError(f"page must be at most {MAX_PAGE}, not {query.page}")
    if not 1 <= query.page_size <= 1000:
        raise QueryError("page size must be between 1 and 1000")
    if query.sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}, not {query.sort!r}")
    for a, b, what in (
        (query.published_from, query.published_to, "published"),
        (query.mentioned_from, query.mentioned_to, "mentioned"),
    ):
        if a and b and a > b:
            raise QueryError(f"the {what} 'from' date {a} is after the 'to' date {b}")


def check_text_length(chars: int) -> None:
    """:raises QueryError: search text of ``chars`` characters is too long to parse."""
    if chars > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is too long ({chars:,} characters; at most "
            f"{MAX_QUERY_CHARS:,}): search for a few of its words"
        )


def parse_query_text(index: Index, text: str) -> tuple[Any, str | None]:
    """The Whoosh query of the search box; malformed syntax degrades to plain words.

    Whoosh's parser rarely raises: an unreadable part (``published:notadate``, ``(((``,
    ``x:[a TO``) becomes a null query that silently matches nothing. Any such part makes
    the whole box be searched as plain words (field names, operators and punctuation
    dropped; any of the words may match), with a notice saying so.
    """
    if not text.strip():
        return Q.Every(), None
    try:
        parsed = index.parser.parse(text)
        if not _has_errors(parsed):
            return _entity_terms(index, parsed), None
    except Exception:  # noqa: BLE001 - any parser failure means "treat as words"
        log.debug("query %r failed to parse", text, exc_info=True)
    cleaned = re.sub(r"\b\w+:", " ", text)
    words = [
        w
        for w in "".join(
            c if c.isalnum() or c.isspace() else " " for c in cleaned
        ).split()
        if w not in {"AND", "OR", "NOT", "TO", "ANDNOT", "ANDMAYBE"}
    ]
    plain = index.plain_parser.parse(" ".join(words)) if words else Q.NullQuery
    if plain is Q.NullQuery or _has_errors(plain):
        return Q.NullQuery, (
            "Your query could not be read as search syntax and has no "
            'searchable words; try plain words or a "phrase".'
        )
    return plain, (
        "Your query could not be read as search syntax; searched for any of the "
        f"words {' '.join(words)!r} instead."
    )


def _has_errors(q: Any) -> bool:
    if q is Q.NullQuery or q.__class__.__name__ in ("ErrorQuery", "_NullQuery"):
        return True
    return (
        any(_has_errors(c) for c in q.children()) if hasattr(q, "children") else False
    )


def _entity_terms(index: Index, q: Any) -> Any:
    """``person:"Stephen E. Biegun"`` -> the facet key, so field queries match facets."""
    if isinstance(q, (Q.Term, Q.Phrase)) and q.fieldname in ENTITY_TYPES:
        words = q.words if isinstance(q, Q.Phrase) else [q.text]
        return Q.Term(
            q.fieldname,
            index.entity_key(q.fieldname, " ".join(map(str, words))),
            boost=q.boost,
        )
    if isinstance(q, Q.CompoundQuery):
        return q.__class__(
            [_entity_terms(index, c) for c in q.subqueries], boost=q.boost
        )
    if isinstance(q, Q.Not):
        return Q.Not(_entity_terms(index, q.query))
    return q


def filter_group(facet: str) -> str:
    """The filter group that restricts ``facet``: the date facets share ``published``."""
    return "published" if facet in S.DATE_FACETS else facet


def filter_queries(index: Index, query: Query) -> dict[str, Any]:
    """One Whoosh query per filter group (None when the group is not set)."""
    filters: dict[str, Any] = {}
    for kind in ENTITY_TYPES:
        values = query.filters(kind)
        filters[kind] = (
            Q.Or([Q.Term(kind, index.entity_key(kind, v)) for v in values])
            if values
            else None
        )
    if query.published_from or query.published_to:
        start = (
            datetime.combine(query.published_from, datetime.min.time())
            if query.published_from
            else None
        )
        end = (
            datetime.combine(query.published_to, datetime.max.time())
            if query.published_to
            else None
        )
        filters["published"] = Q.DateRange(S.PUBLISHED, start, end)
    else:
        filters["published"] = None
    if query.mentioned_from or query.mentioned_to:
        filters["mentioned"] = Q.TermRange(
            S.MENTIONED,
            query.mentioned_from.isoformat() if query.mentioned_from else None,
            query.mentioned_to.isoformat() if query.mentioned_to else None,
        )
    return filters


def all_of(qs: list[Any]) -> Any:
    """One query matching what every query of ``qs`` matches; None for no queries."""
    if not qs:
        return None
    return qs[0] if len(qs) == 1 else Q.And(qs)


def sort_order(query: Query, text_query: Any) -> tuple[Any, bool]:
    """Whoosh's ``(sortedby, reverse)`` for the query's sort; ``(None, False)`` is by
    relevance. Undated articles come last in date orders, ties go by id."""
    sort = query.sort
    if sort == "relevance" and isinstance(text_query, Q.Every):
        # Browsing without a keyword: newest first is what readers expect.
        sort = "newest"
    if sort == "relevance":
        return None, False
    undated_last = sorting.QueryFacet(
        {
            "0": Q.Not(Q.Term(S.PUBLISHED_YEAR, S.UNDATED)),
            "1": Q.Term(S.PUBLISHED_YEAR, S.UNDATED),
        }
    )
    newest = sort == "newest"
    return sorting.MultiFacet(
        [
            undated_last,
            sorting.FieldFacet(S.PUBLISHED, reverse=newest),
            sorting.FieldFacet(S.ID_FIELD),
        ]
    ), False
