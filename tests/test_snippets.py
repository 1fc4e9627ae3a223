"""Snippets are Whoosh's highlighted fragments, character for character
(search/query/snippets.py tokenizes the stored text in one loop instead of Whoosh's chain
of generators).

On a real index of the test corpus (Reuters wires and Wikinews stories, long and short),
for searches of one and several words, phrases, stop words, a word that is not in the
index (searched as its close spellings), a wildcard and a field: every hit's snippet is
what ``Hit.highlights`` gives, and the search results the reader sees are unchanged.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import NEWS
from whoosh.query import Or, Term

from search import Query, Settings, open_index, search
from search.indexing import index_paths
from search.query import hits as hit_module
from search.query.hits import highlight_results
from search.query.snippets import highlights
from search.store import schema as S

TEXTS = [
    "oil",
    "oil prices",
    "crude oil OR gas",
    '"crude oil"',
    '"the company said"',
    "the of and",
    "electon",  # not in the index: searched as "election"
    "presiden*",
    "title:election",
    "bank rates",
    "coronavirus pandemic",
    "said",
]


@pytest.fixture(scope="module")
def news_index(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("snippets")
    settings = Settings.load({"index_dir": root / "index"}, environ={})
    index_paths([NEWS], settings, entities=False)
    return settings


def test_every_snippet_is_whooshs(news_index: Settings) -> None:
    index = open_index(news_index)
    compared = marked = 0
    with index.searcher() as searcher:
        for text in TEXTS:
            results = searcher.search(index.parser.parse(text), limit=40, terms=True)
            highlight_results(results)
            for hit in results:
                body = hit[S.BODY]
                ours = highlights(hit, S.BODY, body, top=2)
                assert ours == hit.highlights(S.BODY, top=2), (text, hit[S.ID_FIELD])
                compared += 1
                marked += "<mark" in ours
    assert compared > 120 and marked > 100, (compared, marked)  # 149, 143


def test_snippets_of_every_kind_of_word_are_whooshs(news_index: Settings) -> None:
    """Snippets skip the stretches of a story far from its matches: for a sample of
    the body's whole vocabulary (every 7th word, short and long, stemmed or not) and
    pairs of them, every hit's snippet is still Whoosh's."""
    index = open_index(news_index)
    compared = 0
    with index.searcher() as searcher:
        vocabulary = [
            w.decode() if isinstance(w, bytes) else w for w in searcher.lexicon(S.BODY)
        ]
        sample = vocabulary[::7]
        queries = [Term(S.BODY, w) for w in sample]
        queries += [
            Or([Term(S.BODY, a), Term(S.BODY, b)])
            for a, b in zip(sample[::5], sample[2::5], strict=False)
        ]
        for q in queries:
            results = searcher.search(q, limit=8, terms=True)
            highlight_results(results)
            for hit in results:
                body = hit[S.BODY]
                ours = highlights(hit, S.BODY, body, top=2)
                assert ours == hit.highlights(S.BODY, top=2), (q, hit[S.ID_FIELD])
                compared += 1
    assert len(sample) > 500 and compared > 3000, (len(sample), compared)


def test_search_pages_are_unchanged(
    news_index: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = open_index(news_index)
    index.result_cache_size = 0
    queries = [Query(t, page_size=20) for t in TEXTS]
    fast = [search(q, news_index, index) for q in queries]
    monkeypatch.setattr(
        hit_module,
        "highlights",
        lambda hit, fieldname, text, top: hit.highlights(fieldname, top=top),
    )
    slow = [search(q, news_index, index) for q in queries]
    for q, a, b in zip(queries, fast, slow, strict=True):
        assert [h.snippet for h in a.hits] == [h.snippet for h in b.hits], q.text
    assert sum(bool(r.hits) for r in fast) >= len(TEXTS) - 1  # stop words only: none


def test_a_field_without_a_stemming_chain_is_left_to_whoosh(tmp_path: Path) -> None:
    """The title and body are analysed with Whoosh's StemmingAnalyzer; any other
    analyzer gets Whoosh's own highlighting, unchanged."""
    from whoosh import fields, index

    ix = index.create_in(str(tmp_path), fields.Schema(text=fields.TEXT(stored=True)))
    with ix.writer() as writer:
        writer.add_document(text="Harbour talks in Wellington, harbour workers")
    with ix.searcher() as searcher:
        results = searcher.search(index_query(ix, "harbour"), terms=True)
        hit = results[0]
        assert highlights(hit, "text", hit["text"], top=2) == hit.highlights(
            "text", top=2
        )
        assert "harbour" in highlights(hit, "text", hit["text"], top=2).lower()


def index_query(ix, text):  # type: ignore[no-untyped-def]
    from whoosh.qparser import QueryParser

    return QueryParser("text", ix.schema).parse(text)


def test_snippets_beside_long_runs_of_punctuation_are_whooshs(tmp_path: Path) -> None:
    """Snippets tokenize windows of a story around its matches; a results table's rules
    of dashes or a long run of dots between words leave a window without the tokens
    a fragment needs, and then the whole story is tokenized: every word's snippets
    are still Whoosh's, in such tables and in abbreviations ("U.S.") at the edges."""
    folder = tmp_path / "news"
    folder.mkdir()
    stories = {
        "table": "Harbour league results\n\n"
        + "-" * 400
        + "\nHarbour 3 Dockside 1\n"
        + "." * 500
        + " Harbour wins the U.S. cup again. "
        + "=" * 300
        + "\nDockside appeal rejected by the league.\n",
        "abbreviations": "Harbour talks in the U.S. capital\n\n"
        + " ".join(
            f"U.S. officials said e.g. talks_{i} on the harbour" for i in range(40)
        )
        + " "
        + "*" * 700
        + " harbour deal signed "
        + "~" * 350,
    }
    for name, text in stories.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    index_paths([folder], settings, entities=False)
    index = open_index(settings)
    compared = 0
    with index.searcher() as searcher:
        words = [
            w.decode() if isinstance(w, bytes) else w for w in searcher.lexicon(S.BODY)
        ]
        for word in words:
            results = searcher.search(Term(S.BODY, word), limit=5, terms=True)
            highlight_results(results)
            for hit in results:
                ours = highlights(hit, S.BODY, hit[S.BODY], top=2)
                assert ours == hit.highlights(S.BODY, top=2), word
                compared += 1
    assert compared >= 20, compared
