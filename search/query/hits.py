"""Hits as the library hands them out: what a page of Whoosh results becomes.

Search, similar articles and export all build their :class:`~search.models.Hit` here, so
a hit looks the same wherever it comes from; snippets are marked by one highlighter
configuration (:func:`highlight_results`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from whoosh import highlight

from ..models import ENTITY_TYPES, Hit
from ..store import IndexState, StoredDocument, read_document
from ..store import schema as S
from .segments import MISSING
from .snippets import highlights

if TYPE_CHECKING:
    from .index import Index

#: Characters of a snippet (Whoosh's fragmenter) and of a lead shown instead.
SNIPPET_CHARS = 240


def highlight_results(results: Any) -> None:
    """Make ``results`` mark matches as ``<mark class="match term…">``, in fragments of
    about :data:`SNIPPET_CHARS` (``HtmlFormatter`` escapes the text around them)."""
    results.fragmenter = highlight.ContextFragmenter(
        maxchars=SNIPPET_CHARS, surround=70
    )
    results.formatter = highlight.HtmlFormatter(
        tagname="mark", classname="match", termclass="term", between=" … "
    )


def page_hits_to_hits(
    index: Index, page_hits: Any, state: IndexState | None = None
) -> list[Hit]:
    """Whoosh hits of one page as :class:`Hit` objects, with a highlighted snippet, or
    the lead when nothing was matched, and how many copies each one's story has;
    display names are looked up once for the page."""
    page = [(h, read_document(h.fields())) for h in page_hits]
    names = display_names(index, (doc for _h, doc in page), state)
    sizes = (
        group_sizes(index, page[0][0].searcher, [h.docnum for h, _d in page])
        if page
        else {}
    )
    return [
        make_hit(
            doc,
            names,
            snippet_of(h, doc),
            h.score,
            roots=index.sources,
            copies=sizes.get(h.docnum, 1) if doc.group else 1,
        )
        for h, doc in page
    ]


def group_sizes(index: Index, searcher: Any, docnums: Iterable[int]) -> dict[int, int]:
    """Document number -> how many live articles of the index are in its copies group,
    for ``docnums`` (from the facet table's group column)."""
    table = index.facet_table(searcher)
    if S.GROUP not in table.arrays:  # an index written before copies groups
        return {}
    tally = table.tally(S.GROUP, MISSING)
    groups = table.arrays[S.GROUP]
    return {d: tally.get(int(groups[d]), 1) for d in docnums}


def display_names(
    index: Index, docs: Iterable[StoredDocument], state: IndexState | None = None
) -> dict[str, dict[str, str]]:
    """kind -> key -> display name, for the entities of ``docs``."""
    keys: dict[str, set[str]] = {k: set() for k in ENTITY_TYPES}
    for doc in docs:
        for kind in ENTITY_TYPES:
            keys[kind].update(doc.keys[kind])
    return {k: index.display_names(k, sorted(v), state) for k, v in keys.items()}


def make_hit(
    doc: StoredDocument,
    names: Mapping[str, Mapping[str, str]],
    snippet: str = "",
    score: float | None = None,
    roots: Sequence[str] = (),
    text: bool = False,
    copies: int = 1,
) -> Hit:
    """The :class:`Hit` of a stored document, its entities by display name.

    :param roots: the paths the index was built from: the source is shown relative to
        them (:func:`relative_source`).
    :param text: give the hit the article's full text.
    :param copies: the articles of the index in its copies group.
    """

    def named(kind: str) -> tuple[str, ...]:
        return tuple(names[kind][k] for k in doc.keys[kind])

    return Hit(
        id=doc.id,
        title=doc.title,
        published=doc.published,
        published_source=doc.published_source,
        snippet=snippet,
        persons=named("person"),
        orgs=named("org"),
        places=named("place"),
        source=relative_source(doc.source, roots),
        url=doc.url,
        score=score,
        text=doc.body if text else None,
        group=doc.group,
        copies=max(1, copies),
    )


def relative_source(source: str, roots: Sequence[str]) -> str:
    """``source`` as the user named it: from the folder or file that was indexed
    (``seeds/002.txt``, ``wikinews.jsonl``), never the server's absolute path; the file
    name alone when no root holds it."""
    path = source
    for root in sorted(roots, key=len, reverse=True):
        root = root.rstrip(os.sep)
        if path == root or path.startswith(root + os.sep):
            shown = os.path.relpath(path, os.path.dirname(root))
            break
    else:
        shown = os.path.basename(path)
    return shown


def lead(body: str) -> str:
    """The start of ``body``, escaped, cut at a word: the snippet when nothing matched."""
    text = body[:SNIPPET_CHARS]
    if len(body) > SNIPPET_CHARS:
        text = text.rsplit(" ", 1)[0] + " …"
    return escape(text)


def snippet_of(hit: Any, doc: StoredDocument) -> str:
    """The highlighted fragments of a Whoosh hit, or the lead when nothing matched."""
    # A search without words (browsing) matches no terms to highlight: show the lead.
    snippet = (
        highlights(hit, S.BODY, doc.body, top=2)
        if hit.results.has_matched_terms() and hit.matched_terms()
        else ""
    )
    return snippet or lead(doc.body)
