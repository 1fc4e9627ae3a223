"""The article page's body: escaped text with entities and dates marked as links.

Marks are found in the *raw* text and every piece, marked or not, is escaped on its own,
so no text from an article ever reaches the page unescaped. What is marked: each
entity's written forms (``Entity.forms``) and display name, a person's surname alone
when it belongs to one person only ("Mr Biegun"), and the text of each mentioned date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from search import ArticleRecord

KIND_LABELS = {
    "person": "Person",
    "org": "Organisation",
    "place": "Place",
    "date": "Date mentioned",
}


@dataclass(frozen=True)
class Target:
    kind: str  # person, org, place or date
    name: str  # display name, or ISO date
    url: str


def mark_body(record: ArticleRecord, url_of: Callable[[str, str], str]) -> list[Markup]:
    """The body as paragraphs of safe HTML with ``<a class="ent ent-KIND">`` marks.

    :param url_of: ``(kind, name) -> URL`` of the search filtered by that entity or
        date.
    """
    targets = _targets(record, url_of)
    pattern = _pattern(targets)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", record.body) if p.strip()]
    return [_mark(p, pattern, targets) for p in paragraphs]


def _targets(
    record: ArticleRecord, url_of: Callable[[str, str], str]
) -> dict[str, Target]:
    targets: dict[str, Target] = {}
    surnames: dict[str, set[str]] = {}
    for e in record.entities:
        target = Target(e.type, e.name, url_of(e.type, e.name))
        for form in [e.name, *(f for f, _n in e.forms)]:
            if len(form) > 1:
                targets.setdefault(form, target)
        if e.type == "person" and len(e.name.split()) > 1:
            surname = e.name.split()[-1]
            if len(surname) > 2 and surname[0].isupper():
                surnames.setdefault(surname, set()).add(e.name)
    people = {
        e.name: Target("person", e.name, url_of("person", e.name))
        for e in record.entities
        if e.type == "person"
    }
    for surname, names in surnames.items():
        if len(names) == 1 and surname not in targets:
            targets[surname] = people[next(iter(names))]
    for m in record.mentioned_dates:
        day = m.date.isoformat()
        if len(m.text) > 2:
            targets.setdefault(m.text, Target("date", day, url_of("date", day)))
    return targets


def _pattern(targets: dict[str, Target]) -> re.Pattern[str] | None:
    if not targets:
        return None
    # Longest first: the alternation prefers "Kim Jong Un" over "Kim" at one position.
    forms = sorted(targets, key=lambda f: (-len(f), f))
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)")


def _mark(
    text: str, pattern: re.Pattern[str] | None, targets: dict[str, Target]
) -> Markup:
    if pattern is None:
        return escape(text)
    out: list[str] = []
    pos = 0
    for match in pattern.finditer(text):
        target = targets[match.group(0)]
        out.append(escape(text[pos : match.start()]))
        out.append(
            Markup('<a class="ent ent-{}" href="{}" title="{}: {}">{}</a>').format(
                target.kind,
                target.url,
                KIND_LABELS[target.kind],
                target.name,
                match.group(0),
            )
        )
        pos = match.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)
