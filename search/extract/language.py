"""The language an article is written in, so English NER runs only on English text.

An English model reads any text as if it were English: on a Hindi or German article it
tags ordinary words as people and places, and those junk names reach the sidebar. The
language is detected from the text itself (py3langid, 97 languages, no network), stored
as the article's ``language`` facet, and only English text goes through NER; the article
is indexed and searchable either way.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

#: Characters read for detection: the start of an article says its language.
SAMPLE_CHARS = 3000
#: Below this many letters detection is guesswork; such articles count as English.
MIN_LETTERS = 40
#: A language other than English is trusted from this probability on; below, English.
MIN_PROBABILITY = 0.9


class LanguageDetector:
    """py3langid with normalised probabilities, loaded on first use (one per process)."""

    def __init__(self, default: str = "en") -> None:
        self.default = default
        self._identifier: Any = None

    def detect(self, text: str) -> str:
        """ISO 639-1 code of ``text``; ``default`` when too short or uncertain."""
        sample = text[:SAMPLE_CHARS]
        letters = sum(
            c.isalpha() or unicodedata.category(c).startswith("M") for c in sample
        )  # vowel signs of Indic scripts are marks, not letters
        if letters < MIN_LETTERS:
            return self.default
        if self._identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            self._identifier = LanguageIdentifier.from_model_file(
                MODEL_FILE, norm_probs=True
            )
        code, probability = self._identifier.classify(sample)
        if code != self.default and probability < MIN_PROBABILITY:
            # Text mostly in another script is not English, however unsure the model
            # is of which language it is.
            return str(code) if _non_latin_share(sample) > 0.5 else self.default
        return str(code)


def _non_latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    return 1 - latin / len(letters)


@lru_cache(maxsize=4)
def load_language_detector(default: str = "en") -> LanguageDetector:
    """One detector per process and model language, loaded once like the model."""
    return LanguageDetector(default)
