"""Extraction: what the indexer stores about an article beyond its text.

``extract_articles`` runs spaCy over batches of articles (``nlp.pipe``, several processes
on large runs) and keeps the raw NER mentions and resolved mentioned dates in an
:class:`ExtractionCache` keyed by content hash, model and extractor version: a reindex runs
NER only on text that changed. Entities are resolved from the cached mentions on every
run (cheap), so an edited aliases file takes effect without re-running the model.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any

from ..config import Settings
from ..errors import ExtractionError
from ..models import Article, DateMention, Extraction
from ..names import Aliases
from .cues import with_cues, written_as
from .dates import infer_published, resolve_mentioned_dates
from .entities import as_states_then, load_nlp, mentions_from_doc, resolve_article
from .framing import framed_mentions
from .language import load_language_detector
from .lineups import with_listed_names
from .mentions import Mention
from .owners import body_owners

log = logging.getLogger(__name__)

#: Bump when the cached raw results would change for the same text (NER input, date rules),
#: or when results written by an earlier version cannot be trusted. The index records it
#: (meta.json ``extractor``): a reindex re-extracts every article when it differs.
EXTRACTOR_VERSION = "9"
#: Below this many articles to analyse, starting worker processes costs more than it saves.
MIN_ARTICLES_FOR_PROCESSES = 400
#: spaCy's default max_length is 1,000,000 characters; longer articles are cut for NER only.
MAX_NER_CHARS = 200_000


def content_hash(article: Article) -> str:
    """Hash of everything extraction depends on: title, body and the written date."""
    h = hashlib.sha1()
    for part in (
        article.title,
        article.body,
        article.published.isoformat() if article.published else "",
        article.published_source or "",
    ):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


def ner_text(article: Article) -> str:
    """Title and body for NER; a title derived from the lede is not counted twice."""
    title = article.title.rstrip("…")
    # A derived title repeats the lede; an ALL-CAPS wire headline misleads the model.
    if article.body.startswith(title) or (title.isupper() and article.body):
        return article.body[:MAX_NER_CHARS]
    return f"{article.title}\n\n{article.body}"[:MAX_NER_CHARS]


class ExtractionCache:
    """Raw NER mentions and mentioned dates per content hash, in a SQLite file.

    Stored beside the index (``<index_dir>/extract-cache.sqlite3``) so that a full rebuild
    can carry it over; safe to delete (everything is re-extracted).
    """

    def __init__(self, path: Path, model: str) -> None:
        self.path = path
        self.salt = f"{model}|{EXTRACTOR_VERSION}"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS raw (key TEXT PRIMARY KEY, data TEXT)"
        )

    def key(self, digest: str) -> str:
        return hashlib.sha1(f"{self.salt}|{digest}".encode()).hexdigest()

    def get_many(self, digests: list[str]) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        keys = {self.key(d): d for d in digests}
        items = list(keys)
        for i in range(0, len(items), 500):
            chunk = items[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for key, data in self.db.execute(
                f"SELECT key, data FROM raw WHERE key IN ({marks})", chunk
            ):
                found[keys[key]] = json.loads(data)
        return found

    def put_many(self, items: dict[str, dict[str, Any]]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO raw VALUES (?, ?)",
            [(self.key(d), json.dumps(v)) for d, v in items.items()],
        )
        self.db.commit()

    def close(self) -> None:
        self.db.close()


def analyse_texts(
    texts: list[str], settings: Settings, progress: Callable[[int], None] | None = None
) -> Iterator[tuple[str, list[Mention]]]:
    """(language, NER mentions) for each text, in order, in this process (``nlp.pipe``
    in batches)."""
    yield from _analyse(load_nlp(settings.model), texts, settings.batch_size, progress)


def _analyse(
    nlp: Any,
    texts: list[str],
    batch_size: int,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[str, list[Mention]]]:
    """(language, NER mentions) of each text; only text in the model's language goes
    through the model (an English model reads German words as names)."""
    detector = load_language_detector(nlp.lang)
    languages = [detector.detect(text) for text in texts]
    ours = (t for t, lang in zip(texts, languages, strict=True) if lang == nlp.lang)
    docs = nlp.pipe(ours, batch_size=batch_size)
    for language in languages:
        mentions = mentions_from_doc(next(docs)) if language == nlp.lang else []
        if progress:  # before the yield: the caller may not ask for more after the last
            progress(1)
        yield language, mentions


def raw_extraction(
    article: Article, language: str, mentions: list[Mention]
) -> dict[str, Any]:
    """The cacheable part: the text's language, mentions as [label, text, start, prev]
    and resolved mentioned dates."""
    return _raw(language, mentions, article.published)


def _raw(
    language: str, mentions: list[Mention], published: date | None
) -> dict[str, Any]:
    dates = resolve_mentioned_dates(
        [m.text for m in mentions if m.label == "DATE"], published
    )
    return {
        "language": language,
        "mentions": [
            [m.label, m.text, m.start, m.prev] for m in mentions if m.label != "DATE"
        ],
        "dates": [[d.text, d.date.isoformat()] for d in dates],
    }


def extract_raw(
    todo: list[tuple[str, Article]],
    settings: Settings,
    progress: Callable[[int], None] | None = None,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(digest, raw extraction) for each (digest, article) of ``todo``
    (:func:`raw_extraction`).

    Each result travels with the digest of the text it was computed from, so a caller
    matches results to articles by hash, never by counting on two streams to line up.

    Large runs use ``settings.processes`` worker processes of our own rather than
    ``nlp.pipe(n_process=...)``: spaCy's workers send every ``Doc`` back to this process
    to be rebuilt, work that competes with writing the index, while ours keep their Docs
    and send back only the few spans and dates we keep; dateparser runs there too. This
    process is left to write the index meanwhile (bench/README.md has the figures).
    A worker's error is raised here; closing the iterator stops the workers.

    With ``settings.scheduler``, the batches run on that Dask cluster instead
    (:mod:`search.extract.cluster`) and come back in the order they finish.
    """
    if settings.scheduler:
        yield from _cluster().extract_on_cluster(todo, settings, progress)
        return
    if len(todo) < MIN_ARTICLES_FOR_PROCESSES or settings.processes < 2:
        texts = [ner_text(a) for _d, a in todo]
        for (digest, article), (language, mentions) in zip(
            todo, analyse_texts(texts, settings, progress), strict=True
        ):
            yield digest, raw_extraction(article, language, mentions)
        return
    size = settings.batch_size
    batches = (
        [(d, ner_text(a), a.published) for d, a in todo[i : i + size]]
        for i in range(0, len(todo), size)
    )
    # spawn: a forked child would inherit this process's threads' locks (logging, the
    # index writer) and open files (the index's write lock) in whatever state they were.
    # Each worker loads the model once, on its first batch; a batch that fails raises its
    # error here. A worker that dies (or cannot start) breaks the pool at once, where
    # multiprocessing.Pool would start new workers forever.
    pool = ProcessPoolExecutor(
        settings.processes,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_watch_parent,
        initargs=(os.getpid(),),
    )
    try:
        for raws in pool.map(partial(_extract_batch, settings.model), batches):
            if progress:
                progress(len(raws))
            yield from raws
    except BrokenProcessPool as exc:
        raise ExtractionError(
            "The entity extraction processes stopped unexpectedly. If you index from a "
            "Python script, call it under `if __name__ == '__main__':` (they start by "
            "importing your script); or set processes = 1 (NEWS_SEARCH_PROCESSES=1)"
        ) from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _watch_parent(parent: int) -> None:
    """In a worker: end when the indexing process is gone (killed, say), instead of
    waiting for work forever with a model in memory."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="news-search-parent-watch", daemon=True).start()


def _extract_batch(
    model: str, batch: list[tuple[str, str, date | None]]
) -> list[tuple[str, dict[str, Any]]]:
    """A worker process's job: :func:`analyse_batch` with the model it loaded once."""
    return analyse_batch(load_nlp(model), batch)


