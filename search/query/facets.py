"""Queries of the web app beyond one page of :func:`search.searcher.search`.

Read-only helpers that the one-page search does not cover:

- :func:`facet_values`: all values of one facet under a query, optionally only those
  whose name starts with a prefix (the sidebar's filter box, ``/api/facets/<name>``).
  Counts follow the sidebar's multi-select rule: the facet's own filter is left out.
- :func:`iter_hits`: every hit of a query in order, without snippets or facet counts,
  read in batches from one searcher (CSV and JSON export of a whole result set).
- :func:`similar_articles`: "more like this", with snippets marking shared key terms.

They reuse the searcher's query parsing and filters, so they match what ``search``
counts.
"""

from __future__ import annotations

from collections.abc import Iterator

from whoosh import query as Q
from whoosh import sorting

from ..config import Settings
from ..errors import NotFoundError
from ..models import ENTITY_TYPES, Facet, FacetValue, Hit, Query
from ..names import normalise_text
from ..store import schema as S
from .hits import page_hits_to_hits, split_values, stored_date, stored_source
from .index import open_index
from .translation import (
    _and,
    _facets_for,
    _sorting,
    filter_queries,
    parse_text,
    validate,
)

#: Facets :func:`facet_values` can list.
FACETS: tuple[str, ...] = (*ENTITY_TYPES, S.PUBLISHED_YEAR, S.PUBLISHED_MONTH)


def facet_values(
    query: Query, name: str, settings: Settings, prefix: str = "", limit: int = 100
) -> Facet:
    """The values of facet ``name`` under ``query``, most frequent first.

    :param prefix: keep only values with a word starting with it ("pom" finds "Mike
        Pompeo"), compared on the normalised key, so case and accents do not matter.
    :param limit: at most this many values; ``truncated`` says whether more matched.
        Selected values are always included.
    :raises NotFoundError: ``name`` is not a facet.
    :raises QueryError: the query cannot be run (see :func:`search.searcher.validate`).
    """
    if name not in FACETS:
        raise NotFoundError(f"No facet {name!r}; facets are {', '.join(FACETS)}")
    validate(query)
    index = open_index(settings)
    text_query, _notice = parse_text(index, query.text)
    group = "published" if name in S.DATE_FACETS else name
    with index.searcher() as searcher:
        filters = filter_queries(index, query)
        others = _and([q for k, q in filters.items() if k != group and q is not None])
        results = searcher.search(
            text_query,
            filter=others,
            limit=1,
            groupedby=_facets_for([name]),
            maptype=sorting.Count,
        )
        counts = {str(k): n for k, n in results.groups(name).items() if k}
    wanted = normalise_text(prefix)
    if wanted:
        counts = {
            k: n
            for k, n in counts.items()
            if k.startswith(wanted) or any(w.startswith(wanted) for w in k.split())
        }
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if name not in ENTITY_TYPES:
        shown = items[:limit]
        return Facet(
            name,
            tuple(FacetValue(k, k, n) for k, n in shown),
            truncated=len(items) > len(shown),
        )
    selected = {index.entity_key(name, v) for v in query.filters(name)}
    shown = items[:limit] + [kv for kv in items[limit:] if kv[0] in selected]
    state = index.state()
    try:
        labels = index.display_names(name, [k for k, _n in shown], state)
    finally:
        state.close()
    return Facet(
        name,
        tuple(FacetValue(k, labels[k], n, k in selected) for k, n in shown),
        truncated=len(items) > len(shown),
    )


def iter_hits(query: Query, settings: Settings, batch_size: int = 200) -> Iterator[Hit]:
    """Every hit of ``query`` in its sort order (``page`` and ``page_size`` ignored).

    Hits carry no snippet (``""``) and no score: this is for exporting a whole result
    set, streamed, so memory stays flat. The searcher stays open until the iterator is
    exhausted or closed.

    :raises QueryError: the query cannot be run.
    """
    validate(query)
    index = open_index(settings)
    text_query, _notice = parse_text(index, query.text)
    with index.searcher() as searcher:
        filters = filter_queries(index, query)
        combined = _and([q for q in filters.values() if q is not None])
        sortedby, reverse = _sorting(query, text_query)
        results = searcher.search(
            text_query, filter=combined, limit=None, sortedby=sortedby, reverse=reverse
        )
        total = len(results)
        for start in range(0, total, batch_size):
            batch = [
                searcher.stored_fields(results.docnum(i))
                for i in range(start, min(total, start + batch_size))
            ]
            state = index.state()
            try:
                names = {
                    kind: index.display_names(
                        kind,
                        sorted({k for f in batch for k in split_values(f.get(kind))}),
                        state,
                    )
                    for kind in ENTITY_TYPES
                }
            finally:
                state.close()
            for f in batch:
                yield Hit(
                    id=f[S.ID_FIELD],
                    title=f.get(S.TITLE, ""),
                    published=stored_date(f.get(S.PUBLISHED)),
                    published_source=stored_source(f),
                    snippet="",
                    persons=tuple(
                        names["person"][k] for k in split_values(f.get("person"))
                    ),
                    orgs=tuple(names["org"][k] for k in split_values(f.get("org"))),
                    places=tuple(
                        names["place"][k] for k in split_values(f.get("place"))
                    ),
                    source=f.get(S.SOURCE, ""),
                    url=f.get(S.URL),
                )


def similar_articles(
    article_id: str, settings: Settings, limit: int = 5, numterms: int = 12
) -> list[Hit]:
    """The articles most like one article: Whoosh's key terms of its body (Bo1 model),
    searched as one OR query, the article itself left out.

    Unlike :func:`search.searcher.more_like_this` (whose ``Results`` carry no matched
    terms, so building snippets raises ``NoTermsException``) the search records its
    terms, and each hit's snippet marks the words it shares with the article.

    :raises NotFoundError: no article with this id.
    """
    index = open_index(settings)
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
        from whoosh import highlight

        results.fragmenter = highlight.ContextFragmenter(maxchars=240, surround=70)
        results.formatter = highlight.HtmlFormatter(
            tagname="mark", classname="match", termclass="term", between=" … "
        )
        state = index.state()
        try:
            return page_hits_to_hits(index, results[:limit], state)
        finally:
            state.close()
