"""The HTML pages: search (with facet sidebar and date histogram; "more like this" is a
search too), article, and the full list of one facet's values.

Every link is a plain GET URL built by :mod:`web.params`, so the pages work without
JavaScript and the back button walks through the searches. Library errors are not caught
here: ``create_app``'s handler turns them into the error page with their status.
"""

from __future__ import annotations

from typing import Any

import pycountry
from flask import Blueprint, redirect, render_template, request, url_for

from search import Facet, NotFoundError, SearchResult, get_article, search
from search.models import ENTITY_TYPES, SORTS
from search.query import facet_values, similar_articles

from .context import current_settings, get_index, search_args
from .dates import describe_range
from .histogram import build_histogram
from .marks import KIND_LABELS, mark_body
from .params import FACET_LABELS, ORIGIN_FACETS, SearchArgs, facet_urls

bp = Blueprint("views", __name__)

#: Values the sidebar loads per facet: the first ``settings.facet_limit`` are shown, the
#: rest sit behind "show more" (a <details>, so it opens without JavaScript).
SIDEBAR_LIMIT = 40
FULL_LIST_LIMIT = 500
SOURCE_LABELS = {
    "metadata": "from the file's metadata",
    "header": "from the date header",
    "dateline": "from the dateline",
    "inferred": "inferred from dates in the text",
    "captured": "the date the page was crawled (it states none)",
}
#: Entity tags shown on a hit per kind (besides the ones the search filters on).
TAGS_PER_KIND = {"person": 4, "org": 3, "place": 3}
TAG_TITLES = {
    "person": "Filter by person",
    "org": "Filter by organisation",
    "place": "Filter by place",
}
SORT_LABELS = {"relevance": "Relevance", "newest": "Newest", "oldest": "Oldest"}


@bp.get("/")
def search_page() -> Any:
    settings = current_settings()
    args = search_args()
    if any(not v.strip() for _name, vs in request.args.lists() for v in vs):
        # The GET form sends its empty fields ("from=&to="); answer with the short URL
        # so what gets bookmarked and shared is clean (app.js avoids the round trip).
        return redirect(args.url())
    # A date the form cannot read is marked on its field; the search is made without
    # it, so every other filter and the results stay on the page (answered with 400).
    typed = args
    form_errors = args.date_errors()
    args = args.without(form_errors)
    query = args.to_query(settings, facet_limit=SIDEBAR_LIMIT)
    result = search(query, settings, get_index())
    facets = [
        _sidebar_facet(args, result.facets[kind], settings.facet_limit)
        for kind in ENTITY_TYPES
    ]
    origins = [
        _origin_facet(args, result.facets[kind])
        for kind in ORIGIN_FACETS
        if kind in result.facets
    ]
    labels = {
        kind: {v.value: v.label for v in result.facets[kind].values}
        for kind in ENTITY_TYPES
    }
    labels.update(
        {o["name"]: {v["value"]: v["label"] for v in o["top"]} for o in origins}
    )
    return render_template(
        "search.html",
        args=args,
        result=result,
        facets=facets,
        origins=[o for o in origins if o["shown"]],
        chips=args.chips(labels, result.like_title),
        histogram=build_histogram(result, args),
        dates=_dates_shown(args),
        pagination=_pagination(args, result),
        sorts=_sorts(args, query.text),
        hit_links=HitLinks(args),
        first=(query.page - 1) * query.page_size + 1,
        export_csv=args.url(url_for("api.export", fmt="csv"), page=None),
        export_json=args.url(url_for("api.export", fmt="json"), page=None),
        api_url=args.url(url_for("api.search_json")),
        suggestion_url=args.url(q=result.suggestion) if result.suggestion else None,
        instead_url=args.url(q=result.search_instead, page=None)
        if result.search_instead
        else None,
        typed=typed,
        form_errors=form_errors,
    ), (400 if form_errors else 200)


