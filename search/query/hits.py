"""Hits as the library hands them out: what a page of Whoosh results becomes.

Shared by search, more-like-this and the web's export, so a hit looks the same wherever
it comes from.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import TYPE_CHECKING, Any

from ..models import ENTITY_TYPES, Hit
from ..store import IndexState
from ..store import schema as S

if TYPE_CHECKING:
    from .index import Index

#: Characters of a snippet (Whoosh's fragmenter) and of a lead shown instead.
SNIPPET_CHARS = 240


def page_hits_to_hits(
    index: Index, page_hits: Any, state: IndexState | None = None
) -> list[Hit]:
    """Whoosh hits of one page as :class:`Hit` objects: stored fields, display names of
    their entities (looked up once for the page) and a highlighted snippet, or the lead
    when nothing was matched (more-like-this)."""
    stored = [(h, h.fields()) for h in page_hits]
    keys: dict[str, set[str]] = {k: set() for k in ENTITY_TYPES}
    for _h, f in stored:
        for kind in ENTITY_TYPES:
            keys[kind].update(split_values(f.get(kind)))
    names = {k: index.display_names(k, sorted(v), state) for k, v in keys.items()}
    hits = []
    for h, f in stored:
        # more_like_this results carry no matched terms to highlight: show the lead.
        snippet = (
            h.highlights(S.BODY, top=2)
            if h.results.has_matched_terms() and h.matched_terms()
            else ""
        )
        if not snippet:
            snippet = lead(f.get(S.BODY, ""))
        hits.append(
            Hit(
                id=f[S.ID_FIELD],
                title=f.get(S.TITLE, ""),
                published=stored_date(f.get(S.PUBLISHED)),
                published_source=stored_source(f),
                snippet=snippet,
                persons=tuple(
                    names["person"][k] for k in split_values(f.get("person"))
                ),
                orgs=tuple(names["org"][k] for k in split_values(f.get("org"))),
                places=tuple(names["place"][k] for k in split_values(f.get("place"))),
                source=f.get(S.SOURCE, ""),
                url=f.get(S.URL),
                score=h.score,
            )
        )
    return hits


def lead(body: str) -> str:
    """The start of ``body``, escaped, cut at a word: the snippet when nothing matched."""
    text = body[:SNIPPET_CHARS]
    if len(body) > SNIPPET_CHARS:
        text = text.rsplit(" ", 1)[0] + " …"
    return escape(text)


def split_values(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


def stored_date(value: Any) -> date | None:
    return value.date() if isinstance(value, datetime) else None


def stored_source(fields: dict[str, Any]) -> str | None:
    src = fields.get(S.PUBLISHED_SOURCE)
    return None if src in (None, "none") else str(src)
