"""Word lists behind entity cleaning: titles, name particles, suffixes and stop-names.

Kept apart from the rules (:mod:`search.names.keys`, :mod:`search.extract.mentions`,
:mod:`search.extract.entities`) so they can be read and extended as data.
All words are lower case and compared after lower-casing (trailing dots stripped).
"""

from __future__ import annotations

#: Words that precede a name but are not part of it (multi-word titles match word by word).
TITLES = frozenset(
    """
    acting actor actress adm admiral agriculture ambassador analyst archbishop
    assistant attorney ayatollah bishop brother capt captain cardinal ceo cfo chair
    chairman chairwoman chancellor chief cllr coach col colonel commerce commissioner
    congressman congresswoman councillor crown dame dean defence defender defense
    deputy detective director director-general dj dr economist education emperor
    energy envoy executive father finance first foreign former gen general
    goalkeeper gov governor health home hon honourable imam inspector interior judge
    justice king labor labour lady late leader lieutenant lord lt maj major manager
    mayor mep messrs midfielder minister miss mlle mme mp mr mrs ms msp mx negotiator
    nuclear of officer pm pope premier president prime prince princess prof professor queen
    rabbi rep representative rev reverend saint secretary secretary-general sen
    senator senior sergeant sgt sheikh singer sir sister speaker special spokesman
    spokesperson spokeswoman st star state striker supreme the trade treasury u.s.
    uk us vice
    flanker fly-half full-back fullback prop scrum-half skipper taoiseach winger
    cde comrade constable superintendent treasurer
    """.split()
)

#: Titles that end a title run: "North Korean Supreme Leader Kim Jong Un" is cut after the
#: last of them. The others are too often a word of the name or of a longer title.
STRONG_TITLES = TITLES - frozenset(
    """
    of the state us u.s. uk first late former senior acting special home trade health
    energy education foreign finance interior st saint star brother sister father major
    vice
    """.split()
)

#: A word just before a name that says the name is a person's ("Mr Biegun", "President
#: Reagan"): the evidence that keeps a surname-only mention in the person facet.
PERSON_CUES = frozenset(
    """
    actor actress ambassador analyst aunt author ayatollah boss brother candidate
    captain ceo chairman chairwoman chancellor chief coach colonel comedian
    congressman congresswoman cousin dame daughter defender deputy detective
    director dr economist emperor envoy executive father founder gen general
    goalkeeper gov governor husband judge justice king lady leader lieutenant lord
    manager mayor midfielder minister miss mother mp mr mrs ms mx negotiator officer
    player pope premier presenter president prince princess prof professor queen
    rapper rep rev secretary sen senator sergeant sheikh singer sir sister son
    spokesman spokeswoman striker uncle widow wife writer
    flanker fly-half full-back fullback prop scrum-half skipper taoiseach winger
    cde comrade constable superintendent treasurer
    """.split()
)
#: Titles of rulers and popes, who are called by a given name and no surname ("Prince
#: Charles", "Pope Francis", "King Abdullah"): the title is part of the name's key.
RULERS = frozenset(
    "emperor empress king pope prince princess queen sultan tsar tsarina".split()
)
#: Person cues that also begin organisations' names ("General Motors", "General
#: Dynamics", "Chief Executives' Forum", "Leader of the House").
WEAK_PERSON_CUES = frozenset({"general", "chief", "leader", "director", "executive"})

#: Lower-case words that belong inside names ("Ludwig van Beethoven").
PARTICLES = frozenset(
    """
    af al bin bint da das de del della den der di dos du el ibn la le op ter van von
    y zu
    """.split()
)

#: Generational and honours suffixes dropped from person keys.
NAME_SUFFIXES = frozenset(
    """
    cbe ii iii iv jr kc mbe md obe phd qc sr
    """.split()
)

