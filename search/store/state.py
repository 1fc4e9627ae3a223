"""Index state beside the Whoosh index: per-article hashes, and entity name forms.

``docs`` lets a reindex tell unchanged articles from changed ones without reading stored
bodies out of Whoosh. ``forms`` counts, over the whole index, how often each written form of
an entity key is used, so the display name of a facet value is the most frequent full form
in the corpus ("Kim Jong Un" over "Kim Jong-un"), kept up to date as articles come and go.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from ..models import Entity


class IndexState:
    def __init__(self, index_dir: Path) -> None:
        self.db = sqlite3.connect(index_dir / "state.sqlite3")
        self.db.executescript("""
            CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, source TEXT,
                content_hash TEXT, doc_hash TEXT, forms TEXT);
            CREATE TABLE IF NOT EXISTS forms (kind TEXT, key TEXT, form TEXT, n INTEGER,
                PRIMARY KEY (kind, key, form));
        """)

    def docs(self) -> dict[str, tuple[str, str, str]]:
        """id -> (source, content_hash, doc_hash) of every indexed article."""
        return {
            row[0]: (row[1], row[2], row[3])
            for row in self.db.execute(
                "SELECT id, source, content_hash, doc_hash FROM docs"
            )
        }

    def put(
        self,
        doc_id: str,
        source: str,
        content_hash: str,
        doc_hash: str,
        entities: Iterable[Entity],
    ) -> None:
        self.remove(doc_id)
        forms = [[e.type, e.key, f, n] for e in entities for f, n in e.forms]
        self._count(forms, +1)
        self.db.execute(
            "INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
            (doc_id, source, content_hash, doc_hash, json.dumps(forms)),
        )

    def remove(self, doc_id: str) -> None:
        row = self.db.execute(
            "SELECT forms FROM docs WHERE id = ?", (doc_id,)
        ).fetchone()
        if row:
            self._count(json.loads(row[0]), -1)
            self.db.execute("DELETE FROM docs WHERE id = ?", (doc_id,))

    def _count(self, forms: list[list[object]], sign: int) -> None:
        self.db.executemany(
            "INSERT INTO forms VALUES (?, ?, ?, ?) ON CONFLICT (kind, key, form) "
            "DO UPDATE SET n = n + excluded.n",
            [(k, key, f, sign * int(str(n))) for k, key, f, n in forms],
        )

    def commit(self) -> None:
        self.db.execute("DELETE FROM forms WHERE n <= 0")
        self.db.commit()

    def display_names(self, kind: str, keys: Iterable[str]) -> dict[str, str]:
        """key -> most used written form (longest on ties) for the given keys."""
        keys = list(keys)
        best: dict[str, tuple[int, int, int, str]] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for key, form, n in self.db.execute(
                f"SELECT key, form, n FROM forms WHERE kind = ? AND key IN ({marks})",
                [kind, *chunk],
            ):
                # Ties go to the plainest form: no middle initial, fewest characters.
                initials = sum(1 for w in form.split() if len(w.rstrip(".")) == 1)
                score = (n, -initials, -len(form), form)
                if key not in best or score > best[key]:
                    best[key] = score
        return {k: v[3] for k, v in best.items()}

    def close(self) -> None:
        self.db.close()
