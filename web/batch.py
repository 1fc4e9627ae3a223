"""Batch search on the web: the form at ``/batch`` and ``POST /api/batch``.

The body is CSV with a header row (``text/csv``), one query per line (``text/plain``), or
the form's pasted text or uploaded file (``multipart/form-data``, told apart by its
header). A program gets errors as JSON, as from any ``/api`` address; the form gets
them on the form, with the pasted text kept. The answer is CSV, one row per query as :func:`search.query.run_batch` answers
it, streamed while the batch runs and named for download. Limits: ``batch_limit`` queries
(a 413 past it, before any search runs) and :data:`BYTES_PER_QUERY` bytes a query.

Cross-site requests: the app keeps no session or cookie, so a POST carries no authority
of the visitor's; but a page elsewhere could still make a visitor's browser submit
batches to a server on their own machine or network and spend its time. A POST whose
browser says it comes from another site (``Sec-Fetch-Site``, or else ``Origin``) is
refused with a 403; clients that send neither (curl, scripts) are not browsers.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, render_template, request, stream_with_context
from werkzeug.exceptions import (
    Forbidden,
    RequestEntityTooLarge,
    UnsupportedMediaType,
)

from search import QueryError
from search.query import (
    BATCH_COLUMNS,
    MAX_QUERY_CHARS,
    RESULT_COLUMNS,
    batch_filename,
    iter_batch_csv,
    read_batch,
    run_batch,
)

from .context import current_settings, get_index

bp = Blueprint("batch", __name__)

#: Bytes of body allowed per query of ``batch_limit``: a query of the longest search text
#: with its filters and dates fits several times over.
BYTES_PER_QUERY = 4 * MAX_QUERY_CHARS
#: Media types of a body sent by a program, and how each is read.
BODY_FORMATS = {"text/csv": "csv", "text/plain": "lines"}
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


@bp.get("/batch")
def batch_page() -> str:
    """The form: paste queries or choose a file; the answer is a CSV download."""
    return _form()


def _form(error: str | None = None, queries: str = "") -> str:
    """The form page; with an ``error``, that message over the form and the pasted
    ``queries`` kept, so a batch sent from the form is fixed in place."""
    settings = current_settings()
    return render_template(
        "batch.html",
        limit=settings.batch_limit,
        columns=BATCH_COLUMNS,
        result_columns=RESULT_COLUMNS,
        error=error,
        queries=queries,
    )


@bp.post("/api/batch")
def batch_csv() -> Response:
    """Every query of the body answered as one CSV row, streamed."""
    _refuse_other_sites()
    settings = current_settings()
    most = settings.batch_limit * BYTES_PER_QUERY
    request.max_content_length = most
    request.max_form_memory_size = most
    try:
        text, kind, source = _batch_text()
        rows = read_batch(text, kind, settings.batch_limit)
    except (QueryError, RequestEntityTooLarge) as exc:
        if request.mimetype not in FORM_TYPES:
            raise  # a program gets the JSON error
        status = exc.status if isinstance(exc, QueryError) else 413
        message = (
            exc.message
            if isinstance(exc, QueryError)
            else (f"The batch is too large: at most {settings.batch_limit:,} queries.")
        )
        pasted = request.form.get("queries", "") if status != 413 else ""
        return Response(_form(message, pasted), status=status, mimetype="text/html")
    index = get_index()  # a missing index is a 503 now, not a broken stream later
    answers = run_batch(rows, settings, index)
    return Response(
        stream_with_context(iter_batch_csv(answers)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{batch_filename(source)}"'
        },
    )


def _batch_text() -> tuple[str, str, str | None]:
    """(text, format, name of the uploaded file) of the request's batch."""
    if request.mimetype in FORM_TYPES:
        upload = request.files.get("file")
        if upload is not None and upload.filename:
            return _decode(upload.read(), None), "auto", upload.filename
        text = request.form.get("queries", "")
        if not text.strip():
            raise QueryError("Paste some queries or choose a file of queries.")
        return text, "auto", None
    kind = BODY_FORMATS.get(request.mimetype)
    if kind is None:
        raise UnsupportedMediaType(
            "Send the batch as text/csv (a header row of columns "
            f"{', '.join(BATCH_COLUMNS)}), as text/plain (one query per line), or "
            "from the form at /batch."
        )
    return (
        _decode(request.get_data(), request.mimetype_params.get("charset")),
        kind,
        None,
    )


def _decode(data: bytes, charset: str | None) -> str:
    try:
        return data.decode(charset or "utf-8-sig")
    except LookupError:
        raise QueryError(f"Unknown charset {charset!r}; send UTF-8.") from None
    except UnicodeDecodeError:
        raise QueryError(
            f"The batch is not {charset or 'UTF-8'} text: send UTF-8 (from Excel, "
            "save as CSV UTF-8)."
        ) from None


def _refuse_other_sites() -> None:
    """:raises Forbidden: the browser says the request comes from another site."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        allowed = site in ("same-origin", "none")
    else:
        origin = request.headers.get("Origin")
        allowed = origin is None or urlsplit(origin).netloc == request.host
    if not allowed:
        raise Forbidden(
            "A batch is accepted from this site's own form (/batch) or from a client "
            "such as curl, not from a page of another site."
        )
