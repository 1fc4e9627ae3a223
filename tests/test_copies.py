"""Wire copies folded (issue 18): near-identical texts are grouped at index time, and a
search shows each group once with its number of copies.

On the test corpus (real Reuters-21578 and Wikinews records, whose Reuters part holds 16
groups of word-for-word repeated texts; tests/data/news/PROVENANCE.md) plus copies made
here from real records: a Wikinews story re-titled and lightly edited, and a real
14-word dividend notice under another company's headline.
"""

from __future__ import annotations

import html
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import REUTERS, WIKINEWS
from datasketch import MinHash
from whoosh import index as whoosh_index

from search import Query, Settings, search
from search.indexing import copies, index_paths, reindex
from search.query import facet_values, open_index
from search.store import schema as S

#: The groups of repeated texts of reuters.jsonl (PROVENANCE.md's table) but two short
#: ones; three re-titled (5, 14, 15). Ids sorted as text: the group's id first.
GROUPED = [
    ["reuters-12456", "reuters-12471", "reuters-1971", "reuters-7031"],
    ["reuters-13315", "reuters-13544"],
    ["reuters-15400", "reuters-15455"],
    ["reuters-873", "reuters-952"],
    ["reuters-2973", "reuters-3048"],
    ["reuters-9167", "reuters-9219"],
    ["reuters-17216", "reuters-17277"],
    ["reuters-3793", "reuters-4066"],
    ["reuters-6961", "reuters-7030"],
    ["reuters-6944", "reuters-7024"],
    ["reuters-15375", "reuters-15452"],
    ["reuters-6624", "reuters-6634"],
    ["reuters-626", "reuters-630"],
    ["reuters-12784", "reuters-12800"],
]
#: Repeated texts of 14 and 26 words whose headlines were re-worded
#: ("SETS REG DIV" / "SETS PAYOUT", "STOCK" / "STCOK").
SHORT_RETITLED = [["reuters-18725", "reuters-18740"], ["reuters-6862", "reuters-6864"]]
#: The Wikinews story copied, re-titled and lightly edited, and the copy's id.
STORY, EDITED = "wikinews-e8d671d30811", "edited-magnitogorsk"
#: A real dividend notice, and its body under another company's headline.
NOTICE, OTHER_COMPANY = "reuters-9936", "other-company-notice"


