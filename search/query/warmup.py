"""Warming an open index: reading, before anyone searches, what the first search would.

A fresh :class:`~search.query.index.Index` reads its arrays on demand: the facet values
of every segment (:class:`~search.query.facet_table.FacetTable`), the field lengths and
posting arrays plain-word ranking scores with (:mod:`~search.query.plain_ranking`), the
name forms of the article state, and Python imports the highlighter, the phrase
matchers and the spelling automaton on first use. On a large index the first search paid
for all of it (1.3 s at 24k-100k articles, against ~15 ms for the next one). A server
calls :func:`warm` when a worker boots and when it opens a newly published generation,
before that Index answers anyone (``web.warmup``).

The searches it runs are made from the index's own articles (words and a phrase of a
stored title, one of its entities, its month), so they match and exercise what readers'
searches do: ranking, snippets, every facet's counts, a filter and a date range, a
phrase, and a correction of a misspelt word.

Then it reads ahead (:func:`read_ahead`) the posting lists of the index's most frequent
words, with their positions for phrases. A posting list is read once per worker and
segment (:mod:`~search.query.segments`, block by block), its positions one pickled list a
posting: at 100,000 articles a word such as "said" is 100,000 postings, and a worker's
first pass over readers' searches cost ~10 ms a search against ~7.5 ms for a second pass
with the budgets below (bench/README.md). Frequent words are the ones readers' searches
share and the ones that cost most to read, so a bounded read of the most frequent ones
takes most of that cost off the first searches.
"""

from __future__ import annotations

import heapq
import logging
import re
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..models import ENTITY_TYPES, Query
from ..names.places import load_gazetteer
from ..store import schema as S
from .index import Index
from .searcher import search

log = logging.getLogger(__name__)

#: Stored documents looked at for a title with two words to search.
SAMPLE_DOCS = 50
#: Postings read ahead with their positions, most frequent words first (within the
#: segment cache's own bound, ``MAX_CACHED_POSITIONS``, counted in postings here).
READ_AHEAD_POSITIONS = 4_000_000
#: Postings read ahead in all, positions or not (within ``MAX_CACHED_POSTINGS``).
READ_AHEAD_POSTINGS = 8_000_000
#: Reading ahead stops after this long, whatever is left: a worker answers no one while
#: it warms.
READ_AHEAD_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class WarmUp:
    """What :func:`warm` did: which generation, how big, how long."""

    generation: str
    #: the words of the sample searches ("" for an empty index)
    text: str
    articles: int
    segments: int
    searches: int
    seconds: float
    #: postings read ahead (:func:`read_ahead`)
    postings: int = 0

    def summary(self) -> str:
        return (
            f"warmed {self.generation}: {self.articles:,} articles in "
            f"{self.segments} segment{'s' * (self.segments != 1)}, "
            f"{self.searches} searches, {self.postings:,} postings read ahead, "
            f"{self.seconds:.2f} s"
        )


def warm(index: Index, ahead: bool = True) -> WarmUp:
    """Load what searching ``index`` needs and run a few representative searches on it.

    :param ahead: then read the most frequent words' posting lists (:func:`read_ahead`).
        A server does when a worker boots, not when it warms a new generation in the
        background: that thread would hold the interpreter for seconds while the old
        generation answers (a request waited 2.2 s in bench/web.py), and the new
        generation shares the segments already read.

    Safe to call from any thread, and again (a second call finds everything loaded).
    The searches go through :func:`~search.query.search` with the index's settings, so
    with a result cache their results are kept like any other.
    """
    started = time.perf_counter()
    with index.searcher() as searcher:
        reader = searcher.reader()
        articles = searcher.doc_count()
        leaves = reader.leaf_readers()
        index.facet_table(searcher)
        for leaf, offset in leaves:
            for field in S.SEARCH_FIELDS:
                index.segments.lengths(leaf, offset, field)
        queries = sample_queries(searcher)
    index.resolution  # noqa: B018 - read now, not by the first search that needs it
    # The gazetteer an organisation filter such as "Japanese Finance Ministry" is keyed
    # with (search.names.orgs.owner_folded), and a place filter such as "Peking"
    # (search.query.index.Index.entity_key): 2 s to build, once per process.
    load_gazetteer().present_name("")
    for query in queries:
        search(query, index.settings, index)
    log.info("warm-up searches done in %.2f s", time.perf_counter() - started)
    postings = 0
    if ahead:
        with index.searcher() as searcher:
            postings = read_ahead(
                index, searcher, time.perf_counter() + READ_AHEAD_SECONDS
            )
    return WarmUp(
        generation=index.dir.name,
        text=queries[1].text if len(queries) > 1 else "",
        articles=articles,
        segments=len(leaves),
        searches=len(queries),
        seconds=time.perf_counter() - started,
        postings=postings,
    )


