"""The benchmark suite cannot rot: ``bench/run.py --quick`` runs end to end in CI.

Only the shape of its JSON is checked here; timing targets live in bench/, not in tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIME_LIMIT = 240  # --quick takes well under a minute alone; CI machines can be slower


def test_quick_benchmark_writes_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "quick.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "run.py"),
            "--quick",
            "--out",
            str(out),
            # Its own indexes: a benchmark running in the checkout must not share them.
            "--work",
            str(tmp_path / "work"),
            # The repository's own test corpus, not the full corpora beside it.
            "--data",
            str(REPO / "tests" / "data" / "news"),
        ],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "query p95 news-search / FTS5" in proc.stdout
    data = json.loads(out.read_text())
    assert data["quick"] is True and data["sizes_run"] == ["quick"]
    assert {"cpu_count", "cpu_model", "ram_gib", "python", "versions"} <= set(
        data["machine"]
    )
    size = data["results"]["quick"]
    assert size["articles"] == 200
    assert size["corpus"]["data"] == "tests/data/news"
    for key in ("query_p95_vs_fts5", "query_p95_vs_tantivy", "index_vs_spacy"):
        assert size[key] > 0, key
    indexing = size["indexing"]
    for key in ("text_only", "with_entities", "spacy_nlp_pipe", "reindex_unchanged"):
        assert indexing[key]["articles_per_s"] > 0, key
    assert indexing["reindex_unchanged"]["unchanged"] == 200
    assert indexing["index_mb"] > 0
    search = size["search"]
    assert search["queries"] == 60
    for engine in ("news-search", "fts5", "tantivy"):
        assert (
            0
            < search[engine]["p50_ms"]
            <= search[engine]["p95_ms"]
            <= search[engine]["p99_ms"]
        )
    web = size["web"]
    assert web["peak_rss_mb"] > 0
    assert any("requests_per_s" in web[page] for page in ("api", "html"))
    assert web["result_cache"] == 0  # every request does its search
    first = web["first_query"]
    assert first["after_boot_ms"] > 0 and first["after_switch_first_ms"] > 0
    assert first["after_switch_requests"] >= 1
