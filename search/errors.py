"""The one exception hierarchy of news-search.

Every error a user can cause or meet derives from :class:`NewsSearchError`. The message is
written for the user and says what to do next; ``status`` is the HTTP status the web app
answers with, so the CLI and the API report the same failure the same way.
"""

from __future__ import annotations


class NewsSearchError(Exception):
    """Base class: a problem we can explain to the user in one line."""

    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(NewsSearchError):
    """A setting has a value we cannot use."""

    status = 500


class IngestError(NewsSearchError):
    """A path given to the indexer cannot be read at all (one bad file is skipped instead)."""

    status = 400


class ModelNotFoundError(NewsSearchError):
    """The configured spaCy model is not installed."""

    status = 503


class ExtractionError(NewsSearchError):
    """Entity extraction could not run (its worker processes failed)."""

    status = 500


class IndexMissingError(NewsSearchError):
    """There is no index where the settings point."""

    status = 503


class IndexLockedError(NewsSearchError):
    """Another process is writing the index."""

    status = 409


class SchemaMismatchError(NewsSearchError):
    """The index on disk was written by an incompatible version."""

    status = 503


class QueryError(NewsSearchError):
    """Search input that cannot be repaired (``page=-3``, ``from`` after ``to``)."""

    status = 400


class TooLargeError(QueryError):
    """Input past a stated limit: a batch of more queries than ``batch_limit``."""

    status = 413


class NotFoundError(NewsSearchError):
    """An article or facet that does not exist."""

    status = 404
