"""Dates a user types: "2020-07-08", "July 2020", "2019", "last week of August 2019".

The ``--from``/``--to`` options and the web form's date fields take free text; this turns
it into the inclusive range of days it names.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta

_WEEK_OF = re.compile(
    r"^(first|second|third|fourth|last)\s+week\s+of\s+(.+)$", re.IGNORECASE
)
_ORDINAL = {"first": 0, "second": 1, "third": 2, "fourth": 3}


def parse_period(text: str, today: date | None = None) -> tuple[date, date]:
    """The inclusive day range a user's date means: "2020-07-08" is one day, "July 2020" a
    month, "2019" a year, "last week of August 2019" the last seven days of that month.

    Used by ``--from``/``--to`` and the web form: ``from`` takes the start of the range,
    ``to`` its end, so ``--from "July 2020" --to "July 2020"`` is the whole month.

    :raises ValueError: text that names no date.
    """
    span = " ".join(text.split()).strip()
    if not span:
        raise ValueError("empty date")
    if re.fullmatch(r"\d{4}", span):
        year = int(span)
        return date(year, 1, 1), date(year, 12, 31)
    try:
        day = date.fromisoformat(span)
        return day, day
    except ValueError:
        pass
    if re.fullmatch(r"\d{4}-\d{2}", span):
        year, month = map(int, span.split("-"))
        if 1 <= month <= 12:
            return date(year, month, 1), date(
                year, month, calendar.monthrange(year, month)[1]
            )
    m = _WEEK_OF.match(span)
    if m:
        start, end = parse_period(m.group(2), today)
        if m.group(1).lower() == "last":
            return max(start, end - timedelta(days=6)), end
        first = start + timedelta(days=7 * _ORDINAL[m.group(1).lower()])
        return first, min(end, first + timedelta(days=6))
    from dateparser.date import DateDataParser

    base = datetime.combine(today or date.today(), datetime.min.time())
    parser = DateDataParser(
        languages=["en"],
        settings={
            "RETURN_AS_TIMEZONE_AWARE": False,
            "RELATIVE_BASE": base,
            "PREFER_DAY_OF_MONTH": "first",
            "PREFER_DATES_FROM": "past",
        },
    )
    data = parser.get_date_data(span)
    if data is None or data.date_obj is None:
        raise ValueError(f"cannot read {text!r} as a date")
    day = data.date_obj.date()
    if data.period == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    if data.period == "month":
        return day.replace(day=1), day.replace(
            day=calendar.monthrange(day.year, day.month)[1]
        )
    if data.period == "week":
        start = day - timedelta(days=day.weekday())
        return start, start + timedelta(days=6)
    return day, day
