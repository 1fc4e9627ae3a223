"""The API's contract: its OpenAPI 3 description and the limits it states.

The description is data: the response schemas of :mod:`web.schemas`, and the parameters
built from :data:`web.params.PARAMS` (the parameters the page and the API share) and the
library's own bounds, so it cannot drift from what the server does;
``tests/test_openapi_fuzz.py`` fuzzes the real app against it.
"""

from __future__ import annotations

from typing import Any

from search.models import ENTITY_TYPES
from search.query import (
    BATCH_COLUMNS,
    FACETS,
    MAX_EDGES,
    MAX_NODES,
    MAX_PAGE,
    MAX_QUERY_CHARS,
    RESULT_COLUMNS,
)

from .params import PARAMS, Param
from .schemas import SCHEMAS, STRING, array_of, schema_ref

MAX_FACET_LIMIT = 1000
MAX_SIMILAR_LIMIT = 100
#: Most co-occurring values per facet ``/api/entities/...`` answers (its ``limit``).
MAX_CO_OCCURRING = 1000
#: The library's own limit, as for `news-search search --page-size` (the page: 100).
API_MAX_PAGE_SIZE = 1000

#: What the server accepts, so that a client (or schemathesis) can tell a valid request
#: from one that gets a 400. Dates are free text: only the server can tell.
BOUNDS: dict[str, dict[str, int]] = {
    "q": {"maxLength": MAX_QUERY_CHARS},
    "page": {"minimum": 1, "maximum": MAX_PAGE},
    "page_size": {"minimum": 1, "maximum": API_MAX_PAGE_SIZE},
}


EXPORT_TEXT = {
    "name": "text",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "enum": ["0", "1"]},
    "description": "1: a `text` column with each article's full text.",
}

ARTICLE_ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": STRING,
    "description": "Article id, as in a hit's `id`.",
}
FACET_NAME = {
    "name": "name",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "enum": list(FACETS)},
}
PREFIX = {
    "name": "prefix",
    "in": "query",
    "required": False,
    "schema": STRING,
    "description": "Values with a word starting with this.",
}
ERROR = {
    "description": "Bad parameters (400), not found (404) or no index (503); for a "
    "batch, from another site (403), too large (413) or of another media type (415)",
    "content": {"application/json": {"schema": schema_ref("Error")}},
}


def openapi_document() -> dict[str, Any]:
    """OpenAPI 3.0 description of this API; parameters come from :data:`PARAMS`."""
    search = [_parameter(p) for p in PARAMS]
    no_page = [p for p in search if p["name"] not in ("page", "page_size")]
    paths = {
        "/api/search": _get(
            "Search: one page of hits, facet counts, did-you-mean",
            search,
            _ok("As `news-search search --json`", schema_ref("SearchResult")),
        ),
        "/api/articles/{id}": _get(
            "One article with its entities and dates",
            [ARTICLE_ID],
            _ok("The article", schema_ref("Article")),
        ),
        "/api/articles/{id}/similar": _get(
            "More like this: the articles closest to one article",
            [ARTICLE_ID, _limit(MAX_SIMILAR_LIMIT)],
            _ok("{id, hits}", schema_ref("Similar")),
        ),
        "/api/facets/{name}": _get(
            "All values of one facet under a search",
            [FACET_NAME, PREFIX, _limit(MAX_FACET_LIMIT), *no_page],
            _ok("{facet, prefix, truncated, values}", schema_ref("FacetValues")),
        ),
        "/api/export.csv": _get(
            "Every hit of a search as CSV (all pages, streamed)",
            [*no_page, EXPORT_TEXT],
            _ok("CSV with a header row", STRING, "text/csv"),
        ),
        "/api/export.json": _get(
            "Every hit of a search as JSON (all pages, streamed)",
            [*no_page, EXPORT_TEXT],
            _ok("Array of hits", array_of(schema_ref("ExportRow"))),
        ),
        "/api/batch": _batch(),
        **_entity_paths(no_page),
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "news-search API",
            "version": "1",
            "description": "Full-text search over news with person, organisation, "
            "place and date facets. The same parameters as the "
            "search page; the same objects as `news-search --json`.",
        },
        "paths": paths,
        "components": {"schemas": SCHEMAS},
    }


