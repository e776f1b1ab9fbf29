"""The Typer application and the error handling every command shares."""

from __future__ import annotations

import os
import sys
import warnings
from typing import Annotated

import typer

from transbench import __version__
from transbench.cli.helptext import HELP_OPTIONS, tidy
from transbench.errors import TransbenchError, TransbenchWarning

app = typer.Typer(
    name="transbench",
    help=(
        "Arabic-to-English translation and glossary workbench.\n\n"
        "Exit codes: 0 done, 1 finished with failures, 2 bad usage or unreadable input."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": HELP_OPTIONS},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"transbench {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the full traceback when something goes wrong.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Arabic-to-English translation and glossary workbench."""


def _wants_debug(argv: list[str]) -> bool:
    head = argv[: argv.index("--")] if "--" in argv else argv
    return "--debug" in head or os.environ.get("TRANSBENCH_DEBUG") == "1"


def _reader_gone() -> int:
    """The reader (head, less) went away; nothing is lost, so stay quiet: point stdout at
    /dev/null so that the interpreter's last flush does not fail again."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.__stdout__.fileno())
    return 0


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """Our warnings as one plain line; anyone else's as Python shows them."""
    if issubclass(category, TransbenchWarning):
        typer.echo(f"transbench: warning: {message}", err=True)
    else:
        _python_showwarning(message, category, filename, lineno, file, line)


_python_showwarning = warnings.showwarning


def main(argv: list[str] | None = None) -> int:
    """Run the CLI: errors become one line on stderr and an exit code, never a traceback."""
    warnings.showwarning = _show_warning
    args = sys.argv[1:] if argv is None else argv
    debug = _wants_debug(args)
    command = typer.main.get_command(app)
    tidy(command)
    try:
        result = command.main(args=args, prog_name="transbench", standalone_mode=False)
        sys.stdout.flush()  # a reader gone away (`| head`) shows up here, inside the try
    except typer.TyperException as exc:
        # A bad choice is reported by pydantic, whose wording starts "Value error, ".
        exc.message = exc.message.removeprefix("Value error, ")
        exc.show()  # usage errors: Click's own message and a pointer to --help
        return exc.exit_code
    except typer.Abort:
        typer.echo("transbench: aborted", err=True)
        return 130
    except KeyboardInterrupt:
        typer.echo("transbench: interrupted", err=True)
        return 130
    except TransbenchError as exc:
        if debug:
            raise
        typer.echo(f"transbench: error: {exc}", err=True)
        return exc.exit_code
    except BrokenPipeError:
        return _reader_gone()
    except SystemExit as exc:
        # Click (vendored in Typer) and rich (which prints --help) turn a reader gone away
        # into exit 1: Click having wrapped stdout in its PacifyFlushWrapper, rich from
        # inside its handler of the BrokenPipeError.
        gone = type(sys.stdout).__name__ == "PacifyFlushWrapper"
        if exc.code == 1 and (gone or isinstance(exc.__context__, BrokenPipeError)):
            return _reader_gone()
        raise
    except Exception as exc:
        if debug:
            raise
        typer.echo(
            f"transbench: internal error: {type(exc).__name__}: {exc} "
            "(run again with --debug for the traceback)",
            err=True,
        )
        return 1
    return result if isinstance(result, int) else 0
