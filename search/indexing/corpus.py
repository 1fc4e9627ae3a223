"""Corpus-level resolution in the writer: what the whole index says each name stands for.

Each article is extracted alone (``search.extract``); the index as a whole then decides
what no single article can (``search.names.resolution``): that "Reagan" is Ronald Reagan,
"GM" General Motors, and "Manchester United" a club. The writer keeps every article's own
entities and the mapping it last applied in the index state; at the end of a run it
computes the mapping afresh from the whole index and rewrites only the articles whose
entities it now reads differently. So the facets of an article written years ago follow
what the archive has learned since, without re-running the model.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from ..models import Article, Entity, Extraction
from ..names.context import Placement, surnames_in_context
from ..names.counts import EntityRef, KeyCount, key_counts
from ..names.places import load_gazetteer
from ..names.resolution import apply_resolution, resolve_corpus
from ..store import IndexState, document_fields, document_hash, read_document
from ..store import schema as S
from .segments import MERGE_LIVE


def resolve_entities(
    entities: Iterable[Entity], mapping: Mapping[EntityRef, EntityRef]
) -> tuple[Entity, ...]:
    """An article's own entities as the index reads them (``mapping`` applied)."""
    return apply_resolution(entities, mapping)


def refresh(ix: Any, state: IndexState) -> int:
    """Re-resolve the articles whose entities the index now reads differently; returns
    how many were rewritten. Call after the run's articles are committed.

    Two readings change: the corpus mapping (``resolve_corpus``) and, per article, the
    surnames the articles around it settle (``surnames_in_context``).
    """
    local = state.local_entities()
    # With the towns: "Leicester" the city stays a place where the clubs are named more.
    mapping = _resolve(key_counts(local))
    previous = state.resolution()
    changed = {
        ref
        for ref in set(mapping) | set(previous)
        if mapping.get(ref) != previous.get(ref)
    }
    sources = {doc_id: row[0] for doc_id, row in state.docs().items()}
    with ix.searcher() as searcher:
        in_context = surnames_in_context(
            local, mapping, lambda ids: _placements(searcher, sources, ids)
        )
    before = state.article_resolutions()
    reread = {
        doc_id
        for doc_id in set(in_context) | set(before)
        if in_context.get(doc_id) != before.get(doc_id)
    }
    if not changed and not reread:
        return 0
    affected = [
        doc_id
        for doc_id, entities in local.items()
        if doc_id in reread or any((e.type, e.key) in changed for e in entities)
    ]
    targets = {mapping[r] for r in changed if r in mapping}
    targets |= {t for doc_id in reread for t in in_context.get(doc_id, {}).values()}
    names = _display_names(state, targets)
    writer = ix.writer(limitmb=256, compound=False)
    try:
        with ix.searcher() as searcher:
            for doc_id in affected:
                stored = searcher.document(**{S.ID_FIELD: doc_id})
                if stored is None:
                    continue
                own = in_context.get(doc_id, {})
                fields, entities = _rewritten(
                    stored, local[doc_id], {**mapping, **own}, names
                )
                writer.update_document(**fields)
                state.put(
                    doc_id,
                    stored.get(S.SOURCE, ""),
                    fields[S.CONTENT_HASH],
                    document_hash(fields),
                    entities,
                    local=local[doc_id],
                )
                state.set_article_resolution(doc_id, own)
        writer.commit(mergetype=MERGE_LIVE)  # rewritten articles may empty a segment
    except BaseException:
        writer.cancel()
        raise
    state.set_resolution(mapping)
    return len(affected)


def _rewritten(
    stored: Mapping[str, Any],
    local: list[Entity],
    mapping: Mapping[EntityRef, EntityRef],
    names: Mapping[EntityRef, str],
) -> tuple[dict[str, Any], tuple[Entity, ...]]:
    """The document of a stored article with its own entities read through ``mapping``."""
    doc = read_document(stored)
    entities = apply_resolution(local, mapping, names)
    article = Article(
        doc.id,
        doc.source,
        doc.title,
        doc.body,
        dateline=doc.dateline,
        url=doc.url,
        kind=stored.get(S.FORMAT),
    )
    extraction = Extraction(
        entities,
        doc.mentioned_dates(),
        doc.published,
        doc.published_source,
        stored.get(S.LANGUAGE) or "en",
    )
    fields = document_fields(article, doc.content_hash, extraction, doc.group)
    return fields, entities


def _placements(
    searcher: Any, sources: Mapping[str, str], ids: set[str]
) -> dict[str, Placement]:
    """Source folder and publication day of the given articles, from the index."""
    out = {}
    for doc_id in ids:
        docnum = searcher.document_number(**{S.ID_FIELD: doc_id})
        if docnum is None:
            continue
        published = searcher.stored_fields(docnum).get(S.PUBLISHED)
        day = published.toordinal() if isinstance(published, datetime) else None
        out[doc_id] = Placement(os.path.dirname(sources.get(doc_id, "")), day)
    return out


def _resolve(counts: dict[EntityRef, KeyCount]) -> dict[EntityRef, EntityRef]:
    gazetteer = load_gazetteer()
    return resolve_corpus(
        counts, places=gazetteer.canonical_names, cities=gazetteer.cities
    )


def _display_names(state: IndexState, refs: set[EntityRef]) -> dict[EntityRef, str]:
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, key in refs:
        by_kind[kind].append(key)
    names = {}
    for kind, keys in by_kind.items():
        for key, name in state.display_names(kind, keys).items():
            names[(kind, key)] = name
    return names
