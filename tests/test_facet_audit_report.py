"""The facet audit's report keeps its history (issue 14): ``--write`` adds a run's rows
to the table of tests/gold/facet_audit.md and brings the list of what is left up to
date, and the rows and paragraphs of earlier runs, which say what each change did, stay.
Run on the committed report itself, so a change of its layout that the writer no longer
reads fails here."""

from __future__ import annotations

from facet_audit import LEFT_HEADING, REPORT, recorded


def test_writing_a_run_keeps_the_earlier_runs_and_replaces_what_is_left() -> None:
    history = REPORT.read_text("utf-8")
    rows = [("bbc", "org", 1, 0, 0), ("bbc", "place", 0, 0, 0)]
    details = ["- bbc org: junk ['Xbox']; split []"]
    out = recorded(history, "after, a test run", rows, details, 4321)
    kept = history[: history.index(LEFT_HEADING)].splitlines()
    old_rows = [line for line in kept if line.startswith("| ")]
    new_lines = out.splitlines()
    table = [line for line in new_lines if line.startswith("| ")]
    assert table[: len(old_rows)] == old_rows
    assert table[len(old_rows) :] == [
        "| after, a test run | bbc | org | 1 | 0 | 0 |",
        "| after, a test run | bbc | place | 0 | 0 | 0 |",
    ]
    paragraphs = [
        line for line in kept if line and not line.startswith(("| ", "Verdicts:"))
    ]
    assert all(line in new_lines for line in paragraphs)
    assert "(4321 values," in out
    assert out.endswith(f"{LEFT_HEADING}\n\n- bbc org: junk ['Xbox']; split []\n")
    assert out.count(LEFT_HEADING) == 1
