"""One exporter per bilingual format, all behind the same small interface."""

from __future__ import annotations

from abc import ABC, abstractmethod

from transbench.export.document import BilingualDocument


class Exporter(ABC):
    name: str
    suffix: str
    binary: bool = False  # cannot go to a terminal

    @abstractmethod
    def render(self, doc: BilingualDocument) -> bytes:
        """The file's bytes."""
