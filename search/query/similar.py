"""More like this: the articles that share an article's subject, as a set a search can
be narrowed to (``Query.like``), so the similar articles get facets, dates, sorting and
exports like any search.

An article's profile is what it is about: Whoosh's key terms of its title and body
(``key_terms_from_text``, Bo1 against the whole index), and its own persons,
organisations and places, each weighted by how often the article names it. The profile
is searched as one OR query, ranked by Whoosh's BM25F.

Left as it is, such a query matches nearly every article (any one shared word will do):
a COVID-19 article brought back an obituary of a guitarist. So a similar article must
score at least :data:`MIN_SHARE` of the score the article itself gets for its own
profile (a measure that does not depend on how many articles are alike) and
:data:`MIN_OF_BEST` of the closest one's share, and match at least
:data:`MIN_MATCHED` of its terms and names. Key terms leave out what carries no
subject: numbers, fragments of two letters, day and month names (every dated story has
them), words of the article's own person and place names (the names are searched as
entities, resolved across spellings: "United States" is not "united" and "states") and words no other article has.

The article and its copies (its ``group``) are never among its similar articles.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Any

from whoosh import query as Q

from ..errors import NotFoundError
from ..store import read_document
from ..store import schema as S
from .docsets import matching_docs
from .ranking import rank
from .segments import SegmentCache

#: Key terms in a profile.
NUM_TERMS = 15
#: A similar article scores at least this share of the article's own score.
MIN_SHARE = 0.15
#: ... and at least this share of the closest one's (a story with close relatives has
#: a long, weak tail; the relatives are what the reader wants).
MIN_OF_BEST = 0.3
#: ... and matches at least this many of the profile's terms and names.
MIN_MATCHED = 3
#: Most similar articles kept: a "more like this" list, not a second archive.
MAX_SIMILAR = 200
#: An entity's weight relative to the best key term, reached at this many mentions.
FULL_MENTIONS = 3
_NUMBER = re.compile(r"^[\d.,]+$")


@dataclass(frozen=True)
class Likeness:
    """What one article is like: the query of its profile, and the documents that are
    similar enough, each with its share of the article's own score."""

    article_id: str
    title: str
    query: Any
    scores: dict[int, float]

    @property
    def docs(self) -> set[int]:
        return set(self.scores)


def find_similar(
    searcher: Any, article_id: str, segments: SegmentCache | None = None
) -> Likeness:
    """The articles similar to ``article_id`` (:class:`Likeness`).

    :raises NotFoundError: no article with this id.
    """
    docnum = searcher.document_number(**{S.ID_FIELD: article_id})
    if docnum is None:
        raise NotFoundError(f"No article with id {article_id!r}")
    fields = searcher.stored_fields(docnum)
    profile = _profile(searcher, fields)
    title = fields.get(S.TITLE) or article_id
    if profile is None:
        return Likeness(article_id, title, Q.NullQuery, {})
    group = fields.get(S.GROUP)
    copies = matching_docs(searcher, Q.Term(S.GROUP, group)) if group else set()
    depth = MAX_SIMILAR + len(copies) + 1
    results = rank(searcher, profile, None, depth, None, False, None, segments)
    top = list(results.top_n)
    own = next((score for score, doc in top if doc == docnum), None)
    if own is None:  # its own profile should rank it first; the best one will do
        own = max((score for score, _doc in top), default=0.0)
    shares = {
        doc: score / own
        for score, doc in top
        if own
        and doc != docnum
        and doc not in copies
        and len(results.docterms.get(doc, ())) >= MIN_MATCHED
    }
    floor = max(MIN_SHARE, MIN_OF_BEST * max(shares.values(), default=0.0))
    scores = {doc: share for doc, share in shares.items() if share >= floor}
    return Likeness(article_id, title, profile, scores)


def _profile(searcher: Any, fields: dict[str, Any]) -> Any | None:
    """The OR query of an article's key terms and entities (None: nothing to go on)."""
    analyzer = searcher.schema[S.BODY].analyzer
    document = read_document(fields)
    entities = [
        e
        for e in document.entities()
        if e.type in S.ENTITY_FIELDS and searcher.doc_frequency(e.type, e.key) > 1
    ]
    leave_out = _calendar_words(analyzer)
    for e in entities:
        if e.type in (S.PERSON, S.PLACE):
            leave_out.update(t.text for t in analyzer(e.key))
    title = fields.get(S.TITLE) or ""
    # The title twice: its words say what the story is about more than any other.
    text = f"{title}\n{title}\n{fields.get(S.BODY) or ''}"
    if not text.strip():
        return None
    candidates = searcher.key_terms_from_text(S.BODY, text, numterms=NUM_TERMS * 3)
    terms = [
        (word, weight)
        for word, weight in candidates
        if len(word) > 2
        and not _NUMBER.match(word)
        and word not in leave_out
        and searcher.doc_frequency(S.BODY, word) > 1
    ][:NUM_TERMS]
    if not terms and not entities:
        return None
    best = terms[0][1] if terms else 1.0
    parts = [Q.Term(S.BODY, word, boost=weight / best) for word, weight in terms]
    parts += [
        Q.Term(e.type, e.key, boost=min(e.mentions, FULL_MENTIONS) / FULL_MENTIONS)
        for e in entities
    ]
    return Q.Or(parts)


def _calendar_words(analyzer: Any) -> set[str]:
    """Day and month names (and their abbreviations) as the body's analyzer indexes
    them: "Wednesday" -> "wednesdai"."""
    names = [
        *calendar.day_name,
        *calendar.day_abbr,
        *calendar.month_name,
        *calendar.month_abbr,
    ]
    return {t.text for name in names if name for t in analyzer(name)}
