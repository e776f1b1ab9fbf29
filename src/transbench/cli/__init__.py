"""Command-line interface; each command lives in its own module and registers on `app`."""

from transbench.cli import glossary_cmd, segment_cmd  # noqa: F401  (registers commands)
from transbench.cli.app import app, main

__all__ = ["app", "main"]
