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

# Marks and tatweel sit on the letter before them: they are skipped in matching and kept
# inside the marked span (as `glossary.normalize` drops them).
_MARKS = frozenset(
    chr(c) for c in (*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE))
) | {"\u0640"}
_SPACES = re.compile(" {2,}")  # a fixed pattern: linear whatever the text holds


class _Fold(dict):
    """Code point → its matching form, for `str.translate`: a mark or tatweel → nothing,
    any white space → one space, anything else as `normalize` writes it alone (alef and
    hamza forms, ta marbuta, digits, Latin case). Filled as characters are first seen."""

    def __missing__(self, code: int) -> str | None:
        ch = chr(code)
        if ch in _MARKS:
            value = None
        elif ch.isspace():
            value = " "
        else:
            value = normalize(ch) or None
            if value is not None and value.isspace():
                value = " "
        self[code] = value
        return value


_FOLD = _Fold()


def key(text: str) -> str:
    """`text` in matching form, every run of white space one space (see `_Fold`)."""
    return _SPACES.sub(" ", text.translate(_FOLD))


def _keyed(text: str) -> tuple[str, list[int], list[int]]:
    """`key(text)` with, for each of its characters, where it starts and ends in `text`
    (a run of spaces is one character of the key; a mark widens the one before it)."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        parts = _FOLD[ord(ch)]
        for part in parts or (None,):
            if part is None or (part == " " and out and out[-1] == " "):
                if ends:  # a mark, or more white space: the character before widens
                    ends[-1] = i + 1
                continue
            out.append(part)
            starts.append(i)
            ends.append(i + 1)
    return "".join(out), starts, ends


@dataclass(frozen=True)
class Occurrence:
    where: str  # "memory", or "document name #segment"
    source: str
    target: str
    source_spans: tuple[tuple[int, int], ...]
    target_spans: tuple[tuple[int, int], ...]


def query_key(query: str) -> str:
    """What a search looks for: the query in matching form, spaces collapsed."""
    return key(normalize(query)).strip()


def spans(needle: str, text: str) -> tuple[tuple[int, int], ...]:
    """Where `needle` (a `query_key`) occurs in `text` as written: Arabic letters in any of
    their forms with marks between them, any run of white space for a space, Latin
    without case. A plain substring search on the key, so linear in the text whatever
    the text and the query hold (no pattern is built from either)."""
    if not needle or needle not in key(text):
        return ()
    folded, starts, ends = _keyed(text)
    found, at = [], folded.find(needle)
    while at >= 0:
        found.append((starts[at], ends[at + len(needle) - 1]))
        at = folded.find(needle, at + len(needle))
    return tuple(found)


def search(
    query: str,
    memory: TranslationMemory | None,
    workspace: Workspace | None,
    limit: int = 30,
) -> list[Occurrence]:
    """Confirmed and approved segments (the desk's latest work) first, then memory units
    not among them, each holding `query` in its Arabic or its English."""
    needle = query_key(query)
    if len(needle) < 2:
        return []
    pairs = []
    if workspace is not None:
        pairs += [(f"{name} #{seg}", s, t) for name, seg, s, t in workspace.finished_segments()]
    if memory is not None:
        pairs += [("memory", s, t) for s, t, _ in memory.concordance(" ".join(query.split()))]
    hits, seen = [], set()
    for where, source, target in pairs:
        if (source, target) in seen:
            continue  # an approved segment is in the memory too: shown once, where it is
        seen.add((source, target))
        src, tgt = spans(needle, source), spans(needle, target)
        if src or tgt:
            hits.append(Occurrence(where, source, target, src, tgt))
            if len(hits) == limit:
                break
    return hits
