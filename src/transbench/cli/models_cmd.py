"""`transbench models …`: list, pull, build-demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from transbench.cli.app import app
from transbench.errors import InputError

models_app = typer.Typer(help="Translation models named in models.yaml.", no_args_is_help=True)
app.add_typer(models_app, name="models")

RegistryOption = Annotated[
    Path | None,
    typer.Option(
        "--registry", help="Model registry file (default: $TRANSBENCH_MODELS, else ./models.yaml)."
    ),
]


@models_app.command("list")
def list_command(registry: RegistryOption = None) -> None:
    """Show every model in the registry and whether it is on this machine."""
    from transbench.models.loading import local_path
    from transbench.models.registry import load_registry

    reg = load_registry(registry)
    for name, spec in reg.models.items():
        here = local_path(spec)
        status = f"local: {here}" if here else "not downloaded"
        if spec.backend == "ctranslate2":
            from transbench.models.convert import MARKER, ct2_dir

            converted = ct2_dir(spec, spec.quantization)
            status = (
                f"converted: {converted}"
                if (converted / MARKER).is_file()
                else f"not converted ({status}); run `transbench models convert {name}`"
            )
        default = " (default)" if name == reg.default else ""
        typer.echo(f"{name}{default}\n    {spec.source} [{spec.backend}] — {status}")
        if spec.description:
            typer.echo(f"    {spec.description}")


@models_app.command("pull")
def pull_command(
    name: Annotated[str, typer.Argument(help="Registry name or Hub id.")],
    registry: RegistryOption = None,
) -> None:
    """Download a model into the Hugging Face cache (needs internet access)."""
    from transbench.models.loading import ensure_local
    from transbench.models.registry import load_registry

    path = ensure_local(load_registry(registry).resolve(name))
    typer.echo(f"{name}: ready at {path}")


@models_app.command("build-demo")
def build_demo_command(
    directory: Annotated[Path, typer.Argument(help="Folder to create the model in.")],
    size: Annotated[
        str, typer.Option("--size", help="tiny (fast, for tests) or base (opus-mt-sized).")
    ] = "tiny",
    glossary: Annotated[
        list[Path] | None,
        typer.Option(
            "--glossary",
            "-g",
            help="Glossaries whose terms the vocabulary must "
            "cover (default: ./glossary when present).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing model.")] = False,
) -> None:
    """Build a tiny random-weight Marian model offline. Its output is NOT a translation:
    it exists to run the pipeline and its glossary constraints without Hub access."""
    from transbench.glossary import collection
    from transbench.models.demo import SIZES, build_demo_model, is_demo_model

    if size not in SIZES:
        raise InputError(f"--size must be one of {', '.join(SIZES)}")
    if directory.exists() and any(directory.iterdir()):
        if not is_demo_model(directory):
            raise InputError(
                f"{directory}: exists and is not a transbench demo model; "
                "choose an empty or new folder"
            )
        if not force:
            raise InputError(f"{directory}: a demo model is already there; use --force")
    if glossary is None and collection.default_dir().is_dir():
        glossary = [collection.default_dir()]
    terms = collection.all_terms(collection.load_files(glossary)) if glossary else []
    build_demo_model(
        directory,
        extra_source=[f for t in terms for f in t.source_forms],
        extra_target=[t.en for t in terms],
        size=size,
    )
    typer.echo(f"{directory}: demo model built (random weights, output is not a translation)")


@models_app.command("convert")
def convert_command(
    name: Annotated[str, typer.Argument(help="Registry name, model folder or Hub id.")],
    to: Annotated[str, typer.Option("--to", help="Target engine.")] = "ctranslate2",
    quantization: Annotated[
        str | None,
        typer.Option(
            "--quantization",
            "-q",
            help="int8 (default), int8_float32, float32, float16 or int8_float16.",
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Folder (default: the model cache).")
    ] = None,
    registry: RegistryOption = None,
) -> None:
    """Convert a transformers model (Marian, NLLB, M2M100) for CTranslate2, the fast CPU
    engine; a `backend: ctranslate2` entry in models.yaml then uses it."""
    from transbench.models.convert import convert
    from transbench.models.registry import load_registry

    if to != "ctranslate2":
        raise InputError("--to: only ctranslate2 is supported")
    spec = load_registry(registry).resolve(name)
    out = convert(spec, quantization or spec.quantization, output)
    typer.echo(f"{name}: converted for CTranslate2 ({quantization or spec.quantization}) at {out}")
