"""Report: extraction scored against the hand-made gold set in tests/gold/articles.json.

    python tests/gold_eval.py [--corpus PATH] [person|org|place ...]

prints per type precision/recall, for our canonical entities and for raw spaCy spans,
plus date accuracy and the errors (of the types named, persons by default). The scoring
is tests/gold_scoring.py; the test suite uses that module, never this script.

``--corpus`` is where the gold articles are read: by default the test corpus
tests/data/news, which holds the Reuters and Wikinews gold articles (39 with the seeds);
a folder of full corpora laid out as ``<corpus>/articles.jsonl`` (reuters21578/, bbc/,
wikinews_2019_2020/, see tests/gold/README.md) gives the whole set of 57. Gold corpora
absent from the folder are named and left out; a corpus with only some of its gold
articles present is an error. Exit status 2 when the folder is missing or holds no
gold article.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from gold_scoring import KINDS, TEST_CORPUS, evaluate, load_articles, load_gold


def present_corpora(corpus_dir: Path) -> tuple[list[str], list[str], list[str]]:
    """Gold corpora with all, none, and only some of their articles in ``corpus_dir``."""
    gold = load_gold()
    found = load_articles(gold, corpus_dir)
    wanted = Counter(g["corpus"] for g in gold)
    have = Counter(g["corpus"] for g in gold if g["id"] in found)
    full = [c for c in wanted if have[c] == wanted[c]]
    none = [c for c in wanted if have[c] == 0]
    some = [c for c in wanted if 0 < have[c] < wanted[c]]
    return full, none, some


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=TEST_CORPUS,
        help="folder of the gold articles' corpora (default: tests/data/news)",
    )
    parser.add_argument(
        "kinds",
        nargs="*",
        help="entity types whose errors are listed: person, org, place (default: person)",
    )
    args = parser.parse_args(argv)
    kinds = args.kinds or ["person"]
    if unknown := [k for k in kinds if k not in KINDS]:
        parser.error(
            f"unknown entity type {unknown[0]!r}; choose from {', '.join(KINDS)}"
        )
    corpus_dir: Path = args.corpus
    if not corpus_dir.is_dir():
        print(f"gold_eval: corpus folder not found: {corpus_dir}", file=sys.stderr)
        print(
            "  pass --corpus with tests/data/news (in the repository) or a folder "
            "holding reuters21578/, bbc/ and wikinews_2019_2020/articles.jsonl",
            file=sys.stderr,
        )
        return 2
    full, none, some = present_corpora(corpus_dir)
    if some:
        print(
            f"gold_eval: {corpus_dir} holds only some gold articles of: "
            f"{', '.join(some)}",
            file=sys.stderr,
        )
        return 2
    if not [c for c in full if c != "seeds"]:
        print(f"gold_eval: no gold article found in {corpus_dir}", file=sys.stderr)
        return 2
    report = evaluate(None, corpus_dir, full)
    print(f"corpus: {corpus_dir}")
    print(f"gold articles: {report['articles']} ({', '.join(report['corpora'])})")
    if none:
        print(f"not scored (not in the corpus folder): {', '.join(none)}")
    print(f"{'type':8} {'ours P':>8} {'ours R':>8} {'raw P':>8} {'raw R':>8}")
    for kind in KINDS:
        o, r = report["ours"][kind], report["raw"][kind]
        print(
            f"{kind:8} {o['precision']:8.3f} {o['recall']:8.3f} {r['precision']:8.3f} "
            f"{r['recall']:8.3f}"
        )
    print(
        "persons with several facet values (ours):",
        report["persons_with_several_values"],
    )
    print(
        "persons with several values (raw):", report["raw_persons_with_several_values"]
    )
    ne = report["non_english"]
    print(
        f"non-English articles: {ne['articles']}, entities given (should be 0): "
        f"{len(ne['entities'])}, raw spaCy spans: {ne['raw_entities']}"
    )
    for line in ne["entities"][:20]:
        print("  ", line)
    d = report["dates"]
    print("dates:", {k: v for k, v in d.items() if k != "errors"})
    for line in d["errors"]:
        print("  ", line)
    for kind in kinds:
        for line in report["ours"][kind]["errors"]:
            print("  ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
