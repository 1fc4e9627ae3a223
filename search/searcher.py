"""Searching: a :class:`Query` in, a :class:`SearchResult` out.

Built on Whoosh's own parts: ``MultifieldParser`` for the query syntax (phrases,
AND/OR/NOT, ``field:term``, wildcards), ``groupedby`` facets for the counts, the
highlighter (``HtmlFormatter`` escapes the text and marks matches with ``<mark>``), the
spelling corrector and more-like-this. Whoosh objects never leave this module: results come
back as our dataclasses, with the reader closed.

Facet semantics are the sidebar's: filters are AND across facets and OR within one facet.
The counts of a facet that has a selection are computed without that facet's own filter,
so the sidebar keeps showing the alternatives one can add (multi-select faceting).
"""

from __future__ import annotations

import heapq
import logging
import re
import threading
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from whoosh import collectors, highlight, sorting
from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.qparser import MultifieldParser, OrGroup, WildcardPlugin
from whoosh.util.times import datetime_to_long

from . import schema as S
from .aliases import Aliases, load_aliases
from .config import Settings
from .entities import clean_surface, name_key
from .errors import NotFoundError, QueryError
from .facetcounts import FacetTable
from .models import (
    ENTITY_TYPES,
    SORTS,
    ArticleRecord,
    DateMention,
    Facet,
    FacetValue,
    Hit,
    Query,
    SearchResult,
    entity_from_json,
)
from .state import IndexState

log = logging.getLogger(__name__)

FACET_NAMES = (*ENTITY_TYPES, S.PUBLISHED_YEAR, S.PUBLISHED_MONTH)
MAX_PAGE = 100_000
SNIPPET_CHARS = 240


class Index:
    """An open index: the Whoosh index plus aliases and name forms. Reuse across searches."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.meta = S.read_meta(settings.index_dir)
        self.ix = whoosh_index.open_dir(str(S.whoosh_dir(settings.index_dir)))
        self.aliases: Aliases = load_aliases(settings.resolved_aliases_file)
        self.parser = MultifieldParser(list(S.SEARCH_FIELDS), self.ix.schema)
        # For queries that fail as syntax: words only, any of them may match.
        self.plain_parser = MultifieldParser(
            list(S.SEARCH_FIELDS), self.ix.schema, group=OrGroup.factory(0.9)
        )
        self.plain_parser.remove_plugin_class(WildcardPlugin)
        self.stamp: float = 0
        self._tables: dict[tuple[Any, ...], FacetTable] = {}
        self._names: dict[tuple[str, str], str] = {}
        self._local = threading.local()
        self._suggestions: dict[tuple[str, str, int], str | None] = {}

    def searcher(self) -> _KeptSearcher:
        """``with index.searcher() as searcher``: this thread's Whoosh searcher, kept open.

        Opening a searcher copies each segment's term and posting files out of the
        compound segment file: ~40 ms a search at 10k articles, growing with the index.
        Whoosh wants one searcher per thread; ``refresh()`` moves it to a newer version of
        the index, reusing the readers of the segments that did not change.
        """
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self.ix.searcher()
        elif not searcher.up_to_date():
            searcher = searcher.refresh()
        self._local.searcher = searcher
        return _KeptSearcher(searcher)

    def suggestion(self, searcher: Any, text_query: Any, text: str) -> str | None:
        """The did-you-mean of ``text``, remembered: correcting one word costs ~0.1 s of
        automaton search, and a reader clicking facets or pages repeats the same words."""
        key = (text, repr(text_query), searcher.reader().generation())
        if key not in self._suggestions:
            if len(self._suggestions) >= 1024:
                self._suggestions.clear()
            self._suggestions[key] = _suggestion(searcher, text_query, text)
        return self._suggestions[key]

    def facet_table(self, searcher: Any) -> FacetTable:
        """Per-document facet values of the searcher's segments (read once, then cached)."""
        reader = searcher.reader()
        # Deletions keep segment ids but change live counts (and so count_all's answer).
        key = tuple(
            (
                str(leaf.segment().segment_id()) if leaf.segment() else id(leaf),
                leaf.doc_count(),
            )
            for leaf, _offset in reader.leaf_readers()
        )
        table = self._tables.get(key)
        if table is None:
            table = FacetTable(
                reader,
                str(S.whoosh_dir(self.settings.index_dir)),
                multi=ENTITY_TYPES,
                single=S.DATE_FACETS,
                columns=(S.PUBLISHED,),
            )
            self._tables = {key: table}
        return table

    def state(self) -> IndexState:
        return IndexState(self.settings.index_dir)

    def entity_key(self, kind: str, name: str) -> str:
        """The facet key a user-typed name stands for ("Mr Pompeo's" -> "pompeo")."""
        key = name_key(clean_surface(name, kind), kind)
        target = self.aliases.lookup(kind, key)
        return target[0] if target else key

    def display_names(
        self, kind: str, keys: list[str], state: IndexState | None = None
    ) -> dict[str, str]:
        """key -> the name to show. Remembered for the life of this object: name forms only
        change when the index is written, and then :func:`open_index` opens a new one."""
        missing = [k for k in keys if (kind, k) not in self._names]
        if missing:
            db = state or self.state()
            try:
                names = db.display_names(kind, missing)
            finally:
                if state is None:
                    db.close()
            names.update(
                {
                    k: v
                    for k, v in self.aliases.display_names(kind).items()
                    if k in names
                }
            )
            for k in missing:
                self._names[(kind, k)] = names.get(k, k.title())
        return {k: self._names[(kind, k)] for k in keys}


