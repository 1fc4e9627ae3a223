"""One article: everything stored about it, articles like it, and the index's date span."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from ..config import Settings
from ..errors import NotFoundError
from ..models import ENTITY_TYPES, ArticleRecord, DateMention, Hit, entity_from_json
from ..store import schema as S
from .hits import page_hits_to_hits, stored_date, stored_source
from .index import Index, open_index


def get_article(
    article_id: str, settings: Settings, index: Index | None = None
) -> ArticleRecord:
    """Everything stored about one article.

    :raises NotFoundError: no article with this id.
    """

    index = index or open_index(settings)
    with index.searcher() as searcher:
        fields = searcher.document(**{S.ID_FIELD: article_id})
    if fields is None:
        raise NotFoundError(f"No article with id {article_id!r}")
    extra = json.loads(fields.get(S.ENTITIES) or '{"entities": [], "mentioned": []}')
    entities = tuple(entity_from_json(e) for e in extra["entities"])
    state = index.state()
    try:
        names = {
            k: index.display_names(k, [e.key for e in entities if e.type == k], state)
            for k in ENTITY_TYPES
        }
    finally:
        state.close()
    entities = tuple(
        e.__class__(
            e.type, e.key, names[e.type].get(e.key, e.name), e.mentions, e.forms
        )
        for e in entities
    )
    return ArticleRecord(
        id=fields[S.ID_FIELD],
        title=fields.get(S.TITLE, ""),
        body=fields.get(S.BODY, ""),
        source=fields.get(S.SOURCE, ""),
        url=fields.get(S.URL),
        dateline=fields.get(S.DATELINE),
        published=stored_date(fields.get(S.PUBLISHED)),
        published_source=stored_source(fields),
        entities=entities,
        mentioned_dates=tuple(
            DateMention(t, date.fromisoformat(d)) for t, d in extra["mentioned"]
        ),
    )


def more_like_this(
    article_id: str, settings: Settings, limit: int = 5, index: Index | None = None
) -> list[Hit]:
    """Articles most similar to one article (Whoosh's more-like-this on the body)."""
    index = index or open_index(settings)
    with index.searcher() as searcher:
        docnum = searcher.document_number(**{S.ID_FIELD: article_id})
        if docnum is None:
            raise NotFoundError(f"No article with id {article_id!r}")
        results = searcher.more_like(docnum, S.BODY, top=limit)
        state = index.state()
        try:
            return page_hits_to_hits(index, results[:limit], state)
        finally:
            state.close()


def date_bounds(
    settings: Settings, index: Index | None = None
) -> tuple[date | None, date | None]:
    """Earliest and latest publication date in the index."""
    index = index or open_index(settings)
    with index.searcher() as searcher:
        lexicon = [
            t for t in searcher.lexicon(S.PUBLISHED_MONTH) if t != S.UNDATED.encode()
        ]
    if not lexicon:
        return None, None
    first = datetime.strptime(lexicon[0].decode(), "%Y-%m").date()
    last = datetime.strptime(lexicon[-1].decode(), "%Y-%m").date()
    return first, (last.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(
        days=1
    )
