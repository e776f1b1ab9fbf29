"""A batch's outputs in a local (or shared network) folder: files replaced atomically
(temp file + rename), the manifest appended to one file and synced line by line."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from transbench.batch.output import MANIFEST, RUN_LOCK, Output
from transbench.errors import InputError
from transbench.fsutil import atomic_write_bytes, remove_leftovers


class Folder(Output):
    def __init__(self, root: Path) -> None:
        self.root = root
        self.location = str(root)

    @contextlib.contextmanager
    def claim(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.root / RUN_LOCK, timeout=0)
        try:
            lock.acquire()
        except Timeout:
            raise InputError(
                f"{self.root}: another transbench run is writing here; wait for it to end "
                "or give another -o"
            ) from None
        try:
            yield
        finally:
            lock.release()

    def prepare(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.tidy()  # a killed run's half-written files

    def tidy(self) -> None:
        remove_leftovers(self.root, recursive=True)

    def write(self, rel: str, data: bytes) -> None:
        target = self._inside(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self._inside(rel), data, follow_symlinks=False)

    def remove(self, rel: str) -> None:
        self._inside(rel).unlink(missing_ok=True)

    def _inside(self, rel: str) -> Path:
        """`rel` under the root, refused where a link planted in the output folder (a
        subfolder pointing elsewhere) would take the write outside it. The file itself
        may be a link: the atomic rename replaces the link, never what it points to."""
        target = self.root / rel
        root = self.root.resolve()
        if not target.parent.resolve().is_relative_to(root):
            raise InputError(
                f"{target}: refused, a link in the output folder leads outside it "
                f"({target.parent.resolve()})"
            )
        return target

    def manifest_lines(self) -> list[str]:
        path = self.root / MANIFEST
        return path.read_text(encoding="utf-8").splitlines() if path.exists() else []

    def append_manifest(self, line: str) -> None:
        path = self.root / MANIFEST
        if path.is_symlink():
            raise InputError(f"{path}: refused, the manifest is a link; remove it")
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def where(self, rel: str) -> str:
        return str(self.root / rel)
