"""The stored-document format: what the index holds for one article, written and read here.

:func:`document_fields` turns an article and its extraction into the fields of a Whoosh
document; :func:`read_document` turns the stored fields of a hit back into a
:class:`StoredDocument`. Both sides of the format live in this one module so that a new
field, or a new encoding of one, is changed in one place for the writer, the integrity
check and every reader (hits, export, the article page).

Entity facets are comma-separated keys (``person: "mike pompeo,stephen biegun"``); the
entities with their names, mention counts and written forms, and the mentioned dates with
their text, are one JSON object in the stored-only ``entities`` field; an undated article
has ``published_source: "none"`` and the ``undated`` year and month buckets.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..models import (
    ENTITY_TYPES,
    Article,
    DateMention,
    Entity,
    Extraction,
    entity_from_json,
    entity_to_json,
)
from . import schema as S

#: ``published_source`` of an undated article (a stored ID field cannot hold None).
NO_SOURCE = "none"


def document_fields(
    article: Article, digest: str, extraction: Extraction, group: str | None = None
) -> dict[str, Any]:
    """The Whoosh document of an article: stored text, facets, dates, hashes.

    :param digest: the content hash of the article (``search.extract.content_hash``).
    :param group: its copies group (``search.indexing.copies``); None leaves it out.
    """
    published = extraction.published
    fields: dict[str, Any] = {
        S.ID_FIELD: article.id,
        S.TITLE: article.title,
        S.BODY: article.body,
        S.SOURCE: article.source,
        S.PUBLISHED_SOURCE: extraction.published_source or NO_SOURCE,
        S.PUBLISHED_YEAR: f"{published:%Y}" if published else S.UNDATED,
        S.PUBLISHED_MONTH: f"{published:%Y-%m}" if published else S.UNDATED,
        S.MENTIONED: ",".join(
            sorted({m.date.isoformat() for m in extraction.mentioned_dates})
        ),
        S.ENTITIES: json.dumps(
            {
                "entities": [entity_to_json(e) for e in extraction.entities],
                "mentioned": [
                    [m.text, m.date.isoformat()] for m in extraction.mentioned_dates
                ],
            }
        ),
        S.CONTENT_HASH: digest,
        S.LANGUAGE: extraction.language,
        S.FORMAT: article.kind or article.source.rsplit(".", 1)[-1].lower(),
    }
    if group:
        fields[S.GROUP] = group
    if article.url:
        fields[S.URL] = article.url
    if article.dateline:
        fields[S.DATELINE] = article.dateline
    if published:
        fields[S.PUBLISHED] = datetime.combine(published, datetime.min.time())
    for kind in S.ENTITY_FIELDS:
        keys = [e.key for e in extraction.entities if e.type == kind]
        if keys:
            fields[kind] = ",".join(keys)
    return fields


def regrouped(stored: Mapping[str, Any], group: str) -> dict[str, Any]:
    """The fields of a stored document with its copies group set to ``group``.

    Every field of the schema is stored, so re-adding the stored fields writes the same
    document: a new grouping rewrites documents without extracting anything again.
    """
    return {**stored, S.GROUP: group}


def document_hash(fields: Mapping[str, Any]) -> str:
    """A hash of every field of a document: equal hashes, nothing to rewrite."""
    return hashlib.sha1(
        json.dumps(fields, sort_keys=True, default=str).encode()
    ).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """An indexed article as its stored fields give it back.

    ``keys`` holds the facet keys per entity type, in the article's order (most mentioned
    first); the entities themselves and the mentioned dates are parsed only when asked
    for, as a page of hits never needs them.
    """

    id: str
    title: str
    body: str
    source: str
    url: str | None
    dateline: str | None
    published: date | None
    published_source: str | None
    content_hash: str
    keys: Mapping[str, tuple[str, ...]]
    extraction_json: str
    #: the copies group (None in an index written before groups)
    group: str | None = None

    def entities(self) -> tuple[Entity, ...]:
        """The article's entities with the names, mention counts and forms of the
        article itself (not yet the corpus-wide display names)."""
        data = json.loads(self.extraction_json or "{}")
        return tuple(entity_from_json(e) for e in data.get("entities", ()))

    def mentioned_dates(self) -> tuple[DateMention, ...]:
        data = json.loads(self.extraction_json or "{}")
        return tuple(
            DateMention(text, date.fromisoformat(day))
            for text, day in data.get("mentioned", ())
        )


def read_document(fields: Mapping[str, Any]) -> StoredDocument:
    """The :class:`StoredDocument` of a hit's stored fields (``hit.fields()``)."""
    published = fields.get(S.PUBLISHED)
    source = fields.get(S.PUBLISHED_SOURCE)
    return StoredDocument(
        id=fields[S.ID_FIELD],
        title=fields.get(S.TITLE, ""),
        body=fields.get(S.BODY, ""),
        source=fields.get(S.SOURCE, ""),
        url=fields.get(S.URL),
        dateline=fields.get(S.DATELINE),
        published=published.date() if isinstance(published, datetime) else None,
        published_source=None if source in (None, NO_SOURCE) else str(source),
        content_hash=fields.get(S.CONTENT_HASH, ""),
        keys={kind: split_keys(fields.get(kind)) for kind in ENTITY_TYPES},
        extraction_json=fields.get(S.ENTITIES) or "",
        group=fields.get(S.GROUP),
    )


def split_keys(value: str | None) -> tuple[str, ...]:
    """The keys of a comma-separated facet field."""
    return tuple(v for v in (value or "").split(",") if v)
