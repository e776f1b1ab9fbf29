"""`transbench segment`: show how an article is cut into translation units."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from transbench.batch.extract import read_document
from transbench.cli.app import app
from transbench.cli.options import HtmlMode, HtmlOption
from transbench.segment import Segment, SegmenterRules, segment


class SegmentFormat(StrEnum):
    text = "text"
    jsonl = "jsonl"


def format_units(units: list[Segment], fmt: SegmentFormat) -> str:
    if fmt is SegmentFormat.jsonl:
        return "".join(json.dumps(u.to_dict(), ensure_ascii=False) + "\n" for u in units)
    lines: list[str] = []
    for i, unit in enumerate(units):
        if i and unit.paragraph != units[i - 1].paragraph:
            lines.append("")
        tag = unit.lang if unit.translate else f"{unit.lang}=keep"
        lines.append(f"{unit.id:>4}  {tag:<10}{unit.text}")
    return "\n".join(lines) + ("\n" if lines else "")


@app.command("segment")
def segment_command(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="Article (.txt, .md, .html, .docx; UTF-8/16/32 or Windows-1256 "
            "Arabic), or - for standard input.",
        ),
    ],
    fmt: Annotated[
        SegmentFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: one unit per line, numbered, a blank line between paragraphs; "
            "jsonl: one JSON object per unit with offsets, paragraph, language, translate flag.",
        ),
    ] = SegmentFormat.text,
    abbreviations: Annotated[
        list[Path] | None,
        typer.Option(
            "--abbreviations",
            "-a",
            help="Extra abbreviation list (same format as the built-in ones); may be repeated.",
        ),
    ] = None,
    html: HtmlOption = HtmlMode.article,
) -> None:
    """Split an Arabic news article into sentences (translation units).

    Units marked "keep" (English passages, URL-only lines) pass through untranslated.
    """
    rules = SegmenterRules.default().with_files(abbreviations or [])
    units = segment(read_document(file, html.value).text, rules)
    typer.echo(format_units(units, fmt), nl=False)