class _KeptSearcher:
    """A context manager that hands out a searcher and leaves it open on exit."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher

    def __enter__(self) -> Any:
        return self.searcher

    def __exit__(self, *exc: object) -> None:
        return None


_OPEN: dict[Path, Index] = {}


def open_index(settings: Settings) -> Index:
    """The :class:`Index` of ``settings.index_dir``, reopened when it changed on disk.

    :raises IndexMissingError: there is no index.
    """
    current = _OPEN.get(settings.index_dir)
    stamp = _stamp(settings)
    if current is None or current.settings != settings or current.stamp != stamp:
        current = Index(settings)
        current.stamp = stamp
        _OPEN[settings.index_dir] = current
    return current


def _stamp(settings: Settings) -> float:
    """Changes whenever an indexing run finishes (meta.json is rewritten last)."""
    try:
        return (settings.index_dir / "meta.json").stat().st_mtime_ns
    except OSError:
        return -1


def search(
    query: Query, settings: Settings, index: Index | None = None
) -> SearchResult:
    """Run ``query``: hits of the requested page with snippets, every facet's counts and a
    did-you-mean suggestion.

    :raises QueryError: input that cannot be repaired (page < 1, from after to, bad sort).
    :raises IndexMissingError: there is no index.
    """
    started = time.perf_counter()
    validate(query)
    index = index or open_index(settings)
    notices: list[str] = []
    text_query, notice = parse_text(index, query.text)
    if notice:
        notices.append(notice)
    with index.searcher() as searcher:
        filters = {
            k: q for k, q in filter_queries(index, query).items() if q is not None
        }
        sortedby, reverse = _sorting(query, text_query)
        limit = min(query.page * query.page_size, MAX_PAGE * query.page_size)
        # Matches as sets of document numbers: the text query's, and each filter group's.
        # Intersections give the total, the facet counts (each facet without its own
        # filter: multi-select) and the filter for ranking, without re-running queries.
        table = index.facet_table(searcher)
        text_docs = _docs(searcher, text_query)
        # Every use of a filter's documents is intersected with text_docs, so a filter
        # only needs deciding for those: the date range from the published column.
        filter_docs = {
            k: _published_docs(table, query, text_docs)
            if k == "published" and S.PUBLISHED in table.full_columns
            else _docs(searcher, q)
            for k, q in filters.items()
        }
        matched = _intersect(text_docs, list(filter_docs.values()))
        total = len(matched)
        counts: dict[str, dict[str, int]] = {}
        everything = not filters and isinstance(text_query, Q.Every)
        for name in FACET_NAMES:
            key = _filter_key(name)
            if everything:
                counts[name] = table.count_all(name, matched)
            elif (
                key in filters
            ):  # multi-select: as if this facet's own filter were not set
                counts[name] = table.count(
                    name,
                    _intersect(
                        text_docs, [d for k, d in filter_docs.items() if k != key]
                    ),
                )
            else:
                counts[name] = table.count(name, matched)
        results = (
            _ranked(
                searcher,
                text_query,
                matched if filters else None,
                limit,
                sortedby,
                reverse,
            )
            if total
            else None
        )
        start = (query.page - 1) * query.page_size
        if total and start >= total:
            notices.append(
                f"Page {query.page} is past the last page ({-(-total // query.page_size)})."
            )
        page_hits = (
            results[start : start + query.page_size]
            if results is not None and start < total
            else []
        )
        if results is not None:
            results.fragmenter = highlight.ContextFragmenter(
                maxchars=SNIPPET_CHARS, surround=70
            )
            results.formatter = highlight.HtmlFormatter(
                tagname="mark", classname="match", termclass="term", between=" … "
            )
        hits = _hits(index, page_hits)
        facets = _facet_objects(index, query, counts)
        suggestion = (
            index.suggestion(searcher, text_query, query.text)
            if query.text.strip() and not notice and total < max(3, query.page_size)
            else None
        )
    return SearchResult(
        query=query,
        total=total,
        hits=tuple(hits),
        facets=facets,
        suggestion=suggestion,
        notices=tuple(notices),
        seconds=time.perf_counter() - started,
    )


def validate(query: Query) -> None:
    """:raises QueryError: for input no search can be made of."""
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


def parse_text(index: Index, text: str) -> tuple[Any, str | None]:
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


def _filter_key(facet: str) -> str:
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


def _and(qs: list[Any]) -> Any:
    if not qs:
        return None
    return qs[0] if len(qs) == 1 else Q.And(qs)


def _ranked(
    searcher: Any,
    text_query: Any,
    allow: set[int] | None,
    limit: int,
    sortedby: Any,
    reverse: bool,
) -> Any:
    """The top ``limit`` hits (with matched terms, for highlighting), in exactly the order
    scoring every match would give.

    Whoosh's TopCollector keeps a heap of the top ``limit`` instead of sorting every match,
    but by default it also skips posting blocks and prunes sub-queries whose estimated best
    score cannot reach the heap; those estimates are not safe for BM25 and lose real top
    hits (measured on Reuters: "qtr net"), so both are turned off.
    """
    collector: Any
    if sortedby is not None:
        collector = collectors.SortingCollector(sortedby, limit=limit, reverse=reverse)
    else:
        collector = collectors.TopCollector(limit, usequality=False, replace=0)
    collector = collectors.TermsCollector(collector)
    if allow is not None:
        collector = collectors.FilterCollector(collector, allow)
    searcher.search_with_collector(text_query, collector)
    return collector.results()


def _docs(searcher: Any, q: Any) -> set[int]:
    """Document numbers matching ``q`` (deleted documents never match).

    Terms combined with AND/OR (what the search box mostly produces) are answered with
    set operations on posting lists, far faster than walking Whoosh's union and
    intersection matchers in Python; anything else (phrases, wildcards, NOT, ranges) goes
    to Whoosh.
    """
    found = _term_docs(searcher, q)
    return found if found is not None else set(searcher.docs_for_query(q))


def _term_docs(searcher: Any, q: Any) -> set[int] | None:
    """:func:`_docs` of a tree of Term/And/Or queries, or None for any other query."""
    kind = type(q)
    if kind is Q.Term:
        schema = searcher.schema
        if q.fieldname not in schema:
            return set()
        try:
            btext = schema[q.fieldname].to_bytes(q.text)
        except ValueError:
            return set()
        docs: set[int] = set()
        for leaf, offset in searcher.reader().leaf_readers():
            if (q.fieldname, btext) in leaf:
                ids = leaf.postings(q.fieldname, btext).all_ids()
                docs.update(map(offset.__add__, ids) if offset else ids)
        return docs
    if (kind is Q.Or and not getattr(q, "minmatch", 0)) or kind is Q.And:
        parts = []
        for sub in q.subqueries:
            part = _term_docs(searcher, sub)
            if part is None:
                return None
            parts.append(part)
        if not parts:
            return set()
        if kind is Q.Or:
            return set().union(*parts)
        parts.sort(key=len)
        return parts[0].intersection(*parts[1:])
    return None


def _published_docs(table: FacetTable, query: Query, candidates: set[int]) -> set[int]:
    """The ``candidates`` published within the query's range (DateRange's semantics:
    inclusive, 'to' up to the end of its day, undated articles never match)."""
    start = (
        datetime.combine(query.published_from, datetime.min.time())
        if query.published_from
        else datetime.min
    )
    end = (
        datetime.combine(query.published_to, datetime.max.time())
        if query.published_to
        else datetime.max
    )
    lo, hi = datetime_to_long(start), datetime_to_long(end)
    column = table.values[S.PUBLISHED]
    return {d for d in candidates if lo <= column[d] <= hi}


def _intersect(first: set[int], others: list[set[int]]) -> set[int]:
    if not others:
        return first
    sets = sorted([first, *others], key=len)
    return sets[0].intersection(*sets[1:])


def _facets_for(names: list[str]) -> Any:
    facets = sorting.Facets()
    for name in names:
        facets.add_field(name, allow_overlap=name in ENTITY_TYPES)
    return facets


def _sorting(query: Query, text_query: Any) -> tuple[Any, bool]:
    sort = query.sort
    if sort == "relevance" and isinstance(text_query, Q.Every):
        sort = (
            "newest"  # browsing without a keyword: newest first is what readers expect
        )
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


def _hits(index: Index, page_hits: Any, state: IndexState | None = None) -> list[Hit]:
    stored = [(h, h.fields()) for h in page_hits]
    keys: dict[str, set[str]] = {k: set() for k in ENTITY_TYPES}
    for _h, f in stored:
        for kind in ENTITY_TYPES:
            keys[kind].update(_split(f.get(kind)))
    names = {k: index.display_names(k, sorted(v), state) for k, v in keys.items()}
    hits = []
    for h, f in stored:
        # more_like_this results carry no matched terms to highlight: show the lead.
        snippet = (
            h.highlights(S.BODY, top=2)
            if h.results.has_matched_terms() and h.matched_terms()
            else ""
        )
        if not snippet:
            snippet = _lead(f.get(S.BODY, ""))
        hits.append(
            Hit(
                id=f[S.ID_FIELD],
                title=f.get(S.TITLE, ""),
                published=_date(f.get(S.PUBLISHED)),
                published_source=_source(f),
                snippet=snippet,
                persons=tuple(names["person"][k] for k in _split(f.get("person"))),
                orgs=tuple(names["org"][k] for k in _split(f.get("org"))),
                places=tuple(names["place"][k] for k in _split(f.get("place"))),
                source=f.get(S.SOURCE, ""),
                url=f.get(S.URL),
                score=h.score,
            )
        )
    return hits


def _lead(body: str) -> str:
    from html import escape

    text = body[:SNIPPET_CHARS]
    if len(body) > SNIPPET_CHARS:
        text = text.rsplit(" ", 1)[0] + " …"
    return escape(text)


def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


def _date(value: Any) -> date | None:
    return value.date() if isinstance(value, datetime) else None


def _source(fields: dict[str, Any]) -> str | None:
    src = fields.get(S.PUBLISHED_SOURCE)
    return None if src in (None, "none") else str(src)


def _facet_objects(
    index: Index,
    query: Query,
    counts: dict[str, dict[str, int]],
    state: IndexState | None = None,
) -> dict[str, Facet]:
    facets: dict[str, Facet] = {}
    for name in FACET_NAMES:
        items = {str(v): n for v, n in counts.get(name, {}).items() if v}
        if name in ENTITY_TYPES:
            selected = {index.entity_key(name, v) for v in query.filters(name)}
            shown = _top(items, query.facet_limit)
            # Selected values stay visible even when they fall outside the top counts.
            top_keys = {k for k, _n in shown}
            shown += sorted(
                ((k, items[k]) for k in selected if k in items and k not in top_keys),
                key=_by_count,
            )
            labels = index.display_names(name, [k for k, _n in shown], state)
            values = tuple(FacetValue(k, labels[k], n, k in selected) for k, n in shown)
            facets[name] = Facet(name, values, truncated=len(items) > len(shown))
        else:
            facets[name] = Facet(
                name,
                tuple(
                    FacetValue(v, v, n) for v, n in sorted(items.items(), key=_by_count)
                ),
            )
    return facets


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]


def _top(items: dict[str, int], limit: int) -> list[tuple[str, int]]:
    """``sorted(items.items(), key=_by_count)[:limit]`` without sorting every value (a
    broad query at 100k articles has tens of thousands of people): only values counted at
    least as often as the limit-th largest count can be among the first ``limit``."""
    if len(items) <= limit:
        return sorted(items.items(), key=_by_count)
    least = heapq.nlargest(limit, items.values())[-1] if limit > 0 else 0
    return sorted(((k, n) for k, n in items.items() if n >= least), key=_by_count)[
        :limit
    ]


def _suggestion(searcher: Any, text_query: Any, text: str) -> str | None:
    try:
        # correct_query only corrects words missing from their field; when none is
        # missing it returns the query unchanged, after building a corrector for every
        # field (the costly part): answer that case up front, with the same test.
        reader, schema = searcher.reader(), searcher.schema
        if not any(
            t.fieldname in schema
            and getattr(schema[t.fieldname], "spellable", True)
            and (t.fieldname, t.text) not in reader
            for t in text_query.all_tokens()
        ):
            return None
        corrected = searcher.correct_query(text_query, text)
    except Exception:  # noqa: BLE001 - a suggestion is optional
        return None
    if corrected.query != text_query and corrected.string != text:
        return str(corrected.string)
    return None


def get_article(
    article_id: str, settings: Settings, index: Index | None = None
) -> ArticleRecord:
    """Everything stored about one article.

    :raises NotFoundError: no article with this id.
    """
    import json

    index = index or open_index(settings)
    with index.searcher() as searcher:
        fields = searcher.document(**{S.ID_FIELD: article_id})
    if fields is None:
        raise NotFoundError(f"No article with id {article_id!r}")
    extra = json.loads(fields.get(S.ENTITIES) or '{"entities": [], "mentioned": []}')
    entities = tuple(entity_from_json(e) for e in extra["entities"])
    state = index.state()
    try:
        names = {
            k: index.display_names(k, [e.key for e in entities if e.type == k], state)
            for k in ENTITY_TYPES
        }
    finally:
        state.close()
    entities = tuple(
        e.__class__(
            e.type, e.key, names[e.type].get(e.key, e.name), e.mentions, e.forms
        )
        for e in entities
    )
    return ArticleRecord(
        id=fields[S.ID_FIELD],
        title=fields.get(S.TITLE, ""),
        body=fields.get(S.BODY, ""),
        source=fields.get(S.SOURCE, ""),
        url=fields.get(S.URL),
        dateline=fields.get(S.DATELINE),
        published=_date(fields.get(S.PUBLISHED)),
        published_source=_source(fields),
        entities=entities,
        mentioned_dates=tuple(
            DateMention(t, date.fromisoformat(d)) for t, d in extra["mentioned"]
        ),
    )


def more_like_this(
    article_id: str, settings: Settings, limit: int = 5, index: Index | None = None
) -> list[Hit]:
    """Articles most similar to one article (Whoosh's more-like-this on the body)."""
    index = index or open_index(settings)
    with index.searcher() as searcher:
        docnum = searcher.document_number(**{S.ID_FIELD: article_id})
        if docnum is None:
            raise NotFoundError(f"No article with id {article_id!r}")
        results = searcher.more_like(docnum, S.BODY, top=limit)
        state = index.state()
        try:
            return _hits(index, results[:limit], state)
        finally:
            state.close()


def date_bounds(
    settings: Settings, index: Index | None = None
) -> tuple[date | None, date | None]:
    """Earliest and latest publication date in the index."""
    index = index or open_index(settings)
    with index.searcher() as searcher:
        lexicon = [
            t for t in searcher.lexicon(S.PUBLISHED_MONTH) if t != S.UNDATED.encode()
        ]
    if not lexicon:
        return None, None
    first = datetime.strptime(lexicon[0].decode(), "%Y-%m").date()
    last = datetime.strptime(lexicon[-1].decode(), "%Y-%m").date()
    return first, (last.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(
        days=1
    )
