"""Searching: a :class:`Query` in, a :class:`SearchResult` out.

Built on Whoosh's own parts: ``MultifieldParser`` for the query syntax (phrases,
AND/OR/NOT, ``field:term``, wildcards; see querying.py), its BM25F ranking (computed with
arrays for plain words, ranking.py; by its collectors for anything else), the
highlighter (``HtmlFormatter`` escapes the text and marks matches with ``<mark>``) and the
spelling corrector. Facet counts come from a per-reader table of document values
(facetcounts.py), checked equal to Whoosh's ``groupedby`` by tests/test_facet_counts.py.
Whoosh objects never leave these modules: results come back as our dataclasses.

Facet semantics are the sidebar's: filters are AND across facets and OR within one facet.
The counts of a facet that has a selection are computed without that facet's own filter,
so the sidebar keeps showing the alternatives one can add (multi-select faceting).
"""

from __future__ import annotations

import dataclasses
import heapq
import logging
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

from whoosh import highlight
from whoosh import index as whoosh_index
from whoosh import query as Q
from whoosh.qparser import MultifieldParser, OrGroup, WildcardPlugin

from . import schema as S
from .aliases import Aliases, load_aliases
from .config import Settings
from .entities import clean_surface, name_key
from .errors import NewsSearchError
from .facetcounts import FacetTable
from .hits import SNIPPET_CHARS, page_hits_to_hits
from .matching import (
    _docs,
    _intersect,
    _intersect_all,
    _published_docs,
    _ranked,
)
from .models import (
    ENTITY_TYPES,
    Facet,
    FacetValue,
    Query,
    SearchResult,
)
from .querying import (
    MAX_PAGE,
    _filter_key,
    _sorting,
    filter_queries,
    parse_text,
    validate,
)
from .state import IndexState
from .suggest import suggest

log = logging.getLogger(__name__)

FACET_NAMES = (*ENTITY_TYPES, S.PUBLISHED_YEAR, S.PUBLISHED_MONTH)


class Index:
    """An open index: the Whoosh index plus aliases and name forms. Reuse across searches."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # Resolved once: a published generation never changes, so this object reads
        # one consistent snapshot however many runs publish after it (generations.py).
        self.dir = S.live_dir(settings.index_dir)
        self.meta = S.read_meta(self.dir)
        self.ix = whoosh_index.open_dir(str(S.whoosh_dir(self.dir)))
        self.aliases: Aliases = load_aliases(settings.resolved_aliases_file)
        self.parser = MultifieldParser(list(S.SEARCH_FIELDS), self.ix.schema)
        # For queries that fail as syntax: words only, any of them may match.
        self.plain_parser = MultifieldParser(
            list(S.SEARCH_FIELDS), self.ix.schema, group=OrGroup.factory(0.9)
        )
        self.plain_parser.remove_plugin_class(WildcardPlugin)
        self.stamp = ""
        #: The cache key of this index's segments (facet tables, posting arrays): the
        #: index's path, not the generation's, as generations share segments (hard
        #: links, same segment ids).
        self.location = str(S.whoosh_dir(settings.index_dir))
        self._tables: dict[tuple[Any, ...], FacetTable] = {}
        self._names: dict[tuple[str, str], str] = {}
        self._local = threading.local()
        self._suggestions: dict[tuple[str, str, int], str | None] = {}
        #: How many recent results :func:`search` keeps (0: none). See :meth:`remember`.
        self.result_cache_size = settings.result_cache
        self._results: OrderedDict[Query, SearchResult] = OrderedDict()
        self._results_lock = threading.Lock()

    def remembered(self, query: Query) -> SearchResult | None:
        """The result of ``query`` if it ran recently on this index.

        Safe without any invalidation: an Index reads one published generation, which
        never changes (a newer one gets a new Index from :func:`open_index`). Readers
        repeat queries all the time (back button, paging back, a colleague's link, the
        same facet click), and each costs tens of milliseconds at 100k articles."""
        with self._results_lock:
            result = self._results.get(query)
            if result is not None:
                self._results.move_to_end(query)
            return result

    def remember(self, query: Query, result: SearchResult) -> None:
        if self.result_cache_size <= 0:
            return
        with self._results_lock:
            self._results[query] = result
            while len(self._results) > self.result_cache_size:
                self._results.popitem(last=False)

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
            self._suggestions[key] = suggest(searcher, text_query, text)
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
                self.location,
                multi=ENTITY_TYPES,
                single=S.DATE_FACETS,
                columns=(S.PUBLISHED,),
            )
            self._tables = {key: table}
        return table

    def state(self) -> IndexState:
        return IndexState(self.dir)

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


def _stamp(settings: Settings) -> str:
    """Changes whenever an indexing run finishes: each run publishes a new generation
    (and an index from before generations rewrites its meta.json last)."""
    try:
        live = S.live_dir(settings.index_dir)
        return f"{live.name}:{(live / 'meta.json').stat().st_mtime_ns}"
    except (OSError, NewsSearchError):
        return ""


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
    remembered = index.remembered(query)
    if remembered is not None:
        return dataclasses.replace(remembered, seconds=time.perf_counter() - started)
    result = _search(query, index, started)
    index.remember(query, result)
    return result


def _search(query: Query, index: Index, started: float) -> SearchResult:
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
        results = None
        text_docs = (
            _docs(searcher, text_query) if isinstance(text_query, Q.Every) else None
        )
        # A date range is decided from the published column (for text_docs only, when
        # they are known first).
        filter_docs = {
            k: _published_docs(table, query, text_docs)
            if k == "published" and S.PUBLISHED in table.full_columns
            else _docs(searcher, q)
            for k, q in filters.items()
        }
        if text_docs is None:
            # Ranking has to visit every match anyway: it records them as it goes, which
            # costs far less than reading the posting lists (or, for phrases, running the
            # matcher) a second time. The filters restrict what gets scored.
            record: list[int] = []
            results = _ranked(
                searcher,
                text_query,
                _intersect_all(list(filter_docs.values())),
                limit,
                sortedby,
                reverse,
                record,
                index.location,
            )
            text_docs = set(record)
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
        if not total:
            results = None
        elif results is None:
            results = _ranked(
                searcher,
                text_query,
                matched if filters else None,
                limit,
                sortedby,
                reverse,
                location=index.location,
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
        hits = page_hits_to_hits(index, page_hits)
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
