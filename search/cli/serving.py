"""``serve`` (gunicorn) and ``settings``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..config import describe_settings
from . import Context, cli, pass_context

#: The repository root, where ``web/`` is.
REPO = Path(__file__).resolve().parents[2]


@cli.command("serve")
@click.option("--host", help="Address to listen on (default 127.0.0.1).")
@click.option("--port", type=int, help="Port (default 5000).")
@click.option("--workers", type=int, help="gunicorn worker processes.")
@pass_context
def serve_command(
    obj: Context, host: str | None, port: int | None, workers: int | None
) -> None:
    """Serve the search page and JSON API with gunicorn."""
    from ..store import read_meta

    settings = obj.settings.replace(
        **{
            k: v
            for k, v in {"host": host, "port": port, "workers": workers}.items()
            if v is not None
        }
    )
    read_meta(
        settings.index_dir
    )  # a missing index is reported here, not by every worker
    env = dict(
        os.environ,
        NEWS_SEARCH_INDEX_DIR=str(settings.index_dir),
        NEWS_SEARCH_MODEL=settings.model,
    )
    if settings.aliases_file:
        env["NEWS_SEARCH_ALIASES_FILE"] = str(settings.aliases_file)
    # Each of a threaded worker's threads would get its own malloc arena: ~+110 MB per
    # worker at 100k articles, though the app answers one request at a time
    # (web/serial.py). glibc reads this at start; a value set by the user wins.
    env.setdefault("MALLOC_ARENA_MAX", "2")
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{settings.host}:{settings.port}",
        "--workers",
        str(settings.workers),
        "--access-logfile",
        "-",
        # Its hook warms each worker's caches before the worker answers anyone.
        "--config",
        str(REPO / "web" / "gunicorn_config.py"),
        "--chdir",
        str(REPO),
        "web:create_app()",
    ]
    click.echo(
        f"Serving {settings.index_dir} on http://{settings.host}:{settings.port}",
        err=True,
    )
    os.execve(sys.executable, args, env)


@cli.command("settings")
def settings_command() -> None:
    """List every setting with its default and help."""
    for name, default, help_text in describe_settings():
        click.echo(
            f"{name} (NEWS_SEARCH_{name.upper()}, default {default}): {help_text}"
        )
