"""Language and format facets (issues 14 and 16): what an archive holds, by the language
of its texts and the kind of file they came from, counted and searchable like the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh.fields import Schema

from search import Settings
from search.indexing import index_paths, reindex
from search.models import Query
from search.query import facet_values, search
from search.store import schema as S

DATA = Path(__file__).resolve().parent / "data"
MULTILINGUAL = DATA / "gold" / "multilingual.jsonl"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def counts(settings: Settings, name: str, query: Query | None = None) -> dict[str, int]:
    result = search(query or Query(""), settings)
    return {v.value: v.count for v in result.facets[name].values}


def test_language_and_format_are_facets_and_fields(tmp_path: Path) -> None:
    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    index_paths([MULTILINGUAL, SEEDS], settings)
    languages = counts(settings, "language")
    assert languages["en"] == 5 and languages["hi"] == 3 and languages["de"] == 2
    assert set(languages) >= {"fr", "ru", "ar", "zh", "ja"}
    assert counts(settings, "format") == {"jsonl": 15, "txt": 2}
    # Typed in the box like any field, and counted under the search.
    assert search(Query("language:de"), settings).total == 2
    assert counts(settings, "format", Query("language:hi")) == {"jsonl": 3}
    full = facet_values(Query(""), "language", settings)
    assert sum(v.count for v in full.values) == 17


def test_an_index_from_before_these_fields_gets_them_on_reindex(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """An index written by the version before (no language or format field, resolver
    6) is brought up to date by ``reindex``: the fields are added to it, not refused."""
    import json

    import search.indexing.corpus as corpus
    import search.indexing.writer as writer

    older_schema, older_fields = S.make_schema, writer.document_fields

    def schema_then() -> Schema:
        schema = older_schema()
        for name in S.ORIGIN_FACETS:
            schema.remove(name)
        return schema

    def fields_then(*args: Any) -> dict[str, Any]:
        fields = older_fields(*args)
        for name in S.ORIGIN_FACETS:
            fields.pop(name)
        return fields

    monkeypatch.setattr(S, "make_schema", schema_then)
    monkeypatch.setattr(writer, "document_fields", fields_then)
    # The corpus-level rewrite of the first run writes with the same version.
    monkeypatch.setattr(corpus, "document_fields", fields_then)
    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    index_paths([SEEDS], settings)
    meta = S.live_dir(settings.index_dir) / "meta.json"
    meta.write_text(json.dumps(dict(json.loads(meta.read_text()), resolver="6")))
    assert counts(settings, "language") == {}
    monkeypatch.undo()

    stats = reindex(settings)
    assert stats.updated == 2 and stats.analysed == 0
    assert counts(settings, "language") == {"en": 2}
    assert counts(settings, "format") == {"txt": 2}


def test_language_and_format_filter_like_any_facet(tmp_path: Path) -> None:
    """Chosen in the sidebar, typed on the command line or sent to the API: OR within
    the facet, AND with the others, and the facet still counts the alternatives."""
    from click.testing import CliRunner

    from search.cli import cli
    from web import create_app

    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    index_paths([MULTILINGUAL, SEEDS], settings)
    everything = counts(settings, "language")
    german = search(Query("", language=("de",)), settings)
    assert german.total == everything["de"] == 2
    both = search(Query("", language=("de", "FR")), settings)
    assert both.total == everything["de"] + everything["fr"]
    # Multi-select: the language facet under a language filter still lists the others.
    assert {v.value: v.count for v in german.facets["language"].values} == everything
    assert [v.value for v in german.facets["language"].values if v.selected] == ["de"]
    assert search(Query("", language=("de",), format=("txt",)), settings).total == 0
    assert search(Query("", format=("txt",)), settings).total == 2

    out = CliRunner().invoke(
        cli,
        ["--index-dir", str(settings.index_dir), "search", "", "--language", "de"],
    )
    assert out.exit_code == 0 and out.output.startswith("2 articles"), out.output

    client = create_app(settings).test_client()
    data = client.get("/api/search?language=de&language=fr").get_json()
    assert data["total"] == both.total and data["query"]["language"] == ["de", "fr"]
    page = client.get("/?language=de").get_data(as_text=True)
    assert '<h3 id="facet-language">Language</h3>' in page
    assert '<span class="label">German</span>' in page  # pycountry's name
    assert 'aria-checked="true"' in page and "<strong>2</strong> articles" in page
    assert '<span class="chip-kind">Language</span> German' in page
    assert '<input type="hidden" name="language" value="de">' in page
    # Under German only jsonl is left: a list of one is not shown; on all, two are.
    assert 'id="facet-format"' not in page
    page = client.get("/").get_data(as_text=True)
    assert '<h3 id="facet-format">File type</h3>' in page
    assert '<span class="label">TXT</span>' in page


def test_a_one_language_archive_has_no_language_list(tmp_path: Path) -> None:
    from web import create_app

    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    index_paths([SEEDS], settings)
    page = create_app(settings).test_client().get("/").get_data(as_text=True)
    assert 'id="facet-language"' not in page and 'id="facet-format"' not in page