#: Corporate suffixes dropped from organisation keys ("Standard Oil Co" = "Standard Oil").
ORG_SUFFIXES = frozenset(
    """
    ab ag as bv co company corp corporation cos gmbh group holding holdings inc
    incorporated limited llc llp lp ltd nv oyj plc sa spa cie
    """.split()
)

#: Lower-case words allowed inside organisation names ("Bank of England").
ORG_CONNECTIVES = frozenset(
    """
    & and at da de der des di du el for für in la le of on the to und van von y
    """.split()
)

#: Religions, the model's NORP, come tagged ORG or GPE ("Islam" in Wikinews): no
#: organisation and no place.
RELIGIONS = frozenset(
    "buddhism catholicism christianity hinduism islam judaism sikhism".split()
)

#: Things, formats, services and kinds of people the news writes in capitals, which the
#: model tags as organisations: "CCTV footage", "the IPO", "LGBT activists", "R&B" the
#: genre, "an IRC channel", "VAT" the tax, "AI", "A&E", "a GP", "ESG funds". China's
#: broadcaster CCTV is named as itself where a story writes it out ("China Central
#: Television (CCTV)").
THINGS_IN_CAPITALS = frozenset(
    """
    3g 4g 5g a&e ai atm atms cctv cd cds diy dna dvd dvds esg etf etfs ev evs gdp gp gps
    hdtv html http icu ipo ipos irc ivf lcd led lgbt lgbti lgbtq lgbtq+ lgbtqia+ mp3
    mri nft nfts pcr pdf ppe r&b rna sms suv suvs usb vat vhs vpn
    """.split()
)

#: Phrases the model tags as names but which never are one on their own (and, for
#: organisations, the letters of a member or an honour: "the MEP said", "Tom McCabe
#: MSP", "OBE").
STOP_NAMES = {
    "person": frozenset(
        " ".join(s.split())
        for s in """
        afp | allah | ap | bbc | brexit | chairman | christ | coronavirus |
        covid | dr | facebook | god | government | instagram | internet | jesus
        christ | minister | mr | mrs | ms | president | reuters | state |
        twitter | web | youtube
        """.split("|")
    ),
    "org": frozenset(
        " ".join(s.split())
        for s in """
        administration | agency | army | assembly | banco | bank | board | brexit |
        cabinet | cbe | center | centre | cie |
        chamber | commission | committee | company | congress | council | court
        | department | economics | facebook | finance | gmt | government | group
        | house | instagram | international | justice | mbe | mep | meps | ministry |
        mp | mps | msp | msps | navy | obe | office | opposition |
        parliament | party | police | reform | senate | state | telegram | the
        government | treasury | twitter | union | utc | whatsapp | workplace |
        worldwide | youtube
        """.split("|")
    )
    | RELIGIONS
    | THINGS_IN_CAPITALS,
    "place": frozenset(
        " ".join(s.split())
        for s in """
        brexit | capital | city | country | earth | east | kingdom | nation | north |
        province | region | republic | south | state | west | world
        """.split("|")
    )
    | RELIGIONS
    | THINGS_IN_CAPITALS,
}

#: A word just before a name that says the name is a work, not its maker ("the novel
#: Obsession", "comic book adaptation Hellboy", "the album Vertigo").
WORK_CUES = frozenset(
    """
    adaptation album biopic blockbuster book books comedy documentary drama ep film
    films memoir memoirs movie movies musical novel novels opera play series show sitcom
    single soap song thriller
    """.split()
)

#: A word just after a name that makes the name a work by naming someone who made or
#: played in it, whose name follows ("Sideways star Thomas Haden Church", "Harry Potter
#: author JK Rowling"). Read after names the model calls persons or unknown places only:
#: after an organisation's it is a club's or a firm's ("Chelsea star John Terry").
WORK_MAKERS_AFTER = frozenset(
    """
    actor actress author co-star creator director producer star
    """.split()
)

