"""Hostile queries (issue #7): property-based tests over every URL parameter of the search
page, the facet pages, the article pages and the JSON API, and over the options of
``news-search search``, on the real seed index.

Whatever comes in (unbalanced quotes and parentheses, ``field:value`` on unknown fields,
huge or negative numbers, 10 KB queries, control characters, NUL bytes, any Unicode, and
surrogates or other bytes that are not UTF-8 where HTTP and the command line let them
through), the answer is never a 500 or a traceback: a page, or a 4xx with a message
that says what was wrong; on the command line, exit 0, or 1/2 with one ``Error:`` line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_from_bytes

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from search import Settings
from search.cli import cli
from search.query import MAX_QUERY_CHARS
from web.params import NAMES

REPO = Path(__file__).resolve().parent.parent
SEED_IDS = ("000_8f928ed757ee3960", "002_8c9f69aaa352faaa")
FAST = settings(
    deadline=None,
    database=None,  # nothing written into the working tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --------------------------------------------------------------------- strategies

SYNTAX = (
    '"', "(", ")", "((((", '"unbalanced', "foo:bar", "nosuchfield:value", "person:",
    'person:"', "title:(", "published:[a TO", "published:[2021 TO 2019]",
    "mentioned:{", "*", "?", "*:*", "\\", "NOT", "AND", "OR", "ANDNOT", "^2", "~",
    "a^99999999999999999999", '"a b"~-1', "{", "}", "[", "]", ":", "-", "+", "&&", "||",
    "\x00", "\x1b[31m", "\r\n", "\t", "\u202e", "\ufeff", "\ufffd", "\U0001f4f0",
    "Kim Jong-un", "Biegun", "é", "ß", "İ", "ﬁ", "\u0301", "%00", "%", "&", "=", "#",
    "<script>", "{{7*7}}", "' OR 1=1 --", "../../etc/passwd",
)  # fmt: skip
NUMBERS = (
    "", "0", "-0", "-1", "1", "2", "1e3", "1.5", "0x10", " 7 ", "٣", "NaN", "inf",
    "99999999999999999999999", "-99999999999999999999", "100000", "100001", "1000",
    "1001", "\x00", "1 OR 1",
)  # fmt: skip
DATES = (
    "2020-07-08", "2020-02-30", "99999-01-01", "0000-00-00", "-1", "1e308",
    "9999999999", "March 2020", "last week of July 2020", "last week of", "yesterday",
    "tomorrow", "next century", "31/31/31", "2020-07-08T25:61:61", "\x00", "July 2020",
)  # fmt: skip
#: Text whose pieces mix syntax, random Unicode (no surrogates: see ``encoded``) and
#: control characters.
pieces = st.one_of(
    st.sampled_from(SYNTAX),
    st.text(max_size=12),
    st.text(st.characters(max_codepoint=0x1F), max_size=4),
)
texts = st.one_of(
    st.lists(pieces, max_size=6).map(" ".join),
    st.lists(pieces, max_size=6).map("".join),
)
#: 10 KB queries: one long word, thousands of words, deep nesting, thousands of quotes.
huge = st.builds(
    lambda unit, kb: (unit * (10_000 // len(unit) + 1))[: kb * 1000],
    st.sampled_from(["x", "ab ", "(", '"', "é", "person:a ", "\x00", "Biegun "]),
    st.sampled_from([1, 2, 3, 10]),
)
values = st.one_of(
    texts, st.sampled_from(NUMBERS), st.sampled_from(DATES), st.integers().map(str)
)


@st.composite
def encoded(draw, strategy=values) -> str:
    """A value as it travels in a URL, percent-encoded: UTF-8, or (sometimes) bytes that
    are not UTF-8, lone surrogates among them (as CESU-8 bytes, the one way HTTP lets a
    surrogate through)."""
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return quote_from_bytes(draw(st.binary(max_size=16)), safe="")
    if choice == 1:
        text = draw(st.text(st.characters(categories=["Cs", "Ll"]), max_size=6))
        return quote_from_bytes(text.encode("utf-8", "surrogatepass"), safe="")
    return quote(draw(strategy), safe="")


PARAM_NAMES = (*NAMES, "prefix", "limit", "unknown", "q[]", "")
query_strings = st.lists(
    st.tuples(st.sampled_from(PARAM_NAMES), encoded()), max_size=6
).map(lambda pairs: "&".join(f"{quote(k)}={v}" for k, v in pairs))

SEARCH_PATHS = (
    "/",
    "/api/search",
    "/api/export.csv",
    "/api/export.json",
    "/facets/person",
    "/facets/place",
    "/facets/nosuchfacet",
    "/api/facets/person",
    "/api/facets/org",
    "/api/facets/published_year",
    "/api/facets/published_month",
    "/api/facets/nosuchfacet",
)
ARTICLE_PATHS = (
    "/articles/{}",
    "/api/articles/{}",
    "/articles/{}/similar",
    "/api/articles/{}/similar",
)
article_ids = st.one_of(
    st.sampled_from(SEED_IDS).map(lambda i: quote(i, safe="")),
    encoded(st.one_of(texts, st.sampled_from(SYNTAX))).filter(bool),
)

# ------------------------------------------------------------------------- checks


@pytest.fixture(scope="module")
def client(seed_index_dir: Path):
    """One app for the whole module: hypothesis runs many examples per test."""
    from web import create_app

    app = create_app(Settings.load({"index_dir": seed_index_dir}, environ={}))
    return app.test_client()


def check(client, url: str) -> Any:
    """Never a 500 or a traceback; a 4xx says what was wrong, in the page's own form."""
    response = client.get(url)
    body = response.get_data(as_text=True)  # reads a streamed export to the end
    status = response.status_code
    assert status in (200, 301, 302, 308, 400, 404), (url, status, body[:500])
    assert "Traceback" not in body, url
    if status < 400:
        return response
    if url.startswith("/api/"):
        data = response.get_json()
        assert data["ok"] is False and data["status"] == status, (url, data)
        assert len(data["error"]) >= 20, (url, data)
    else:
        assert response.mimetype == "text/html", url
        assert '<p class="error-message">' in body, (url, body[:500])
        message = body.split('<p class="error-message">', 1)[1].split("</p>", 1)[0]
        assert len(message.strip()) >= 20, (url, message)
    return response


