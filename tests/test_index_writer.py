"""The run's writer writes what Whoosh's own writer would, however it writes it.

search/indexing/segments.py adds each spelling word once per segment, commits a segment
before its pool would spill to disk, and hands a large run's new articles to writer
processes that each write their own segments (search/indexing/parts.py). What a search
reads must not change: for a real index of the test corpus written those ways, every
field's terms with their postings (article, weight, positions) and every stored document
equal those of an index written by Whoosh's plain writer from the same documents, and the
spelling fields hold the same words.

The sizes that trigger a new segment and parallel writing are lowered here, so that the
320 articles of the test corpus take those paths (at their real values they need
thousands of articles; bench/ measures them at 10k-100k).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import NEWS
from whoosh import index as whoosh_index

from search import Query, Settings, open_index, search
from search.indexing import index_paths, reindex
from search.indexing import segments as segment_writing
from search.indexing.segments import SegmentedWriter
from search.store import schema as S


def contents(ix: Any) -> tuple[dict[str, Any], dict[str, Any], dict[str, set[bytes]]]:
    """(stored documents by article id, postings by (field, term) keyed by article id,
    spelling words by field): what searching the index can read, whatever its segments
    and document numbers."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        ids = {d: reader.stored_fields(d)[S.ID_FIELD] for d in reader.all_doc_ids()}
        stored = {ids[d]: reader.stored_fields(d) for d in ids}
        postings: dict[tuple[str, bytes], Any] = {}
        spelling: dict[str, set[bytes]] = {}
        for field in reader.indexed_field_names():
            if field.startswith("spell_"):
                spelling[field] = set(reader.lexicon(field))
                continue
            positional = ix.schema[field].format.supports("positions")
            for btext in reader.lexicon(field):
                m = reader.postings(field, btext)
                found = {}
                while m.is_active():
                    found[ids[m.id()]] = (
                        m.weight(),
                        tuple(m.value_as("positions")) if positional else None,
                    )
                    m.next()
                postings[(field, btext)] = found
    return stored, postings, spelling


def plain_whoosh(documents: dict[str, Any], folder: Path) -> Any:
    """An index of ``documents`` (stored fields, which hold every indexed field)
    written by Whoosh's own writer, one segment."""
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), S.make_schema())
    writer = ix.writer(limitmb=256)
    for fields in documents.values():
        writer.add_document(**fields)
    writer.commit()
    return ix


def live_whoosh(settings: Settings) -> Any:
    return whoosh_index.open_dir(str(S.whoosh_dir(S.live_dir(settings.index_dir))))


def segment_count(ix: Any) -> int:
    with ix.searcher() as searcher:
        return len(searcher.reader().leaf_readers())


def assert_as_whoosh_writes_it(settings: Settings, folder: Path) -> None:
    ours = contents(live_whoosh(settings))
    theirs = contents(plain_whoosh(ours[0], folder))
    assert ours[0] == theirs[0]
    assert ours[1].keys() == theirs[1].keys()
    for term, found in ours[1].items():
        assert found == theirs[1][term], term
    assert ours[2] == theirs[2]


@pytest.fixture
def news_settings(tmp_path: Path) -> Settings:
    return Settings.load({"index_dir": tmp_path / "index", "processes": 2}, environ={})


