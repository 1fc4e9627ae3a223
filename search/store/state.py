"""Index state beside the Whoosh index: per-article hashes, entity name forms, and what
corpus-level resolution works from.

``docs`` lets a reindex tell unchanged articles from changed ones without reading stored
bodies out of Whoosh. ``forms`` counts, over the whole index, how often each written form of
an entity key is used, so the display name of a facet value is the most frequent full form
in the corpus ("Kim Jong Un" over "Kim Jong-un"), kept up to date as articles come and go.
``local`` keeps each article's own entities, as extraction gave them before the whole
index had its say, and ``resolution`` the corpus-level mapping the writer last applied
(``search.names.resolution``), ``article_resolution`` what single articles read beyond it
(a surname from the articles around it): together they let the writer re-resolve only
the articles whose entities the corpus now reads differently.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from ..models import Entity, entity_from_json, entity_to_json

EntityRef = tuple[str, str]  # (type, key)


class IndexState:
    def __init__(self, index_dir: Path, create: bool = True) -> None:
        """:param create: make the tables an older index may lack; a reader that has
        opened this generation's state once passes False (the statements cost more
        than the lookup a search opens the state for)."""
        self.db = sqlite3.connect(index_dir / "state.sqlite3")
        if not create:
            return
        self.db.executescript("""
            CREATE TABLE IF NOT EXISTS docs (id TEXT PRIMARY KEY, source TEXT,
                content_hash TEXT, doc_hash TEXT, forms TEXT);
            CREATE TABLE IF NOT EXISTS forms (kind TEXT, key TEXT, form TEXT, n INTEGER,
                PRIMARY KEY (kind, key, form));
            CREATE TABLE IF NOT EXISTS local (id TEXT PRIMARY KEY, entities TEXT);
            CREATE TABLE IF NOT EXISTS resolution (kind TEXT, key TEXT, to_kind TEXT,
                to_key TEXT, PRIMARY KEY (kind, key));
            CREATE TABLE IF NOT EXISTS article_resolution (id TEXT, kind TEXT,
                key TEXT, to_kind TEXT, to_key TEXT, PRIMARY KEY (id, kind, key));
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
        local: Iterable[Entity] | None = None,
    ) -> None:
        """Record an indexed article: ``entities`` as indexed, ``local`` as its own
        extraction gave them (the same when not given)."""
        entities = list(entities)
        self.remove(doc_id)
        forms = [[e.type, e.key, f, n] for e in entities for f, n in e.forms]
        self._count(forms, +1)
        self.db.execute(
            "INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
            (doc_id, source, content_hash, doc_hash, json.dumps(forms)),
        )
        own = entities if local is None else list(local)
        self.db.execute(
            "INSERT INTO local VALUES (?, ?)",
            (doc_id, json.dumps([entity_to_json(e) for e in own])),
        )

    def local_entities(self) -> dict[str, list[Entity]]:
        """id -> the article's own entities, before corpus-level resolution."""
        return {
            doc_id: [entity_from_json(e) for e in json.loads(data)]
            for doc_id, data in self.db.execute("SELECT id, entities FROM local")
        }

    def resolution(self) -> dict[EntityRef, EntityRef]:
        """The corpus-level mapping last applied: (type, key) -> (type, key)."""
        return {
            (kind, key): (to_kind, to_key)
            for kind, key, to_kind, to_key in self.db.execute(
                "SELECT kind, key, to_kind, to_key FROM resolution"
            )
        }

    def set_resolution(self, mapping: dict[EntityRef, EntityRef]) -> None:
        self.db.execute("DELETE FROM resolution")
        self.db.executemany(
            "INSERT INTO resolution VALUES (?, ?, ?, ?)",
            [(k, key, tk, tkey) for (k, key), (tk, tkey) in mapping.items()],
        )

    def article_resolutions(self) -> dict[str, dict[EntityRef, EntityRef]]:
        """id -> what one article's names stand for in it alone, beyond the corpus
        mapping (a surname read from the articles around it), as last applied."""
        out: dict[str, dict[EntityRef, EntityRef]] = {}
        for doc_id, kind, key, to_kind, to_key in self.db.execute(
            "SELECT id, kind, key, to_kind, to_key FROM article_resolution"
        ):
            out.setdefault(doc_id, {})[(kind, key)] = (to_kind, to_key)
        return out

    def set_article_resolution(
        self, doc_id: str, mapping: dict[EntityRef, EntityRef]
    ) -> None:
        self.db.execute("DELETE FROM article_resolution WHERE id = ?", (doc_id,))
        self.db.executemany(
            "INSERT INTO article_resolution VALUES (?, ?, ?, ?, ?)",
            [(doc_id, k, key, tk, tkey) for (k, key), (tk, tkey) in mapping.items()],
        )

    def set_doc_hash(self, doc_id: str, doc_hash: str) -> None:
        """Record that an article's document was rewritten with nothing else changed
        (a new copies group)."""
        self.db.execute("UPDATE docs SET doc_hash = ? WHERE id = ?", (doc_hash, doc_id))

    def remove(self, doc_id: str) -> None:
        row = self.db.execute(
            "SELECT forms FROM docs WHERE id = ?", (doc_id,)
        ).fetchone()
        if row:
            self._count(json.loads(row[0]), -1)
            self.db.execute("DELETE FROM docs WHERE id = ?", (doc_id,))
        self.db.execute("DELETE FROM local WHERE id = ?", (doc_id,))
        self.db.execute("DELETE FROM article_resolution WHERE id = ?", (doc_id,))

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
        best: dict[str, tuple[bool, int, int, int, str]] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for key, form, n in self.db.execute(
                f"SELECT key, form, n FROM forms WHERE kind = ? AND key IN ({marks})",
                [kind, *chunk],
            ):
                # A name over its acronym ("General Motors Corp", not "GM", however
                # often the acronym is written); ties go to the plainest form: no
                # middle initial, fewest characters.
                letters = form.replace(".", "").replace("&", "")
                acronym = letters.isupper() and letters.isalpha() and len(letters) <= 6
                initials = sum(1 for w in form.split() if len(w.rstrip(".")) == 1)
                score = (not acronym, n, -initials, -len(form), form)
                if key not in best or score > best[key]:
                    best[key] = score
        return {k: v[4] for k, v in best.items()}

    def entity_forms(self, kind: str, key: str) -> list[tuple[str, int]]:
        """The full forms written for one entity key and how often each is written
        over the index (mentions), most used first: what its display name is chosen
        from."""
        return [
            (form, int(n))
            for form, n in self.db.execute(
                "SELECT form, n FROM forms WHERE kind = ? AND key = ? AND n > 0 "
                "ORDER BY n DESC, form",
                (kind, key),
            )
        ]

    def close(self) -> None:
        self.db.close()
