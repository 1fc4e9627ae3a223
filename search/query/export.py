"""Export: every hit of a query, in order, streamed (the CSV and JSON export)."""

from __future__ import annotations

from collections.abc import Iterator

from ..config import Settings
from ..models import Hit, Query
from ..store import read_document
from .hits import display_names, make_hit
from .index import Index, open_index
from .translation import all_of, filter_queries, parse_query_text, sort_order, validate


def iter_hits(
    query: Query,
    settings: Settings,
    batch_size: int = 200,
    index: Index | None = None,
) -> Iterator[Hit]:
    """Every hit of ``query`` in its sort order (``page`` and ``page_size`` ignored).

    Hits carry no snippet (``""``) and no score: this is for exporting a whole result
    set, streamed in batches, so memory stays flat. The searcher stays open until the
    iterator is exhausted or closed.

    :raises QueryError: the query cannot be run.
    """
    validate(query)
    index = index or open_index(settings)
    text_query, _notice = parse_query_text(index, query.text)
    with index.searcher() as searcher:
        filters = filter_queries(index, query)
        combined = all_of([q for q in filters.values() if q is not None])
        sortedby, reverse = sort_order(query, text_query)
        results = searcher.search(
            text_query, filter=combined, limit=None, sortedby=sortedby, reverse=reverse
        )
        total = len(results)
        for start in range(0, total, batch_size):
            batch = [
                read_document(searcher.stored_fields(results.docnum(i)))
                for i in range(start, min(total, start + batch_size))
            ]
            state = index.state()
            try:
                names = display_names(index, batch, state)
            finally:
                state.close()
            for doc in batch:
                yield make_hit(doc, names)
