"""An open index: the Whoosh index of the live generation, its aliases and the caches that
make searching it fast (searchers per thread, facet tables, recent results, display
names, did-you-mean). :func:`open_index` hands out one per index directory and opens a new
one when an indexing run has published a new generation.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.qparser import MultifieldParser, OrGroup, WildcardPlugin

from ..config import Settings
from ..errors import NewsSearchError
from ..models import ENTITY_TYPES, Query, SearchResult
from ..names import Aliases, clean_surface, load_aliases, name_key
from ..store import IndexState
from ..store import schema as S
from .facet_table import FacetTable, segment_key
from .suggest import suggest


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
            (segment_key(self.location, leaf, offset), leaf.doc_count())
            for leaf, offset in reader.leaf_readers()
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
