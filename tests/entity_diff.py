"""What a change of the entity rules does to whole corpora: every article, two revisions.

Usage::

    python tests/facet_audit.py --corpus CORPORA --work WORK   # builds the caches once
    python tests/entity_diff.py --corpus CORPORA --work WORK --base REV

A rule read on one sentence can be wrong on thousands of articles ("star" the verb read as
"Sideways star ..."; "show" in "polls show"), and the facet audit sees only the top 100
values. This resolves every article of each corpus twice from the extraction caches the
facet audit left in ``--work`` (no model run): with the rules of ``--base`` (a git
worktree of that revision, removed afterwards) and with the working tree's. It prints how
many (article, entity) values each type lost and gained, and the values that moved most,
each with an article to read. Read them before adopting a rule.

Not part of the test suite: it needs corpora that are not in the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from facet_audit import corpora

REPO = Path(__file__).resolve().parent.parent


def dump(corpus: Path, index_dir: Path, out: Path, archive: bool = False) -> None:
    """Each article's entities as ``{id: [[type, key], ...]}``, resolved by whichever
    ``search`` package is first on the path; with ``archive``, read through what the
    whole corpus says each name stands for, as the index does (``Reagan`` is Ronald
    Reagan)."""
    from search import Settings
    from search.extract.pipeline import (
        ExtractionCache,
        content_hash,
        finish_extraction,
    )
    from search.ingest.files import read_file
    from search.models import Article
    from search.store import CACHE_FILE

    settings = Settings.load({"index_dir": index_dir}, environ={})
    cache = ExtractionCache(index_dir / CACHE_FILE, settings.model)
    files = [corpus] if corpus.is_file() else sorted(corpus.glob("*.jsonl"))
    articles = [a for f in files for a in read_file(f) if isinstance(a, Article)]
    raws = cache.get_many([content_hash(a) for a in articles])
    local = {}
    for article in articles:
        raw = raws.get(content_hash(article))
        if raw is not None:
            local[article.id] = finish_extraction(article, raw, None, settings).entities
    if archive:
        from search.names.counts import key_counts
        from search.names.places import load_gazetteer
        from search.names.resolution import apply_resolution, resolve_corpus

        gazetteer = load_gazetteer()
        mapping = resolve_corpus(
            key_counts(local), gazetteer.canonical_names, gazetteer.cities
        )
        local = {i: apply_resolution(es, mapping) for i, es in local.items()}
    found = {i: sorted([e.type, e.key] for e in es) for i, es in local.items()}
    out.write_text(json.dumps(found))


def resolved(
    tree: Path, corpus: Path, index_dir: Path, out: Path, archive: bool
) -> dict[str, Any]:
    """:func:`dump` run in a child process that imports ``search`` from ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    cmd = [sys.executable, __file__, "--dump", str(out), str(corpus), str(index_dir)]
    cmd += ["--archive"] if archive else []
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"resolving with {tree} failed:\n{done.stderr[-2000:]}")
    data: dict[str, Any] = json.loads(out.read_text())
    return data


def compare(before: dict[str, Any], after: dict[str, Any], top: int) -> str:
    lost: Counter[tuple[str, str]] = Counter()
    gained: Counter[tuple[str, str]] = Counter()
    example: dict[tuple[str, str], str] = {}
    for doc_id, old in before.items():
        a = {(t, k) for t, k in old}
        b = {(t, k) for t, k in after.get(doc_id, [])}
        for ref in a - b:
            lost[ref] += 1
            example.setdefault(ref, doc_id)
        for ref in b - a:
            gained[ref] += 1
            example.setdefault(ref, doc_id)
    lines = [
        f"articles {len(before)}",
        f"lost {sum(lost.values())} {dict(Counter(t for t, _k in lost.elements()))}",
        f"gained {sum(gained.values())} "
        f"{dict(Counter(t for t, _k in gained.elements()))}",
    ]
    for title, moved in (("lost", lost), ("gained", gained)):
        lines.append(f"most {title}:")
        lines += [
            f"  {n:5d}  {kind:6s} {key!r}  (e.g. {example[(kind, key)]})"
            for (kind, key), n in moved.most_common(top)
        ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--work", type=Path, default=Path("/tmp/news-search-audit"))
    parser.add_argument("--base", default="HEAD", help="git revision to compare with")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--dump", nargs=3, metavar=("OUT", "CORPUS", "INDEX_DIR"))
    parser.add_argument(
        "--archive",
        action="store_true",
        help="read each article through the corpus-level resolution too",
    )
    args = parser.parse_args()
    if args.dump:
        out, corpus, index_dir = (Path(p) for p in args.dump)
        dump(corpus, index_dir, out, args.archive)
        return 0
    if args.corpus is None:
        parser.error("--corpus is required")
    found = corpora(args.corpus)
    if not found:
        parser.error(f"no corpus found in {args.corpus}")
    missing = [
        n for n in found if not (args.work / n / "extract-cache.sqlite3").is_file()
    ]
    if missing:
        parser.error(
            f"no extraction cache for {', '.join(missing)} in {args.work}: run "
            f"tests/facet_audit.py --corpus {args.corpus} --work {args.work} first"
        )
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        subprocess.run(
            [
                "git",
                "-C",
                str(REPO),
                "worktree",
                "add",
                "--detach",
                str(base),
                args.base,
            ],
            check=True,
            capture_output=True,
        )
        try:
            for name, corpus in found.items():
                index_dir = args.work / name
                before = resolved(
                    base, corpus, index_dir, Path(tmp) / f"{name}.a", args.archive
                )
                after = resolved(
                    REPO, corpus, index_dir, Path(tmp) / f"{name}.b", args.archive
                )
                print(f"== {name} ({args.base} -> working tree)")
                print(compare(before, after, args.top))
        finally:
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)],
                check=False,
                capture_output=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
