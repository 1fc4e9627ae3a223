"""Words of the government bodies every country has: portfolios ("Finance Ministry"),
national bodies ("the Central Bank") and bodies a country's states have too ("the
Supreme Court"). Named without an owner they say nothing of whose they are, so
:mod:`search.names.orgs` tells them apart and :mod:`search.extract.owners` gives them
their country on evidence.
"""

from __future__ import annotations

#: Portfolio words of government bodies ("Finance Ministry", "Ministry of Foreign
#: Affairs", "Agriculture Department"): every country has a body of each.
PORTFOLIOS = frozenset(
    """
    affairs agriculture and commerce culture defence defense development economic
    economy education emergencies emergency energy environment external finance
    fisheries foreign health home industry information intelligence interior internal
    justice labor labour of oil planning public security social trade transport treasury
    """.split()
)

#: Keys of bodies every country has at the top, named without saying whose ("the
#: Central Bank", "the Coast Guard"): a wire story's dateline says whose.
NATIONAL_BODIES = frozenset(
    s.strip()
    for s in """
    central bank|central bureau of statistics|coast guard|national assembly|
    national statistics office|reserve bank|statistics bureau|statistics office
    """.replace("\n", "").split("|")
    if s.strip()
)
#: Keys of bodies a country's states or provinces have too ("the District Court" of a
#: Chicago story may be Illinois's): only an owner written in the article says whose.
REGIONAL_BODIES = frozenset(
    s.strip()
    for s in """
    appeals court|constitutional court|court of appeal|court of appeals|district court|
    high court|legislative assembly|national guard|supreme court
    """.replace("\n", "").split("|")
    if s.strip()
)

#: Of those, a country's top court ("the Supreme Court"): a state's is named with its
#: state ("the Texas Supreme Court"), so in a story of one country that names no other
#: court of the name, it is that country's.
TOP_COURTS = frozenset({"supreme court", "constitutional court"})

#: Portfolio words that are also parties' names ("Labour", Australia's "Labor"): a body
#: alone, where other portfolio words alone are cut from one ("Commerce" | "Secretary").
PARTY_TITLES = frozenset({"labour", "labor"})
