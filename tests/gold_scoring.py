"""Scores extraction against the hand-made gold set in tests/gold/articles.json.

:func:`evaluate` gives per type precision/recall, for our canonical entities and for raw
spaCy spans, plus date accuracy and the errors. Matching folds case, accents, hyphens,
titles and middle initials (``name_key``), and accepts the gold file's listed aliases;
entities the gold file marks ``optional`` count neither way.

The articles are read from a corpus folder: the test corpus tests/data/news (its own
``*.jsonl`` files hold every Reuters and Wikinews gold article) or a folder of full corpora
laid out as ``<corpus>/articles.jsonl`` (which also has the BBC ones). The test suite uses
the first (tests/test_extraction.py); ``python tests/gold_eval.py --corpus PATH`` prints
the report for either.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from search import Settings  # noqa: E402
from search.extract import LABEL_TYPES, extract_articles, load_nlp, ner_text  # noqa: E402
from search.ingest import read_file, record_to_article  # noqa: E402
from search.names import clean_surface, load_aliases, name_key  # noqa: E402

GOLD = REPO / "tests" / "gold" / "articles.json"
#: The test corpus; with GOLD_TEXTS and seeds/ it holds the text of every gold article.
TEST_CORPUS = REPO / "tests" / "data" / "news"
#: Gold articles that are not in the test corpus (BBC, the other Reuters and Wikinews
#: ones, the non-English set), copied byte for byte (tests/data/gold/PROVENANCE.md).
GOLD_TEXTS = REPO / "tests" / "data" / "gold"
TEST_CORPUS_GOLD = None
KINDS = {"person": "persons", "org": "orgs", "place": "places"}


def load_gold(corpora: Collection[str] | None = None) -> list[dict[str, Any]]:
    """The gold records, only those of ``corpora`` when given."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["articles"]
    return [g for g in gold if corpora is None or g["corpus"] in corpora]


def corpus_files(corpus_dir: Path) -> list[Path]:
    """``<corpus>/articles.jsonl`` files (full corpora) and ``*.jsonl`` (test corpus)."""
    return sorted(corpus_dir.glob("*/articles.jsonl")) + sorted(
        corpus_dir.glob("*.jsonl")
    )


def load_articles(gold: list[dict[str, Any]], corpus_dir: Path) -> dict[str, Any]:
    """The gold articles found in ``corpus_dir`` (and seeds/), by id; ids are unique
    across corpora, so each file is searched for all of them."""
    corpus_of = {g["id"]: g["corpus"] for g in gold if g["corpus"] != "seeds"}
    articles = {}
    for g in gold:
        if g["corpus"] == "seeds":
            doc_id = g["id"]
            for a in read_file(REPO / "seeds" / doc_id):
                articles[doc_id] = a.__class__(
                    **{**{f: getattr(a, f) for f in a.__slots__}, "id": doc_id}
                )
    files = corpus_files(corpus_dir) + sorted(GOLD_TEXTS.glob("*.jsonl"))
    for path in files if corpus_of else []:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                corpus = corpus_of.get(rec["id"])
                if corpus is not None:
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
    optional = {
        k for o in g.get("optional", {}).get(KINDS[kind], []) for k in _keys(o, kind)
    }
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


def evaluate(
    settings: Settings | None = None,
    corpus_dir: Path = TEST_CORPUS,
    corpora: Collection[str] | None = TEST_CORPUS_GOLD,
) -> dict[str, Any]:
    """Scores of canonical entities, raw spaCy spans and publication dates on the gold
    articles of ``corpora`` (all when None), read from ``corpus_dir``; every one of them
    must be there."""
    settings = settings or Settings.load(environ={})
    gold = load_gold(corpora)
    articles = load_articles(gold, corpus_dir)
    missing = [g["id"] for g in gold if g["id"] not in articles]
    if missing:
        raise LookupError(f"gold articles not found in {corpus_dir}: {missing}")
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
    foreign = {"articles": 0, "entities": [], "raw_entities": 0}
    for g in gold:
        x = extracted[g["id"]]
        if g.get("language", "en") != "en":
            # An English model cannot read these: whatever it names in them is junk.
            foreign["articles"] += 1
            foreign["entities"] += [
                f"{g['id']}: {e.type} {e.name!r}" for e in x.entities
            ]
            foreign["raw_entities"] += sum(
                1 for ent in raw_docs[g["id"]].ents if ent.label_ in LABEL_TYPES
            )
            continue
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
        "english_articles": len(gold) - foreign["articles"],
        "corpora": sorted({g["corpus"] for g in gold}),
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
        "non_english": foreign,
        "extracted": extracted,
    }
