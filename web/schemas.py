"""The API's response objects, as JSON Schema for its OpenAPI description.

:func:`web.openapi.openapi_document` refers to them by name (``#/components/schemas/``);
they are kept apart from the paths and parameters so that each object the API answers
with is written once, as :mod:`search.query.serialize` and :mod:`web.api` make it.
``tests/test_openapi_fuzz.py`` checks the real app's answers against them.
"""

from __future__ import annotations

from typing import Any

from search.models import ENTITY_TYPES, SORTS

#: The columns of an export (``/api/export.csv`` and ``.json``), in order: the
#: ``ExportRow`` object below and :mod:`web.api` both read them.
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
    "snippet",
    "group",
    "copies",
)


def object_of(properties: dict[str, Any]) -> dict[str, Any]:
    """An object with exactly these keys, all present."""
    return {"type": "object", "required": list(properties), "properties": properties}


def schema_ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def array_of(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


STRING = {"type": "string"}
TEXT = {"type": "string", "nullable": True}
DAY = {"type": "string", "format": "date", "nullable": True}
STRINGS = array_of(STRING)
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}

ENTITY = object_of({"name": STRING, "key": STRING, "mentions": INTEGER})
FACET_VALUE = object_of(
    {"value": STRING, "key": STRING, "count": INTEGER, "selected": BOOLEAN}
)
HIT = object_of(
    {
        "id": STRING,
        "title": STRING,
        "published": DAY,
        "published_inferred": BOOLEAN,
        "published_source": TEXT,
        "snippet": STRING,
        "persons": STRINGS,
        "orgs": STRINGS,
        "places": STRINGS,
        "source": STRING,
        "url": TEXT,
        "group": TEXT,
        "copies": INTEGER,
    }
)

#: The response objects, as :mod:`search.query.serialize` and :mod:`web.api` make them.
SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["ok", "error", "status"],
        "properties": {
            "ok": {"type": "boolean", "enum": [False]},
            "error": STRING,
            "status": INTEGER,
        },
    },
    "SearchResult": object_of(
        {
            "query": object_of(
                {
                    "q": STRING,
                    "person": STRINGS,
                    "org": STRINGS,
                    "place": STRINGS,
                    "language": STRINGS,
                    "format": STRINGS,
                    "from": DAY,
                    "to": DAY,
                    "mentioned_from": DAY,
                    "mentioned_to": DAY,
                    "sort": {"type": "string", "enum": list(SORTS)},
                    "page_size": INTEGER,
                    "fold": BOOLEAN,
                    "like": TEXT,
                }
            ),
            "like_title": TEXT,
            "total": INTEGER,
            "groups": {"type": "integer", "nullable": True},
            "page": INTEGER,
            "pages": INTEGER,
            "hits": array_of(schema_ref("Hit")),
            "facets": {"type": "object", "additionalProperties": array_of(FACET_VALUE)},
            "facets_truncated": {"type": "object", "additionalProperties": BOOLEAN},
            "suggestion": TEXT,
            "searched_for": TEXT,
            "search_instead": TEXT,
            "notices": STRINGS,
            "seconds": {"type": "number"},
        }
    ),
    "Hit": HIT,
    "Article": object_of(
        {
            "id": STRING,
            "title": STRING,
            "body": STRING,
            "source": STRING,
            "url": TEXT,
            "dateline": TEXT,
            "published": DAY,
            "published_source": TEXT,
            "persons": array_of(ENTITY),
            "orgs": array_of(ENTITY),
            "places": array_of(ENTITY),
            "mentioned_dates": array_of({"type": "string", "format": "date"}),
        }
    ),
    "Similar": object_of({"id": STRING, "hits": array_of(schema_ref("Hit"))}),
    "FacetValues": object_of(
        {
            "facet": STRING,
            "prefix": STRING,
            "truncated": BOOLEAN,
            "values": array_of(
                {
                    **FACET_VALUE,
                    "properties": {**FACET_VALUE["properties"], "toggle_url": STRING},
                }
            ),
        }
    ),
    "ExportRow": {
        # `text` only with text=1; the snippet is plain text, without markup.
        **object_of({k: HIT["properties"].get(k, TEXT) for k in EXPORT_COLUMNS}),
        "properties": {
            **{k: HIT["properties"].get(k, TEXT) for k in EXPORT_COLUMNS},
            "text": STRING,
        },
    },
}

#: Entity profiles and co-occurrence graphs (web/entities.py, #18).
COUNTED = object_of({"value": STRING, "key": STRING, "count": INTEGER})
SCHEMAS["EntityProfile"] = object_of(
    {
        "facet": {"type": "string", "enum": list(ENTITY_TYPES)},
        "name": STRING,
        "key": STRING,
        "articles": INTEGER,
        "first": DAY,
        "last": DAY,
        "by_month": array_of(object_of({"value": STRING, "count": INTEGER})),
        "undated": INTEGER,
        "co_occurring": object_of({kind: array_of(COUNTED) for kind in ENTITY_TYPES}),
        "co_occurring_truncated": object_of({kind: BOOLEAN for kind in ENTITY_TYPES}),
        "forms": array_of(object_of({"form": STRING, "count": INTEGER})),
    }
)
SCHEMAS["Graph"] = object_of(
    {
        "total": INTEGER,
        "nodes": array_of(
            object_of(
                {"id": STRING, "facet": STRING, "label": STRING, "count": INTEGER}
            )
        ),
        "edges": array_of(
            object_of({"source": STRING, "target": STRING, "weight": INTEGER})
        ),
        "notices": STRINGS,
    }
)
