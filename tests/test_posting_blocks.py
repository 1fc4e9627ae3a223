"""Posting lists read block by block (search/query/postings.py) are what Whoosh's own
matcher reads, posting by posting: the same documents, weights and positions, for every
word of a real index whose segments have deleted documents and lists of many blocks.

Ranking, phrases and the warm-up all read postings this way, so an error here would
misrank or drop articles everywhere; the matcher API is the reference.
"""

from __future__ import annotations

import json
import random
from typing import Any

import numpy as np
import pytest
import whoosh.index
from conftest import REUTERS, SEEDS, WIKINEWS

from search import Settings
from search.indexing import index_paths
from search.query import postings
from search.store import schema as S


@pytest.fixture(scope="module")
def deleted_index(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The Whoosh index of two indexing runs (two segments), with a third of the
    articles of the first deleted and the segment kept, as in a large reindexed archive (a small
    one's reindex rewrites its segments: Whoosh merges small ones)."""
    root = tmp_path_factory.mktemp("blocks")
    first, second = root / "first", root / "second"
    first.mkdir()
    second.mkdir()
    # Each wire twice, as an archive's repeated copies are (under another id): the
    # frequent words' lists run to several blocks.
    lines = [
        *REUTERS.read_text(encoding="utf-8").splitlines(),
        *WIKINEWS.read_text(encoding="utf-8").splitlines(),
    ]
    copies = [
        json.dumps({**json.loads(line), "id": f"copy-{i}"})
        for i, line in enumerate(lines)
    ]
    (first / "a.jsonl").write_text("\n".join(lines + copies) + "\n", encoding="utf-8")
    for seed in SEEDS.iterdir():
        (second / seed.name).write_bytes(seed.read_bytes())
    settings = Settings.load({"index_dir": root / "index"}, environ={})
    index_paths([first], settings, entities=False)
    index_paths([second], settings, entities=False)
    ix = whoosh.index.open_dir(str(next((root / "index").glob("gen-*/whoosh"))))
    writer = ix.writer()
    for docnum in range(0, 640, 3):
        writer.delete_document(docnum)
    writer.commit(merge=False)
    return ix


def by_matcher(leaf, field: str, btext: bytes):
    """(documents, weights, positions of each) through Whoosh's matcher API, which skips
    deleted documents itself."""
    m = leaf.postings(field, btext)
    docs, weights, positions = [], [], []
    while m.is_active():
        docs.append(m.id())
        weights.append(m.weight())
        positions.append(list(m.value_as("positions")))
        m.next()
    return docs, weights, positions


def test_block_reads_equal_the_matcher_api(deleted_index: Any) -> None:
    rng = random.Random(7)
    lists = blocks = with_deletions = 0
    with deleted_index.searcher() as searcher:
        for leaf, _offset in searcher.reader().leaf_readers():
            deleted = postings.deleted_docs(leaf)
            with_deletions += deleted is not None
            live = np.array(
                [d for d in range(leaf.doc_count_all()) if not leaf.is_deleted(d)]
            )
            for field in (S.BODY, S.TITLE):
                for btext in leaf.lexicon(field):
                    docs, weights, positions = by_matcher(leaf, field, btext)
                    lists += 1
                    blocks += (
                        leaf.doc_frequency(field, btext) > 128
                    )  # Whoosh's block size
                    got_docs, got_weights = postings.read_postings(
                        leaf, field, btext, deleted
                    )
                    assert got_docs.tolist() == docs, (field, btext)
                    assert got_weights.tolist() == weights, (field, btext)
                    (p_docs, p_weights), (where, at) = postings.read_positions(
                        leaf, field, btext, deleted
                    )
                    assert p_docs.tolist() == docs and p_weights.tolist() == weights
                    expected_where = [
                        d for d, p in zip(docs, positions, strict=True) for _ in p
                    ]
                    assert where.tolist() == expected_where, (field, btext)
                    assert at.tolist() == [x for p in positions for x in p]
                    # Some documents the word is in and some it is not, ascending.
                    wanted = np.unique(
                        np.concatenate(
                            [
                                rng.sample(docs, min(len(docs), 5)),
                                rng.sample(live.tolist(), min(len(live), 5)),
                            ]
                        )
                    ).astype(np.int64)
                    a_where, a_at = postings.read_positions_among(
                        leaf, field, btext, wanted
                    )
                    of = dict(zip(docs, positions, strict=True))
                    chosen = [d for d in wanted.tolist() if d in of]
                    assert a_where.tolist() == [d for d in chosen for _ in of[d]]
                    assert a_at.tolist() == [x for d in chosen for x in of[d]]
    # Not vacuous: deleted documents, and lists longer than one block.
    assert with_deletions >= 1
    assert lists > 5000 and blocks >= 20, (lists, blocks)