def _parameter(p: Param) -> dict[str, Any]:
    """One search parameter of :data:`PARAMS`, with the server's bounds."""
    schema: dict[str, Any] = {"type": p.type, **BOUNDS.get(p.name, {})}
    if p.enum:
        schema["enum"] = list(p.enum)
    if p.multiple:
        schema = array_of(schema)
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


def _limit(most: int) -> dict[str, Any]:
    return {
        "name": "limit",
        "in": "query",
        "required": False,
        "allowEmptyValue": True,
        "schema": {"type": "integer", "minimum": 1, "maximum": most},
        "description": "Most values.",
    }


def _ok(
    description: str, schema: dict[str, Any], mime: str = "application/json"
) -> dict[str, Any]:
    return {"description": description, "content": {mime: {"schema": schema}}}


def _get(
    summary: str, parameters: list[dict[str, Any]], ok: dict[str, Any]
) -> dict[str, Any]:
    responses = {"200": ok, "400": ERROR, "404": ERROR, "503": ERROR}
    return {
        "get": {"summary": summary, "parameters": parameters, "responses": responses}
    }


def _batch() -> dict[str, Any]:
    """``POST /api/batch``: CSV whose header row names known columns, or one query per
    line, in; CSV out. The pattern is what makes a CSV body valid: a header row of
    column names (any other first row is a 400)."""
    column = "(" + "|".join(BATCH_COLUMNS) + ")"
    return {
        "post": {
            "summary": "Batch search: one CSV row per query (total, first and last "
            "publication date, top 3 hits, error), streamed",
            "description": "The body is CSV with a header row of any of the columns "
            f"{', '.join(BATCH_COLUMNS)} (several names in one cell separated by "
            "';'), or plain text with one query per line; the form at /batch sends it "
            "as multipart/form-data (`queries` or `file`). Each query is searched as "
            "/api/search searches it. The answer's columns: "
            f"{', '.join(RESULT_COLUMNS)}. A query that cannot run gets an `error` "
            "and the others are answered. At most `batch_limit` queries (413). A "
            "request from another site's page is refused (403).",
            "requestBody": {
                "required": True,
                "content": {
                    "text/csv": {
                        "schema": {
                            "type": "string",
                            "pattern": f"^{column}(,{column})*\\r?\\n",
                        }
                    },
                    "text/plain": {"schema": STRING},
                },
            },
            "responses": {
                "200": _ok(
                    "CSV with a header row, one row per query", STRING, "text/csv"
                ),
                **{code: ERROR for code in ("400", "403", "413", "415", "503")},
            },
        }
    }


def _entity_paths(search: list[dict[str, Any]]) -> dict[str, Any]:
    """``/api/entities/{facet}/{name}``, ``/api/graph`` and ``/api/graph.gexf``."""
    facet = {
        "name": "facet",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "enum": list(ENTITY_TYPES)},
    }
    name = {
        "name": "name",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "minLength": 1},
        "description": "The name as shown, or any form the index reads as the same "
        "entity (as the person, org and place filters do).",
    }
    return {
        "/api/entities/{facet}/{name}": _get(
            "One entity over the index: articles by month, first and last dates, who "
            "and what appears with it, the forms its name is written in",
            [facet, name, _limit(MAX_CO_OCCURRING)],
            _ok(
                "The profile; counts are those of /api/search filtered by the entity",
                schema_ref("EntityProfile"),
            ),
        ),
        "/api/graph": _get(
            f"Co-occurrence network of a search: the top {MAX_NODES} people, "
            f"organisations and places of the matching articles, the {MAX_EDGES} "
            "heaviest edges (articles naming both)",
            search,
            _ok("{total, nodes, edges, notices}", schema_ref("Graph")),
        ),
        "/api/graph.gexf": _get(
            "The same network as GEXF 1.3, for Gephi",
            search,
            _ok("GEXF 1.3 XML", STRING, "application/gexf+xml"),
        ),
    }
