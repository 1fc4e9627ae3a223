"""Script injection, in real headless Chromium against the real server (gunicorn).

An index is built (real spaCy, real Whoosh) from articles in every format whose titles,
bodies, ids, source file name, URLs and entity names carry the classic payloads: spaCy
itself extracts names with quotes and ampersands (``Jack "Attr" O'Neil``, ``AT&T``),
and ``aliases.toml`` renames some entities to full payloads, since a display name from
the aliases file is not filtered as extracted names are. Queries carry payloads in
``q``, the facet parameters, ``from``/``to``, ``sort``, ``page`` and ``prefix``.

Every page is opened in a browser context that *bypasses* the Content-Security-Policy,
so escaping alone has to hold: any ``alert`` fails the test. The DOM is then checked for
what would run with a click or a hover (``on*`` attributes, ``javascript:`` links,
foreign ``<script>``/``<img>``/``<svg>``), and the payloads must be visible as text.
A second pass with the CSP in force checks that the browser reports no violation,
which would mean markup from the data reached the page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from conftest import LiveServer, start_server, stop_server
from playwright.sync_api import expect

from search import Settings
from search.indexing import index_paths

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = '"><svg onload=alert(1)>'
JS_URL = "javascript:alert(1)"
HOVER = "<b onmouseover=alert(1)>"
PAYLOADS = (SCRIPT, IMG, SVG, JS_URL, HOVER)

TXT_TITLE = f"Harbour talks {SCRIPT} resume in Wellington"
TXT_BODY = (
    f"{TXT_TITLE}\n\ndate 2020-05-04\n\n"
    f"[WELLINGTON] Prime Minister Jacinda Ardern met Mr {HOVER}Smith at the harbour "
    f"on Monday. The {IMG} talks with officials {SVG} resume on March 3, 2020, "
    f"she said, and a link {JS_URL} was handed out.\n\n"
    "Executives of AT&T and Procter & Gamble met Patrick O'Brien and Mr Jack "
    "\"Attr\" O'Neil in Wellington. Mr O'Neil said Barnes & Noble would follow.\n\n"
    'Officials from Johnson & Johnson told Sir Danny O"Hara that the deal was done. '
    "Sir Danny O\"Hara spoke for Ben & Jerry's.\n\n"
    "Mr Tom\" Onmouseover Autofocus Onfocus Jones met Senator Mary' Onclick Brown in "
    "Napier. Mr Jones and Ms Brown left.\n"
)
#: Records of JSON Lines and CSV: payloads in the id (part of the article URL), the
#: title, the body and the source URL (rendered as a link when it is http(s)).
RECORDS = [
    {
        "id": f"rec{SVG}",
        "title": f"Port {IMG} strike ends",
        "date": "2020-06-01",
        "url": JS_URL,
        "text": f"Dock workers in Auckland ended their strike. {SCRIPT} "
        "Union leader Helen Clark welcomed the harbour deal.",
    },
    {
        "id": f"link{SCRIPT}",
        "title": f"Harbour link {SVG}",
        "date": "2020-06-02",
        "url": f'https://example.com/a"><svg onload=alert(1)>?x={SCRIPT}',
        "text": f"Harbour officials in Auckland published a link. {HOVER}x</b>",
    },
    {
        "id": "spaced-js",
        "title": "Harbour fees rise",
        "date": "2020-06-03",
        "url": f"  JaVaScRiPt:alert(1)//{SVG}",
        "text": "Harbour fees in Auckland rose, Helen Clark said.",
    },
]
#: Two articles naming the same 46 councillors: more people than the sidebar loads, so
#: the filter box fetches the (rarer) hostile names from /api/facets.
FIRST = "Alan Brian Carol David Emma Frank Grace Henry Irene James".split()
FIRST += "Karen Louis Maria Nigel Olivia Peter Rachel Simon Teresa Victor".split()
LAST = (
    "Abbott Baker Carter Dawson Ellis Fisher Graham Hughes Irwin Jensen Keller".split()
)
LAST += "Lawson Morgan Nolan Owens Parker Quinn Reid Shaw Turner Vaughan Walsh".split()
LAST += ["Young", "Zimmer"]
ROLL_CALL = " ".join(
    f"Councillor {FIRST[i % 20]} {LAST[i * 7 % 24]} voted for the budget."
    for i in range(48)
)
RECORDS += [
    {"id": f"roll-{n}", "title": "Council budget vote", "date": d, "text": ROLL_CALL}
    for n, d in ((1, "2020-10-01"), (2, "2020-10-02"))
]
CSV_TEXT = (
    "title,text,date,url\n"
    f'"Harbour {SCRIPT} vote","Councillors in Dunedin voted on the harbour. {IMG}",'
    f'2020-07-01,"{JS_URL}"\n'
)
HTML_PAGE = (
    "<html><head><title>Harbour &lt;img src=x onerror=alert(1)&gt; report</title>"
    '<meta name="date" content="2020-08-01"></head><body><article>'
    "<h1>Harbour &lt;img src=x onerror=alert(1)&gt; report</h1>"
    "<p>The harbour board in Napier met on Tuesday. &lt;script&gt;alert(1)&lt;/script&gt;"
    " was printed in the minutes.</p><script>alert(1)</script>"
    '<p>Board chair Grant Robertson read <a href="javascript:alert(1)">a link</a>'
    " aloud at the harbour.</p></article></body></html>"
)
#: A source file name is shown on every hit.
HOSTILE_FILE_NAME = f"{IMG}.txt"
HOSTILE_FILE_BODY = (
    "Harbour ferry timetable\n\ndate 2020-09-01\n\n"
    "The harbour ferry in Picton runs on time, Winston Peters said.\n"
)
#: Full payloads as display names: the aliases file renames entities at will.
ALIASED = {
    "person": [f"Jacinda {SCRIPT} Ardern", f"Helen{SVG} Clark"],
    "place": [f"Auckland {IMG}"],
    "org": [f"Procter & Gamble {HOVER}"],
}
RENAMED = {
    "person": ["Jacinda Ardern", "Helen Clark"],
    "place": ["Auckland"],
    "org": ["Procter & Gamble"],
}
ALIASES = "".join(
    f"[{kind}]\n"
    + "".join(
        f"{json.dumps(old)} = {json.dumps(new)}\n"
        for old, new in zip(RENAMED[kind], ALIASED[kind], strict=True)
    )
    for kind in ALIASED
)  # JSON strings are TOML basic strings
#: Names with quotes and ampersands that spaCy extracts itself (no alias involved).
EXTRACTED = {
    "person": [
        'Jack "Attr" O\'Neil',
        'Danny O"Hara',
        'Tom" Onmouseover Autofocus Onfocus Jones',
    ],
    "org": ["AT&T"],
}


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("xss")
    sources = root / "sources"
    sources.mkdir()
    (sources / "hostile.txt").write_text(TXT_BODY, encoding="utf-8")
    (sources / "records.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8"
    )
    (sources / "records.csv").write_text(CSV_TEXT, encoding="utf-8")
    (sources / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    (sources / HOSTILE_FILE_NAME).write_text(HOSTILE_FILE_BODY, encoding="utf-8")
    (root / "aliases.toml").write_text(ALIASES, encoding="utf-8")  # beside the index
    index_dir = root / "index"
    stats = index_paths([sources], Settings.load({"index_dir": index_dir}, environ={}))
    assert stats.indexed == 9 and not stats.skipped, stats.summary()
    return index_dir


@pytest.fixture(scope="module")
def live_server(
    hostile_index: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """Overrides conftest's server for this module: the same `serve`, hostile index."""
    log_path = tmp_path_factory.mktemp("xss-server") / "gunicorn.log"
    server = start_server(hostile_index, log_path, "--workers", "1")
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def ids(live_server: LiveServer) -> dict[str, str]:
    """Article id by title, from the API."""
    hits = live_server.get_json("/api/search?page_size=50")["hits"]
    return {h["title"]: h["id"] for h in hits}


