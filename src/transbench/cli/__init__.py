"""Command-line interface; each command lives in its own module and registers on `app`."""

from transbench.cli import segment_cmd  # noqa: F401  (registers the command)
from transbench.cli.app import app, main

__all__ = ["app", "main"]
