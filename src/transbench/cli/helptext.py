"""Help a user can read: what each option takes, in words, and paragraphs that wrap.

Typer 0.29 labels options by their Python types (`<bool>` on a flag, `<list[Path]>`,
`<str>`), puts required arguments in braces on the usage line, and keeps a docstring's
line breaks where the terminal wraps it again, cutting sentences in two. Once the commands
are built, each option without a metavar of its own gets one in the usual style (PATH,
TEXT, N, choices; nothing for a flag), arguments are written as Click writes them, and
help text paragraphs are joined back into lines.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, get_args

from typer._click.core import Context

HELP_OPTIONS = ["-h", "--help"]
_NAMES = {str: "TEXT", Path: "PATH", int: "N", float: "NUMBER"}


def tidy(command: Any) -> None:
    """Rewrite the help of `command` and its subcommands in place."""
    if command.help:
        command.help = _unwrap(command.help)
    help_option = command.get_help_option(Context(command, help_option_names=HELP_OPTIONS))
    for param in [*command.params, *([help_option] if help_option else [])]:
        if param.metavar is None:
            param.metavar = _metavar(param)
        if param.param_type_name == "argument":
            # An argument is shown by its name; its type column would only repeat it in
            # Python's terms (`<list[Path]>`).
            param.display_type_rich = lambda ctx: None
            # The usage line as Click and man pages write it (INPUT..., [NAME]), not
            # Typer's braces around required arguments ({INPUT}...).
            param._usage_display_name = functools.partial(_usage_name, param)
    for sub in getattr(command, "commands", {}).values():
        tidy(sub)


def _metavar(param: Any) -> str:
    if getattr(param, "is_flag", False):
        return ""
    desc = param.type_descriptor
    if desc.is_choice:
        return "|".join(str(getattr(c, "value", c)) for c in desc.choices or ())
    if param.param_type_name == "argument":
        return param.name.upper()
    kind = get_args(desc.annotation)[0] if desc.is_list else desc.annotation
    return _NAMES.get(kind, "VALUE")


def _usage_name(param: Any) -> str:
    name = param.display_name_raw if param.required else f"[{param.display_name_raw}]"
    return name + ("..." if param.nargs != 1 else "")


def _unwrap(text: str) -> str:
    """One line per paragraph; blank lines still separate paragraphs."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)