def test_one_writer_in_several_segments_writes_what_whoosh_writes(
    news_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(segment_writing, "LIMIT_MB", 1)  # a segment every ~60 articles
    stats = index_paths([NEWS], news_settings, entities=False)
    assert stats.indexed == 320
    assert segment_count(live_whoosh(news_settings)) >= 3
    assert_as_whoosh_writes_it(news_settings, tmp_path / "plain")


def test_writer_processes_write_what_whoosh_writes(
    news_settings: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(segment_writing, "PARALLEL_MIN", 100)
    stats = index_paths([NEWS], news_settings, entities=False)
    assert stats.indexed == 320
    assert segment_count(live_whoosh(news_settings)) >= 2  # one per process at least
    assert_as_whoosh_writes_it(news_settings, tmp_path / "plain")
    generation = S.live_dir(news_settings.index_dir)
    assert sorted(p.name for p in generation.iterdir()) == [
        "meta.json",
        "state.sqlite3",
        "whoosh",
    ]
    # Searched as an index written by one process, and then updated like one.
    index = open_index(news_settings)
    for text in ("oil", '"crude oil"', "oill", "election"):
        result = search(Query(text), news_settings, index)
        assert result.total > 0, text
    assert reindex(news_settings).unchanged == 320
    assert_as_whoosh_writes_it(news_settings, tmp_path / "plain-again")


def test_a_cancelled_run_leaves_no_writer_process_or_part(tmp_path: Path) -> None:
    ix = whoosh_index.create_in(str(tmp_path), S.make_schema())
    writer = SegmentedWriter(ix, procs=2)
    writer.expect(segment_writing.PARALLEL_MIN)
    parts = writer.parts
    assert parts is not None
    writer.add_document(id="a", title="Harbour talks", body="Talks on the harbour.")
    writer.cancel()
    assert not any(process.is_alive() for process, _conn, _part in parts.parts)
    assert not parts.root.exists()


def live_segments(settings: Settings) -> list[tuple[int, int]]:
    """(live documents, all documents) of each segment of the published index."""
    with live_whoosh(settings).searcher() as searcher:
        return [
            (leaf.doc_count(), leaf.doc_count_all())
            for leaf, _offset in searcher.reader().leaf_readers()
        ]


def found(settings: Settings) -> dict[str, tuple[int, frozenset[str]]]:
    """Per query: how many articles it finds and which (every page, copies unfolded)."""
    index = open_index(settings)
    out = {}
    for text in ("oil", "bank", '"crude oil"', "election", "reported", "-oil"):
        result = search(Query(text, page_size=100, fold=False), settings, index)
        ids = {hit.id for hit in result.hits}
        page = 2
        while len(ids) < result.total:
            more = search(
                Query(text, page=page, page_size=100, fold=False), settings, index
            )
            ids |= {hit.id for hit in more.hits}
            page += 1
        out[text] = (result.total, frozenset(ids))
    return out


def indexed_copy(tmp_path: Path) -> tuple[Path, Settings]:
    """A copy of the test corpus that a test may edit, indexed in segments of ~60
    articles (with ``LIMIT_MB`` lowered by the caller): its folder and settings."""
    folder = tmp_path / "news"
    folder.mkdir()
    for path in NEWS.glob("*.jsonl"):
        (folder / path.name).write_bytes(path.read_bytes())
    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    assert index_paths([folder], settings, entities=False).indexed == 320
    assert len(live_segments(settings)) >= 4
    return folder, settings


def test_reindexes_leave_no_segment_whose_articles_are_all_deleted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Segments of ~60 articles: a run that replaces or removes articles empties some.
    monkeypatch.setattr(segment_writing, "LIMIT_MB", 1)
    folder, settings = indexed_copy(tmp_path)

    # The Wikinews file goes: its 120 articles are deleted.
    (folder / "wikinews.jsonl").unlink()
    assert reindex(settings).removed == 120
    # Then every Reuters article is edited, twice: each is replaced, in new segments.
    reuters = (folder / "reuters.jsonl").read_text().splitlines()
    for edit in ("(corrected)", "(updated)"):
        (folder / "reuters.jsonl").write_text(
            "".join(
                line.replace('"title": "', f'"title": "{edit} ', 1) + "\n"
                for line in reuters
            )
        )
        assert reindex(settings).updated == 200
        segments = live_segments(settings)
        assert all(live > 0 for live, _all in segments), segments
    assert sum(live for live, _all in segments) == 200
    # No file of a dropped segment is left in the generation's Whoosh folder.
    with live_whoosh(settings).searcher() as searcher:
        kept = {
            leaf.segment().segment_id() for leaf, _ in searcher.reader().leaf_readers()
        }
    folder_files = S.whoosh_dir(S.live_dir(settings.index_dir)).iterdir()
    segment_files = {p.name.split(".")[0] for p in folder_files if p.suffix != ".toc"}
    assert segment_files - {"MAIN_WRITELOCK"} == kept

    # Searches find what they find in an index built once from the same files.
    fresh = Settings.load({"index_dir": tmp_path / "fresh"}, environ={})
    index_paths([folder], fresh, entities=False)
    assert found(settings) == found(fresh)


def test_a_reindex_that_rewrites_many_articles_leaves_no_segment_mostly_deleted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Re-resolving entities rewrites many articles in new segments; the old segments
    keep their deleted documents, which every search reads past (the 100k bench index
    had 142,824 documents for 100,000 articles). A publish rewrites a segment once a
    quarter of it is deleted."""
    monkeypatch.setattr(segment_writing, "LIMIT_MB", 1)
    folder, settings = indexed_copy(tmp_path)
    # Every other Reuters article is edited: a half of each of their segments goes.
    reuters = (folder / "reuters.jsonl").read_text().splitlines()
    (folder / "reuters.jsonl").write_text(
        "".join(
            (line.replace('"title": "', '"title": "(corrected) ', 1) if i % 2 else line)
            + "\n"
            for i, line in enumerate(reuters)
        )
    )
    assert reindex(settings).updated == 100
    segments = live_segments(settings)
    assert sum(live for live, _all in segments) == 320
    assert all(live >= 0.75 * everything for live, everything in segments), segments

    fresh = Settings.load({"index_dir": tmp_path / "fresh"}, environ={})
    index_paths([folder], fresh, entities=False)
    assert found(settings) == found(fresh)