def q(**params: Any) -> str:
    return "/?" + urlencode(params, doseq=True)


def urls(ids: dict[str, str]) -> list[str]:
    """Every kind of page, with payloads in the data and in the parameters."""
    articles = [f"/articles/{quote(i, safe='')}" for i in ids.values()]
    return [
        "/",
        q(q="harbour"),
        q(q="alert"),
        q(q="harbour", sort="oldest"),
        q(q=SCRIPT + IMG),
        q(q=SVG, person=SCRIPT, org=IMG, place=SVG),
        q(person=ALIASED["person"][0]),
        q(person=EXTRACTED["person"], org=EXTRACTED["org"]),
        q(place=ALIASED["place"], q="harbour"),
        q(**{"from": SCRIPT}),  # 400 page echoing the value
        q(**{"from": "2020-01", "to": SVG}),
        q(**{"from": "2020-05", "to": "2020-06"}),
        q(mentioned_from=JS_URL),
        q(sort=IMG),
        q(page=SVG),
        q(page=10**9),
        "/facets/person",
        "/facets/org?" + urlencode({"q": "harbour", "prefix": ""}),
        "/facets/place?" + urlencode({"prefix": SCRIPT, "person": SVG}),
        "/facets/" + quote(SVG, safe=""),
        "/articles/" + quote(SCRIPT, safe=""),
        "/no-such-page" + quote(IMG, safe=""),
        "/api/search?" + urlencode({"q": SCRIPT}),
        *articles,
        *(a + "/similar" for a in articles),
        *("/?" + urlencode({"like": a.rsplit("/", 1)[-1]}) for a in articles),
    ]


