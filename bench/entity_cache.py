"""Entity extraction for the benchmark indexes, run once and cached.

NER costs ~45 articles/s on this machine (2 processes), so the 10k and 100k indexes with
entities are built from a warm extraction cache instead of re-running spaCy each time:

* Every *original* article of a set goes through the product's own extraction
  (``search.extract.extract_articles``: spaCy ``nlp.pipe`` + dateparser) once; the raw
  results land in ``bench/corpora/extract-cache-v<N>.sqlite3``, the product's
  ``ExtractionCache`` format, keyed by content hash. Sets are nested, so the 100k run
  re-uses what the 10k run extracted.
* A year-shifted *copy* (see corpus.py) has the same text, hence the same NER mentions,
  but another publication date, hence another content hash. Its cache entry is the
  original's, with the resolved mentioned dates moved back by the same whole years (the
  same approximation the copy's publication date makes). No NER runs for copies.

An index built from this cache has real spaCy entity facets on every article; its build
time is the indexer's time without NER ("warm cache"). The benchmark adds NER back from
a cold measurement (see run.py).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

from corpus import CORPORA_DIR, origin_of, shift_date

from search.config import Settings
from search.extract import (
    EXTRACTOR_VERSION,
    ExtractionCache,
    content_hash,
    extract_articles,
)
from search.ingest import read_articles
from search.models import Article

#: One file per extractor version: a new version invalidates every entry (see extract.py).
CACHE_PATH = CORPORA_DIR / f"extract-cache-v{EXTRACTOR_VERSION}.sqlite3"


def read_set(corpus: Path) -> list[Article]:
    return [a for a in read_articles([corpus]) if isinstance(a, Article)]


def ensure(
    corpus: Path, settings: Settings, cache_path: Path = CACHE_PATH, log: Any = None
) -> dict[str, Any]:
    """Make sure the cache holds an extraction of every article of ``corpus``.

    :returns: what was done: articles extracted with NER now, copies seeded, seconds.
    """
    started = time.perf_counter()
    for stale in cache_path.parent.glob("extract-cache*.sqlite3"):
        if stale != cache_path:
            stale.unlink()
    articles = read_set(corpus)
    cache = ExtractionCache(cache_path, settings.model)
    try:
        digests = {a.id: content_hash(a) for a in articles}
        have = set(cache.get_many(list(digests.values())))
        originals = [a for a in articles if origin_of(a.id)[1] == 0]
        todo = [a for a in originals if digests[a.id] not in have]
        if todo and log:
            log(
                f"  running NER on {len(todo)} articles once (cached in {cache_path.name})"
            )
        ner_started = time.perf_counter()
        for _ in extract_articles(todo, settings, cache):
            pass
        ner_seconds = time.perf_counter() - ner_started
        origin_digest = {a.id: digests[a.id] for a in originals}
        # An undated copy has its original's content hash, so its original's entry.
        copies = [
            a
            for a in articles
            if origin_of(a.id)[1] > 0
            and digests[a.id] not in have
            and digests[a.id] != origin_digest[origin_of(a.id)[0]]
        ]
        if copies:
            raw = cache.get_many(list(set(origin_digest.values())))
            seeded: dict[str, dict[str, Any]] = {}
            for a in copies:
                origin, years = origin_of(a.id)
                seeded[digests[a.id]] = shift_raw(raw[origin_digest[origin]], years)
                if len(seeded) >= 5000:
                    cache.put_many(seeded)
                    seeded = {}
            cache.put_many(seeded)
    finally:
        cache.close()
    return {
        "ner_articles": len(todo),
        "ner_seconds": round(ner_seconds, 1),
        "seeded_copies": len(copies),
        "seconds": round(time.perf_counter() - started, 1),
    }


def shift_raw(raw: dict[str, Any], years: int) -> dict[str, Any]:
    """A cached raw extraction with its resolved mentioned dates moved back ``years``."""
    out = json.loads(json.dumps(raw))
    dates = out.get("dates")
    if isinstance(dates, list):
        out["dates"] = [
            [d[0], shift_date(d[1], years)]
            if isinstance(d, list) and len(d) == 2
            else d
            for d in dates
        ]
    return out


def install(index_dir: Path, cache_path: Path = CACHE_PATH) -> None:
    """Put the shared cache where the indexer looks for it (before an indexing run)."""
    from search.store import CACHE_FILE

    index_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(cache_path, index_dir / CACHE_FILE)


def entries(cache_path: Path = CACHE_PATH) -> int:
    if not cache_path.exists():
        return 0
    db = sqlite3.connect(cache_path)
    try:
        return int(db.execute("SELECT count(*) FROM raw").fetchone()[0])
    finally:
        db.close()
