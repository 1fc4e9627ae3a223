"""Rebuild the test corpus in this folder from the full corpora (run from anywhere).

    python tests/data/news/make_sample.py --shared CORPORA   # the folder of the full corpora

``--shared`` is the folder holding ``wikinews_2019_2020/articles.jsonl`` and
``reuters21578/articles.jsonl`` (see PROVENANCE.md). The choice is deterministic (fixed
seed): running it again on the same files writes the same bytes. It writes
``wikinews.jsonl`` and ``reuters.jsonl`` here and prints the counts and the groups of
repeated texts that PROVENANCE.md lists.

Wikinews (120 articles, in the source's date order; none over 20,000 characters):
every gold-set article (tests/gold/articles.json), every fourth record of the source file
(the sample the web tests indexed before this corpus existed), then random ones.

Reuters-21578 (200 records, only NORM records with a title and a text; fields id, title,
date, text, url, source): every gold-set article; the one text that occurs four times
in the collection plus 15 random pairs of identical texts (five of them with different
titles); 20 earnings tables; 12 tables of commodity and market figures; 10 short
items (under 25 words); random records to 200. Texts repeated in the collection
enter only through the chosen groups. The order is shuffled, then arranged so that
three of the four copies of the four-fold text are on the first, the middle and the last
line, and no two copies of one text are on neighbouring lines.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GOLD = HERE.parent.parent / "gold" / "articles.json"
SEED = 2019
FIELDS = ("id", "title", "date", "text", "url", "source")

WIKINEWS_N = 120
WIKINEWS_MAX_CHARS = 20_000
WIKINEWS_STEP = 4

REUTERS_N = 200
PAIRS_SAME_TITLE = 10
PAIRS_OTHER_TITLE = 5
EARNINGS_TABLES = 20
FIGURE_TABLES = 12
SHORT_ITEMS = 10
SHORT_WORDS = 25

NUMBER = re.compile(r"\d[\d,.]*")
SHARE_LINE = re.compile(r"^Shr\b", re.MULTILINE)
PRICE_TITLE = re.compile(r"PRICE|CASH|FUTURES|AUCTION|CLOSE|QUOT|INDICATOR|POSTED|SPOT")
COMMODITIES = {
    "barley", "carcass", "cocoa", "coffee", "copper", "corn", "cotton", "crude", "fuel",
    "gas", "gold", "grain", "heat", "hog", "iron-steel", "l-cattle", "lead", "livestock",
    "lumber", "meal-feed", "nat-gas", "nickel", "oat", "oilseed", "orange", "palm-oil",
    "platinum", "potato", "rice", "rubber", "rye", "silver", "sorghum", "soy-meal",
    "soy-oil", "soybean", "sugar", "tea", "tin", "veg-oil", "wheat", "wool", "zinc",
}  # fmt: skip


def read(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write(path: Path, records: list[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for r in records:
            fh.write(json.dumps({k: r[k] for k in FIELDS}, ensure_ascii=False) + "\n")


def gold_ids(corpus: str) -> list[str]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["articles"]
    return [g["id"] for g in gold if g["corpus"] == corpus]


def table_rows(text: str) -> int:
    """Paragraphs that are a row of figures: two numbers or more in a short line."""
    return sum(
        1 for p in text.split("\n\n") if len(NUMBER.findall(p)) >= 2 and len(p) < 160
    )


def pick(rng: random.Random, pool: list[dict[str, Any]], n: int) -> list[dict]:
    if len(pool) < n:
        raise SystemExit(f"only {len(pool)} candidates, {n} wanted")
    return rng.sample(pool, n)


def wikinews(source: list[dict[str, Any]], rng: random.Random) -> list[dict]:
    fits = [r for r in source if len(r["text"]) <= WIKINEWS_MAX_CHARS]
    by_id = {r["id"]: r for r in fits}
    chosen = {i for i in gold_ids("wikinews_2019_2020")}
    missing = chosen - set(by_id)
    if missing:
        raise SystemExit(f"gold Wikinews articles not usable: {sorted(missing)}")
    chosen |= {r["id"] for r in source[::WIKINEWS_STEP] if r["id"] in by_id}
    rest = [r for r in fits if r["id"] not in chosen]
    chosen |= {r["id"] for r in pick(rng, rest, WIKINEWS_N - len(chosen))}
    return [r for r in source if r["id"] in chosen]  # the source's (date) order


def reuters(
    source: list[dict[str, Any]], rng: random.Random, reasons: dict[str, list[str]]
) -> list[dict]:
    """The sample, in file order; ``reasons`` gets the ids taken for each reason."""
    usable = [
        r
        for r in source
        if r.get("text_type") == "NORM" and r["title"].strip() and r["text"].strip()
    ]
    by_text: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in usable:
        by_text[r["text"]].append(r)
    repeated = {t for t, rs in by_text.items() if len(rs) > 1}
    by_id = {r["id"]: r for r in usable}

    chosen: dict[str, dict[str, Any]] = {}

    def take(records: list[dict[str, Any]], why: str) -> None:
        for r in records:
            chosen[r["id"]] = r
            reasons[why].append(r["id"])

    gold = gold_ids("reuters21578")
    missing = [i for i in gold if i not in by_id]
    if missing:
        raise SystemExit(f"gold Reuters articles not usable: {missing}")
    take([by_id[i] for i in gold], "gold-set articles")

    groups = [by_text[t] for t in sorted(repeated, key=lambda t: by_text[t][0]["id"])]
    groups = [g for g in groups if not any(r["id"] in chosen for r in g)]
    big = [g for g in groups if len(g) > 2]
    pairs = [g for g in groups if len(g) == 2]
    same = [g for g in pairs if g[0]["title"] == g[1]["title"]]
    other = [g for g in pairs if g[0]["title"] != g[1]["title"]]
    for group in [*big, *pick(rng, same, PAIRS_SAME_TITLE)]:
        take(group, "repeated texts")
    for group in pick(rng, other, PAIRS_OTHER_TITLE):
        take(group, "repeated texts")

    def free(r: dict[str, Any]) -> bool:
        return r["id"] not in chosen and r["text"] not in repeated

    earnings = [
        r
        for r in usable
        if free(r) and "earn" in r["topics"] and len(SHARE_LINE.findall(r["text"])) >= 2
    ]
    take(pick(rng, earnings, EARNINGS_TABLES), "earnings tables")
    figures = [
        r
        for r in usable
        if free(r)
        and "earn" not in r["topics"]
        and table_rows(r["text"]) >= 5
        and (set(r["topics"]) & COMMODITIES or PRICE_TITLE.search(r["title"]))
    ]
    take(pick(rng, figures, FIGURE_TABLES), "commodity and market figures")
    short = [r for r in usable if free(r) and len(r["text"].split()) < SHORT_WORDS]
    take(pick(rng, short, SHORT_ITEMS), "short items")
    rest = [r for r in usable if free(r)]
    take(pick(rng, rest, REUTERS_N - len(chosen)), "random")
    return arrange(list(chosen.values()), big[0], rng)


def arrange(
    records: list[dict[str, Any]], anchor: list[dict[str, Any]], rng: random.Random
) -> list[dict[str, Any]]:
    """Shuffled; copies of ``anchor``'s text first, in the middle and last; no two
    copies of one text on neighbouring lines."""
    n = len(records)
    fixed = {0: anchor[0], n // 2: anchor[1], n - 1: anchor[2]}
    others = [r for r in records if r["id"] not in {a["id"] for a in anchor[:3]}]
    rng.shuffle(others)
    order: list[dict[str, Any]] = []
    it = iter(others)
    for pos in range(n):
        order.append(fixed[pos] if pos in fixed else next(it))
    movable = [p for p in range(n) if p not in fixed]
    for _round in range(10_000):
        bad = [p for p in range(1, n) if order[p]["text"] == order[p - 1]["text"]]
        if not bad:
            return order
        p = bad[0] if bad[0] in movable else bad[0] - 1
        q = rng.choice(movable)
        order[p], order[q] = order[q], order[p]
    raise SystemExit("could not separate the copies")


def groups_of(records: list[dict[str, Any]]) -> list[list[tuple[int, str]]]:
    """(line number, id) of every copy, for each text found more than once."""
    lines: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for n, r in enumerate(records, 1):
        lines[r["text"]].append((n, r["id"]))
    return sorted((g for g in lines.values() if len(g) > 1), key=lambda g: g[0][0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--shared",
        type=Path,
        required=True,
        help="folder with wikinews_2019_2020/ and reuters21578/ (articles.jsonl each)",
    )
    parser.add_argument(
        "--out", type=Path, default=HERE, help="where to write (default: this folder)"
    )
    args = parser.parse_args(argv)
    sources = {
        "wikinews": args.shared / "wikinews_2019_2020" / "articles.jsonl",
        "reuters": args.shared / "reuters21578" / "articles.jsonl",
    }
    for path in sources.values():
        if not path.is_file():
            sys.stderr.write(f"not found: {path}\n")
            return 2
    wiki = wikinews(read(sources["wikinews"]), random.Random(SEED))
    reasons: dict[str, list[str]] = defaultdict(list)
    wire = reuters(read(sources["reuters"]), random.Random(SEED), reasons)
    args.out.mkdir(parents=True, exist_ok=True)
    write(args.out / "wikinews.jsonl", wiki)
    write(args.out / "reuters.jsonl", wire)
    years: dict[str, int] = defaultdict(int)
    for r in wiki:
        years[r["date"][:4]] += 1
    lines = [
        f"wikinews.jsonl: {len(wiki)} articles, by year {dict(sorted(years.items()))}"
    ]
    groups = groups_of(wire)
    lines.append(
        f"reuters.jsonl: {len(wire)} records, {len(groups)} repeated texts "
        f"({sum(len(g) for g in groups)} records)"
    )
    lines += ["  " + ", ".join(f"{i} (line {n})" for n, i in g) for g in groups]
    for why, ids in reasons.items():
        lines.append(f"  {why} ({len(ids)}): {', '.join(ids)}")
    for name in ("wikinews.jsonl", "reuters.jsonl"):
        lines.append(f"{name}: {(args.out / name).stat().st_size:,} bytes")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
