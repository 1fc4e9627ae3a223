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
from datasketch import MinHash, MinHashLSH

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
SIGNATURE_KIND = f"words{SHINGLE_WORDS}-crc32mix-{SCHEME}-{NUM_PERM}-{SEED}"
WORD = re.compile(r"\w+")
#: Odd 64-bit multipliers, one per word of a shingle: a shingle's hash is the sum of its
#: words' CRC-32s, each times the multiplier of its place, folded to 32 bits.
PLACE = np.array(
    [
        0x9E3779B97F4A7C15,
        0xC2B2AE3D27D4EB4F,
        0x165667B19E3779F9,
        0xD6E8FEB86659FD93,
        0xFF51AFD7ED558CCD,
    ][:SHINGLE_WORDS],
    dtype=np.uint64,
)
#: The LSH's weights of a false candidate and of a missed pair (datasketch's
#: ``weights``): a candidate costs one comparison of two signatures, a missed pair a
#: story shown twice. With datasketch's default (0.5, 0.5) the LSH proposes 40% of the
#: pairs at the threshold and 69% of those 0.05 above it (threshold 0.8); with these,
#: 87% and 97.5%.
LSH_WEIGHTS = (0.1, 0.9)
#: Odd 64-bit multipliers that hash a band of a signature to one number.
BAND_MIX = (
    np.random.RandomState(SEED).randint(0, 2**63, NUM_PERM, dtype=np.uint64) * 2 + 1
)
#: Shingles permuted at a time: a ``CHUNK`` x ``NUM_PERM`` array of 32-bit values (8 MB).
CHUNK = 16_384


class Signer:
    """Makes MinHash signatures, many texts at a time.

    A signature is datasketch's: ``MinHash(hashfunc=h, permutations=...,
    scheme="affine32")`` updated with a text's shingles, ``h`` the shingle hash of
    :func:`shingle_hashes`. It is computed here in numpy, though, for a batch of texts
    at once: hashing each word once instead of each shingle's string, and permuting
    thousands of shingles per numpy call instead of one text's, took signing from most
    of the time an indexing run spends before writing to a fraction of it.
    """

    def __init__(self) -> None:
        # Drawing the permutations is most of the cost of a fresh ``MinHash``: once.
        a, b = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
        self.permutations = (a, b)

    def sign(self, title: str, body: str) -> np.ndarray | None:
        """The signature of a text (None: it has no words)."""
        return self.sign_many([(title, body)])[0]

    def sign_many(self, texts: list[tuple[str, str]]) -> list[np.ndarray | None]:
        """The signature of each (title, body) of ``texts``, in order (None: a text
        without words)."""
        signatures: list[np.ndarray | None] = [None] * len(texts)
        batch: list[tuple[int, np.ndarray]] = []
        rows = 0
        for i, (title, body) in enumerate(texts):
            hashed = shingle_hashes(title, body)
            if not hashed.size:
                continue
            if hashed.size > CHUNK:  # a long text alone, a chunk at a time
                signatures[i] = np.minimum.reduce(
                    [
                        self._minima([hashed[s : s + CHUNK]])[0]
                        for s in range(0, hashed.size, CHUNK)
                    ]
                )
                continue
            batch.append((i, hashed))
            rows += hashed.size
            if rows >= CHUNK:
                self._sign_batch(batch, signatures)
                batch, rows = [], 0
        self._sign_batch(batch, signatures)
        return signatures

    def _sign_batch(
        self, batch: list[tuple[int, np.ndarray]], out: list[np.ndarray | None]
    ) -> None:
        if batch:
            for (i, _), values in zip(
                batch, self._minima([h for _, h in batch]), strict=True
            ):
                out[i] = values

    def _minima(self, hashed: list[np.ndarray]) -> np.ndarray:
        """Row i: the signature of the shingle hashes ``hashed[i]`` (none empty), as
        datasketch's ``update_batch`` makes it: MurmurHash3's finaliser, then each
        permutation ``a * h + b`` (mod 2^32), then the minimum per permutation."""
        a, b = self.permutations
        values = fmix32(np.concatenate(hashed))
        starts = np.cumsum([0] + [h.size for h in hashed[:-1]])
        # One row per permutation: reducing along rows is several times faster.
        permuted = np.multiply.outer(a, values)
        permuted += b[:, None]
        minima = np.minimum.reduceat(permuted, starts, axis=1)
        return np.ascontiguousarray(minima.T)


