"""Where a batch writes: a local folder or an object store (fsspec), behind one interface.

Both give the guarantees the batch relies on: every file appears whole or not at all, a
document's manifest entry is written only after its files, and a rerun can tell what a
killed run finished. `open_output` picks the variant from what the user typed.
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from pathlib import Path

from transbench.batch.locations import is_local, local_path

MANIFEST = ".transbench-manifest.jsonl"
RUN_LOCK = ".transbench-run.lock"  # held by the run writing into a folder


class Output(ABC):
    """An output tree. Instances are pickled to the workers of a Ray cluster, which
    write into the same tree."""

    location: str  # as the user gave it, for messages

    def claim(self) -> AbstractContextManager[None]:
        """Held for a whole run, so that a second run into the same tree is refused at
        its start instead of removing the first one's temp files (`prepare`) and writing
        over its documents. Object stores have no locks: there it is the user's care."""
        return contextlib.nullcontext()

    @abstractmethod
    def prepare(self) -> None:
        """Create the tree if need be and remove what a killed run left half written."""

    @abstractmethod
    def tidy(self) -> None:
        """Remove what a writer that died mid-write left (a Ray worker lost with its
        node), once no one else writes."""

    @abstractmethod
    def write(self, rel: str, data: bytes) -> None:
        """Write one file whole, replacing any earlier one; raises OSError."""

    @abstractmethod
    def remove(self, rel: str) -> None:
        """Delete a file if it is there."""

    @abstractmethod
    def manifest_lines(self) -> list[str]:
        """The manifest's JSON lines, oldest first."""

    @abstractmethod
    def append_manifest(self, line: str) -> None:
        """Add one JSON line to the manifest, durably, before returning."""

    def where(self, rel: str) -> str:
        return f"{self.location.rstrip('/')}/{rel}"

    def write_all(self, files: dict[str, bytes]) -> None:
        """A document's files: a failure part way removes those already written, so no
        document is left with half a set."""
        written: list[str] = []
        try:
            for rel, data in files.items():
                self.write(rel, data)
                written.append(rel)
        except OSError:
            for rel in written:
                self.remove(rel)
            raise


def open_output(location: str | Path | Output) -> Output:
    """A local folder for a path or file:// URL, an object store for any other URL."""
    if isinstance(location, Output):
        return location
    if is_local(location):
        from transbench.batch.output.folder import Folder

        return Folder(local_path(location))
    from transbench.batch.output.store import Store

    return Store(str(location))
