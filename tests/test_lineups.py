"""Names read from lists, and names that are not people's, on real BBC reports
(tests/data/gold/bbc.jsonl).

Line-ups, substitutes and bookings name players by surname alone, which the model
misses out of a sentence; fixture lists name clubs by their towns. A reporter filtering on
a player or a club expects those articles; one filtering on a town or a country does not
expect every fixture list. And lists that are not of people (countries, companies) must
stay what they are.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import NEWS

from search import Settings
from search.extract import extract_articles
from search.extract.lineups import listed_people, listed_teams
from search.ingest import read_file
from search.models import Extraction

BBC = Path(__file__).parent / "data" / "gold" / "bbc.jsonl"


@pytest.fixture(scope="module")
def extracted() -> dict[str, Extraction]:
    articles = [a for a in read_file(BBC) if a.id.startswith("bbc-sport")]
    settings = Settings.load(environ={})
    return {a.id: x for a, _h, x in extract_articles(articles, settings)}


def names(extraction: Extraction, kind: str) -> set[str]:
    return {e.name for e in extraction.entities if e.type == kind}


def test_players_named_only_in_line_ups_are_people(
    extracted: dict[str, Extraction],
) -> None:
    bristol = extracted["bbc-sport-224"]  # Bristol City 2-1 Milton Keynes
    people = names(bristol, "person")
    # Starters, a substitute in brackets, the unused substitutes, the visitors.
    assert {"Amankwaah", "Fortune", "Hill", "Anyinsah", "Orr", "Ntimban-Zeh"} <= people
    # A surname in the line-up is the player named in full in the report, not another.
    assert "Leroy Lita" in people and "Lita" not in people
    assert "Scott Murray" in people and "Murray" not in people
    italy = names(extracted["bbc-sport-302"], "person")  # rugby: "Mi Bergamasco"
    assert {"Mi Bergamasco", "Ma Bergamasco", "Lo Cicero", "Del Fava"} <= italy
    assert "Denis Hickie" in italy and "Hickie" not in italy
    # Two brothers, told apart by their initials.
    assert {"S Easterby", "G Easterby"} <= italy


def test_clubs_of_fixture_lists_are_organisations(
    extracted: dict[str, Extraction],
) -> None:
    draw = extracted["bbc-sport-205"]  # FA Cup third round draw
    orgs = names(draw, "org")
    assert {"Plymouth", "Scunthorpe", "Everton", "Crystal Palace", "Wolves"} <= orgs
    # The towns the clubs are named after are not places in this article.
    assert not {"Plymouth", "Sunderland", "Burnley"} & names(draw, "place")
    assert "Bristol City" in names(extracted["bbc-sport-224"], "org")


def test_national_sides_stay_countries(extracted: dict[str, Extraction]) -> None:
    # World Cup qualifiers: "Seychelles v South Africa" are countries, not clubs.
    cosafa = extracted["bbc-sport-190"]
    assert {"South Africa", "Zimbabwe"} <= names(cosafa, "place")
    assert not {"South Africa", "Zimbabwe"} & names(cosafa, "org")


def test_lists_without_people_in_the_article_are_left_alone() -> None:
    text = "Exports rose to Germany, France, Italy, Spain and Japan.\n\n" + (
        "Germany, France, Italy, Spain, Belgium.\n\n"
        "Smith, Jones, Taylor, Brown, Wilson, Evans."
    )
    # No person of the article ends with these words: not a line-up.
    assert listed_people(text, ["Helmut Kohl"]) == []
    # Countries in a list are never people, whatever the evidence.
    assert listed_people(text, ["Jane Germany", "Ann France"]) == []
    # Two of the names end people the article names: the list is of people.
    found = listed_people(text, ["John Smith", "Mary Evans"])
    assert [n.text for n in found] == [
        "Smith",
        "Jones",
        "Taylor",
        "Brown",
        "Wilson",
        "Evans",
    ]
    assert all(text[n.start : n.start + len(n.text)] == n.text for n in found)


def test_wire_copy_and_world_news_have_no_lists_of_names() -> None:
    """Reuters tables, datelines and Wikinews prose of the test corpus: nothing read as
    a line-up or a fixture list (the rules fire only on sports results)."""
    for path in sorted(NEWS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            text = f"{record.get('title', '')}\n\n{record.get('text', '')}"
            assert listed_teams(text) == [], record["id"]
            assert listed_people(text, text.split()) == [], record["id"]


def test_bands_and_titles_written_like_names_are_not_people() -> None:
    """A "person" with no title, never called by surname alone, whose first word is
    nobody's given name is a band or a work (real BBC entertainment reports)."""
    wanted = {"bbc-entertainment-268", "bbc-entertainment-296"}
    articles = [a for a in read_file(BBC) if a.id in wanted]
    settings = Settings.load(environ={})
    people = {
        a.id: names(x, "person") for a, _h, x in extract_articles(articles, settings)
    }
    metal = people["bbc-entertainment-268"]
    assert {"Ozzy Osbourne", "Ashley Bird"} <= metal
    assert not {"Iron Maiden", "Judas Priest", "Led Zeppelin", "Sex Pistols"} & metal
    assert people["bbc-entertainment-296"] == {"Gary Lightbody", "Mark McClelland"}
