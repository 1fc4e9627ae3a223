"""A town the model calls an organisation in a list of places is a place (issue 14):
"red alerts for 20 cities including Rome and Florence" gave the organisation
"Florence", and "Kensington and Chelsea" the club. Not after an organisation
("Liverpool and Everton" are clubs). Extracted through the public ``news-search extract`` command with the real model.

The texts are written for these tests in the forms news uses today.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

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
def found(extract_stories: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    return extract_stories(STORIES)


def test_a_town_listed_after_a_place_is_a_place(
    found: dict[str, Any],
) -> None:
    heat = found["heat"]
    assert {"Rome", "Florence"} <= heat["places"], heat["places"]
    assert "Florence" not in heat["orgs"]