DOM_CHECK = """() => {
  const bad = [];
  const own = new Set(["/static/app.js"]);
  for (const el of document.querySelectorAll("*")) {
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      const value = a.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (name.startsWith("on")) bad.push(`${el.tagName} ${a.name}=${a.value}`);
      // A text field shows what was typed (a date the form could not read): its
      // value is text, never followed or run.
      const typed = el.tagName === "INPUT" && name === "value";
      if (!typed && (value.startsWith("javascript:") || value.startsWith("data:text/html")))
        bad.push(`${el.tagName} ${a.name}=${a.value}`);
    }
  }
  for (const s of document.scripts) {
    if (!own.has(new URL(s.src || "x:", location.href).pathname)) bad.push(`SCRIPT ${s.outerHTML}`);
  }
  for (const el of document.querySelectorAll("img, iframe, object, embed, svg, b, i, base"))
    if (!(el.tagName === "svg" && el.classList.contains("histogram")))
      bad.push(`element ${el.outerHTML.slice(0, 120)}`);
  return bad;
}"""


@pytest.fixture(scope="module")
def no_csp_page(browser, live_server: LiveServer) -> Iterator[Any]:
    """A tab that ignores the CSP, so only escaping stands between data and script."""
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.dialogs = []

    def on_dialog(dialog) -> None:
        tab.dialogs.append(f"{dialog.type}: {dialog.message} on {tab.url}")
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    yield tab
    context.close()


def visit(tab, url: str) -> list[str]:
    """Open ``url``; what in its DOM could run script (see ``DOM_CHECK``)."""
    response = tab.goto(url)
    assert response is not None and response.status < 500, (url, response)
    return tab.evaluate(DOM_CHECK)


def test_hostile_names_are_extracted_and_aliased(live_server: LiveServer) -> None:
    """The premise: spaCy extracts quote/ampersand names; aliases give full payloads."""
    for kind in ("person", "org", "place"):
        values = {
            v["value"]
            for v in live_server.get_json(f"/api/facets/{kind}?limit=500")["values"]
        }
        expected = set(EXTRACTED.get(kind, [])) | set(ALIASED.get(kind, []))
        assert expected <= values, (kind, sorted(values))


def test_no_payload_runs_without_csp(no_csp_page, ids: dict[str, str]) -> None:
    assert len(ids) == 8, ids  # one title twice
    problems = {}
    for url in urls(ids):
        found = visit(no_csp_page, url)
        if found:
            problems[url] = found
    assert not no_csp_page.dialogs and not problems, (
        no_csp_page.dialogs,
        json.dumps(problems, indent=1),
    )


