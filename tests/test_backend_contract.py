"""The contract of a search backend (#17): what any engine behind
:class:`~search.store.backend.SearchBackend` and :class:`~search.store.backend.WriteBackend`
must do, whatever it is. Run here on Whoosh, the default; a second backend joins by
adding its factory to ``BACKENDS``.

The index is filled through the write protocol with 41 real articles (Wikinews and
Reuters, entities from the real model, one of them undated), then read through the read
protocol: totals, order and filters of searches, facet counts that agree with the totals
of the searches they lead to, articles as they were written, similar articles without
the article itself, the counts of stats, and writes that no reader sees before they are
published.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from search import NotFoundError, Query, Settings
from search.extract import extract_articles
from search.indexing.backend import WhooshWriteBackend
from search.ingest import read_articles
from search.models import Article, Extraction
from search.query.backend import WhooshSearchBackend
from search.store.backend import STATS_KEYS, SearchBackend, WriteBackend

REPO = Path(__file__).resolve().parent.parent
NEWS = REPO / "tests" / "data" / "news"
Written = tuple[Article, str, Extraction]


@dataclass
class Backend:
    """How to open both sides of one kind of backend on a place of its own."""

    reader: Callable[[], SearchBackend]
    writer: Callable[[], WriteBackend]


def whoosh(folder: Path) -> Backend:
    settings = Settings.load({"index_dir": folder / "index"}, environ={})
    return Backend(
        reader=lambda: WhooshSearchBackend(settings),
        writer=lambda: WhooshWriteBackend(settings),
    )


BACKENDS: dict[str, Callable[[Path], Backend]] = {"whoosh": whoosh}


@pytest.fixture(autouse=True)
def _no_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("NEWS_SEARCH_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="module")
def written() -> list[Written]:
    """40 real articles and one undated copy of a text, with what the model finds."""
    articles = [
        a
        for path in (NEWS / "wikinews.jsonl", NEWS / "reuters.jsonl")
        for a in list(read_articles([path]))[:20]
        if isinstance(a, Article)
    ]
    undated = dataclasses.replace(
        articles[0], id="undated-copy", published=None, published_source=None
    )
    settings = Settings.load({}, environ={})
    done = list(extract_articles([*articles, undated], settings))
    assert len(done) == 41
    return done


def fill(backend: Backend, items: list[Written]) -> None:
    writer = backend.writer()
    for article, digest, extraction in items:
        writer.add(article, digest, extraction)
    writer.publish()


@pytest.fixture(scope="module", params=sorted(BACKENDS))
def filled(
    request: pytest.FixtureRequest,
    written: list[Written],
    tmp_path_factory: pytest.TempPathFactory,
) -> Backend:
    """A backend holding every article of ``written`` (read-only: tests that write
    use ``fresh``)."""
    backend = BACKENDS[request.param](tmp_path_factory.mktemp(request.param))
    fill(backend, written)
    return backend


@pytest.fixture
def reader(filled: Backend) -> SearchBackend:
    return filled.reader()


@pytest.fixture(params=sorted(BACKENDS))
def fresh(
    request: pytest.FixtureRequest, written: list[Written], tmp_path: Path
) -> Iterator[Backend]:
    """A backend of its own holding the first 10 articles, for tests that write."""
    backend = BACKENDS[request.param](tmp_path)
    fill(backend, written[:10])
    yield backend


def all_hits(reader: SearchBackend, query: Query) -> list[Any]:
    result = reader.search(query.replace(page_size=1000))
    assert len(result.hits) == result.total
    return list(result.hits)


class TestReadSide:
    def test_it_is_a_search_backend(self, reader):
        assert isinstance(reader, SearchBackend)

    def test_browsing_finds_every_article_once(self, reader, written):
        ids = [h.id for h in all_hits(reader, Query())]
        assert sorted(ids) == sorted(a.id for a, _d, _e in written)

    def test_pages_cut_one_order(self, reader):
        query = Query(text="said", sort="relevance", page_size=5)
        everything = [h.id for h in all_hits(reader, query)]
        assert len(everything) > 10
        pages = [
            h.id
            for page in (1, 2, 3)
            for h in reader.search(query.replace(page=page)).hits
        ]
        assert pages == everything[:15]

    @pytest.mark.parametrize("sort", ["newest", "oldest"])
    def test_date_sorts_order_the_dated_articles(self, reader, sort):
        dates = [h.published for h in all_hits(reader, Query(sort=sort))]
        dated = [d for d in dates if d is not None]
        assert len(dated) == 40
        assert dated == sorted(dated, reverse=sort == "newest")

    def test_a_title_finds_its_article_first(self, reader, written):
        for article, _d, _e in written[:40:8]:
            hits = reader.search(Query(text=article.title)).hits
            assert hits and hits[0].id == article.id, article.title

    def test_a_date_range_keeps_the_articles_published_in_it(self, reader, written):
        start, end = date(2019, 1, 1), date(2019, 12, 31)
        expected = {
            a.id
            for a, _d, e in written
            if e.published is not None and start <= e.published <= end
        }
        assert 0 < len(expected) < 40
        query = Query(published_from=start, published_to=end)
        assert {h.id for h in all_hits(reader, query)} == expected

    @pytest.mark.parametrize("kind", ["person", "org", "place"])
    def test_an_entity_filter_keeps_the_articles_that_name_it(self, reader, kind):
        top = reader.search(Query()).facets[kind].values[0]
        hits = all_hits(reader, Query(**{kind: (top.value,)}))
        attribute = {"person": "persons", "org": "orgs", "place": "places"}[kind]
        assert len(hits) == top.count > 1
        assert all(top.label in getattr(h, attribute) for h in hits)

    def test_values_of_one_facet_are_or_and_facets_are_and(self, reader):
        people = reader.search(Query()).facets["person"].values[:2]
        a, b = (
            {h.id for h in all_hits(reader, Query(person=(v.value,)))} for v in people
        )
        either = Query(person=(people[0].value, people[1].value))
        assert {h.id for h in all_hits(reader, either)} == a | b
        place = reader.search(Query()).facets["place"].values[0]
        with_place = {h.id for h in all_hits(reader, Query(place=(place.value,)))}
        both = Query(person=(people[0].value,), place=(place.value,))
        assert {h.id for h in all_hits(reader, both)} == a & with_place

    @pytest.mark.parametrize("text", ["", "government", "election OR oil"])
    @pytest.mark.parametrize("kind", ["person", "org", "place"])
    def test_facet_counts_are_the_totals_of_their_searches(self, reader, kind, text):
        query = Query(text=text)
        facet = reader.facet_values(query, kind, limit=8)
        assert facet.values
        shown = reader.search(query).facets[kind].values
        n = min(len(shown), len(facet.values))
        assert [(v.value, v.count) for v in shown[:n]] == [
            (v.value, v.count) for v in facet.values[:n]
        ]
        for value in facet.values:
            selected = query.replace(**{kind: (value.value,)})
            assert reader.search(selected).total == value.count, value

    def test_facet_values_narrow_by_prefix(self, reader):
        top = reader.facet_values(Query(), "person", limit=1).values[0]
        word = top.label.split()[-1]
        found = reader.facet_values(Query(), "person", prefix=word[:3].lower())
        assert top.value in [v.value for v in found.values]
        assert all(
            any(w.lower().startswith(word[:3].lower()) for w in v.label.split())
            for v in found.values
        )

    def test_an_unknown_facet_is_not_found(self, reader):
        with pytest.raises(NotFoundError):
            reader.facet_values(Query(), "colour")

    def test_an_article_reads_back_as_it_was_written(self, reader, written):
        for article, _digest, extraction in written[::5]:
            record = reader.article(article.id)
            assert (record.title, record.body, record.url) == (
                article.title,
                article.body,
                article.url,
            )
            assert (record.published, record.published_source) == (
                extraction.published,
                extraction.published_source,
            )
            assert record.mentioned_dates == extraction.mentioned_dates
            assert sorted((e.type, e.mentions) for e in record.entities) == sorted(
                (e.type, e.mentions) for e in extraction.entities
            )

    def test_an_unknown_article_is_not_found(self, reader):
        with pytest.raises(NotFoundError):
            reader.article("no-such-article")
        with pytest.raises(NotFoundError):
            reader.similar("no-such-article")

    def test_similar_articles_leave_out_the_article_itself(self, reader, written):
        found = []
        for article, _d, _e in written[:40:5]:
            similar = reader.similar(article.id, limit=3)
            assert len(similar) <= 3
            assert article.id not in [h.id for h in similar]
            found.append(bool(similar))
        assert sum(found) >= len(found) - 2, "most articles have something alike"
        # Its undated copy shares every word: the most similar of all.
        assert reader.similar(written[0][0].id, limit=1)[0].id == "undated-copy"

    def test_stats_count_what_the_index_holds(self, reader):
        stats = reader.stats()
        assert set(STATS_KEYS) <= set(stats)
        assert (stats["articles"], stats["dated"], stats["undated"]) == (41, 40, 1)
        for kind in ("person", "org", "place"):
            values = reader.facet_values(Query(), kind, limit=100_000)
            assert not values.truncated
            assert stats["distinct"][kind] == len(values.values) > 0


class TestWriteSide:
    def test_it_is_a_write_backend(self, fresh):
        writer = fresh.writer()
        try:
            assert isinstance(writer, WriteBackend)
        finally:
            writer.discard()

    def test_writes_are_seen_only_once_published(self, fresh, written):
        reader = fresh.reader()
        added, gone = written[10], written[0][0]
        writer = fresh.writer()
        writer.add(*added)
        writer.delete(gone.id)
        # Nothing of the generation being written shows before it is published.
        assert reader.search(Query()).total == 10
        with pytest.raises(NotFoundError):
            reader.article(added[0].id)
        assert reader.article(gone.id).title == gone.title

        writer.publish()
        assert reader.search(Query()).total == 10
        assert reader.article(added[0].id).title == added[0].title
        with pytest.raises(NotFoundError):
            reader.article(gone.id)
        assert gone.id not in [h.id for h in all_hits(reader, Query())]
        assert reader.stats()["articles"] == 10

    def test_adding_an_article_again_replaces_it(self, fresh, written):
        article, digest, extraction = written[3]
        writer = fresh.writer()
        writer.add(dataclasses.replace(article, title="Retitled"), digest, extraction)
        writer.publish()
        reader = fresh.reader()
        assert reader.search(Query()).total == 10
        assert reader.article(article.id).title == "Retitled"
        assert [h.id for h in reader.search(Query(text="retitled")).hits] == [
            article.id
        ]

    def test_a_discarded_generation_is_never_seen(self, fresh, written):
        reader = fresh.reader()
        writer = fresh.writer()
        writer.add(*written[20])
        writer.delete(written[0][0].id)
        writer.discard()
        assert reader.search(Query()).total == 10
        assert reader.article(written[0][0].id).title == written[0][0].title
        # And the next writer can start: the discarded one let go of the index.
        writer = fresh.writer()
        writer.add(*written[20])
        writer.publish()
        assert reader.search(Query()).total == 11

    def test_deleting_what_is_not_there_changes_nothing(self, fresh):
        writer = fresh.writer()
        writer.delete("no-such-article")
        writer.publish()
        assert fresh.reader().stats()["articles"] == 10
