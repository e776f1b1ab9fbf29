"""`transbench qa`: run the QA checks on bilingual files made here or elsewhere."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from lxml import etree

from transbench.cli.app import app
from transbench.errors import InputError
from transbench.glossary import collection
from transbench.glossary.matcher import Matcher
from transbench.pipeline import qa_unit
from transbench.qa import check
from transbench.textio import read_text

_XLIFF_NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


def _units_jsonl(path: Path) -> list[tuple[str, str, str, bool]]:
    units = []
    for n, line in enumerate(read_text(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            units.append(
                (
                    str(rec.get("id", n)),
                    rec["source"],
                    rec.get("target") or "",
                    bool(rec.get("pass_through", False)),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"{path}:{n}: not a bilingual JSONL record with 'source' and 'target' ({exc})"
            ) from None
    return units


def _units_xliff(path: Path) -> list[tuple[str, str, str, bool]]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(f"{path}: not readable XLIFF ({exc})") from None
    units = []
    for tu in root.iterfind(".//x:trans-unit", _XLIFF_NS):
        source = tu.find("x:source", _XLIFF_NS)
        target = tu.find("x:target", _XLIFF_NS)
        units.append(
            (
                tu.get("id", ""),
                "".join(source.itertext()) if source is not None else "",
                "".join(target.itertext()) if target is not None else "",
                tu.get("translate") == "no",
            )
        )
    return units


@app.command("qa")
def qa_command(
    file: Annotated[Path, typer.Argument(help="Bilingual .jsonl (from translate) or .xliff/.xlf.")],
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
    suffix = file.suffix.lower()
    if suffix == ".jsonl":
        units = _units_jsonl(file)
    elif suffix in (".xliff", ".xlf"):
        units = _units_xliff(file)
    else:
        raise InputError(f"{file}: give a .jsonl, .xliff or .xlf file")
    paths = (
        None if no_glossary else (glossary or ([] if collection.default_dir().is_dir() else None))
    )
    matcher = (
        Matcher(collection.all_terms(collection.load_files(paths))) if paths is not None else None
    )
    counts: Counter[str] = Counter()
    errors = 0
    for uid, source, target, keep in units:
        hits = matcher.find(source) if matcher and not keep else []
        for finding in check(replace(qa_unit(source, target, hits), pass_through=keep)):
            counts[finding.check] += 1
            errors += finding.severity == "error"
            typer.echo(f"{uid}\t{finding.severity}\t{finding.check}\t{finding.message}")
    summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "no findings"
    typer.echo(f"{file}: {len(units)} units; {summary}", err=True)
    return 1 if errors else 0