#: A word just after a name the model calls a person that makes it a band ("the Franz
#: Ferdinand frontman"): an organisation.
BAND_MEMBERS_AFTER = frozenset(
    """
    bassist drummer frontman guitarist keyboardist singer
    """.split()
)

#: A word just after a name that says the same ("the Evil Dead movies", "the Vertigo
#: tour", "the Nightmare on Elm Street franchise"). Only words a maker is rarely written
#: before: "the BBC series" is a broadcaster's.
WORK_CUES_AFTER = frozenset(
    """
    franchise movies saga sequel sequels soundtrack tour trilogy
    """.split()
)

#: A word just before a name that says it is an organisation, whatever label the model
#: gave it ("cement firm Holcim", "gaming company Electronic Arts", "news agency Fars").
ORG_CUES = frozenset(
    """
    agency airline bank bank's broker brokerage brokers broadcaster carmaker carrier
    chain club stockbroker stockbrokers
    band company conglomerate duo firm giant group insurer label lender magazine maker
    manufacturer monopoly newspaper outfit publisher quartet retailer studio supermarket
    trio
    """.split()
)

#: A word after "the" + name that says the same ("the Herald newspaper"); after "a" it
#: is an owner's ("a Murdoch newspaper").
ORG_CUES_AFTER = frozenset(
    """
    magazine newspaper website
    """.split()
)

#: A word after a name the gazetteer does not know as a place that makes it an
#: organisation ("Gazprom shares", "Gazprom chief Alexei Miller", "the Yugansk unit").
#: After a known place it is that place's ("UK shares", "the Kenya chief").
ORG_WORDS_AFTER_NAME = frozenset(
    """
    boss bosses chairman chairwoman chief division shareholders shares spokesman
    spokeswoman subsidiary unit
    """.split()
)

#: A word after a name the gazetteer does not know as a place that makes it a product
#: ("Windows XP machines", "Windows users", "the Xenon console").
PRODUCT_WORDS_AFTER_NAME = frozenset(
    """
    browser computers console consoles handset handsets laptops machines pcs phones
    software upgrade users
    """.split()
)

#: A word after a name the gazetteer does not know as a place that makes it an event
#: ("the Bafta awards", "the Bafta ceremony").
EVENT_WORDS_AFTER_NAME = frozenset(
    """
    award awards ceremony festival nomination nominations prize prizes
    """.split()
)

#: Words between such a name and the event word ("the Bafta film awards").
EVENT_KINDS = frozenset(
    """
    children's film music television theatre tv
    """.split()
)

#: Head words an organisation's name ends with, which the model sometimes leaves out
#: of the span ("Disaster and Emergency Management" | "Presidency").
ORG_HEADS = frozenset(
    """
    agency association authority board bureau commission committee council department
    directorate foundation institute ministry presidency secretariat
    """.split()
)

#: Words that describe an organisation before its name ("the U.S. group ATT").
ORG_DESCRIPTIONS = frozenset(
    """
    company concern firm group subsidiary unit
    """.split()
)

#: A word after a name that makes it the place of a works ("the Hamtramck plant").
FACILITY_CUES = frozenset(
    """
    factory mill mine plant refinery smelter
    """.split()
)

#: Head words of a thing named after a person ("the James Webb Space Telescope", "John F.
#: Kennedy International Airport", "the Nobel Prize", "the Ryder Cup"): the person's name
#: there names the thing. None is also a surname ("Doris Day", "Charlotte Church"), since
#: a person's own name may end with the word.
NAMED_AFTER_HEADS = frozenset(
    """
    academy act airport arena auditorium award awards boulevard building center centre
    college cup expressway foundation highway hospital institute library memorial
    monument museum prize satellite stadium station telescope theater theatre trophy
    tunnel university
    """.split()
)
#: Words between a person's name and such a head ("Kennedy International Airport",
#: "the James Webb space telescope").
NAMED_AFTER_LINKS = frozenset({"space", "international", "national", "memorial"})
#: Those heads read in lower case too: no verb or common phrase after a name is one.
NAMED_AFTER_LOWER = frozenset({"airport", "stadium", "telescope"})

