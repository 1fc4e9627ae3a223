"""Entity review: the facet values a person should look at, with the evidence to decide.

The rules of ``search.names`` settle what they can; what they leave is ambiguous by
design (a surname two people share, an acronym with several expansions) or a pattern
that is usually, not always, junk. :func:`review_entities` lists those suspects from the
index state: suspected junk (a lone word in the person facet, a value that is mostly
another type elsewhere, a value with an organisation's ending outside the organisation
facet) and suggested merges (the candidates a surname, acronym or short name could stand
for, a name written with and without its country), each with how many articles it
touches and two short contexts, ranked by articles touched. Accepted suggestions go to
the aliases file (``search.names.aliases.write_aliases``), which ``reindex`` applies from
the extraction cache without running the model.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..config import Settings
from ..models import Entity, Query
from ..names.counts import EntityRef, KeyCount, acronyms_of, key_counts
from ..names.orgs import acronyms
from ..names.resolution import apply_resolution
from ..names.spans import ORG_ENDINGS
from .index import Index, open_index
from .searcher import search

#: Written-out forms of a country that prefix organisation names ("U.S. Senate").
COUNTRY_PREFIXES = ("united states ", "u s ", "us ")
CONTEXT_CHARS = 70
#: A merge candidate must be named in at least this many articles.
MIN_ARTICLES = 2


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One value to review: junk to hide, or a merge into ``target``."""

    action: str  # "hide" or "merge"
    facet: str
    value: str
    key: str
    articles: int
    reason: str
    target: str | None = None
    target_key: str | None = None
    contexts: tuple[str, ...] = ()


def review_entities(
    settings: Settings,
    facet: str | None = None,
    limit: int = 50,
    index: Index | None = None,
) -> list[Suggestion]:
    """Suspected junk and suggested merges among the indexed facet values, most
    articles first; ``facet`` keeps one facet (person, org or place).

    :raises IndexMissingError: there is no index.
    """
    index = index or open_index(settings)
    state = index.state()
    try:
        local = state.local_entities()
        mapping = state.resolution()
        in_context = state.article_resolutions()
    finally:
        state.close()
    hidden = {
        (kind, key) for kind, keys in index.aliases.hidden.items() for key in keys
    }
    indexed = key_counts(
        {
            doc: _visible(
                apply_resolution(es, {**mapping, **in_context.get(doc, {})}), hidden
            )
            for doc, es in local.items()
        }
    )
    everything = key_counts(local)
    found = _junk(indexed, everything) + _merges(indexed)
    found = [s for s in found if facet is None or s.facet == facet]
    found.sort(key=lambda s: (-s.articles, s.facet, s.key))
    found = _dedupe(found)[:limit]
    names = _names(index, found)
    return [_with_contexts(index, s, names) for s in found]


def _visible(entities: Iterable[Entity], hidden: set[EntityRef]) -> list[Entity]:
    return [e for e in entities if (e.type, e.key) not in hidden]


def _junk(
    indexed: dict[EntityRef, KeyCount], everything: dict[EntityRef, KeyCount]
) -> list[Suggestion]:
    by_key: dict[str, dict[str, int]] = defaultdict(dict)
    for (kind, key), count in everything.items():
        by_key[key][kind] = count.mentions
    out = []
    for (kind, key), count in indexed.items():
        reason = None
        words = key.split()
        kinds = by_key.get(key, {})
        total = sum(kinds.values())
        if kind == "person" and words and words[-1] in ORG_ENDINGS:
            reason = f"ends like an organisation's name ({words[-1]!r})"
        elif total and kinds.get(kind, 0) * 2 < total:
            other = max((k for k in kinds if k != kind), key=lambda k: kinds[k])
            reason = f"mostly {other} elsewhere ({kinds[other]} of {total} mentions)"
        elif kind == "person" and len(words) == 1:
            reason = "a single word: a surname no full name explains, or not a person"
        elif kind != "org" and len(key.replace(" ", "")) <= 3:
            reason = "too short to be a name of this kind"
        if reason:
            out.append(Suggestion("hide", kind, key, key, count.articles, reason))
    return out


def _merges(indexed: dict[EntityRef, KeyCount]) -> list[Suggestion]:
    """Merges the automatic rules left alone, per facet."""
    keys: dict[str, dict[str, KeyCount]] = defaultdict(dict)
    for (kind, key), count in indexed.items():
        keys[kind][key] = count
    out = []
    for kind, counts in keys.items():
        out += _short_forms(kind, counts) + _country_spellings(kind, counts)
    return out


