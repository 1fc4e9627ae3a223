"""A town under its old and new name is one place across an archive (issue 14): a 1987
wire story's "Peking" and a 2004 story's "Beijing" are one facet value, found by a
filter on either name, as the archive writes it most; the real model and a real index."""

from __future__ import annotations

import json
from pathlib import Path

from search import Settings
from search.indexing import index_paths
from search.models import Query
from search.query import facet_values, search

# Sentences of Reuters-21578 (reuters-255, 1987) and of the BBC corpus (2004).
RECORDS = [
    {
        "id": "peking-1",
        "title": "China to raise grain output",
        "date": "1987-03-02",
        "text": "China will raise grain output this year, officials in Peking said on "
        "Monday. Peking has set a target of 405 mln tonnes.",
    },
    {
        "id": "peking-2",
        "title": "China trade deficit narrows",
        "date": "1987-04-10",
        "text": "China's trade deficit narrowed in the first quarter, the customs "
        "office in Peking said.",
    },
    {
        "id": "beijing-1",
        "title": "China's growth beats forecasts",
        "date": "2004-10-22",
        "text": "China's economy grew 9.1% in the third quarter, the statistics bureau "
        "in Beijing said.",
    },
    {
        "id": "wawa-1",
        "title": "Gold find in Ontario",
        "date": "1987-05-05",
        "text": "Mining company Dickenson Mines said it found gold near Wawa, Ontario.",
    },
]


def test_a_renamed_town_is_one_value_found_by_either_name(
    tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "news" / "china.jsonl"
    path.parent.mkdir()
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    index_paths([path.parent], settings)
    facet = facet_values(Query(""), "place", settings)
    places = {v.label: v.count for v in facet.values}
    # One value, displayed as the archive writes it most ("Peking" twice, "Beijing" once).
    assert places.get("Peking") == 3, places
    assert "Beijing" not in places
    # A small town is no other name of Warsaw ("Wawa" is one of Warsaw's in geonames).
    assert "Warsaw" not in places
    for typed in ("Beijing", "Peking"):
        hits = search(Query("", place=(typed,)), settings).hits
        assert sorted(h.id for h in hits) == ["beijing-1", "peking-1", "peking-2"]
    for field in ("place:beijing", "place:peking"):
        assert len(search(Query(field), settings).hits) == 3
