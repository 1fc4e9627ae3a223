"""The entity review page: the suspects of ``news-search entities review``, in the browser.

Read-only, as the rest of the app: each value links to the search it filters, and the
page says how to accept a suggestion (the command line writes the aliases file).
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from search import NotFoundError
from search.models import ENTITY_TYPES
from search.query.review import review_entities

from .context import current_settings, get_index

bp = Blueprint("review", __name__)

#: Suggestions shown on the page.
PAGE_LIMIT = 60
FACET_TITLES = {"person": "People", "org": "Organisations", "place": "Places"}


@bp.get("/entities/review")
def review_page() -> str:
    """Suspected junk and suggested merges, most articles first."""
    facet = request.args.get("facet") or None
    if facet is not None and facet not in ENTITY_TYPES:
        raise NotFoundError(f"No facet {facet!r}; facets are {', '.join(ENTITY_TYPES)}")
    settings = current_settings()
    found = review_entities(settings, facet, PAGE_LIMIT, index=get_index())
    return render_template("review.html", found=found, facet=facet, titles=FACET_TITLES)
