"""Ranking plain-word queries with arrays: Whoosh's BM25F, computed for all matches at once.

What the search box mostly gets is words joined by AND/OR over title and body (the
``MultifieldParser`` turns "oil prices" into ``(title:oil OR body:oil) AND (title:price OR
body:price)``). Whoosh ranks such a query by walking its matchers document by document in
Python, which dominates the search time on a large index (a common word matches a fifth
of the articles). Here each term's posting list is read once into arrays
(document numbers and weights, cached per segment: segments never change), scored with the
same BM25F formula and the same statistics Whoosh's scorer uses (``idf``,
``avg_field_length``, field lengths, ``B``/``K1``), combined with array unions and
intersections, and the top documents taken with a partial sort.

Phrases (``"interest rates"``, one in five searches) too: Whoosh scores a phrase as the
AND of its words (its ``SpanNear2`` matcher wraps their intersection and adds their
scores) and keeps the documents where the words stand one after another. Here the AND
is computed as above, and the documents where the phrase occurs are found from each
word's positions (read once per segment and kept, :meth:`SegmentCache.positions`):
an occurrence of word *i* at position *p* is the pair (document, *p* - *i*), and the
phrase occurs where a pair is shared by every word. Whoosh walks its matchers and
compares spans in Python for every document that has all the words, which made phrases
about a third of all search time.

The result is Whoosh's ranking up to the rounding of the score sums (Whoosh adds a
query's parts in the order of its matcher tree, numpy in another): the same documents in
the same order wherever two scores differ by more than ~1e-12, checked against Whoosh's
own collector by tests/test_ranking.py. A word's boost multiplies its scores, as
Whoosh's ``WrappingMatcher`` does (the weighted words of "more like this"). Anything
else (phrases with a slop, wildcards, NOT, ranges, boosts on anything but a word,
another weighting model, sorting by date) returns None, and the caller asks Whoosh.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from whoosh import query as Q
from whoosh import scoring
from whoosh.searching import Results

from .docsets import DocMask, DocSet
from .postings import Arrays
from .segments import SegmentCache

#: An OR of more matches than one in this many of the index's documents is summed over
#: all document numbers (:func:`_evaluate`).
DENSE_UNION = 16


def rank_plain(
    searcher: Any,
    cache: SegmentCache,
    text_query: Any,
    allow: DocSet | None,
    limit: int,
    fold: Callable[[np.ndarray], np.ndarray] | None = None,
) -> tuple[Results, np.ndarray] | None:
    """The top ``limit`` documents of ``text_query`` among ``allow`` (None: all), as a
    Whoosh ``Results`` (for the page's hits and highlighting), and every document the
    query matches, allowed or not; None when the query is not plain words.

    :param cache: the index's segment cache, where posting arrays are kept.
    :param fold: when given, the top ``limit`` of the ranked documents it keeps
        (:meth:`~search.query.folding.Folding.firsts`: each group of copies' first);
        the ``Results`` then says ``folded``.
    """
    weighting = searcher.weighting
    if type(weighting) is not scoring.BM25F or not _is_plain(
        text_query, searcher.schema
    ):
        return None
    term_docs: dict[tuple[str, bytes], np.ndarray] = {}
    scored = _evaluate(searcher, cache, weighting, text_query, term_docs)
    docs, scores = scored if scored is not None else _empty()
    if allow is not None:
        if isinstance(allow, DocMask):
            allowed = allow.mask
        else:
            allowed = np.zeros(searcher.doc_count_all(), dtype=bool)
            allowed[np.fromiter(allow, dtype=np.int64, count=len(allow))] = True
        keep = allowed[docs]
        top_docs, top_scores = docs[keep], scores[keep]
    else:
        top_docs, top_scores = docs, scores
    if fold is None:
        ranked_scores, ranked_docs = _ranked(top_docs, top_scores, limit)
    else:
        ranked_scores, ranked_docs = _ranked_folded(top_docs, top_scores, limit, fold)
    top_n = list(zip(ranked_scores.tolist(), ranked_docs.tolist(), strict=True))
    results = Results(searcher, text_query, top_n)
    results.folded = fold is not None  # type: ignore[attr-defined]
    results._total = len(docs) if allow is None else int(keep.sum())  # type: ignore[assignment]
    # Which terms matched which top document, as TermsCollector records them (what
    # ``Hit.matched_terms`` and the highlighter read), from the arrays already read.
    shown = np.array(sorted(d for _s, d in top_n), dtype=np.int64)
    terms = sorted(term_docs.items())
    results.docterms = _TermsOf(terms)
    results.termdocs = {}
    for term, found in terms:
        if not len(found):  # its documents are all deleted
            continue
        # ``found`` is ascending: a binary search per shown document, not a pass over
        # every document of the term.
        at = np.minimum(np.searchsorted(found, shown), len(found) - 1)
        hit = shown[found[at] == shown]
        if len(hit):
            results.termdocs[term] = hit.tolist()
    return results, docs


class _TermsOf(dict[int, list[Any]]):
    """Document number -> the terms it matched (``Results.docterms``), worked out for
    the documents asked about: a search folding copies ranks a thousand documents
    deep, and only a page of them is shown."""

    def __init__(self, terms: list[tuple[tuple[str, bytes], np.ndarray]]) -> None:
        super().__init__()
        self.terms = terms

    def __missing__(self, docnum: int) -> list[Any]:
        found = [
            term
            for term, docs in self.terms
            if (at := int(np.searchsorted(docs, docnum))) < len(docs)
            and docs[at] == docnum
        ]
        self[docnum] = found
        return found

    def get(self, docnum: int, default: Any = None) -> Any:  # type: ignore[override]
        """What ``Hit.matched_terms`` reads: the terms of a ranked document (an empty
        list for one that matched none)."""
        return self[docnum]


def _ranked(docs: np.ndarray, scores: np.ndarray, limit: int) -> Arrays:
    """The top ``limit`` (scores, documents), best first: by score, then document
    number, as Whoosh's collector orders them."""
    if len(docs) > limit:
        # The limit-th best score; everything above it, and ties at it, are candidates.
        cut = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        pick = scores >= cut
        docs, scores = docs[pick], scores[pick]
    order = np.lexsort((docs, -scores))[:limit]
    return scores[order], docs[order]


def _ranked_folded(
    docs: np.ndarray,
    scores: np.ndarray,
    limit: int,
    fold: Callable[[np.ndarray], np.ndarray],
) -> Arrays:
    """The top ``limit`` of the ranked documents ``fold`` keeps, best first.

    The first copy of a group within the top *n* is its first overall (the order is
    total), so ranking deeper until ``limit`` are kept finds them. An archive of wire
    copies puts tens of thousands of a frequent word's matches in a few thousand
    groups: folded here, in arrays, rather than as a list of every ranked match."""
    depth = max(4 * limit, 256)
    while True:
        ranked_scores, ranked_docs = _ranked(docs, scores, depth)
        kept = np.flatnonzero(fold(ranked_docs))
        if len(kept) >= limit or len(ranked_docs) >= len(docs):
            kept = kept[:limit]
            return ranked_scores[kept], ranked_docs[kept]
        depth *= 4


def _is_plain(q: Any, schema: Any) -> bool:
    kind = type(q)
    if kind is Q.Term:
        return True
    if q.boost != 1.0:
        return False
    if kind is Q.Phrase:
        # Words next to each other only (``"a b"~3`` is left to Whoosh), in a field
        # with positions (Whoosh refuses a phrase in any other: so does the caller).
        field = schema[q.fieldname] if q.fieldname in schema else None
        return (
            q.slop == 1
            and bool(q.words)
            and field is not None
            and field.format is not None
            and field.format.supports("positions")
        )
    if kind is Q.And or (kind is Q.Or and not q.minmatch and not q.scale):
        return bool(q.subqueries) and all(_is_plain(s, schema) for s in q.subqueries)
    return False


def _empty() -> Arrays:
    return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)


def _evaluate(
    searcher: Any,
    cache: SegmentCache,
    weighting: Any,
    q: Any,
    term_docs: dict[tuple[str, bytes], np.ndarray],
) -> Arrays | None:
    """(document numbers, ascending; their scores) of a plain query; None: no match.
    ``term_docs`` gets each term's documents."""
    if type(q) is Q.Term:
        term = _term(searcher, cache, weighting, q.fieldname, q.text, term_docs)
        if term is None or q.boost == 1.0:
            return term
        return term[0], term[1] * q.boost
    if type(q) is Q.Phrase:
        return _phrase(searcher, cache, weighting, q.fieldname, q.words, term_docs)
    parts = [_evaluate(searcher, cache, weighting, s, term_docs) for s in q.subqueries]
    if type(q) is Q.And:
        return _intersect(parts)
    found = [p for p in parts if p is not None]
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    all_docs = np.concatenate([d for d, _s in found])
    all_scores = np.concatenate([s for _d, s in found])
    size = searcher.doc_count_all()
    if len(all_docs) * DENSE_UNION < size:
        docs, where = np.unique(all_docs, return_inverse=True)
        return docs, np.bincount(where, weights=all_scores, minlength=len(docs))
    # Many matches: summed over every document number rather than sorted (np.unique's
    # sort was most of an OR of frequent words). Either way a document's scores are
    # added in the order of the parts, so the sums are the same to the last bit.
    present = np.zeros(size, dtype=bool)
    present[all_docs] = True
    docs = np.flatnonzero(present)
    return docs, np.bincount(all_docs, weights=all_scores, minlength=size)[docs]


def _intersect(parts: list[Arrays | None]) -> Arrays | None:
    """The documents in every part, with the sum of their scores (None: no match)."""
    if any(p is None for p in parts):
        return None
    docs, scores = parts[0]  # type: ignore[misc]
    for other_docs, other_scores in parts[1:]:  # type: ignore[misc]
        docs, mine, theirs = np.intersect1d(
            docs, other_docs, assume_unique=True, return_indices=True
        )
        scores = scores[mine] + other_scores[theirs]
    return docs, scores


def _phrase(
    searcher: Any,
    cache: SegmentCache,
    weighting: Any,
    field: str,
    words: list[str],
    term_docs: dict[tuple[str, bytes], np.ndarray],
) -> Arrays | None:
    """A phrase: the AND of its words, kept where they stand one after another."""
    schema = searcher.schema
    if field not in schema:
        return None
    try:
        btexts = [schema[field].to_bytes(w) for w in words]
    except ValueError:
        return None
    leaves = searcher.reader().leaf_readers()
    parts = [_term(searcher, cache, weighting, field, w, term_docs) for w in words]
    found = _intersect(parts)
    if found is None or len(words) < 2:
        return found
    docs, scores = found
    keep = np.zeros(len(docs), dtype=bool)
    for leaf, offset in leaves:
        size = leaf.doc_count_all()
        lo, hi = np.searchsorted(docs, [offset, offset + size])
        if lo == hi:
            continue
        candidates = docs[lo:hi] - offset
        shared: np.ndarray | None = None
        for i, btext in enumerate(btexts):
            where, positions = cache.positions_among(
                leaf, offset, field, btext, candidates
            )
            # ``where`` is ascending (by document, then position): the candidates'
            # occurrences by binary search, not a pass over every occurrence.
            rows = _rows_of(where, candidates)
            rows = rows[positions[rows] >= i]
            # (document, start of the phrase) of each occurrence, as one integer:
            # ascending and unique, as the occurrences are.
            starts = (where[rows].astype(np.int64) << 32) + (
                positions[rows].astype(np.int64) - i
            )
            shared = starts if shared is None else shared[_contained(shared, starts)]
            if not len(shared):
                break
        if shared is not None and len(shared):
            keep[lo:hi] = _contained(candidates, shared >> 32)
    return docs[keep], scores[keep]


def _rows_of(where: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """The indices of ``where`` (ascending) holding one of ``docs`` (ascending)."""
    first = np.searchsorted(where, docs, side="left")
    counts = np.searchsorted(where, docs, side="right") - first
    total = int(counts.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(counts)
    return np.repeat(first - (ends - counts), counts) + np.arange(total)


def _contained(values: np.ndarray, within: np.ndarray) -> np.ndarray:
    """Which of ``values`` are in ``within`` (ascending), by binary search."""
    if not len(within):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(within, values), len(within) - 1)
    return within[at] == values


def _term(
    searcher: Any,
    cache: SegmentCache,
    weighting: Any,
    field: str,
    text: str,
    term_docs: dict[tuple[str, bytes], np.ndarray],
) -> Arrays | None:
    schema = searcher.schema
    if field not in schema:
        return None
    try:
        btext = schema[field].to_bytes(text)
    except ValueError:
        return None
    leaves = [
        (leaf, offset)
        for leaf, offset in searcher.reader().leaf_readers()
        if cache.has_term(leaf, offset, field, btext)
    ]
    if not leaves:
        return None
    scorable = schema[field].scorable
    if scorable:
        parent = searcher.get_parent()
        idf = parent.idf(field, text)
        avgfl = parent.avg_field_length(field) or 1
        b = weighting._field_B.get(field, weighting.B)
        k1 = weighting.K1
    all_docs, all_scores = [], []
    for leaf, offset in leaves:
        ids, weights = cache.postings(leaf, offset, field, btext)
        if scorable:
            lengths = cache.lengths(leaf, offset, field)[ids]
            # scoring.bm25, term for term: idf * (tf * (K1 + 1)) / (tf + K1 * ((1 - B)
            # + B * fl / avgfl))
            scores = idf * (
                (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl))
            )
        else:  # scoring.WeightScorer
            scores = weights.astype(np.float64)
        all_docs.append(ids + offset if offset else ids)
        all_scores.append(scores)
    if not all_docs:
        return None
    docs = np.concatenate(all_docs)
    term_docs[(field, btext)] = docs
    return docs, np.concatenate(all_scores)
