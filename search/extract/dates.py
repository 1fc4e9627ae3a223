"""Dates: the publication date of an article and the dates its text mentions.

The publication date comes from, in order, record metadata (or an HTML ``<time>``/meta
tag), a ``date YYYY-MM-DD`` header, a dateline; ingest reads those. Otherwise the article is
undated; with ``infer_dates`` on, the latest fully written date the text mentions ("January
4, 2019") is offered as an *inferred* date, never as a plain one. A run time or file time is
never a publication date.

Mentioned dates are spaCy DATE spans parsed by one reused dateparser ``DateDataParser``
(English only: ten times faster) relative to the publication date, so "Aug 9" in an article
of 2019-08-16 is 2019-08-09 and "last month" is that month. In an undated article only spans
that name a year are kept: "last month" of an unknown date is unknown.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from ..models import DateMention

log = logging.getLogger(__name__)

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTH = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|"
    r"sep(t|tember)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?"
)
_HAS_MONTH = re.compile(rf"\b{_MONTH}\b", re.IGNORECASE)
_HAS_DAY_NUMBER = re.compile(r"\b([0-3]?\d)(st|nd|rd|th)?\b")
_WEEKDAY = re.compile(r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b", re.IGNORECASE)
_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_BARE_WEEKDAY = re.compile(
    r"^(?:(on|last|this|early|late)\s+)?((?:mon|tues|wednes|thurs|fri|"
    r"satur|sun)day)(?:\s+(?:morning|afternoon|evening|night))?$",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"^(the )?(last|next|this|past|previous|coming|following)?\s*"
    r"(yesterday|today|tomorrow|tonight|week|month|year|weekend)$",
    re.IGNORECASE,
)
#: Spans that are durations, ages or eras, not a point in time.
_VAGUE = re.compile(
    r"\b(\d+s|decades?|centur(y|ies)|years? old|-year|-day|-week|-month|annual|annually|"
    r"daily|weekly|monthly|quarterly|seasons?|recent|coming|later|earlier|ago|period|"
    r"several|few|couple|many|each|every|all|age|era|times|hours?|minutes?|fiscal|"
    r"quarter|half|between|through|until|since|to\b)",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _parser() -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "PREFER_DAY_OF_MONTH": "first",
            "STRICT_PARSING": False,
        },
    )


def resolve_date_span(text: str, published: date | None) -> date | None:
    """The calendar day a DATE span names, or None for durations and the unresolvable.

    Month-precision spans ("last month", "February 2019") give the first of the month.
    """
    span = " ".join(text.split()).strip(" ,.;:()'\"")
    if not span or len(span) > 40:
        return None
    has_year = bool(_YEAR.search(span))
    has_month = bool(_HAS_MONTH.search(span))
    if _VAGUE.search(span) and not (
        has_month and (has_year or _HAS_DAY_NUMBER.search(span))
    ):
        return None
    if has_year and not has_month and not _WEEKDAY.search(span):
        return None  # a bare year ("2017") is too coarse for a date facet
    relative = not has_year
    if relative and published is None:
        return None
    if relative and not (has_month or _WEEKDAY.search(span) or _RELATIVE.match(span)):
        return None
    if (
        relative
        and has_month
        and not _HAS_DAY_NUMBER.search(span)
        and not re.search(r"\b(last|this|next)\b", span, re.IGNORECASE)
    ):
        return None  # "in February" of an unknown year: which February?
    bare = _BARE_WEEKDAY.match(span)
    if bare and published is not None:
        # "on Tuesday" in a paper of Tuesday is that day; "last Tuesday" the week before.
        target = _WEEKDAYS.index(bare.group(2).lower()[:3])
        back = (published.weekday() - target) % 7
        if bare.group(1) and bare.group(1).lower() == "last" and back == 0:
            back = 7
        return published - timedelta(days=back)
    base = (
        datetime.combine(published, datetime.min.time())
        if published
        else datetime.combine(date.today(), datetime.min.time())
    )
    parsed = _parse(span, base if relative else None)
    if parsed is None:
        return None
    day, period = parsed
    if period == "month":
        day = day.replace(day=1)
    elif period == "year":
        return None
    if published is not None and relative and (day - published).days > 400:
        return None
    return day


@lru_cache(maxsize=16_384)
def _parse(span: str, base: datetime | None) -> tuple[date, str] | None:
    """(day, period) dateparser reads in ``span``, relative to ``base`` when given.

    Remembered: dateparser costs milliseconds a span, and news repeats the same spans
    ("March 3" in every wire story of March 4), so this cache carries most of a corpus.
    """
    try:
        data = (
            _parser().get_date_data(span, date_formats=None)
            if base is None
            else _relative_parser(base).get_date_data(span)
        )
    except Exception:  # noqa: BLE001 - dateparser raises odd things on odd input
        log.debug("dateparser failed on %r", span)
        return None
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), str(data.period)


@lru_cache(maxsize=64)
def _relative_parser(base: datetime) -> Any:
    """A parser reading relative spans against ``base`` (settings are per parser)."""
    from dateparser.date import DateDataParser

    return DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "RELATIVE_BASE": base,
            "PREFER_DAY_OF_MONTH": "first",
        },
    )


def resolve_mentioned_dates(
    spans: list[str], published: date | None
) -> tuple[DateMention, ...]:
    """Every resolvable DATE span, deduplicated by day, in order of appearance."""
    seen: set[date] = set()
    out: list[DateMention] = []
    for text in spans:
        day = resolve_date_span(text, published)
        if day is not None and day not in seen and 1800 <= day.year <= 2100:
            seen.add(day)
            out.append(DateMention(" ".join(text.split()), day))
    return tuple(out)


def infer_published(mentioned: tuple[DateMention, ...]) -> date | None:
    """A guess at the publication date of an undated article: the latest full date named.

    Only spans that give day, month and year count ("January 4, 2019"); news reports
    events on or just before the day they appear, so the latest such date is the best
    guess. Returned dates are always stored with source ``inferred``.
    """
    full = [
        m.date
        for m in mentioned
        if _YEAR.search(m.text)
        and _HAS_MONTH.search(m.text)
        and _HAS_DAY_NUMBER.search(_YEAR.sub("", m.text))
    ]
    return max(full) if full else None
