"""Batch search: a list of queries in, one row of answers per query out.

What Datashare's batch search does for a reporter checking a list of names against the
archive. A batch is CSV text with a header row (columns :data:`BATCH_COLUMNS`, any of
them, in any order) or plain text with one query per line (:func:`read_batch`). Each row
is searched as ``/api/search`` and ``news-search search`` search it, with the same
defaults (:func:`run_batch`), and answered with its total, the first and last publication
date of every matching article and its top :data:`TOP_HITS` hits (:data:`RESULT_COLUMNS`).
A row that cannot run (a date no one can read, a query too long, syntax with no
searchable word) is answered with an ``error`` and the others still run. The CLI
(``news-search batch``) and the web app (``POST /api/batch``) share all of this.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

import numpy as np
from whoosh import query as Q
from whoosh.util.times import long_to_datetime

from ..config import Settings
from ..errors import NewsSearchError, QueryError, TooLargeError
from ..models import Query
from ..store import schema as S
from .docsets import Matches, filter_docs, matching_docs
from .export import spreadsheet_safe
from .index import Index, open_index
from .periods import parse_period
from .searcher import read_search_text, search
from .segments import MISSING
from .translation import (
    check_text_length,
    filter_queries,
    parse_query_text,
    validate,
)

log = logging.getLogger(__name__)

#: The columns a CSV batch may have: the search box, the entity filters and the
#: publication dates, named as the URL parameters of ``/api/search`` are.
BATCH_COLUMNS: tuple[str, ...] = ("query", "person", "org", "place", "from", "to")
#: Hits listed per query.
TOP_HITS = 3
#: The columns of the answer: the row as read, then what the archive says about it.
RESULT_COLUMNS: tuple[str, ...] = (
    *BATCH_COLUMNS,
    "total",
    "first",
    "last",
    *(f"{kind}_{n}" for n in range(1, TOP_HITS + 1) for kind in ("id", "title")),
    "notice",
    "error",
)
#: Formats :func:`read_batch` reads: told by the header ("auto"), or said.
BATCH_FORMATS: tuple[str, ...] = ("auto", "csv", "lines")
#: Several names in one cell of ``person``, ``org`` or ``place`` are separated by this
#: (how the CSV export joins them); any of them may match, as repeated URL parameters.
NAME_SEPARATOR = ";"


@dataclass(frozen=True, slots=True)
class BatchRow:
    """One query of a batch, as written: the cells of its row, blanks stripped."""

    query: str = ""
    person: tuple[str, ...] = ()
    org: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""
    #: Why the row cannot be searched as it was read (too many cells), if it cannot.
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class BatchAnswer:
    """What the archive says about one row: :data:`RESULT_COLUMNS` as data."""

    row: BatchRow
    total: int | None = None
    first: date | None = None
    last: date | None = None
    #: (id, title) of the top hits, best first
    top: tuple[tuple[str, str], ...] = ()
    notices: tuple[str, ...] = ()
    error: str | None = None


def read_batch(text: str, kind: str = "auto", limit: int = 1000) -> list[BatchRow]:
    """The queries of a batch.

    :param kind: "csv": a header row of :data:`BATCH_COLUMNS` (a column may repeat: its
        names are OR'ed, its dates the last one given), then one row per query; a row of
        blank cells is skipped. "lines": one query per line, blank lines skipped. "auto":
        CSV when the first line is such a header, else lines.
    :param limit: most queries (the ``batch_limit`` setting).
    :raises QueryError: a CSV batch without a header of known columns.
    :raises TooLargeError: more than ``limit`` queries.
    """
    if kind not in BATCH_FORMATS:
        raise QueryError(
            f"batch format must be one of {', '.join(BATCH_FORMATS)}, not {kind!r}"
        )
    text = text.removeprefix("\ufeff")  # the byte order mark Excel writes
    if kind == "auto":
        kind = "csv" if _header(_first_line(text)) is not None else "lines"
    rows = _csv_rows(text) if kind == "csv" else _line_rows(text)
    batch: list[BatchRow] = []
    for row in rows:
        if len(batch) == limit:
            raise TooLargeError(
                f"The batch has more than {limit:,} queries, the most answered at a "
                "time (setting batch_limit): split it into smaller batches."
            )
        batch.append(row)
    return batch


def run_batch(
    rows: Iterable[BatchRow], settings: Settings, index: Index | None = None
) -> Iterator[BatchAnswer]:
    """Search each row, in order, and answer it (:func:`answer_row`).

    :param index: the open index (its caches serve every row); without one, the index of
        ``settings`` is opened once for the batch.
    :raises IndexMissingError: there is no index (before the first answer).
    """
    index = index or open_index(settings)
    for row in rows:
        yield answer_row(row, settings, index)


def answer_row(row: BatchRow, settings: Settings, index: Index) -> BatchAnswer:
    """The answer to one row: its total, first and last dates and top hits, exactly what
    :func:`search` finds for :func:`row_query`; or its ``error`` when it cannot run."""
    if row.problem:
        return BatchAnswer(row, error=row.problem)
    try:
        query = row_query(row, settings)
        text_query, notice = parse_query_text(index, query.text)
        if text_query is Q.NullQuery and notice:
            # Nothing of it can be searched: no words, or a wildcard standing for
            # too many. Answering 0 would read as "not in the archive".
            return BatchAnswer(row, error=notice)
        result = search(query, settings, index)
        first, last = published_span(query, settings, index, result.total)
    except NewsSearchError as exc:
        return BatchAnswer(row, error=exc.message)
    return BatchAnswer(
        row,
        total=result.total,
        first=first,
        last=last,
        top=tuple((hit.id, hit.title) for hit in result.hits[:TOP_HITS]),
        notices=result.notices,
    )


def row_query(row: BatchRow, settings: Settings) -> Query:
    """The :class:`Query` of a row, as ``/api/search`` reads the same parameters: dates
    through :func:`parse_period` (``from`` its first day, ``to`` its last), the first page
    by relevance (newest first without words), :data:`TOP_HITS` hits a page.

    :raises QueryError: the query is too long, a date cannot be read, or ``from`` is
        after ``to``.
    """
    check_text_length(len(row.query))
    published: dict[str, date | None] = {}
    for name, text in (("from", row.date_from), ("to", row.date_to)):
        published[name] = None
        if text:
            try:
                start, end = parse_period(text)
            except ValueError:
                raise QueryError(
                    f"Cannot read {text!r} as a date for '{name}'; try 2020-07-08, "
                    "'March 2020' or 'last week of July 2020'"
                ) from None
            published[name] = end if name == "to" else start
    query = Query(
        text=row.query,
        person=row.person,
        org=row.org,
        place=row.place,
        published_from=published["from"],
        published_to=published["to"],
        page_size=TOP_HITS,
        facet_limit=settings.facet_limit,
    )
    validate(query)
    return query


def published_span(
    query: Query, settings: Settings, index: Index, total: int
) -> tuple[date | None, date | None]:
    """The first and last publication date among every article ``query`` matches (None
    when none is dated).

    Read from the date column of the index's facet table over the matched documents,
    found as :func:`search` finds them (the text as it is searched, typos corrected,
    then the filters): no hit is read. Should the count differ from ``total`` (the
    search's own), or a segment lack the column (an old index), the first hit of the
    search sorted oldest and newest first says it instead, which costs two searches.
    """
    if total == 0:
        return None, None
    with index.searcher() as searcher:
        text_query, _notices, _correction = read_search_text(
            index, searcher, query.text
        )
        filters = {
            k: q for k, q in filter_queries(index, query).items() if q is not None
        }
        table = index.facet_table(searcher)
        if S.PUBLISHED in table.full_columns:
            text_docs = matching_docs(searcher, text_query, index.segments)
            matched = Matches(
                text_docs,
                filter_docs(searcher, table, query, filters, text_docs, index.segments),
            ).all()
            if len(matched) == total:
                return _column_span(table.arrays[S.PUBLISHED], matched)
            log.debug(
                "batch: %d matches for %r, the search found %d; dates by sorting",
                len(matched),
                query,
                total,
            )
    oldest, newest = (
        search(query.replace(sort=sort, page_size=1), settings, index).hits
        for sort in ("oldest", "newest")
    )
    return (
        oldest[0].published if oldest else None,
        newest[0].published if newest else None,
    )


def _column_span(
    column: np.ndarray, docs: Collection[int]
) -> tuple[date | None, date | None]:
    """The smallest and largest date of ``docs`` in a DATETIME column (undated left out)."""
    values = column[np.fromiter(docs, dtype=np.int64, count=len(docs))]
    values = values[values != MISSING]
    if not len(values):
        return None, None
    return (
        long_to_datetime(int(values.min())).date(),
        long_to_datetime(int(values.max())).date(),
    )


def answer_cells(answer: BatchAnswer) -> list[str]:
    """The answer as one CSV row of :data:`RESULT_COLUMNS`."""
    row = answer.row
    top = [cell for hit in answer.top for cell in hit]
    top += [""] * (2 * TOP_HITS - len(top))
    return [
        row.query,
        f"{NAME_SEPARATOR} ".join(row.person),
        f"{NAME_SEPARATOR} ".join(row.org),
        f"{NAME_SEPARATOR} ".join(row.place),
        row.date_from,
        row.date_to,
        "" if answer.total is None else str(answer.total),
        answer.first.isoformat() if answer.first else "",
        answer.last.isoformat() if answer.last else "",
        *top,
        " ".join(answer.notices),
        answer.error or "",
    ]


def iter_batch_csv(answers: Iterable[BatchAnswer]) -> Iterator[str]:
    """CSV text of the answers, header first, one line each as it is answered (so a
    response or a file can be written while the batch runs)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for cells in (list(RESULT_COLUMNS), *(answer_cells(a) for a in answers)):
        writer.writerow([spreadsheet_safe(c) for c in cells])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def batch_filename(source: str | None = None) -> str:
    """The file name of a batch's answers: ``news-search-batch-names.csv`` for a batch
    read from ``names.csv``, ASCII letters, digits and dashes only."""
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", (source or "").rsplit("/", 1)[-1])
    stem = stem.rsplit("\\", 1)[-1]
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:60].strip("-")
    return "-".join(p for p in ("news-search-batch", stem) if p) + ".csv"


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line
    return ""


def _header(line: str) -> list[str] | None:
    """The column names of a header line, or None when it is no header of a batch."""
    try:
        return _columns(next(csv.reader([line]), []))
    except csv.Error:
        return None


def _columns(cells: list[str]) -> list[str] | None:
    """The column names of a header row's cells, or None when they are not all names of
    :data:`BATCH_COLUMNS` (blank cells after the last name are left out)."""
    while cells and not cells[-1].strip():
        cells = cells[:-1]
    names = [c.strip().lower() for c in cells]
    if not names or any(n not in BATCH_COLUMNS for n in names):
        return None
    return names


def _line_rows(text: str) -> Iterator[BatchRow]:
    for line in text.splitlines():
        if line.strip():
            yield BatchRow(query=line.strip())


def _csv_rows(text: str) -> Iterator[BatchRow]:
    reader = csv.reader(io.StringIO(text, newline=""))
    columns: list[str] | None = None
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            if columns is None:
                columns = _columns(cells)
                if columns is None:
                    raise QueryError(
                        "A CSV batch starts with a header row naming its columns, "
                        f"from {', '.join(BATCH_COLUMNS)}; this one starts with "
                        f"{', '.join(repr(c) for c in cells[:6])}"
                    )
                continue
            yield _row(columns, cells)
    except csv.Error as exc:
        raise QueryError(
            f"Cannot read the batch as CSV (line {reader.line_num}): {exc}"
        ) from exc


def _row(columns: list[str], cells: list[str]) -> BatchRow:
    values: dict[str, list[str]] = {name: [] for name in BATCH_COLUMNS}
    for name, cell in zip(columns, cells, strict=False):
        cell = cell.strip()
        if name in ("person", "org", "place"):
            values[name] += [v.strip() for v in cell.split(NAME_SEPARATOR)]
        elif cell:
            values[name].append(cell)

    def names(kind: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v for v in values[kind] if v))

    def last(name: str) -> str:
        return values[name][-1] if values[name] else ""

    past = any(c.strip() for c in cells[len(columns) :])
    return BatchRow(
        query=last("query"),
        person=names("person"),
        org=names("org"),
        place=names("place"),
        date_from=last("from"),
        date_to=last("to"),
        problem=f"The row has more cells than the header's {len(columns)} columns: "
        "quote a cell that holds a comma."
        if past
        else None,
    )
