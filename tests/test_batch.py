"""Batch search (#18): `news-search batch FILE`, the form at /batch and POST /api/batch.

On the real index of the seeds plus the test corpus's Wikinews articles (conftest's
``web_index_dir``): a batch answers each query with what the searches one by one find
(total and top hits as /api/search, first and last dates as the first hit sorted oldest
and newest), a row that cannot run gets an error while the others are answered, the
limits hold, the CSV round-trips, the CLI and the API write the same file, and the form
works in a real browser without JavaScript.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from search import Settings
from search.cli import cli
from search.query import RESULT_COLUMNS

#: Names and searches a reporter might check, with the filters a CSV batch can carry.
BATCH = [
    {"query": "", "person": "Joe Biden"},
    {"query": "", "person": "Bernie Sanders"},
    {"query": "", "person": "Donald Trump; Mike Pompeo"},
    {"query": "election", "place": "United States", "from": "2020", "to": "2020"},
    {"query": "coronavirus", "from": "March 2020"},
    {"query": '"prime minister"', "to": "2019-12-31"},
    {"query": "coronavirsu pandemik"},  # typos: searched as the close words
    {"query": "korea", "org": "United Nations"},
    {"query": "qqqzzzz"},  # nothing
    {"query": "election -trump"},
]


@pytest.fixture(scope="module")
def web_settings(web_index_dir: Path) -> Settings:
    return Settings.load({"index_dir": web_index_dir}, environ={})


@pytest.fixture(scope="module")
def web_client(web_settings: Settings) -> Any:
    from web import create_app

    return create_app(web_settings).test_client()


def csv_body(rows: list[dict[str, str]]) -> str:
    columns = ["query", "person", "org", "place", "from", "to"]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns)
    writer.writeheader()
    writer.writerows({c: row.get(c, "") for c in columns} for row in rows)
    return out.getvalue()


def post(
    client: Any,
    body: str,
    mimetype: str = "text/csv",
    headers: dict[str, str] | None = None,
) -> Any:
    return client.post(
        "/api/batch",
        data=body.encode("utf-8"),
        content_type=f"{mimetype}; charset=utf-8",
        headers=headers or {},
    )


def answers(response: Any) -> list[dict[str, str]]:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows == [] or list(rows[0]) == list(RESULT_COLUMNS)
    return rows


def search_json(client: Any, row: dict[str, str], **extra: str) -> dict[str, Any]:
    params: list[tuple[str, str]] = [("q", row.get("query", ""))]
    for kind in ("person", "org", "place"):
        params += [(kind, v.strip()) for v in row.get(kind, "").split(";") if v.strip()]
    params += [(k, row[k]) for k in ("from", "to") if row.get(k)]
    params += list(extra.items())
    response = client.get("/api/search?" + urlencode(params))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_batch_gives_what_the_searches_one_by_one_give(web_client) -> None:
    rows = answers(post(web_client, csv_body(BATCH)))
    assert [r["query"] for r in rows] == [b["query"] for b in BATCH]
    assert all(r["error"] == "" for r in rows), [r["error"] for r in rows]
    for row, asked in zip(rows, BATCH, strict=True):
        alone = search_json(web_client, asked)
        assert int(row["total"]) == alone["total"], asked
        top = [(h["id"], h["title"]) for h in alone["hits"][:3]]
        top += [("", "")] * (3 - len(top))
        assert [(row[f"id_{n}"], row[f"title_{n}"]) for n in (1, 2, 3)] == top, asked
        oldest = search_json(web_client, asked, sort="oldest", page_size="1")["hits"]
        newest = search_json(web_client, asked, sort="newest", page_size="1")["hits"]
        assert row["first"] == ((oldest[0]["published"] or "") if oldest else "")
        assert row["last"] == ((newest[0]["published"] or "") if newest else "")
    totals = {r["query"] or r["person"]: int(r["total"]) for r in rows}
    # The batch is about something: names with articles over months, and nothing.
    assert totals["Joe Biden"] > 1 and totals["qqqzzzz"] == 0
    biden = rows[0]
    assert biden["first"] < biden["last"]
    assert rows[2]["person"] == "Donald Trump; Mike Pompeo"
    assert int(rows[2]["total"]) >= max(  # either name: at least as many as each
        search_json(web_client, {"person": name})["total"]
        for name in ("Donald Trump", "Mike Pompeo")
    )
    assert rows[6]["notice"].startswith("Showing results for coronavirus pandemic")


def test_a_row_that_cannot_run_gets_an_error_and_the_others_are_answered(
    web_client,
) -> None:
    batch = [
        {"query": "election"},
        {"query": "election", "from": "Marhc 2020"},
        {"query": "election", "from": "2020", "to": "2019"},
        {"query": "x" * 2001},
        {"query": '(((  )))  ""'},
        {"query": "korea"},
        {"query": "***"},
    ]
    body = csv_body(batch) + 'korea,,,,,,"one cell too many"\r\n'
    rows = answers(post(web_client, body))
    assert len(rows) == 8
    errors = [r["error"] for r in rows]
    assert errors[0] == errors[5] == ""
    assert errors[1].startswith("Cannot read 'Marhc 2020' as a date for 'from'")
    assert "'from' date 2020-01-01 is after the 'to' date 2019-12-31" in errors[2]
    assert errors[3].startswith("the query is too long (2,001 characters")
    assert "no searchable words" in errors[4]
    assert errors[6] == (
        "*** stands for more than 1,000 words of the index, too many to search: "
        "add letters to it."
    )
    assert errors[7].startswith("The row has more cells than the header's 6 columns")
    for n in (1, 2, 3, 4, 6, 7):
        assert rows[n]["total"] == rows[n]["first"] == rows[n]["id_1"] == "", rows[n]
    assert int(rows[0]["total"]) == search_json(web_client, batch[0])["total"] > 0
    assert int(rows[5]["total"]) == search_json(web_client, batch[5])["total"] > 0


def test_plain_text_is_one_query_per_line(web_client) -> None:
    lines = "election\n\n  coronavirus  \r\nSanders\n"
    rows = answers(post(web_client, lines, "text/plain"))
    assert [r["query"] for r in rows] == ["election", "coronavirus", "Sanders"]
    for row in rows:
        assert int(row["total"]) == search_json(web_client, row)["total"] > 0


def test_quotes_commas_and_unicode_round_trip(
    web_client, runner, web_settings: Settings, tmp_path: Path
) -> None:
    batch = [
        {"query": '"Kim Jong-un", nuclear'},
        {"query": "Zürich OR Genève", "person": "José Ramos-Horta"},
        {"query": "東京 オリンピック"},
        {"query": 'O\'Brien "harbour talks"', "place": "Wellington, New Zealand"},
        {"query": "🙂 smile"},
    ]
    rows = answers(post(web_client, csv_body(batch)))
    assert [(r["query"], r["person"], r["place"]) for r in rows] == [
        (b["query"], b.get("person", ""), b.get("place", "")) for b in batch
    ]
    assert all(r["error"] == "" for r in rows), rows
    source = tmp_path / "names.csv"
    source.write_text(csv_body(batch), encoding="utf-8-sig")  # Excel's byte order mark
    result = runner.invoke(
        cli, ["--index-dir", str(web_settings.index_dir), "batch", str(source)]
    )
    assert result.exit_code == 0, result.output
    assert [r["query"] for r in csv.DictReader(io.StringIO(result.stdout))] == [
        b["query"] for b in batch
    ]


def test_the_cli_and_the_api_write_the_same_file(
    web_client, runner, web_settings: Settings, tmp_path: Path
) -> None:
    body = csv_body(BATCH[:6])
    source = tmp_path / "batch.csv"
    source.write_text(body, encoding="utf-8")
    output = tmp_path / "answers.csv"
    index = ["--index-dir", str(web_settings.index_dir)]
    result = runner.invoke(cli, [*index, "batch", str(source), "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    api = post(web_client, body)
    assert output.read_bytes() == api.get_data()
    by_stdout = runner.invoke(cli, [*index, "batch", str(source)])
    assert by_stdout.stdout_bytes == api.get_data()
    lines = tmp_path / "names.txt"
    lines.write_text("election\nkorea\n", encoding="utf-8")
    by_lines = runner.invoke(cli, [*index, "batch", str(lines)])
    assert by_lines.exit_code == 0, by_lines.output
    assert (
        by_lines.stdout_bytes
        == post(web_client, "election\nkorea\n", "text/plain").get_data()
    )


def test_the_cli_says_how_many_rows_failed(
    runner, web_settings: Settings, tmp_path: Path
) -> None:
    source = tmp_path / "batch.csv"
    source.write_text("query,from\nelection,\nkorea,Marhc 2020\n", encoding="utf-8")
    result = runner.invoke(
        cli, ["--index-dir", str(web_settings.index_dir), "batch", str(source)]
    )
    assert result.exit_code == 0, result.output
    assert "1 of 2 queries could not run: see the error column." in result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["error"] == "" and rows[1]["error"].startswith("Cannot read")


def test_the_limit_is_a_setting(web_index_dir: Path, runner, tmp_path: Path) -> None:
    from web import create_app

    settings = Settings.load({"index_dir": web_index_dir, "batch_limit": 3}, environ={})
    client = create_app(settings).test_client()
    assert len(answers(post(client, "a\nb\nc\n", "text/plain"))) == 3
    response = post(client, "query\na\nb\nc\nd\n")
    assert response.status_code == 413
    assert response.get_json() == {
        "ok": False,
        "status": 413,
        "error": "The batch has more than 3 queries, the most answered at a time "
        "(setting batch_limit): split it into smaller batches.",
    }
    # Bytes are bounded too, before anything is read: 3 queries of at most 8,000.
    response = post(client, "a" * 30_000, "text/plain")
    assert response.status_code == 413
    assert response.get_json()["status"] == 413
    source = tmp_path / "four.txt"
    source.write_text("a\nb\nc\nd\n", encoding="utf-8")
    result = runner.invoke(
        cli,
        ["--index-dir", str(web_index_dir), "batch", str(source)],
        env={"NEWS_SEARCH_BATCH_LIMIT": "3"},
    )
    assert result.exit_code == 1
    assert "Error: The batch has more than 3 queries" in result.stderr
    assert result.stdout == ""


def test_bad_bodies_are_json_errors(web_client) -> None:
    def error(response: Any, status: int) -> str:
        assert response.status_code == status, response.get_data(as_text=True)
        data = response.get_json()
        assert data["ok"] is False and data["status"] == status
        return str(data["error"])

    assert "header row naming its columns" in error(
        post(web_client, "name,year\nBiden,2020\n"), 400
    )
    assert "text/csv" in error(post(web_client, "{}", "application/json"), 415)
    latin1 = web_client.post(
        "/api/batch", data="Zürich\n".encode("latin-1"), content_type="text/plain"
    )
    assert "not UTF-8 text" in error(latin1, 400)
    allowed = web_client.get("/api/batch")
    assert error(allowed, 405) and "POST" in allowed.headers["Allow"]


def test_requests_from_other_sites_are_refused(web_client) -> None:
    body = "election\n"
    for headers in (
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Origin": "http://evil.example"},
        {"Origin": "null"},
    ):
        response = post(web_client, body, "text/plain", headers)
        assert response.status_code == 403, headers
        assert "another site" in response.get_json()["error"]
    for headers in (
        {"Sec-Fetch-Site": "same-origin", "Origin": "http://localhost"},
        {"Origin": "http://localhost"},  # the test client's host
        {},  # curl, scripts
    ):
        assert len(answers(post(web_client, body, "text/plain", headers))) == 1


def test_the_form_sends_text_or_a_file_and_gets_a_named_download(web_client) -> None:
    page = web_client.get("/batch")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'action="/api/batch"' in html and 'enctype="multipart/form-data"' in html
    assert 'name="queries"' in html and 'name="file"' in html
    pasted = web_client.post("/api/batch", data={"queries": "election\nkorea"})
    assert pasted.is_streamed
    assert pasted.headers["Content-Disposition"] == (
        'attachment; filename="news-search-batch.csv"'
    )
    pasted_csv = pasted.get_data()  # streamed: read before the next request
    assert pasted_csv == post(web_client, "election\nkorea\n", "text/plain").get_data()
    upload = web_client.post(
        "/api/batch",
        data={
            "queries": "ignored",
            "file": (io.BytesIO(csv_body(BATCH[:2]).encode()), "Names 2020.csv"),
        },
    )
    assert upload.headers["Content-Disposition"] == (
        'attachment; filename="news-search-batch-names-2020.csv"'
    )
    uploaded_csv = upload.get_data()
    assert uploaded_csv == post(web_client, csv_body(BATCH[:2])).get_data()
    # A batch the form cannot send comes back on the form, with what was pasted.
    empty = web_client.post("/api/batch", data={"queries": "  "})
    assert empty.status_code == 400 and empty.mimetype == "text/html"
    assert 'role="alert"><p class="error-message">Paste some queries' in empty.get_data(
        as_text=True
    )
    latin1 = web_client.post(
        "/api/batch",
        data={
            "queries": "election\nkorea",
            "file": (io.BytesIO("Zürich\n".encode("latin-1")), "names.csv"),
        },
    )
    page = latin1.get_data(as_text=True)
    assert latin1.status_code == 400 and "not UTF-8 text" in page
    assert ">election\nkorea</textarea>" in page


def test_the_form_works_in_a_browser_without_javascript(
    browser: Any, live_server: Any, tmp_path: Path
) -> None:
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, accept_downloads=True
    )
    try:
        page = context.new_page()
        page.goto("/")
        page.get_by_role("link", name="Batch").click()
        page.get_by_label("Queries, one per line").fill("election\nSanders\nqqqzzzz")
        with page.expect_download() as download:
            page.get_by_role("button", name="Search all and download CSV").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
    finally:
        context.close()
    assert saved.name == "news-search-batch.csv"
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert [r["query"] for r in rows] == ["election", "Sanders", "qqqzzzz"]
    for row in rows:
        query = urlencode({"q": row["query"]})
        assert (
            int(row["total"]) == live_server.get_json(f"/api/search?{query}")["total"]
        )


def test_a_form_on_another_site_cannot_send_a_batch(
    browser: Any, live_server: Any
) -> None:
    """The same form, served from another origin (a page Playwright answers for
    http://elsewhere.test), posts to the live server: Chromium says cross-site."""
    form = (
        f'<form method="post" action="{live_server.url}/api/batch" '
        'enctype="multipart/form-data"><textarea name="queries">election</textarea>'
        '<button type="submit">Send</button></form>'
    )
    context = browser.new_context()
    try:
        page = context.new_page()
        page.route(
            "http://elsewhere.test/",
            lambda route: route.fulfill(body=form, content_type="text/html"),
        )
        page.goto("http://elsewhere.test/")
        with page.expect_response(f"{live_server.url}/api/batch") as sent:
            page.get_by_role("button", name="Send").click()
        response = sent.value
        assert response.status == 403
        assert "another site" in response.json()["error"]
    finally:
        context.close()
