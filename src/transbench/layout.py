"""Putting translated units back into the original layout."""

from __future__ import annotations

from collections.abc import Iterable


def relayout(source: str, units: Iterable[tuple[int, int, str]]) -> str:
    """`source` with each (start, end) span replaced by its text; everything between the
    spans (spaces, line breaks, blank lines) is kept exactly."""
    parts, pos = [], 0
    for start, end, text in units:
        parts += [source[pos:start], text]
        pos = end
    parts.append(source[pos:])
    return "".join(parts)
