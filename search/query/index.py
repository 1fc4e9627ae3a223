"""An open index: the Whoosh index of the live generation, its aliases and the caches that
make searching it fast (searchers per thread, segment arrays, facet tables, recent
results, display names, did-you-mean).

Every cache belongs to the :class:`Index` object, not to the module: whoever opens an
index owns them (the web app keeps one per app, a script one per run), and they go when
it goes. A published generation never changes, so nothing in an Index ever needs
invalidating; :meth:`Index.current` gives the Index of a newer generation once an
indexing run has published one, handing on what is read from the segments they share.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from whoosh import index as whoosh_index

from ..config import Settings
from ..errors import NewsSearchError
from ..models import ENTITY_TYPES, Query, SearchResult
from ..names import Aliases, clean_surface, load_aliases, name_key
from ..names.orgs import owner_folded
from ..names.places import load_gazetteer
from ..names.words import RULERS
from ..store import IndexState
from ..store import schema as S
from .facet_table import FacetTable
from .segments import SegmentCache, segment_id
from .suggest import Correction, correct, suggest
from .translation import make_parser, make_plain_parser


class Index:
    """An open index: the Whoosh index plus aliases and name forms. Reuse across searches."""

    def __init__(
        self, settings: Settings, segments: SegmentCache | None = None
    ) -> None:
        """Open the live generation of ``settings.index_dir``.

        :param segments: the segment cache of an earlier generation of this index, to
            share what was read from the segments both hold.
        :raises IndexMissingError: there is no index.
        :raises SchemaMismatchError: the index was written by an incompatible version.
        """
        self.settings = settings
        #: Which generation this is (changes whenever an indexing run publishes one).
        self.stamp = _stamp(settings)
        # Resolved once: a published generation never changes, so this object reads
        # one consistent snapshot however many runs publish after it.
        self.dir = S.live_dir(settings.index_dir)
        self.meta = S.read_meta(self.dir)
        self.ix = whoosh_index.open_dir(str(S.whoosh_dir(self.dir)))
        self.aliases: Aliases = load_aliases(settings.resolved_aliases_file)
        self._resolution: dict[tuple[str, str], tuple[str, str]] | None = None
        self.parser = make_parser(self.ix.schema)
        # For queries that fail as syntax: words only, any of them may match.
        self.plain_parser = make_plain_parser(self.ix.schema)
        #: What is read from segments, shared with the Index of the next generation.
        self.segments = segments if segments is not None else SegmentCache()
        self._tables: dict[tuple[Any, ...], FacetTable] = {}
        self._names: dict[tuple[str, str], str] = {}
        #: whether this generation's state has been opened once (its tables made)
        self._state_ready = False
        self._local = threading.local()
        self._suggestions: dict[tuple[str, str, int], str | None] = {}
        self._corrections: dict[tuple[str, str, int], Correction | None] = {}
        #: How many recent results :func:`search` keeps (0: none). See :meth:`remember`.
        self.result_cache_size = settings.result_cache
        self._results: OrderedDict[Query, SearchResult] = OrderedDict()
        self._results_lock = threading.Lock()

    @property
    def sources(self) -> tuple[str, ...]:
        """The folders and files this index was built from (absolute paths)."""
        return tuple(str(p) for p in self.meta.get("sources", ()))

    def current(self) -> Index:
        """This index, or the Index of the generation published since it was opened.

        The new Index shares this one's segment cache: generations share their
        unchanged segments, so only what a run added is read again.

        :raises IndexMissingError: the index has gone.
        """
        if self.is_current():
            return self
        return Index(self.settings, self.segments)

    def is_current(self) -> bool:
        """No indexing run has published a generation since this one was opened (a
        stat of one file: cheap enough to ask on every request)."""
        return _stamp(self.settings) == self.stamp

    def folded(self, query: Query) -> Query:
        """``query`` with ``fold`` decided: when it does not say, the ``fold_copies``
        setting decides (the same query either way, for :meth:`remembered`)."""
        if query.fold is not None:
            return query
        return query.replace(fold=self.settings.fold_copies)

    def remembered(self, query: Query) -> SearchResult | None:
        """The result of ``query`` if it ran recently on this index.

        Safe without any invalidation: an Index reads one published generation, which
        never changes (a newer one gets a new Index, :meth:`current`). Readers
        repeat queries all the time (back button, paging back, a colleague's link, the
        same facet click), and each costs a full search on a large index."""
        query = self.folded(query)
        with self._results_lock:
            result = self._results.get(query)
            if result is not None:
                self._results.move_to_end(query)
            return result

    def remember(self, query: Query, result: SearchResult) -> None:
        """Keep ``result`` for :meth:`remembered`, dropping the least recent beyond
        ``result_cache_size``."""
        if self.result_cache_size <= 0:
            return
        query = self.folded(query)
        with self._results_lock:
            self._results[query] = result
            while len(self._results) > self.result_cache_size:
                self._results.popitem(last=False)

    def searcher(self) -> _KeptSearcher:
        """``with index.searcher() as searcher``: this thread's Whoosh searcher, kept open.

        Opening a searcher opens and reads every segment's files again, a cost that grows
        with the index, so each thread keeps one (Whoosh wants one searcher per thread).
        It is never out of date: every writing run publishes a new generation and
        leaves this one's files as they are (Whoosh's ``up_to_date`` lists the
        directory, on every search).
        """
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self.ix.searcher()
        return _KeptSearcher(searcher)

    def suggestion(self, searcher: Any, text_query: Any, text: str) -> str | None:
        """The did-you-mean of ``text``, remembered: correcting a word is an automaton
        search over the vocabulary, and a reader clicking facets or pages repeats the
        same words."""
        key = (text, repr(text_query), searcher.reader().generation())
        if key not in self._suggestions:
            if len(self._suggestions) >= 1024:
                self._suggestions.clear()
            self._suggestions[key] = suggest(searcher, text_query, text, self.segments)
        return self._suggestions[key]

    def correction(
        self, searcher: Any, text_query: Any, text: str
    ) -> Correction | None:
        """The typo-tolerant form of ``text_query`` (see :func:`.suggest.correct`),
        remembered as :meth:`suggestion` is."""
        key = (text, repr(text_query), searcher.reader().generation())
        if key not in self._corrections:
            if len(self._corrections) >= 1024:
                self._corrections.clear()
            self._corrections[key] = correct(searcher, text_query, text, self.segments)
        return self._corrections[key]

    def facet_table(self, searcher: Any) -> FacetTable:
        """Per-document facet values of the searcher's segments (read once, then cached)."""
        reader = searcher.reader()
        # Deletions keep segment ids but change live counts (and so count_all's answer).
        key = tuple(
            (segment_id(leaf, offset), leaf.doc_count())
            for leaf, offset in reader.leaf_readers()
        )
        table = self._tables.get(key)
        if table is None:
            # An index written before copies groups has no group column.
            grouped = S.GROUP in self.ix.schema
            table = FacetTable(
                reader,
                self.segments,
                multi=ENTITY_TYPES,
                single=(*S.DATE_FACETS, *S.ORIGIN_FACETS),
                columns=(S.PUBLISHED, S.GROUP) if grouped else (S.PUBLISHED,),
            )
            self._tables = {key: table}
        return table

    def state(self) -> IndexState:
        """The article state of this generation (entity name forms); close it after use.
        Its tables are made the first time only."""
        state = IndexState(self.dir, create=not self._state_ready)
        self._state_ready = True
        return state

    def entity_key(self, kind: str, name: str) -> str:
        """The facet key a user-typed name stands for ("Mr Pompeo's" -> "pompeo"), as
        the index resolved it: ``person:trump`` is Donald Trump where the archive says
        so, ``org:ibm`` International Business Machines."""
        surface = clean_surface(name, kind)
        key = name_key(surface, kind)
        ruler = name.split()[0].lower() if " " in name.strip() else ""
        if kind == "person" and ruler in RULERS and " " not in surface:
            # "Prince Charles", "Pope Francis": keyed with the title where the index
            # has the name so (extraction's rule), else the given name alone.
            titled = name_key(f"{ruler} {surface}", kind)
            state = self._names_state()
            if state.entity_forms(kind, titled):
                key = titled
        if kind == "org":  # "Japanese Finance Ministry" is keyed as Japan's
            key = owner_folded(key)
        if kind == "place":  # "Calif." is California, "Peking" Beijing, as indexed
            gazetteer = load_gazetteer()
            named = gazetteer.canonical(key) or gazetteer.present_name(key)
            key = name_key(named, kind) if named else key
        target = self.aliases.lookup(kind, key)
        if target:
            key = target[0]
        resolved = self.resolution.get((kind, key))
        return resolved[1] if resolved and resolved[0] == kind else key

    @property
    def resolution(self) -> dict[tuple[str, str], tuple[str, str]]:
        """The corpus-level name mapping the writer applied to this generation."""
        if self._resolution is None:
            state = self.state()
            try:
                self._resolution = state.resolution()
            finally:
                state.close()
        return self._resolution

    def _names_state(self) -> IndexState:
        """This thread's open article state, for display names: a search of a cold
        server looks names up for its hits and for each entity facet, and opening the
        database each time cost more than the lookups. Kept for the life of this
        object (one generation, whose state no run writes again), one per thread, as
        sqlite3 connections are."""
        state: IndexState | None = getattr(self._local, "names_state", None)
        if state is None:
            state = self._local.names_state = self.state()
        return state

    def display_names(
        self, kind: str, keys: list[str], state: IndexState | None = None
    ) -> dict[str, str]:
        """key -> the name to show. Remembered for the life of this object: name forms only
        change when the index is written, and then :func:`open_index` opens a new one."""
        missing = [k for k in keys if (kind, k) not in self._names]
        if missing:
            names = (state or self._names_state()).display_names(kind, missing)
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


def open_index(settings: Settings) -> Index:
    """Open the live generation of the index in ``settings.index_dir``.

    Keep the :class:`Index` and pass it to each search: its caches are what makes
    searches after the first fast. :meth:`Index.current` moves on to a newer generation.

    :raises IndexMissingError: there is no index.
    """
    return Index(settings)


def _stamp(settings: Settings) -> str:
    """Changes whenever an indexing run finishes: each run publishes a new generation
    (and an index from before generations rewrites its meta.json last)."""
    try:
        live = S.live_dir(settings.index_dir)
        return f"{live.name}:{(live / 'meta.json').stat().st_mtime_ns}"
    except (OSError, NewsSearchError):
        return ""
