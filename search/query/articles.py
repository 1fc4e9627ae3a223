"""One article: everything stored about it, and the articles most like it."""

from __future__ import annotations

from whoosh import query as Q

from ..config import Settings
from ..errors import NotFoundError
from ..models import ENTITY_TYPES, ArticleRecord, Entity, Hit
from ..store import read_document
from ..store import schema as S
from .hits import highlight_results, page_hits_to_hits, relative_source
from .index import Index, open_index


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
    numterms: int = 12,
    index: Index | None = None,
) -> list[Hit]:
    """The articles most like one article: Whoosh's key terms of its body (Bo1 model),
    searched as one OR query, the article itself left out.

    The search records its matched terms, so each hit's snippet marks the words it
    shares with the article (Whoosh's own ``more_like`` gives results without them).

    :raises NotFoundError: no article with this id.
    """
    index = index or open_index(settings)
    with index.searcher() as searcher:
        docnum = searcher.document_number(**{S.ID_FIELD: article_id})
        if docnum is None:
            raise NotFoundError(f"No article with id {article_id!r}")
        body = searcher.stored_fields(docnum).get(S.BODY) or ""
        terms = (
            searcher.key_terms_from_text(S.BODY, body, numterms=numterms)
            if body
            else []
        )
        if not terms:
            return []
        similar = Q.Or([Q.Term(S.BODY, word, boost=weight) for word, weight in terms])
        results = searcher.search(similar, limit=limit, mask={docnum}, terms=True)
        highlight_results(results)
        state = index.state()
        try:
            return page_hits_to_hits(index, results[:limit], state)
        finally:
            state.close()