# -------------------------------------------------------------------------- tests


@settings(FAST, max_examples=400)
@given(path=st.sampled_from(SEARCH_PATHS), query=query_strings)
@example(path="/", query="q=%22unbalanced&page=99999999999999999999")
@example(path="/api/search", query="q=nosuchfield:value&page=-1")
@example(path="/api/search", query="page_size=0")
@example(path="/api/search", query="from=2021&to=2019")
@example(path="/api/search", query="q=%ED%A0%80&person=%FF%FE")
@example(path="/api/facets/person", query="limit=-5&prefix=%00")
@example(path="/api/export.csv", query="q=" + "x" * 10_000)
@example(path="/", query="q=" + quote("(" * 5000 + '"' * 5000))
def test_search_pages_and_api_survive_any_parameters(client, path, query):
    check(client, f"{path}?{query}" if query else path)


@settings(FAST, max_examples=25)
@given(path=st.sampled_from(SEARCH_PATHS[:4]), text=huge)
def test_ten_kilobyte_queries(client, path, text):
    """Up to 2,000 characters are searched; longer text is refused with a reason (Whoosh's
    parser takes time quadratic in a word's length)."""
    response = check(client, f"{path}?q={quote(text, safe='')}")
    if len(text) > MAX_QUERY_CHARS:
        assert response.status_code == 400
        assert "the query is too long" in response.get_data(as_text=True)


@settings(FAST, max_examples=150)
@given(path=st.sampled_from(ARTICLE_PATHS), article_id=article_ids, query=query_strings)
@example(path="/articles/{}", article_id="%00", query="")
@example(path="/api/articles/{}", article_id="..%2F..%2Fetc%2Fpasswd", query="")
@example(path="/api/articles/{}/similar", article_id=SEED_IDS[0], query="limit=0")
def test_article_pages_survive_any_id_and_parameters(client, path, article_id, query):
    url = path.format(article_id)
    check(client, f"{url}?{query}" if query else url)


