"""The people of one article: its full names, and what shorter names link to them.

A step of :func:`search.extract.entities.resolve_article`, in its own module as one
concept: which keys are a person's full name, and which surname or shorter name stands
for which of them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..names import clean_surface, name_key, normalise_text
from ..names.given import load_given_names
from ..names.places import load_gazetteer
from ..names.spans import names_an_organisation
from ..names.words import ORG_SUFFIXES

#: Times an article must give a surname alone as a person's before a full name ending
#: with it that the model called an organisation or a place is taken for that person.
SURNAME_MENTIONS = 2
#: Words of such a name at most ("Wanda Vázquez Garced").
MAX_NAME_WORDS = 3


@dataclass(slots=True)
class People:
    """The full person names of one article (key -> mentions), and what shorter names
    link to them."""

    full: Counter[str]

    @classmethod
    def of(cls, cleaned: Iterable[tuple[str, str | None, str]]) -> People:
        """The full names among an article's (kind, surface, key) mentions."""
        return cls(
            Counter(k for kind, _s, k in cleaned if kind == "person" and " " in k)
        )

    def link(self, key: str) -> str | None:
        """The full name ``key`` is part of, the most mentioned if several."""
        if not self.full:
            return None
        if " " in key:
            # "Bresser Pereira" / "De Benedetti" -> the longer name they end.
            tokens = key.split()
            # "Anthony Meyer" / "Anthony John Charles Meyer": first and last words.
            longer = [
                p
                for p in self.full
                if len(p.split()) > len(tokens)
                and (
                    p.split()[-len(tokens) :] == tokens
                    or (len(tokens) >= 2 and p.split()[0] == tokens[0])
                    and p.split()[-1] == tokens[-1]
                )
            ]
            return max(longer, key=lambda p: self.full[p]) if longer else None
        last = [p for p in self.full if p.split()[-1] == key]
        first = [p for p in self.full if p.split()[0] == key]
        # "Vázquez" for "Wanda Vázquez Garced": a Spanish name's first surname.
        middle = [p for p in self.full if len(p.split()) == 3 and p.split()[1] == key]
        for group in (last, first, middle):
            if group:
                return max(group, key=lambda p: self.full[p])
        return None

    def final(self, key: str) -> str | None:
        """The full name ``key`` links to, through a shorter full name if need be
        ("Meyer" -> "Anthony Meyer" -> "Anthony John Charles Meyer")."""
        target = self.link(key)
        seen = {key}
        while target is not None and target not in seen:
            seen.add(target)
            further = self.link(target)
            if further is None:
                break
            target = further
        return target


def people_by_surname(
    cleaned: list[tuple[str, str | None, str]],
) -> list[tuple[str, str | None, str]]:
    """An article's (kind, surface, key) mentions with a name the model calls an
    organisation or a place made a person's, where the article gives its surname alone
    as a person's at least :data:`SURNAME_MENTIONS` times and more often than it writes
    the name so, its first word is a given name and no place, and its words say no
    organisation ("Mugabe won over Morgan Tsvangirai of the MDC ... both Mugabe and
    Tsvangirai": the one person). Not a firm named after someone ("Philip Morris Cos
    ... Morris earned 6.20 dlrs", "Frank B. Hall and Co ... Hall said") nor two names
    ("Blair and Brown")."""
    alone = Counter(k for kind, _s, k in cleaned if kind == "person" and " " not in k)
    written = Counter(k for kind, _s, k in cleaned if kind in ("org", "place"))
    gazetteer = load_gazetteer()
    given = load_given_names()
    out: list[tuple[str, str | None, str]] = []
    for kind, surface, key in cleaned:
        words = (surface or "").split()
        surname = key.split()[-1]
        if (
            kind in ("org", "place")
            and 2 <= len(words) <= MAX_NAME_WORDS
            and alone[surname] >= SURNAME_MENTIONS
            and alone[surname] > written[key]
            and not _a_firms_words(words)
            and given.is_given_name(words[0])
            and not gazetteer.is_place(normalise_text(words[0]))
            and not names_an_organisation(surface or "")
            and not gazetteer.is_place(key)
        ):
            person = clean_surface(surface or "", "person")
            out.append(("person", person, name_key(person, "person")))
        else:
            out.append((kind, surface, key))
    return out


def _a_firms_words(words: list[str]) -> bool:
    """Words of a firm's name, or of two names: a legal form ("Lane Co"), "and", or an
    initial, as the wire writes a firm named after its founder ("Frank B. Hall")."""
    folded = [w.lower().strip(".,") for w in words]
    return any(w in ORG_SUFFIXES or w in ("and", "&") or len(w) == 1 for w in folded)
