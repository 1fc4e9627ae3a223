"""The publication-date histogram of the sidebar, as plain data for an SVG.

Bars come from the ``published_month`` facet (or ``published_year`` when the span is
longer than :data:`MAX_MONTHS`), empty months filled in so time reads left to right.
Each bar is a link that filters to its month or year, so the chart works without
JavaScript; ``static/app.js`` adds brushing (drag across bars to choose a range).
The geometry is computed here because the CSP forbids inline styles: the template writes
SVG attributes only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from search import SearchResult

from .params import SearchArgs

MAX_MONTHS = 60
WIDTH, HEIGHT = 264, 64
MAX_STEP = 24
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@dataclass(frozen=True)
class Bar:
    key: str  # "2020-03" or "2020": what from/to are set to
    label: str  # "Mar 2020"
    count: int
    active: bool  # inside the selected date range (all bars when there is none)
    url: str
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Histogram:
    unit: str  # "month" or "year"
    bars: list[Bar]
    ticks: list[tuple[float, str]]  # (x, label) under the axis
    undated: int
    width: int = WIDTH
    height: int = HEIGHT


#: (key, label, count, first day, day after the last) of one bar.
Bucket = tuple[str, str, int, date, date]


def build_histogram(
    result: SearchResult, args: SearchArgs, width: int = WIDTH, height: int = HEIGHT
) -> Histogram | None:
    """The histogram of ``result``'s date facets, or None when no hit has a date.

    :param width: and ``height``: the drawing's size (the sidebar's by default; the
        entity page draws a wider one).
    """
    months = _counts(result, "published_month")
    years = _counts(result, "published_year")
    undated = sum(
        v.count for v in result.facets["published_year"].values if v.value == "undated"
    )
    if not months and not years:
        return None
    try:
        dates = args.dates()
        lo, hi = dates["from"], dates["to"]
    except Exception:  # noqa: BLE001 - the search itself reported bad dates already
        lo = hi = None
    buckets = _month_buckets(months) if months else []
    unit = "month"
    if not buckets:
        unit, buckets = "year", _year_buckets(years)
    peak = max(c for *_rest, c, _s, _e in buckets) or 1
    n = len(buckets)
    step = min(width / n, MAX_STEP * width / WIDTH)  # a few bars stay bars, not blocks
    left = (width - step * n) / 2
    gap = min(2.0, step * 0.2)
    bars = []
    for i, (key, label, count, start, end) in enumerate(buckets):
        bar = 0.0 if not count else max(2.0, (height - 2) * count / peak)
        active = (lo is None or end > lo) and (hi is None or start <= hi)
        bars.append(
            Bar(
                key,
                label,
                count,
                active,
                args.url(**{"from": key, "to": key}),
                x=round(left + i * step, 2),
                y=round(height - bar, 2),
                width=round(max(step - gap, 0.5), 2),
                height=round(bar, 2),
            )
        )
    ticks = [(round(left + x, 2), label) for x, label in _ticks(buckets, step, unit)]
    return Histogram(unit, bars, ticks, undated, width, height)


def _counts(result: SearchResult, facet: str) -> dict[str, int]:
    return {
        v.value: v.count for v in result.facets[facet].values if v.value != "undated"
    }


def _month_buckets(months: dict[str, int]) -> list[Bucket]:
    """One bucket per month from the first to the last, empty months included; none
    when that is more than :data:`MAX_MONTHS` (the histogram goes by year then)."""
    first, last = _month(min(months)), _month(max(months))
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    if span > MAX_MONTHS:
        return []
    buckets = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        key = f"{y:04d}-{m:02d}"
        end = date(y + m // 12, m % 12 + 1, 1)
        buckets.append(
            (key, f"{MONTHS[m - 1]} {y}", months.get(key, 0), date(y, m, 1), end)
        )
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return buckets


def _year_buckets(years: dict[str, int]) -> list[Bucket]:
    """One bucket per year from the first to the last, empty years included."""
    numbers = [int(k) for k in years if k.isdigit()]
    return [
        (str(y), str(y), years.get(str(y), 0), date(y, 1, 1), date(y + 1, 1, 1))
        for y in range(min(numbers), max(numbers) + 1)
    ]


def _month(key: str) -> date:
    y, m = key.split("-")
    return date(int(y), int(m), 1)


def _ticks(buckets: list[Bucket], step: float, unit: str) -> list[tuple[float, str]]:
    """Year labels: at each January for months, else at most ~6 evenly spread years."""
    if unit == "month":
        ticks = [
            (round(i * step, 2), b[3].strftime("%Y"))
            for i, b in enumerate(buckets)
            if b[3].month == 1
        ]
        if not ticks or ticks[0][0] > step * 3:
            ticks.insert(0, (0.0, buckets[0][1]))
        return ticks
    every = max(1, -(-len(buckets) // 6))
    return [(round(i * step, 2), b[0]) for i, b in enumerate(buckets) if i % every == 0]
