"""Wire copies: near-identical articles grouped at index time, so a search shows a story
once.

Archives hold the same story many times over: a wire text re-run, corrected, re-titled
or lightly edited (Reuters-21578 has 277 texts repeated word for word and as many again
nearly so). Each article's text, its title and body as case-folded words in 5-word
shingles, gets a MinHash signature (``datasketch``, 128 permutations); an LSH index over
every signature proposes the pairs whose similarity may reach the ``fold_threshold``
setting, and those whose estimated Jaccard similarity does are copies. A group is a
connected set of copies; articles with the same content hash always are one.

The title is part of the text on purpose: short notices word for word the same under
headlines that name different companies ("Qtly div 25 cts vs 25 cts prior" for Quaker
Oats and for Unibancorp) are different stories, and stay apart. The price is that a
very short item re-titled is not seen as a copy either; a long story re-titled is.

Each article's ``group`` is the smallest id of its group (its own id when it has no
copies), so it is the same whatever order articles came in, and changes only when that
article goes or a smaller one joins. Signatures are kept in the index state with the
content hash of their text (:class:`~search.store.Signatures`): a run signs only new
or changed texts, rebuilds the LSH from the stored signatures, regroups, and rewrites
from their stored fields the documents whose group changed (no extraction). A run that
changes no text, removes nothing and keeps the threshold does none of this.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from ..extract import content_hash
from ..models import Article
from ..store import IndexState, Signatures, document_hash, regrouped
from ..store import schema as S

log = logging.getLogger(__name__)

#: Words per shingle, permutations per signature, their seed and datasketch's scheme.
SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
#: How signatures are made; stored signatures made another way are recomputed.
SIGNATURE_KIND = f"words{SHINGLE_WORDS}-crc32-{SCHEME}-{NUM_PERM}-{SEED}"
WORD = re.compile(r"\w+")


class Signer:
    """Makes MinHash signatures, its permutations drawn once (drawing them is most of
    the cost of a fresh ``MinHash``)."""

    def __init__(self) -> None:
        self.permutations = MinHash(num_perm=NUM_PERM, seed=SEED).permutations

    def sign(self, title: str, body: str) -> np.ndarray | None:
        """The signature of a text (None: it has no words)."""
        grams = shingles(title, body)
        if not grams:
            return None
        # CRC-32 is the shingle hash: a third of SHA-1's cost, and datasketch mixes
        # it (MurmurHash3's finaliser) before permuting.
        minhash = MinHash(
            seed=SEED,
            hashfunc=zlib.crc32,
            permutations=self.permutations,
            scheme=SCHEME,
        )
        minhash.update_batch(grams)
        values: np.ndarray = minhash.hashvalues
        return values


def shingles(title: str, body: str) -> set[bytes]:
    """The 5-word shingles of a text (title and body, case-folded words); a text of
    fewer words is one shingle."""
    words = WORD.findall(f"{title}\n{body}".casefold())
    if not words:
        return set()
    k = SHINGLE_WORDS
    return {
        " ".join(words[i : i + k]).encode() for i in range(max(1, len(words) - k + 1))
    }


def group_texts(
    signatures: dict[str, np.ndarray | None],
    hashes: dict[str, str],
    threshold: float,
) -> dict[str, str]:
    """id -> group (the smallest id of its copies) for every id of ``signatures``.

    :param hashes: id -> content hash: equal hashes are always copies.
    :param threshold: the estimated Jaccard similarity from which two texts are copies.
    """
    parent = {doc_id: doc_id for doc_id in signatures}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # Same content hash, or the same signature (a text re-run as it was, however often):
    # one group, and one entry in the LSH.
    first: dict[Any, str] = {}
    distinct: dict[str, LeanMinHash] = {}
    for doc_id in sorted(signatures):
        values = signatures[doc_id]
        for key in (("hash", hashes.get(doc_id)), ("sig", _key(values))):
            if key[1] is None:
                continue
            seen = first.setdefault(key, doc_id)
            if seen != doc_id:
                union(seen, doc_id)
        if values is not None and first[("sig", _key(values))] == doc_id:
            distinct[doc_id] = LeanMinHash(seed=SEED, hashvalues=values, scheme=SCHEME)
    try:
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    except ValueError:  # near 1, datasketch finds no banding: two halves will do
        lsh = MinHashLSH(num_perm=NUM_PERM, params=(2, NUM_PERM // 2))
    with lsh.insertion_session() as session:
        for doc_id, minhash in distinct.items():
            session.insert(doc_id, minhash, check_duplication=False)
    for doc_id, minhash in distinct.items():
        for other in lsh.query(minhash):
            # LSH proposes candidates; the signatures' own estimate decides.
            if other > doc_id and minhash.jaccard(distinct[other]) >= threshold:
                union(doc_id, other)
    return {doc_id: find(doc_id) for doc_id in signatures}


def _key(values: np.ndarray | None) -> bytes | None:
    return None if values is None else values.tobytes()


@dataclass(slots=True)
class CopyPlan:
    """The groups of every article the index holds after a run, and the groups their
    documents hold now (None: none, or not yet written)."""

    groups: dict[str, str] = field(default_factory=dict)
    indexed: dict[str, str | None] = field(default_factory=dict)
    #: Nothing changed since the last run: no document needs a new group.
    settled: bool = False

    def stale(self, written: set[str]) -> list[str]:
        """The articles not ``written`` by this run whose documents hold another group."""
        if self.settled:
            return []
        return sorted(
            doc_id
            for doc_id, group in self.groups.items()
            if doc_id not in written and self.indexed.get(doc_id) != group
        )


def plan_copies(
    ix: Any,
    state: IndexState,
    articles: list[Article],
    kept: Iterable[str],
    threshold: float,
    signer: Signer | None = None,
) -> CopyPlan:
    """The copies groups of the index after a run, before anything is written.

    :param articles: the articles read this run (their text as it is now).
    :param kept: ids of indexed articles this run keeps without reading them (other
        sources, files that could not be read); their stored signature is used, or, in
        an index from before groups, their stored text.
    :param threshold: the ``fold_threshold`` setting.
    """
    store = Signatures(state)
    if store.meta("signatures") != SIGNATURE_KIND:
        store.forget()
        store.set_meta("signatures", SIGNATURE_KIND)
    rows = store.rows()
    hashes = {a.id: content_hash(a) for a in articles}
    texts = {a.id: (a.title, a.body) for a in articles}
    kept = [k for k in kept if k not in hashes]
    for doc_id in kept:
        row = rows.get(doc_id)
        if row is not None:
            hashes[doc_id] = row[0]
    indexed = {doc_id: rows[doc_id][1] if doc_id in rows else None for doc_id in hashes}
    unsigned = [d for d in hashes if d not in rows or rows[d][0] != hashes[d]]
    unsigned += [d for d in kept if d not in rows]
    if (
        not unsigned
        and len(rows) == len(hashes)
        and store.meta("threshold") == repr(threshold)
        and all(group is not None for group in indexed.values())
    ):
        groups = {doc_id: str(group) for doc_id, group in indexed.items()}
        return CopyPlan(groups, indexed, settled=True)
    signer = signer or Signer()
    if any(d not in texts for d in unsigned):
        texts.update(_stored_texts(ix, [d for d in unsigned if d not in texts], hashes))
    signatures = {
        doc_id: np.frombuffer(blob, dtype=np.uint32) if blob else None
        for doc_id, blob in store.load(set(hashes) - set(unsigned)).items()
    }
    for doc_id in unsigned:
        if doc_id not in texts:
            continue  # gone from the index itself: nothing to group
        values = signer.sign(*texts[doc_id])
        signatures[doc_id] = values
        store.put(doc_id, hashes[doc_id], b"" if values is None else values.tobytes())
    groups = group_texts(signatures, hashes, threshold)
    store.set_meta("threshold", repr(threshold))
    return CopyPlan(groups, {d: indexed.get(d) for d in groups})


def _stored_texts(
    ix: Any, ids: list[str], hashes: dict[str, str]
) -> dict[str, tuple[str, str]]:
    """(title, body) of indexed articles as stored, and their content hash in ``hashes``."""
    found: dict[str, tuple[str, str]] = {}
    with ix.searcher() as searcher:
        for doc_id in ids:
            stored = searcher.document(**{S.ID_FIELD: doc_id})
            if stored is not None:
                found[doc_id] = (stored.get(S.TITLE, ""), stored.get(S.BODY, ""))
                hashes[doc_id] = stored.get(S.CONTENT_HASH, "")
    return found


def write_groups(
    ix: Any, writer: Any, state: IndexState, plan: CopyPlan, written: set[str]
) -> int:
    """Give the documents whose group changed their new group (rewritten from their
    stored fields, in ``writer`` before it commits), and record every group; returns
    how many documents were rewritten.

    :param written: ids this run wrote already (with their planned group).
    """
    stale = plan.stale(written)
    if stale:
        with ix.searcher() as searcher:
            for doc_id in stale:
                stored = searcher.document(**{S.ID_FIELD: doc_id})
                if stored is None:
                    continue
                fields = regrouped(stored, plan.groups[doc_id])
                writer.update_document(**fields)
                state.set_doc_hash(doc_id, document_hash(fields))
    if not plan.settled:
        Signatures(state).set_groups(plan.groups)
    return len(stale)
