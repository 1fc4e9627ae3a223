"""Snippets: Whoosh's highlighted fragments of a hit, with the stored text tokenized in
one loop.

The body keeps no character offsets (search/store/schema.py says why), so a snippet is
made as Whoosh's ``Highlighter`` makes it without them: the stored text is analysed
again, each token marked as matched or not, and the ``ContextFragmenter`` cuts
fragments around the matched ones. Whoosh runs that analysis as a chain of generators
(tokenizer, lower case, stop words, stemmer, then the matched and merge filters), which
made snippets the largest part of a search once ranking used arrays: a page re-reads
ten bodies token by token. :func:`highlights` computes the same tokens in one loop
from the parts of the field's own analyzer (its expression, stop list, sizes and
stemmer, whose cache it shares), and hands them to the same fragmenter, scorer and
formatter, so the snippet is Whoosh's, character for character (tests/test_snippets.py).

Anything else (another analyzer, pinpoint highlighting, no matched terms) is left to
``Hit.highlights``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh import highlight
from whoosh.analysis import (
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
    Token,
)
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.analysis.tokenizers import default_pattern


def highlights(hit: Any, fieldname: str, text: str, top: int) -> str:
    """``hit.highlights(fieldname, text=text, top=top)``, tokenizing ``text`` in one
    loop when the field's analyzer is a stemming chain (the title's and body's)."""
    results = hit.results
    highlighter = results.highlighter
    field = results.searcher.schema[fieldname]
    tokens = _Tokens.of(field.analyzer)
    if (
        tokens is None
        or not results.has_matched_terms()
        or highlighter.can_load_chars(results, fieldname)
    ):
        return str(hit.highlights(fieldname, text=text, top=top))
    words = frozenset(
        field.from_bytes(btext)
        for name, btext in results.matched_terms()
        if name == fieldname
    )
    fragmenter = highlighter.fragmenter
    if type(fragmenter) is highlight.ContextFragmenter:
        stream = tokens.near(text, words, fragmenter.surround)
    else:
        stream = tokens.marked(text, words)
    fragments = fragmenter.fragment_tokens(text, stream)
    best = highlight.top_fragments(
        fragments, top, highlighter.scorer, highlighter.order, minscore=1
    )
    return str(highlighter.formatter.format(best))


