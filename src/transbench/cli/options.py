"""Options that several commands share, declared once so they read the same everywhere."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer


class HtmlMode(StrEnum):
    article = "article"
    whole = "whole"


HtmlOption = Annotated[
    HtmlMode,
    typer.Option(
        "--html",
        help="Web pages: article takes the story alone (with its title), leaving menus, "
        "footers and related links out; whole takes every block of the page.",
    ),
]
