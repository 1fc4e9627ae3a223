"""Ranking: the top hits of a query, in the order scoring every match would give.

Plain words sorted by relevance (most queries) are ranked with arrays
(:mod:`search.query.plain_ranking`); anything else by Whoosh's collectors, with the
unsafe block-skipping turned off. Either way the result is a Whoosh ``Results`` with the
matched terms of its top documents, for the highlighter; it never leaves the query
package.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from whoosh import collectors

from .docsets import DocMask, DocSet
from .plain_ranking import rank_plain
from .segments import SegmentCache


def rank(
    searcher: Any,
    text_query: Any,
    allow: DocSet | None,
    limit: int,
    sortedby: Any,
    reverse: bool,
    record: list[int] | None = None,
    cache: SegmentCache | None = None,
    fold: tuple[Callable[[np.ndarray], np.ndarray], int] | None = None,
) -> Any:
    """The top ``limit`` hits (with matched terms, for highlighting), in exactly the order
    scoring every match would give; with ``record``, every document the text query
    matches (filtered out or not) is appended to it.

    Whoosh's TopCollector keeps a heap of the top ``limit`` instead of sorting every match,
    but by default it also skips posting blocks and prunes sub-queries whose estimated best
    score cannot reach the heap; those estimates are not safe for BM25 and lose real top
    hits (Reuters' "qtr net" shows it), so both are turned off.

    Plain words sorted by relevance (most queries) are ranked with arrays instead
    (:mod:`search.query.plain_ranking`), to the same order, when the index's segment
    ``cache`` is given.

    :param fold: ``(firsts, n)``: plain words ranked with arrays are folded there, the
        top ``n`` documents ``firsts`` keeps (a mask over ranked document numbers,
        :meth:`~search.query.folding.Folding.firsts`), and the Results say ``folded``;
        other queries are ranked to ``limit`` unfolded, for the caller to fold.

    Matched terms: Whoosh's TermsCollector checks every term of the query on every match,
    which doubles the cost of ranking a frequent word; only the top documents are shown,
    so their terms are looked up afterwards instead (:func:`_record_terms`).
    """
    firsts, top = fold if fold is not None else (None, limit)
    fast = (
        rank_plain(searcher, cache, text_query, allow, top, firsts)
        if sortedby is None and cache is not None
        else None
    )
    if fast is not None:
        results, matched = fast
        if record is not None:
            record.extend(matched.tolist())
        return results
    if isinstance(allow, DocMask):  # Whoosh's collectors take a set
        allow = set(allow)
    terms = _query_terms(searcher.reader(), text_query)
    collector: Any
    if sortedby is not None:
        collector = collectors.SortingCollector(sortedby, limit=limit, reverse=reverse)
    else:
        collector = collectors.TopCollector(limit, usequality=False, replace=0)
    by_collector = len(terms) > MAX_LOOKUP_TERMS
    if by_collector:
        collector = collectors.TermsCollector(collector)
    if record is not None:
        collector = _RecordingFilter(collector, allow, record)
    elif allow is not None:
        collector = collectors.FilterCollector(collector, allow)
    searcher.search_with_collector(text_query, collector)
    results = collector.results()
    if not by_collector:
        _record_terms(searcher, terms, results)
    return results


#: Above this many terms (a wildcard over a big vocabulary), looking each up for the top
#: documents costs more than TermsCollector's checks during ranking.
MAX_LOOKUP_TERMS = 256


def _query_terms(reader: Any, text_query: Any) -> list[tuple[str, bytes]]:
    """The (field, bytes) terms of the query that exist in the index, wildcards expanded.

    What ``Query.existing_terms(reader, expand=True)`` is meant to give; it cannot be used:
    its loop variable shadows its ``fieldname`` argument, so after the first leaf it skips
    every other field (Whoosh 2.7 and whoosh3 alike: "title:x OR body:x" gives title only).
    """
    schema = reader.schema
    found: set[tuple[str, bytes]] = set()
    for leaf in text_query.leaves():
        for field, text in leaf.expanded_terms(reader, phrases=True):
            if field not in schema:
                continue
            try:
                btext = schema[field].to_bytes(text)
            except ValueError:
                continue
            if (field, btext) in reader:
                found.add((field, btext))
    return sorted(found)


def _record_terms(searcher: Any, terms: list[Any], results: Any) -> None:
    """Give ``results`` the matched terms of its top documents, as TermsCollector would
    (``docterms``, ``termdocs``; what ``Hit.matched_terms`` and the highlighter read).

    A term matched a document if the document is in the term's posting list: exactly
    TermsCollector's answer for the documents a query matches (a phrase's words, the
    positive side of NOT, an expanded wildcard's words).
    """
    docs = sorted(docnum for _key, docnum in results.top_n)
    docterms: dict[int, list[Any]] = {d: [] for d in docs}
    termdocs: dict[Any, list[int]] = {}
    for term in terms if docs else ():
        postings = searcher.postings(*term)
        for docnum in docs:
            if not postings.is_active():
                break
            if postings.id() < docnum:
                postings.skip_to(docnum)
                if not postings.is_active():
                    break
            if postings.id() == docnum:
                docterms[docnum].append(term)
                termdocs.setdefault(term, []).append(docnum)
    results.docterms = docterms
    results.termdocs = termdocs


class _RecordingFilter(collectors.FilterCollector):
    """A FilterCollector that also records every document the query matched, allowed or
    not: ranking a query whose matcher is the slow part (phrases: positions compared in
    Python) then gives its document set too, instead of walking the matcher twice."""

    def __init__(self, child: Any, allow: set[int] | None, record: list[int]) -> None:
        super().__init__(child, allow=allow)
        self.record = record

    def collect_matches(self) -> None:
        child, offset, allow, record = self.child, self.offset, self.allow, self.record
        collect = child.collect
        for sub_docnum in child.matches():
            docnum = offset + sub_docnum
            record.append(docnum)
            if allow is None or docnum in allow:
                collect(sub_docnum)
            else:
                self.filtered_count += 1