def analyse_batch(
    nlp: Any, batch: list[tuple[str, str, date | None]]
) -> list[tuple[str, dict[str, Any]]]:
    """(digest, NER and mentioned dates) for each (digest, text, publication date) of a
    batch, with the spaCy pipeline ``nlp``: the work of a worker process or of a Dask
    worker (:mod:`search.extract.cluster`), whichever holds the model."""
    analysed = _analyse(nlp, [text for _d, text, _p in batch], len(batch))
    return [
        (digest, _raw(language, mentions, published))
        for (language, mentions), (digest, _text, published) in zip(
            analysed, batch, strict=True
        )
    ]


def check_scheduler(address: str) -> None:
    """Check that the Dask scheduler at ``address`` answers and has workers, before a
    run writes anything.

    :raises ExtractionError: it does not, or dask[distributed] is not installed.
    """
    _cluster().check_scheduler(address)


def _cluster() -> ModuleType:
    """:mod:`search.extract.cluster`, imported when a run uses a cluster: it needs the
    optional extra ``cluster`` (dask[distributed]), which a local run does without."""
    try:
        from . import cluster
    except ModuleNotFoundError as exc:
        if exc.name not in ("dask", "distributed"):
            raise
        raise ExtractionError(
            "Extraction on a Dask cluster needs dask[distributed]: "
            "pip install 'news-search[cluster]'"
        ) from exc
    return cluster


