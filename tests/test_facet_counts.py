"""search() counts exactly what Whoosh's own ``groupedby`` counts.

``search`` counts facets from per-segment document -> values tables (search/facetcounts.py)
instead of ``groupedby``, and ranks with a set of matched document numbers as the filter.
These tests run the straightforward Whoosh version (the one ``search`` used before) as the
reference and demand the same totals, the same counts for every value of every facet and
the same hits, over real articles with real entities (the test corpus in tests/data/news, whose Reuters
part repeats some texts word for word): on a fresh index, and after an incremental
reindex has added a segment and deleted documents.
"""

from __future__ import annotations

import json
import shutil
from datetime import date

import numpy as np
import pytest
from conftest import REUTERS, WIKINEWS
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st
from whoosh import sorting

from search import Query, Settings, search
from search.indexing import index_paths, reindex
from search.query import FACETS, facet_values, open_index
from search.query.docsets import DocMask, intersect
from search.query.facet_table import Counts
from search.query.translation import (
    all_of,
    filter_group,
    filter_queries,
    parse_query_text,
    sort_order,
)

#: File of the mixed folder -> its records: 1987 wires, 2019-2020 stories and, as an
#: undated source would give, 20 other Reuters records with their date removed.
PER_FILE = {"reuters.jsonl": 90, "wikinews.jsonl": 30, "undated.jsonl": 20}


def mixed_records() -> dict[str, list[dict]]:
    reuters = [json.loads(line) for line in REUTERS.read_text("utf-8").splitlines()]
    wikinews = [json.loads(line) for line in WIKINEWS.read_text("utf-8").splitlines()]
    return {
        "reuters.jsonl": reuters[:90],
        "wikinews.jsonl": wikinews[::4],  # spread over 2019-2020
        "undated.jsonl": [dict(r, date=None) for r in reuters[-20:]],
    }


def grouped_by(names):
    """Whoosh's own facet counting for ``names`` (``groupedby``), the reference."""
    facets = sorting.Facets()
    for name in names:
        facets.add_field(name, allow_overlap=name in ("person", "org", "place"))
    return facets


def reference(index, query):
    """Total, every facet's counts and the page's hit ids, the plain Whoosh way."""
    text_query, _notice = parse_query_text(index, query.text)
    with index.searcher() as searcher:
        filters = filter_queries(index, query)
        combined = all_of([q for q in filters.values() if q is not None])
        sortedby, reverse = sort_order(query, text_query)
        results = searcher.search(
            text_query,
            filter=combined,
            limit=query.page * query.page_size,
            sortedby=sortedby,
            reverse=reverse,
            maptype=sorting.Count,
            groupedby=grouped_by(
                [n for n in FACETS if filters.get(filter_group(n)) is None]
            ),
        )
        total = len(results)
        counts = {}
        for name in FACETS:
            if filters.get(filter_group(name)) is not None:
                others = all_of(
                    [
                        q
                        for k, q in filters.items()
                        if k != filter_group(name) and q is not None
                    ]
                )
                groups = searcher.search(
                    text_query,
                    filter=others,
                    limit=1,
                    groupedby=grouped_by([name]),
                    maptype=sorting.Count,
                ).groups(name)
            else:
                groups = results.groups(name)
            counts[name] = {str(k): n for k, n in groups.items() if k}
        start = (query.page - 1) * query.page_size
        ids = (
            [h["id"] for h in results[start : start + query.page_size]]
            if start < total
            else []
        )
    return total, counts, ids


def answer(query, settings, index=None):
    # Every copy shown, as the plain Whoosh reference shows them (folding copies is
    # tested in test_copies.py; it changes the hits, never the totals or counts).
    query = query.replace(facet_limit=1_000_000, fold=False)
    result = search(query, settings, index)
    return (
        result.total,
        {
            name: {v.value: v.count for v in facet.values}
            for name, facet in result.facets.items()
        },
        [h.id for h in result.hits],
    )


def queries(settings):
    """Words, phrases, browsing, sorting, pages, and filters on values that exist."""
    with open_index(settings).searcher() as searcher:
        values = {
            kind: [
                t.decode()
                for t, _i in zip(searcher.lexicon(kind), range(3), strict=False)
            ]
            for kind in ("person", "org", "place")
        }
    top = {kind: (values[kind] or [""])[0] for kind in values}
    out = [
        Query(text=t)
        for t in (
            "oil",
            "trade",
            "bank",
            "oil prices",
            '"said it"',
            "government minister",
            "zzzunknownword",
            "",
            "oil OR gold",
            "title:oil",
        )
    ]
    out += [
        Query(text="", sort="newest"),
        Query(text="said", sort="oldest"),
        Query(text="said", page=2),
        Query(text="said", page=50),
    ]
    for kind, value in top.items():
        if value:
            out.append(Query(text="", **{kind: (value,)}))
            out.append(Query(text="said", **{kind: (value,)}))
    place = values["place"][:2]
    if place:
        out.append(
            Query(text="", place=tuple(place), person=tuple(values["person"][:1]))
        )
    out += [
        Query(
            text="said", published_from=date(1987, 3, 1), published_to=date(1987, 3, 31)
        ),
        Query(text="", published_from=date(2019, 1, 1)),
        Query(text="", published_to=date(1987, 4, 15), place=tuple(place[:1])),
    ]
    return out


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    """A small mixed folder of real articles (several files, so a reindex can drop some)."""
    root = tmp_path_factory.mktemp("mixed")
    for name, records in mixed_records().items():
        assert len(records) == PER_FILE[name], name
        (root / name).write_text(
            "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
        )
    return root


