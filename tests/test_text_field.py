"""Title and body indexed in one pass (search.store.text) give Whoosh's own postings."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import NEWS
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.fields import TEXT

from search.store.schema import BODY, TITLE, make_schema
from search.store.text import NewsText


def whoosh_twin(field: NewsText) -> TEXT:
    """Whoosh's TEXT with the same analyzer, boost and options."""
    return TEXT(
        analyzer=field.analyzer,
        field_boost=field.format.field_boost,
        stored=field.stored,
        spelling=field.spelling,
    )


def real_texts() -> list[str]:
    texts = []
    for path in sorted(Path(NEWS).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            texts += [record.get("title") or "", record.get("text") or ""]
    return texts


def test_the_schema_indexes_title_and_body_in_one_pass() -> None:
    """Else the tests below would compare Whoosh with itself."""
    schema = make_schema()
    for name in (TITLE, BODY):
        field = schema[name]
        assert isinstance(field, NewsText)
        assert field.separate_spelling()
        assert field.one_pass, name


def test_postings_and_spelling_words_are_whooshs_on_real_news() -> None:
    texts = real_texts()
    assert len(texts) > 100 and sum(map(len, texts)) > 100_000
    schema = make_schema()
    for name in (TITLE, BODY):
        ours, theirs = schema[name], whoosh_twin(schema[name])
        for text in texts:
            assert list(ours.index(text)) == list(theirs.index(text)), text[:80]
            assert list(ours.spellable_words(text)) == list(
                theirs.spellable_words(text)
            ), text[:80]


WORDS = st.sampled_from(
    ["the", "a", "of", "U.S.", "3.5", "co-op", "don't", "İstanbul", "Straße",
     "x", "ÉTÉ", "*", "wild*card", "...", "e.g.", "running", "runs", "ran",
     "tbd", "  ", "\n", "日本", "naïve", "ﬁle"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS | st.text(max_size=8), max_size=30).map(" ".join))
def test_postings_and_spelling_words_are_whooshs_on_any_text(text: str) -> None:
    """Stop words first (Whoosh numbers from the first kept token), case changes that
    change length, marks, wildcards, dots inside words."""
    schema = make_schema()
    for name in (TITLE, BODY):
        ours, theirs = schema[name], whoosh_twin(schema[name])
        assert list(ours.index(text)) == list(theirs.index(text))
        assert list(ours.spellable_words(text)) == list(theirs.spellable_words(text))


def test_an_index_pickled_with_the_schema_reads_back_the_same_field() -> None:
    """The schema is pickled in Whoosh's table of contents, without the stem cache."""
    import pickle

    schema = make_schema()
    list(schema[BODY].index("running runs"))  # fills the field's cache
    back = pickle.loads(pickle.dumps(schema))
    assert isinstance(back[BODY], NewsText)
    assert list(back[BODY].index("running runs")) == list(
        schema[BODY].index("running runs")
    )
    fresh = make_schema()[TITLE]  # spelling words asked first, of no value it indexed
    assert list(fresh.spellable_words("The Runner runs")) == ["runner", "runs"]
