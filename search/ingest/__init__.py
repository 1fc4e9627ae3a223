"""Ingest: files in, :class:`~search.models.Article` or
:class:`~search.models.SkippedFile` out.

One reader per format, one cleaning for all of them, stable ids from path and record
key. A file that cannot be read is a ``SkippedFile`` with a reason, never an exception
that stops a run.
"""

from .files import (
    MAX_ARTICLE_CHARS,
    SUFFIXES,
    decode,
    find_files,
    read_articles,
    read_file,
    record_to_article,
)

__all__ = [
    "MAX_ARTICLE_CHARS",
    "SUFFIXES",
    "decode",
    "find_files",
    "read_articles",
    "read_file",
    "record_to_article",
]
