"""One article: everything stored about it, and the articles most like it."""

from __future__ import annotations

from ..config import Settings
from ..errors import NotFoundError
from ..models import ENTITY_TYPES, ArticleRecord, Entity, Hit, Query
from ..store import read_document
from ..store import schema as S
from .hits import relative_source
from .index import Index, open_index
from .searcher import search


def get_article(
    article_id: str, settings: Settings, index: Index | None = None
) -> ArticleRecord:
    """Everything stored about one article, its entities by display name.

    :raises NotFoundError: no article with this id.
    """
    index = index or open_index(settings)
    with index.searcher() as searcher:
        fields = searcher.document(**{S.ID_FIELD: article_id})
    if fields is None:
        raise NotFoundError(f"No article with id {article_id!r}")
    doc = read_document(fields)
    entities = doc.entities()
    state = index.state()
    try:
        names = {
            k: index.display_names(k, [e.key for e in entities if e.type == k], state)
            for k in ENTITY_TYPES
        }
    finally:
        state.close()
    return ArticleRecord(
        id=doc.id,
        title=doc.title,
        body=doc.body,
        source=relative_source(doc.source, index.sources),
        url=doc.url,
        dateline=doc.dateline,
        published=doc.published,
        published_source=doc.published_source,
        entities=tuple(
            Entity(e.type, e.key, names[e.type].get(e.key, e.name), e.mentions, e.forms)
            for e in entities
        ),
        mentioned_dates=doc.mentioned_dates(),
    )


def similar_articles(
    article_id: str,
    settings: Settings,
    limit: int = 5,
    index: Index | None = None,
) -> list[Hit]:
    """The articles most like one article, most alike first: the first page of the
    "more like this" search (``Query(like=article_id)``, :mod:`~search.query.similar`),
    its copies left out and other stories' copies folded as the setting says.

    :raises NotFoundError: no article with this id.
    """
    result = search(Query(like=article_id, page_size=limit), settings, index)
    return list(result.hits)
