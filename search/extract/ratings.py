"""Credit ratings, which the model calls organisations: "the issue is rated AAA by
Standard and Poor's", "AAA-rated auto paper", "cut to BBB-minus". A rating is a grade a
firm is given, no body a reader filters news by. In an article about credit ratings
(:data:`RATING_WORDS`) the mentions written as a rating are dropped; elsewhere the same
letters name other things ("AAA said gas prices rose", the motoring club), which are
kept. A step of :func:`search.extract.framing.framed_mentions`, in its own module as one
concept.
"""

from __future__ import annotations

import re

from .mentions import Mention

#: A grade of Standard & Poor's or Fitch ("AAA", "BBB-", "AA-plus") or of Moody's
#: ("Aaa", "Baa3", "Ba-1"); "A" and "B" alone are too short for a name anyway.
RATING = re.compile(
    r"(?:AAA|AA|BBB|BB|CCC|CC|Aaa|Aa|Baa|Ba|Caa|Ca)(?:[+-]|-?[1-3]|-(?:plus|minus))?"
)
#: Words an article about credit ratings uses ("rated", "downgraded", "Moody's").
RATING_WORDS = re.compile(
    r"\b(?:rat(?:ed|ing|ings)|downgrad\w*|upgrad\w*|Moody['’]s|Fitch|"
    r"Standard (?:and|&) Poor['’]s|S&P)\b"
)


def without_ratings(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` without those written as a credit rating, in an article about
    ratings (module docstring); the others as they are."""
    if not any(RATING.fullmatch(m.text) for m in mentions) or not RATING_WORDS.search(
        text
    ):
        return mentions
    return [m for m in mentions if not RATING.fullmatch(m.text)]
