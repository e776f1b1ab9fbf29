"""`transbench eval`: how good are the drafts on a test set, and how fast."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Annotated

import typer

from transbench.batch.extract import read_document
from transbench.cli.app import app
from transbench.cli.output import check_output, is_stdout, write_output
from transbench.cli.translate_cmd import DEMO_WARNING, TermsMode
from transbench.errors import InputError
from transbench.textio import read_text


@app.command("eval")
def eval_command(
    src: Annotated[Path, typer.Option("--src", help="Arabic test set, one sentence a line.")],
    ref: Annotated[Path, typer.Option("--ref", help="English references, line-aligned.")],
    model: Annotated[str | None, typer.Option("--model", "-m", help="Model to evaluate.")] = None,
    glossary: Annotated[
        list[Path] | None,
        typer.Option(
            "--glossary",
            "-g",
            help="Glossaries for term success (default: ./glossary when present).",
        ),
    ] = None,
    no_glossary: Annotated[bool, typer.Option("--no-glossary", help="No glossary.")] = False,
    terms: Annotated[TermsMode, typer.Option("--terms", help="off, soft or hard.")] = (
        TermsMode.hard
    ),
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Only the first N lines.")
    ] = None,
    hypotheses: Annotated[
        Path | None,
        typer.Option("--output", "-o", "--hyp-out", help="Write the drafts here, one a line."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """BLEU and chrF (sacrebleu, with signatures), glossary term success rate, QA counts,
    time and sentences/s. The draft cache is not used, so times are real."""
    from transbench.evaluation import evaluate
    from transbench.pipeline import DEFAULT_GLOSSARY, build_pipeline

    if hypotheses:
        check_output(hypotheses, str(src), str(ref))
    sources = read_document(src).text.splitlines()
    references = read_text(ref).splitlines()
    if len(sources) != len(references):
        raise InputError(
            f"{src} has {len(sources)} lines but {ref} has {len(references)}; "
            "test sets must be line-aligned"
        )
    if limit:
        sources, references = sources[:limit], references[:limit]
    pipeline = build_pipeline(
        model=model,
        terms=terms.value,
        use_cache=False,
        glossary=None if no_glossary else (glossary or DEFAULT_GLOSSARY),
        # A test sentence already in the memory would come back as its own reference.
        tm=None,
    )
    if pipeline.translator.is_demo:
        typer.echo(
            DEMO_WARNING.format(name=pipeline.translator.name) + "; scores from it measure nothing",
            err=True,
        )
    result = evaluate(pipeline, sources, references)
    if hypotheses:
        write_output(hypotheses, "".join(h + "\n" for h in result.hypotheses).encode("utf-8"))
    figures = {"model": pipeline.translator.name, "terms_mode": terms.value, **result.to_dict()}
    # With the drafts on standard output (-o -), the figures go to standard error.
    echo = functools.partial(typer.echo, err=hypotheses is not None and is_stdout(hypotheses))
    if as_json:
        echo(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    rate = figures["term_success_rate"]
    echo(f"model {figures['model']}, terms {terms.value}, {figures['sentences']} sentences")
    echo(f"BLEU {figures['bleu']:.2f}  ({figures['bleu_signature']})")
    echo(f"chrF {figures['chrf']:.2f}  ({figures['chrf_signature']})")
    echo(
        f"term success {'n/a' if rate is None else f'{100 * rate:.1f}%'} "
        f"({result.terms_present}/{result.terms})"
    )
    qa = ", ".join(f"{k} {v}" for k, v in figures["qa_findings"].items()) or "none"
    echo(f"QA findings: {qa}")
    echo(f"time {figures['seconds']} s, {figures['sentences_per_second']} sentences/s")
