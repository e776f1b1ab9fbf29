"""Writing user files safely: atomic replacement and cross-process locks."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from transbench.errors import TransbenchError


def _read_umask() -> int:
    """The process umask, read once at import (setting it to read it is not thread-safe)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


_UMASK = _read_umask()


def atomic_write_bytes(path: str | Path, data: bytes, follow_symlinks: bool = True) -> None:
    """Replace `path` in one step: readers see the old file or the new one, never half.
    A symlink is followed (the file it points to is replaced and the link stays), unless
    `follow_symlinks` is off: then a link at `path` is itself replaced."""
    target = Path(path)
    if follow_symlinks and target.is_symlink():
        target = target.resolve()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = target.stat().st_mode & 0o7777  # a replaced file keeps its mode
        except FileNotFoundError:
            # A new file gets what the umask allows, as open() would give it (mkstemp
            # makes 0600, which colleagues on a shared desk folder could not read).
            mode = 0o666 & ~_UMASK
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _leftover(name: str, of: str | None = None) -> bool:
    """A temporary file `atomic_write_bytes` left when its process was killed:
    `.<name>.<8 random characters>.tmp` (mkstemp's own pattern)."""
    if not (name.startswith(".") and name.endswith(".tmp")):
        return False
    stem, _, random = name[1:-4].rpartition(".")
    return len(random) == 8 and bool(stem) and (of is None or stem == of)


def remove_leftovers(folder: str | Path, of: str | None = None, recursive: bool = False) -> int:
    """Delete what killed writes left in `folder` (for the file named `of`, or for any);
    a rerun cleans up after the run that was stopped. Returns how many went."""
    base = Path(folder)
    found = base.rglob(".*.tmp") if recursive else base.glob(".*.tmp")
    gone = 0
    for path in found:
        if path.is_file() and not path.is_symlink() and _leftover(path.name, of):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                gone += 1
    return gone


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    atomic_write_bytes(path, text.encode(encoding))


@contextlib.contextmanager
def locked(path: str | Path, timeout: float = 30.0) -> Iterator[None]:
    """Hold `<path>.lock` so that two writers (CLI, UI, another machine on a share) take turns."""
    lock = FileLock(f"{path}.lock", timeout=timeout)
    try:
        with lock:
            yield
    except Timeout:
        raise TransbenchError(
            f"{path}: another transbench process has held the lock for {timeout:.0f} s; "
            f"try again, or delete {path}.lock if no other process is running"
        ) from None
