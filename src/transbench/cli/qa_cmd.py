"""`transbench qa`: run the QA checks on bilingual files made here or elsewhere."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from transbench.cli.app import app
from transbench.glossary import collection
from transbench.glossary.matcher import Matcher
from transbench.pipeline import qa_unit
from transbench.qa import check
from transbench.qa.bilingual import read_bilingual


@app.command("qa")
def qa_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="Bilingual .jsonl (from translate), or XLIFF 1.0-2.x (.xliff/.xlf/.sdlxliff), "
            "Arabic to English."
        ),
    ],
    glossary: Annotated[
        list[Path] | None,
        typer.Option(
            "--glossary",
            "-g",
            help="Glossaries whose terms the English must honour "
            "(default: ./glossary when present).",
        ),
    ] = None,
    no_glossary: Annotated[bool, typer.Option("--no-glossary", help="Skip term checks.")] = False,
) -> int:
    """Check translations for dropped numbers and dates, glossary violations, Arabic left in
    the English, untranslated or empty units, odd lengths, loops, unbalanced quotes and
    brackets, and changed URLs, e-mails, @handles or #hashtags. Exit 1 on errors."""
    units = read_bilingual(file).units
    paths = (
        None if no_glossary else (glossary or ([] if collection.default_dir().is_dir() else None))
    )
    matcher = (
        Matcher(collection.all_terms(collection.load_files(paths))) if paths is not None else None
    )
    counts: Counter[str] = Counter()
    errors = 0
    for u in units:
        hits = matcher.find(u.source) if matcher and not u.keep else []
        for finding in check(replace(qa_unit(u.source, u.target, hits), pass_through=u.keep)):
            counts[finding.check] += 1
            errors += finding.severity == "error"
            typer.echo(f"{u.id}\t{finding.severity}\t{finding.check}\t{finding.message}")
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "no findings"
    typer.echo(f"{file}: {len(units)} units; {summary}", err=True)
    return 1 if errors else 0
