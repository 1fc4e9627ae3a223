"""The aliases file: a user's corrections to entities, applied without re-running NER.

TOML, one table per facet type mapping a variant to the canonical name, plus lists of
names to hide::

    [person]
    "Kim Jong-il's son" = "Kim Jong Un"   # merge a variant into a person
    "Stephen Biegun" = "Stephen E. Biegun" # rename: same key, new display name

    [org]
    "Comissaria Smith" = "Comissaria Smith Ltd"

    [hide]
    person = ["Allah"]
    org = ["Reuters"]

Built-in aliases (``search/data/aliases.toml``: "US" -> "United States", ...) come first; the
user's file overrides them. Names are compared by their facet key, so case, accents,
hyphens and titles do not matter.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..models import ENTITY_TYPES
from .keys import clean_surface, name_key

BUILTIN = Path(__file__).parent.parent / "data" / "aliases.toml"


@dataclass
class Aliases:
    """Merges (variant key -> canonical key and name) and hidden keys, per facet type."""

    merges: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    hidden: dict[str, set[str]] = field(default_factory=dict)
    fingerprint: str = ""

    def lookup(self, kind: str, key: str) -> tuple[str, str] | None:
        return self.merges.get(kind, {}).get(key)

    def is_hidden(self, kind: str, key: str) -> bool:
        return key in self.hidden.get(kind, set())

    def display_names(self, kind: str) -> dict[str, str]:
        """Canonical key -> display name forced by the aliases."""
        return {k: name for k, name in self.merges.get(kind, {}).values()}


def load_aliases(user_file: Path | None, hidden_orgs: tuple[str, ...] = ()) -> Aliases:
    """Built-in aliases overlaid with ``user_file``; ``hidden_orgs`` (the archive's own
    publishers, a setting) are hidden as if the file said so.

    :raises ConfigError: the user's file is missing or not valid TOML of the shape above.
    """
    aliases = Aliases()
    digest = hashlib.sha1()
    if hidden_orgs:
        aliases.hidden.setdefault("org", set()).update(
            name_key(clean_surface(n, "org"), "org") for n in hidden_orgs
        )
        digest.update("\x00".join(hidden_orgs).encode())
    for path in [BUILTIN] + ([user_file] if user_file else []):
        try:
            raw = path.read_bytes()
            data = tomllib.loads(raw.decode("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"Cannot read aliases file {path}: {exc}") from exc
        digest.update(raw)
        _apply(aliases, data, path)
    aliases.fingerprint = digest.hexdigest()[:16]
    return aliases


def _apply(aliases: Aliases, data: dict[str, object], path: Path) -> None:
    for kind in ENTITY_TYPES:
        table = data.get(kind, {})
        if not isinstance(table, dict):
            raise ConfigError(f"[{kind}] in {path} must map names to names")
        merges = aliases.merges.setdefault(kind, {})
        for variant, canonical in table.items():
            if not isinstance(canonical, str):
                raise ConfigError(
                    f"[{kind}] {variant!r} in {path} must map to a string"
                )
            name = clean_surface(canonical, kind)
            target = name_key(name, kind)
            merges[name_key(clean_surface(variant, kind), kind)] = (target, name)
            merges.setdefault(target, (target, name))
            merges[target] = (target, name)
    hide = data.get("hide", {})
    if not isinstance(hide, dict):
        raise ConfigError(f"[hide] in {path} must hold lists per facet type")
    for kind, names in hide.items():
        if kind not in ENTITY_TYPES or not isinstance(names, list):
            raise ConfigError(
                f"[hide] {kind} in {path}: expected person/org/place = [names]"
            )
        aliases.hidden.setdefault(kind, set()).update(
            name_key(clean_surface(str(n), kind), kind) for n in names
        )


def write_aliases(
    path: Path,
    merges: Iterable[tuple[str, str, str]] = (),
    hidden: Iterable[tuple[str, str]] = (),
) -> None:
    """Add ``merges`` ((type, variant, canonical)) and ``hidden`` ((type, name)) to the
    aliases file at ``path`` (created if missing), keeping what it holds.

    The file is rewritten as plain TOML tables; comments in it are not kept.

    :raises ConfigError: the existing file is not valid TOML of the aliases shape.
    """
    data: dict[str, Any] = {}
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"Cannot read aliases file {path}: {exc}") from exc
        _apply(Aliases(), data, path)  # the shape is checked before anything is added
    tables: dict[str, dict[str, str]] = {
        kind: dict(data.get(kind, {})) for kind in ENTITY_TYPES
    }
    hide: dict[str, list[str]] = {
        kind: list(names) for kind, names in dict(data.get("hide", {})).items()
    }
    for kind, variant, canonical in merges:
        tables[kind][variant] = canonical
    for kind, name in hidden:
        if name not in hide.setdefault(kind, []):
            hide[kind].append(name)
    lines = ["# news-search aliases (see `news-search entities review`)"]
    for kind in ENTITY_TYPES:
        if tables[kind]:
            lines += ["", f"[{kind}]"]
            lines += [f"{_toml(k)} = {_toml(v)}" for k, v in tables[kind].items()]
    if any(hide.values()):
        lines += ["", "[hide]"]
        lines += [
            f"{kind} = [{', '.join(_toml(n) for n in names)}]"
            for kind, names in hide.items()
            if names
        ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _toml(text: str) -> str:
    """A TOML basic string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