def _short_forms(kind: str, counts: dict[str, KeyCount]) -> list[Suggestion]:
    """A surname or an acronym and the names it may stand for, the likeliest first."""
    last: dict[str, list[str]] = defaultdict(list)
    initials: dict[str, list[str]] = defaultdict(list)
    for key in counts:
        words = key.split()
        if len(words) >= 2:
            last[words[-1]].append(key)
            for short in acronyms(key):
                initials[short].append(key)
    out = []
    for key, count in counts.items():
        if " " in key:
            continue
        if kind == "person":
            candidates, why = last.get(key, []), "a surname"
        elif kind == "org" and count.acronym:
            candidates = [c for c in initials.get(key, []) if _expands(key, c, counts)]
            why = "an acronym"
        else:
            continue
        # A candidate named in one article is more often chance than an expansion.
        candidates = [c for c in candidates if counts[c].articles >= MIN_ARTICLES]
        if not candidates:
            continue
        best = max(candidates, key=lambda c: (counts[c].articles, c))
        others = sorted(c for c in candidates if c != best)
        note = f"; also {', '.join(others[:3])}" if others else ""
        reason = f"{why} of {len(candidates)} indexed name(s){note}"
        out.append(
            Suggestion("merge", kind, key, key, count.articles, reason, target_key=best)
        )
    return out


def _expands(acronym: str, name: str, counts: dict[str, KeyCount]) -> bool:
    """``name`` may be what ``acronym`` stands for: its initials on the index's evidence
    (:func:`search.names.counts.acronyms_of`), or an article wrote the two side by
    side."""
    return acronym in acronyms_of(name, counts[name]) or (
        acronym not in name.split() and acronym in counts[name].short_forms
    )


def _country_spellings(kind: str, counts: dict[str, KeyCount]) -> list[Suggestion]:
    """ "US Senate", "U.S. Senate" and "United States Senate": one body."""
    plain: dict[str, list[str]] = defaultdict(list)
    for key in counts:
        for prefix in COUNTRY_PREFIXES:
            if key.startswith(prefix):
                plain["united states " + key[len(prefix) :]].append(key)
    out = []
    reason = "the same name with another spelling of its country"
    for variants in plain.values():
        best = max(variants, key=lambda c: (counts[c].articles, c))
        out += [
            Suggestion(
                "merge", kind, key, key, counts[key].articles, reason, target_key=best
            )
            for key in variants
            if key != best
        ]
    return out


def _dedupe(found: list[Suggestion]) -> list[Suggestion]:
    """One suggestion per value: a merge wins over hiding (it keeps the articles)."""
    merges = {(s.facet, s.key) for s in found if s.action == "merge"}
    seen: set[tuple[str, str]] = set()
    out = []
    for s in found:
        ref = (s.facet, s.key)
        if ref in seen or (s.action == "hide" and ref in merges):
            continue
        seen.add(ref)
        out.append(s)
    return out


def _names(index: Index, found: list[Suggestion]) -> dict[EntityRef, str]:
    wanted: dict[str, set[str]] = defaultdict(set)
    for s in found:
        wanted[s.facet].add(s.key)
        if s.target_key:
            wanted[s.facet].add(s.target_key)
    names: dict[EntityRef, str] = {}
    for kind, keys in wanted.items():
        shown = index.display_names(kind, sorted(keys))
        names.update({(kind, k): v for k, v in shown.items()})
    return names


def _with_contexts(
    index: Index, s: Suggestion, names: dict[EntityRef, str]
) -> Suggestion:
    value = names.get((s.facet, s.key), s.key)
    target = names.get((s.facet, s.target_key), s.target_key) if s.target_key else None
    # The value as a phrase, so that each snippet shows where the article names it.
    words = re.sub(r'["()\[\]{}^~*?:\\/+-]', " ", value).split()
    query = Query(f'"{" ".join(words)}"', page_size=2).replace(**{s.facet: (value,)})
    hits = search(query, index.settings, index=index).hits
    if not hits:
        query = query.replace(text="")
        hits = search(query, index.settings, index=index).hits
    contexts = tuple(_context(h.title, h.snippet) for h in hits)
    return Suggestion(
        s.action,
        s.facet,
        value,
        s.key,
        s.articles,
        s.reason,
        target,
        s.target_key,
        contexts,
    )


def _context(title: str, snippet: str) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", "", snippet))
    text = " ".join(text.split())[: CONTEXT_CHARS * 2]
    return f"{title[:60]}: {text}"
