"""JSON shapes shared by ``news-search ... --json`` and the web API (one contract)."""

from __future__ import annotations

from typing import Any

from ..models import ArticleRecord, Extraction, FacetValue, Hit, SearchResult


def hit_to_json(hit: Hit) -> dict[str, Any]:
    """One hit, as in ``/api/search``, ``/api/articles/<id>/similar`` and the export.

    ``group`` is its copies group (the smallest id among the copies of its story; null
    in an index not reindexed since groups came); ``copies`` how many articles of the
    whole index are in that group, matching the search or not (1: no copies), what the
    search ``group:"ID"`` with ``fold=0`` lists.
    """
    return {
        "id": hit.id,
        "title": hit.title,
        "published": hit.published.isoformat() if hit.published else None,
        "published_inferred": hit.published_inferred,
        "published_source": hit.published_source,
        "snippet": hit.snippet,
        "persons": list(hit.persons),
        "orgs": list(hit.orgs),
        "places": list(hit.places),
        "source": hit.source,
        "url": hit.url,
        "group": hit.group,
        "copies": hit.copies,
    }


def result_to_json(result: SearchResult) -> dict[str, Any]:
    """The object of ``search --json`` and ``/api/search``.

    ``total`` counts articles, folded or not (as the facet counts do); ``groups`` is how
    many groups of copies they make when the search is folded (``query.fold``; each
    group then shows once, and ``pages`` counts pages of groups), else null.
    ``like_title`` is the title of the article of "more like this" (``query.like``).
    """
    q = result.query
    return {
        "query": {
            "q": q.text,
            "person": list(q.person),
            "org": list(q.org),
            "place": list(q.place),
            "language": list(q.language),
            "format": list(q.format),
            "from": q.published_from.isoformat() if q.published_from else None,
            "to": q.published_to.isoformat() if q.published_to else None,
            "mentioned_from": q.mentioned_from.isoformat()
            if q.mentioned_from
            else None,
            "mentioned_to": q.mentioned_to.isoformat() if q.mentioned_to else None,
            "sort": q.sort,
            "page_size": q.page_size,
            "fold": result.groups is not None,
            "like": q.like,
        },
        "like_title": result.like_title,
        "total": result.total,
        "groups": result.groups,
        "page": q.page,
        "pages": result.pages,
        "hits": [hit_to_json(h) for h in result.hits],
        "facets": {
            name: [facet_value_to_json(v) for v in facet.values]
            for name, facet in result.facets.items()
        },
        "facets_truncated": {name: f.truncated for name, f in result.facets.items()},
        "suggestion": result.suggestion,
        "searched_for": result.searched_for,
        "search_instead": result.search_instead,
        "notices": list(result.notices),
        "seconds": round(result.seconds, 4),
    }


def facet_value_to_json(value: FacetValue) -> dict[str, Any]:
    """One facet value: ``value`` is the name shown, ``key`` what filters match."""
    return {
        "value": value.label,
        "key": value.value,
        "count": value.count,
        "selected": value.selected,
    }


def article_to_json(record: ArticleRecord) -> dict[str, Any]:
    """The object of ``/api/articles/<id>``."""

    def entities(kind: str) -> list[dict[str, Any]]:
        return [
            {"name": e.name, "key": e.key, "mentions": e.mentions}
            for e in record.entities
            if e.type == kind
        ]

    return {
        "id": record.id,
        "title": record.title,
        "body": record.body,
        "source": record.source,
        "url": record.url,
        "dateline": record.dateline,
        "published": record.published.isoformat() if record.published else None,
        "published_source": record.published_source,
        "persons": entities("person"),
        "orgs": entities("org"),
        "places": entities("place"),
        "mentioned_dates": [m.date.isoformat() for m in record.mentioned_dates],
    }


def extraction_to_json(
    article_id: str, title: str, extraction: Extraction, dateline: str | None = None
) -> dict[str, Any]:
    """One article of ``extract --json``: exactly what the indexer stores."""

    def entities(kind: str) -> list[dict[str, Any]]:
        return [
            {"name": e.name, "mentions": e.mentions} for e in extraction.of_type(kind)
        ]

    return {
        "id": article_id,
        "title": title,
        "dateline": dateline,
        "published": extraction.published.isoformat() if extraction.published else None,
        "published_source": extraction.published_source,
        "persons": entities("person"),
        "orgs": entities("org"),
        "places": entities("place"),
        "mentioned_dates": sorted(
            {m.date.isoformat() for m in extraction.mentioned_dates}
        ),
    }
