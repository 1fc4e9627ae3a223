"""Export: every hit of a query, in order, streamed (the CSV and JSON export), and the
name of the file it goes to."""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from collections.abc import Iterator
from datetime import date
from html import unescape
from typing import Any

from whoosh.query import Every

from ..config import Settings
from ..errors import NotFoundError
from ..models import ENTITY_TYPES, Hit, Query
from ..store import read_document
from ..store import schema as S
from .hits import display_names, highlight_results, make_hit, snippet_of
from .index import Index, open_index
from .searcher import read_search_text
from .similar import find_similar
from .translation import OPERATORS, all_of, filter_queries, sort_order, validate

#: Characters of the query part of an export's file name.
MAX_NAME_CHARS = 60


def iter_hits(
    query: Query,
    settings: Settings,
    batch_size: int = 200,
    index: Index | None = None,
    text: bool = False,
) -> Iterator[Hit]:
    """Every hit of ``query`` in its sort order (``page`` and ``page_size`` ignored),
    each with its snippet, as the search page shows it, and with ``text`` its full text.

    The query is searched as the page searches it (typos corrected, malformed syntax as
    words). Hits are streamed in batches, so memory stays flat; the searcher stays open
    until the iterator is exhausted or closed.

    :raises QueryError: the query cannot be run.
    :raises NotFoundError: "more like" an article that is not there (raised here, not
        once a streamed answer has started).
    """
    validate(query)
    index = index or open_index(settings)
    if query.like:
        with index.searcher() as searcher:
            if searcher.document_number(**{S.ID_FIELD: query.like}) is None:
                raise NotFoundError(f"No article with id {query.like!r}")
    return _iter_hits(query, index, batch_size, text)


def _iter_hits(
    query: Query, index: Index, batch_size: int, text: bool
) -> Iterator[Hit]:
    with index.searcher() as searcher:
        text_query, _notices, _correction = read_search_text(
            index, searcher, query.text
        )
        filters = filter_queries(index, query)
        combined: Any = all_of([q for q in filters.values() if q is not None])
        if query.like:
            likeness = find_similar(searcher, query.like, index.segments)
            if isinstance(text_query, Every):
                text_query = likeness.query  # ranked by likeness, as the page does
            combined = likeness.docs & (
                likeness.docs
                if combined is None
                else set(searcher.docs_for_query(combined))
            )
        sortedby, reverse = sort_order(query, text_query)
        results = searcher.search(
            text_query,
            filter=combined,
            limit=None,
            sortedby=sortedby,
            reverse=reverse,
            terms=True,
        )
        highlight_results(results)
        total = len(results)
        for start in range(0, total, batch_size):
            batch = [results[i] for i in range(start, min(total, start + batch_size))]
            docs = [read_document(hit.fields()) for hit in batch]
            state = index.state()
            try:
                names = display_names(index, docs, state)
            finally:
                state.close()
            for hit, doc in zip(batch, docs, strict=True):
                yield make_hit(
                    doc,
                    names,
                    snippet_of(hit, doc),
                    roots=index.sources,
                    text=text,
                )


#: What makes a spreadsheet read a cell as a formula (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: an article titled "=HYPERLINK(...)" or a
    query "-opec" gets a leading apostrophe (OWASP's advice), so opening an export
    never runs what an article or a batch file wrote."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def plain_snippet(snippet: str) -> str:
    """A snippet's text without markup (matches unmarked, entities decoded)."""
    return unescape(re.sub(r"<[^>]+>", "", snippet))


def export_filename(query: Query, extension: str) -> str:
    """The file name of an export of ``query``: ``news-search-biden-2020-03.csv`` from
    its words, filters and dates, ASCII letters, digits and dashes only."""
    words = [w for w in re.findall(r"\w+", query.text) if w not in OPERATORS]
    if query.like:
        words += ["like", query.like]
    for kind in ENTITY_TYPES:
        words.extend(query.filters(kind))
    period = _period_name(query.published_from, query.published_to)
    name = "-".join(words)
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if len(name) > MAX_NAME_CHARS:
        name = name[:MAX_NAME_CHARS].rsplit("-", 1)[0]
    parts = ["news-search", name, period]
    return "-".join(p for p in parts if p) + "." + extension


def _period_name(start: date | None, end: date | None) -> str:
    """``2020-03`` for a whole month, ``2020`` for a whole year, else the dates."""
    if start and end:
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and (
            start.year == end.year
        ):
            return str(start.year)
        last = monthrange(start.year, start.month)[1]
        if start.day == 1 and end == start.replace(day=last):
            return f"{start:%Y-%m}"
        return f"{start.isoformat()}-to-{end.isoformat()}"
    if start:
        return f"from-{start.isoformat()}"
    if end:
        return f"to-{end.isoformat()}"
    return ""
