"""Ingest: files in, :class:`~search.models.Article` or
:class:`~search.models.SkippedFile` out.

One reader per format (text.py; JSON Lines, JSON and CSV in records.py; HTML pages, WARC
crawls, PDF, Word and e-mail in modules of their own, run in a reader process under a
time and memory limit), one cleaning for all of them, stable ids from path and record key. A file that
cannot be read is a ``SkippedFile`` with a reason, never an exception that stops a run.
"""

from .files import decode, find_files, read_articles, read_file
from .formats import SUFFIXES, detect_format
from .reading import FILE_TIMEOUT, MAX_ARTICLE_CHARS, MAX_FILE_MB, Limits
from .records import record_to_article

__all__ = [
    "FILE_TIMEOUT",
    "MAX_ARTICLE_CHARS",
    "MAX_FILE_MB",
    "SUFFIXES",
    "Limits",
    "decode",
    "detect_format",
    "find_files",
    "read_articles",
    "read_file",
    "record_to_article",
]
