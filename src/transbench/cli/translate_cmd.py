"""`transbench translate`: draft English for an Arabic article, glossary terms enforced."""

from __future__ import annotations

import os
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from transbench.batch.extract import read_document
from transbench.batch.locations import is_url
from transbench.batch.output import Output, open_output
from transbench.batch.sources import Selection, is_collection
from transbench.cli.app import app
from transbench.cli.options import HtmlMode, HtmlOption
from transbench.cli.output import check_output, is_stdout, write_output
from transbench.errors import InputError
from transbench.mt.base import MODES

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


class _BatchProgress:
    """A progress bar on a terminal; a plain line every 10 seconds otherwise."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.last = 0.0
        self.bar = None
        if sys.stderr.isatty():
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("documents"),
                BarColumn(),
                TextColumn(
                    "{task.completed}/{task.total} · {task.fields[seg]} "
                    "segments · {task.fields[rate]}/s"
                ),
                TimeRemainingColumn(),
                transient=True,
            )
            self.task = self.bar.add_task("docs", total=None, seg=0, rate="0")
            self.bar.start()

    def __call__(self, docs: int, total: int, segments: int) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = f"{segments / elapsed:.1f}"
        if self.bar is not None:
            self.bar.update(self.task, completed=docs, total=total, seg=segments, rate=rate)
        elif time.monotonic() - self.last >= 10 or docs == total:
            self.last = time.monotonic()
            typer.echo(
                f"transbench: {docs}/{total} documents, {segments} segments, {rate} segments/s",
                err=True,
            )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command("translate")
def translate_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT",
            help="Arabic articles (.txt, .md, .html, .docx; - for stdin), folders, "
            ".zip/.tar(.gz|.bz2|.xz) archives or .jsonl files; also as URLs of an object "
            "store (s3://bucket/wire, gs://..., read as a batch).",
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="Output file (- or none: standard output). A folder (an existing one, or "
            "a name ending in /) or a store URL (s3://bucket/out) makes a batch: it mirrors "
            "the inputs and holds report.json.",
        ),
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
            help="hard: a draft has every hard glossary term, or keeps the plain draft and "
            "QA flags the missing term (never degenerate text); soft: terms are favoured; "
            "off: the model alone.",
        ),
    ] = TermsMode.hard,
    formats: Annotated[
        list[OutputFormat] | None,
        typer.Option(
            "--format",
            "-f",
            help="txt: English with the original paragraphs; "
            "jsonl: one record per segment with its terms; tmx, xliff (1.2, with "
            "states), docx (side by side, needs -o), csv, tsv, html: bilingual copy. "
            "Repeat for several (batch).",
        ),
    ] = None,
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
    include: Annotated[
        list[str] | None,
        typer.Option(
            "--include",
            help="Batch: only paths matching this glob (repeatable), e.g. '*.txt' or 'news/*'.",
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", help="Batch: skip paths matching this glob (repeatable)."),
    ] = None,
    text_field: Annotated[
        str, typer.Option("--text-field", help="JSONL: the field holding the Arabic text.")
    ] = "text",
    id_field: Annotated[
        str, typer.Option("--id-field", help="JSONL: the field naming each record.")
    ] = "id",
    force: Annotated[
        bool, typer.Option("--force", help="Batch: redo documents already finished.")
    ] = False,
    tm: Annotated[
        Path | None,
        typer.Option(
            "--tm",
            help="Translation memory whose exact matches replace drafts "
            "(default: $TRANSBENCH_TM or the user's, when it exists).",
        ),
    ] = None,
    no_tm: Annotated[bool, typer.Option("--no-tm", help="Do not use a memory.")] = False,
    html: HtmlOption = HtmlMode.article,
    ray: Annotated[
        str | None,
        typer.Option(
            "--ray",
            metavar="ADDRESS",
            help="Batch: run on Ray Data. local starts Ray on this machine; auto or "
            "ray://HOST:10001 joins a cluster (transbench[ray] on every node, inputs and "
            "-o on a file system they all see).",
        ),
    ] = None,
    ray_actors: Annotated[
        int,
        typer.Option(
            "--ray-actors",
            min=1,
            help="Ray: drafting actors, a model each; on CPUs about one per core (the "
            "readers keep half a CPU) drafts fastest, where memory allows.",
        ),
    ] = 1,
    ray_gpus_per_actor: Annotated[
        float, typer.Option("--ray-gpus-per-actor", min=0, help="Ray: GPUs each actor takes.")
    ] = 0.0,
    ray_cpus_per_actor: Annotated[
        float | None,
        typer.Option(
            "--ray-cpus-per-actor",
            min=0.5,
            metavar="N",
            help="Ray: CPUs each actor takes and drafts with (default: on --ray local, the "
            "machine shared by the actors; on a cluster, 1).",
        ),
    ] = None,
) -> int:
    """Translate Arabic articles into English drafts, enforcing glossary terms.

    One file: the draft goes to stdout or -o FILE. Several inputs, a folder, an archive or
    JSONL: a batch into the -o folder, resumable (a rerun skips finished documents), with a
    summary at the end and report.json; exit code 1 if any document failed.
    """
    from transbench.pipeline import DEFAULT_GLOSSARY, DEFAULT_TM, build_pipeline

    fmts = [f.value for f in (formats or [OutputFormat.txt])]
    # A URL (s3://bucket/out) names a folder in a store; URL inputs are read as a batch.
    into_folder = output is not None and (
        output.endswith("/") or is_url(output) or Path(output).is_dir()
    )
    batch = (
        into_folder
        or len(inputs) > 1
        or len(fmts) > 1
        or any(is_url(i) or is_collection(i) for i in inputs)
    )
    out: Path | str | None = None
    if output is not None and not is_stdout(Path(output)):
        out = output if is_url(output) else Path(output)
    if output is not None and out is None and batch:
        raise InputError("-o - writes to standard output, which holds one document")
    if batch:
        target = _batch_output(out)
        own = (out,) if isinstance(out, Path) else ()
        docs = _find_documents(
            inputs,
            Selection(tuple(include or ()), tuple(exclude or ()), text_field, id_field, skip=own),
        )
    else:
        if out is not None:
            fmts = [_single_output_format(inputs[0], out, formats)]
        elif fmts == ["docx"]:
            raise InputError("--format docx writes a Word file: give it a name with -o FILE.docx")
        source = read_document(inputs[0], html.value)
    if ray is not None and not batch:
        raise InputError("--ray runs batches: give several inputs, a folder, an archive or JSONL")
    options = {
        "model": model,
        "glossary": None if no_glossary else (glossary or DEFAULT_GLOSSARY),
        "terms": terms.value,
        "use_cache": not no_cache,
        "registry": registry,
        "beam_size": beam,
        "batch_tokens": batch_tokens,
        "tm": None if no_tm else (tm or DEFAULT_TM),
    }
    # The model loads when a sentence first needs it: drafts the cache holds, a rerun of
    # a finished batch and the Ray driver (only its actors draft) need none.
    pipeline = build_pipeline(**options, lazy=True)
    demo = pipeline.translator.is_demo
    if demo:
        typer.echo(DEMO_WARNING.format(name=pipeline.translator.name), err=True)
    if batch and ray is not None:
        from transbench.batch.ray_runner import RayOptions, run_on_ray
        from transbench.pipeline import portable_options

        where = RayOptions(ray, ray_actors, ray_gpus_per_actor, ray_cpus_per_actor)
        report = run_on_ray(
            docs, pipeline, portable_options(options), target, fmts, force, html.value, where
        )
        code = _finish_batch(report, target)
    elif batch:
        code = _run_batch(pipeline, docs, target, fmts, force, html.value)
    else:
        code = _run_single(pipeline, inputs[0], source, out, fmts[0])
    if demo:
        typer.echo(DEMO_WARNING.format(name=pipeline.translator.name), err=True)
    return code


# What a file name says it holds, so that `-o draft.docx` writes Word without `-f docx`.
_SUFFIX_FORMATS = {
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".tmx": "tmx",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".docx": "docx",
    ".csv": "csv",
    ".tsv": "tsv",
    ".html": "html",
    ".htm": "html",
}


def _batch_output(out: Path | str | None) -> Output:
    """The batch's output tree, opened once and checked before any work."""
    if out is None:
        raise InputError(
            "a batch (several inputs, a folder, an archive or JSONL, or several "
            "formats) needs an output folder: -o FOLDER"
        )
    if isinstance(out, str):
        return open_output(out)  # an unknown scheme or a missing store library: said now
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    if not out.exists() and out.suffix.lower() in _SUFFIX_FORMATS:
        raise InputError(
            f"{out}: a batch writes a folder of outputs, and this looks like a file name; "
            f"name a folder (-o {out.with_suffix('')}/)"
        )
    existing = next(p for p in (out, *out.absolute().parents) if p.exists())
    if not os.access(existing, os.W_OK | os.X_OK):
        where = "" if existing == out else f" (the folder {existing} is read-only)"
        raise InputError(f"{out}: cannot write there{where}")
    return open_output(out)