def finish_extraction(
    article: Article, raw: dict[str, Any], aliases: Aliases | None, settings: Settings
) -> Extraction:
    """Entities and dates of one article from its cached raw extraction."""
    mentions = [Mention(*m) for m in raw["mentions"]]
    owners: dict[int, str] = {}
    cues: dict[str, Counter[str]] = {}
    if mentions:  # text the model did not read (another language) has no list either
        text = ner_text(article)
        mentions = with_listed_names(text, framed_mentions(text, mentions))
        owners = body_owners(text, mentions, article.dateline, article.published)
        cues = written_as(text, mentions)
    entities = with_cues(
        as_states_then(resolve_article(mentions, aliases, owners), article.published),
        cues,
    )
    dates = tuple(DateMention(t, date.fromisoformat(d)) for t, d in raw["dates"])
    published, source = article.published, article.published_source
    if published is None and settings.infer_dates:
        guess = infer_published(dates)
        if guess is not None:
            published, source = guess, "inferred"
    return Extraction(entities, dates, published, source, raw.get("language", "en"))


def extract_articles(
    articles: Iterable[Article],
    settings: Settings,
    cache: ExtractionCache | None = None,
    aliases: Aliases | None = None,
    progress: Callable[[int], None] | None = None,
    on_analysed: Callable[[int], None] | None = None,
) -> Iterator[tuple[Article, str, Extraction]]:
    """(article, content hash, extraction) for each article, in order, NER only where not
    cached.

    Results stream: an article is yielded as soon as its extraction is done, and on large
    runs the worker processes keep working while the caller writes the index instead of
    waiting for it (:func:`extract_raw`); NER and index writing overlap.

    ``progress`` is called with the number of articles finished, cached ones included;
    ``on_analysed`` once with the number of articles that needed the model.
    """
    items = [(a, content_hash(a)) for a in articles]
    cached = cache.get_many(list({h for _a, h in items})) if cache else {}
    # Each distinct text once: copies (wire repeats, re-runs) share their text's result.
    todo: dict[str, Article] = {}
    for article, digest in items:
        if digest not in cached and digest not in todo:
            todo[digest] = article
    if on_analysed:
        on_analysed(len(todo))
    if progress and len(items) > len(todo):
        progress(len(items) - len(todo))
    analysed = extract_raw(list(todo.items()), settings, progress)
    fresh: dict[str, dict[str, Any]] = {}
    try:
        for article, digest in items:
            while digest not in cached:
                got = next(analysed, None)
                if got is None:
                    raise ExtractionError(
                        f"No extraction came back for article {article.id}"
                    )
                got_digest, raw = got
                if got_digest not in todo:
                    raise ExtractionError(
                        f"An extraction came back for unknown text {got_digest}"
                    )
                cached[got_digest] = fresh[got_digest] = raw
                if cache and len(fresh) >= 256:
                    cache.put_many(fresh)
                    fresh = {}
            yield (
                article,
                digest,
                finish_extraction(article, cached[digest], aliases, settings),
            )
    finally:
        close = getattr(analysed, "close", None)
        if close:
            close()
        if cache and fresh:
            cache.put_many(fresh)
