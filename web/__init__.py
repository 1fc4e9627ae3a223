"""The news-search web app: a faceted search page, article pages and a JSON API.

Shaped like Flask's tutorial app (flaskr): :func:`create_app` builds an app from
:class:`search.Settings`, registers the page blueprint (:mod:`web.views`) and the API
blueprint (:mod:`web.api`, under ``/api``), and installs the one place where errors
become responses. ``news-search serve`` runs it with gunicorn as ``web:create_app()``.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from search import NewsSearchError, Settings

log = logging.getLogger(__name__)

#: No inline script or style anywhere: everything comes from /static.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

#: Sent with every response (pages, JSON, errors, static files). X-Frame-Options repeats
#: ``frame-ancestors 'none'`` for browsers without CSP level 2; the page opens no
#: popups and uses no device APIs, so it shares its window with no other origin and
#: asks for no permission.
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}


def create_app(settings: Settings | None = None) -> Flask:
    """Create the app for ``settings``.

    :param settings: as flaskr's ``test_config``: tests pass their own; otherwise
        :meth:`Settings.load` reads pyproject.toml and ``NEWS_SEARCH_*`` (which is how
        ``news-search serve`` hands its options to the gunicorn workers).
    :raises ConfigError: the settings cannot be loaded.
    """
    # Logging first, so messages from loading settings are formatted too (Flask's
    # docs/logging.rst). Under gunicorn this goes to its stderr, beside the access log.
    if not logging.getLogger().handlers:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    app = Flask(__name__)
    settings = settings if settings is not None else Settings.load()
    app.config["SETTINGS"] = settings
    # Jinja: autoescape is on for .html; strip the whitespace the block tags leave.
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from . import api, batch, context, entities, review, views

    # One open index per app, kept across requests for its caches; each request takes
    # it from there on first use (context.get_index).
    context.init_app(app, settings)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp, url_prefix="/api")
    app.register_blueprint(review.bp)
    app.register_blueprint(entities.bp)  # its /api/ routes carry their prefix
    app.register_blueprint(batch.bp)
    app.register_error_handler(NewsSearchError, _handle_search_error)
    app.register_error_handler(HTTPException, _handle_http_error)
    app.register_error_handler(Exception, _handle_unexpected)
    app.after_request(_security_headers)
    return app


def _wants_json() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def _error(message: str, status: int, title: str) -> tuple[Any, int]:
    """The one error shape: JSON under /api (Datasette's), an HTML page elsewhere."""
    if _wants_json():
        return jsonify({"ok": False, "error": message, "status": status}), status
    # The search box keeps what was typed, so a bad date or page can be fixed in place.
    from .params import SearchArgs

    args = SearchArgs.from_request(request.args)
    page = render_template(
        "error.html", message=message, status=status, title=title, args=args
    )
    return page, status


def _handle_search_error(exc: NewsSearchError) -> tuple[Any, int]:
    titles = {
        400: "Cannot run this search",
        404: "Not found",
        409: "Index busy",
        503: "Search is not available",
    }
    if exc.status >= 500:
        log.warning("%s: %s", type(exc).__name__, exc.message)
    return _error(exc.message, exc.status, titles.get(exc.status, "Error"))


def _handle_http_error(
    exc: HTTPException,
) -> tuple[Any, int, list[tuple[str, str]]] | HTTPException:
    status = exc.code or 500
    if status < 400:
        return exc  # redirects are not errors
    message = exc.description or exc.name
    if status == 404:
        message = "There is no page at this address."
    body, status = _error(message, status, exc.name)
    # A 405 must say which methods are allowed (RFC 9110); werkzeug puts it in Allow.
    allow = [(k, v) for k, v in exc.get_headers() if k.lower() == "allow"]
    return body, status, allow


def _handle_unexpected(exc: Exception) -> tuple[Any, int]:
    # Logged with its traceback for us; the reader sees a plain page without it.
    log.exception("Unhandled error on %s %s", request.method, request.full_path)
    message = "Something went wrong on our side. The error has been logged."
    if _wants_json():
        return jsonify({"ok": False, "error": message, "status": 500}), 500
    return Response(
        f"500 Internal Server Error\n\n{message}\n", status=500, mimetype="text/plain"
    ), 500


def _security_headers(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response