#: Last word of a competition that is also a body's ("Champions League", "Arab League",
#: "Awami League"): a competition only where the words around it say so.
LEAGUE_WORDS = frozenset({"league", "leagues"})

#: A word right after a league's name that makes it a competition ("the Champions League
#: final", "a Celtic League fixture", "a Champions League place").
COMPETITION_CUES_AFTER = frozenset(
    """
    clash clashes debut draw exit final finals first-leg fixture fixtures football game
    games glory group holders knockout match matches opener qualification qualifier
    qualifiers quarter-final quarter-finals rugby season second-leg semi-final
    semi-finals spot tie ties title winner winners
    """.split()
)

#: A word just before "the" + a league's name that makes it a competition ("won the
#: Champions League", "qualification for the Champions League").
COMPETITION_VERBS = frozenset(
    """
    lift lifted lifting qualification qualified qualify qualifying retain retained
    retaining win winning wins won
    """.split()
)

#: Words of a sentence about a match that no election or contest of another kind
#: shares ("a Champions League tie", "the game at Old Trafford").
SPORT_WORDS = frozenset(
    """
    clash fixture fixtures game games half-time kick-off match matches penalty
    quarter-final scored scrum semi-final tie try
    """.split()
)

#: Words of a sentence about a match: "at" + a name there is the ground it is played at
#: ("victory against England at Twickenham", "a 0-0 tie at Old Trafford"), not an
#: employer ("an analyst at Goldman Sachs"). Results are words of elections too ("the
#: Awami League's victory"): they make grounds, not competitions.
MATCH_WORDS = SPORT_WORDS | frozenset(
    """
    beat beaten defeat defeats draw drew victory win
    """.split()
)

#: Words that make a sentence about a match only where a competition is named in it
#: ("lost 3-0 away at Fenerbahce in the Champions League"): "lost their jobs at
#: Rover" is no match.
PLAY_WORDS = frozenset({"lost", "play", "played", "playing"})

#: A word before "at" + a name that makes the name an employer or a club, whatever the
#: sentence is about ("his future at Old Trafford", "a coach at Leeds").
EMPLOYED_AT = frozenset(
    """
    analyst career coach contract director economist employee future job jobs manager
    player role spell stint strategist time work worked working works
    """.split()
)

#: A word just before a name that says it is a place ("our biggest island Crete", "the
#: port city Nowshahr"), whatever label the model gave it.
PLACE_CUES = frozenset(
    """
    island isle province region suburb town township village
    """.split()
)

#: Adjectives of countries that no ending rule derives from the country's name
#: (:meth:`search.names.places.Gazetteer.country_of_adjective` derives "Japanese",
#: "Brazilian", "Turkish"...), to the gazetteer's canonical name.
COUNTRY_ADJECTIVES = {
    "american": "United States",
    "argentine": "Argentina",
    "british": "United Kingdom",
    "briton": "United Kingdom",
    "cypriot": "Cyprus",
    "czech": "Czechia",
    "danish": "Denmark",
    "dutch": "Netherlands",
    "east german": "East Germany",
    "filipino": "Philippines",
    "finnish": "Finland",
    "french": "France",
    "greek": "Greece",
    "irish": "Ireland",
    "nigerian": "Nigeria",
    "nigerien": "Niger",
    "norwegian": "Norway",
    "peruvian": "Peru",
    "polish": "Poland",
    "portuguese": "Portugal",
    "saudi": "Saudi Arabia",
    "slovak": "Slovakia",
    "soviet": "Soviet Union",
    "spanish": "Spain",
    "swiss": "Switzerland",
    "west german": "West Germany",
    "us": "United States",
    "uk": "United Kingdom",
}
