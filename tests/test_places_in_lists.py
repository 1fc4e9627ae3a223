"""A town the model calls an organisation in a list of places is a place (issue 14):
"red alerts for 20 cities including Rome and Florence" gave the organisation
"Florence", and "Kensington and Chelsea" the club. Not after an organisation
("Liverpool and Everton" are clubs). Extracted through the public ``news-search extract`` command with the real model.

The texts are written for these tests in the forms news uses today.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from search.cli import cli

STORIES = [
    {
        "id": "heat",
        "title": "Record heat in Europe",
        "date": "2023-07-18",
        "text": "Temperatures reached 45C in Sicily on Tuesday. Italy's health "
        "ministry issued red alerts for 20 cities including Rome and Florence, said "
        "Orazio Schillaci, the health minister.",
    },
]


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("lists")
    path = tmp / "stories.jsonl"
    path.write_text("".join(json.dumps(s) + "\n" for s in STORIES), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--index-dir", str(tmp / "index"), "extract", str(path), "--json"]
    )
    assert result.exit_code == 0, result.output
    return {a["id"]: a for a in json.loads(result.stdout)["articles"]}


def names(article: dict[str, Any], facet: str) -> set[str]:
    return {e["name"] for e in article[facet]}


def test_a_town_listed_after_a_place_is_a_place(
    found: dict[str, dict[str, Any]],
) -> None:
    heat = found["heat"]
    assert {"Rome", "Florence"} <= names(heat, "places"), heat["places"]
    assert "Florence" not in names(heat, "orgs")
