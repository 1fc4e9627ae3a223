"""Benchmark corpora: 1k, 10k and 100k-article sets built from the real corpora in
``../shared/data`` (Reuters-21578, BBC News 2004-05, English Wikinews 2019-20).

How a set is made:

* The *pool* is every record of the three corpora that has a title or a text: 24,095
  articles (Reuters 21,577 of which 1,798 are title-only briefs, BBC 2,225, Wikinews 293).
  It is shuffled once with a fixed seed, so every set is a realistic mix of the three
  sources (about 90% short Reuters wires, 9% BBC features, 1% long Wikinews stories).
* A set of N <= 24,095 articles is the first N articles of the shuffled pool, unchanged.
  Sets are nested: the 1k set is a subset of the 10k set, which is a subset of the 100k set.
* The 100k set is the whole pool as is (the real corpora, every article) **extended by
  copies**: copy k (k = 1, 2, 3, 4) of an article is the same title and text with the id
  ``<id>-copy<k>`` and the publication date moved back by k whole years (29 February
  becomes 28 February); undated BBC articles stay undated. Copies are taken in pool order
  until the set holds 100,000 articles: the 24,095 originals, copies 1-3 of every one of
  them and copy 4 of the first 3,620. The text stays real newswire prose, so term
  statistics, document lengths and entity distributions are those of real news; what is
  not realistic is that every story occurs 4-5 times, each time in a different year.
* The 300k set (not in the default run; ``run.py --sizes 300k``) is made the same way with
  copies 1-12 (copy 12 of the first 10,860 articles): every story 12-13 times, dates
  moved back by up to 12 years.
* Reuters records keep their gold ``people``/``orgs``/``places`` tags (not used by the
  product, which finds entities itself; kept for reference).

Each set is written to ``bench/corpora/<name>/part-NNN.jsonl`` (5,000 articles a file, the
JSON Lines format news-search reads), described by ``bench/corpora/<name>.manifest.json``.
Building is deterministic and skipped when an up-to-date manifest is present.

Run ``python bench/corpus.py 1k 10k 100k`` to build sets without benchmarking them.
``bench/run.py --data PATH`` builds them from another folder instead (the test suite's
quick run uses the repository's small test corpus ``tests/data/news``); the manifest
records which folder a set came from, and a set from another folder is rebuilt.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DATA_DIR = REPO.parent / "shared" / "data"
CORPORA_DIR = BENCH / "corpora"
SOURCES = ("reuters21578", "bbc", "wikinews_2019_2020")
SIZES = {
    "quick": 200,
    "1k": 1_000,
    "2k": 2_000,
    "10k": 10_000,
    "100k": 100_000,
    "300k": 300_000,
}
SEED = 6
PER_FILE = 5_000
#: Bump when the way sets are built changes; older sets on disk are rebuilt.
BUILDER_VERSION = 1
COPY_ID = re.compile(r"^(?P<origin>.+)-copy(?P<k>\d+)$")
KEEP = ("id", "title", "date", "text", "url", "source", "people", "orgs", "places")


def source_files(data_dir: Path) -> list[Path]:
    """``<source>/articles.jsonl`` of each of SOURCES when ``data_dir`` is laid out so
    (``../shared/data``), else every ``*.jsonl`` file in it (such as the repository's
    small test corpus ``tests/data/news``, which ``--data`` can name for a quick run)."""
    if (data_dir / SOURCES[0]).is_dir():
        return [data_dir / name / "articles.jsonl" for name in SOURCES]
    files = sorted(data_dir.glob("*.jsonl"))
    if not files:
        raise FileNotFoundError(f"no corpus in {data_dir}")
    return files


def data_label(data_dir: Path) -> str:
    """``data_dir`` relative to the repository (as recorded in a manifest)."""
    return os.path.relpath(data_dir.resolve(), REPO)


def load_pool(data_dir: Path = DATA_DIR) -> list[dict[str, Any]]:
    """Every record with a title or a text, shuffled with the fixed seed."""
    pool: list[dict[str, Any]] = []
    for path in source_files(data_dir):
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                if (record.get("title") or "").strip() or (
                    record.get("text") or ""
                ).strip():
                    pool.append({k: record[k] for k in KEEP if k in record})
    random.Random(SEED).shuffle(pool)
    return pool


def shift_date(value: str | None, years: int) -> str | None:
    """An ISO date or datetime moved back by whole ``years`` (29 Feb -> 28 Feb)."""
    if not value:
        return value
    dt = datetime.fromisoformat(value)
    try:
        moved = dt.replace(year=dt.year - years)
    except ValueError:
        moved = dt.replace(year=dt.year - years, day=28)
    return moved.isoformat() if "T" in value else moved.date().isoformat()


def origin_of(article_id: str) -> tuple[str, int]:
    """(original id, years shifted) of a set's article id; (id, 0) for an original."""
    m = COPY_ID.match(article_id)
    return (m["origin"], int(m["k"])) if m else (article_id, 0)


