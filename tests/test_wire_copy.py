"""Wire copy as agencies file it today (issue 14): a dateline with the town's state and
the agency ("CUPERTINO, Calif., June 5 (AP) —"), the newsroom's credit and copyright
lines under the story, and two firms named side by side. Extracted through the public
``news-search extract`` command with the real model, as a user would: the facets must
hold the story's own people, organisations and places, not the newsroom's.

The texts are written for these tests in the forms Reuters, the Associated Press,
Bloomberg and CNN use (Reuters-21578 predates the credit lines; the corpora in tests/data
have none).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

STORIES = [
    {
        "id": "fed",
        "title": "Fed holds rates steady",
        "date": "2023-05-03",
        "text": "WASHINGTON (Reuters) - The Federal Reserve held interest rates "
        "steady on Wednesday, Fed Chair Jerome Powell told reporters. Powell said "
        "the central bank was watching inflation.\n\nReporting by Howard Schneider "
        "and Ann Saphir; Editing by Andrea Ricci\n\nOur Standards: The Thomson "
        "Reuters Trust Principles.",
    },
    {
        "id": "bloomberg",
        "title": "Fed signals pause",
        "date": "2023-06-14",
        "text": "(Bloomberg) -- Federal Reserve officials held rates steady on "
        "Wednesday, Chair Jerome Powell told reporters in Washington.\n\n--With "
        "assistance from Craig Torres.\n\n©2023 Bloomberg L.P.",
    },
    {
        "id": "cnn",
        "title": "Wildfires spread in Canada",
        "date": "2023-06-08",
        "text": "(CNN) — Smoke from wildfires in Quebec blanketed New York City on "
        "Wednesday. Prime Minister Justin Trudeau said help was coming.\n\nCNN's "
        "Paula Newton contributed to this report.",
    },
    {
        "id": "chips",
        "title": "Nvidia shares soar",
        "date": "2024-05-23",
        "text": "NEW YORK, May 23 (Reuters) - Shares of Nvidia Corp rose 9% on "
        "Thursday after the chipmaker forecast strong sales.",
    },
    {
        "id": "headset",
        "title": "Apple unveils headset",
        "date": "2023-06-05",
        "text": "CUPERTINO, Calif., June 5 (AP) — Apple Inc. on Monday unveiled the "
        "Vision Pro headset, Chief Executive Tim Cook said. (Photo by Justin "
        "Sullivan/Getty Images) Analysts at Morgan "
        "Stanley and Goldman Sachs Group Inc. said the price was high. (Writing by "
        "Stephen Nellis in San Francisco)\n\nAssociated Press writer Michael Liedtke "
        "in San Francisco contributed to this report.\n\nCopyright 2023 The "
        "Associated Press. All rights reserved.",
    },
]


@pytest.fixture(scope="module")
def found(extract_stories: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    return extract_stories(STORIES)


def test_the_newsrooms_credits_are_no_entities_of_the_story(
    found: dict[str, Any],
) -> None:
    """Reporters, writers, editors and photographers credited under a story, and the
    agency of its copyright line, are not among its people and organisations (on an
    archive of such copy the editors would top the person facet); the people of the
    story are."""
    assert found["fed"]["persons"] == {"Jerome Powell"}
    assert found["fed"]["orgs"] == {"Federal Reserve"}
    persons = found["headset"]["persons"]
    assert "Tim Cook" in persons
    assert not persons & {"Stephen Nellis", "Michael Liedtke", "Justin Sullivan"}
    orgs = found["headset"]["orgs"]
    assert not {"Associated Press", "Getty Images"} & orgs, orgs


def test_the_agencys_tag_and_assistance_line_are_no_entities(
    found: dict[str, Any],
) -> None:
    """ "(Bloomberg) --" and "(CNN) —" open the story as the agency's tag, "--With
    assistance from Craig Torres." credits a reporter: on an archive of that agency
    its name would top the organisation facet."""
    assert found["bloomberg"]["persons"] == {"Jerome Powell"}
    assert found["bloomberg"]["orgs"] == {"Federal Reserve"}
    assert found["cnn"]["persons"] == {"Justin Trudeau"}
    assert found["cnn"]["orgs"] == set()
    assert "Quebec" in found["cnn"]["places"]


def test_a_dateline_with_its_state_and_agency_is_the_datelines(
    found: dict[str, Any],
) -> None:
    """ "CUPERTINO, Calif., June 5 (AP) —" is the story's dateline, not a place named
    in capitals in its text; "WASHINGTON (Reuters) -" too."""
    assert found["headset"]["dateline"] == "Cupertino, Calif."
    assert found["fed"]["dateline"] == "Washington"
    assert not {"CUPERTINO", "Cupertino"} & found["headset"]["places"]


def test_two_firms_side_by_side_stay_two(found: dict[str, Any]) -> None:
    """ "Analysts at Morgan Stanley and Goldman Sachs Group Inc.": two banks, not one
    organisation "Morgan Stanley and Goldman Sachs Group"."""
    orgs = found["headset"]["orgs"]
    assert "Morgan Stanley" in orgs, orgs
    assert any(o.startswith("Goldman Sachs") for o in orgs), orgs
    assert not any(" and " in o for o in orgs), orgs


def test_a_firms_shares_at_the_start_of_a_sentence_are_not_its_name(
    found: dict[str, Any],
) -> None:
    """ "Shares of Nvidia Corp rose 9%": the model's span takes the capitalised
    "Shares of" in; the organisation is Nvidia."""
    orgs = found["chips"]["orgs"]
    assert orgs == {"Nvidia Corp"}, orgs
