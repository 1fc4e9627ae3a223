"""Shared fixtures, after flaskr's: settings per test, one real seed index per run.

Everything is real: the spaCy model, dateparser, a Whoosh index on disk under tmp_path.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from search import Settings
from search.cli import cli
from search.indexing import index_paths

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
#: The test corpus: real Wikinews and Reuters-21578 records (see its PROVENANCE.md).
NEWS = REPO / "tests" / "data" / "news"
WIKINEWS = NEWS / "wikinews.jsonl"
REUTERS = NEWS / "reuters.jsonl"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with an empty index directory of this test's own."""
    return Settings.load({"index_dir": tmp_path / "index"}, environ={})


@pytest.fixture(scope="session")
def seed_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of seeds/, built once per run with the real model (read-only: copy to write)."""
    index_dir = tmp_path_factory.mktemp("seed-index") / "index"
    stats = index_paths([SEEDS], Settings.load({"index_dir": index_dir}, environ={}))
    assert stats.indexed == 2, stats.summary()
    return index_dir


@pytest.fixture
def seed_settings(seed_index_dir: Path) -> Settings:
    """Settings pointing at the shared seed index (do not write to it)."""
    return Settings.load({"index_dir": seed_index_dir}, environ={})


@pytest.fixture
def writable_seed_settings(seed_index_dir: Path, tmp_path: Path) -> Settings:
    """A private copy of the seed index, for tests that reindex or add articles."""
    target = tmp_path / "index"
    shutil.copytree(seed_index_dir, target)
    return Settings.load({"index_dir": target}, environ={})


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


#: One article as ``news-search extract --json`` shows it, its entity facets as sets of
#: names: {"persons": {...}, "orgs": {...}, "places": {...}, "dateline": ...}.
Extracted = dict[str, Any]


@pytest.fixture(scope="session")
def extract_stories(
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[list[dict[str, str]]], dict[str, Extracted]]:
    """Stories (JSON records) through the public ``news-search extract`` command with
    the real model, as a user would run it: each article by id, its facets as sets."""

    def extract(stories: list[dict[str, str]]) -> dict[str, Extracted]:
        tmp = tmp_path_factory.mktemp("stories")
        path = tmp / "stories.jsonl"
        path.write_text(
            "".join(json.dumps(s) + "\n" for s in stories), encoding="utf-8"
        )
        result = CliRunner().invoke(
            cli, ["--index-dir", str(tmp / "index"), "extract", str(path), "--json"]
        )
        assert result.exit_code == 0, result.output
        return {
            a["id"]: {
                **a,
                **{f: {e["name"] for e in a[f]} for f in ("persons", "orgs", "places")},
            }
            for a in json.loads(result.stdout)["articles"]
        }

    return extract


# --- web: Flask app and client, real gunicorn, real Chromium (issue 4) -------------
#
# As Datasette's tests/test_playwright.py: the server is the real `news-search serve`
# (gunicorn) in a subprocess on a free port, over an index built once per run from the
# seeds plus the test corpus's Wikinews articles; the browser is Debian's chromium. Browser
# tests fail (never skip) when chromium cannot start. When a test that uses the server
# fails, the server's output is added to its report.

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE_TITLE = "<script>window.pwned=1</script> Harbour <b>talks</b> in Wellington"
HOSTILE_ARTICLE = (
    f"{HOSTILE_TITLE}\n\ndate 2020-05-04\n\n"
    "Prime Minister Jacinda Ardern opened harbour talks in Wellington. "
    "<img src=x onerror=window.pwned=2> Ardern thanked the port workers.\n"
)


@pytest.fixture
def app(seed_settings: Settings) -> Any:
    """The web app on the shared seed index."""
    from web import create_app

    return create_app(seed_settings)


@pytest.fixture
def client(app: Any) -> Any:
    return app.test_client()


@pytest.fixture(scope="session")
def web_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeds plus the test corpus's Wikinews 2019-2020, indexed once per run (read-only).

    Its 120 articles give two years of dates with every month present, recurring names
    (Joe Biden, Bernie Sanders, ...) and several pages of hits for "election" (38); about
    10 s to index on two cores.
    """
    root = tmp_path_factory.mktemp("web-index")
    # An article that tries to run script from its title and body: shown as text.
    (root / "hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    index_dir = root / "index"
    settings = Settings.load({"index_dir": index_dir}, environ={})
    stats = index_paths([SEEDS, WIKINEWS, root / "hostile.txt"], settings)
    assert stats.indexed == 2 + 120 + 1 and not stats.skipped, stats.summary()
    return index_dir


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    extra: dict[str, Any] = field(default_factory=dict)

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def get_json(self, path: str) -> Any:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return json.load(response)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    index_dir: Path,
    log_path: Path,
    *serve_args: str,
    cwd: Path = REPO,
    environ: dict[str, str] | None = None,
) -> LiveServer:
    """Run `news-search serve --port FREE *serve_args` on ``index_dir`` until it answers.

    :param environ: the server's environment (default: this process's), to which
        ``NEWS_SEARCH_INDEX_DIR`` is added.
    """
    port = _free_port()
    env = dict(os.environ if environ is None else environ)
    env["NEWS_SEARCH_INDEX_DIR"] = str(index_dir)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "search", "serve", "--port", str(port), *serve_args],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", process, log_path)
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            pytest.fail(
                f"news-search serve exited with {process.returncode}:\n"
                f"{server.output()}"
            )
        try:
            probe = server.url + "/api/search?page_size=1"
            with urllib.request.urlopen(probe, timeout=5):
                break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                stop_server(server)
                pytest.fail(
                    "news-search serve did not answer in 60 s:\n" + server.output()
                )
            time.sleep(0.2)
    return server


def stop_server(server: LiveServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="session")
def live_server(
    web_index_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """`news-search serve` (gunicorn) on a free port, up until the run ends."""
    log_path = tmp_path_factory.mktemp("live-server") / "gunicorn.log"
    server = start_server(web_index_dir, log_path, "--workers", "2")
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian chromium through Playwright; a launch failure fails the test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
        except Exception as exc:  # whatever the cause, the test fails
            pytest.fail(
                f"Chromium could not start from {CHROMIUM} ({exc}); install "
                "it with `make chromium` (Debian package `chromium`)",
                pytrace=False,
            )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """A fresh browser tab (own history and cookies) on the live server.

    ``page.console_errors`` collects console errors, such as CSP violations.
    """
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.console_errors = []
    tab.on(
        "console",
        lambda m: tab.console_errors.append(m.text) if m.type == "error" else None,
    )
    tab.on("pageerror", lambda exc: tab.console_errors.append(str(exc)))
    yield tab
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Iterator[None]:
    """Attach the live server's output to the report of a failed test that used it."""
    outcome = yield
    report = outcome.get_result()
    server = getattr(item, "funcargs", {}).get("live_server")
    if report.failed and isinstance(server, LiveServer):
        report.sections.append(("news-search serve output", server.output()[-20_000:]))