@bp.get("/facets/<name>")
def facet_page(name: str) -> str:
    """Every value of one facet under the current search, with a prefix filter: the
    "all values" page behind a long sidebar list (the filter box without JavaScript)."""
    settings = current_settings()
    if name not in ENTITY_TYPES:
        raise NotFoundError(f"No facet {name!r}; facets are {', '.join(ENTITY_TYPES)}")
    args = search_args()
    prefix = request.args.get("prefix", "").strip()
    facet = facet_values(
        args.to_query(settings),
        name,
        settings,
        prefix=prefix,
        limit=FULL_LIST_LIMIT,
        index=get_index(),
    )
    return render_template(
        "facet.html",
        args=args,
        name=name,
        title=FACET_LABELS[name],
        prefix=prefix,
        values=facet_urls(args, name, facet.values),
        truncated=facet.truncated,
        back_url=args.url(),
    )


@bp.get("/articles/<path:article_id>")
def article_page(article_id: str) -> str:
    settings = current_settings()
    record = get_article(article_id, settings, get_index())
    blank = SearchArgs({}, path=url_for("views.search_page"))

    def url_of(kind: str, name: str) -> str:
        if kind == "date":
            return blank.url(mentioned_from=name, mentioned_to=name)
        return blank.url(**{kind: name})

    entities = {
        kind: [(e, url_of(kind, e.name)) for e in record.entities if e.type == kind]
        for kind in ENTITY_TYPES
    }
    dates = sorted({(m.date, m.text) for m in record.mentioned_dates})
    return render_template(
        "article.html",
        record=record,
        paragraphs=mark_body(record, url_of),
        entities=entities,
        kind_labels=KIND_LABELS,
        mentioned=[(d, text, url_of("date", d.isoformat())) for d, text in dates],
        published_source=SOURCE_LABELS.get(record.published_source or "", ""),
        similar=similar_articles(article_id, settings, limit=5, index=get_index()),
        similar_url=url_for("views.search_page", like=article_id),
        json_url=url_for("api.article_json", article_id=article_id),
    )


@bp.get("/articles/<path:article_id>/similar")
def similar_page(article_id: str) -> Any:
    """ "More like this" is a search (``like=ID``), with facets, dates and exports: the
    older address leads there."""
    return redirect(url_for("views.search_page", like=article_id))


def _sidebar_facet(args: SearchArgs, facet: Facet, shown: int) -> dict[str, Any]:
    values = facet_urls(args, facet.name, facet.values)
    top = values[:shown]
    # A selected value stays in view even when it ranks below the first ones.
    top += [v for v in values[shown:] if v["selected"]]
    more = [v for v in values[shown:] if not v["selected"]]
    return {
        "name": facet.name,
        "title": FACET_LABELS[facet.name],
        "top": top,
        "more": more,
        "truncated": facet.truncated,
        "all_url": args.url(url_for("views.facet_page", name=facet.name)),
    }


def _origin_facet(args: SearchArgs, facet: Facet) -> dict[str, Any]:
    """Language or file type, as a short list of checkboxes: shown when the index holds
    more than one (a one-language archive needs no such filter) or one is chosen."""
    values = facet_urls(args, facet.name, facet.values)
    for value in values:
        value["label"] = origin_label(facet.name, value["value"])
    return {
        "name": facet.name,
        "title": FACET_LABELS[facet.name],
        "top": values,
        "shown": len(values) > 1 or any(v["selected"] for v in values),
    }


def origin_label(kind: str, code: str) -> str:
    """A language's English name (ISO 639, from pycountry: "de" -> "German", "zxx" ->
    "No linguistic content", the tables), a file type in capitals ("PDF")."""
    if kind != "language":
        return code.upper()
    found = pycountry.languages.get(alpha_2=code) or pycountry.languages.get(
        alpha_3=code
    )
    return found.name if found else code


def _dates_shown(args: SearchArgs) -> dict[str, str]:
    """How each typed date was read ("1 Mar 2020"), shown under the inputs."""
    try:
        dates = args.dates()
    except Exception:  # noqa: BLE001 - to_query has raised for these already
        return {}
    return {name: f"{d.day} {d:%b %Y}" for name, d in dates.items() if d}


