"""Whose a body is (issue 14): "the Finance Ministry" of a datelined wire story is its
country's, on real Reuters-21578 and Wikinews text, as is one of a story that names one
country only; without strong evidence (another country named beside it) the short name
stays, for a wrong owner is worse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from search import Settings
from search.cli import cli
from search.indexing import index_paths
from search.models import Query
from search.query import search

NEWS = Path(__file__).resolve().parent / "data" / "news"
# The datelines of these records in Reuters-21578 (the `dateline` field of the full
# corpus; tests/data/news keeps only id, title, date, text, url and source).
DATELINES = {"reuters-18862": "BRASILIA, June 18", "reuters-13239": "MANILA, April 5"}


def records(name: str) -> dict[str, dict[str, Any]]:
    lines = (NEWS / name).read_text("utf-8").splitlines()
    return {r["id"]: r for r in map(json.loads, lines)}


def orgs_by_article(
    runner: CliRunner, settings: Settings, path: Path, recs: list[dict[str, Any]]
) -> dict[str, list[str]]:
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    base = ["--index-dir", str(settings.index_dir), "extract", str(path), "--json"]
    result = runner.invoke(cli, base)
    assert result.exit_code == 0, result.output
    return {
        a["id"]: [o["name"] for o in a["orgs"]]
        for a in json.loads(result.output)["articles"]
    }


def test_a_datelined_body_is_its_countrys_and_an_undated_one_keeps_its_name(
    tmp_path: Path, runner: CliRunner, settings: Settings
) -> None:
    """ "BRASILIA - A World Bank mission today held talks with a senior Finance Ministry
    official to discuss Brazil's requests" is Brazil's. Without a dateline it is still
    Brazil's, as the story names no other country; but not when it opens on another
    one, nor datelined Washington (where Brazil is named in the same sentence)."""
    reuters = records("reuters.jsonl")
    brasilia = {**reuters["reuters-18862"], "dateline": DATELINES["reuters-18862"]}
    manila = {**reuters["reuters-13239"], "dateline": DATELINES["reuters-13239"]}
    undated = {**reuters["reuters-18862"], "id": "no-dateline"}
    two = {
        **undated,
        "id": "two-countries",
        "text": "Argentina is seeking similar loans.\n\n" + undated["text"],
    }
    elsewhere = {**brasilia, "id": "washington", "dateline": "WASHINGTON, June 18"}
    orgs = orgs_by_article(
        runner,
        settings,
        tmp_path / "a.jsonl",
        [brasilia, manila, undated, two, elsewhere],
    )
    for brazils in ("reuters-18862", "no-dateline"):
        assert "Brazil Finance Ministry" in orgs[brazils]
        assert "Finance Ministry" not in orgs[brazils]
    assert "Philippines Central Bank" in orgs["reuters-13239"]
    assert "World Bank" in orgs["reuters-18862"]  # a body of its own stays as it is
    for other in ("two-countries", "washington"):
        assert "Finance Ministry" in orgs[other]
        assert not any(o.endswith(" Finance Ministry") for o in orgs[other])


def test_an_owner_the_article_writes_keys_the_body_and_keeps_its_form(
    tmp_path: Path, runner: CliRunner, settings: Settings
) -> None:
    """ "Turkish Foreign Ministry spokesman Hami Aksoy" (Wikinews, no dateline): the
    written name is displayed, keyed as Turkey's, the key a Turkish dateline gives."""
    story = records("wikinews.jsonl")["wikinews-d4c395914b7f"]
    path = tmp_path / "news" / "a.jsonl"
    path.parent.mkdir()
    orgs = orgs_by_article(runner, settings, path, [story])
    assert "Turkish Foreign Ministry" in orgs["wikinews-d4c395914b7f"]
    index_paths([path.parent], settings)
    hits = search(Query("", org=("Turkish Foreign Ministry",)), settings).hits
    assert [h.id for h in hits] == ["wikinews-d4c395914b7f"]
    typed = search(Query('org:"turkey foreign ministry"'), settings).hits
    assert [h.id for h in typed] == ["wikinews-d4c395914b7f"]


