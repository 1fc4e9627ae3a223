"""A surname two people share, read from the articles around it (issue 14): "Mr Johnson"
in London news the week Boris Johnson took office is Boris Johnson; in golf news after
Dustin Johnson won the Masters it is Dustin Johnson; with nothing around it, it stays
"Johnson". Indexed with the real model, kept right as articles come and go, and what
``check`` re-extracts agrees with what is indexed.

The articles are written here as wire copy is (datelines, "Mr Johnson" on second
reference): the test corpus has no surname shared by two people.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from search import Settings, get_article
from search.indexing import check_index, index_paths, reindex
from search.models import Entity
from search.names.context import Placement, surnames_in_context

UK = [
    (
        "uk-1",
        "2019-07-23",
        "Boris Johnson wins Conservative leadership race",
        "LONDON, July 23 - Boris Johnson was elected leader of Britain's Conservative "
        "Party on Tuesday, beating Jeremy Hunt in a vote of party members. Boris Johnson "
        "will become prime minister on Wednesday, when Theresa May steps down.",
    ),
    (
        "uk-2",
        "2019-07-24",
        "Boris Johnson becomes British prime minister",
        "LONDON, July 24 - Boris Johnson became prime minister of the United Kingdom on "
        "Wednesday after meeting Queen Elizabeth at Buckingham Palace. In his first "
        "speech outside Downing Street, Boris Johnson promised to take Britain out of "
        "the European Union by October 31.",
    ),
    (
        "uk-3",
        "2019-07-26",
        "Prime minister sets out Brexit plans to parliament",
        "LONDON, July 26 - Mr Johnson told the House of Commons on Thursday that Britain "
        "would leave the European Union on October 31 with or without a deal. Mr Johnson "
        "said his government would step up preparations for a no-deal exit.",
    ),
    (
        "uk-4",
        "2021-03-02",
        "Government outlines budget priorities",
        "LONDON, March 2 - Mr Johnson told parliament on Tuesday that the budget would "
        "protect jobs. Mr Johnson said spending on the health service would rise.",
    ),
]
GOLF = [
    (
        "golf-1",
        "2020-11-15",
        "Dustin Johnson wins the Masters by five shots",
        "AUGUSTA, Georgia, Nov 15 - Dustin Johnson won the Masters on Sunday with a "
        "record score of 20 under par. Dustin Johnson finished five shots ahead of "
        "Cameron Smith and Sungjae Im.",
    ),
    (
        "golf-2",
        "2020-11-16",
        "Dustin Johnson returns to top of world rankings",
        "AUGUSTA, Georgia, Nov 16 - Dustin Johnson stayed at the top of the world golf "
        "rankings on Monday after his Masters win. Dustin Johnson said he had dreamed "
        "of the green jacket since he was a boy.",
    ),
    (
        "golf-3",
        "2020-11-18",
        "Masters champion to skip next tournament",
        "HOUSTON, Nov 18 - Mr Johnson said on Wednesday he would not play in the RSM "
        "Classic after his win at Augusta. Mr Johnson, who won by five shots, said he "
        "needed a rest before the end of the season.",
    ),
]
#: Golf news filed in the London folder the same week: two Johnsons around uk-3.
CROSSOVER = (
    "uk-golf",
    "2019-07-25",
    "Dustin Johnson tunes up for the Open at Portrush",
    "PORTRUSH, July 25 - Dustin Johnson played a practice round on Thursday before the "
    "British Open. Dustin Johnson said the links course suited his game.",
)


def write(path: Path, items: list[tuple[str, str, str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    recs: list[dict[str, Any]] = [
        {"id": i, "date": d, "title": title, "text": text}
        for i, d, title, text in items
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")


def persons(settings: Settings, article_id: str) -> list[str]:
    record = get_article(article_id, settings)
    return [e.name for e in record.entities if e.type == "person"]


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, Settings]:
    root = tmp_path / "news"
    write(root / "london" / "wire.jsonl", UK)
    write(root / "golf" / "wire.jsonl", GOLF)
    settings = Settings.load({"index_dir": tmp_path / "index"}, environ={})
    index_paths([root], settings)
    return root, settings


def test_a_shared_surname_is_the_one_named_around_it(archive) -> None:
    root, settings = archive
    assert persons(settings, "uk-1")[0] == "Boris Johnson"
    assert persons(settings, "golf-1")[0] == "Dustin Johnson"
    # Neither holds most of the archive's Johnsons: each bare one goes by its context.
    assert persons(settings, "uk-3") == ["Boris Johnson"]
    assert persons(settings, "golf-3") == ["Dustin Johnson"]
    # Nothing around it (two years later): left as written, not guessed.
    assert persons(settings, "uk-4") == ["Johnson"]
    assert check_index(settings, sample=None).clean


def test_the_reading_follows_the_articles_around_it(archive) -> None:
    root, settings = archive
    # A second Johnson in the same source that week: uk-3 can no longer tell.
    write(root / "london" / "more.jsonl", [CROSSOVER])
    stats = reindex(settings)
    assert stats.analysed == 1 and stats.resolved >= 1
    assert persons(settings, "uk-3") == ["Johnson"]
    assert persons(settings, "golf-3") == ["Dustin Johnson"]
    assert check_index(settings, sample=None).clean
    # It goes again, and so does the doubt.
    (root / "london" / "more.jsonl").unlink()
    reindex(settings)
    assert persons(settings, "uk-3") == ["Boris Johnson"]
    assert check_index(settings, sample=None).clean


def entity(key: str) -> Entity:
    return Entity("person", key, key.title(), 1)


def test_only_a_clear_majority_of_the_same_source_and_week_decides() -> None:
    local = {
        "a": [entity("ann smith")],
        "b": [entity("ann smith")],
        "c": [entity("bob smith")],
        "d": [entity("smith")],  # same source, same week as a, b and c: 2 to 1
        "e": [entity("bob smith")],  # another source
        "f": [entity("smith")],  # undated
    }
    where = {
        "a": Placement("x", 100),
        "b": Placement("x", 101),
        "c": Placement("x", 103),
        "d": Placement("x", 102),
        "e": Placement("y", 102),
        "f": Placement("x", None),
    }
    asked: list[set[str]] = []

    def placements(ids: set[str]) -> dict[str, Placement]:
        asked.append(ids)
        return {i: where[i] for i in ids}

    assert surnames_in_context(local, {}, placements) == {}  # 2 of 3 is no majority
    local["c"] = [entity("ann smith")]
    assert surnames_in_context(local, {}, placements) == {
        "d": {("person", "smith"): ("person", "ann smith")}
    }
    assert asked[-1] == {"a", "b", "c", "d", "e", "f"}
    # The corpus mapping comes first: a surname it already links is not in doubt.
    linked = {("person", "smith"): ("person", "ann smith")}
    assert surnames_in_context(local, linked, placements) == {}
