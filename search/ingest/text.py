"""Reader of plain-text articles (``.txt``, as in ``seeds/``): one article per file.

The headline is the first paragraph; an optional ``date YYYY-MM-DD`` header and a
``[CITY]`` dateline are taken out of the body by :func:`~search.ingest.cleaning.parse_text`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..models import Article, SkippedFile
from .cleaning import parse_text


def read_txt(text: str, path: Path, base: str) -> Iterator[Article | SkippedFile]:
    """The article of a text file, or why there is none."""
    article = parse_text(text, article_id=base, source=str(path))
    if article is None:
        yield SkippedFile(str(path), "no article text")
    else:
        yield article
