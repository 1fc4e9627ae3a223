"""Every article keeps its own entities and dates, whatever else is in the run (issue 12).

A run once matched model results to articles by the order of two streams; one repeated
text shifted every later article's entities onto its neighbour. A test of one article at a
time cannot see that, so these tests index real wire copy with repeated texts (at the
start, in the middle, at the end, across batch and worker boundaries) and compare what the
index holds for each article with ``extract`` of that article alone.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from whoosh import index as whoosh_index

from search import Settings
from search.cli import cli
from search.extract import ExtractionCache, content_hash, extract_articles
from search.extract import pipeline as extract_module
from search.indexing import check_index, index_paths, reindex
from search.indexing.corpus import resolve_entities
from search.ingest import read_file
from search.models import Article
from search.names import load_aliases
from search.store import IndexState, document_fields
from search.store import schema as S

NEWS = Path(__file__).resolve().parent / "data" / "news"
REUTERS = NEWS / "reuters.jsonl"
WIKINEWS = NEWS / "wikinews.jsonl"
COMPARED = (S.CONTENT_HASH, S.ENTITIES, S.MENTIONED, S.PUBLISHED, S.PUBLISHED_SOURCE)


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def write_jsonl(path: Path, recs: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    return path


def copy_of(rec: dict[str, Any], n: int) -> dict[str, Any]:
    """A wire copy: the same text under another id."""
    return dict(rec, id=f"{rec['id']}-copy{n}")


class Reference:
    """``extract`` of each article alone (one article per run, the model in this process),
    remembered by text, as the expected value of every article in the tests."""

    def __init__(self) -> None:
        self.settings = Settings.load({"processes": 1}, environ={})
        self.aliases = load_aliases(
            self.settings.resolved_aliases_file, self.settings.publishers
        )
        self.by_hash: dict[str, Any] = {}

    def extraction(self, article: Article) -> Any:
        digest = content_hash(article)
        if digest not in self.by_hash:
            ((_a, _d, extraction),) = extract_articles(
                [article], self.settings, aliases=self.aliases
            )
            self.by_hash[digest] = extraction
        return self.by_hash[digest]

    def fields(self, article: Article, mapping: dict[Any, Any]) -> dict[str, Any]:
        """The stored fields: the article's own extraction as the index reads its
        names (``mapping``, the corpus-level resolution the writer applied)."""
        extraction = self.extraction(article)
        resolved = replace(
            extraction, entities=resolve_entities(extraction.entities, mapping)
        )
        return document_fields(article, content_hash(article), resolved)


@pytest.fixture(scope="module")
def reference() -> Reference:
    return Reference()


def indexed(settings: Settings) -> dict[str, dict[str, Any]]:
    live = S.live_dir(settings.index_dir)
    ix = whoosh_index.open_dir(str(S.whoosh_dir(live)))
    with ix.searcher() as searcher:
        return {f[S.ID_FIELD]: f for f in searcher.reader().all_stored_fields()}


def without_names(stored: str | None) -> Any:
    """Stored entities without display names (those follow the whole corpus)."""
    data = json.loads(stored or "{}")
    for entity in data.get("entities", ()):
        entity.pop("name", None)
    return data


def assert_each_article_is_its_own(
    settings: Settings, files: list[Path], reference: Reference
) -> int:
    """Every article of ``files`` is indexed with exactly what it gives alone: its own
    entities kept as extracted, and indexed as the corpus resolution maps them."""
    held = indexed(settings)
    state = IndexState(S.live_dir(settings.index_dir))
    try:
        mapping, local = state.resolution(), state.local_entities()
    finally:
        state.close()
    n = 0
    wrong = []
    for path in files:
        for article in read_file(path):
            assert isinstance(article, Article)
            if tuple(local[article.id]) != reference.extraction(article).entities:
                wrong.append(f"{article.id}: own entities differ")
            want = reference.fields(article, mapping)
            have = held[article.id]
            for name in COMPARED + S.ENTITY_FIELDS:
                same = (
                    without_names(have.get(name)) == without_names(want.get(name))
                    if name == S.ENTITIES
                    else have.get(name) == want.get(name)
                )
                if not same:
                    wrong.append(
                        f"{article.id}: {name} {have.get(name)!r} != {want.get(name)!r}"
                    )
            n += 1
    assert not wrong, f"{len(wrong)} fields differ, first: {wrong[:3]}"
    assert len(held) == n
    return n


def wire_run(tmp: Path) -> tuple[Path, list[str]]:
    """Real Reuters and Wikinews articles with repeated texts where runs break: the first
    and last article, either side of batch boundaries (batch size 7), several copies of
    one text, and texts already repeated in the Reuters sample itself."""
    reuters = records(REUTERS)
    wiki = records(WIKINEWS)[:40]
    recs = reuters[:60] + wiki + reuters[60:120]
    copies = [copy_of(recs[0], 1), copy_of(recs[30], 1), copy_of(recs[30], 2)]
    recs.insert(
        0, copy_of(recs[-1], 1)
    )  # a copy first, of the article that ends the run
    for n, rec in enumerate(copies):
        recs.insert(6 + 7 * n, rec)  # the last article of a batch of 7
        recs.insert(7 + 7 * (n + 3), copy_of(rec, 9))  # the first article of another
    recs.insert(len(recs) // 2, copy_of(wiki[5], 1))
    recs.append(copy_of(recs[1], 3))
    texts = [r["text"] for r in recs]
    assert len(texts) - len(set(texts)) >= 10
    return write_jsonl(tmp / "wire" / "run.jsonl", recs), [r["id"] for r in recs]


@pytest.mark.parametrize("processes", [1, 2], ids=["one-process", "worker-pool"])
def test_repeated_texts_keep_their_own_entities_in_one_run(
    tmp_path: Path, reference: Reference, processes: int, monkeypatch: Any
) -> None:
    # The worker pool starts at 400 articles to analyse; lowered so that this run of
    # ~190 real articles takes it, with batches of 7 spread over two real processes.
    monkeypatch.setattr(extract_module, "MIN_ARTICLES_FOR_PROCESSES", 20)
    path, ids = wire_run(tmp_path)
    settings = Settings.load(
        {"index_dir": tmp_path / "index", "processes": processes, "batch_size": 7},
        environ={},
    )
    stats = index_paths([path], settings)
    assert stats.indexed == len(ids) and not stats.skipped
    distinct = len({content_hash(a) for a in read_file(path) if isinstance(a, Article)})
    assert stats.analysed == distinct < len(ids)  # each distinct text analysed once
    assert assert_each_article_is_its_own(settings, [path], reference) == len(ids)
    report = check_index(settings, sample=None)
    assert report.clean and report.checked == len(ids), report.mismatches[:3]


def test_repeated_texts_across_index_and_reindex(
    tmp_path: Path, reference: Reference
) -> None:
    """A second run meets texts the cache already holds, copies of them, and new texts."""
    reuters = records(REUTERS)
    folder = tmp_path / "news"
    first = write_jsonl(folder / "a.jsonl", reuters[:50] + [copy_of(reuters[3], 1)])
    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    index_paths([folder], settings)
    second = write_jsonl(
        folder / "b.jsonl",
        [copy_of(reuters[10], 2)]
        + reuters[50:90]
        + [copy_of(reuters[60], 3), copy_of(reuters[0], 4)],
    )
    stats = reindex(settings)
    assert stats.indexed == 43 and stats.unchanged == 51

    def texts(path: Path) -> set[str]:
        return {content_hash(a) for a in read_file(path) if isinstance(a, Article)}

    new_texts = texts(second) - texts(first)
    assert 35 <= len(new_texts) < 43
    assert stats.analysed == len(new_texts)  # copies come from the cache or their twin
    assert_each_article_is_its_own(settings, [first, second], reference)
    full = reindex(settings, full=True)
    assert full.analysed == 0
    assert_each_article_is_its_own(settings, [first, second], reference)


def test_an_index_written_by_an_older_extractor_is_re_extracted(
    tmp_path: Path, reference: Reference, monkeypatch: Any
) -> None:
    """Results cached or indexed by the extractor that misattributed entities (version 7)
    are never trusted: the next ``reindex`` runs the model on every article again and
    corrects each one the old run got wrong."""
    from search.indexing import writer as indexer

    path = write_jsonl(tmp_path / "news" / "a.jsonl", records(REUTERS)[:12])
    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    monkeypatch.setattr(extract_module, "EXTRACTOR_VERSION", "7")
    monkeypatch.setattr(indexer, "EXTRACTOR_VERSION", "7")
    index_paths([path], settings)
    # What the defect left behind: two articles' results swapped in the cache and index.
    first, second = [
        content_hash(a) for a in read_file(path) if isinstance(a, Article)
    ][:2]
    cache = ExtractionCache(settings.index_dir / S.CACHE_FILE, settings.model)
    raws = cache.get_many([first, second])
    cache.put_many({first: raws[second], second: raws[first]})
    cache.close()
    reindex(settings, full=True)
    assert len(check_index(settings, sample=None).mismatches) == 2

    monkeypatch.undo()
    stats = reindex(settings)
    assert stats.analysed == 12 and stats.updated == 2 and stats.unchanged == 10
    assert (
        S.read_meta(settings.index_dir)["extractor"] == extract_module.EXTRACTOR_VERSION
    )
    assert_each_article_is_its_own(settings, [path], reference)


POOL = records(REUTERS)[120:128] + records(WIKINEWS)[40:44]


@hsettings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    picks=st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=24),
    processes=st.sampled_from([1, 2]),
    batch_size=st.integers(1, 5),
)
def test_any_order_and_repetition_indexes_what_each_article_gives_alone(
    picks: list[int],
    processes: int,
    batch_size: int,
    reference: Reference,
    monkeypatch: Any,
) -> None:
    monkeypatch.setattr(extract_module, "MIN_ARTICLES_FOR_PROCESSES", 6)
    recs = [dict(POOL[i], id=f"a{n}-{POOL[i]['id']}") for n, i in enumerate(picks)]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_jsonl(Path(tmp) / "news" / "run.jsonl", recs)
        settings = Settings.load(
            {
                "index_dir": Path(tmp) / "index",
                "processes": processes,
                "batch_size": batch_size,
            },
            environ={},
        )
        index_paths([path], settings)
        assert_each_article_is_its_own(settings, [path], reference)


# --- news-search check --------------------------------------------------------------


@pytest.fixture
def small_index(tmp_path: Path) -> tuple[Settings, Path]:
    recs = records(WIKINEWS)[:6] + [copy_of(records(WIKINEWS)[2], 1)]
    path = write_jsonl(tmp_path / "news" / "wiki.jsonl", recs)
    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    index_paths([path], settings)
    return settings, path


def test_check_is_clean_on_a_good_index(small_index: tuple[Settings, Path]) -> None:
    from click.testing import CliRunner

    settings, _path = small_index
    result = CliRunner().invoke(
        cli, ["--index-dir", str(settings.index_dir), "--silent", "check", "--all"]
    )
    assert result.exit_code == 0, result.output
    assert "checked 7 of 7 indexed articles: all match their sources" in result.output


def test_check_names_the_articles_of_a_tampered_index(
    small_index: tuple[Settings, Path], tmp_path: Path
) -> None:
    """A cache entry that holds another article's entities (what the old defect wrote)
    gets into the index through a full rebuild; ``check`` finds it, and an article whose
    source changed since it was indexed, and one that is gone."""
    from click.testing import CliRunner

    settings, path = small_index
    victim, donor = [a for a in read_file(path) if isinstance(a, Article)][:2]
    cache = ExtractionCache(settings.index_dir / S.CACHE_FILE, settings.model)
    wrong = cache.get_many([content_hash(donor)])[content_hash(donor)]
    cache.put_many({content_hash(victim): wrong})
    cache.close()
    reindex(settings, full=True)
    lines = path.read_text("utf-8").splitlines()
    edited = json.loads(lines[3])
    edited["text"] = edited["text"].replace(" the ", " a ", 3)
    lines[3] = json.dumps(edited)
    shutil.copy(path, tmp_path / "before.jsonl")
    path.write_text("\n".join(lines[:5]) + "\n" + lines[6] + "\n", encoding="utf-8")

    result = CliRunner().invoke(
        cli, ["--index-dir", str(settings.index_dir), "--silent", "check", "--all"]
    )
    assert result.exit_code == 1, result.output
    out = result.output.splitlines()
    bad = {line.split(" ")[0]: line for line in out if " (" in line and ": " in line}
    assert set(bad) == {victim.id, edited["id"], json.loads(lines[5])["id"]}, out
    assert "persons differ" in bad[victim.id] or "orgs differ" in bad[victim.id]
    assert "content hash" in bad[edited["id"]]
    assert "not found in its source" in bad[json.loads(lines[5])["id"]]
    assert "3 differ from their sources" in result.output


def test_check_samples_and_reports_a_missing_index(
    small_index: tuple[Settings, Path], tmp_path: Path
) -> None:
    from click.testing import CliRunner

    settings, _path = small_index
    result = CliRunner().invoke(
        cli,
        ["--index-dir", str(settings.index_dir), "--silent", "check", "--sample", "3"],
    )
    assert result.exit_code == 0 and "checked 3 of 7" in result.output, result.output
    result = CliRunner().invoke(
        cli, ["--index-dir", str(tmp_path / "nothing"), "check"]
    )
    assert result.exit_code == 1 and "No index in" in result.output
    assert "Traceback" not in result.output
