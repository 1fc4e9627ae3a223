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
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .aliases import Aliases
from .config import Settings
from .dates import infer_published, resolve_mentioned_dates
from .entities import Mention, load_nlp, mentions_from_doc, resolve_article
from .models import Article, DateMention, Extraction

log = logging.getLogger(__name__)

#: Bump when the cached raw results would change for the same text (NER input, date rules).
EXTRACTOR_VERSION = "7"
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
) -> Iterator[list[Mention]]:
    """NER mentions for each text, in order, using several processes on large inputs."""
    nlp = load_nlp(settings.model)
    n_process = settings.processes if len(texts) >= MIN_ARTICLES_FOR_PROCESSES else 1
    for doc in nlp.pipe(texts, batch_size=settings.batch_size, n_process=n_process):
        yield mentions_from_doc(doc)
        if progress:
            progress(1)


def raw_extraction(article: Article, mentions: list[Mention]) -> dict[str, Any]:
    """The cacheable part: mentions as [label, text, start] and resolved mentioned dates."""
    dates = resolve_mentioned_dates(
        [m.text for m in mentions if m.label == "DATE"], article.published
    )
    return {
        "mentions": [
            [m.label, m.text, m.start, m.prev] for m in mentions if m.label != "DATE"
        ],
        "dates": [[d.text, d.date.isoformat()] for d in dates],
    }


def finish_extraction(
    article: Article, raw: dict[str, Any], aliases: Aliases | None, settings: Settings
) -> Extraction:
    """Entities and dates of one article from its cached raw extraction."""
    from datetime import date

    mentions = [Mention(*m) for m in raw["mentions"]]
    entities = resolve_article(mentions, aliases)
    dates = tuple(DateMention(t, date.fromisoformat(d)) for t, d in raw["dates"])
    published, source = article.published, article.published_source
    if published is None and settings.infer_dates:
        guess = infer_published(dates)
        if guess is not None:
            published, source = guess, "inferred"
    return Extraction(entities, dates, published, source)


def extract_articles(
    articles: Iterable[Article],
    settings: Settings,
    cache: ExtractionCache | None = None,
    aliases: Aliases | None = None,
    progress: Callable[[int], None] | None = None,
    on_analysed: Callable[[int], None] | None = None,
) -> Iterator[tuple[Article, str, Extraction]]:
    """(article, content hash, extraction) for each article, NER only where not cached.

    ``progress`` is called with the number of articles finished, cached ones included;
    ``on_analysed`` once with the number of articles that needed the model.
    """
    items = [(a, content_hash(a)) for a in articles]
    cached = cache.get_many([h for _a, h in items]) if cache else {}
    todo = [(a, h) for a, h in items if h not in cached]
    if on_analysed:
        on_analysed(len(todo))
    if progress and len(items) > len(todo):
        progress(len(items) - len(todo))
    fresh: dict[str, dict[str, Any]] = {}
    if todo:
        texts = [ner_text(a) for a, _h in todo]
        for (article, digest), mentions in zip(
            todo, analyse_texts(texts, settings, progress), strict=True
        ):
            fresh[digest] = raw_extraction(article, mentions)
            if cache and len(fresh) >= 256:
                cache.put_many(fresh)
                cached.update(fresh)
                fresh = {}
        if cache and fresh:
            cache.put_many(fresh)
    cached.update(fresh)
    for article, digest in items:
        yield (
            article,
            digest,
            finish_extraction(article, cached[digest], aliases, settings),
        )
