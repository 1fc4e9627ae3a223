"""Plain data passed between the stages: ingest -> extract -> indexer -> searcher -> front ends.

Frozen dataclasses of plain types only, so they can be pickled to worker processes, cached
as JSON and returned by the web app without holding any Whoosh or spaCy object.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

#: Facet fields of entities, in the order the sidebar shows them.
ENTITY_TYPES: tuple[str, ...] = ("person", "org", "place")
SORTS: tuple[str, ...] = ("relevance", "newest", "oldest")


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from a file, cleaned but not yet analysed."""

    id: str
    source: str
    title: str
    body: str
    published: date | None = None
    #: Where ``published`` came from: "metadata", "header" or "dateline" (extraction
    #: may add "inferred"); None when the article is undated.
    published_source: str | None = None
    dateline: str | None = None
    url: str | None = None
    language: str = "en"
    #: The format of the file at ``source`` ("txt", "jsonl", "json", "csv", "html",
    #: "warc", "arc", "pdf", "docx", "eml" or "mbox"): what a facet of where articles
    #: come from groups by. A page of a crawl is "warc", an attachment "eml".
    kind: str | None = None
    #: The id of the article this one belongs to: an e-mail's, for its attachments.
    parent: str | None = None
    #: Facet-ready facts of the format as (name, value) pairs, a name possibly repeated:
    #: an e-mail's ``from``, ``to`` and ``cc`` ("Name <address>"), a page's ``author``
    #: and ``sitename``, a crawl's ``captured`` date, an attachment's file name.
    metadata: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file (or a record in it) that could not be read, and why."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical entity of one article: ``key`` is what facets group by."""

    type: str
    key: str
    name: str
    mentions: int
    #: (form as written, mentions) of the full forms used; the corpus-wide display name is
    #: the most frequent form over all articles.
    forms: tuple[tuple[str, int], ...] = ()
    #: (cue, mentions) of how the article writes the name, which only the whole
    #: archive can weigh ("the name after 'at' in a sentence about a match"; see
    #: ``search.extract.cues``): summed over the index by ``search.names.counts``.
    cues: tuple[tuple[str, int], ...] = ()

    def with_cues(self, cues: Mapping[str, int]) -> Entity:
        """This entity with ``cues`` as its cue counts."""
        return dataclasses.replace(self, cues=tuple(sorted(cues.items())))


def entity_to_json(e: Entity) -> dict[str, Any]:
    """An entity as plain JSON data (how the index stores it)."""
    data: dict[str, Any] = {
        "type": e.type,
        "key": e.key,
        "name": e.name,
        "mentions": e.mentions,
        "forms": [list(f) for f in e.forms],
    }
    if e.cues:  # most entities have none: no empty list in every stored article
        data["cues"] = [list(c) for c in e.cues]
    return data


