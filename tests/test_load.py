"""The load test cannot rot: ``bench/load.py --quick`` on the seed index, every level
error-free (no 5xx, no failed connection; the bad URLs get their 400s and 404s).

Timing targets live in bench/, never here: only counts are checked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIME_LIMIT = 120  # --quick takes ~10 s alone


def test_quick_load_has_no_errors_at_any_level(
    seed_index_dir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "load.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "load.py"),
            "--quick",
            "--index-dir",
            str(seed_index_dir),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    assert "req/s" in proc.stdout and "p99 ms" in proc.stdout
    data = json.loads(out.read_text())
    assert [level["clients"] for level in data["levels"]] == [1, 4, 16, 32]
    expected = {m["expected"] for m in data["mix"]}
    assert expected == {200, 400, 404}
    for level in data["levels"]:
        assert level["errors"] == 0, level
        assert 0 < level["requests"] <= 40, level
        assert set(level["statuses"]) <= {"200", "400", "404"}, level
        assert level["requests_per_s"] > 0 and level["p99_ms"] is not None
