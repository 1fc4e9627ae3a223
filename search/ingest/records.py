"""Readers of records: JSON Lines, JSON and CSV files, one article per record.

Field names are matched case-insensitively against the usual names of news dumps
(``title``/``headline``, ``text``/``body``/``content``, ``date``/``published``, ``url``,
``id``). A record that cannot be read is a :class:`SkippedFile` naming its line or row;
the other records of the file are still read.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..models import Article, SkippedFile
from .cleaning import parse_text
from .dates import parse_metadata_date

# Named after the stage, not the module: the name users see in warnings and filter on.
log = logging.getLogger("search.ingest")

TITLE_KEYS = ("title", "headline", "name")
BODY_KEYS = ("text", "body", "content", "article", "story")
DATE_KEYS = (
    "date",
    "published",
    "published_at",
    "pubdate",
    "publication_date",
    "datetime",
    "timestamp",
)
URL_KEYS = ("url", "link", "href")
ID_KEYS = ("id", "guid", "uuid", "key")
DATELINE_KEYS = ("dateline",)
#: The date and dash after a dateline's place ("BRASILIA, June 18 - "): not its place.
DATELINE_DATE = re.compile(r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?\s*[-–—]*\s*$")


def _pick(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for key in keys:
        value = lowered.get(key)
        if value not in (None, ""):
            return value
    return None


def record_to_article(
    record: Any, *, fallback_id: str, source: str, where: str
) -> Article | SkippedFile:
    """One JSON/CSV record as an Article.

    A record with neither title nor text is skipped with a reason; a title alone is kept,
    as wire services publish headline-only briefs (Reuters-21578 has 1,798 of them).
    """
    if not isinstance(record, dict):
        return SkippedFile(where, "record is not an object")
    title = _pick(record, TITLE_KEYS)
    body = _pick(record, BODY_KEYS)
    if not isinstance(title, (str, type(None))) or not isinstance(
        body, (str, type(None))
    ):
        return SkippedFile(where, "title or text is not a string")
    if not (title or "").strip() and not (body or "").strip():
        return SkippedFile(where, "record has no title or text")
    raw_date = _pick(record, DATE_KEYS)
    published = parse_metadata_date(raw_date)
    if raw_date is not None and published is None:
        log.warning("%s: cannot read date %r; article left undated", where, raw_date)
    raw_id = _pick(record, ID_KEYS)
    url = _pick(record, URL_KEYS)
    article = parse_text(
        body or "",
        article_id=str(raw_id) if raw_id is not None else fallback_id,
        source=source,
        title=(title or None) and str(title),
        published=published,
        url=str(url) if url else None,
    )
    if article is None:
        return SkippedFile(where, "record has no title or text")
    dateline = _pick(record, DATELINE_KEYS)
    if isinstance(dateline, str) and (place := dateline_place(dateline)):
        article = replace(article, dateline=place)
    return article


def dateline_place(dateline: str) -> str | None:
    """The place of a dateline field as wire dumps keep it ("    BRASILIA, June 18 - "
    -> "Brasilia", "OAK BROOK, ILL., March 11" -> "Oak Brook, Ill."), written as the
    text readers write a dateline they take out of a body; None when it names none."""
    place = DATELINE_DATE.sub("", " ".join(dateline.split())).strip(" ,")
    if not place or len(place) > 60:
        return None
    return place.title() if place.isupper() else place


def read_jsonl(text: str, path: Path, base: str) -> Iterator[Article | SkippedFile]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield SkippedFile(
                where, f"malformed JSON line ({exc.msg}, column {exc.colno})"
            )
            continue
        yield record_to_article(
            record, fallback_id=f"{base}-{lineno}", source=str(path), where=where
        )


def read_json(text: str, path: Path, base: str) -> Iterator[Article | SkippedFile]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        # Many "JSON" news dumps are really JSON Lines.
        yield from read_jsonl(text, path, base)
        return
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    records = data if isinstance(data, list) else [data]
    for n, record in enumerate(records, start=1):
        yield record_to_article(
            record, fallback_id=f"{base}-{n}", source=str(path), where=f"{path}#{n}"
        )


def read_csv(text: str, path: Path, base: str) -> Iterator[Article | SkippedFile]:
    csv.field_size_limit(2**31 - 1)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    if not reader.fieldnames or not (
        {f.lower() for f in reader.fieldnames if f} & set(TITLE_KEYS + BODY_KEYS)
    ):
        yield SkippedFile(str(path), "CSV has no title or text column")
        return
    for n, row in enumerate(reader, start=1):
        row.pop(None, None)  # extra cells of a ragged row
        yield record_to_article(
            row, fallback_id=f"{base}-{n}", source=str(path), where=f"{path}:row {n}"
        )
