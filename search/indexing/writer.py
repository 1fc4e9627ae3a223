"""Writing the index: ``index_paths`` adds and updates, ``reindex`` refreshes everything.

Incremental by content hash: an article whose text (and written date) did not change and
whose entities resolve the same is left alone, one that changed is re-extracted (NER only
if the extraction cache misses) and updated, one that vanished from its file is removed.
Articles of a file that has become unreadable are kept, not removed: nothing is lost
because of one bad file. ``reindex(full=True)`` builds a fresh index from nothing but the
extraction cache. Copies of one story are grouped before writing (:mod:`.copies`).

Every run writes a new generation of the index and publishes it in one atomic step
(:mod:`search.store.generations`), so a run killed at any moment leaves the previous index whole, with its
Whoosh segments, article state and meta.json in agreement, and the next run cleans up.
One writer at a time: ``WRITELOCK``, surfaced as :class:`IndexLockedError`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import LockError

from ..config import Settings
from ..errors import IndexLockedError, IngestError
from ..extract import (
    EXTRACTOR_VERSION,
    RESOLVER_VERSION,
    ExtractionCache,
    content_hash,
    extract_articles,
)
from ..models import Article, Extraction, IndexStats
from ..names import Aliases, load_aliases
from ..store import IndexState, document_fields, document_hash
from ..store import generations as G
from ..store import schema as S
from .copies import plan_copies, write_groups
from .corpus import refresh, resolve_entities
from .segments import SegmentedWriter
from .sources import gone_articles, read_sources

log = logging.getLogger(__name__)

#: ``progress(advance, total)``: called as articles are done; ``total`` is known up front.
Progress = Callable[[int, int], None]


def index_paths(
    paths: Iterable[str | Path],
    settings: Settings,
    progress: Progress | None = None,
    *,
    entities: bool = True,
) -> IndexStats:
    """Index every article under ``paths`` into ``settings.index_dir`` (created if needed).

    Articles previously indexed from these paths that are gone are removed. The paths are
    recorded as sources of the index for ``reindex``.

    :param entities: ``False`` indexes text and publication dates only: no spaCy, so no
        entity facets and no mentioned or inferred dates, at Whoosh's own speed (the
        benchmark's "text-only" figure). The mode is recorded in the index; ``reindex``
        keeps it, and indexing again with entities re-extracts every article.
    :raises IngestError: a path does not exist.
    :raises IndexLockedError: another process is writing the index.
    """
    paths = list(paths)
    sources = [str(Path(p).resolve()) for p in paths]
    for raw, resolved in zip(paths, sources, strict=True):
        if not Path(resolved).exists():
            raise IngestError(f"No such file or folder: {raw}")
    return _write(sources, settings, progress, entities=entities)


def reindex(
    settings: Settings, full: bool = False, progress: Progress | None = None
) -> IndexStats:
    """Re-read every source of the index; with ``full``, rebuild it from scratch.

    Either way the result is published as a new generation: a crash
    at any moment leaves the previous index whole, and searches go on meanwhile.

    :raises IndexMissingError: there is no index yet.
    :raises IndexLockedError: another process is writing the index.
    """
    S.read_meta(settings.index_dir)
    return _write(None, settings, progress, full=full)


def open_or_create(index_dir: Path) -> Any:
    wdir = S.whoosh_dir(index_dir)
    if whoosh_index.exists_in(str(wdir)):
        S.read_meta(index_dir)
        ix = whoosh_index.open_dir(str(wdir))
        # Fields added since the index was written (language, format) are added to it,
        # so an older index is brought up to date by a reindex instead of refused.
        missing = [(n, t) for n, t in S.make_schema().items() if n not in ix.schema]
        if missing:
            writer = ix.writer()
            for name, field in missing:
                writer.add_field(name, field)
            writer.commit()
            ix = whoosh_index.open_dir(str(wdir))
        return ix
    wdir.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(wdir), S.make_schema())


def _write(
    sources: list[str] | None,
    settings: Settings,
    progress: Progress | None,
    *,
    full: bool = False,
    entities: bool | None = None,
) -> IndexStats:
    """One writing run: lock, build the next generation, publish it.

    :param sources: the paths to index; ``None`` re-reads the sources of the live index.
    :param entities: ``None`` keeps the live index's mode.
    """
    index_dir = settings.index_dir
    with G.write_lock(index_dir) as last:
        # Read under the lock: a writer that finished meanwhile may have added sources.
        meta: dict[str, Any] = {}
        if (S.live_dir(index_dir) / "meta.json").is_file():
            meta = S.read_meta(index_dir)
        if sources is None:
            sources = list(meta.get("sources", []))
        if entities is None:
            entities = bool(meta.get("entities", True))
        generation = G.new_generation(index_dir, last, empty=full)
        try:
            stats = _run(
                sources,
                settings,
                generation,
                index_dir / S.CACHE_FILE,
                progress,
                entities=entities,
            )
            G.publish(index_dir, generation)
        except BaseException:
            G.discard(generation)
            raise
    return stats


def _run(
    sources: list[str],
    settings: Settings,
    index_dir: Path,
    cache_file: Path,
    progress: Progress | None,
    entities: bool = True,
) -> IndexStats:
    """Bring the (unpublished) generation in ``index_dir`` up to date with ``sources``."""
    started = time.perf_counter()
    stats = IndexStats()
    index_dir.mkdir(parents=True, exist_ok=True)
    ix = open_or_create(index_dir)
    meta: dict[str, Any] = {}
    if (index_dir / "meta.json").exists():
        meta = S.read_meta(index_dir)
    aliases = load_aliases(settings.resolved_aliases_file, settings.publishers)
    found = read_sources(sources, settings, stats)
    state = IndexState(index_dir)
    known = state.docs()
    writer = _open_writer(ix, state, settings)
    committed = False
    try:
        cache = ExtractionCache(cache_file, settings.model)
        current = _settings_unchanged(meta, settings, aliases, entities)
        todo = [
            a
            for a in found.articles
            if not (current and _unchanged(a, known.get(a.id)))
        ]
        stats.unchanged += len(found.articles) - len(todo)
        writer.expect(sum(1 for a in todo if a.id not in known))
        gone = gone_articles(known, found, sources)
        kept = set(known) - set(found.seen) - gone
        copies = plan_copies(ix, state, found.articles, kept, settings.fold_threshold)
        extracted = _extract(
            todo,
            len(found.articles),
            settings,
            cache,
            aliases,
            entities,
            stats,
            progress,
        )
        written = _write_articles(writer, state, known, extracted, stats, copies.groups)
        stats.extracted = len(todo)
        for doc_id in sorted(gone):
            writer.delete_by_term(S.ID_FIELD, doc_id)
            state.remove(doc_id)
        stats.removed += len(gone)
        # Documents whose copies group changed (counted as updated).
        stats.updated += write_groups(ix, writer, state, copies, written)
        writer.commit()
        committed = True
        # The corpus reads names the same way while no article came, changed or went
        # and the rules are those of the last run: a run that wrote nothing skips
        # reading every article's entities back. A new resolver may read the same
        # articles' names differently across the index (names/resolution.py).
        if entities and (
            stats.indexed or stats.updated or stats.removed or not current
        ):
            stats.resolved = refresh(ix, state)
        state.commit()
        cache.close()
    except BaseException:
        if not committed:
            writer.cancel()
        raise
    finally:
        state.close()
    S.write_meta(index_dir, _meta(meta, sources, settings, aliases, entities))
    stats.seconds = time.perf_counter() - started
    return stats


def _meta(
    meta: dict[str, Any],
    sources: list[str],
    settings: Settings,
    aliases: Aliases,
    entities: bool,
) -> dict[str, Any]:
    """What the generation records about how it was written (``meta.json``): the next
    run re-extracts every article when any of it differs (:func:`_settings_unchanged`)."""
    return {
        "sources": sorted(set(meta.get("sources", [])) | set(sources)),
        "model": settings.model,
        "extractor": EXTRACTOR_VERSION,
        "resolver": RESOLVER_VERSION,
        "aliases": aliases.fingerprint,
        "entities": entities,
        "infer_dates": settings.infer_dates,
        "updated": datetime.now().isoformat(timespec="seconds"),
    }


def _open_writer(ix: Any, state: IndexState, settings: Settings) -> Any:
    """The Whoosh writer of the generation (``state`` is closed if there is none): a
    :class:`~.segments.SegmentedWriter`, which writes a big run as a few segments and
    each spelling word once per segment (1.7 times the articles a second of one pool
    that spills to disk; bench/README.md).

    Segments are written as separate files, not one compound file: a reader of a
    compound segment copies each part it opens into memory, in every server worker,
    while separate files are read through the page cache that all workers share.

    A run that adds many articles writes them in ``settings.processes`` processes
    (:meth:`~.segments.SegmentedWriter.expect`).

    :raises IndexLockedError: another writer holds Whoosh's lock.
    """
    try:
        return SegmentedWriter(ix, procs=settings.processes)
    except LockError as exc:
        state.close()
        raise IndexLockedError(G.locked_message(settings.index_dir)) from exc


def _extract(
    todo: list[Article],
    total: int,
    settings: Settings,
    cache: ExtractionCache,
    aliases: Aliases,
    entities: bool,
    stats: IndexStats,
    progress: Progress | None,
) -> Iterator[tuple[Article, str, Extraction]]:
    """The extraction of each article of ``todo`` (text only without ``entities``);
    ``progress`` counts the ``total - len(todo)`` unchanged articles as done at once."""
    if progress:
        progress(total - len(todo), total)

    def advance(n: int) -> None:
        if progress:
            progress(n, total)

    def analysed(n: int) -> None:
        stats.analysed += n

    if not entities:
        return _text_only(todo, advance)
    return extract_articles(todo, settings, cache, aliases, advance, analysed)


def _settings_unchanged(
    meta: dict[str, Any], settings: Settings, aliases: Aliases, entities: bool
) -> bool:
    """The index was written with what this run would extract with: same aliases,
    model, extractor and resolver versions and modes."""
    return (
        meta.get("aliases") == aliases.fingerprint
        and meta.get("model") == settings.model
        and meta.get("extractor") == EXTRACTOR_VERSION
        and meta.get("resolver") == RESOLVER_VERSION
        and meta.get("entities", True) == entities
        and meta.get("infer_dates", False) == settings.infer_dates
    )


def _unchanged(article: Article, prior: tuple[str, str, str] | None) -> bool:
    """The article is indexed with the same text (content hash)."""
    return prior is not None and prior[1] == content_hash(article)


def _write_articles(
    writer: Any,
    state: IndexState,
    known: dict[str, tuple[str, str, str]],
    extracted: Iterable[tuple[Article, str, Extraction]],
    stats: IndexStats,
    groups: dict[str, str],
) -> set[str]:
    """Add or update each extracted article whose document differs from the indexed one,
    with its copies group; returns the ids written.

    Entities are written as the index read names on its last run; ``refresh`` then
    corrects the few articles whose names the corpus now reads differently.
    """
    previous = state.resolution()
    written: set[str] = set()
    for article, digest, extraction in extracted:
        local = extraction.entities
        extraction = replace(extraction, entities=resolve_entities(local, previous))
        fields = document_fields(article, digest, extraction, groups.get(article.id))
        doc_hash = document_hash(fields)
        prior = known.get(article.id)
        if prior and prior[2] == doc_hash:
            stats.unchanged += 1
            continue
        if prior:
            writer.update_document(**fields)
            stats.updated += 1
        else:
            writer.add_document(**fields)
            stats.indexed += 1
        written.add(article.id)
        state.put(
            article.id,
            article.source,
            digest,
            doc_hash,
            extraction.entities,
            local=local,
        )
    return written


def _text_only(
    articles: list[Article], advance: Callable[[int], None]
) -> Iterator[tuple[Article, str, Extraction]]:
    """What ``extract_articles`` yields, without the model: no entities, no date mentions."""
    for article in articles:
        yield (
            article,
            content_hash(article),
            Extraction((), (), article.published, article.published_source),
        )
        advance(1)
