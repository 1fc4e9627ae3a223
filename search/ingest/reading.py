"""What every reader is given: where a document comes from and what reading it may cost.

:class:`Limits` holds the three bounds of a run (characters an article may have, bytes a
one-document file may have, seconds a file or record may take); :class:`Origin` names one
document (its article id, the file it is in, the place a skip is reported at). Both are
plain frozen data, so they cross into the reader process as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..config import Settings

#: The default of the ``max_article_chars`` setting (spaCy's own default ``max_length``).
MAX_ARTICLE_CHARS = 1_000_000
#: The default of the ``max_file_mb`` setting.
MAX_FILE_MB = 100
#: The default of the ``file_timeout`` setting, in seconds.
FILE_TIMEOUT = 60

#: Document titles that name a file or a program, not the document.
_PLACEHOLDER_TITLE = re.compile(
    r"^(microsoft (word|powerpoint|excel)\b|untitled\b|document\d*$|word document$|"
    r"print$|title$)|\.(docx?|pdf|indd|qxp|qxd|rtf|txt|tmp|ps|eps|odt|pages)$|^[\w.-]+$",
    re.IGNORECASE,
)


def is_placeholder_title(title: str) -> bool:
    """Whether a document's metadata title names a file or a program rather than the
    document ("Microsoft Word - draft.docx", "untitled", "FT_20190211_A01")."""
    return not title.strip() or bool(_PLACEHOLDER_TITLE.search(title.strip()))


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds of reading: article length, one-document file size, time per file."""

    #: longest article kept, in characters (``max_article_chars``)
    max_chars: int = MAX_ARTICLE_CHARS
    #: largest PDF, Word or e-mail file (or message, or attachment) read, in bytes
    #: (``max_file_mb``); WARC and mbox files are read record by record instead
    max_file_bytes: int = MAX_FILE_MB * 1_000_000
    #: seconds a file may take to read; for WARC and mbox, each record (``file_timeout``)
    timeout: float = FILE_TIMEOUT

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        """The limits the settings ask for."""
        return cls(
            max_chars=settings.max_article_chars,
            max_file_bytes=settings.max_file_mb * 1_000_000,
            timeout=float(settings.file_timeout),
        )

    def too_large_file(self, size: int) -> str:
        """The skip reason of a file of ``size`` bytes over ``max_file_bytes``."""
        return (
            f"too large ({size / 1e6:.1f} MB; the limit is max_file_mb = "
            f"{self.max_file_bytes // 1_000_000:,})"
        )

    def too_long(self, chars: int, *, at_least: bool = False) -> str:
        """The skip reason of an article of ``chars`` characters over ``max_chars``."""
        more = "over " if at_least else ""
        return (
            f"too large ({more}{chars:,} characters; the limit is "
            f"max_article_chars = {self.max_chars:,})"
        )


@dataclass(frozen=True, slots=True)
class Origin:
    """One document: the id its article gets, the file it is in, where a skip points.

    ``where`` is the file's path for a file of its own, ``path:byte N`` or ``path:message
    N`` for a record of a WARC or mbox file, and ``path#id`` for an attachment; ``name``
    is the document's own file name, the title of last resort.
    """

    article_id: str
    source: str
    where: str
    name: str = ""

    def part(self, key: str, name: str = "") -> Origin:
        """The origin of a part of this document (an attachment): ``id-key``."""
        article_id = f"{self.article_id}-{key}"
        return Origin(article_id, self.source, f"{self.source}#{article_id}", name)