def read_ahead(
    index: Index,
    searcher: Any,
    deadline: float,
    with_positions: int = READ_AHEAD_POSITIONS,
    postings: int = READ_AHEAD_POSTINGS,
) -> int:
    """Read into the index's segment cache the posting lists of the most frequent words
    of the searched fields, by document frequency over the whole index: positions and
    postings while the first ``with_positions`` postings last, postings alone up to
    ``postings``, and nothing after ``deadline`` (a ``time.perf_counter`` value).

    :returns: how many postings were read.
    """
    leaves = searcher.reader().leaf_readers()
    frequency: Counter[tuple[str, bytes]] = Counter()
    for leaf, _offset in _sample_segments(leaves):
        names = leaf.indexed_field_names()
        for field in S.SEARCH_FIELDS:
            if field in names:
                for btext, info in leaf.iter_field(field):
                    frequency[field, btext] += info.doc_frequency()
            if time.perf_counter() > deadline:
                return 0
    # The fewest words that make up the budget: no word is needed below that (the
    # counts are of the sampled segments, at least half of every word's documents).
    wanted = heapq.nlargest(
        max(1, postings // 500), frequency.items(), key=lambda item: item[1]
    )
    read = 0
    for (field, btext), _sampled in wanted:
        holding = [(lf, o) for lf, o in leaves if (field, btext) in lf]
        count = sum(lf.term_info(field, btext).doc_frequency() for lf, _o in holding)
        if read + count > postings or time.perf_counter() > deadline:
            break
        for leaf, offset in holding:
            if read + count <= with_positions:
                index.segments.positions(leaf, offset, field, btext)
            else:
                index.segments.postings(leaf, offset, field, btext)
        read += count
    return read


def _sample_segments(leaves: list[tuple[Any, int]]) -> list[tuple[Any, int]]:
    """The largest segments, enough of them to hold half the index's documents: where
    the most frequent words are counted. Walking a segment's whole term table costs
    ~10 µs a word (about a second per 20,000 articles), and the words frequent in half
    an archive are the ones frequent in all of it."""
    by_size = sorted(leaves, key=lambda lo: lo[0].doc_count_all(), reverse=True)
    total = sum(leaf.doc_count_all() for leaf, _o in leaves)
    chosen: list[tuple[Any, int]] = []
    for leaf, offset in by_size:
        chosen.append((leaf, offset))
        if 2 * sum(lf.doc_count_all() for lf, _o in chosen) >= total:
            break
    return chosen


def sample_queries(searcher: Any) -> list[Query]:
    """Searches made from one stored article: its title words, a phrase of them with
    one of its entities and its month, and a misspelling (empty index: browsing only)."""
    fields = _sample_document(searcher)
    queries = [Query()]
    if fields is None:
        return queries
    words = _words(fields.get(S.TITLE, ""))
    first, second = words[0], words[1]
    queries.append(Query(text=f"{first} {second}"))
    published = fields.get(S.PUBLISHED)
    day = published.date() if isinstance(published, datetime) else None
    filters: dict[str, Any] = {}
    for kind in ENTITY_TYPES:
        keys = [k for k in (fields.get(kind) or "").split(",") if k]
        if keys:
            filters[kind] = (keys[0],)
            break
    if day is not None:
        filters["published_from"] = date(day.year, day.month, 1)
        filters["published_to"] = day
    queries.append(Query(text=f'"{first} {second}"', **filters))
    # One letter changed at the end: a word no article has, corrected.
    queries.append(Query(text=first[:-1] + ("q" if first[-1] != "q" else "x")))
    return queries


def _sample_document(searcher: Any) -> dict[str, Any] | None:
    """The stored fields of an early article whose title has two searchable words."""
    for n, docnum in enumerate(searcher.reader().all_doc_ids()):
        if n >= SAMPLE_DOCS:
            break
        fields: dict[str, Any] = searcher.stored_fields(docnum)
        if len(_words(fields.get(S.TITLE, ""))) >= 2:
            return fields
    return None


def _words(title: str) -> list[str]:
    """Words of a title worth searching: letters only, 4 or more of them."""
    return [w.lower() for w in re.findall(r"[^\W\d_]{4,}", title)]