def test_did_you_mean_is_only_for_short_queries(client):
    """Correcting costs an automaton per unknown word, growing with its length: a long
    query gets no suggestion (it took seconds), a short one still does."""
    short = client.get("/api/search?q=" + quote('"Beigun"')).get_json()
    assert short["suggestion"].lower() == '"biegun"'
    long = client.get("/api/search?q=" + quote('"Beigun" ' + "qzx " * 40)).get_json()
    assert long["suggestion"] is None
    typo = client.get("/api/search?q=" + quote("Beigun " + "qzx " * 40)).get_json()
    assert typo["searched_for"] is None  # nor is a long query corrected


# ---------------------------------------------------------------------------- CLI

OPTIONS = {
    "--person": values,
    "--org": values,
    "--place": values,
    "--from": st.one_of(st.sampled_from(DATES), texts),
    "--to": st.one_of(st.sampled_from(DATES), texts),
    "--mentioned-from": st.sampled_from(DATES),
    "--mentioned-to": st.sampled_from(DATES),
    "--sort": st.one_of(st.sampled_from(["relevance", "newest", "oldest"]), texts),
    "--page": st.sampled_from(NUMBERS),
    "--page-size": st.sampled_from(NUMBERS),
}
#: Text as the command line hands it over: what the shell passed, with bytes that are
#: not UTF-8 as lone surrogates (surrogateescape); a real argv holds no NUL.
cli_texts = st.one_of(
    texts, huge, st.binary(max_size=12).map(lambda b: os.fsdecode(b))
).map(lambda t: t.replace("\x00", ""))
cli_options = st.lists(
    st.sampled_from(sorted(OPTIONS)).flatmap(
        lambda name: OPTIONS[name].map(lambda v: [name, v.replace("\x00", "")])
    ),
    max_size=4,
).map(lambda pairs: [x for pair in pairs for x in pair])


@settings(FAST, max_examples=100)
@given(query=cli_texts, options=cli_options, as_json=st.booleans())
@example(query='"unbalanced (', options=["--page", "-3"], as_json=False)
@example(query="nosuchfield:x", options=["--page-size", "0"], as_json=True)
@example(query="caf\udce9", options=["--person", "\udcff"], as_json=True)
def test_cli_search_survives_any_query_and_options(
    seed_index_dir, query, options, as_json
):
    args = ["--index-dir", str(seed_index_dir), "search", "--", query]
    # Options go before "--" so that a query starting with "-" stays the query.
    args = [*args[:3], *options, *(["--json"] if as_json else []), *args[3:]]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1, 2), (args, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        result.exception,
    )
    assert "Traceback" not in result.output
    if result.exit_code:
        errors = [x for x in result.stderr.splitlines() if x.startswith("Error:")]
        assert len(errors) == 1 and len(errors[0]) > 20, (args, result.stderr)


def test_cli_page_size_zero_is_an_error_not_the_default(seed_index_dir):
    result = CliRunner().invoke(
        cli, ["--index-dir", str(seed_index_dir), "search", "x", "--page-size", "0"]
    )
    assert result.exit_code == 1, result.output
    assert result.stderr == "Error: page size must be between 1 and 1000\n"


def test_cli_search_with_bytes_that_are_not_utf8_on_a_strict_terminal(seed_index_dir):
    """A Latin-1 "café" typed in a UTF-8 terminal: searched, printed, no traceback."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8:strict")
    for extra in ([], ["--json"]):
        result = subprocess.run(
            [sys.executable, "-m", "search", "--index-dir", str(seed_index_dir)]
            + ["search", b"caf\xe9 Pompeo", "--person", b"\xff", *extra],
            cwd=REPO,
            env=env,
            capture_output=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr.decode(errors="replace")
        assert b"Traceback" not in result.stderr