def test_a_dateline_field_of_a_record_is_the_articles_dateline(
    tmp_path: Path, runner: CliRunner, settings: Settings
) -> None:
    """Wire dumps keep the dateline apart from the text (Reuters-21578's field)."""
    record = {
        **records("reuters.jsonl")["reuters-18862"],
        "dateline": " BRASILIA, June 18 - ",
    }
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = runner.invoke(
        cli, ["--index-dir", str(settings.index_dir), "extract", str(path), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["articles"][0]["dateline"] == "Brasilia"


def test_the_archive_gives_no_owner_to_a_body_named_without_one(
    tmp_path: Path, settings: Settings
) -> None:
    """Two Brasilia stories name Brazil's Finance Ministry; the same text without a
    dateline, opening on Argentina, stays "Finance Ministry" in the index: that the
    archive names Brazil's most is no evidence (the rule git f88f564 reverted)."""
    story = records("reuters.jsonl")["reuters-18862"]
    recs = [
        {**story, "id": "brasilia-1", "dateline": DATELINES["reuters-18862"]},
        {**story, "id": "brasilia-2", "dateline": DATELINES["reuters-18862"]},
        {
            **story,
            "id": "no-dateline",
            "text": "Argentina is seeking similar loans.\n\n" + story["text"],
        },
    ]
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8"
    )
    index_paths([folder], settings)
    brazil = search(Query("", org=("Brazil Finance Ministry",)), settings)
    bare = search(Query("", org=("Finance Ministry",)), settings)
    assert brazil.total == 2 and bare.total == 1


def test_a_top_court_is_its_countrys_unless_a_states_is_named(
    tmp_path: Path, runner: CliRunner, settings: Settings
) -> None:
    """ "WASHINGTON - The Supreme Court let stand a ruling" is the U.S. Supreme Court (a
    wire story's dateline, as for a ministry; Reuters-21578 has 16 such stories). A
    state's top court is named with its state, and then a bare "Supreme Court" of the
    same story may be that one (the article's own reading makes it the Texas one). A
    District Court, which a
    state has too and which is no top court, keeps its short name even in Washington."""
    ruling = (
        "The Supreme Court let stand a ruling that threw out a 36 mln dlr award "
        "against the pipeline company, officials said.\n\nThe justices gave no reason."
    )
    washington = {
        "id": "washington",
        "title": "Court lets award ruling stand",
        "text": ruling,
        "dateline": "WASHINGTON, March 9",
    }
    houston = {
        "id": "houston",
        "title": "Texaco asks court to rule",
        "text": "The Texas Supreme Court will hear the appeal next week, the company "
        "said.\n\n" + ruling,
        "dateline": "HOUSTON, March 9",
    }
    district = {
        **washington,
        "id": "district",
        "text": ruling.replace("Supreme Court", "District Court"),
    }
    orgs = orgs_by_article(
        runner, settings, tmp_path / "a.jsonl", [washington, houston, district]
    )
    assert "U.S. Supreme Court" in orgs["washington"]
    assert "Supreme Court" not in orgs["washington"]
    assert "Texas Supreme Court" in orgs["houston"]
    assert "U.S. Supreme Court" not in orgs["houston"]
    assert "District Court" in orgs["district"]


def test_a_us_storys_department_is_the_us_governments_whatever_country_it_is_about(
    tmp_path: Path, runner: CliRunner, settings: Settings
) -> None:
    """Reuters-21578: 19 of 21 bare "Commerce Department" are in Washington stories that
    name Japan or Canada first, so the strict rule left them unowned and the facet split
    "Commerce Department" from "U.S. Commerce Department". The US government names its
    bodies "Department" (most others "Ministry"); a Swiss "Department of Foreign
    Affairs" in a Florida story is no US body, and a Tokyo story's ministry stays
    unowned where it names the US too."""
    parts = {
        "id": "parts",
        "title": "Japan to try to open market to U.S. car parts",
        "text": "Japan has pledged to try to increase its purchase of U.S. car parts, "
        "the Commerce Department said.\n\nA Commerce department official said more "
        "talks were due.",
        "dateline": "WASHINGTON, Feb 26",
    }
    swiss = {
        "id": "swiss",
        "title": "Swiss paving way to index futures",
        "text": "Switzerland expects to launch futures trading, an official at the "
        "Foreign Affairs Department said.",
        "dateline": "BOCA RATON, Fla, March 20",
    }
    tokyo = {
        "id": "tokyo",
        "title": "Japan ministry on U.S. chips",
        "text": "The United States wants more chip sales, the Finance Ministry said.",
        "dateline": "TOKYO, March 3",
    }
    orgs = orgs_by_article(
        runner, settings, tmp_path / "a.jsonl", [parts, swiss, tokyo]
    )
    assert orgs["parts"] == ["U.S. Commerce Department"]
    assert "Foreign Affairs Department" in orgs["swiss"]
    assert "Finance Ministry" in orgs["tokyo"]


def test_a_body_written_right_after_its_country_is_that_countrys(
    tmp_path: Path, runner: CliRunner, settings: Settings
) -> None:
    """The model often splits "U.S." or "Egypt's" from the body after it ("U.S." |
    "District Court"): the body is then that country's, as when written in one span
    (Reuters-21578 had 45 "U.S. District Court" stories keyed "District Court", next to
    a town's court). A town before the body does not give it the country: "Tokyo
    District Court" is no "Japan District Court". Sentences from Reuters-21578
    (reuters-1983, reuters-2719, reuters-14838)."""
    egypt = {
        "id": "egypt",
        "title": "Egypt sets dollar rate",
        "text": "Egypt's Central Bank today set the dollar rate for commercial banks "
        "at 1.36 pounds.",
    }
    court = {
        "id": "court",
        "title": "Bid to dismiss judge in copyright case denied",
        "text": "NEC Electronics Inc, a unit of NEC Corp, said a U.S. District Court "
        "judge denied NEC's motion to disqualify him from its copyright case.",
    }
    tokyo = {
        "id": "tokyo",
        "title": "NEC sues Texas Instruments",
        "text": "NEC Corp filed suit in Tokyo District Court to temporarily halt the "
        "manufacture of semiconductors, the company said.",
    }
    orgs = orgs_by_article(
        runner, settings, tmp_path / "a.jsonl", [egypt, court, tokyo]
    )
    assert "Egypt Central Bank" in orgs["egypt"], orgs
    assert "U.S. District Court" in orgs["court"], orgs
    assert "District Court" not in orgs["court"]
    assert not any(o.startswith("Japan") for o in orgs["tokyo"]), orgs


def test_a_court_named_by_its_federal_circuit_is_the_us_courts(
    tmp_path: Path, runner: CliRunner, settings: Settings
) -> None:
    """Wikinews 2020 (wikinews-d6e64ea05679, no dateline, names no country): "The Court
    of Appeals for the D.C. Circuit" is a US federal court, as one "for the Southern
    District of New York" is; only US courts are named by a circuit. England's "Court
    of Appeal" is not."""
    story = {
        "id": "circuit",
        "title": "Trump pardons Abramoff associate",
        "text": "He was convicted in 2006. The Court of Appeals for the D.C. Circuit "
        "vacated his conviction. A judge of the District Court for the Southern "
        "District of New York agreed. The Court of Appeal in London did not.",
    }
    orgs = orgs_by_article(runner, settings, tmp_path / "a.jsonl", [story])
    assert "U.S. Court of Appeals" in orgs["circuit"], orgs
    assert "U.S. District Court" in orgs["circuit"], orgs
    assert "Court of Appeals" not in orgs["circuit"]


def test_the_dateline_country_owns_a_body_it_leads_the_story_up_to(
    tmp_path: Path, runner: CliRunner, settings: Settings
) -> None:
    """A Tokyo story that names the US before "The Finance Ministry has been
    particularly ..." names Japan more: the ministry is Japan's (26 Reuters articles of
    "Finance Ministry" were left without their country). Not a department (an
    association's, or the US Defence Department right after "the U.S. Commerce
    Department"), nor a ministry in a Boston story (tests/data/owners, real
    Reuters-21578 records)."""
    lines = Path(__file__).resolve().parent / "data" / "owners" / "reuters.jsonl"
    recs = [json.loads(line) for line in lines.read_text("utf-8").splitlines()]
    orgs = orgs_by_article(runner, settings, tmp_path / "o.jsonl", recs)
    assert "Japan Finance Ministry" in orgs["reuters-7628"]
    assert "Mexico Finance Ministry" in orgs["reuters-10266"]
    for doc_id, names in orgs.items():
        assert "Finance Ministry" not in names, doc_id
    assert "Foreign Department" in orgs["reuters-9722"]
    assert "Japan Foreign Department" not in orgs["reuters-9722"]
    assert "Defence Department" in orgs["reuters-5808"]
    assert "Japan Defence Department" not in orgs["reuters-5808"]
    assert not any(o.startswith("United States") for o in orgs["reuters-16562"])


def test_the_first_sentences_country_stands_for_a_missing_dateline(
    tmp_path: Path, runner: CliRunner, settings: Settings
) -> None:
    """A Wikinews story has no dateline; the one country its title and first sentence
    name owns a ministry as a dateline's would ("... ended in Samoa. ... the Ministry
    of Foreign Affairs": Samoa's), but not where the body's sentence names another
    ("hospitalized in Singapore ... according to the Ministry of Foreign Affairs" in a
    story on Zimbabwe), nor in a story with a dateline the gazetteer does not place
    ("PHILADELPHIA - ... a Cypriot oil tanker ... a Coast Guard spokesman";
    tests/data/owners, real Wikinews and Reuters-21578 records)."""
    owners = Path(__file__).resolve().parent / "data" / "owners"
    recs = [
        json.loads(line)
        for name in ("wikinews.jsonl", "reuters.jsonl")
        for line in (owners / name).read_text("utf-8").splitlines()
    ]
    orgs = orgs_by_article(runner, settings, tmp_path / "w.jsonl", recs)
    samoa = orgs["wikinews-e1cc1cd85985"]
    assert "Samoa Ministry of Foreign Affairs" in samoa
    assert "Samoa Ministry of Health" in samoa
    assert "Ministry of Foreign Affairs" in orgs["wikinews-6a48d9cc79fb"]
    assert "Coast Guard" in orgs["reuters-368"]
    assert not any(o.startswith("Cyprus") for o in orgs["reuters-368"])


def test_a_body_of_a_country_named_after_it_is_that_countrys(
    tmp_path: Path, runner: CliRunner, settings: Settings
) -> None:
    """The model cuts "the Supreme Court" from " of the United States" after it; the
    court is the US's, as "the U.S. Supreme Court" is, so one facet value holds both
    (Wikinews 2020 had them apart: "Supreme Court" 4 articles, all the US's). A
    state's ("the Supreme Court of Texas") keeps the short name. An interview with no
    dateline whose title names one country, in a party's name ("U.S. Constitution
    Party"), gives that country the court its questions name. Sentences from
    wikinews-b7e70c78ce8a and wikinews-9b69c3aeb64d."""
    rally = {
        "id": "rally",
        "title": "Conservative groups hold rally",
        "text": "Reportedly several thousand supporters turned out, with Trump flags "
        "and hats, in D.C. to protest, some in front of the Supreme Court of the "
        "United States, which rejected, the day before the rally, a lawsuit filed by "
        "Texas.",
    }
    texas = {
        "id": "texas",
        "title": "Lawsuit rejected in Texas",
        "text": "The lawsuit was rejected by the Supreme Court of Texas on Friday. "
        "Lawyers said they would take the case to the Supreme Court next.",
    }
    interview = {
        "id": "interview",
        "title": "Wikinews interviews Don Blankenship, U.S. Constitution Party "
        "presidential nominee",
        "text": "Businessman Don Blankenship answered some questions about his "
        "campaign.\n\n((WSS)) : Who would you nominate to the Supreme Court?  Would "
        "you apply any litmus tests?",
    }
    orgs = orgs_by_article(
        runner, settings, tmp_path / "a.jsonl", [rally, texas, interview]
    )
    assert "U.S. Supreme Court" in orgs["rally"], orgs
    assert "Supreme Court" not in orgs["rally"]
    assert "Supreme Court" in orgs["texas"], orgs
    assert not any(o.startswith("U.S.") for o in orgs["texas"]), orgs
    assert orgs["interview"].count("U.S. Supreme Court") == 1, orgs
    assert "Supreme Court" not in orgs["interview"]
