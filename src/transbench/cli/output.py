"""Where commands write: `-o FILE` (checked before any work, written atomically) or `-o -`
for standard output, the same way in every command."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from transbench.errors import InputError
from transbench.fsutil import atomic_write_bytes


def is_stdout(path: Path | None) -> bool:
    return path is None or str(path) == "-"


def check_output(path: Path, source: str | None = None) -> None:
    """Stop before the work when `path` cannot be written, naming it and the reason; never
    write over the input (`source`)."""
    if is_stdout(path):
        return
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give -o a file name")
    if not path.parent.is_dir():
        raise InputError(f"{path}: the folder {path.parent} does not exist")
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InputError(f"{path}: cannot write there")
    if source not in (None, "-") and path.exists() and path.resolve() == Path(source).resolve():
        raise InputError(f"{path}: is the input; it would be overwritten")


def write_output(path: Path | None, data: bytes) -> None:
    if is_stdout(path):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        atomic_write_bytes(path, data)
