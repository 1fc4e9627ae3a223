"""From a :class:`Query` to Whoosh queries: the search box, the filters and the order.

The search box is Whoosh's ``MultifieldParser`` syntax with ``-word``/``+word`` (NOT and
must, :class:`PlusMinus`) and ``word~``/``word~2`` (fuzzy, Whoosh's ``FuzzyTermPlugin``)
added (:func:`make_parser`); parts Whoosh cannot read, unbalanced quotes or brackets
included, degrade to plain words with a notice (:func:`parse_query_text`). Wildcards and
fuzzy words that stand for too many words of the index are refused with a notice
(:data:`MAX_EXPANDED_TERMS`). Entity field terms are mapped to facet
keys, so ``person:"Stephen E. Biegun"`` matches the facet value. Filters are one query per
group: OR within a facet's values, AND across groups.
"""

from __future__ import annotations

import itertools
import logging
import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from whoosh import query as Q
from whoosh import sorting
from whoosh.qparser import (
    EveryPlugin,
    FuzzyTermPlugin,
    MultifieldParser,
    OrGroup,
    PlusMinusPlugin,
    WildcardPlugin,
    syntax,
)

from ..errors import QueryError
from ..models import ENTITY_TYPES, SORTS, Query
from ..store import schema as S
from .suggest import expand_fuzzy

if TYPE_CHECKING:
    from .index import Index

log = logging.getLogger(__name__)

MAX_PAGE = 100_000
#: Whoosh's query parser takes time quadratic in the length of a word (a 10 KB word took
#: over a second, 100 KB would take minutes): longer search text is refused, not parsed.
MAX_QUERY_CHARS = 2_000
#: A wildcard (``s*``) or fuzzy word (``word~2``) is an OR of every word of the index it
#: stands for, and its cost grows with them: past this many, the query is refused.
MAX_EXPANDED_TERMS = 1_000
#: Words the plain-words fallback drops (the operators of the syntax).
OPERATORS = {"AND", "OR", "NOT", "TO", "ANDNOT", "ANDMAYBE"}


class PlusMinus(PlusMinusPlugin):
    """``-word`` excludes, ``+word`` requires, in every group, as every engine reads them.

    Whoosh's plugin sorts only the top group, and in an AND group it makes the words
    without a sign optional once one has a ``+``. Here a sign counts only at the start of a
    word (``Biden-Trump`` is one hyphenated word), words without a sign keep the group's
    AND, and a query of exclusions alone (``-trump``) means every article but those.
    """

    def __init__(self) -> None:
        super().__init__(
            plusexpr=r"(?<![^\s(])\+(?=[^\s+])", minusexpr=r"(?<![^\s(])-(?=[^\s-])"
        )

    def filters(self, parser: Any) -> list[Any]:
        return [(self.signs_in_groups, 510)]

    def signs_in_groups(self, parser: Any, group: Any) -> Any:
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.signs_in_groups(parser, node)
        if not any(isinstance(n, (self.Plus, self.Minus)) for n in group):
            return group
        kept = group.__class__()
        banned = syntax.OrGroup()
        target = kept
        for node in group:
            if isinstance(node, self.Minus):
                target = banned
            elif isinstance(node, self.Plus):
                target = kept
            else:
                target.append(node)
                target = kept
        if not banned:
            return kept
        if not kept:
            every = EveryPlugin.EveryNode()
            every.startchar = every.endchar = 0
            kept = syntax.AndGroup([every])
        return syntax.AndNotGroup([kept, banned])


def make_parser(schema: Any) -> Any:
    """The parser of the search box: Whoosh's syntax over title and body, plus ``-word``,
    ``+word`` and ``word~``."""
    parser = MultifieldParser(list(S.SEARCH_FIELDS), schema)
    parser.add_plugin(PlusMinus())
    parser.add_plugin(FuzzyTermPlugin())
    return parser


