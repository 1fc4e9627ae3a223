"""What an index holds: counts of articles, dates and entities, for ``news-search stats``."""

from __future__ import annotations

from typing import Any

from ..config import Settings
from ..models import ENTITY_TYPES
from ..store import schema as S
from .index import Index, open_index


def index_stats(settings: Settings, index: Index | None = None) -> dict[str, Any]:
    """Articles, undated articles, distinct entities per type, date range, sources, size.

    :raises IndexMissingError: there is no index.
    """
    index = index or open_index(settings)
    with index.searcher() as searcher:
        reader = searcher.reader()
        total = searcher.doc_count()
        undated = searcher.doc_frequency(S.PUBLISHED_YEAR, S.UNDATED)
        inferred = searcher.doc_frequency(S.PUBLISHED_SOURCE, "inferred")
        # Values of live articles, as the facets count them: the lexicon would also
        # count names left only by deleted or rewritten documents until a merge.
        table = index.facet_table(searcher)
        live = set(reader.all_doc_ids())
        entities = {kind: len(table.count_all(kind, live)) for kind in ENTITY_TYPES}
        months = [
            m.decode()
            for m in reader.lexicon(S.PUBLISHED_MONTH)
            if m.decode() != S.UNDATED
        ]
    # The live generation and the extraction cache, not the previous generation kept
    # until the next run (it mostly shares its files with the live one anyway).
    files = [*index.dir.rglob("*"), settings.index_dir / S.CACHE_FILE]
    size = sum(p.stat().st_size for p in files if p.is_file())
    return {
        "index_dir": str(settings.index_dir),
        "articles": total,
        "dated": total - undated,
        "undated": undated,
        "inferred_dates": inferred,
        "first_month": months[0] if months else None,
        "last_month": months[-1] if months else None,
        "distinct": entities,
        "sources": index.meta.get("sources", []),
        "model": index.meta.get("model"),
        "updated": index.meta.get("updated"),
        "size_bytes": size,
    }
