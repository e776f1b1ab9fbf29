"""The translation unit record every later stage (glossary, MT, QA, export) works on."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Segment:
    """One translation unit: `text` is exactly `original[start:end]`, never normalised.

    `id` and `paragraph` count from 1. `translate` is False for pass-through units
    (English or other scripts, URL-only or number-only lines), which are kept as they are.
    """

    id: int
    text: str
    start: int
    end: int
    paragraph: int
    lang: str
    translate: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
