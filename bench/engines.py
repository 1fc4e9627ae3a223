"""The three engines the benchmark runs the same queries on, behind one small interface.

Every engine answers a query dict (``text``, ``person``/``org``/``place`` lists of facet
keys, ``from``/``to`` ISO dates) with the same work news-search does for its search page:

* the total number of matches;
* the top 10 by relevance (BM25, title weighted 2x), each with a highlighted body snippet;
* the counts of every value of all five facets (person, org, place, published year and
  month) over the matches, with the sidebar's multi-select rule: a facet that has a
  selection is counted without its own filter (one more count per selected facet).

``NewsSearch`` calls the product (``search.search``). ``Fts5`` is SQLite FTS5 (porter
tokenizer, ``bm25()``, ``snippet()``, facet counts by ``GROUP BY`` over a join table).
``Tantivy`` is tantivy-py (``en_stem`` tokenizer, ``SnippetGenerator``, facet counts with
terms aggregations over multi-valued fast fields, the Python bindings' way to facet).
FTS5 and Tantivy are loaded from the stored fields of the news-search index, so all three
hold the same articles with the same facet values.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from search import Query, Settings, open_index, search

FACETS = ("person", "org", "place", "published_year", "published_month")
ENTITY_FACETS = ("person", "org", "place")
TOP = 10
SNIPPET_CHARS = 240


def export_docs(settings: Settings) -> list[dict[str, Any]]:
    """The articles of a news-search index as plain dicts (stored fields)."""
    index = open_index(settings)
    docs = []
    with index.searcher() as searcher:
        for fields in searcher.all_stored_fields():
            published = fields.get("published")
            docs.append(
                {
                    "id": fields["id"],
                    "title": fields.get("title", ""),
                    "body": fields.get("body", ""),
                    "published": published.date().isoformat() if published else None,
                    "published_year": fields.get("published_year"),
                    "published_month": fields.get("published_month"),
                    **{
                        k: [v for v in (fields.get(k) or "").split(",") if v]
                        for k in ENTITY_FACETS
                    },
                }
            )
    return docs


def dir_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


class NewsSearch:
    name = "news-search"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.index = open_index(settings)
        # Every query is measured for its own work: nothing answered from memory.
        self.index.result_cache_size = 0

    def query(self, q: dict[str, Any]) -> dict[str, Any]:
        result = search(to_query(q), self.settings, self.index)
        return {
            "total": result.total,
            "ids": [h.id for h in result.hits],
            "snippets": [h.snippet for h in result.hits],
            "facets": {
                name: {v.value: v.count for v in facet.values}
                for name, facet in result.facets.items()
            },
        }


def to_query(q: dict[str, Any]) -> Query:
    return Query(
        text=q["text"],
        person=tuple(q.get("person", ())),
        org=tuple(q.get("org", ())),
        place=tuple(q.get("place", ())),
        published_from=date.fromisoformat(q["from"]) if q.get("from") else None,
        published_to=date.fromisoformat(q["to"]) if q.get("to") else None,
        page_size=TOP,
        facet_limit=TOP,
    )


def _tokens(text: str) -> list[str]:
    """Query words and quoted phrases, as written."""
    return re.findall(r'"[^"]*"|[^\s"]+', text)


def _top_facets(counts: dict[str, int], name: str) -> dict[str, int]:
    """The values a sidebar shows: all of a date facet, the top 10 of an entity facet."""
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return dict(items if name not in ENTITY_FACETS else items[:TOP])


class Fts5:
    name = "fts5"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db: sqlite3.Connection | None = None

    def build(self, docs: list[dict[str, Any]]) -> float:
        """Create the database from ``docs``; seconds taken."""
        started = time.perf_counter()
        if self.path.exists():
            self.path.unlink()
        db = sqlite3.connect(self.path)
        db.executescript("""
            CREATE TABLE docs (id INTEGER PRIMARY KEY, ext_id TEXT, title TEXT, body TEXT,
                               published TEXT);
            CREATE VIRTUAL TABLE fts USING fts5(title, body, content='docs', content_rowid='id',
                                                tokenize='porter unicode61');
            CREATE TABLE facet (doc INTEGER, kind TEXT, value TEXT);
        """)
        with db:
            db.executemany(
                "INSERT INTO docs VALUES (?, ?, ?, ?, ?)",
                (
                    (i, d["id"], d["title"], d["body"], d["published"])
                    for i, d in enumerate(docs, 1)
                ),
            )
            db.execute(
                "INSERT INTO fts (rowid, title, body) SELECT id, title, body FROM docs"
            )
            db.executemany(
                "INSERT INTO facet VALUES (?, ?, ?)",
                (
                    (i, kind, value)
                    for i, d in enumerate(docs, 1)
                    for kind in FACETS
                    for value in (d[kind] if kind in ENTITY_FACETS else [d[kind]])
                    if value
                ),
            )
        db.executescript("""
            CREATE INDEX facet_kind_value ON facet (kind, value, doc);
            CREATE INDEX facet_doc ON facet (doc, kind, value);
            CREATE INDEX docs_published ON docs (published);
            INSERT INTO fts (fts) VALUES ('optimize');
            ANALYZE;
        """)
        db.close()
        return time.perf_counter() - started

    def open(self) -> None:
        self.db = sqlite3.connect(self.path, check_same_thread=False)

    def size(self) -> int:
        return dir_bytes(self.path)

    @staticmethod
    def match(text: str) -> str:
        return " ".join(
            t if t.startswith('"') else '"' + t.replace('"', "") + '"'
            for t in _tokens(text)
        )

    def _filters(
        self, q: dict[str, Any], column: str, skip: str | None = None
    ) -> tuple[str, list[Any]]:
        """SQL conditions on document ids in ``column`` for the query's filters (all but
        ``skip``): uncorrelated ``IN`` subqueries, which SQLite evaluates once."""
        sql, args = [], []
        for kind in ENTITY_FACETS:
            values = q.get(kind) or []
            if values and kind != skip:
                marks = ",".join("?" * len(values))
                sql.append(
                    f"{column} IN (SELECT doc FROM facet WHERE kind = ? AND value IN "
                    f"({marks}))"
                )
                args += [kind, *values]
        if (q.get("from") or q.get("to")) and skip != "published":
            sql.append(
                f"{column} IN (SELECT id FROM docs WHERE published BETWEEN ? AND ?)"
            )
            args += [q.get("from") or "0000-00-00", q.get("to") or "9999-99-99"]
        return "".join(f" AND {s}" for s in sql), args

    def query(self, q: dict[str, Any]) -> dict[str, Any]:
        assert self.db is not None
        match = self.match(q["text"])
        # The full-text match runs first (a MATERIALIZED CTE; in the ranked query the
        # unary + keeps the planner from driving FTS5 by rowid from the filters, which
        # costs a full-text evaluation per candidate row).
        where, args = self._filters(q, "+fts.rowid")
        top = self.db.execute(
            f"SELECT d.ext_id, snippet(fts, 1, '<mark>', '</mark>', ' … ', 32), "
            f"bm25(fts, 2.0, 1.0) AS score FROM fts JOIN docs d ON d.id = fts.rowid "
            f"WHERE fts MATCH ?{where} ORDER BY score LIMIT {TOP}",
            [match, *args],
        ).fetchall()
        matched = (
            "WITH m AS MATERIALIZED (SELECT rowid AS doc FROM fts WHERE fts MATCH ?) "
        )
        where, args = self._filters(q, "m.doc")
        total = self.db.execute(
            f"{matched}SELECT count(*) FROM m WHERE 1{where}", [match, *args]
        ).fetchone()[0]
        selected = [k for k in ENTITY_FACETS if q.get(k)]
        if q.get("from") or q.get("to"):
            selected += ["published_year", "published_month"]
        plain = [k for k in FACETS if k not in selected]
        facets: dict[str, dict[str, int]] = {k: {} for k in FACETS}
        groups = [(plain, where, args)]
        for kind in selected:
            if kind in ENTITY_FACETS:
                groups.append(([kind], *self._filters(q, "m.doc", skip=kind)))
        if "published_year" in selected:
            groups.append(
                (
                    ["published_year", "published_month"],
                    *self._filters(q, "m.doc", skip="published"),
                )
            )
        for kinds, where_k, args_k in groups:
            if not kinds:
                continue
            marks = ",".join("?" * len(kinds))
            for kind, value, n in self.db.execute(
                f"{matched}SELECT f.kind, f.value, count(*) FROM m "
                f"JOIN facet f ON f.doc = m.doc WHERE f.kind IN ({marks}){where_k} "
                f"GROUP BY f.kind, f.value",
                [match, *kinds, *args_k],
            ):
                facets[kind][value] = n
        return {
            "total": total,
            "ids": [r[0] for r in top],
            "snippets": [r[1] for r in top],
            "facets": {k: _top_facets(v, k) for k, v in facets.items()},
        }


class Tantivy:
    name = "tantivy"

    def __init__(self, path: Path) -> None:
        import tantivy

        self.t = tantivy
        self.path = path
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
        builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
        builder.add_date_field("published", stored=True, indexed=True, fast=True)
        for kind in FACETS:
            builder.add_text_field(kind, stored=False, fast=True, tokenizer_name="raw")
        self.schema = builder.build()
        self.index: Any = None
        self.searcher: Any = None

    def build(self, docs: list[dict[str, Any]]) -> float:
        started = time.perf_counter()
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir(parents=True)
        index = self.t.Index(self.schema, path=str(self.path))
        writer = index.writer(heap_size=256_000_000)
        for d in docs:
            doc = self.t.Document()
            doc.add_text("id", d["id"])
            doc.add_text("title", d["title"])
            doc.add_text("body", d["body"])
            if d["published"]:
                doc.add_date("published", datetime.fromisoformat(d["published"]))
            for kind in FACETS:
                for value in d[kind] if kind in ENTITY_FACETS else [d[kind]]:
                    if value:
                        doc.add_text(kind, value)
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        return time.perf_counter() - started

    def open(self) -> None:
        self.index = self.t.Index.open(str(self.path))
        self.index.reload()
        self.searcher = self.index.searcher()

    def size(self) -> int:
        return dir_bytes(self.path)

    def _text_query(self, text: str) -> Any:
        return self.index.parse_query(
            text,
            ["title", "body"],
            field_boosts={"title": 2.0},
            conjunction_by_default=True,
        )

    def _filters(self, q: dict[str, Any], skip: str | None = None) -> list[Any]:
        t = self.t
        out = []
        for kind in ENTITY_FACETS:
            if q.get(kind) and kind != skip:
                out.append(t.Query.term_set_query(self.schema, kind, list(q[kind])))
        if (q.get("from") or q.get("to")) and skip != "published":
            lo = datetime.fromisoformat(q["from"]) if q.get("from") else None
            hi = (
                (datetime.fromisoformat(q["to"]) + timedelta(days=1))
                if q.get("to")
                else None
            )
            out.append(
                t.Query.range_query(
                    self.schema,
                    "published",
                    t.FieldType.Date,
                    lo,
                    hi,
                    include_upper=hi is None,
                )
            )
        return out

    def _combine(self, text_q: Any, filters: list[Any]) -> Any:
        if not filters:
            return text_q
        t = self.t
        return t.Query.boolean_query(
            [(t.Occur.Must, text_q)]
            + [(t.Occur.Must, t.Query.const_score_query(f, 0.0)) for f in filters]
        )

    def _counts(self, query: Any, kinds: list[str]) -> dict[str, dict[str, int]]:
        aggs = {k: {"terms": {"field": k, "size": 1_000_000}} for k in kinds}
        out = self.searcher.aggregate(query, aggs)
        return {k: {b["key"]: b["doc_count"] for b in out[k]["buckets"]} for k in kinds}

    def query(self, q: dict[str, Any]) -> dict[str, Any]:
        t = self.t
        text_q = self._text_query(q["text"])
        full = self._combine(text_q, self._filters(q))
        res = self.searcher.search(full, TOP, count=True)
        gen = t.SnippetGenerator.create(self.searcher, full, self.schema, "body")
        gen.set_max_num_chars(SNIPPET_CHARS)
        ids, snippets = [], []
        for _score, addr in res.hits:
            doc = self.searcher.doc(addr)
            ids.append(doc.get_first("id"))
            snippets.append(gen.snippet_from_doc(doc).to_html())
        selected = [k for k in ENTITY_FACETS if q.get(k)]
        dated = bool(q.get("from") or q.get("to"))
        plain = [
            k
            for k in FACETS
            if k not in selected and not (dated and k.startswith("published"))
        ]
        facets = self._counts(full, plain) if plain else {}
        for kind in selected:
            facets.update(
                self._counts(self._combine(text_q, self._filters(q, skip=kind)), [kind])
            )
        if dated:
            facets.update(
                self._counts(
                    self._combine(text_q, self._filters(q, skip="published")),
                    ["published_year", "published_month"],
                )
            )
        return {
            "total": res.count,
            "ids": ids,
            "snippets": snippets,
            "facets": {k: _top_facets(facets.get(k, {}), k) for k in FACETS},
        }


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
