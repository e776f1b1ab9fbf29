"""Which script a piece of text is written in, for language tags and pass-through decisions."""

from __future__ import annotations

import re

# Arabic-script letters only: no harakat, tatweel, digits or Arabic punctuation.
ARABIC_LETTER = (
    "\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef"
    "\u06fa-\u06ff\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdff\ufe70-\ufefc"
)
LATIN_LETTER = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"

_ARABIC_RE = re.compile(f"[{ARABIC_LETTER}]")
_LATIN_RE = re.compile(f"[{LATIN_LETTER}]")
_LETTER_RE = re.compile(r"[^\W\d_]")

# A unit whose letters are at least this share Arabic is Arabic: Arabic news sentences often
# carry long Latin names, and tagging such a sentence English would leave it untranslated.
ARABIC_SHARE = 0.25


def is_arabic_letter(ch: str) -> bool:
    return bool(_ARABIC_RE.match(ch))


def has_arabic(text: str) -> bool:
    return _ARABIC_RE.search(text) is not None


def script_counts(text: str) -> tuple[int, int, int]:
    """(Arabic letters, Latin letters, all letters) in `text`."""
    return (
        len(_ARABIC_RE.findall(text)),
        len(_LATIN_RE.findall(text)),
        len(_LETTER_RE.findall(text)),
    )


def language_of(text: str) -> str:
    """'ar', 'en' (Latin script) or 'other' (another script, or no letters at all)."""
    if _LATIN_RE.search(text) is None and has_arabic(text):
        return "ar"  # the common case, decided without counting
    arabic, latin, letters = script_counts(text)
    if letters == 0:
        return "other"
    if arabic >= ARABIC_SHARE * letters:
        return "ar"
    if latin * 2 >= letters:
        return "en"
    return "other"
