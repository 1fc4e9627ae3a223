"""Did-you-mean: Whoosh's spelling corrector, asked only when a word is really unknown."""

from __future__ import annotations

from typing import Any

from ..store import schema as S

#: Did-you-mean is for what people type. Its cost grows with the number of unknown words
#: and with their length (a Levenshtein automaton per word): a pasted 10 KB query took
#: seconds, so longer queries get no suggestion.
MAX_SUGGEST_CHARS = 120


def suggest(searcher: Any, text_query: Any, text: str) -> str | None:
    """A corrected query string for ``text``, or None when nothing needs correcting."""
    if len(text) > MAX_SUGGEST_CHARS:
        return None
    try:
        # A word is misspelt only if no article has it, in title or body: by default
        # correct_query would "correct" every word missing from any one field (a body
        # word absent from all titles), each a costly automaton search. So correct only
        # the body form of words found nowhere (title and body share the analyzer; the
        # body's spelling words are the larger vocabulary), and none when all exist.
        reader = searcher.reader()
        tokens = [t for t in text_query.all_tokens() if t.fieldname in S.SEARCH_FIELDS]
        found = {t.text for t in tokens if (t.fieldname, t.text) in reader}
        missing = {
            (t.fieldname, t.text)
            for t in tokens
            if t.fieldname == S.BODY and t.text not in found
        }
        if not missing:
            return None
        corrected = searcher.correct_query(text_query, text, terms=missing)
    except Exception:  # noqa: BLE001 - a suggestion is optional
        return None
    if corrected.query != text_query and corrected.string != text:
        return str(corrected.string)
    return None
