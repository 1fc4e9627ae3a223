"""Take the README's screenshots of the search page: docs/search-seeds.png,
docs/search-wikinews.png (desktop), docs/search-phone.png and
docs/search-phone-filters.png (a 390x844 phone: results first, then the filters opened);
of an entity page, docs/entity-page.png, and of a search's graph, docs/graph.png.

Each corpus is indexed into a temporary directory (or an existing index is reused with
--seeds-index / --wikinews-index), served by the real `news-search serve` on a free port
and photographed in headless Debian chromium through Playwright::

    .venv/bin/python docs/screenshots.py            # ~1-2 minutes, mostly indexing
    .venv/bin/python docs/screenshots.py --only graph.png --only entity-page.png
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
WIKINEWS = REPO.parent / "shared" / "data" / "wikinews_2019_2020"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CORPORA = {"seeds": [REPO / "seeds"], "wikinews": [REPO / "seeds", WIKINEWS]}
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
WIKINEWS_SEARCH = "/?q=election&person=Bernie+Sanders&person=Elizabeth+Warren"
#: (file, corpus, search shown, viewport). The searches show highlights, a chosen facet
#: value as a chip, and the histogram.
SHOTS = [
    ("search-seeds.png", "seeds", "/?q=%22North+Korea%22+AND+talks", DESKTOP),
    ("search-wikinews.png", "wikinews", WIKINEWS_SEARCH, DESKTOP),
    ("search-phone.png", "wikinews", WIKINEWS_SEARCH, PHONE),
    ("search-phone-filters.png", "wikinews", WIKINEWS_SEARCH + "#filters", PHONE),
    ("entity-page.png", "wikinews", "/entities/person/Joe%20Biden", DESKTOP),
    ("graph.png", "wikinews", "/graph?q=election", DESKTOP),
]
log = logging.getLogger("screenshots")


def build_index(paths: list[Path], index_dir: Path) -> None:
    from search import Settings
    from search.indexing import index_paths

    stats = index_paths(paths, Settings.load({"index_dir": index_dir}, environ={}))
    log.info("%s: %s", index_dir, stats.summary())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(index_dir: Path, log_file: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    with log_file.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "search",
                "serve",
                "--port",
                str(port),
                "--workers",
                "1",
            ],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=dict(os.environ, NEWS_SEARCH_INDEX_DIR=str(index_dir)),
        )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if process.poll() is not None:
            raise SystemExit(f"server exited:\n{log_file.read_text()}")
        try:
            urllib.request.urlopen(url + "/api/search?page_size=1", timeout=5).close()
            return process, url
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"server did not answer:\n{log_file.read_text()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds-index", type=Path, help="reuse this index of seeds/")
    parser.add_argument("--wikinews-index", type=Path, help="reuse this index")
    parser.add_argument(
        "--only", action="append", help="take only this screenshot (repeatable)"
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from playwright.sync_api import sync_playwright

    indexes = {"seeds": args.seeds_index, "wikinews": args.wikinews_index}
    shots = [shot for shot in SHOTS if not args.only or shot[0] in args.only]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        for corpus, paths in CORPORA.items():
            if not any(shot[1] == corpus for shot in shots):
                continue
            index_dir = indexes[corpus]
            if index_dir is None:
                index_dir = Path(tmp) / corpus / "index"
                build_index(paths, index_dir)
            process, url = serve(index_dir, Path(tmp) / f"{corpus}.log")
            try:
                for name, shot_corpus, path, viewport in shots:
                    if shot_corpus != corpus:
                        continue
                    page = browser.new_page(
                        viewport=viewport, is_mobile=viewport is PHONE
                    )
                    page.goto(url + path)
                    page.screenshot(path=str(DOCS / name))
                    log.info("wrote %s (%s)", DOCS / name, url + path)
                    page.close()
            finally:
                process.terminate()
                process.wait(timeout=10)
        browser.close()


if __name__ == "__main__":
    main()
