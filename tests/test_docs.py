"""The documentation keeps up with the code: every command and option has help, every
setting has help and is documented, and README's examples name real commands and options
(as in Datasette's and sqlite-utils' ``tests/test_docs.py``)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest

from search.cli import cli
from search.config import Settings, describe_settings

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(
    encoding="utf-8"
)
COMMANDS = sorted(cli.commands)


def test_the_issue_commands_exist():
    assert {
        "index",
        "reindex",
        "search",
        "extract",
        "stats",
        "serve",
        "settings",
    } <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(runner, name):
    command = cli.commands[name]
    assert command.help and command.help.strip(), f"`news-search {name}` has no help"
    result = runner.invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: cli {name}")


@pytest.mark.parametrize("name", ["(global)", *COMMANDS])
def test_every_option_has_help(name):
    command = cli if name == "(global)" else cli.commands[name]
    missing = [
        p.opts[0]
        for p in command.params
        if isinstance(p, click.Option) and not (p.help or "").strip()
    ]
    assert missing == [], f"options of {name} without help: {missing}"


def test_main_help_lists_every_command(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    for name in COMMANDS:
        assert re.search(rf"^  {name}\s+\S", result.stdout, re.MULTILINE), name


@pytest.mark.parametrize(("name", "default", "help_text"), describe_settings())
def test_every_setting_has_help_and_is_documented(runner, name, default, help_text):
    assert help_text.strip(), f"setting {name} has no help"
    assert default == Settings.__dataclass_fields__[name].default
    result = runner.invoke(cli, ["settings"])
    assert result.exit_code == 0, result.output
    line = f"{name} (NEWS_SEARCH_{name.upper()}, default {default}): {help_text}"
    assert line in result.stdout.splitlines()


def test_describe_settings_covers_every_field():
    assert [name for name, _d, _h in describe_settings()] == list(
        Settings.__dataclass_fields__
    )


def test_readme_names_the_main_settings():
    for name in ("index_dir", "model", "aliases_file", "processes", "batch_size"):
        assert f"`{name}`" in README
    assert "`news-search settings`" in README and "NEWS_SEARCH_" in README


#: Other documents whose shell blocks must name real commands and options.
SCALE_OUT = (
    Path(__file__).resolve().parent.parent / "docs" / "scale-out.md"
).read_text(encoding="utf-8")


def readme_examples(text: str = README) -> list[list[str]]:
    """``news-search ...`` lines of README's (or ``text``'s) shell blocks, as argument
    lists."""
    examples = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.DOTALL):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("news-search "):
                examples.append(shlex.split(line)[1:])
    return examples


def test_readme_has_examples():
    assert len(readme_examples()) >= 5


@pytest.mark.parametrize(
    "args", readme_examples() + readme_examples(SCALE_OUT), ids=" ".join
)
def test_readme_examples_use_real_commands_and_options(args):
    name = args[0]
    assert name in cli.commands, f"README uses unknown command {name!r}"
    # A command group's options, and its subcommand's ("entities review --accept").
    commands = [cli, cli.commands[name]]
    while (
        isinstance(commands[-1], click.Group)
        and len(args) > len(commands) - 1
        and not args[len(commands) - 1].startswith("-")
    ):
        sub = args[len(commands) - 1]
        assert sub in commands[-1].commands, f"README uses unknown command {sub!r}"
        commands.append(commands[-1].commands[sub])
    known = {
        opt
        for command in commands
        for p in command.params
        if isinstance(p, click.Option)
        for opt in p.opts + p.secondary_opts
    }
    used = {a for a in args if a.startswith("-")}
    assert used <= known, f"README uses unknown options {used - known} of {name}"