def test_payloads_are_visible_as_text(no_csp_page, ids: dict[str, str]) -> None:
    tab = no_csp_page
    tab.goto(q(q="harbour", page_size=50))
    titles = tab.locator(".hit-title a").all_inner_texts()
    assert set(titles) >= {
        TXT_TITLE,
        f"Port {IMG} strike ends",
        f"Harbour link {SVG}",
        f"Harbour {SCRIPT} vote",
        "Harbour <img src=x onerror=alert(1)> report",
    }, titles
    sources = tab.locator(".hit .source").all_inner_texts()
    assert HOSTILE_FILE_NAME in sources
    # The sidebar lists the payload names as labels, and the histogram is drawn.
    for kind, names in {**ALIASED}.items():
        labels = tab.locator(f'[data-facet="{kind}"] .label').all_inner_texts()
        assert set(names) <= set(labels), (kind, labels)
    expect(tab.locator("svg.histogram a.bar").first).to_be_attached()
    # An http(s) source URL stays a link (escaped); javascript: ones are not links.
    externals = tab.locator("a.external").evaluate_all("els => els.map(e => e.href)")
    assert externals == [
        "https://example.com/a%22%3E%3Csvg%20onload=alert(1)%3E?x=%3Cscript%3Ealert(1)%3C/script%3E"
    ]
    # Chips, the search box and the error message echo parameters as text.
    tab.goto(q(q=SVG, person=SCRIPT, place=IMG))
    expect(tab.locator("#q")).to_have_value(SVG)
    expect(tab.locator(".chip").filter(has_text=SCRIPT)).to_have_count(1)
    expect(tab.locator(".chip").filter(has_text=IMG)).to_have_count(1)
    tab.goto(q(**{"from": SCRIPT}))
    expect(tab.locator(".error-message")).to_contain_text(SCRIPT)
    # The article page: title, body, marked entities with payload names.
    tab.goto(f"/articles/{quote(ids[TXT_TITLE], safe='')}")
    expect(tab.locator("h1")).to_have_text(TXT_TITLE)
    body = tab.locator(".article-body")
    for text in (f"Mr {HOVER}Smith", IMG, SVG, JS_URL, 'Jack "Attr" O\'Neil'):
        expect(body).to_contain_text(text)
    marks = tab.locator(".article-body a.ent-person")
    titles = marks.evaluate_all("els => els.map(e => e.title)")
    for name in (ALIASED["person"][0], *EXTRACTED["person"]):
        assert f"Person: {name}" in titles, titles
    side = tab.locator(".entity-list a.ent-person").all_inner_texts()
    assert set(side) >= {ALIASED["person"][0], *EXTRACTED["person"]}, side
    # Following an entity whose name is a payload: the chip shows it as text.
    tab.locator(".entity-list a.ent-person", has_text="Jacinda").click()
    tab.wait_for_url(re.compile(r"person="))
    expect(tab.locator(".chip")).to_contain_text(ALIASED["person"][0])
    assert not tab.dialogs, tab.dialogs


def test_facet_filter_box_shows_fetched_names_as_text(
    page, live_server: LiveServer
) -> None:
    """app.js writes names from /api/facets into the page: as text, CSP in force."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto("/")
    facet = page.locator('[data-facet="person"]')
    labels = facet.locator(".facet-values li .label")
    loaded = labels.evaluate_all("els => els.map(e => e.textContent)")
    assert ALIASED["person"][1] in loaded  # Helen Clark is in two articles
    box = facet.locator(".facet-filter")
    for typed, name, where in (
        ("tom", EXTRACTED["person"][2], ".facet-found li"),  # from the API
        ("jacinda", ALIASED["person"][0], ".facet-found li"),
        ("helen", ALIASED["person"][1], ".facet-values li:visible"),  # filtered
    ):
        box.fill(typed)
        expect(facet.locator(f"{where} .label")).to_have_text([name])
        assert page.evaluate(DOM_CHECK) == [], typed
    box.fill(SVG)
    assert page.evaluate(DOM_CHECK) == []
    assert not dialogs and page.console_errors == []


def test_no_csp_violation_with_csp(page, ids: dict[str, str]) -> None:
    """With the CSP in force, a violation report would mean markup reached the page."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for url in urls(ids):
        response = page.goto(url)
        assert response is not None and response.status < 500, url
        assert response.headers["x-frame-options"] == "DENY", url
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    errors = [
        e for e in page.console_errors if "Failed to load resource" not in e
    ]  # the 4xx pages log their status
    assert not dialogs and not errors, (dialogs, errors)
