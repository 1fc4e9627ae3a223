"""Dates as written in files: ISO dates, date headers, datelines and metadata fields.

What a reader finds in the file itself; dates mentioned in the text are extract's
(:mod:`search.extract.dates`) and dates a user types are the query side's
(:mod:`search.query.periods`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def parse_iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_long_date(text: str) -> date | None:
    try:
        return datetime.strptime(text, "%B %d, %Y").date()
    except ValueError:
        return None


def parse_metadata_date(value: Any) -> date | None:
    """A publication date from a record field: ISO strings, epoch numbers, or prose."""
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return datetime.utcfromtimestamp(
                value / 1000 if value > 1e11 else value
            ).date()
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    import dateparser  # local: only records with odd dates pay for it

    parsed = dateparser.parse(text, languages=["en"], settings={"STRICT_PARSING": True})
    return parsed.date() if parsed else None
