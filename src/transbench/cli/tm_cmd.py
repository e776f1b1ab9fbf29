"""`transbench tm …`: the translation memory of approved translations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from transbench.cli.app import app
from transbench.cli.output import check_output, write_output

tm_app = typer.Typer(
    help="Translation memory: approved translations, reused exactly and offered when similar.",
    no_args_is_help=True,
)
app.add_typer(tm_app, name="tm")

TmPath = Annotated[
    Path | None,
    typer.Option("--tm", help="Memory file (default: $TRANSBENCH_TM, else the user data folder)."),
]


def _open(path: Path | None, create: bool = False):
    """The memory at `path`; only an import creates one, so a look never leaves an empty
    file behind, and a file that is not a memory is named in the error."""
    from transbench.errors import InputError
    from transbench.memory import TranslationMemory, default_tm_path

    path = path or default_tm_path()
    if not create and not path.is_file():
        raise InputError(
            f"{path}: no translation memory there (approve segments in the editor, or "
            "`transbench tm import` TMX files)"
        )
    if not create and path.stat().st_size == 0:  # SQLite would make it a memory
        raise InputError(f"{path}: an empty file, not a translation memory")
    return TranslationMemory(path)  # a file that is not one is named as such


@tm_app.command("import")
def import_command(
    files: Annotated[list[Path], typer.Argument(help="TMX files (from any CAT tool).")],
    tm: TmPath = None,
    include_drafts: Annotated[
        bool,
        typer.Option(
            "--include-drafts",
            help="Also take units marked as unconfirmed drafts (x-status draft, Trados "
            "Draft/Unspecified/Rejected); by default only confirmed ones go in.",
        ),
    ] = False,
) -> None:
    """Add the Arabic-English pairs of TMX files to the memory (newer replace older)."""
    from transbench.memory.tmx_io import read_tmx

    # Every file is read before the memory is opened: a bad file leaves no empty memory.
    read = [(f, read_tmx(f, include_drafts=include_drafts)) for f in files]
    memory = _open(tm, create=True)
    for f, found in read:
        new = memory.add(found.pairs, origin=f"tmx:{f.name}")
        parts = [f"{new} new", f"{len(found.pairs) - new} already there (updated)"]
        if found.drafts:
            parts.append(f"{found.drafts} unconfirmed draft(s) left out (--include-drafts)")
        if found.incomplete:
            parts.append(f"{found.incomplete} without both Arabic and English skipped")
        typer.echo(
            f"{f}: {len(found.pairs)} pairs into {memory.path}: {', '.join(parts)}", err=True
        )


@tm_app.command("export")
def export_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="TMX file to write (- : stdout).")],
    tm: TmPath = None,
) -> None:
    """Write the whole memory as TMX 1.4b."""
    from transbench.memory.tmx_io import write_tmx

    check_output(output, suffixes=(".tmx",))
    memory = _open(tm)
    pairs = [(s, t) for s, t, _ in memory]
    write_output(output, write_tmx(pairs, memory.path.name))
    typer.echo(f"{output}: {len(pairs)} pairs", err=True)


@tm_app.command("search")
def search_command(
    text: Annotated[str, typer.Argument(help="Arabic sentence to look up.")],
    threshold: Annotated[
        float, typer.Option("--threshold", min=0.0, max=1.0, help="Lowest similarity shown.")
    ] = 0.75,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Most matches shown.")] = 5,
    tm: TmPath = None,
) -> None:
    """Exact and fuzzy matches for TEXT, best first, with their similarity."""
    memory = _open(tm)
    exact = memory.exact(text)
    matches = [exact] if exact else memory.fuzzy(text, threshold, limit)
    for m in matches:
        kind = "exact" if m.score == 1.0 else f"{100 * m.score:.0f}%"
        typer.echo(f"{kind}\t{m.source}\t→ {m.target}\t[{m.origin}]")
    if not matches:
        typer.echo("no match", err=True)


@tm_app.command("stats")
def stats_command(tm: TmPath = None) -> None:
    """How many units the memory holds, and where they came from."""
    stats = _open(tm).stats()
    typer.echo(f"{stats['path']}: {stats['units']} units, {stats['bytes']:,} bytes")
    for origin, count in stats["origins"].items():
        typer.echo(f"  {origin}: {count}")
