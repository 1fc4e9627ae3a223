"""Load test: the real server (``news-search serve``, gunicorn) on loopback at several
concurrency levels, with a fixed request count and a time cap per level.

    python bench/load.py                        # seeds/ indexed into a temp dir
    python bench/load.py --index-dir bench/corpora/work/10k/entities
    python bench/load.py --levels 1,4,16,32 --requests 400 --seconds 30
    python bench/load.py --quick                # 40 requests per level, 5 s cap (CI)
    python bench/load.py --out bench/results/load.json

Each level sends the same mix, in a fixed order: ``/api/search`` and the HTML search page
with queries made from the index's own titles and top facet values, article pages, and
URLs that must fail cleanly (unparsable and huge ``page``, a bad date, ``from`` after
``to``, an unknown article, a malformed query). Before the first level each URL is fetched
once and must answer the status it is meant to (200, 400 or 404). Under load, an *error*
is a 5xx, a connection failure or timeout, or any status other than 200/400/404; the
run exits with status 1 when any level has one. Requests/s and p50/p99 count every
answered request, the expected 4xx included.

The clients and gunicorn's ``--workers`` (2) share the machine, so figures are a floor.
The server and client helpers are ``bench/web.py``'s, as for ``bench/run.py``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from datetime import UTC, datetime
from itertools import zip_longest
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(BENCH), str(REPO)]

import web  # noqa: E402  (bench/web.py, not the Flask app)

LEVELS = (1, 4, 16, 32)
EXPECTED = (200, 400, 404)
#: URLs that must fail cleanly, with the status each is meant to get.
BAD_URLS = [
    ("/api/search?page=abc", 400),
    ("/?page=abc", 400),
    (f"/api/search?page={10**12}", 400),
    (f"/?q=a&page={10**12}", 400),
    ("/api/search?page_size=100000", 400),
    ("/?from=blah", 400),
    ("/api/search?from=2020&to=2019", 400),
    ("/articles/no-such-article", 404),
    ("/api/articles/no-such-article", 404),
    ("/?" + urlencode({"q": 'title:(" AND OR ['}), 200),  # searched as plain words
    ("/?page=500", 200),  # past the last page: empty, with a notice
]


def log(msg: str) -> None:
    sys.stderr.write(f"[{time.strftime('%H:%M:%S')}] {msg}\n")
    sys.stderr.flush()


def get_json(server: web.Server, path: str) -> Any:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        conn.request("GET", path)
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


def request_mix(server: web.Server, per_kind: int = 8) -> list[tuple[str, int]]:
    """(path, expected status): searches and articles from the index itself, bad URLs."""
    found = get_json(server, "/api/search?page_size=50&sort=newest")
    hits = found["hits"]
    if not hits:
        raise SystemExit("the index is empty: nothing to load-test")
    words = []
    for hit in hits:
        title_words = re.findall(r"[A-Za-z]{5,}", hit["title"])
        if title_words and title_words[0].lower() not in words:
            words.append(title_words[0].lower())
    filters: list[dict[str, str]] = []
    for kind in ("person", "org", "place"):
        for value in found["facets"][kind][:2]:
            filters.append({kind: value["value"]})
    queries = [{"q": w} for w in words[:per_kind]] + filters[:per_kind]
    queries.append({"q": words[0], "from": "2019", "sort": "newest"} if words else {})
    kinds = [
        [("/api/search?" + urlencode(params), 200) for params in queries],
        [("/?" + urlencode(params), 200) for params in queries],
        [(f"/articles/{quote(h['id'], safe='')}", 200) for h in hits[:per_kind]],
        BAD_URLS,
    ]
    # Round robin over the kinds, so every slice of a run sees all of them.
    return [u for row in zip_longest(*kinds) for u in row if u is not None]


def preflight(server: web.Server, mix: list[tuple[str, int]]) -> None:
    """Each URL once, warming the workers: a wrong status stops the run here."""
    wrong = []
    for path, expected in mix:
        status, _n, _s = server.get(path)
        if status != expected:
            wrong.append(f"{path}: {status}, expected {expected}")
    if wrong:
        raise SystemExit("unexpected statuses before load:\n  " + "\n  ".join(wrong))


def run_levels(
    index_dir: Path,
    levels: list[int],
    requests: int,
    seconds: float,
    workers: int = 2,
) -> dict[str, Any]:
    """One server for every level; the same mix at each concurrency."""
    out: dict[str, Any] = {
        "index_dir": str(index_dir),
        "workers": workers,
        "bounds": {"requests_per_level": requests, "max_seconds_per_level": seconds},
        "levels": [],
    }
    with web.Server(index_dir, workers) as server:
        mix = request_mix(server)
        preflight(server, mix)
        out["mix"] = [{"path": p, "expected": s} for p, s in mix]
        paths = [p for p, _s in mix]
        for clients in levels:
            log(f"{clients} clients: up to {requests} requests or {seconds} s")
            result = web.load(server, paths, clients, requests, seconds, EXPECTED)
            result["errors"] = result["requests"] - result["ok"]
            result["capped"] = result["requests"] < requests
            out["levels"].append(result)
        out["peak_rss_mb"] = round(server.peak_rss_bytes() / 2**20, 1)
    return out


def table(result: dict[str, Any]) -> str:
    rows = [("clients", "requests", "seconds", "req/s", "p50 ms", "p99 ms", "errors")]
    for r in result["levels"]:
        rows.append(
            (
                str(r["clients"]),
                str(r["requests"]) + (" (capped)" if r["capped"] else ""),
                f"{r['seconds']:.2f}",
                f"{r['requests_per_s']:.1f}",
                str(r["p50_ms"]),
                str(r["p99_ms"]),
                str(r["errors"]),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True))
        for row in rows
    )


def build_seed_index(root: Path) -> Path:
    from search import Settings
    from search.indexing import index_paths

    index_dir = root / "index"
    log("indexing seeds/ (spaCy model load included)")
    stats = index_paths(
        [REPO / "seeds"], Settings.load({"index_dir": index_dir}, environ={})
    )
    log(stats.summary())
    return index_dir


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--index-dir", type=Path, help="an existing index (default: seeds/, indexed)"
    )
    parser.add_argument(
        "--levels", default=",".join(map(str, LEVELS)), help="concurrent clients"
    )
    parser.add_argument("--requests", type=int, help="requests per level (400)")
    parser.add_argument("--seconds", type=float, help="time cap per level (30)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--quick", action="store_true", help="40 requests, 5 s per level (CI)"
    )
    parser.add_argument("--out", type=Path, help="write the JSON here too")
    args = parser.parse_args(argv)
    requests = args.requests or (40 if args.quick else 400)
    seconds = args.seconds or (5.0 if args.quick else 30.0)
    levels = [int(n) for n in args.levels.split(",")]
    with tempfile.TemporaryDirectory(prefix="news-search-load-") as tmp:
        index_dir = args.index_dir or build_seed_index(Path(tmp))
        result = run_levels(index_dir, levels, requests, seconds, args.workers)
    if args.index_dir is None:
        result["index_dir"] = "seeds/, indexed into a temporary directory"
    result["date"] = datetime.now(UTC).isoformat(timespec="seconds")
    result["quick"] = args.quick
    result["method"] = __doc__.strip() if __doc__ else ""
    print(table(result))  # noqa: T201 - the report is this script's output
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        log(f"wrote {args.out}")
    errors = sum(r["errors"] for r in result["levels"])
    if errors:
        log(f"{errors} errors (5xx, failed connections or unexpected statuses)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