def _find_documents(inputs: list[str], selection: Selection) -> list:
    """Every document of the batch, listed before the model loads: inputs holding none
    are an error, not a run of nothing."""
    from transbench.batch.sources import DOCUMENT_SUFFIXES, discover

    docs = list(discover(inputs, selection))
    if not docs:
        looked = ", ".join(DOCUMENT_SUFFIXES) + ", .jsonl and zip/tar archives"
        filters = " matching --include/--exclude" if selection.include or selection.exclude else ""
        raise InputError(f"{', '.join(inputs)}: no documents{filters} (looked for {looked})")
    return docs


def _single_output_format(source: str, output: Path, formats: list | None) -> str:
    """The format for `-o FILE`, checked before any work: taken from the file's extension
    unless -f says otherwise, and a mismatch or an unwritable place stops here, not after
    the translation."""
    implied = _SUFFIX_FORMATS.get(output.suffix.lower())
    given = formats[0].value if formats else None
    if given and implied and given != implied:
        raise InputError(
            f"{output}: the name says {implied} but --format is {given}; change one of them"
        )
    check_output(output, source)
    return given or implied or "txt"


def _run_single(pipeline, name: str, source, output: Path | None, fmt: str) -> int:
    from transbench.export import EXPORTERS, from_result
    from transbench.pipeline import drafts_jsonl

    if source.title:
        dated = f", {source.date}" if source.date else ""
        typer.echo(f"transbench: article: {source.title}{dated}", err=True)
    result = pipeline.translate_text(source.text, _report_progress)
    if fmt == "jsonl":
        data = drafts_jsonl(result.drafts)
    else:
        data = EXPORTERS[fmt].render(
            from_result(result, Path(name).name if name != "-" else "stdin")
        )
    write_output(output, data)
    s = result.stats
    typer.echo(
        f"transbench: {s['segments']} segments ({s['pass_through']} passed through, "
        f"{s['cached']} from cache, {s['from_tm']} from memory), "
        f"glossary terms {s['terms_present']}/{s['terms']} present, "
        f"{s['qa_findings']} QA finding(s) [terms={result.terms_mode}, model={result.model}]",
        err=True,
    )
    return 0


def _run_batch(
    pipeline, docs: list, output: Output, fmts: list[str], force: bool, html: str
) -> int:
    from transbench.batch.runner import BatchRunner

    progress = _BatchProgress()
    try:
        report = BatchRunner(pipeline, output, fmts, force, html, on_progress=progress).run(docs)
    finally:
        progress.close()
    return _finish_batch(report, output)


def _finish_batch(report, output: Output) -> int:
    """The summary, where report.json is, and the exit code: the same for both runners."""
    from transbench.batch.report import REPORT

    typer.echo(report.summary(), err=True)
    if report.unsaved:
        typer.echo(f"transbench: error: {output.location}: {report.unsaved}", err=True)
    else:
        typer.echo(f"report: {output.where(REPORT)}", err=True)
    if report.interrupted:
        return 130
    return 1 if report.failed or report.unsaved else 0