def make_plain_parser(schema: Any) -> Any:
    """The parser of queries that fail as syntax: words only, any of them may match."""
    parser = MultifieldParser(list(S.SEARCH_FIELDS), schema, group=OrGroup.factory(0.9))
    parser.remove_plugin_class(WildcardPlugin)
    return parser


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
    ``x:[a TO``) becomes a null query that silently matches nothing, and an unclosed quote
    or bracket (``"unbalanced``, ``title:(virus``) is quietly dropped. Any such part makes
    the whole box be searched as plain words (field names, operators and punctuation
    dropped; any of the words may match), with a notice saying so. ``*`` alone is every
    article; a wildcard or fuzzy word standing for more than :data:`MAX_EXPANDED_TERMS`
    words of the index matches nothing, with a notice.
    """
    if not text.strip():
        return Q.Every(), None
    if text.strip() in ("*", "*:*"):
        # Every article, without expanding "*" into every word of title and body.
        return Q.Every(), None
    if _balanced(text):
        try:
            parsed = index.parser.parse(text)
            if not _has_errors(parsed):
                return _bounded(
                    index, _without_and_not(_entity_terms(index, parsed)), text
                )
        except Exception:  # noqa: BLE001 - any parser failure means "treat as words"
            log.debug("query %r failed to parse", text, exc_info=True)
    cleaned = re.sub(r"\b\w+:", " ", text)
    words = [
        w
        for w in "".join(
            c if c.isalnum() or c.isspace() else " " for c in cleaned
        ).split()
        if w not in OPERATORS
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


def _balanced(text: str) -> bool:
    """Whether quotes pair up and brackets close outside quotes."""
    if text.count('"') % 2:
        return False
    depth = 0
    for part in text.split('"')[::2]:  # outside quotes
        for c in part:
            depth += {"(": 1, ")": -1}.get(c, 0)
            if depth < 0:
                return False
    return depth == 0


def _bounded(index: Index, q: Any, text: str) -> tuple[Any, str | None]:
    """``q`` with its fuzzy words expanded, or no query with a notice when a wildcard or fuzzy word of it stands for
    more than :data:`MAX_EXPANDED_TERMS` words of the index."""
    with index.searcher() as searcher:
        reader = searcher.reader()
        q = expand_fuzzy(reader, q, text)
        for leaf in q.leaves():
            if (
                not isinstance(leaf, Q.MultiTerm)
                or getattr(leaf, "fieldname", None) not in S.SEARCH_FIELDS
            ):
                continue
            expanded = leaf.expanded_terms(reader)
            if sum(1 for _ in itertools.islice(expanded, MAX_EXPANDED_TERMS + 1)) > (
                MAX_EXPANDED_TERMS
            ):
                return Q.NullQuery, (
                    f"{_leaf_text(leaf)} stands for more than {MAX_EXPANDED_TERMS:,} "
                    "words of the index, too many to search: add letters to it."
                )
    return q, None


def _leaf_text(leaf: Any) -> str:
    if isinstance(leaf, Q.FuzzyTerm):
        return f"{leaf.text}~{leaf.maxdist}"
    return str(leaf.text) + ("*" if isinstance(leaf, Q.Prefix) else "")


def _has_errors(q: Any) -> bool:
    if q is Q.NullQuery or q.__class__.__name__ in ("ErrorQuery", "_NullQuery"):
        return True
    return (
        any(_has_errors(c) for c in q.children()) if hasattr(q, "children") else False
    )


def _entity_terms(index: Index, q: Any) -> Any:
    """``person:"Stephen E. Biegun"`` -> the facet key, so field queries match facets."""

    def to_key(node: Any) -> Any:
        if isinstance(node, (Q.Term, Q.Phrase)) and node.fieldname in ENTITY_TYPES:
            words = node.words if isinstance(node, Q.Phrase) else [node.text]
            return Q.Term(
                node.fieldname,
                index.entity_key(node.fieldname, " ".join(map(str, words))),
                boost=node.boost,
            )
        return node

    return q.accept(to_key)


def _without_and_not(q: Any) -> Any:
    """``a ANDNOT b`` as ``a AND NOT b``: whoosh3's AndNotMatcher never skips the
    excluded side to the first match (``_find_first``), so the first match of each
    segment is kept even when it has the excluded word; ``Not`` inside ``And`` is exact.
    """

    def rewrite(node: Any) -> Any:
        if isinstance(node, Q.AndNot):
            return Q.And([node.a, Q.Not(node.b)], boost=node.boost)
        return node

    return q.accept(rewrite)


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
    for name in S.ORIGIN_FACETS:  # language, format: stored as written, lower case
        codes = [v.strip().lower() for v in query.filters(name) if v.strip()]
        filters[name] = Q.Or([Q.Term(name, v) for v in codes]) if codes else None
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
