"""What every translation backend offers the pipeline."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence


def find_term(target: str, en: str) -> tuple[int, int] | None:
    """Where a glossary term's English sits in a draft (case-insensitive), if it does."""
    at = target.casefold().find(en.casefold())
    return (at, at + len(en)) if at >= 0 and en else None


# Called with (sentences done, sentences to do).
Progress = Callable[[int, int], None]


class Translator(ABC):
    """Translates sentences, honouring English terms according to a mode (off/soft/hard)."""

    name: str
    is_demo: bool

    @property
    @abstractmethod
    def cache_key(self) -> str:
        """Identifies the model and every setting that changes its output."""

    @abstractmethod
    def translate(
        self,
        sources: Sequence[str],
        terms: Sequence[Sequence[str]],
        mode: str,
        progress: Progress | None = None,
    ) -> list[str]:
        """One translation per source, in input order; `terms[i]` are the English terms
        sentence i must contain; `progress` is called after each batch."""