def entity_from_json(data: dict[str, Any]) -> Entity:
    """The entity of :func:`entity_to_json`'s data."""
    return Entity(
        data["type"],
        data["key"],
        data["name"],
        data["mentions"],
        tuple((str(f), int(n)) for f, n in data.get("forms", ())),
        tuple((str(c), int(n)) for c, n in data.get("cues", ())),
    )


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date the text mentions, resolved to a calendar day."""

    text: str
    date: date


@dataclass(frozen=True, slots=True)
class Extraction:
    """What extract adds to an article: entities, dates and the final publication date."""

    entities: tuple[Entity, ...]
    mentioned_dates: tuple[DateMention, ...]
    published: date | None
    published_source: str | None
    #: ISO 639-1 code of the text; only text in the model's language goes through NER.
    language: str = "en"

    def of_type(self, kind: str) -> list[Entity]:
        return [e for e in self.entities if e.type == kind]


@dataclass(frozen=True, slots=True)
class Query:
    """A search request, the same for CLI, HTML page and API.

    Filters are AND across facets and OR within one facet's values. Dates are inclusive.
    """

    text: str = ""
    person: tuple[str, ...] = ()
    org: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    published_from: date | None = None
    published_to: date | None = None
    mentioned_from: date | None = None
    mentioned_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 10
    facet_limit: int = 10
    #: Show each group of copies once (None: as the ``fold_copies`` setting says).
    fold: bool | None = None
    #: Only articles in these languages (ISO 639 codes as stored: "en", "de"; "zxx" for
    #: tables and figures) and of these kinds of file ("pdf", "jsonl"); OR within each.
    language: tuple[str, ...] = ()
    format: tuple[str, ...] = ()
    #: Only the articles like this one (its id): "more like this", ranked by likeness
    #: when there is no text (``search.query.similar``).
    like: str | None = None

    def filters(self, kind: str) -> tuple[str, ...]:
        return tuple(getattr(self, kind))

    def replace(self, **changes: Any) -> Query:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, slots=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True, slots=True)
class Facet:
    name: str
    values: tuple[FacetValue, ...]
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    title: str
    published: date | None
    published_source: str | None
    snippet: str
    persons: tuple[str, ...]
    orgs: tuple[str, ...]
    places: tuple[str, ...]
    #: the source file, relative to the folder (or file) that was indexed
    source: str
    url: str | None = None
    score: float | None = None
    #: the article's full text, only in exports that ask for it
    text: str | None = None
    #: its copies group (the smallest id among the copies of its story) and how many
    #: articles of the whole index are in it (1: no copies)
    group: str | None = None
    copies: int = 1

    @property
    def published_inferred(self) -> bool:
        return self.published_source == "inferred"


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: Query
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, Facet]
    suggestion: str | None = None
    notices: tuple[str, ...] = ()
    seconds: float = 0.0
    #: typo tolerance: the text searched instead of the query's ("coronavirus pandemic")
    searched_for: str | None = None
    #: and the query that searches the words as typed (they are quoted)
    search_instead: str | None = None
    #: copies folded: the groups of copies among the ``total`` articles, each shown
    #: once (None: not folded, every article shown)
    groups: int | None = None
    #: the title of the article the search is "more like" (``Query.like``)
    like_title: str | None = None

    @property
    def shown(self) -> int:
        """How many hits the pages hold: the groups when folded, else the articles."""
        return self.total if self.groups is None else self.groups

    @property
    def pages(self) -> int:
        return max(1, -(-self.shown // self.query.page_size))

    @property
    def past_last_page(self) -> bool:
        """The query asks for a page after the last one of its hits."""
        return self.total > 0 and self.query.page > self.pages


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """An indexed article with everything stored about it (the article page)."""

    id: str
    title: str
    body: str
    source: str
    url: str | None
    dateline: str | None
    published: date | None
    published_source: str | None
    entities: tuple[Entity, ...]
    mentioned_dates: tuple[DateMention, ...]


@dataclass(slots=True)
class IndexStats:
    """Counts of one indexing run (mutable while the run goes on)."""

    indexed: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[SkippedFile] = field(default_factory=list)
    #: articles whose entities and dates were (re)computed, and of those, how many needed
    #: the spaCy model (the rest came from the extraction cache)
    extracted: int = 0
    analysed: int = 0
    #: articles rewritten because the index as a whole now reads their names differently
    resolved: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        reasons: dict[str, int] = {}
        for s in self.skipped:
            reasons[s.reason] = reasons.get(s.reason, 0) + 1
        detail = "; ".join(
            f"{n}× {r}" for r, n in sorted(reasons.items(), key=lambda x: -x[1])
        )
        skipped = f"skipped {len(self.skipped)}" + (f" ({detail})" if detail else "")
        return (
            f"indexed {self.indexed}, updated {self.updated}, unchanged {self.unchanged}, "
            f"removed {self.removed}, {skipped} in {self.seconds:.1f}s"
        )
