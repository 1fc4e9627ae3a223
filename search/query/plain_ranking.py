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

The result is Whoosh's ranking up to the rounding of the score sums (Whoosh adds a
query's parts in the order of its matcher tree, numpy in another): the same documents in
the same order wherever two scores differ by more than ~1e-12, checked against Whoosh's
own collector by tests/test_ranking.py. Anything else (phrases, wildcards, NOT, ranges,
boosts other than 1, another weighting model, sorting by date) returns None, and the
caller asks Whoosh.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from whoosh import query as Q
from whoosh import scoring
from whoosh.searching import Results

from .segments import Arrays, SegmentCache


def rank_plain(
    searcher: Any,
    cache: SegmentCache,
    text_query: Any,
    allow: set[int] | None,
    limit: int,
) -> tuple[Results, np.ndarray] | None:
    """The top ``limit`` documents of ``text_query`` among ``allow`` (None: all), as a
    Whoosh ``Results`` (for the page's hits and highlighting), and every document the
    query matches, allowed or not; None when the query is not plain words.

    :param cache: the index's segment cache, where posting arrays are kept.
    """
    weighting = searcher.weighting
    if type(weighting) is not scoring.BM25F or not _is_plain(text_query):
        return None
    term_docs: dict[tuple[str, bytes], np.ndarray] = {}
    scored = _evaluate(searcher, cache, weighting, text_query, term_docs)
    docs, scores = scored if scored is not None else _empty()
    if allow is not None:
        keep = np.isin(docs, np.fromiter(allow, dtype=np.int64, count=len(allow)))
        top_docs, top_scores = docs[keep], scores[keep]
    else:
        top_docs, top_scores = docs, scores
    if len(top_docs) > limit:
        # The limit-th best score; everything above it, and ties at it, are candidates.
        cut = np.partition(top_scores, len(top_scores) - limit)[len(top_scores) - limit]
        pick = top_scores >= cut
        top_docs, top_scores = top_docs[pick], top_scores[pick]
    order = np.lexsort((top_docs, -top_scores))[:limit]
    top_n = list(zip(top_scores[order].tolist(), top_docs[order].tolist(), strict=True))
    results = Results(searcher, text_query, top_n)
    results._total = len(docs) if allow is None else int(keep.sum())  # type: ignore[assignment]
    # Which terms matched which top document, as TermsCollector records them (what
    # ``Hit.matched_terms`` and the highlighter read), from the arrays already read.
    shown = np.array(sorted(d for _s, d in top_n), dtype=np.int64)
    results.docterms = {int(d): [] for d in shown}
    results.termdocs = {}
    for term, found in sorted(term_docs.items()):
        hit = shown[np.isin(shown, found)].tolist()
        if hit:
            results.termdocs[term] = hit
            for d in hit:
                results.docterms[d].append(term)
    return results, docs


def _is_plain(q: Any) -> bool:
    kind = type(q)
    if q.boost != 1.0:
        return False
    if kind is Q.Term:
        return True
    if kind is Q.And or (kind is Q.Or and not q.minmatch and not q.scale):
        return bool(q.subqueries) and all(_is_plain(s) for s in q.subqueries)
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
        return _term(searcher, cache, weighting, q.fieldname, q.text, term_docs)
    parts = [_evaluate(searcher, cache, weighting, s, term_docs) for s in q.subqueries]
    if type(q) is Q.And:
        if any(p is None for p in parts):
            return None
        docs, scores = parts[0]  # type: ignore[misc]
        for other_docs, other_scores in parts[1:]:  # type: ignore[misc]
            docs, mine, theirs = np.intersect1d(
                docs, other_docs, assume_unique=True, return_indices=True
            )
            scores = scores[mine] + other_scores[theirs]
        return docs, scores
    found = [p for p in parts if p is not None]
    if not found:
        return None
    if len(found) == 1:
        return found[0]
    all_docs = np.concatenate([d for d, _s in found])
    docs, where = np.unique(all_docs, return_inverse=True)
    scores = np.bincount(
        where, weights=np.concatenate([s for _d, s in found]), minlength=len(docs)
    )
    return docs, scores


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
    if (field, btext) not in searcher.reader():
        return None
    scorable = schema[field].scorable
    if scorable:
        parent = searcher.get_parent()
        idf = parent.idf(field, text)
        avgfl = parent.avg_field_length(field) or 1
        b = weighting._field_B.get(field, weighting.B)
        k1 = weighting.K1
    all_docs, all_scores = [], []
    for leaf, offset in searcher.reader().leaf_readers():
        if (field, btext) not in leaf:
            continue
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
