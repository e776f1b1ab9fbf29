"""What every translation backend offers the pipeline."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence

from transbench.glossary.presence import Forms, has_all
from transbench.mt.degenerate import worse

# How glossary terms are honoured. Kept here, free of torch, so that commands which only
# parse options do not pay for importing it.
MODES = ("off", "soft", "hard")

# Part of every draft cache key: bump it when the search (`beam`) would give other drafts.
SEARCH_VERSION = 5

# The engine of a unit whose rewrite was degenerate, so its plain draft stayed.
KEPT = "transformers-plain-kept"

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
    found: Sequence[Sequence[str]],
    terms: Sequence[Sequence[Forms]],
    checked: Sequence[bool],
    sources: Sequence[str] | None = None,
) -> tuple[list[str], list[int], list[int]]:
    """Hard terms on a plain search's hypotheses (best first), the rule both backends
    follow: where `checked`, the best hypothesis that has every term, and is no more
    degenerate than the best one (`mt.degenerate.worse`), is the draft; when none is, the
    unit is to be searched again under constraints (the best hypothesis stays its draft
    until then). Returns the drafts, the units that took a lower hypothesis, and the units
    to search again."""
    drafts, lower, redo = [], [], []
    for i, texts in enumerate(found):
        rank = _first_fit(texts, terms[i], sources[i] if sources else "") if checked[i] else 0
        drafts.append(texts[rank or 0])
        if rank is None:
            redo.append(i)
        elif rank:
            lower.append(i)
    return drafts, lower, redo


def _first_fit(texts: Sequence[str], terms: Sequence[Forms], source: str) -> int | None:
    for n, text in enumerate(texts):
        if has_all(text, terms) and (n == 0 or not worse(text, texts[0], source, terms)):
            return n
    return None


def acceptable(text: str, plain: str, source: str, terms: Sequence[Forms]) -> bool:
    """Whether a constrained rewrite may replace the plain draft: it has every term, and no
    degeneracy that the plain draft lacks."""
    return has_all(text, terms) and not worse(text, plain, source, terms)
