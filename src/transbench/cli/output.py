"""Where commands write: `-o FILE` (checked before any work, written atomically) or `-o -`
for standard output, the same way in every command."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from transbench.errors import InputError, TransbenchError
from transbench.fsutil import atomic_write_bytes, remove_leftovers


def is_stdout(path: Path | None) -> bool:
    return path is None or str(path) == "-"


def check_output(path: Path, *sources: str | None, suffixes: tuple[str, ...] = ()) -> None:
    """Stop before the work when `path` cannot be written, naming it and the reason; never
    write over an input (`sources`), nor write a format its name (when the command writes
    only `suffixes`) says it is not."""
    if is_stdout(path):
        return
    if suffixes and path.suffix.lower() not in suffixes:
        raise InputError(f"{path}: this command writes {' or '.join(suffixes)} files; name it so")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give -o a file name")
    if not path.parent.is_dir():
        raise InputError(f"{path}: the folder {path.parent} does not exist")
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise InputError(f"{path}: cannot write there")
    for source in sources:
        if source not in (None, "-") and path.exists() and path.resolve() == Path(source).resolve():
            raise InputError(f"{path}: is an input; it would be overwritten")


def write_output(path: Path | None, data: bytes) -> None:
    if is_stdout(path):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        remove_leftovers(path.parent, of=path.name)  # from a write that was killed
        try:
            atomic_write_bytes(path, data)
        except OSError as exc:  # a full disk: anything already there is left as it was
            raise TransbenchError(f"{path}: cannot write it ({exc.strerror or exc})") from None
