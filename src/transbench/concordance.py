"""Concordance: how a word or phrase was translated before, in the translation memory and
in the segments people confirmed or approved, with the phrase marked where it occurs.

Arabic is found whatever its spelling (diacritics, tatweel, alef and hamza forms, ta
marbuta, as `glossary.normalize` treats them), English whatever its case; the marks are
placed on the text as it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transbench.glossary.normalize import normalize
from transbench.memory import TranslationMemory
from transbench.workspace import Workspace

_MARKS = "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]*"
# Every character that `normalize` turns into the key (ا ← أ إ آ ٱ, ي ← ى ی ئ, ...).
_VARIANTS: dict[str, set[str]] = {}
_ARABIC = [*range(0x0621, 0x064B), 0x0671, 0x06A9, 0x06CC, *range(0x0660, 0x066A)]
for _code in [*_ARABIC, *range(0x06F0, 0x06FA)]:
    _VARIANTS.setdefault(normalize(chr(_code)), set()).add(chr(_code))


@dataclass(frozen=True)
class Occurrence:
    where: str  # "memory", or "document name #segment"
    source: str
    target: str
    source_spans: tuple[tuple[int, int], ...]
    target_spans: tuple[tuple[int, int], ...]


def pattern(query: str) -> re.Pattern[str]:
    """A regex that finds `query` in text as written: Arabic letters in any of their
    forms, with marks between them; spaces as any run of spaces; Latin without case."""
    parts = []
    for ch in normalize(query.strip()):
        if ch.isspace():
            parts.append(r"\s+")
            continue
        forms = _VARIANTS.get(ch, set()) | {ch, ch.upper()}
        parts.append("[" + "".join(re.escape(f) for f in sorted(forms)) + "]" + _MARKS)
    return re.compile("".join(parts), re.IGNORECASE)


def search(
    query: str,
    memory: TranslationMemory | None,
    workspace: Workspace | None,
    limit: int = 30,
) -> list[Occurrence]:
    """Confirmed and approved segments (the desk's latest work) first, then memory units
    not among them, each holding `query` in its Arabic or its English."""
    if len(normalize(query.strip())) < 2:
        return []
    found = pattern(query)
    pairs = []
    if workspace is not None:
        pairs += [(f"{name} #{seg}", s, t) for name, seg, s, t in workspace.finished_segments()]
    if memory is not None:
        pairs += [("memory", s, t) for s, t, _ in memory.concordance(query)]
    hits, seen = [], set()
    for where, source, target in pairs:
        if (source, target) in seen:
            continue  # an approved segment is in the memory too: shown once, where it is
        seen.add((source, target))
        src = tuple(m.span() for m in found.finditer(source))
        tgt = tuple(m.span() for m in found.finditer(target))
        if src or tgt:
            hits.append(Occurrence(where, source, target, src, tgt))
            if len(hits) == limit:
                break
    return hits