def make_set(pool: list[dict[str, Any]], size: int) -> list[dict[str, Any]]:
    """The first ``size`` articles of the pool, extended by year-shifted copies if needed."""
    out = list(pool[:size])
    k = 1
    while len(out) < size:
        for record in pool[: size - len(out)]:
            copy = dict(
                record,
                id=f"{record['id']}-copy{k}",
                date=shift_date(record.get("date"), k),
            )
            out.append(copy)
        k += 1
    return out


def corpus_dir(name: str) -> Path:
    return CORPORA_DIR / name


def manifest_file(name: str) -> Path:
    """Beside the set, not in it: the indexer would read a .json file in the folder."""
    return CORPORA_DIR / f"{name}.manifest.json"


def build(
    name: str,
    size: int | None = None,
    data_dir: Path = DATA_DIR,
    pool: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Write the set ``name`` (``SIZES[name]`` articles unless ``size``) and return its
    manifest; reuse it when it is already on disk and up to date."""
    size = size or SIZES[name]
    target = corpus_dir(name)
    manifest_path = manifest_file(name)
    if manifest_path.is_file():
        manifest: dict[str, Any] = json.loads(manifest_path.read_text())
        if (
            manifest.get("builder_version") == BUILDER_VERSION
            and manifest["articles"] == size
            and manifest.get("data", data_label(DATA_DIR)) == data_label(data_dir)
        ):
            return manifest
    pool = pool if pool is not None else load_pool(data_dir)
    records = make_set(pool, size)
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("part-*.jsonl"):
        old.unlink()
    for i in range(0, len(records), PER_FILE):
        with open(
            target / f"part-{i // PER_FILE:03d}.jsonl", "w", encoding="utf-8"
        ) as fh:
            for record in records[i : i + PER_FILE]:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    by_source: dict[str, int] = {}
    copies = 0
    for record in records:
        by_source[record["source"]] = by_source.get(record["source"], 0) + 1
        copies += origin_of(record["id"])[1] > 0
    words = sorted(len((r.get("text") or "").split()) for r in records)
    manifest = {
        "name": name,
        "builder_version": BUILDER_VERSION,
        "data": data_label(data_dir),
        "articles": len(records),
        "real_articles": len(records) - copies,
        "year_shifted_copies": copies,
        "pool_articles": len(pool),
        "by_source": by_source,
        "median_words": words[len(words) // 2],
        "mean_words": round(sum(words) / len(words), 1),
        "bytes": sum(p.stat().st_size for p in target.glob("part-*.jsonl")),
        "how": (
            f"first {min(size, len(pool))} articles of the real pool shuffled with seed "
            f"{SEED}"
            + (
                f"; extended with {copies} copies of real articles with new ids "
                "(<id>-copy<k>) and publication dates moved back k whole years"
                if copies
                else "; no synthetic articles"
            )
        ),
    }
    manifest_path.write_text(json.dumps(manifest, indent=2))
    return manifest


def main(argv: list[str]) -> None:
    names = argv or list(SIZES)
    pool = load_pool()
    for name in names:
        manifest = build(name, pool=pool)
        sys.stdout.write(
            f"{name}: {manifest['articles']} articles in {corpus_dir(name)} "
            f"({manifest['how']})\n"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
