"""The JSON API under ``/api``: the same parameters as the search page, the same
objects as ``news-search … --json``.

- ``/api/search``: :func:`search.serialize.result_to_json`, exactly what
  ``news-search search --json`` prints for the same parameters.
- ``/api/articles/<id>`` and ``/api/articles/<id>/similar``.
- ``/api/facets/<name>``: every value of one facet under a search, with ``prefix``.
- ``/api/export.csv`` and ``/api/export.json``: every hit of a search, all pages,
  streamed.
- ``/api/openapi.json``: an OpenAPI 3 description, built from
  :data:`web.params.PARAMS`.

Errors come back as ``{"ok": false, "error": message, "status": n}`` (``create_app``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, jsonify, request, stream_with_context, url_for

from search import QueryError, get_article, open_index, search
from search.facets_api import FACETS, facet_values, iter_hits, similar_articles
from search.models import SORTS, Hit
from search.querying import MAX_PAGE, MAX_QUERY_CHARS
from search.serialize import article_to_json, hit_to_json, result_to_json

from .params import PARAMS, facet_urls
from .views import current_settings, search_args

bp = Blueprint("api", __name__)

EXPORT_COLUMNS = (
    "id",
    "title",
    "published",
    "published_source",
    "source",
    "url",
    "persons",
    "orgs",
    "places",
)
MAX_FACET_LIMIT = 1000
MAX_SIMILAR_LIMIT = 100
#: The library's own limit, as for `news-search search --page-size` (the page: 100).
API_MAX_PAGE_SIZE = 1000


@bp.get("/search")
def search_json() -> Response:
    settings = current_settings()
    query = search_args().to_query(settings, max_page_size=API_MAX_PAGE_SIZE)
    return jsonify(result_to_json(search(query, settings)))


@bp.get("/articles/<path:article_id>")
def article_json(article_id: str) -> Response:
    return jsonify(article_to_json(get_article(article_id, current_settings())))


@bp.get("/articles/<path:article_id>/similar")
def similar_json(article_id: str) -> Response:
    hits = similar_articles(
        article_id, current_settings(), limit=_limit(10, MAX_SIMILAR_LIMIT)
    )
    return jsonify({"id": article_id, "hits": [hit_to_json(h) for h in hits]})


@bp.get("/facets/<name>")
def facet_json(name: str) -> Response:
    settings = current_settings()
    args = search_args(url_for("views.search_page"))
    prefix = request.args.get("prefix", "").strip()
    facet = facet_values(
        args.to_query(settings),
        name,
        settings,
        prefix=prefix,
        limit=_limit(100, MAX_FACET_LIMIT),
    )
    values = (
        facet_urls(args, name, facet.values)
        if name in ("person", "org", "place")
        else [
            {
                "value": v.value,
                "label": v.label,
                "count": v.count,
                "selected": v.selected,
            }
            for v in facet.values
        ]
    )
    return jsonify(
        {
            "facet": name,
            "prefix": prefix,
            "truncated": facet.truncated,
            "values": [
                {
                    "value": v["label"],
                    "key": v["value"],
                    "count": v["count"],
                    "selected": v["selected"],
                    **({"toggle_url": v["toggle_url"]} if "toggle_url" in v else {}),
                }
                for v in values
            ],
        }
    )


@bp.get("/export.<fmt>")
def export(fmt: str) -> Response:
    """Every hit of the search, streamed as CSV or a JSON array (``page`` ignored)."""
    if fmt not in ("csv", "json"):
        raise QueryError(f"export format must be csv or json, not {fmt!r}")
    settings = current_settings()
    query = search_args().to_query(settings)
    open_index(settings)  # a missing index is a 503 now, not a broken stream later
    hits = iter_hits(query, settings)
    body = _csv_rows(hits) if fmt == "csv" else _json_rows(hits)
    mimetype = "text/csv" if fmt == "csv" else "application/json"
    return Response(
        stream_with_context(body),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="news-search.{fmt}"'},
    )


def _row(hit: Hit) -> dict[str, Any]:
    data = hit_to_json(hit)
    return {k: data[k] for k in EXPORT_COLUMNS}


def _csv_rows(hits: Iterator[Hit]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for n, hit in enumerate(hits):
        row = _row(hit)
        writer.writerow(
            [
                "; ".join(v) if isinstance(v, list) else "" if v is None else v
                for v in row.values()
            ]
        )
        if n % 100 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json_rows(hits: Iterator[Hit]) -> Iterator[str]:
    yield "["
    for n, hit in enumerate(hits):
        yield ("," if n else "") + "\n" + json.dumps(_row(hit), ensure_ascii=False)
    yield "\n]\n"


def _limit(default: int, most: int) -> int:
    text = request.args.get("limit", "").strip() or str(default)
    try:
        limit = int(text)
    except ValueError:
        raise QueryError(f"limit must be a whole number, not {text!r}") from None
    if not 1 <= limit <= most:
        raise QueryError(f"limit must be between 1 and {most}, not {limit}")
    return limit


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())


def openapi_document() -> dict[str, Any]:
    """OpenAPI 3.0 description of this API; parameters come from :data:`PARAMS`."""

    # What the server accepts, so that a client (or schemathesis) can tell a valid
    # request from one that gets a 400. Dates are free text: only the server can tell.
    bounds: dict[str, dict[str, int]] = {
        "q": {"maxLength": MAX_QUERY_CHARS},
        "page": {"minimum": 1, "maximum": MAX_PAGE},
        "page_size": {"minimum": 1, "maximum": API_MAX_PAGE_SIZE},
    }

    def parameter(p: Any) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": p.type, **bounds.get(p.name, {})}
        if p.enum:
            schema["enum"] = list(p.enum)
        if p.multiple:
            schema = {"type": "array", "items": schema}
        out = {
            "name": p.name,
            "in": "query",
            "required": False,
            "description": p.help,
            "schema": schema,
        }
        if p.type != "string" or p.enum:
            # The search form sends its empty fields, and an empty value means "not
            # given": say so where the schema alone would reject "" (page=, sort=).
            out["allowEmptyValue"] = True
        if p.multiple:
            out.update(style="form", explode=True)
        return out

    search_params = [parameter(p) for p in PARAMS]
    no_page = [p for p in search_params if p["name"] not in ("page", "page_size")]

    def limit(most: int) -> dict[str, Any]:
        return {
            "name": "limit",
            "in": "query",
            "required": False,
            "allowEmptyValue": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": most},
            "description": "Most values.",
        }

    article_id = {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "description": "Article id, as in a hit's `id`.",
    }
    error = {
        "description": "Bad parameters (400), not found (404) or no index (503)",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
        },
    }

    def ok(
        description: str,
        schema: dict[str, Any] | None = None,
        mime: str = "application/json",
    ) -> dict[str, Any]:
        return {
            "description": description,
            "content": {mime: {"schema": schema or {"type": "object"}}},
        }

    errors = {"400": error, "404": error, "503": error}

    def ref(name: str) -> dict[str, Any]:
        return {"$ref": f"#/components/schemas/{name}"}

    def obj(properties: dict[str, Any]) -> dict[str, Any]:
        """An object with exactly these keys, all present."""
        return {
            "type": "object",
            "required": list(properties),
            "properties": properties,
        }

    string = {"type": "string"}
    text = {"type": "string", "nullable": True}
    day = {"type": "string", "format": "date", "nullable": True}
    strings = {"type": "array", "items": string}
    integer = {"type": "integer"}
    boolean = {"type": "boolean"}
    entity = obj({"name": string, "key": string, "mentions": integer})
    facet_value = obj(
        {"value": string, "key": string, "count": integer, "selected": boolean}
    )
    hit = obj(
        {
            "id": string,
            "title": string,
            "published": day,
            "published_inferred": boolean,
            "published_source": text,
            "snippet": string,
            "persons": strings,
            "orgs": strings,
            "places": strings,
            "source": string,
            "url": text,
        }
    )
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "news-search API",
            "version": "1",
            "description": "Full-text search over news with person, organisation, "
            "place and date facets. The same parameters as the "
            "search page; the same objects as `news-search --json`.",
        },
        "paths": {
            "/api/search": {
                "get": {
                    "summary": "Search: one page of hits, facet counts, did-you-mean",
                    "parameters": search_params,
                    "responses": {
                        "200": ok(
                            "As `news-search search --json`", ref("SearchResult")
                        ),
                        **errors,
                    },
                }
            },
            "/api/articles/{id}": {
                "get": {
                    "summary": "One article with its entities and dates",
                    "parameters": [article_id],
                    "responses": {
                        "200": ok("The article", ref("Article")),
                        **errors,
                    },
                }
            },
            "/api/articles/{id}/similar": {
                "get": {
                    "summary": "More like this: the articles closest to one article",
                    "parameters": [article_id, limit(MAX_SIMILAR_LIMIT)],
                    "responses": {"200": ok("{id, hits}", ref("Similar")), **errors},
                }
            },
            "/api/facets/{name}": {
                "get": {
                    "summary": "All values of one facet under a search",
                    "parameters": [
                        {
                            "name": "name",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "enum": list(FACETS)},
                        },
                        {
                            "name": "prefix",
                            "in": "query",
                            "required": False,
                            "schema": {"type": "string"},
                            "description": "Values with a word starting with this.",
                        },
                        limit(MAX_FACET_LIMIT),
                        *no_page,
                    ],
                    "responses": {
                        "200": ok(
                            "{facet, prefix, truncated, values}", ref("FacetValues")
                        ),
                        **errors,
                    },
                }
            },
            "/api/export.csv": {
                "get": {
                    "summary": "Every hit of a search as CSV (all pages, streamed)",
                    "parameters": no_page,
                    "responses": {
                        "200": ok(
                            "CSV with a header row", {"type": "string"}, "text/csv"
                        ),
                        **errors,
                    },
                }
            },
            "/api/export.json": {
                "get": {
                    "summary": "Every hit of a search as JSON (all pages, streamed)",
                    "parameters": no_page,
                    "responses": {
                        "200": ok(
                            "Array of hits",
                            {"type": "array", "items": ref("ExportRow")},
                        ),
                        **errors,
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["ok", "error", "status"],
                    "properties": {
                        "ok": {"type": "boolean", "enum": [False]},
                        "error": {"type": "string"},
                        "status": {"type": "integer"},
                    },
                },
                "SearchResult": obj(
                    {
                        "query": obj(
                            {
                                "q": string,
                                "person": strings,
                                "org": strings,
                                "place": strings,
                                "from": day,
                                "to": day,
                                "mentioned_from": day,
                                "mentioned_to": day,
                                "sort": {"type": "string", "enum": list(SORTS)},
                                "page_size": integer,
                            }
                        ),
                        "total": integer,
                        "page": integer,
                        "pages": integer,
                        "hits": {"type": "array", "items": ref("Hit")},
                        "facets": {
                            "type": "object",
                            "additionalProperties": {
                                "type": "array",
                                "items": facet_value,
                            },
                        },
                        "facets_truncated": {
                            "type": "object",
                            "additionalProperties": boolean,
                        },
                        "suggestion": text,
                        "notices": strings,
                        "seconds": {"type": "number"},
                    }
                ),
                "Hit": hit,
                "Article": obj(
                    {
                        "id": string,
                        "title": string,
                        "body": string,
                        "source": string,
                        "url": text,
                        "dateline": text,
                        "published": day,
                        "published_source": text,
                        "persons": {"type": "array", "items": entity},
                        "orgs": {"type": "array", "items": entity},
                        "places": {"type": "array", "items": entity},
                        "mentioned_dates": {
                            "type": "array",
                            "items": {"type": "string", "format": "date"},
                        },
                    }
                ),
                "Similar": obj(
                    {"id": string, "hits": {"type": "array", "items": ref("Hit")}}
                ),
                "FacetValues": obj(
                    {
                        "facet": string,
                        "prefix": string,
                        "truncated": boolean,
                        "values": {
                            "type": "array",
                            "items": {
                                **facet_value,
                                "properties": {
                                    **facet_value["properties"],
                                    "toggle_url": string,
                                },
                            },
                        },
                    }
                ),
                "ExportRow": obj(
                    {
                        k: hit["properties"][k] if k in hit["properties"] else text
                        for k in EXPORT_COLUMNS
                    }
                ),
            }
        },
    }
