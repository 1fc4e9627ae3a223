"""Title and body analysed for the index without Whoosh's per-token objects.

Whoosh analyses a text field through a chain of generators that pass one ``Token``
object from tokenizer to filter to filter, and analyses it a second time, without the
stemmer, for the spelling words (``spelling=True``). At 100k articles that Python work,
per token, is most of what a writer process does. :class:`NewsText` is Whoosh's
``TEXT`` with :meth:`~NewsText.index` and :meth:`~NewsText.spellable_words` computed in
one loop over the tokenizer's matches, for the one analyzer shape the schema uses
(``StemmingAnalyzer``: a regex tokenizer, lower-casing, stop words, a stemmer), read
from the analyzer itself. The postings are Whoosh's own, byte for byte
(``tests/test_text_field.py`` compares them on real news and generated text); any
other analyzer, or a call with options, goes to Whoosh's path. Queries, snippets and
highlighting use the same analyzer object as before.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from whoosh.analysis import (
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.analysis.tokenizers import default_pattern
from whoosh.fields import TEXT
from whoosh.formats import Positions

#: Stems kept per writer process (Whoosh's StemFilter keeps 50,000).
STEM_CACHE = 200_000


#: Whoosh's tokenizer expression (``default_pattern``) without its capture group, so
#: that ``findall`` gives whole matches.
WORDS = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")


@dataclass(frozen=True)
class _Chain:
    """What a ``StemmingAnalyzer`` does to a text, read from its parts."""

    stops: frozenset[str]
    min: int
    max: int | None
    ignore: frozenset[str]
    stem: Callable[[str], str]

    @classmethod
    def of(cls, analyzer: Any) -> _Chain | None:
        """The chain of ``analyzer`` when it is exactly Whoosh's regex tokenizer with
        its default expression (matches as tokens), lower-casing, stop words with
        renumbered positions and a stemmer; else None."""
        if type(analyzer) is not CompositeAnalyzer or len(analyzer.items) != 4:
            return None
        tokenizer, lower, stop, stemmer = analyzer.items
        if (
            type(tokenizer) is not RegexTokenizer
            or tokenizer.gaps
            or tokenizer.expression.pattern != default_pattern.pattern
            or tokenizer.expression.flags != default_pattern.flags
            or type(lower) is not LowercaseFilter
            or type(stop) is not StopFilter
            or not stop.renumber
            or type(stemmer) is not StemFilter
        ):
            return None
        return cls(
            frozenset(stop.stops),
            stop.min,
            stop.max,
            frozenset(stemmer.ignore),
            lru_cache(maxsize=STEM_CACHE)(stemmer.stemfn),
        )

    def kept(self, text: str) -> tuple[int, list[str]]:
        """The lower-case words the stop filter keeps, and the position of the first:
        Whoosh renumbers from the first kept token's own position, not from 0, and
        numbers the rest one by one after it."""
        if text.isascii():  # lower-casing ASCII changes no character class
            words = WORDS.findall(text.lower())
        else:  # "İ" lower-cased is two characters, the second no word character
            words = [w.lower() for w in WORDS.findall(text)]
        stops, low, high = self.stops, self.min, self.max
        first = 0
        for word in words:
            if len(word) >= low and word not in stops:
                if high is None or len(word) <= high:
                    break
            first += 1
        if high is None:
            return first, [w for w in words if len(w) >= low and w not in stops]
        return first, [w for w in words if low <= len(w) <= high and w not in stops]


class NewsText(TEXT):
    """Whoosh's ``TEXT``, indexed in one pass per value when its analyzer allows."""

    def _chain(self) -> _Chain | None:
        chain: _Chain | None
        try:
            chain = self.__dict__["chain"]
        except KeyError:
            ok = type(self.format) is Positions
            chain = self.__dict__["chain"] = _Chain.of(self.analyzer) if ok else None
        return chain

    @property
    def one_pass(self) -> bool:
        """Whether this field's values are analysed here in one pass (its analyzer
        has the shape :class:`_Chain` reads), not by Whoosh's token chain."""
        return self._chain() is not None

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with the schema (in Whoosh's TOC) without the stem cache and the
        last value indexed."""
        state = dict(self.__dict__)
        state.pop("chain", None)
        state.pop("last", None)
        return state

    def index(
        self, value: Any, **kwargs: Any
    ) -> Generator[tuple[bytes, int, float | int, bytes], Any, None]:
        """Whoosh's ``(word, frequency, weight, positions)`` for each word of ``value``,
        in the order of first occurrence, as ``TEXT.index`` gives them."""
        chain, fmt = self._chain(), self.format
        if (
            chain is None
            or not isinstance(fmt, Positions)
            or kwargs
            or not isinstance(value, str)
        ):
            yield from super().index(value, **kwargs)
            return
        first, words = chain.kept(value)
        self.__dict__["last"] = (value, words)  # for spellable_words, called next
        positions: dict[str, list[int]] = defaultdict(list)
        stem, ignore = chain.stem, chain.ignore
        for pos, word in enumerate(words, first):
            positions[word if word in ignore else stem(word)].append(pos)
        boost, encode = fmt.field_boost, fmt.encode
        for word, poslist in positions.items():
            yield (
                word.encode("utf-8"),
                len(poslist),
                float(len(poslist)) * boost,
                encode(poslist),
            )

    def spellable_words(self, value: Any) -> Iterator[str]:
        """The unstemmed words of ``value``, sorted, once each (``TEXT``'s, faster)."""
        chain = self._chain()
        if chain is None or not isinstance(value, str):
            return super().spellable_words(value)  # type: ignore[no-any-return]
        last = self.__dict__.get("last")
        # Whoosh's writer asks for the spelling words of the value it has just indexed.
        words = last[1] if last and last[0] is value else chain.kept(value)[1]
        return iter(sorted(set(words)))