def _pagination(args: SearchArgs, result: SearchResult) -> dict[str, Any]:
    page, pages = result.query.page, result.pages
    near = min(page, pages)  # past the end, the window shows the last pages
    window = sorted({1, pages, *range(max(1, near - 2), min(pages, near + 2) + 1)})
    items: list[dict[str, Any]] = []
    for n in window:
        if items and n - items[-1]["page"] > 1:
            items.append({"page": n - 1, "gap": True})
        items.append(
            {"page": n, "url": args.url(page=n), "current": n == page, "gap": False}
        )
    return {
        "items": items,
        "page": page,
        "pages": pages,
        "prev": args.url(page=min(page - 1, pages)) if page > 1 else None,
        "next": args.url(page=page + 1) if page < pages else None,
        "last": args.url(page=pages),
    }


def _sorts(args: SearchArgs, text: str) -> list[dict[str, Any]]:
    current = args.get("sort", "relevance")
    if current == "relevance" and not text.strip() and not args.get("like"):
        current = "newest"  # what search() does when there is nothing to rank by
    return [
        {
            "name": s,
            "label": SORT_LABELS[s],
            "url": args.url(sort=None if s == "relevance" else s),
            "current": s == current,
        }
        for s in SORTS
    ]


class HitLinks:
    """The URLs a hit links to, for ``_hit.html``: its entity tags (filtering the search
    in ``args`` by them), the article and its "more like this"."""

    def __init__(self, args: SearchArgs) -> None:
        self.args = args

    def entity(self, kind: str, name: str) -> str:
        return self.args.add_url(kind, name)

    def article(self, article_id: str) -> str:
        return url_for("views.article_page", article_id=article_id)

    def tags(self, hit: Any) -> tuple[list[dict[str, Any]], int]:
        """A hit's entity tags: the ones the search filters on first (whatever their
        rank in the article), then the article's most mentioned up to a few per kind;
        and how many are left out (for "+N more")."""
        chosen: list[dict[str, Any]] = []
        rest: list[dict[str, Any]] = []
        hidden = 0
        for kind, names in (
            ("person", hit.persons),
            ("org", hit.orgs),
            ("place", hit.places),
        ):
            selected = [
                n
                for n in names
                if self.args.is_selected(kind, self.args.key_of(kind, n))
            ]
            others = [n for n in names if n not in selected]
            room = max(0, TAGS_PER_KIND[kind] - len(selected))
            hidden += len(others) - len(others[:room])
            chosen += [self._tag(kind, n, True) for n in selected]
            rest += [self._tag(kind, n, False) for n in others[:room]]
        return chosen + rest, hidden

    def _tag(self, kind: str, name: str, selected: bool) -> dict[str, Any]:
        return {
            "kind": kind,
            "name": name,
            "url": self.entity(kind, name),
            "selected": selected,
            "title": "In the filters" if selected else TAG_TITLES[kind],
        }

    def similar(self, article_id: str) -> str:
        return url_for("views.search_page", like=article_id)

    def copies(self, hit: Any) -> str:
        """The search that lists every copy of the hit's story (``group:"ID"``, not
        folded)."""
        return url_for("views.search_page", q=f'group:"{hit.group}"', fold=0)


@bp.app_template_filter("longdate")
def longdate(value: Any) -> str:
    """16 Aug 2019."""
    return f"{value.day} {value:%b %Y}" if value else ""


@bp.app_template_filter("articles")
def articles(count: int) -> str:
    """1 article, 1,234 articles."""
    return f"{count:,} article{'' if count == 1 else 's'}"


@bp.app_template_filter("web_url")
def web_url(value: str | None) -> str:
    """An article's URL if it is http(s), else "" (never a ``javascript:`` link)."""
    if value and value.strip().lower().startswith(("http://", "https://")):
        return value.strip()
    return ""


@bp.app_template_filter("basename")
def basename(value: str) -> str:
    return value.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


bp.add_app_template_global(describe_range, "describe_range")
