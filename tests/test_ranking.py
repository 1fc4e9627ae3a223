"""Plain-word queries and phrases are ranked with arrays (search/query/plain_ranking.py):
the same documents in the same order, with the same scores, as Whoosh's own collector
scoring every match.

On a real index of the test corpus (tests/data/news: Reuters-21578 wires, some of them
repeated word for word, and Wikinews stories) written in two runs (so two segments, and
document numbers with an offset), for several hundred queries made of the articles' own
title words: one word, AND, OR, a field, mixed; with and without a filter on the allowed
documents.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import REUTERS, WIKINEWS
from whoosh import collectors
from whoosh import query as Q
from whoosh.analysis import STOP_WORDS

from search import Query, Settings, open_index, search
from search.indexing import index_paths, reindex
from search.query import segments
from search.query.plain_ranking import rank_plain
from search.query.ranking import rank

LIMIT = 30


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("ranking")
    wires = REUTERS.read_text(encoding="utf-8").splitlines()
    first, second = root / "first", root / "second"
    first.mkdir()
    second.mkdir()
    (first / "a.jsonl").write_text("\n".join(wires[:150]) + "\n", encoding="utf-8")
    (second / "b.jsonl").write_text(
        "\n".join(wires[150:]) + "\n" + WIKINEWS.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    settings = Settings.load({"index_dir": root / "index"}, environ={})
    index_paths([first], settings, entities=False)
    index_paths([second], settings, entities=False)
    return settings


def queries(settings: Settings, n: int) -> list[str]:
    rng = random.Random(7)
    index = open_index(settings)
    with index.searcher() as searcher:
        titles = [f.get("title", "") for f in searcher.all_stored_fields()]
    words = [w.strip(".,:;'\"!?()").lower() for t in titles for w in t.split()]
    words = [w for w in words if w.isalpha() and len(w) > 2 and w not in STOP_WORDS]
    out = []
    for i in range(n):
        a, b, c = rng.sample(words, 3)
        out.append(
            [
                a,
                f"{a} {b}",
                f"{a} OR {b}",
                f"{a} {b} {c}",
                f"title:{a} {b}",
                f"({a} OR {b}) {c}",
                "said",  # in most articles
            ][i % 7]
        )
    return out


def whoosh_top(searcher, q, allow):
    collector = collectors.TermsCollector(
        collectors.TopCollector(LIMIT, usequality=False, replace=0)
    )
    if allow is not None:
        collector = collectors.FilterCollector(collector, allow)
    searcher.search_with_collector(q, collector)
    results = collector.results()
    top = [(docnum, score) for score, docnum in results.top_n]
    return top, len(results), results.docterms


def assert_same_ranking(ours, theirs, label):
    assert [d for d, _s in ours] == [d for d, _s in theirs] or _tied(ours, theirs), (
        label
    )
    for (_d, a), (_e, b) in zip(ours, theirs, strict=True):
        assert a == pytest.approx(b, rel=1e-9), label


def _tied(ours, theirs):
    """Different order only among scores equal up to rounding."""
    if len(ours) != len(theirs):
        return False
    for (d, a), (e, b) in zip(ours, theirs, strict=True):
        if d != e and abs(a - b) > 1e-9 * max(abs(a), abs(b)):
            return False
    return True


def test_array_ranking_is_whooshs_ranking(corpus_index: Settings) -> None:
    index = open_index(corpus_index)
    rng = random.Random(3)
    checked = with_hits = 0
    with index.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) >= 2  # offsets are exercised
        every = list(range(searcher.doc_count_all()))
        for text in queries(corpus_index, 350):
            q = index.parser.parse(text)
            for allow in (None, set(rng.sample(every, len(every) // 3))):
                fast = rank_plain(searcher, index.segments, q, allow, LIMIT)
                assert fast is not None, text
                results, matched = fast
                ours = [(docnum, score) for score, docnum in results.top_n]
                theirs, total, docterms = whoosh_top(searcher, q, allow)
                label = f"{text!r} allow={allow is not None}"
                assert_same_ranking(ours, theirs, label)
                assert len(results) == total, label
                for docnum, _score in ours:  # what the highlighter is given
                    assert sorted(results.docterms[docnum]) == sorted(
                        docterms[docnum]
                    ), label
                assert set(matched.tolist()) == set(searcher.docs_for_query(q)), label
                checked += 1
                with_hits += bool(ours)
    assert checked == 700 and with_hits > 370  # 394 on the test corpus


def phrases(settings: Settings, n: int) -> list[str]:
    """Quoted runs of 2-3 adjacent words of the articles' titles (stop words and all,
    as people type them), some with a word beside them."""
    rng = random.Random(11)
    index = open_index(settings)
    with index.searcher() as searcher:
        titles = [f.get("title", "").split() for f in searcher.all_stored_fields()]
    out = []
    for i in range(n):
        title = rng.choice([t for t in titles if len(t) >= 3])
        start = rng.randrange(len(title) - 1)
        run = " ".join(title[start : start + 2 + i % 2]).strip(".,:;'\"!?()")
        out.append(f'"{run}"' if i % 4 else f'"{run}" {rng.choice(title)}')
    # Several occurrences in one article, and one word twice in a phrase.
    return [*out, '"said it"', '"per cent"', '"said said"', '"the company said"']


@pytest.mark.parametrize("among", [False, True], ids=["all positions", "candidates"])
def test_phrases_are_ranked_as_whoosh_ranks_them(
    corpus_index: Settings, among: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoosh matches a phrase with span matchers over the words' positions; the arrays
    find the same documents from the positions and score them as Whoosh does, whether
    a word's positions are all read and kept or read in the phrase's candidate
    documents only (as for a frequent word beside a rare one)."""
    if among:
        monkeypatch.setattr(segments, "FEW_DOCUMENTS", 0)
    index = open_index(corpus_index)
    rng = random.Random(5)
    checked = with_hits = 0
    with index.searcher() as searcher:
        every = list(range(searcher.doc_count_all()))
        for text in phrases(corpus_index, 150):
            q = index.parser.parse(text)
            if not any(type(leaf) is Q.Phrase for leaf in _nodes(q)):
                continue  # a "phrase" of one word after stop words went
            for allow in (None, set(rng.sample(every, len(every) // 3))):
                fast = rank_plain(searcher, index.segments, q, allow, LIMIT)
                assert fast is not None, text
                results, matched = fast
                ours = [(docnum, score) for score, docnum in results.top_n]
                theirs, total, _docterms = whoosh_top(searcher, q, allow)
                label = f"{text!r} allow={allow is not None}"
                assert_same_ranking(ours, theirs, label)
                assert len(results) == total, label
                # The terms the highlighter is given, as the product gave them before
                # arrays ranked phrases: every word whose posting list has the hit.
                before = rank(searcher, q, allow, LIMIT, None, False)
                for docnum, _score in ours:
                    assert set(results.docterms[docnum]) == set(
                        before.docterms[docnum]
                    ), label
                assert set(matched.tolist()) == set(searcher.docs_for_query(q)), label
                checked += 1
                with_hits += bool(ours)
    assert checked > 250 and with_hits > 180, (checked, with_hits)  # 266, 196


def _nodes(q):
    yield q
    for child in q.children():
        yield from _nodes(child)


def test_weighted_words_are_ranked_as_whoosh_ranks_them(corpus_index: Settings) -> None:
    """ "More like this" searches an article's key terms, each boosted by its weight
    (Whoosh's key terms of the article, as :mod:`search.query.similar` builds them):
    the arrays multiply a word's scores by its boost, as Whoosh's wrapping matcher does.
    """
    index = open_index(corpus_index)
    rng = random.Random(13)
    checked = 0
    with index.searcher() as searcher:
        docs = rng.sample(range(searcher.doc_count_all()), 60)
        for docnum in docs:
            fields = searcher.stored_fields(docnum)
            terms = searcher.key_terms_from_text(
                "body", f"{fields['title']}\n{fields['body']}", numterms=15
            )
            if not terms:
                continue
            best = terms[0][1]
            q = Q.Or(
                [Q.Term("body", w, boost=x / best) for w, x in terms]
                + [Q.Term("title", terms[0][0], boost=0.5)]
            )
            fast = rank_plain(searcher, index.segments, q, None, LIMIT)
            assert fast is not None, q
            ours = [(d, score) for score, d in fast[0].top_n]
            theirs, total, docterms = whoosh_top(searcher, q, None)
            assert_same_ranking(ours, theirs, repr(q))
            assert len(fast[0]) == total
            for d, _score in ours:
                assert sorted(fast[0].docterms[d]) == sorted(docterms[d])
            checked += 1
    assert checked > 50


def test_other_queries_are_left_to_whoosh(corpus_index: Settings) -> None:
    index = open_index(corpus_index)
    with index.searcher() as searcher:
        for q in (
            index.parser.parse('"prime minister"~3'),
            index.parser.parse("minist*"),
            index.parser.parse("minister NOT prime"),
            Q.Or([Q.Term("body", "minist"), Q.Term("body", "prime")], boost=2.0),
            Q.Or([Q.Term("body", "minist"), Q.Term("body", "prime")], scale=0.9),
        ):
            assert rank_plain(searcher, index.segments, q, None, LIMIT) is None, q


def test_search_results_are_unchanged_for_every_kind_of_query(
    corpus_index: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page, the totals and the facets of ``search`` against Whoosh ranking alone."""
    import search.query.ranking as ranking

    index = open_index(corpus_index)
    index.result_cache_size = 0
    texts = [
        *queries(corpus_index, 40),
        *phrases(corpus_index, 20),
        '"prime minister"',
        '"prime minister"~3',
        "minist*",
        "",
    ]
    fast = [search(Query(t, page_size=20), corpus_index, index) for t in texts]
    monkeypatch.setattr(ranking, "rank_plain", lambda *args, **kwargs: None)
    slow = [search(Query(t, page_size=20), corpus_index, index) for t in texts]
    for t, a, b in zip(texts, fast, slow, strict=True):
        assert a.total == b.total, t
        ours = [(h.id, h.score) for h in a.hits]
        theirs = [(h.id, h.score) for h in b.hits]
        assert ours == theirs or _tied(ours, theirs), t
        if [h.id for h in a.hits] == [h.id for h in b.hits]:
            assert [h.snippet for h in a.hits] == [h.snippet for h in b.hits], t
        assert facets(a) == facets(b), t


def facets(result):
    return {k: [(v.value, v.count) for v in f.values] for k, f in result.facets.items()}


def test_a_deleted_article_is_never_ranked_again(tmp_path: Path) -> None:
    """Posting arrays are cached per segment; a reindex that deletes documents keeps the
    segment (and its id), so what was cached before must not bring them back."""
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(
            f"Harbour story {i}\n\ndate 2021-05-0{i + 1}\n\nThe harbour opened {i}.\n"
        )
    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    index_paths([folder], settings, entities=False)
    index = open_index(settings)
    assert search(Query("harbour"), settings, index).total == 3
    (folder / "1.txt").unlink()
    reindex(settings)
    index = index.current()  # the new generation, sharing the segment cache
    result = search(Query("harbour"), settings, index)
    assert (result.total, sorted(h.id for h in result.hits)) == (2, ["0", "2"])
