"""`transbench translate`: draft English for an Arabic article, glossary terms enforced."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from transbench.cli.app import app
from transbench.errors import InputError
from transbench.fsutil import atomic_write_bytes
from transbench.mt.beam import MODES
from transbench.textio import read_text

DEMO_WARNING = (
    "transbench: warning: model '{name}' is the offline demo model with random weights; "
    "its output is NOT a translation"
)


class OutputFormat(StrEnum):
    txt = "txt"
    jsonl = "jsonl"
    tmx = "tmx"
    xliff = "xliff"
    docx = "docx"
    csv = "csv"
    tsv = "tsv"
    html = "html"


class TermsMode(StrEnum):
    off = "off"
    soft = "soft"
    hard = "hard"


assert {m.value for m in TermsMode} == set(MODES)


def _report_progress(done: int, total: int) -> None:
    """Progress on stderr for long inputs (50+ segments to translate)."""
    if total >= 50:
        typer.echo(f"transbench: translated {done}/{total} segments", err=True)


@app.command("translate")
def translate_command(
    file: Annotated[str, typer.Argument(metavar="FILE", help="Arabic text file, or - for stdin.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            "-m",
            help="Registry name, model folder or Hub id "
            "(default: $TRANSBENCH_MODEL, else the registry default).",
        ),
    ] = None,
    glossary: Annotated[
        list[Path] | None,
        typer.Option(
            "--glossary",
            "-g",
            help="Glossary file or folder; repeatable, first wins (default: ./glossary).",
        ),
    ] = None,
    no_glossary: Annotated[
        bool, typer.Option("--no-glossary", help="Translate without any glossary.")
    ] = False,
    terms: Annotated[
        TermsMode,
        typer.Option(
            "--terms",
            help="hard: every glossary term is guaranteed in the draft; "
            "soft: terms are favoured; off: the model alone.",
        ),
    ] = TermsMode.hard,
    fmt: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="txt: English with the original paragraphs; "
            "jsonl: one record per segment with its terms.",
        ),
    ] = OutputFormat.txt,
    beam: Annotated[int | None, typer.Option("--beam", min=1, help="Beam size.")] = None,
    batch_tokens: Annotated[
        int | None, typer.Option("--batch-tokens", min=1, help="Source tokens per batch.")
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ignore and do not fill the draft cache.")
    ] = False,
    registry: Annotated[
        Path | None, typer.Option("--registry", help="Model registry file.")
    ] = None,
) -> None:
    """Translate an Arabic article into English drafts, enforcing glossary terms."""
    from transbench.export import EXPORTERS, from_result
    from transbench.pipeline import DEFAULT_GLOSSARY, build_pipeline

    if fmt is OutputFormat.docx and output is None:
        raise InputError("--format docx writes a Word file: give it a name with -o FILE.docx")
    text = read_text(file)
    pipeline = build_pipeline(
        model=model,
        glossary=None if no_glossary else (glossary or DEFAULT_GLOSSARY),
        terms=terms.value,
        use_cache=not no_cache,
        registry=registry,
        beam_size=beam,
        batch_tokens=batch_tokens,
    )
    if pipeline.translator.is_demo:
        typer.echo(DEMO_WARNING.format(name=pipeline.translator.name), err=True)
    result = pipeline.translate_text(text, _report_progress)
    if fmt is OutputFormat.jsonl:
        lines = (json.dumps(d.to_record(), ensure_ascii=False) + "\n" for d in result.drafts)
        data = "".join(lines).encode("utf-8")
    else:
        name = Path(file).name if file != "-" else "stdin"
        data = EXPORTERS[fmt.value].render(from_result(result, name))
    if output:
        atomic_write_bytes(output, data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    s = result.stats
    typer.echo(
        f"transbench: {s['segments']} segments ({s['pass_through']} passed through, "
        f"{s['cached']} from cache), glossary terms {s['terms_present']}/{s['terms']} present "
        f"[terms={result.terms_mode}, model={result.model}]",
        err=True,
    )
    if pipeline.translator.is_demo:
        typer.echo(DEMO_WARNING.format(name=pipeline.translator.name), err=True)
