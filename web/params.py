"""The query string of a search, both ways: URL parameters -> :class:`Query`, and the
URLs of every link on the page (facet toggles, chips, pages, sorts, histogram bars).

The whole state of a search lives in the query string, so any page can be bookmarked,
shared and reached with the back button. Parameter names are the CLI's: ``q``,
``person``, ``org``, ``place``, ``language``, ``format``, ``from``, ``to``, ``mentioned_from``, ``mentioned_to``,
``sort``, ``page``, ``page_size``, ``fold``, ``like``. Dates stay in the URL as the user typed
them ("March 2020") and are read on every request (:mod:`web.dates`).

Facet values from :func:`search.search` know nothing of URLs; this module adds them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from search import Query, QueryError, Settings
from search.models import ENTITY_TYPES, SORTS
from search.query import check_text_length, validate

from .dates import DATE_HELP, DATE_PARAMS, ORDER_ERROR, describe_range, read_dates


@dataclass(frozen=True)
class Param:
    """One URL parameter, documented once for the pages, the API and OpenAPI."""

    name: str
    type: str
    help: str
    multiple: bool = False
    enum: tuple[str, ...] = ()


PARAMS: tuple[Param, ...] = (
    Param(
        "q",
        "string",
        'Search text in Whoosh syntax: "phrases", AND/OR/NOT, '
        'person:"…", wildcards*. Empty browses every article.',
    ),
    Param("person", "string", "Only articles naming this person; repeat for OR.", True),
    Param(
        "org", "string", "Only articles naming this organisation; repeat for OR.", True
    ),
    Param("place", "string", "Only articles naming this place; repeat for OR.", True),
    Param(
        "language",
        "string",
        "Only articles in this language (ISO 639 code: en, de; zxx for tables and "
        "figures); repeat for OR.",
        True,
    ),
    Param(
        "format",
        "string",
        "Only articles from this kind of file (txt, jsonl, html, pdf, docx, eml, "
        "warc...); repeat for OR.",
        True,
    ),
    Param(
        "from", "string", "Published on or after the start of this date. " + DATE_HELP
    ),
    Param("to", "string", "Published on or before the end of this date. " + DATE_HELP),
    Param(
        "mentioned_from", "string", "Mentions a date on or after this one. " + DATE_HELP
    ),
    Param(
        "mentioned_to", "string", "Mentions a date on or before this one. " + DATE_HELP
    ),
    Param(
        "sort",
        "string",
        "Order of hits (relevance falls back to newest without q).",
        enum=SORTS,
    ),
    Param("page", "integer", "Page of hits, from 1."),
    Param(
        "page_size",
        "integer",
        "Hits per page (default: setting page_size; at most 100 on the search page, "
        "1000 in the API).",
    ),
    Param(
        "fold",
        "string",
        "1 shows each group of copies of a story once, with its number of copies; 0 "
        "shows every copy (default: setting fold_copies).",
        enum=("0", "1"),
    ),
    Param(
        "like",
        "string",
        "More like this: only the articles like the article with this id (its copies "
        "left out), ranked by likeness when q is empty.",
    ),
)
NAMES: tuple[str, ...] = tuple(p.name for p in PARAMS)
MULTI: frozenset[str] = frozenset(p.name for p in PARAMS if p.multiple)
MAX_PAGE_SIZE = 100
FACET_LABELS = {
    "person": "Person",
    "org": "Organisation",
    "place": "Place",
    "language": "Language",
    "format": "File type",
}
#: Facets of where an article comes from, filtered by value as stored (lower case).
ORIGIN_FACETS = ("language", "format")


@dataclass(frozen=True)
class Chip:
    """A selected filter shown above the results, with the URL that removes it."""

    kind: str
    label: str
    remove_url: str


class SearchArgs:
    """The search parameters of one request, kept as typed, in a fixed order.

    Empty values and unknown parameters are dropped, so the URLs built from it are short
    and stable. ``key_of(kind, name)`` maps a facet value as written in the URL to its
    facet key (``Index.entity_key``), which is how toggles find what to remove.
    """

    def __init__(
        self,
        values: Mapping[str, list[str]],
        key_of: Callable[[str, str], str] | None = None,
        path: str = "/",
    ) -> None:
        self.values: dict[str, list[str]] = {}
        #: Length of ``q`` as sent: the limit counts the blanks that are stripped too, as
        #: the OpenAPI description's maxLength does.
        self.q_length = 0
        for name in NAMES:
            if name == "q":
                self.q_length = max(map(len, values.get(name, [])), default=0)
            items = [v.strip() for v in values.get(name, []) if v and v.strip()]
            if name in MULTI:
                items = list(dict.fromkeys(items))  # repeated values mean nothing more
            elif items:
                items = items[-1:]
            if items:
                self.values[name] = items
        self.key_of = key_of or (lambda kind, name: name.casefold())
        self.path = path

    @classmethod
    def from_request(
        cls, args: Any, key_of: Callable[[str, str], str] | None = None, path: str = "/"
    ) -> SearchArgs:
        """From Flask's ``request.args`` (a MultiDict)."""
        return cls({name: args.getlist(name) for name in NAMES}, key_of, path)

    def get(self, name: str, default: str = "") -> str:
        items = self.values.get(name)
        return items[0] if items else default

    def getlist(self, name: str) -> list[str]:
        return list(self.values.get(name, ()))

    # -- parsing ---------------------------------------------------------------------

    def to_query(
        self,
        settings: Settings,
        facet_limit: int | None = None,
        max_page_size: int = MAX_PAGE_SIZE,
    ) -> Query:
        """The :class:`Query` these parameters ask for.

        :raises QueryError: a page or page size that is not a whole number in range, an
            unknown sort, a date that cannot be read, or ``from`` after ``to``.
        """
        check_text_length(self.q_length)  # as sent: blanks count, as in OpenAPI's limit
        page = _integer(self.get("page", "1"), "page")
        page_size = _integer(
            self.get("page_size", str(settings.page_size)), "page_size"
        )
        if not 1 <= page_size <= max_page_size:
            raise QueryError(
                f"page_size must be between 1 and {max_page_size}, not {page_size}"
            )
        dates = self.dates()
        query = Query(
            text=self.get("q"),
            person=tuple(self.getlist("person")),
            org=tuple(self.getlist("org")),
            place=tuple(self.getlist("place")),
            language=tuple(self.getlist("language")),
            format=tuple(self.getlist("format")),
            published_from=dates["from"],
            published_to=dates["to"],
            mentioned_from=dates["mentioned_from"],
            mentioned_to=dates["mentioned_to"],
            sort=self.get("sort", "relevance"),
            page=page,
            page_size=page_size,
            facet_limit=facet_limit or settings.facet_limit,
            fold=_fold(self.get("fold")),
            like=self.get("like") or None,
        )
        validate(query)  # sort, page range, from after to: the library's own rules
        return query

    def dates(self) -> dict[str, date | None]:
        """Each date parameter as a day: ``from`` takes the start of what it names,
        ``to`` its end ("to=July 2020" ends on 31 July).

        :raises QueryError: text that names no date.
        """
        dates, errors = read_dates(self.get)
        for name in DATE_PARAMS:
            if name in errors and not errors[name].startswith(ORDER_ERROR):
                raise QueryError(errors[name])
        return dates

    def date_errors(self) -> dict[str, str]:
        """What is wrong with each date field, for the form: text that names no date,
        or a ``to`` before its ``from`` (the message is on ``to``)."""
        return read_dates(self.get)[1]

    def without(self, names: Iterable[str]) -> SearchArgs:
        """These parameters without ``names``: the search that can be made when those
        fields are wrong."""
        dropped = set(names)
        return SearchArgs(
            {k: v for k, v in self.values.items() if k not in dropped},
            self.key_of,
            self.path,
        )

    # -- URLs --------------------------------------------------------------------------

    def pairs(self, **changes: Any) -> list[tuple[str, str]]:
        """The parameters in URL order, with ``changes`` applied (None removes one).

        Any change other than ``page`` itself starts again at page 1.
        """
        values = dict(self.values)
        if changes and "page" not in changes:
            values.pop("page", None)
        for name, value in changes.items():
            if value is None or value == "" or value == []:
                values.pop(name, None)
            elif isinstance(value, (list, tuple)):
                values[name] = [str(v) for v in value]
            else:
                values[name] = [str(value)]
        if values.get("page") == ["1"]:
            del values["page"]
        return [(name, v) for name in NAMES for v in values.get(name, ())]

    def url(self, path: str | None = None, **changes: Any) -> str:
        """A URL of ``path`` (default: the search page) with these parameters."""
        query = urlencode(self.pairs(**changes))
        base = self.path if path is None else path
        return f"{base}?{query}" if query else base

    def is_selected(self, kind: str, key: str) -> bool:
        return any(self.key_of(kind, v) == key for v in self.getlist(kind))

    def toggle_url(self, kind: str, key: str, label: str) -> str:
        """The URL that adds this facet value to the filters, or removes it."""
        current = self.getlist(kind)
        if self.is_selected(kind, key):
            return self.url(
                **{kind: [v for v in current if self.key_of(kind, v) != key]}
            )
        return self.url(**{kind: [*current, label]})

    def add_url(self, kind: str, name: str) -> str:
        """The URL that filters by this entity too (the same URL if it already does)."""
        if self.is_selected(kind, self.key_of(kind, name)):
            return self.url()
        return self.url(**{kind: [*self.getlist(kind), name]})

    def chips(
        self,
        labels: Mapping[str, Mapping[str, str]] | None = None,
        like_title: str | None = None,
    ) -> list[Chip]:
        """Every active filter as a removable chip; ``labels`` maps kind -> key ->
        display name (from the facets): "mike pompeo" in a URL shows as "Mike Pompeo";
        ``like_title`` names the article of "more like this".
        """
        labels = labels or {}
        chips = []
        if self.get("like"):
            chips.append(
                Chip("More like", like_title or self.get("like"), self.url(like=None))
            )
        for kind in ENTITY_TYPES:
            current = self.getlist(kind)
            for value in current:
                key = self.key_of(kind, value)
                label = labels.get(kind, {}).get(key, value)
                chips.append(
                    Chip(
                        FACET_LABELS[kind],
                        label,
                        self.url(**{kind: [v for v in current if v != value]}),
                    )
                )
        for kind in ORIGIN_FACETS:
            current = self.getlist(kind)
            for value in current:
                label = labels.get(kind, {}).get(value.lower(), value)
                chips.append(
                    Chip(
                        FACET_LABELS[kind],
                        label,
                        self.url(**{kind: [v for v in current if v != value]}),
                    )
                )
        for lo, hi, what in (
            ("from", "to", "Published"),
            ("mentioned_from", "mentioned_to", "Mentions"),
        ):
            if self.get(lo) or self.get(hi):
                chips.append(
                    Chip(
                        what,
                        describe_range(self.get(lo), self.get(hi)),
                        self.url(**{lo: None, hi: None}),
                    )
                )
        return chips


def _fold(text: str) -> bool | None:
    """The ``fold`` parameter: None (the setting) when absent."""
    if text not in ("", "0", "1"):
        raise QueryError(f"fold must be 0 or 1, not {text!r}")
    return None if not text else text == "1"


def _integer(text: str, name: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise QueryError(f"{name} must be a whole number, not {text!r}") from None


def facet_urls(
    args: SearchArgs, kind: str, values: Iterable[Any]
) -> list[dict[str, Any]]:
    """Facet values as plain data for templates and JSON: value, label, count, selected
    and ``toggle_url`` (Datasette's facet shape)."""
    return [
        {
            "value": v.value,
            "label": v.label,
            "count": v.count,
            "selected": v.selected or args.is_selected(kind, v.value),
            "toggle_url": args.toggle_url(kind, v.value, v.label),
        }
        for v in values
    ]
