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

from collections.abc import Iterator
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
    fragments = highlighter.fragmenter.fragment_tokens(text, tokens.marked(text, words))
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

    def marked(self, text: str, words: frozenset[str]) -> Iterator[Token]:
        """What ``analyzer(text, positions=True, chars=True, mode="index",
        removestops=False)`` yields, with ``matched`` set: one Token object reused, as
        Whoosh's tokenizer does. (Whoosh's filter that merges overlapping matched
        tokens has nothing to merge: the tokenizer's matches never overlap.)"""
        stops, minsize, maxsize = self.stops, self.minsize, self.maxsize
        ignore, stem, renumber = self.ignore, self.stem, self.renumber
        t = Token(True, True, removestops=False, mode="index")
        pos = None
        for i, match in enumerate(self.expression.finditer(text)):
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
