"""Shared fixtures, after flaskr's: settings per test, one real seed index per run.

Everything is real: the spaCy model, dateparser, a Whoosh index on disk under tmp_path.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from search import Settings, index_paths

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED_DATA = REPO.parent / "shared" / "data"


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
