"""`--help` of every command reads as help, not as Python: no type names, no cut lines."""

import itertools
import re

import pytest
import typer

from transbench.cli import app, main


def _commands(command, path=()):
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


COMMANDS = list(_commands(typer.main.get_command(app)))


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "transbench")
def test_help_names_what_each_option_takes_in_words(path, capsys) -> None:
    assert main([*path, "--help"]) == 0
    out = capsys.readouterr().out
    assert not re.search(r"<(bool|str|int|path|list\[|int range)", out), out
    usage = next(line for line in out.splitlines() if "Usage:" in line)
    assert "{" not in usage, usage  # INPUT... as Click writes it, not Typer's {INPUT}...
    # The description flows: a line followed by more of its paragraph is a full line, not
    # one cut where the docstring's source line ended.
    description = out.split("╭")[0].splitlines()[2:]
    for before, after in itertools.pairwise(description):
        if before.strip() and after.strip():
            assert len(before.strip()) > 60, (before, after)


def test_a_bad_choice_is_named_plainly(capsys) -> None:
    assert main(["translate", "x.txt", "-f", "pdf"]) == 2
    err = capsys.readouterr().err
    assert "'pdf' is not one of 'txt', 'jsonl'" in err and "Value error" not in err
