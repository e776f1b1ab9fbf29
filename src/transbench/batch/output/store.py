"""A batch's outputs in an object store through fsspec (s3://, gs://, az://, memory://...).

An object store has no rename and no append, but a PUT is whole: each file is one object,
written in one request. The manifest is a folder of small objects, one per finished
document (or per merge), read together on the next run; many parts are merged into one
when a run starts, so a resumed archive of millions of documents reads a few objects.
"""

from __future__ import annotations

import contextlib
import time
import uuid

from transbench.batch.locations import open_url
from transbench.batch.output import MANIFEST, Output

PARTS = MANIFEST.removesuffix(".jsonl") + ".d"
_MERGE_ABOVE = 64  # parts


class Store(Output):
    def __init__(self, url: str) -> None:
        self.location = url
        self.fs, self.root = open_url(url)
        self.root = self.root.rstrip("/")

    def _path(self, rel: str) -> str:
        return f"{self.root}/{rel}"

    def prepare(self) -> None:
        self.fs.makedirs(self.root, exist_ok=True)  # a no-op on object stores
        parts = self._parts()
        if len(parts) > _MERGE_ABOVE:
            # The merged part is written before any is deleted: a run killed between the
            # two reads some entries twice, which is harmless (the last one wins).
            merged = "".join(self.fs.cat_file(p).decode("utf-8") for p in parts)
            self._put_part(merged)
            self.fs.rm(parts)

    def tidy(self) -> None:
        """Nothing to remove: an object is put whole or not at all."""

    def write(self, rel: str, data: bytes) -> None:
        self.fs.pipe_file(self._path(rel), data)

    def remove(self, rel: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.fs.rm_file(self._path(rel))

    def _parts(self) -> list[str]:
        folder = self._path(PARTS)
        if not self.fs.exists(folder):
            return []
        return sorted(p for p in self.fs.find(folder) if p.endswith(".jsonl"))

    def _put_part(self, text: str) -> None:
        # Names sort in the order they were written (then at random for one nanosecond).
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.jsonl"
        self.fs.pipe_file(self._path(f"{PARTS}/{name}"), text.encode("utf-8"))

    def manifest_lines(self) -> list[str]:
        return [
            line for p in self._parts() for line in self.fs.cat_file(p).decode("utf-8").splitlines()
        ]

    def append_manifest(self, line: str) -> None:
        self._put_part(line + "\n")
