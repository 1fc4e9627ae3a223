"""Copies state beside the index: each article's MinHash signature and copies group.

Kept in the index state's database (:class:`~search.store.state.IndexState`, same
connection, same transaction), so a generation's signatures and groups are published
with it or not at all. A signature is stored with the content hash of the text it was
computed from: a reindex hashes only new or changed texts
(:mod:`search.indexing.copies`). ``grp`` is the group the article's document holds in
the index, so the writer knows which documents a new grouping has to rewrite.
``copies_meta`` records how the signatures were made and the threshold the groups were
computed with: when either changes, the next run recomputes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .state import IndexState


class Signatures:
    """The signatures and groups of one generation's articles (``state``'s database)."""

    def __init__(self, state: IndexState) -> None:
        self.db = state.db
        self.db.executescript("""
            CREATE TABLE IF NOT EXISTS signatures (id TEXT PRIMARY KEY,
                content_hash TEXT, signature BLOB, grp TEXT);
            CREATE TABLE IF NOT EXISTS copies_meta (name TEXT PRIMARY KEY, value TEXT);
        """)

    def rows(self) -> dict[str, tuple[str, str | None]]:
        """id -> (content hash of the signed text, group held by the document)."""
        return {
            doc_id: (digest, grp)
            for doc_id, digest, grp in self.db.execute(
                "SELECT id, content_hash, grp FROM signatures"
            )
        }

    def load(self, ids: Iterable[str]) -> dict[str, bytes]:
        """id -> stored signature (empty bytes: a text without words) of ``ids``."""
        wanted = set(ids)
        return {
            doc_id: bytes(blob)
            for doc_id, blob in self.db.execute("SELECT id, signature FROM signatures")
            if doc_id in wanted
        }

    def put(self, doc_id: str, content_hash: str, signature: bytes) -> None:
        """Record the signature of an article's text (its group is set later)."""
        self.db.execute(
            "INSERT INTO signatures VALUES (?, ?, ?, NULL) ON CONFLICT (id) DO UPDATE "
            "SET content_hash = excluded.content_hash, signature = excluded.signature",
            (doc_id, content_hash, signature),
        )

    def set_groups(self, groups: Mapping[str, str]) -> None:
        """Record the group of every article of the index; rows of other ids go."""
        self.db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS new_groups (id TEXT PRIMARY KEY, grp TEXT)"
        )
        self.db.execute("DELETE FROM new_groups")
        self.db.executemany("INSERT INTO new_groups VALUES (?, ?)", groups.items())
        self.db.execute(
            "DELETE FROM signatures WHERE id NOT IN (SELECT id FROM new_groups)"
        )
        self.db.execute(
            "UPDATE signatures SET grp = (SELECT grp FROM new_groups "
            "WHERE new_groups.id = signatures.id)"
        )
        self.db.execute("DROP TABLE new_groups")

    def meta(self, name: str) -> str | None:
        row = self.db.execute(
            "SELECT value FROM copies_meta WHERE name = ?", (name,)
        ).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, name: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO copies_meta VALUES (?, ?) ON CONFLICT (name) DO UPDATE "
            "SET value = excluded.value",
            (name, value),
        )

    def forget(self) -> None:
        """Drop every signature (they were made another way)."""
        self.db.execute("DELETE FROM signatures")
