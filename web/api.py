"""The JSON API under ``/api``: the same parameters as the search page, the same
objects as ``news-search … --json``.

- ``/api/search``: :func:`search.query.result_to_json`, exactly what
  ``news-search search --json`` prints for the same parameters.
- ``/api/articles/<id>`` and ``/api/articles/<id>/similar``.
- ``/api/facets/<name>``: every value of one facet under a search, with ``prefix``.
- ``/api/export.csv`` and ``/api/export.json``: every hit of a search, all pages,
  streamed.
- ``/api/openapi.json``: the OpenAPI 3 description (:mod:`web.openapi`).

Errors come back as ``{"ok": false, "error": message, "status": n}`` (``create_app``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from flask import Blueprint, Response, jsonify, request, stream_with_context, url_for

from search import QueryError, get_article, search
from search.models import ENTITY_TYPES, Hit
from search.query import (
    article_to_json,
    export_filename,
    facet_value_to_json,
    facet_values,
    hit_to_json,
    iter_hits,
    plain_snippet,
    result_to_json,
    similar_articles,
    spreadsheet_safe,
)

from .context import current_settings, get_index, search_args
from .openapi import (
    API_MAX_PAGE_SIZE,
    MAX_FACET_LIMIT,
    MAX_SIMILAR_LIMIT,
    openapi_document,
)
from .params import facet_urls
from .schemas import EXPORT_COLUMNS

bp = Blueprint("api", __name__)


@bp.get("/search")
def search_json() -> Response:
    settings = current_settings()
    query = search_args().to_query(settings, max_page_size=API_MAX_PAGE_SIZE)
    return jsonify(result_to_json(search(query, settings, get_index())))


@bp.get("/articles/<path:article_id>")
def article_json(article_id: str) -> Response:
    record = get_article(article_id, current_settings(), get_index())
    return jsonify(article_to_json(record))


@bp.get("/articles/<path:article_id>/similar")
def similar_json(article_id: str) -> Response:
    hits = similar_articles(
        article_id,
        current_settings(),
        limit=_limit(10, MAX_SIMILAR_LIMIT),
        index=get_index(),
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
        index=get_index(),
    )
    values = [facet_value_to_json(v) for v in facet.values]
    if name in ENTITY_TYPES:  # entity values toggle a filter; dates go by from/to
        for value, link in zip(
            values, facet_urls(args, name, facet.values), strict=True
        ):
            value.update(selected=link["selected"], toggle_url=link["toggle_url"])
    return jsonify(
        {
            "facet": name,
            "prefix": prefix,
            "truncated": facet.truncated,
            "values": values,
        }
    )


@bp.get("/export.<fmt>")
def export(fmt: str) -> Response:
    """Every hit of the search, streamed as CSV or a JSON array (``page`` ignored), with
    its snippet, and its full text with ``text=1``; named after the search."""
    if fmt not in ("csv", "json"):
        raise QueryError(f"export format must be csv or json, not {fmt!r}")
    with_text = request.args.get("text", "0").strip()
    if with_text not in ("0", "1"):
        raise QueryError(f"text must be 0 or 1, not {with_text!r}")
    settings = current_settings()
    query = search_args().to_query(settings)
    index = get_index()  # a missing index is a 503 now, not a broken stream later
    hits = iter_hits(query, settings, index=index, text=with_text == "1")
    columns = EXPORT_COLUMNS + (("text",) if with_text == "1" else ())
    body = _csv_rows(hits, columns) if fmt == "csv" else _json_rows(hits, columns)
    mimetype = "text/csv" if fmt == "csv" else "application/json"
    filename = export_filename(query, fmt)
    return Response(
        stream_with_context(body),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _row(hit: Hit, columns: tuple[str, ...]) -> dict[str, Any]:
    data = hit_to_json(hit)
    data["snippet"] = plain_snippet(hit.snippet)
    data["text"] = hit.text
    return {k: data[k] for k in columns}


def _csv_rows(hits: Iterator[Hit], columns: tuple[str, ...]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for n, hit in enumerate(hits):
        row = _row(hit, columns)
        writer.writerow(
            [
                spreadsheet_safe("; ".join(v) if isinstance(v, list) else str(v))
                if v is not None
                else ""
                for v in row.values()
            ]
        )
        if n % 100 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json_rows(hits: Iterator[Hit], columns: tuple[str, ...]) -> Iterator[str]:
    yield "["
    for n, hit in enumerate(hits):
        row = _row(hit, columns)
        yield ("," if n else "") + "\n" + json.dumps(row, ensure_ascii=False)
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