class _Tokens:
    """The tokens a ``RegexTokenizer | LowercaseFilter | StopFilter | StemFilter``
    chain gives for highlighting (positions, characters, stop words kept), each marked
    matched or not, as ``Highlighter.highlight_hit`` marks them."""

    def __init__(self, analyzer: Any) -> None:
        tokenizer, _lower, stops, stemmer = analyzer.items
        self.expression = tokenizer.expression
        self.stops = stops.stops
        self.minsize = stops.min
        self.maxsize = stops.max
        self.renumber = stops.renumber
        self.ignore = stemmer.ignore
        # The filter's own cached stemmer when it has one (it keeps the cache).
        self.stem = getattr(stemmer, "_stem", None) or stemmer.stemfn

    @classmethod
    def of(cls, analyzer: Any) -> _Tokens | None:
        """The loop for ``analyzer``, or None when it is not such a chain."""
        if type(analyzer) is not CompositeAnalyzer or len(analyzer.items) != 4:
            return None
        kinds = [type(item) for item in analyzer.items]
        if kinds != [RegexTokenizer, LowercaseFilter, StopFilter, StemFilter]:
            return None
        tokenizer, _lower, _stops, stemmer = analyzer.items
        if getattr(tokenizer, "gaps", True) or getattr(stemmer, "lang", None):
            return None
        return cls(analyzer)

    def marked(
        self,
        text: str,
        words: frozenset[str],
        matches: Iterable[re.Match[str]] | None = None,
    ) -> Iterator[Token]:
        """What ``analyzer(text, positions=True, chars=True, mode="index",
        removestops=False)`` yields, with ``matched`` set: one Token object reused, as
        Whoosh's tokenizer does. (Whoosh's filter that merges overlapping matched
        tokens has nothing to merge: the tokenizer's matches never overlap.)

        :param matches: the tokenizer's matches to analyse, when only some of the
            text's tokens are wanted (:meth:`near`); all of them by default. Positions
            are then counted within these; no fragmenter reads them.
        """
        stops, minsize, maxsize = self.stops, self.minsize, self.maxsize
        ignore, stem, renumber = self.ignore, self.stem, self.renumber
        t = Token(True, True, removestops=False, mode="index")
        pos = None
        if matches is None:
            matches = self.expression.finditer(text)
        for i, match in enumerate(matches):
            word = match.group(0).lower()
            t.boost = 1.0
            t.pos = i
            t.startchar = match.start()
            t.endchar = match.end()
            if (
                len(word) >= minsize
                and (maxsize is None or len(word) <= maxsize)
                and word not in stops
            ):
                if renumber:
                    if pos is None:
                        pos = i
                    else:
                        pos += 1
                        t.pos = pos
                t.stopped = False
                if word not in ignore:
                    word = stem(word)
            else:
                t.stopped = True
            t.text = word
            t.matched = word in words  # type: ignore[attr-defined]
            yield t

    def near(self, text: str, words: frozenset[str], surround: int) -> Iterator[Token]:
        """The tokens of :meth:`marked` that a ``ContextFragmenter(surround=surround)``
        can use, in order: those around the words that may match, skipping the
        stretches between them.

        Analysing every token of a long story to find the few that match was most of a
        snippet's cost. The fragmenter's state at a matched token depends only on the
        tokens just before it (those starting within ``surround`` characters of the end
        of the previous one; older ones it has dropped), and a fragment ends at most
        twice ``surround`` token characters after its last match (twice when nothing
        came before the match). So the tokens kept are, around each matched one, those
        back to one that starts more than ``surround`` characters before the preceding
        token's end, and those forward until their lengths add up to more than twice
        ``surround``: the fragments are those of every token (tests/test_snippets.py
        compares them for every word of real stories).

        The matched tokens are found among the candidates: tokens that start like a
        matched word's stem (the stem less its last letters, which the Porter stemmer
        may have changed: "happi" from "happy"). Only they are analysed. Should none of
        them match, no token of the story can (the stemmer only rewrites endings), so
        there is no fragment, as the fragmenter would find after analysing them all (a
        hit that matched in its title only: 2-3 ms a long story).
        """
        prefixes = sorted({_prefix(w) for w in words if w}, key=len, reverse=True)
        if not prefixes:  # no word of this field matched
            return
        candidates = re.compile(
            r"(?<![\w*])(?:" + "|".join(map(re.escape, prefixes)) + ")", re.IGNORECASE
        )
        found = [m.start() for m in candidates.finditer(text)]
        if not found:  # no token can match: no fragment
            return
        stretches = self._stretches(text, words, surround, found)
        if stretches is None:  # a window was too narrow: the whole text at once
            whole = list(self.expression.finditer(text))
            stretches = [
                kept
                for kept in [
                    self._kept(text, words, surround, found, whole, True, True)
                ]
                if kept is not None
            ]
        if not any(matched for _m, matched, _s in stretches):
            return
        # The fragmenter reads only the characters of a token that did not match (it
        # copies the matched ones): those are not analysed. Only the kept stretches
        # are walked, not every token of the story.
        plain = Token(True, True, removestops=False, mode="index")
        plain.matched = False  # type: ignore[attr-defined]
        base = 0
        for matches, matched, spans in stretches:
            for j, m in _merged(spans):
                for i in range(j, m + 1):
                    token = matched.get(i)
                    if token is not None:
                        yield token
                    else:
                        plain.pos = base + i
                        plain.startchar, plain.endchar = matches[i].span()
                        yield plain
            base += len(matches)

    def _stretches(
        self, text: str, words: frozenset[str], surround: int, found: list[int]
    ) -> (
        list[tuple[list[re.Match[str]], dict[int, Token], list[tuple[int, int]]]] | None
    ):
        """:meth:`_kept` of windows of the text around the candidates (``found``),
        tokenized alone: a long story's few matches no longer cost a tokenization of
        all of it. None when a window is too narrow for a fragment's context (its
        tokens run past the window's edge), or the tokenizer is not Whoosh's default
        one, whose tokens never span a character that is not a letter, digit, "_" or
        ".": a window cut at such characters holds the text's own tokens."""
        if self.expression.pattern != default_pattern.pattern:
            return None
        size = len(text)
        windows: list[list[int]] = []
        for position in found:
            start = max(position - 4 * surround, 0)
            end = min(position + 6 * surround, size)
            if windows and start <= windows[-1][1]:
                windows[-1][1] = end
            else:
                windows.append([start, end])
        out = []
        for start, end in windows:
            while start > 0 and _in_token(text[start - 1]):
                start -= 1
            while end < size and _in_token(text[end]):
                end += 1
            matches = list(self.expression.finditer(text, start, end))
            inside = [p for p in found if start <= p < end]
            kept = self._kept(
                text, words, surround, inside, matches, start == 0, end == size
            )
            if kept is None:
                return None
            out.append(kept)
        return out

    def _kept(
        self,
        text: str,
        words: frozenset[str],
        surround: int,
        found: list[int],
        matches: list[re.Match[str]],
        at_start: bool,
        at_end: bool,
    ) -> tuple[list[re.Match[str]], dict[int, Token], list[tuple[int, int]]] | None:
        """Of a run of the text's tokens (``matches``; ``at_start``, ``at_end``: whether
        it begins, ends the text): the tokens among the candidates that match, by
        number in the run, and the ranges of token numbers around them that
        :meth:`near` keeps. None when a range would run past an edge of the run that
        is not an edge of the text (a longer run is needed)."""
        starts = [m.start() for m in matches]
        matched: dict[int, Token] = {}
        for position in found:
            k = bisect_right(starts, position) - 1
            if k >= 0 and starts[k] == position:
                for t in self.marked(text, words, matches[k : k + 1]):
                    if t.matched:  # type: ignore[attr-defined]
                        t.pos = k
                        matched[k] = t.copy()
        spans: list[tuple[int, int]] = []
        last = len(matches) - 1
        for k in matched:
            # Back: the token before k, those starting within ``surround`` characters
            # of its end, and two more (which the fragmenter drops).
            j = k - 1
            if j > 0:
                edge = matches[j].end() - surround
                while j > 0 and starts[j] >= edge:
                    j -= 1
            if j <= 0 and not at_start:
                return None
            j = max(j - 1, 0)
            # Forward: until the lengths of k and the tokens after it add up past
            # twice ``surround`` (a fragment with no context before its first match
            # gets twice the context after), then one more.
            m, length = k, 0
            while m < last and length <= 2 * surround:
                length += matches[m].end() - starts[m]
                m += 1
            if m + 1 > last and not at_end:
                return None
            spans.append((j, min(m + 1, last)))
        return matches, matched, spans


def _in_token(char: str) -> bool:
    """Whether Whoosh's default tokenizer expression can match ``char`` inside a token
    (a word character, or "." between two)."""
    return char.isalnum() or char in "_."


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Inclusive ranges of token numbers, sorted, overlapping ones joined."""
    merged: list[tuple[int, int]] = []
    for j, m in sorted(spans):
        if merged and j <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], m))
        else:
            merged.append((j, m))
    return merged


def _prefix(word: str) -> str:
    """What every word whose stem is ``word`` starts with, for Whoosh's Porter stemmer:
    its rules change at most the stem's last two letters ("relat" from "relational",
    "possibl" from "possibly", "spi" from "spy")."""
    if len(word) <= 2:
        return word
    if len(word) <= 4:
        return word[:-1]
    return word[:-2]
