"""What every translation backend offers the pipeline."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence

from transbench.glossary.presence import Forms, first_with_terms

# How glossary terms are honoured. Kept here, free of torch, so that commands which only
# parse options do not pay for importing it.
MODES = ("off", "soft", "hard")

# Part of every draft cache key: bump it when the search (`beam`) would give other drafts.
SEARCH_VERSION = 4

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
        terms: Sequence[Sequence[Forms]],
        mode: str,
        progress: Progress | None = None,
    ) -> list[str]:
        """One translation per source, in input order; `terms[i]` are the terms sentence i
        must contain, each as its accepted English forms (`glossary.presence`);
        `progress` is called after each batch."""


def keep_or_redo(
    found: Sequence[Sequence[str]], terms: Sequence[Sequence[Forms]], checked: Sequence[bool]
) -> tuple[list[str], list[int], list[int]]:
    """Hard terms on a plain search's hypotheses (best first), the rule both backends
    follow: where `checked`, the best hypothesis that has every term is the draft; when
    none has, the unit is to be searched again under constraints. Returns the drafts, the
    units that took a lower hypothesis, and the units to search again."""
    drafts, lower, redo = [], [], []
    for i, texts in enumerate(found):
        rank = first_with_terms(texts, terms[i]) if checked[i] else 0
        drafts.append(texts[rank or 0])
        if rank is None:
            redo.append(i)
        elif rank:
            lower.append(i)
    return drafts, lower, redo
