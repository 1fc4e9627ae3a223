"""The fixed query set: several hundred realistic searches drawn from the articles themselves.

Generated deterministically (seed 6) from the smallest benchmark index built with entities
(the 1k set; the quick set under ``--quick``). Because the sets are nested, every query
has matches in every larger set too. Each query starts from one random article:

* text: 1, 2 or 3 words of its title (in title order), or a quoted two-word phrase of
  adjacent words from its title or first paragraph; words are 3+ letters, not stop words,
  and occur in at least two articles;
* then, by position in the set: no filter (45%), one facet value of that article (20%),
  two facet values (10%), a publication-date range around its date (15%) or one facet
  value plus a date range (10%). Facet values are its person/org/place keys, so the
  filtered search is one a reader could reach by clicking the sidebar.

The set is written to ``bench/results/queries.json`` with each run's results.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from whoosh.analysis import STOP_WORDS

SEED = 6
WORD = re.compile(r"[a-z]{3,}")
#: Wire-service filler that readers do not search for.
EXTRA_STOP = {
    "says",
    "said",
    "say",
    "mln",
    "dlrs",
    "pct",
    "cts",
    "vs",
    "reuter",
    "new",
    "sets",
    "set",
    "see",
    "has",
    "had",
    "its",
    "was",
    "were",
    "will",
    "would",
    "could",
    "after",
    "over",
    "into",
    "more",
    "than",
    "also",
    "been",
    "but",
    "not",
    "his",
    "her",
    "they",
    "their",
    "this",
    "that",
    "with",
    "from",
    "for",
    "the",
    "and",
}
STOP = set(STOP_WORDS) | EXTRA_STOP
#: (filter kind, share of the set), in the order positions cycle through them.
PLAN = [("none", 9), ("facet1", 4), ("facet2", 2), ("dates", 3), ("facet1+dates", 2)]


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(text.lower()) if w not in STOP]


def generate(
    docs: list[dict[str, Any]],
    count: int = 400,
    keep_key: Callable[[str, str], bool] | None = None,
) -> list[dict[str, Any]]:
    """``count`` queries over ``docs`` (see module docstring).

    :param keep_key: ``keep_key(kind, key)`` says whether a facet key can be used as a
        filter value (news-search maps typed names to keys; a key must map to itself).
    """
    rng = random.Random(SEED)
    df: Counter[str] = Counter()
    for d in docs:
        df.update(set(words(d["title"] + " " + d["body"])))
    usable = [d for d in docs if len([w for w in words(d["title"]) if df[w] >= 2]) >= 1]
    cycle = [kind for kind, n in PLAN for _ in range(n)]
    shapes = ["1word"] * 7 + ["2words"] * 5 + ["3words"] * 3 + ["phrase"] * 4
    out: list[dict[str, Any]] = []
    attempts = 0
    while len(out) < count and attempts < count * 50:
        attempts += 1
        doc = rng.choice(usable)
        shape = shapes[len(out) % len(shapes)]
        filters = cycle[len(out) % len(cycle)]
        text = _text(doc, shape, df, rng)
        if text is None:
            continue
        q: dict[str, Any] = {"text": text, "kind": shape}
        if "facet" in filters:
            n = 2 if filters == "facet2" else 1
            values = [
                (k, v)
                for k in ("person", "org", "place")
                for v in doc[k]
                if keep_key is None or keep_key(k, v)
            ]
            if len(values) < n:
                continue
            for kind, value in rng.sample(values, n):
                q.setdefault(kind, []).append(value)
        if "dates" in filters:
            if not doc["published"]:
                continue
            day = date.fromisoformat(doc["published"])
            q["from"] = (day - timedelta(days=rng.randint(0, 120))).isoformat()
            q["to"] = (day + timedelta(days=rng.randint(0, 120))).isoformat()
        q["kind"] = shape if filters == "none" else f"{shape}+{filters}"
        out.append(q)
    return out


def _text(
    doc: dict[str, Any], shape: str, df: Counter[str], rng: random.Random
) -> str | None:
    title = [w for w in words(doc["title"]) if df[w] >= 2]
    if shape == "phrase":
        first = (doc["body"].split("\n\n") or [""])[0]
        pairs = []
        for part in (doc["title"], first):
            # Adjacent in the text: split on anything that is not a letter or a space.
            for run in re.split(r"[^A-Za-z ]+", part):
                raw = run.lower().split()
                pairs += [
                    (a, b)
                    for a, b in zip(raw, raw[1:], strict=False)
                    if WORD.fullmatch(a)
                    and WORD.fullmatch(b)
                    and a not in STOP
                    and b not in STOP
                    and df[a] >= 2
                    and df[b] >= 2
                    and a != b
                ]
        if not pairs:
            return None
        a, b = rng.choice(pairs)
        return f'"{a} {b}"'
    n = {"1word": 1, "2words": 2, "3words": 3}[shape]
    unique = list(dict.fromkeys(title))
    if len(unique) < n:
        return None
    picked = sorted(rng.sample(range(len(unique)), n))
    return " ".join(unique[i] for i in picked)
