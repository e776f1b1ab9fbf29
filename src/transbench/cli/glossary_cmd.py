"""`transbench glossary …`: match, lint, list, search, add, remove, import, export."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from transbench.batch.extract import read_document
from transbench.cli.app import app
from transbench.cli.output import check_output, is_stdout, write_output
from transbench.errors import InputError
from transbench.glossary import collection
from transbench.glossary.csvfile import GlossaryFile
from transbench.glossary.editing import edit
from transbench.glossary.lint import CorpusHits, Finding, frequent, inside_names, lint
from transbench.glossary.tabular import delimiter_for, parse_mapping, read_table, write_table
from transbench.glossary.tbx import read_tbx, write_tbx

glossary_app = typer.Typer(
    help="Shared glossaries in glossary/*.csv: find terms in text, lint, edit, import, export.",
    no_args_is_help=True,
)
app.add_typer(glossary_app, name="glossary")

GlossaryPaths = Annotated[
    list[Path] | None,
    typer.Option(
        "--glossary",
        "-g",
        help="Glossary CSV file or folder; repeatable, the first listed wins on conflicts. "
        "Default: every CSV in ./glossary (or $TRANSBENCH_GLOSSARY_DIR).",
    ),
]
TargetFile = Annotated[
    Path | None,
    typer.Option(
        "--glossary",
        "-g",
        help="The glossary CSV file to change. Default: the only CSV in ./glossary.",
    ),
]


class HitFormat(StrEnum):
    jsonl = "jsonl"
    text = "text"


def _target(path: Path | None) -> Path:
    if path is not None:
        return path
    files = collection.resolve(None)
    if len(files) != 1:
        names = ", ".join(str(f) for f in files) or "none"
        raise InputError(f"say which glossary to change with --glossary FILE (found: {names})")
    return files[0]


def _echo_findings(findings: list[Finding]) -> None:
    for finding in findings:
        typer.echo(str(finding), err=finding.severity == "warning")


@glossary_app.command("match")
def match_command(
    text: Annotated[str | None, typer.Argument(help="Arabic text to search.")] = None,
    file: Annotated[
        str | None,
        typer.Option("--file", "-i", metavar="FILE", help="Read the text from FILE (- for stdin)."),
    ] = None,
    glossary: GlossaryPaths = None,
    fmt: Annotated[
        HitFormat,
        typer.Option(
            "--format", "-f", help="jsonl: one JSON object per hit; text: one line per hit."
        ),
    ] = HitFormat.jsonl,
) -> None:
    """Show the glossary terms found in a text, with offsets into it."""
    if (text is None) == (file is None):
        raise InputError("give either TEXT or --file FILE")
    source = read_document(file or "-").text if text in (None, "-") else text
    for hit in collection.build_matcher(glossary).find(source):
        if fmt is HitFormat.jsonl:
            typer.echo(json.dumps(hit.to_dict(), ensure_ascii=False))
        else:
            typer.echo(
                f"{hit.start}-{hit.end}\t{hit.surface}\t→ {hit.en}\t[{hit.glossary}:{hit.line}]"
            )


@glossary_app.command("lint")
def lint_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Glossary files or folders (default: ./glossary)."),
    ] = None,
    glossary: GlossaryPaths = None,
    corpus: Annotated[
        list[Path] | None,
        typer.Option(
            "--corpus",
            help="General text (one sentence or paragraph a line): warn about hard-enforced "
            "entries matching in more than --max-share of its lines, and about hits that "
            "seem to sit inside a longer name (candidates for ar_not).",
        ),
    ] = None,
    max_share: Annotated[
        float, typer.Option("--max-share", help="Share of corpus lines, e.g. 0.005.")
    ] = 0.005,
) -> int:
    """Check glossaries for errors (exit 1) and suspicious rows (warnings)."""
    # Positional paths, or -g/--glossary as in every other command.
    files = collection.load_files([*(paths or []), *(glossary or [])] or None)
    findings = lint(files)
    if corpus:
        lines = [
            line
            for path in corpus
            for line in read_document(path).text.splitlines()
            if line.strip()
        ]
        matched = CorpusHits.match(files, lines)
        findings += frequent(matched, max_share) + inside_names(matched)
    _echo_findings(findings)
    errors = sum(f.severity == "error" for f in findings)
    typer.echo(f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)
    return 1 if errors else 0


@glossary_app.command("list")
def list_command(glossary: GlossaryPaths = None) -> None:
    """Print every term: where it is defined, Arabic, English, variants."""
    for gf in collection.load_files(glossary):
        for term in gf.terms():
            variants = f"  ({' | '.join(term.ar_variants)})" if term.ar_variants else ""
            typer.echo(f"{gf.name}:{term.line}\t{term.ar}\t→ {term.en}{variants}")


@glossary_app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help="Arabic or English; matched after normalising.")],
    glossary: GlossaryPaths = None,
) -> None:
    """Find entries whose Arabic forms, English, forbidden renderings or note contain QUERY."""
    for term in collection.search(collection.load_files(glossary), query):
        typer.echo(f"{term.glossary}:{term.line}\t{term.ar}\t→ {term.en}")


@glossary_app.command("add")
def add_command(
    ar: Annotated[str, typer.Option("--ar", help="Arabic source term (bare form).")],
    en: Annotated[str, typer.Option("--en", help="Required English rendering.")],
    variants: Annotated[
        str, typer.Option("--variants", help="Other Arabic forms, separated by |.")
    ] = "",
    forbidden: Annotated[
        str, typer.Option("--forbidden", help="English renderings QA must flag, by |.")
    ] = "",
    note: Annotated[str, typer.Option("--note", help="Guidance for translators.")] = "",
    target: TargetFile = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite an existing entry with the same Arabic.")
    ] = False,
) -> None:
    """Add an entry (locked, linted, written atomically)."""
    path = _target(target)
    values = {"ar": ar, "en": en, "ar_variants": variants, "en_forbidden": forbidden}
    if note:
        values["note"] = note

    def change(gf: GlossaryFile) -> None:
        i = gf.index_of(ar)
        if i is not None and not replace:
            raise InputError(
                f"{path}:{gf.rows[i].line}: '{ar}' is already there; use --replace to change it"
            )
        gf.upsert(values)

    _echo_findings(edit(path, change))
    typer.echo(f"{path}: saved '{ar}' → '{en}'", err=True)


@glossary_app.command("remove")
def remove_command(
    ar: Annotated[str, typer.Argument(help="The Arabic term of the entry, as written.")],
    target: TargetFile = None,
) -> None:
    """Remove an entry (locked, written atomically)."""
    path = _target(target)

    def change(gf: GlossaryFile) -> None:
        if not gf.remove(ar):
            raise InputError(f"{path}: no entry with ar '{ar}'")

    edit(path, change)
    typer.echo(f"{path}: removed '{ar}'", err=True)


@glossary_app.command("import")
def import_command(
    source: Annotated[Path, typer.Argument(help="A .tbx, .csv or .tsv file from another tool.")],
    target: TargetFile = None,
    mapping: Annotated[
        str | None,
        typer.Option("--map", help="Column mapping for CSV/TSV, e.g. 'Source=ar,Target=en'."),
    ] = None,
    delimiter: Annotated[
        str | None, typer.Option("--delimiter", help="CSV delimiter; 'tab' for TSV.")
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite entries whose Arabic already exists.")
    ] = False,
) -> None:
    """Merge entries from TBX or another tool's CSV/TSV into a glossary file."""
    path = _target(target)
    if source.suffix.lower() == ".tbx":
        rows = read_tbx(source)
    else:
        rows = read_table(source, parse_mapping(mapping), delimiter)
    counts = {"added": 0, "replaced": 0, "kept": 0}

    def change(gf: GlossaryFile) -> None:
        for row in rows:
            exists = gf.index_of(row.get("ar", "")) is not None
            if exists and not replace:
                counts["kept"] += 1
                continue
            counts["replaced" if exists else "added"] += 1
            gf.upsert(row)

    _echo_findings(edit(path, change))
    typer.echo(
        f"{path}: {counts['added']} added, {counts['replaced']} replaced, "
        f"{counts['kept']} already present and kept",
        err=True,
    )


@glossary_app.command("export")
def export_command(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="A .tbx, .csv or .tsv file (- : CSV on stdout).")
    ],
    glossary: GlossaryPaths = None,
) -> None:
    """Write the glossaries in force to TBX-Basic, CSV or TSV (first listed wins)."""
    check_output(output, suffixes=(".tbx", ".csv", ".tsv"))
    files = collection.load_files(glossary)
    if not is_stdout(output) and any(output.resolve() == gf.path.resolve() for gf in files):
        raise InputError(f"{output}: is one of the glossaries being exported; pick another name")
    rows, columns, seen = [], [], set()
    for gf in files:
        columns += [c for c in gf.columns if c not in columns]
        for row in gf.rows:
            if row.values and row.values.get("ar") not in seen:
                seen.add(row.values.get("ar"))
                rows.append(row.values)
    if output.suffix.lower() == ".tbx":
        data = write_tbx(rows, ", ".join(gf.name for gf in files))
    else:
        data = write_table(rows, columns, delimiter_for(output, None)).encode("utf-8")
    write_output(output, data)
    typer.echo(f"{output}: {len(rows)} entries", err=True)
