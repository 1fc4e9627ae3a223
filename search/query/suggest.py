"""Spelling: typo tolerance, fuzzy words (``word~``) and did-you-mean, from the index's words.

Title and body are stemmed; Whoosh keeps their unstemmed words apart for spelling
(``spelling=True``), and its per-segment ``terms_within`` walks that word list with a
Levenshtein automaton. So a word is corrected as typed ("pandemik" -> "pandemic") and the
correction is then stemmed like any searched word. Candidates are the index's own words,
ranked by edit distance, then by how many articles use them: a correction always finds
something, and the common word wins over the rare one ("nort" -> "north", not "nor").

- :func:`expand_fuzzy`: ``word~`` / ``word~2`` -> any of the index's words that close.
- :func:`correct`: typo tolerance. An unquoted word of the query that no article has is
  replaced by its closest spellings (1 edit from 4 letters, 2 from 8; the likeliest
  three), and the caller says so; a quoted word is searched as written.
- :func:`suggest`: did-you-mean for words no article has, quoted ones included.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from whoosh import query as Q
from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton
from whoosh.support.levenshtein import damerau_levenshtein

from ..store import schema as S
from .segments import SegmentCache

#: Did-you-mean is for what people type. Its cost grows with the number of unknown words
#: and with their length (a Levenshtein automaton per word): a pasted 10 KB query took
#: seconds, so longer queries get no suggestion and no correction.
MAX_SUGGEST_CHARS = 120
#: Typo tolerance: words shorter than this are taken as typed (too many short words are
#: one edit apart); from this length one edit is allowed, from TWO_EDIT_CHARS two.
MIN_TYPO_CHARS = 4
TWO_EDIT_CHARS = 8
#: At most this many of the index's words stand for one fuzzy word (``word~2``).
MAX_FUZZY_TERMS = 1_000


@dataclass(frozen=True, slots=True)
class Correction:
    """A query searched with some of its words corrected."""

    #: the Whoosh query with the corrected words
    query: Any
    #: the search text with the corrected words ("coronavirus pandemic")
    text: str
    #: the search text with the corrected words quoted: searches them as typed
    literal: str
    #: typed word -> the words searched instead, the likeliest first
    words: dict[str, list[str]]


def close_words(
    reader: Any,
    word: str,
    maxdist: int,
    prefix: int = 0,
    cache: SegmentCache | None = None,
) -> set[str]:
    """The index's words (unstemmed, title or body) within ``maxdist`` edits of ``word``.

    :param cache: the index's segment cache: its in-memory word lists are searched
        (:meth:`SegmentCache.words`), the same words as Whoosh's ``terms_within``.
    """
    found: set[str] = set()
    if cache is not None:
        dfa = levenshtein_automaton(word, maxdist, prefix).to_dfa()
        for field in S.SEARCH_FIELDS:
            spelling = reader.schema[field].spelling_fieldname(field)
            if spelling in reader.schema:
                words = cache.words(reader, spelling)
                found.update(itertools.islice(_within(dfa, words), MAX_FUZZY_TERMS))
        return found
    for leaf, _offset in reader.leaf_readers():
        for field in S.SEARCH_FIELDS:
            if leaf.schema[field].spelling_fieldname(field) not in leaf.schema:
                continue
            found.update(
                itertools.islice(
                    leaf.terms_within(field, word, maxdist, prefix=prefix),
                    MAX_FUZZY_TERMS,
                )
            )
    return found


def _within(dfa: Any, words: list[str]) -> Iterator[str]:
    """The words of the sorted list ``words`` that ``dfa`` accepts, as Whoosh's
    ``find_all_matches`` finds them, each lookup a bisection."""

    def first_from(text: str) -> str | None:
        i = bisect.bisect_left(words, text)
        return words[i] if i < len(words) else None

    return find_all_matches(dfa, first_from)


def stem(schema: Any, word: str) -> str | None:
    """The indexed form of ``word`` (None for a stop word)."""
    tokens = [t.text for t in schema[S.BODY].analyzer(word)]
    return tokens[0] if tokens else None


def articles_with(reader: Any, term: str) -> int:
    """How many articles have ``term`` (an indexed form) in title or body, at most."""
    return sum(reader.doc_frequency(f, term) for f in S.SEARCH_FIELDS)


def close_spellings(
    reader: Any, word: str, limit: int = 3, cache: SegmentCache | None = None
) -> list[str]:
    """The index's words closest to ``word``: fewest edits (a swap of two letters is one),
    then most articles; at most ``limit``, none when ``word`` is too short to correct or
    nothing is close enough (``cache``: as :func:`close_words`)."""
    word = word.lower()
    allowed = (
        0 if len(word) < MIN_TYPO_CHARS else 1 if len(word) < TWO_EDIT_CHARS else 2
    )
    if not allowed:
        return []
    schema = reader.schema
    ranked = []
    # The automaton counts a swap as two edits; Damerau's distance, one.
    for candidate in close_words(reader, word, 2, prefix=1, cache=cache):
        dist = damerau_levenshtein(word, candidate)
        term = stem(schema, candidate)
        if candidate == word or term is None or dist > allowed:
            continue
        count = articles_with(reader, term)
        if count:
            ranked.append((dist, -count, candidate))
    ranked.sort()
    return [c for d, _n, c in ranked if d == ranked[0][0]][:limit]


def expand_fuzzy(reader: Any, q: Any, text: str) -> Any:
    """``q`` with each fuzzy word (``word~``) replaced by the index's words that close.

    Whoosh's ``FuzzyTerm`` compares the *stemmed* word with the unstemmed spelling list
    and looks the matches up in the stemmed field, so it finds almost nothing in a stemmed
    field; here the word as typed is compared and its matches stemmed.
    """

    def expand(node: Any) -> Any:
        if not isinstance(node, Q.FuzzyTerm) or node.fieldname not in S.SEARCH_FIELDS:
            return node
        word = _typed(node, text) or node.text
        # The first letter is taken as typed (Whoosh allows ``word~2/3`` for more):
        # it keeps the automaton's walk, and the noise, small.
        words = close_words(
            reader,
            word.lower(),
            min(node.maxdist, 2),
            prefix=max(node.prefixlength, 1),
        )
        terms = sorted({t for w in words if (t := stem(reader.schema, w)) is not None})
        if not terms:
            return Q.NullQuery
        return Q.Or(
            [Q.Term(node.fieldname, t, boost=node.boost) for t in terms][
                :MAX_FUZZY_TERMS
            ]
        )

    return q.accept(expand)


def correct(
    searcher: Any, text_query: Any, text: str, cache: SegmentCache | None = None
) -> Correction | None:
    """Typo tolerance: ``text_query`` with every unquoted word that no article has
    replaced by its best close spelling, or None when there is nothing to correct.

    Excluded words (``-word``) are left alone: correcting them would exclude a word the
    user did not type.
    """
    if len(text) > MAX_SUGGEST_CHARS:
        return None
    reader = searcher.reader()
    words: dict[str, list[str]] = {}
    terms: dict[str, list[str]] = {}
    for node in _positive_terms(text_query):
        typed = _typed(node, text)
        if typed is None or _quoted(text, node.startchar) or _known(reader, node.text):
            continue
        if typed.lower() not in words:
            spellings = close_spellings(reader, typed, cache=cache)
            if not spellings:
                continue
            words[typed.lower()] = spellings
        stems = [stem(reader.schema, w) for w in words[typed.lower()]]
        terms[node.text] = list(dict.fromkeys(t for t in stems if t is not None))
    if not terms:
        return None

    def replace(node: Any) -> Any:
        if (
            isinstance(node, Q.Term)
            and node.fieldname in S.SEARCH_FIELDS
            and node.text in terms
        ):
            alternatives = [
                Q.Term(node.fieldname, t, boost=node.boost) for t in terms[node.text]
            ]
            return alternatives[0] if len(alternatives) == 1 else Q.Or(alternatives)
        return node

    return Correction(
        query=text_query.accept(replace),
        text=_replace_words(text, {w: s[0] for w, s in words.items()}),
        literal=_replace_words(text, {w: f'"{w}"' for w in words}, keep_case=True),
        words=words,
    )


def suggest(
    searcher: Any, text_query: Any, text: str, cache: SegmentCache | None = None
) -> str | None:
    """A corrected query string for ``text`` (did-you-mean), or None when no word of it
    is unknown or nothing close is known."""
    if len(text) > MAX_SUGGEST_CHARS:
        return None
    try:
        reader = searcher.reader()
        words: dict[str, str] = {}
        for token in text_query.all_tokens():
            if token.fieldname != S.BODY or _known(reader, token.text):
                continue
            for typed in _surfaces(text, reader.schema, token.text):
                spellings = close_spellings(reader, typed, limit=1, cache=cache)
                if spellings:
                    words[typed.lower()] = spellings[0]
    except Exception:  # noqa: BLE001 - a suggestion is optional
        return None
    corrected = _replace_words(text, words) if words else text
    return corrected if corrected != text else None


def _positive_terms(q: Any, negated: bool = False) -> list[Any]:
    """The title and body Terms of ``q`` that are not under a NOT."""
    if isinstance(q, Q.Term):
        return [q] if q.fieldname in S.SEARCH_FIELDS and not negated else []
    if isinstance(q, Q.AndNot):
        return _positive_terms(q.a, negated) + _positive_terms(q.b, True)
    if isinstance(q, Q.Not):
        return _positive_terms(q.query, True)
    if isinstance(q, Q.CompoundQuery):
        return [t for sub in q.subqueries for t in _positive_terms(sub, negated)]
    return []


def _known(reader: Any, term: str) -> bool:
    return any((f, term) in reader for f in S.SEARCH_FIELDS)


def _typed(node: Any, text: str) -> str | None:
    """The word as typed for a parsed leaf (its characters in ``text``), if known."""
    start, end = getattr(node, "startchar", None), getattr(node, "endchar", None)
    if start is None or end is None:
        return None
    typed = text[start:end]
    return typed if re.fullmatch(r"\w+", typed) else None


def _quoted(text: str, position: int) -> bool:
    return text[:position].count('"') % 2 == 1


def _surfaces(text: str, schema: Any, term: str) -> list[str]:
    """The words of ``text`` whose indexed form is ``term``."""
    return sorted(
        {w for w in re.findall(r"\w+", text) if stem(schema, w) == term},
    )


def _replace_words(text: str, words: dict[str, str], keep_case: bool = False) -> str:
    """``text`` with each whole word of ``words`` (any case) replaced."""
    if not words:
        return text
    pattern = re.compile(
        r"\b("
        + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        + r")\b",
        re.IGNORECASE,
    )

    def swap(m: re.Match[str]) -> str:
        new = words[m.group(0).lower()]
        return new.replace(m.group(0).lower(), m.group(0)) if keep_case else new

    return pattern.sub(swap, text)
