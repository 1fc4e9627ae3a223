"""Given names: whether a word is a first name people are called by, from a library.

A two-word span the model labels PERSON is, in news, sometimes a band, a film or a
club ("Iron Maiden", "Snow Patrol", "Aston Villa"). What tells a person apart, when the
article gives no title and never calls them by surname alone, is that the first word is
a given name. ``gender-guesser`` holds some 40,000 of them from many countries (its
dictionary, not its genders, is what we use).
"""

from __future__ import annotations

from functools import lru_cache


class GivenNames:
    """The given names of ``gender-guesser``'s dictionary."""

    def __init__(self) -> None:
        from gender_guesser.detector import Detector

        self._detector = Detector(case_sensitive=False)

    def is_given_name(self, word: str) -> bool:
        """True when ``word`` is a first name somewhere (case does not matter)."""
        return bool(word) and self._detector.get_gender(word) != "unknown"


@lru_cache(maxsize=1)
def load_given_names() -> GivenNames:
    """The dictionary, read once per process (about 0.5 s): reference data."""
    return GivenNames()
