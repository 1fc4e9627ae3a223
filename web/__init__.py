"""The web app (placeholder until the web issue lands): a minimal search page."""

from __future__ import annotations

from html import escape

from flask import Flask, request

from search import Query, Settings, search
from search.errors import NewsSearchError


def create_app(settings: Settings | None = None) -> Flask:
    app = Flask(__name__)
    app.config["SETTINGS"] = settings or Settings.load()

    @app.get("/")
    def index() -> str:
        q = request.args.get("q", "")
        try:
            result = search(Query(text=q), app.config["SETTINGS"])
        except NewsSearchError as exc:
            return f"<p>{escape(exc.message)}</p>"
        rows = "".join(f"<li><b>{escape(h.title)}</b><br>{h.snippet}</li>" for h in result.hits)
        return (f"<form><input name=q value='{escape(q)}'><button>Search</button></form>"
                f"<p>{result.total} articles</p><ul>{rows}</ul>")

    return app
