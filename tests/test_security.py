"""Security headers on every kind of response, and `serve` listening on loopback only.

Escaping in a real browser is tested in test_xss.py; the CSP's content in test_web.py.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from conftest import start_server, stop_server

from search import Settings
from web import SECURITY_HEADERS, create_app

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def assert_secure(response, what: str) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (what, name)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, what
    policy = response.headers["Permissions-Policy"]
    assert {"camera=()", "microphone=()", "geolocation=()"} <= {
        p.strip() for p in policy.split(",")
    }, what
    # Exactly once each: the handler sets them, it does not append.
    for name in SECURITY_HEADERS:
        assert len(response.headers.getlist(name)) == 1, (what, name)


@pytest.mark.parametrize(
    ("url", "status", "mimetype"),
    [
        ("/?q=korea", 200, "text/html"),
        ("/articles/002_8c9f69aaa352faaa", 200, "text/html"),
        ("/facets/person", 200, "text/html"),
        ("/?page=abc", 400, "text/html"),
        ("/no-such-page", 404, "text/html"),
        ("/?q=korea&from=", 302, "text/html"),
        ("/api/search?q=korea", 200, "application/json"),
        ("/api/search?page=abc", 400, "application/json"),
        ("/api/articles/nope", 404, "application/json"),
        ("/api/openapi.json", 200, "application/json"),
        ("/api/export.csv?q=korea", 200, "text/csv"),
        ("/static/app.js", 200, "text/javascript"),
    ],
)
def test_every_response_carries_the_security_headers(
    client, url: str, status: int, mimetype: str
) -> None:
    response = client.get(url)
    assert (response.status_code, response.mimetype) == (status, mimetype), url
    assert_secure(response, url)


def test_server_errors_carry_them_too(seed_settings: Settings, tmp_path: Path) -> None:
    app = create_app(seed_settings)

    def broken():
        raise RuntimeError("boom")

    app.add_url_rule("/broken", view_func=broken)
    app.add_url_rule("/api/broken", view_func=broken, endpoint="api_broken")
    client = app.test_client()
    for url in ("/broken", "/api/broken"):
        response = client.get(url)
        assert response.status_code == 500, url
        assert_secure(response, url)
    missing = create_app(
        Settings.load({"index_dir": tmp_path / "none"}, environ={})
    ).test_client()
    for url in ("/", "/api/search"):
        response = missing.get(url)
        assert response.status_code == 503, url
        assert_secure(response, url)


def listening_addresses(port: int) -> set[str]:
    """Addresses with a socket in LISTEN state on ``port``, from /proc/net/tcp{,6}."""
    found = set()
    for table, family in (("tcp", socket.AF_INET), ("tcp6", socket.AF_INET6)):
        path = Path("/proc/net") / table
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, hex_port = local.split(":")
            if state != "0A" or int(hex_port, 16) != port:
                continue
            raw = bytes.fromhex(addr)
            # The kernel prints each 32-bit word in host (little-endian) order.
            raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(socket.inet_ntop(family, raw))
    return found


def other_local_address() -> str | None:
    """A non-loopback address of this machine, if it has one (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks a route
            address = sock.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_serve_listens_on_loopback_by_default(
    seed_index_dir: Path, tmp_path: Path
) -> None:
    """The real `news-search serve`, with no --host, no NEWS_SEARCH_* variables and no
    pyproject.toml in its working directory: only 127.0.0.1 is bound."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NEWS_SEARCH_")}
    server = start_server(
        seed_index_dir,
        tmp_path / "gunicorn.log",
        "--workers",
        "1",
        cwd=tmp_path,
        environ=environ,
    )
    try:
        port = int(server.url.rsplit(":", 1)[1])
        assert listening_addresses(port) == {"127.0.0.1"}, server.output()
        assert f"Listening at: http://127.0.0.1:{port}" in server.output()
        other = other_local_address()
        if other:
            with pytest.raises(ConnectionRefusedError):
                socket.create_connection((other, port), timeout=5).close()
    finally:
        stop_server(server)
