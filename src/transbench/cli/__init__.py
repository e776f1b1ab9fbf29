"""Command-line interface; each command lives in its own module and registers on `app`."""

from transbench.cli import (  # noqa: F401  (importing registers the commands)
    eval_cmd,
    glossary_cmd,
    models_cmd,
    qa_cmd,
    segment_cmd,
    serve_cmd,
    tm_cmd,
    translate_cmd,
    users_cmd,
)
from transbench.cli.app import app, main

__all__ = ["app", "main"]
