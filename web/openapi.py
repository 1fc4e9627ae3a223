"""The API's contract: its OpenAPI 3 description and the limits it states.

The description is built from :data:`web.params.PARAMS` (the parameters the page and the
API share) and the library's own bounds, so it cannot drift from what the server does;
``tests/test_openapi_fuzz.py`` fuzzes the real app against it.
"""

from __future__ import annotations

from typing import Any

from search.models import SORTS
from search.query import FACETS, MAX_PAGE, MAX_QUERY_CHARS

from .params import PARAMS

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
