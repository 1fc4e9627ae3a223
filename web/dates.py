"""The date parameters of a search, read from the text the user typed.

Dates stay in the URL as typed ("March 2020") and are read on every request with
:func:`search.query.parse_period`: ``from`` and ``mentioned_from`` take the start of
what the text names, ``to`` and ``mentioned_to`` its end ("to=July 2020" ends on 31
July). Text that names no date, and a ``to`` before its ``from``, make one message per
field: shown on the search form (:meth:`web.params.SearchArgs.date_errors`) or raised
as a ``QueryError`` (:meth:`web.params.SearchArgs.dates`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from search.query import parse_period

#: What every date parameter accepts (its help in :data:`web.params.PARAMS`).
DATE_HELP = (
    "ISO date (2020-07-08), month or year ('March 2020', '2019') or phrase "
    "('last week of July 2020'), parsed with dateparser"
)
DATE_PARAMS = ("from", "to", "mentioned_from", "mentioned_to")
#: The start of the message of a ``to`` date before its ``from``.
ORDER_ERROR = "Ends before it starts:"


def read_dates(
    get: Callable[[str], str],
) -> tuple[dict[str, date | None], dict[str, str]]:
    """Each date parameter as a day (None when absent or unreadable), and a message
    for each one that is wrong.

    :param get: the value of a parameter by name, "" when absent.
    """
    out: dict[str, date | None] = {}
    errors: dict[str, str] = {}
    for name in DATE_PARAMS:
        text = get(name)
        out[name] = None
        if not text:
            continue
        try:
            start, end = parse_period(text)
        except ValueError:
            errors[name] = (
                f"Cannot read {text!r} as a date for '{name}'; try 2020-07-08, "
                "'March 2020' or 'last week of July 2020'"
            )
            continue
        out[name] = end if name.endswith("to") else start
    for first, last, what in (
        ("from", "to", "published"),
        ("mentioned_from", "mentioned_to", "mentioned"),
    ):
        a, b = out[first], out[last]
        if a and b and a > b:
            errors[last] = (
                f"{ORDER_ERROR} the {what} 'from' date {a} is after the 'to' date {b}"
            )
    return out, errors


def describe_range(start: str, end: str) -> str:
    """ "March 2020 – July 2020", "since March 2020", "until 2019"."""
    if start and end:
        return start if start == end else f"{start} – {end}"
    return f"since {start}" if start else f"until {end}"
