"""Editable abbreviation lists that tell a sentence-final dot from an abbreviation's dot."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from transbench.errors import InputError
from transbench.segment.script import ARABIC_LETTER

_SECTIONS = {"titles", "abbreviations", "sentence-starters"}
_ACRONYM = re.compile(r"^(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}$")
_ARABIC_LETTER = re.compile(f"^[{ARABIC_LETTER}]$")

# What a word ending in a dot is, as far as sentence boundaries go.
TITLE, ABBREVIATION, INITIAL, ACRONYM = "title", "abbreviation", "initial", "acronym"


def _key(word: str) -> str:
    return word.rstrip(".").casefold()


@dataclass(frozen=True)
class SegmenterRules:
    """Abbreviation knowledge and limits the segmenter works with."""

    titles: frozenset[str] = field(default_factory=frozenset)
    abbreviations: frozenset[str] = field(default_factory=frozenset)
    sentence_starters: frozenset[str] = field(default_factory=frozenset)
    # Quotations and brackets up to this many characters are kept inside one unit.
    max_quote_chars: int = 300

    @classmethod
    def default(cls) -> SegmenterRules:
        data = resources.files("transbench.segment") / "data"
        texts = [(data / name).read_text(encoding="utf-8") for name in ("en.txt", "ar.txt")]
        return cls().extended(texts, "built-in abbreviation lists")

    def with_files(self, paths: Iterable[str | Path]) -> SegmenterRules:
        rules = self
        for path in paths:
            try:
                text = Path(path).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise InputError(f"{path}: cannot read abbreviation list ({exc})") from None
            rules = rules.extended([text], str(path))
        return rules

    def extended(self, texts: Iterable[str], source: str) -> SegmenterRules:
        found: dict[str, set[str]] = {name: set() for name in _SECTIONS}
        for text in texts:
            section = None
            for lineno, raw in enumerate(text.splitlines(), 1):
                line = raw.strip()
                if not line or line.startswith("#"):
                    continue
                if line.startswith("[") and line.endswith("]"):
                    section = line[1:-1].strip()
                    if section not in _SECTIONS:
                        raise InputError(
                            f"{source}:{lineno}: unknown section [{section}]; "
                            f"use one of {', '.join(sorted(_SECTIONS))}"
                        )
                    continue
                if section is None:
                    raise InputError(f"{source}:{lineno}: entry before any [section] header")
                found[section].add(line if section == "sentence-starters" else _key(line))
        return SegmenterRules(
            titles=self.titles | found["titles"],
            abbreviations=self.abbreviations | found["abbreviations"],
            sentence_starters=self.sentence_starters | found["sentence-starters"],
            max_quote_chars=self.max_quote_chars,
        )

    def classify(self, word: str) -> str | None:
        """What kind of abbreviation `word` (the text before a dot, without it) is, if any."""
        key = word.casefold()
        if key in self.titles:
            return TITLE
        if len(word) == 1 and (word.isupper() or _ARABIC_LETTER.match(word)):
            return INITIAL
        if word == "هـ":
            return INITIAL
        if key in self.abbreviations:
            return ABBREVIATION
        if _ACRONYM.match(word):
            return ACRONYM
        return None