def records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def write_records(path: Path, recs: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")


def made_copies() -> list[dict[str, Any]]:
    """The copies made here from real records."""
    story = next(r for r in records(WIKINEWS) if r["id"] == STORY)
    body = story["text"]
    # A rewrite desk's light touch: the dateline gone, a few words changed.
    body = body.split("\n\n", 1)[1]
    for old, new in (
        ("officials told state media", "officials said"),
        ("A suspected gas leak", "A gas leak"),
        ("dozens", "many"),
    ):
        body = body.replace(old, new)
    assert body != story["text"]
    edited = dict(
        story,
        id=EDITED,
        title="Dozens dead after Magnitogorsk apartment block collapse",
        text=body,
        url=None,
    )
    notice = next(r for r in records(REUTERS) if r["id"] == NOTICE)
    assert len(notice["text"].split()) < 20, notice["text"]
    other = dict(notice, id=OTHER_COMPANY, title="AMERON INC <AMN> SETS QUARTERLY")
    return [edited, other]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("copies") / "corpus"
    folder.mkdir()
    shutil.copy(REUTERS, folder / "reuters.jsonl")
    shutil.copy(WIKINEWS, folder / "wikinews.jsonl")
    write_records(folder / "made.jsonl", made_copies())
    return folder


@pytest.fixture(scope="module")
def news(corpus: Path) -> Settings:
    """The corpus indexed with entities (real model), once for the module: read-only."""
    settings = Settings.load({"index_dir": corpus.parent / "index"}, environ={})
    stats = index_paths([corpus], settings)
    assert stats.indexed == 322, stats.summary()
    return settings


def stored_groups(settings: Settings) -> dict[str, str | None]:
    """id -> group, as the index stores them."""
    ix = whoosh_index.open_dir(str(S.whoosh_dir(S.live_dir(settings.index_dir))))
    with ix.searcher() as searcher:
        return {
            f[S.ID_FIELD]: f.get(S.GROUP) for f in searcher.reader().all_stored_fields()
        }


def members(groups: dict[str, str | None]) -> list[list[str]]:
    """The groups with more than one article, each as its sorted ids."""
    by_group: dict[str | None, list[str]] = {}
    for doc_id, group in groups.items():
        by_group.setdefault(group, []).append(doc_id)
    return sorted(sorted(ids) for ids in by_group.values() if len(ids) > 1)


def test_exact_and_edited_copies_are_grouped_and_other_stories_are_not(news):
    groups = stored_groups(news)
    assert len(groups) == 322 and None not in groups.values()
    expected = sorted([*GROUPED, sorted([STORY, EDITED])])
    assert members(groups) == expected
    for ids in expected:  # named after its smallest id
        assert {groups[i] for i in ids} == {ids[0]}
    # An article without copies is its own group.
    assert groups["reuters-16549"] == "reuters-16549"
    # Short notices: a headline naming another company makes another story, and so
    # (the price of that) does a re-worded headline on a 14- or 26-word notice.
    assert groups[OTHER_COMPANY] != groups[NOTICE]
    for pair in SHORT_RETITLED:
        assert groups[pair[0]] != groups[pair[1]]


def test_wire_stories_on_one_topic_are_not_copies(news):
    """The earnings tables ("Shr 45 cts vs 58 cts / Net ...") and dividend notices
    ("Qtly div 25 cts vs 25 cts prior / Pay ... / Record ...") share their wording
    and topic, and each is its own story; so are the Bundesbank stories."""
    groups = stored_groups(news)
    tables = [
        r["id"]
        for r in records(REUTERS)
        if r["text"].startswith(("Shr", "Qtly div"))
        and r["id"] not in {i for pair in SHORT_RETITLED for i in pair}
    ]
    assert len(tables) >= 25
    assert len({groups[i] for i in tables}) == len(tables)
    bundesbank = search(Query("bundesbank", fold=False, page_size=50), news)
    assert len({h.group for h in bundesbank.hits}) == 3
    assert bundesbank.total == 6


def fold_by_hand(hits: list[Any]) -> list[str]:
    """The ids of the first hit of each group, in order: what folding shows."""
    seen: set[str | None] = set()
    kept = []
    for hit in hits:
        if hit.group not in seen:
            seen.add(hit.group)
            kept.append(hit.id)
    return kept


@pytest.mark.parametrize(
    ("text", "sort"),
    [
        ("", "relevance"),  # browsing: newest first
        ("bank OR bundesbank OR rates", "relevance"),  # plain words: array ranking
        ('"credit policies" OR apartment', "relevance"),  # a phrase: Whoosh's collector
        ("bank", "oldest"),
    ],
)
def test_a_search_shows_each_group_once_in_rank_order(news, text, sort):
    index = open_index(news)
    every = search(Query(text, sort=sort, fold=False, page_size=1000), news, index)
    folded_ids = fold_by_hand(list(every.hits))
    pages = []
    first = search(Query(text, sort=sort, page_size=7), news, index)
    assert first.total == every.total  # total counts articles, folded or not
    assert first.groups == len(folded_ids) < first.total
    assert first.pages == -(-first.groups // 7)
    for page in range(1, first.pages + 1):
        result = search(Query(text, sort=sort, page=page, page_size=7), news, index)
        pages.extend(result.hits)
    assert [h.id for h in pages] == folded_ids
    # Copies: the articles of the group in the whole index, matching or not.
    sizes = Counter(stored_groups(news).values())
    assert [h.copies for h in pages] == [sizes[h.group] for h in pages]
    assert any(h.copies > 1 for h in pages)


def test_facet_counts_count_articles_folded_or_not(news):
    for query in (
        Query(""),
        Query("bank"),
        Query("", place=("West Germany",)),
        Query("bundesbank"),
    ):
        folded = search(query, news)
        every = search(query.replace(fold=False), news)
        assert folded.total == every.total
        assert folded.facets == every.facets
        assert facet_values(query, "place", news) == facet_values(
            query.replace(fold=False), "place", news
        )
    assert search(Query("", place=("West Germany",)), news).facets["place"].values


def test_api_hits_carry_group_and_copies_and_fold_0_shows_every_copy(news):
    from web import create_app

    client = create_app(news).test_client()
    data = client.get("/api/search?q=bundesbank").get_json()
    assert (data["total"], data["groups"], data["query"]["fold"]) == (6, 3, True)
    assert [(h["id"], h["group"], h["copies"]) for h in data["hits"]][0] == (
        "reuters-1971",
        "reuters-12456",
        4,
    )
    assert sorted(h["copies"] for h in data["hits"]) == [1, 1, 4]
    every = client.get("/api/search?q=bundesbank&fold=0").get_json()
    assert (every["total"], every["groups"], every["query"]["fold"]) == (6, None, False)
    assert len(every["hits"]) == 6
    copies = [h for h in every["hits"] if h["group"] == "reuters-12456"]
    assert sorted(h["id"] for h in copies) == GROUPED[0]
    assert {h["copies"] for h in copies} == {4}
    bad = client.get("/api/search?q=bundesbank&fold=2")
    assert bad.status_code == 400 and bad.get_json()["ok"] is False


def test_the_copies_link_lists_the_copies(news):
    from web import create_app

    client = create_app(news).test_client()
    page = client.get("/?q=bundesbank").get_data(as_text=True)
    assert "in</span> <strong>3</strong> stories" in page
    assert page.count('class="copies"') == 1 and ">4 copies</a>" in page
    link = html.unescape(page.split('class="copies" href="', 1)[1].split('"', 1)[0])
    listing = client.get(link)
    assert listing.status_code == 200
    listed = listing.get_data(as_text=True)
    assert listed.count('class="hit"') == 4
    assert "BUNDESBANK LEAVES CREDIT POLICIES UNCHANGED" in listed
    unfolded = client.get("/?q=bundesbank&fold=0").get_data(as_text=True)
    assert unfolded.count('class="hit"') == 6 and "fold copies" in unfolded


def test_fold_copies_setting_off_shows_every_copy(news):
    off = news.replace(fold_copies=False)
    result = search(Query("bundesbank"), off)
    assert (result.total, result.groups, len(result.hits)) == (6, None, 6)
    assert search(Query("bundesbank", fold=True), off).groups == 3


@pytest.fixture
def own_copy(news: Settings, corpus: Path, tmp_path: Path) -> Settings:
    """A writable index of a private copy of the corpus, its NER from the cache."""
    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    settings.index_dir.mkdir()
    shutil.copy(news.index_dir / S.CACHE_FILE, settings.index_dir / S.CACHE_FILE)
    stats = index_paths([folder], settings)
    assert stats.analysed == 0, stats.summary()
    return settings


def test_signatures_are_datasketch_minhashes_of_the_shingles():
    """The signatures computed in numpy, many texts at a time, are what datasketch's
    ``MinHash`` makes of each text's shingle hashes (same permutations), so its LSH and
    Jaccard estimate apply; a long text signed in chunks too."""
    recs = records(REUTERS)[:40] + records(WIKINEWS)[:10]
    texts = [(r["title"], r["text"]) for r in recs]
    long_text = ("Shares rose in heavy trading " * 4000, " ".join(texts[0]))
    texts += [long_text, ("", "..."), ("Four short words", "")]
    assert copies.shingle_hashes(*long_text).size > copies.CHUNK
    signer = copies.Signer()
    signed = signer.sign_many(texts)
    one, first = signer.sign(*texts[0]), signed[0]
    assert signed[-2] is None and one is not None and first is not None
    assert one.tolist() == first.tolist()
    for (title, body), values in zip(texts, signed, strict=True):
        hashed = copies.shingle_hashes(title, body)
        if not hashed.size:
            continue
        minhash = MinHash(
            hashfunc=int, permutations=signer.permutations, scheme=copies.SCHEME
        )
        minhash.update_batch(hashed.tolist())
        assert values is not None
        assert (values == minhash.hashvalues).all(), title


def test_reindex_keeps_groups_right_as_articles_come_and_go(
    own_copy, tmp_path, monkeypatch
):
    folder = tmp_path / "corpus"
    recs = records(folder / "reuters.jsonl")
    old = next(r for r in recs if r["id"] == "reuters-12456")  # the group's id
    kept = [r for r in recs if r["id"] != "reuters-12456"]
    # A new copy of the story, and a new copy of a story that had none.
    rerun = dict(old, id="reuters-12999")
    lone = next(r for r in recs if r["id"] == "reuters-16549")
    write_records(
        folder / "reuters.jsonl", [*kept, rerun, dict(lone, id="reuters-1-rerun")]
    )
    signed = []
    sign_many = copies.Signer.sign_many

    def counted(self: Any, texts: list[tuple[str, str]]) -> Any:
        signed.extend(title for title, _body in texts)
        return sign_many(self, texts)

    monkeypatch.setattr(copies.Signer, "sign_many", counted)
    stats = reindex(own_copy)
    assert stats.removed == 1 and stats.indexed == 2 and stats.analysed == 0
    assert len(signed) == 2  # only the new texts were hashed
    groups = stored_groups(own_copy)
    # The group lost its id: its copies (and the new one) got the next smallest.
    assert [groups[i] for i in ("reuters-12471", "reuters-1971", "reuters-7031")] == [
        "reuters-12471"
    ] * 3
    assert groups["reuters-12999"] == "reuters-12471"
    assert groups["reuters-16549"] == groups["reuters-1-rerun"] == "reuters-1-rerun"
    assert "reuters-12456" not in groups.values()
    listing = search(Query('group:"reuters-12471"', fold=False), own_copy)
    assert listing.total == 4 and {h.copies for h in listing.hits} == {4}
    assert search(Query('group:"reuters-12456"', fold=False), own_copy).total == 0
    # The other groups are as they were, and a run that changes nothing writes nothing.
    assert members(groups).count(["reuters-6944", "reuters-7024"]) == 1
    again = reindex(own_copy)
    assert (again.indexed, again.updated, again.removed) == (0, 0, 0)
    assert len(signed) == 2
    # The copy goes: the lone article is alone again, under its own id.
    write_records(folder / "reuters.jsonl", [*kept, rerun])
    reindex(own_copy)
    assert stored_groups(own_copy)["reuters-16549"] == "reuters-16549"


def test_an_index_from_before_groups_gets_them_on_reindex(tmp_path, monkeypatch):
    """An index written by the version before (no group field, no signatures) is
    brought up to date by ``reindex``: every article gets its group, no model run."""
    import sqlite3

    import search.indexing.writer as writer

    folder = tmp_path / "corpus"
    folder.mkdir()
    wanted = {"reuters-1971", "reuters-7031", "reuters-12471", "reuters-9936"}
    write_records(
        folder / "few.jsonl", [r for r in records(REUTERS) if r["id"] in wanted]
    )
    older_schema, older_fields = S.make_schema, writer.document_fields

    def schema_then() -> Any:
        schema = older_schema()
        schema.remove(S.GROUP)
        return schema

    def fields_then(*args: Any) -> dict[str, Any]:
        fields = older_fields(*args)
        fields.pop(S.GROUP, None)
        return fields

    monkeypatch.setattr(S, "make_schema", schema_then)
    monkeypatch.setattr(writer, "document_fields", fields_then)
    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    index_paths([folder], settings)
    db = sqlite3.connect(S.live_dir(settings.index_dir) / "state.sqlite3")
    db.executescript("DROP TABLE signatures; DROP TABLE copies_meta;")
    db.close()
    monkeypatch.undo()
    assert set(stored_groups(settings).values()) == {None}
    assert search(Query("bundesbank"), settings).groups == 3  # nothing to fold by

    stats = reindex(settings)
    assert stats.updated == 4 and stats.analysed == 0
    groups = stored_groups(settings)
    assert groups == {
        "reuters-1971": "reuters-12471",
        "reuters-7031": "reuters-12471",
        "reuters-12471": "reuters-12471",
        "reuters-9936": "reuters-9936",
    }
    result = search(Query("bundesbank"), settings)
    assert (result.total, result.groups, [h.copies for h in result.hits]) == (3, 1, [3])


def test_threshold_setting_regroups_on_reindex(own_copy):
    """``fold_threshold`` is read by the writer: raised to 1, only texts with the same
    shingles stay copies. The edited Wikinews story and the three re-titled Reuters
    texts leave their groups; the copies of each later member are rewritten."""
    strict = own_copy.replace(fold_threshold=1.0)
    stats = reindex(strict)
    assert stats.updated == 4 and stats.analysed == 0
    groups = stored_groups(strict)
    assert groups[EDITED] == EDITED and groups[STORY] == STORY
    for first, second in (GROUPED[4], GROUPED[11], GROUPED[12]):
        assert (groups[first], groups[second]) == (first, second)
    assert groups["reuters-7031"] == "reuters-12456"


def test_more_like_this_leaves_out_the_articles_copies(news: Settings) -> None:
    """A story's copies are the story: "more like this" lists other stories."""
    for group in (GROUPED[0], [STORY, EDITED]):
        for article_id in group:
            result = search(Query(like=article_id, page_size=100, fold=False), news)
            assert not set(group) & {h.id for h in result.hits}, article_id
    # A story with copies still has relatives: the edited copy's are the original's.
    original = search(Query(like=STORY, page_size=100), news)
    edited = search(Query(like=EDITED, page_size=100), news)
    assert original.hits and {h.id for h in original.hits} == {
        h.id for h in edited.hits
    }


def test_folding_ranks_deep_enough_when_copies_outnumber_the_page(
    tmp_path: Path,
) -> None:
    """A wire desk's archive: each of 30 wires filed 30 times. A frequent word's top few
    hundred matches are copies of a handful of stories, so plain-word ranking folds
    deeper and deeper until it has the page's stories: every page is what folding the
    whole unfolded ranking by hand gives."""
    wires = records(REUTERS)[:30]
    folder = tmp_path / "desk"
    folder.mkdir()
    write_records(
        folder / "desk.jsonl",
        [dict(w, id=f"{w['id']}-{n}") for n in range(30) for w in wires],
    )
    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    index_paths([folder], settings, entities=False)
    index = open_index(settings)
    for text in ("said", "pct OR said", "said OR company OR bank"):
        every = search(Query(text, fold=False, page_size=1000), settings, index)
        folded_ids = fold_by_hand(list(every.hits))
        # More matches than the first depth ranked (256), in more groups than a page.
        assert every.total > 400 and len(folded_ids) > 15, (text, every.total)
        pages = []
        for page in (1, 2, 3):
            result = search(Query(text, page=page, page_size=5), settings, index)
            assert result.groups == len(folded_ids)
            pages.extend(h.id for h in result.hits)
        assert pages == folded_ids[:15], text
