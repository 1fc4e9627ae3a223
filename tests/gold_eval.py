"""Scores extraction against the hand-made gold set in tests/gold/articles.json.

Run ``python tests/gold_eval.py`` for the full report (per type precision/recall, for our
canonical entities and for raw spaCy spans, plus date accuracy and the errors), or use
:func:`evaluate` from tests. Matching folds case, accents, hyphens, titles and middle
initials (``name_key``), and accepts the gold file's listed aliases; entities the gold file
marks ``optional`` count neither way.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from search import Settings  # noqa: E402
from search.aliases import load_aliases  # noqa: E402
from search.entities import LABEL_TYPES, clean_surface, load_nlp, name_key  # noqa: E402
from search.extract import extract_articles, ner_text  # noqa: E402
from search.ingest import read_file, record_to_article  # noqa: E402

GOLD = REPO / "tests" / "gold" / "articles.json"
DATA = REPO.parent / "shared" / "data"
KINDS = {"person": "persons", "org": "orgs", "place": "places"}


def load_gold() -> list[dict[str, Any]]:
    return list(json.loads(GOLD.read_text(encoding="utf-8"))["articles"])


def load_articles(gold: list[dict[str, Any]]) -> dict[str, Any]:
    wanted: dict[str, set[str]] = defaultdict(set)
    for g in gold:
        wanted[g["corpus"]].add(g["id"])
    articles = {}
    for corpus, ids in wanted.items():
        if corpus == "seeds":
            for doc_id in ids:
                for a in read_file(REPO / "seeds" / doc_id):
                    articles[doc_id] = a.__class__(
                        **{**{f: getattr(a, f) for f in a.__slots__}, "id": doc_id}
                    )
            continue
        with open(DATA / corpus / "articles.jsonl", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if rec["id"] in ids:
                    articles[rec["id"]] = record_to_article(
                        rec, fallback_id=rec["id"], source=corpus, where=corpus
                    )
    return articles


def _keys(name: str, kind: str) -> set[str]:
    return {name_key(clean_surface(name, kind), kind), name_key(name, kind)} - {""}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score_article(
    g: dict[str, Any], kind: str, predicted: list[tuple[str, set[str]]], score: Score
) -> dict[str, set[str]]:
    """Update ``score``; return gold name -> predicted keys matched to it."""
    gold_names = g.get(KINDS[kind], [])
    aliases = g.get("aliases", {})
    optional = {k for o in g.get("optional", []) for k in _keys(o, kind)}
    gold_keys = {
        name: set().union(*(_keys(n, kind) for n in [name, *aliases.get(name, [])]))
        for name in gold_names
    }
    matched: dict[str, set[str]] = defaultdict(set)
    for label, keys in predicted:
        hit = [name for name, gk in gold_keys.items() if gk & keys]
        if hit:
            for name in hit:
                matched[name].add(label)
        elif not keys & optional:
            score.fp += 1
            score.errors.append(f"{g['id']}: FP {kind} {label!r}")
    for name in gold_names:
        if name in matched:
            score.tp += 1
        else:
            score.fn += 1
            score.errors.append(f"{g['id']}: FN {kind} {name!r}")
    return matched


def evaluate(settings: Settings | None = None) -> dict[str, Any]:
    """Scores of canonical entities, raw spaCy spans and publication dates on the gold set."""
    settings = settings or Settings.load(environ={})
    gold = load_gold()
    articles = load_articles(gold)
    missing = [g["id"] for g in gold if g["id"] not in articles]
    assert not missing, f"gold articles not found: {missing}"
    ordered = [articles[g["id"]] for g in gold]
    aliases = load_aliases(None)
    extracted = {
        a.id: x for a, _h, x in extract_articles(ordered, settings, aliases=aliases)
    }
    nlp = load_nlp(settings.model)
    raw_docs = {
        a.id: doc
        for a, doc in zip(
            ordered, nlp.pipe([ner_text(a) for a in ordered]), strict=True
        )
    }
    ours = {k: Score() for k in KINDS}
    raw = {k: Score() for k in KINDS}
    values_per_person: dict[str, set[str]] = defaultdict(set)
    raw_values_per_person: dict[str, set[str]] = defaultdict(set)
    dates = {
        "correct": 0,
        "wrong": 0,
        "missing": 0,
        "undated_ok": 0,
        "inferred": 0,
        "wrong_not_inferred": 0,
        "errors": [],
    }
    for g in gold:
        x = extracted[g["id"]]
        for kind in KINDS:
            pred = [
                (e.key, {e.key} | {k for f, _n in e.forms for k in _keys(f, kind)})
                for e in x.of_type(kind)
            ]
            matched = score_article(g, kind, pred, ours[kind])
            spans = {
                " ".join(ent.text.split())
                for ent in raw_docs[g["id"]].ents
                if LABEL_TYPES.get(ent.label_) == kind
            }
            raw_pred = [(s, {name_key(s, kind)}) for s in spans]
            raw_matched = score_article(g, kind, raw_pred, raw[kind])
            if kind == "person":
                for name, keys in matched.items():
                    values_per_person[name].update(keys)
                for name, keys in raw_matched.items():
                    raw_values_per_person[name].update(keys)
        truth = g.get("published")
        got = x.published.isoformat() if x.published else None
        if x.published_source == "inferred":
            dates["inferred"] += 1
            if truth and got == truth:
                dates["correct"] += 1
            continue
        if got == truth:
            dates["correct" if truth else "undated_ok"] += 1
        elif got is None:
            dates["missing"] += 1
            dates["errors"].append(f"{g['id']}: missing date {truth}")
        else:
            dates["wrong"] += 1
            dates["wrong_not_inferred"] += 1
            dates["errors"].append(
                f"{g['id']}: published {got} ({x.published_source}), gold {truth}"
            )
    return {
        "articles": len(gold),
        "ours": {
            k: {
                "precision": s.precision,
                "recall": s.recall,
                "tp": s.tp,
                "fp": s.fp,
                "fn": s.fn,
                "errors": s.errors,
            }
            for k, s in ours.items()
        },
        "raw": {
            k: {
                "precision": s.precision,
                "recall": s.recall,
                "tp": s.tp,
                "fp": s.fp,
                "fn": s.fn,
            }
            for k, s in raw.items()
        },
        "persons_with_several_values": {
            n: sorted(v) for n, v in values_per_person.items() if len(v) > 1
        },
        "raw_persons_with_several_values": sum(
            1 for v in raw_values_per_person.values() if len(v) > 1
        ),
        "dates": dates,
        "extracted": extracted,
    }


def main() -> None:
    report = evaluate()
    print(f"gold articles: {report['articles']}")
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
    d = report["dates"]
    print("dates:", {k: v for k, v in d.items() if k != "errors"})
    for line in d["errors"]:
        print("  ", line)
    for kind in sys.argv[1:] or ["person"]:
        for line in report["ours"][kind]["errors"]:
            print("  ", line)


if __name__ == "__main__":
    main()