def shingle_hashes(title: str, body: str) -> np.ndarray:
    """The 32-bit hash of each 5-word shingle of a text (title and body, case-folded
    words; a text of fewer words is one shingle), repeats included.

    Each word is hashed once (CRC-32), and a shingle's hash is made from its words':
    the same shingle has the same hash wherever it is, in whatever text.
    """
    words = WORD.findall(f"{title}\n{body}".casefold())
    if not words:
        return np.empty(0, dtype=np.uint32)
    # \w+ never matches a newline: one encode and split for all the words.
    crcs = np.fromiter(
        map(zlib.crc32, "\n".join(words).encode().split(b"\n")),
        dtype=np.uint64,
        count=len(words),
    )
    n = max(1, len(words) - SHINGLE_WORDS + 1)
    mixed = np.zeros(n, dtype=np.uint64)
    for place in range(min(SHINGLE_WORDS, len(words))):
        mixed += crcs[place : place + n] * PLACE[place]
    folded: np.ndarray = (mixed ^ (mixed >> np.uint64(32))).astype(np.uint32)
    return folded


def fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, which datasketch applies to every hash before
    permuting it (``_fmix``), element-wise on a ``uint32`` array."""
    values = values ^ (values >> np.uint32(16))
    values *= np.uint32(0x85EBCA6B)
    values ^= values >> np.uint32(13)
    values *= np.uint32(0xC2B2AE35)
    values ^= values >> np.uint32(16)
    return values


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
    # one group, and one row of the signatures compared.
    first: dict[Any, str] = {}
    distinct: list[str] = []
    rows: list[np.ndarray] = []
    for doc_id in sorted(signatures):
        values = signatures[doc_id]
        for key in (("hash", hashes.get(doc_id)), ("sig", _key(values))):
            if key[1] is None:
                continue
            seen = first.setdefault(key, doc_id)
            if seen != doc_id:
                union(seen, doc_id)
        if values is not None and first[("sig", _key(values))] == doc_id:
            distinct.append(doc_id)
            rows.append(values)
    if distinct:
        for i, j in copy_pairs(np.stack(rows), threshold).tolist():
            union(distinct[i], distinct[j])
    return {doc_id: find(doc_id) for doc_id in signatures}


def lsh_bands(threshold: float) -> tuple[int, int]:
    """(bands, permutations per band) of the LSH for ``threshold``: datasketch's
    ``MinHashLSH`` choice with :data:`LSH_WEIGHTS`."""
    try:
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    except ValueError:  # near 1, datasketch finds no banding: two halves will do
        return 2, NUM_PERM // 2
    return lsh.b, lsh.r


def copy_pairs(matrix: np.ndarray, threshold: float) -> np.ndarray:
    """The pairs ``(i, j)``, ``i < j``, of rows of ``matrix`` (one signature a row)
    whose estimated Jaccard similarity reaches ``threshold``.

    An LSH as datasketch's ``MinHashLSH`` is, in numpy over all rows at once: rows equal
    in every permutation of one band are candidates (a band is hashed to 64 bits, so a
    rare collision adds a candidate, never loses one), and a candidate is a pair when
    the share of equal values, datasketch's ``jaccard``, reaches ``threshold``.
    """
    n = len(matrix)
    bands, rows = lsh_bands(threshold)
    candidates = []
    for band in range(bands):
        columns = matrix[:, band * rows : (band + 1) * rows].astype(np.uint64)
        keys = (columns * BAND_MIX[:rows]).sum(axis=1, dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        run = np.concatenate(([0], np.cumsum(ordered[1:] != ordered[:-1])))
        # Rows of one bucket are adjacent in ``order``: pair each with the next, the
        # one after... while any bucket is that large.
        step = 1
        while step < n:
            same = run[:-step] == run[step:]
            if not same.any():
                break
            a, b = order[:-step][same], order[step:][same]
            candidates.append(np.minimum(a, b) * n + np.maximum(a, b))
            step += 1
    if not candidates:
        return np.empty((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate(candidates))
    pairs = np.stack((codes // n, codes % n), axis=1)
    equal = np.empty(len(pairs), dtype=np.int64)
    for start in range(0, len(pairs), CHUNK):
        i, j = pairs[start : start + CHUNK].T
        equal[start : start + CHUNK] = np.count_nonzero(matrix[i] == matrix[j], axis=1)
    kept: np.ndarray = pairs[equal / np.float64(matrix.shape[1]) >= threshold]
    return kept


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
    # Those gone from the index itself have nothing to group.
    todo = [doc_id for doc_id in unsigned if doc_id in texts]
    for doc_id, values in zip(
        todo, signer.sign_many([texts[d] for d in todo]), strict=True
    ):
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
