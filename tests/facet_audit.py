"""Facet audit: the top values of each entity facet on real corpora, judged by reading.

Usage::

    python tests/facet_audit.py --corpus CORPORA    # a folder of <corpus>/articles.jsonl
    python tests/facet_audit.py --corpus CORPORA --write "after, <what changed>"
    python tests/facet_audit.py --corpus CORPORA --unjudged   # values to judge, in context

For each corpus (a folder holding ``articles.jsonl``, or a ``.jsonl`` file) it builds or
refreshes an index with the ``news-search`` command (in ``--work``, outside the repo), lists
the top ``--top`` values of the person, organisation and place facets, and scores them
against the verdicts in ``tests/gold/facet_verdicts.json``: ``{corpus: {facet: {value:
verdict}}}`` where a verdict is ``"ok"``, ``"junk"`` (not a name of that type: a wire
abbreviation, a table header, a fragment, the wrong type) or ``"same as <value>"`` (one
entity split over two values). Verdicts are written by a person reading the value and the
articles it comes from (``--unjudged`` prints two contexts for each value not yet judged),
never by a program. Targets (issue 14): at most 2 junk values per top 100, no entity split
over two values of the list.

``--write LABEL`` records the run in ``tests/gold/facet_audit.md``, which keeps the
audit's history: its rows join the table as ``LABEL (git <commit>)``, the count of
verdicts and the list of junk and splits left are brought up to date, and the written
paragraphs of the earlier runs stay as they are.

It drives the public command line only, so it measures what a user gets. Not part of the
test suite: it needs corpora that are not in the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
VERDICTS = REPO / "tests" / "gold" / "facet_verdicts.json"
REPORT = REPO / "tests" / "gold" / "facet_audit.md"
FACETS = ("person", "org", "place")
TARGET_JUNK = 2


def run_cli(index_dir: Path, *args: str, env: dict[str, str] | None = None) -> str:
    cmd = [
        sys.executable,
        "-m",
        "search",
        "--index-dir",
        str(index_dir),
        "--silent",
        *args,
    ]
    done = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        env=dict(os.environ, **(env or {})),
        cwd=REPO,
        check=False,
    )
    if done.returncode not in (0, 3):
        sys.exit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return done.stdout


def corpora(path: Path) -> dict[str, Path]:
    if path.is_file():
        return {path.stem: path}
    found = {p.parent.name: p for p in sorted(path.glob("*/articles.jsonl"))}
    if not found and any(path.glob("*.jsonl")):
        found = {path.name: path}
    return found


def top_values(
    index_dir: Path, source: Path, top: int
) -> dict[str, list[dict[str, Any]]]:
    if (index_dir / "CURRENT").exists():
        run_cli(index_dir, "reindex")
    else:
        run_cli(index_dir, "index", str(source))
    out = run_cli(
        index_dir, "search", "", "--json", env={"NEWS_SEARCH_FACET_LIMIT": str(top)}
    )
    facets = json.loads(out)["facets"]
    return {
        name: [{"label": v["value"], "count": v["count"]} for v in facets[name][:top]]
        for name in FACETS
    }


def contexts(index_dir: Path, facet: str, value: str, n: int = 2) -> list[str]:
    out = run_cli(
        index_dir, "search", "", f"--{facet}", value, "--json", "--page-size", str(n)
    )
    hits = json.loads(out)["hits"]
    return [f"{h['title'][:70]} | {h.get('snippet', '')[:110]}" for h in hits[:n]]


def score(values: list[dict[str, Any]], verdicts: dict[str, str]) -> dict[str, Any]:
    labels = [v["label"] for v in values]
    junk = [label for label in labels if verdicts.get(label) == "junk"]
    # A split is two values of one entity in the same list; a value merged since
    # (its partner gone from the list) is one value again.
    splits = [
        (label, verdicts[label][len("same as ") :])
        for label in labels
        if verdicts.get(label, "").startswith("same as ")
        and verdicts[label][len("same as ") :] in labels
    ]
    unjudged = [label for label in labels if label not in verdicts]
    return {"values": len(labels), "junk": junk, "splits": splits, "unjudged": unjudged}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", type=Path, required=True, help="folder of corpora or a .jsonl"
    )
    parser.add_argument(
        "--work", type=Path, default=Path("/tmp/news-search-facet-audit")
    )
    parser.add_argument("--top", type=int, default=100)
    parser.add_argument(
        "--write",
        metavar="LABEL",
        help=f"add this run's rows to {REPORT.name} as LABEL (git <commit>)",
    )
    parser.add_argument("--unjudged", action="store_true", help="print values to judge")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(
            f"No corpus at {args.corpus}: give --corpus PATH (a folder holding <corpus>/articles.jsonl)"
        )
        return 2
    found = corpora(args.corpus)
    if not found:
        print(f"No articles.jsonl under {args.corpus}")
        return 2
    verdicts: dict[str, Any] = (
        json.loads(VERDICTS.read_text("utf-8")) if VERDICTS.exists() else {}
    )
    lines = [
        "# Facet audit (tests/facet_audit.py)",
        "",
        f"Top {args.top} values of each facet; verdicts in `{VERDICTS.relative_to(REPO)}`.",
        "",
        "| corpus | facet | values | junk | split | unjudged |",
        "|---|---|---|---|---|---|",
    ]
    details: list[str] = []
    rows: list[tuple[str, str, int, int, int]] = []
    failed = False
    for name, source in found.items():
        index_dir = args.work / name
        tops = top_values(index_dir, source, args.top)
        for facet, values in tops.items():
            judged = verdicts.get(name, {}).get(facet, {})
            s = score(values, judged)
            failed |= len(s["junk"]) > TARGET_JUNK or bool(s["splits"])
            lines.append(
                f"| {name} | {facet} | {s['values']} | {len(s['junk'])} | "
                f"{len(s['splits'])} | {len(s['unjudged'])} |"
            )
            rows.append(
                (name, facet, len(s["junk"]), len(s["splits"]), len(s["unjudged"]))
            )
            if s["junk"] or s["splits"]:
                details.append(
                    f"- {name} {facet}: junk {s['junk']}; split {s['splits']}"
                )
            if args.unjudged:
                for value in s["unjudged"]:
                    count = next(v["count"] for v in values if v["label"] == value)
                    print(f"\n[{name} {facet}] {value!r} ({count})")
                    for line in contexts(index_dir, facet, value):
                        print(f"    {line}")
    report = "\n".join(lines + [""] + details) + "\n"
    print(report)
    if args.write:
        run = f"{args.write} (git {git_commit()})"
        history = REPORT.read_text("utf-8") if REPORT.exists() else ""
        REPORT.write_text(
            recorded(history, run, rows, details, verdict_count(verdicts)),
            encoding="utf-8",
        )
    return 1 if failed else 0


LEFT_HEADING = "## Junk and splits left after (latest run)"


def recorded(
    history: str,
    run: str,
    rows: list[tuple[str, str, int, int, int]],
    details: list[str],
    verdicts: int,
) -> str:
    """``history`` (the text of facet_audit.md) with this run's rows after the last row
    of its table, its count of verdicts brought up to date and its list of what is
    left replaced by ``details``; the rest, earlier runs' rows and paragraphs, kept."""
    lines = history.splitlines()
    if not any(line.startswith("| run |") for line in lines):
        lines = [
            "# Facet audit: top 100 values of each facet, judged by reading",
            "",
            f"Verdicts: `{VERDICTS.relative_to(REPO)}` ({verdicts} values).",
            "",
            "| run | corpus | facet | junk | split | unjudged |",
            "|---|---|---|---|---|---|",
            "",
        ]
    last = max(i for i, line in enumerate(lines) if line.startswith("| "))
    new_rows = [f"| {run} | {c} | {f} | {j} | {sp} | {u} |" for c, f, j, sp, u in rows]
    lines[last + 1 : last + 1] = new_rows
    lines = [
        re.sub(r"\(\d+ values,", f"({verdicts} values,", line, count=1)
        if line.startswith("Verdicts:")
        else line
        for line in lines
    ]
    if LEFT_HEADING in lines:
        lines = lines[: lines.index(LEFT_HEADING)]
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join([*lines, "", LEFT_HEADING, "", *details]) + "\n"


def verdict_count(verdicts: dict[str, Any]) -> int:
    return sum(
        len(values) for facets in verdicts.values() for values in facets.values()
    )


def git_commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    return done.stdout.strip() or "unknown"


if __name__ == "__main__":
    sys.exit(main())