@pytest.fixture(scope="module")
def mixed_settings(corpus_dir, tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("mixed-index") / "index"
    settings = Settings.load({"index_dir": index_dir}, environ={})
    stats = index_paths([corpus_dir], settings)
    assert stats.indexed == sum(PER_FILE.values()), stats.summary()
    return settings


def test_counts_hits_and_totals_match_whoosh_groupedby(mixed_settings):
    index = open_index(mixed_settings)
    for query in queries(mixed_settings):
        assert answer(query, mixed_settings, index) == reference(index, query), query


def test_one_facets_full_list_matches_whoosh_groupedby(mixed_settings):
    """``facet_values`` (the sidebar's "all values" list, ``/api/facets/<name>``) counts
    as the sidebar does: multi-select, the facet's own filter left out."""
    index = open_index(mixed_settings)
    for query in queries(mixed_settings):
        _total, counts, _ids = reference(index, query)
        for name in FACETS:
            facet = facet_values(
                query, name, mixed_settings, limit=100_000, index=index
            )
            assert {v.value: v.count for v in facet.values} == counts[name], (
                query,
                name,
            )


def test_counts_stay_exact_after_incremental_reindex(
    mixed_settings, corpus_dir, tmp_path
):
    index_dir = tmp_path / "index"
    shutil.copytree(mixed_settings.index_dir, index_dir)
    settings = Settings.load({"index_dir": index_dir}, environ={})
    index = open_index(settings)
    warm = [answer(q, settings, index) for q in queries(settings)]  # fills the caches
    assert warm[0][0] > 0
    # Drop some articles, change one: a new segment plus deletions in the old one.
    reuters = corpus_dir / "reuters.jsonl"
    saved = reuters.read_text(encoding="utf-8")
    try:
        records = [json.loads(line) for line in saved.splitlines()]
        records = records[:60]
        records[0]["text"] = (
            "Oil prices rose sharply in trade on Monday. " + records[0]["text"]
        )
        reuters.write_text(
            "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
        )
        stats = reindex(settings)
        assert stats.removed == 30 and stats.updated == 1, stats.summary()
        index = index.current()  # the new generation, sharing the segment cache
        for query in queries(settings):
            assert answer(query, settings, index) == reference(index, query), query
        assert (
            search(Query(text=""), settings, index).total == sum(PER_FILE.values()) - 30
        )
    finally:
        reuters.write_text(saved, encoding="utf-8")


@examples(max_examples=300, deadline=None)
@given(
    counts=st.dictionaries(
        st.sampled_from(["", "a", "b", "c", "dd", "e", "ff", "g", "h", "ii", "j"]),
        st.integers(min_value=1, max_value=4),
    ),
    limit=st.integers(min_value=0, max_value=12),
)
def test_the_top_values_are_the_first_of_all_sorted(counts, limit):
    """A facet shows its ``limit`` most counted values by count, then name, without the
    empty value: taken from the count arrays (ties at the cut included), they are the
    first of every value sorted so."""
    labels = ["zz", *counts, "yy"]  # numbered values, some not counted
    numbered = sorted((labels.index(v), n) for v, n in counts.items())
    values = np.array([v for v, _n in numbered], dtype=np.int64)
    tallies = np.array([n for _v, n in numbered], dtype=np.int64)
    empty = labels.index("") if "" in labels else -1
    numbers = {label: i for i, label in enumerate(labels)}
    expected = sorted(
        ((k, n) for k, n in counts.items() if k), key=lambda kv: (-kv[1], kv[0])
    )
    for found in (
        Counts(labels, values, tallies, empty),
        Counts(labels, values, tallies, empty, numbers),
    ):
        # A selected value looked up alone, before anything made a dict of them all.
        assert [found.get(k) for k in labels] == [counts.get(k) for k in labels]
        assert found.top(limit) == expected[:limit]
        assert found.nonempty() == len(expected)
        assert dict(found) == counts


@examples(max_examples=200, deadline=None)
@given(
    groups=st.lists(
        st.tuples(st.booleans(), st.sets(st.integers(min_value=0, max_value=39))),
        min_size=1,
        max_size=4,
    )
)
def test_filters_held_as_masks_intersect_as_sets(groups):
    """A date range is held as a mask over every document (docsets.DocMask), the other
    filters and the text's matches as sets: intersecting any mix of them gives the
    documents of the plain set intersection, and ranking and counting see the same
    members."""
    size = 40
    held = []
    for as_mask, docs in groups:
        if as_mask:
            mask = np.zeros(size, dtype=bool)
            mask[list(docs)] = True
            held.append(DocMask(mask))
        else:
            held.append(set(docs))
    found = intersect(held[0], held[1:])
    expected = set.intersection(*(set(d) for _m, d in groups))
    assert set(found) == expected and len(found) == len(expected)
    assert all((d in found) == (d in expected) for d in range(-2, size + 2))
