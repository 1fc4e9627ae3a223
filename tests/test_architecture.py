"""The architecture holds: imports go one way, and the web app carries only the read side.

Two checks, as docs/architecture.md describes the packages:

- statically, every module's imports (function-local ones included) are parsed with
  ``ast`` and checked against the allowed directions between the packages of ``search``
  and ``web``, and no module imports a ``_private`` name of another module;
- dynamically, a fresh interpreter imports ``web`` (and builds the app, as a gunicorn
  worker does), ``search`` and ``search.query``, and must not load the write side, the
  extraction stage, spaCy or a process pool.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

#: The modules every part of ``search`` may import: settings, dataclasses, errors.
CORE = {"search.config", "search.models", "search.errors"}

#: Package -> the packages it may import, besides the core and itself.
ALLOWED: dict[str, set[str]] = {
    "search.ingest": set(),
    "search.names": set(),
    "search.store": set(),
    "search.extract": {"search.names"},
    "search.indexing": {
        "search.ingest",
        "search.extract",
        "search.store",
        "search.names",
    },
    "search.query": {"search.names", "search.store"},
    # The package's own face exports the read side and the core.
    "search": {"search.query"},
    "web": {"search", "search.query"},
}
#: May import anything: the command line (a package: one module per group of commands),
#: and its ``python -m search``.
ANYTHING = {"search.cli", "search.__main__"}
#: Third-party libraries that belong to one side only.
ONLY_IN = {
    "spacy": ("search.extract",),
    "flask": ("web",),
    "werkzeug": ("web",),
    "whoosh": ("search.store", "search.indexing", "search.query"),
    "distributed": ("search.extract.cluster",),
    "dask": ("search.extract.cluster",),
}

#: What serving searches must never load.
WRITE_SIDE = (
    "search.ingest",
    "search.extract",
    "search.indexing",
    "spacy",
    "multiprocessing.pool",
    "concurrent.futures.process",
    "distributed",
)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (REPO / folder).rglob("*.py"))


LIBRARY = source_files("search", "web")
EVERYTHING = [*LIBRARY, *source_files("tests", "bench", "docs")]


def imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(absolute module, names imported from it, line) of every import in ``path``."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            names = [alias.name for alias in node.names]
            found.append((base, names, node.lineno))
            # ``from package import module`` imports that module too.
            found += [(f"{base}.{n}", [], node.lineno) for n in names]
    return found


def layer(module: str) -> str | None:
    """The package of ``ALLOWED`` that ``module`` belongs to (the longest match)."""
    if module in CORE:
        return "core"
    if any(module == m or module.startswith(m + ".") for m in ANYTHING):
        return "anything"
    owners = [p for p in ALLOWED if module == p or module.startswith(p + ".")]
    return max(owners, key=len) if owners else None


def is_ours(module: str) -> bool:
    return module.split(".")[0] in ("search", "web")


def known_module(module: str) -> bool:
    """``module`` is a module or package of ours (not a name imported from one)."""
    path = REPO.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: module_name(p))
def test_imports_go_one_way(path: Path) -> None:
    me = module_name(path)
    mine = layer(me)
    assert mine is not None, f"{me} belongs to no package of the architecture"
    if mine == "anything":
        return
    allowed = {mine} | (set() if mine == "core" else {"core"} | ALLOWED[mine])
    wrong = []
    for target, _names, line in imports(path):
        if not is_ours(target) or not known_module(target):
            continue
        theirs = layer(target)
        if theirs not in allowed:
            wrong.append(f"line {line}: {me} ({mine}) imports {target} ({theirs})")
    assert wrong == []


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: module_name(p))
def test_third_party_libraries_stay_on_their_side(path: Path) -> None:
    me = module_name(path)
    wrong = [
        f"line {line}: {me} imports {target}"
        for target, _names, line in imports(path)
        for lib, owners in ONLY_IN.items()
        if target.split(".")[0] == lib
        and not any(me == o or me.startswith(o + ".") for o in owners)
    ]
    assert wrong == []


@pytest.mark.parametrize("path", EVERYTHING, ids=lambda p: module_name(p))
def test_no_private_name_is_imported_from_another_module(path: Path) -> None:
    wrong = [
        f"line {line}: from {target} import {name}"
        for target, names, line in imports(path)
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert wrong == []


def loaded_modules(code: str) -> list[str]:
    """The modules a fresh interpreter holds after running ``code``."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    modules: list[str] = json.loads(proc.stdout.splitlines()[-1])
    return modules


@pytest.mark.parametrize(
    "code",
    [
        "import web",
        # What a gunicorn worker runs: the app, with its blueprints.
        "from pathlib import Path\nimport web, search\n"
        "web.create_app(search.Settings(index_dir=Path('no-such-index')))",
        "import search",
        "import search.query",
    ],
    ids=["import web", "create_app", "import search", "import search.query"],
)
def test_the_read_side_loads_no_writer_model_or_process_pool(code: str) -> None:
    loaded = loaded_modules(code)
    wrong = [
        m
        for m in loaded
        for banned in WRITE_SIDE
        if m == banned or m.startswith(banned + ".")
    ]
    assert wrong == []
