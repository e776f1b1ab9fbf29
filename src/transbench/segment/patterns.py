"""Spans a sentence splitter must not cut into: URLs, numbers, handles, quotations."""

from __future__ import annotations

import re
from dataclasses import dataclass

TERMINATORS = ".!?؟…‼⁇⁈⁉"
TERMINATOR_RUN = re.compile(f"[{re.escape(TERMINATORS)}]+")

# Trailing characters that end a sentence rather than belong to the URL before them.
_URL_TAIL = r"[^\s<>\"“”«»'.,!?؟;:،؛)\]}…]"
_TLDS = (
    "com|org|net|gov|edu|int|mil|info|news|io|co|tv|me|uk|us|fr|de|ru|sy|iq|sa|ae|eg|lb|jo|"
    "tr|ir|qa|kw|om|ye|ly|tn|ma|dz|ps|il|ch|be|nl|it|es|cn|jp"
)
# Every alternative starts only at a word start (look-behinds), so a long word is scanned
# once rather than from each of its letters.
PROTECTED = re.compile(
    "|".join(
        (
            rf"(?<![\w/])(?:https?://|ftp://|www\.)[^\s<>\"“”«»]*{_URL_TAIL}",
            r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
            rf"(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.(?:{_TLDS})\b(?:/[^\s<>\"“”«»]*{_URL_TAIL})?",
            r"(?<![\w@])@\w+",
            r"(?<![\w#])#\w+",
            # Decimals, thousands, dates, times and ranges: 2.5 1,200 ٢٫٥ 25/8/2020 10:30.
            r"(?<!\d)\d+(?:[.,:/٫٬-]\d+)+",
        )
    )
)

# Openers and the closer each expects. Curly double quotes are matched in either order
# because Arabic web text often has them reversed (”…“) after a bidi round trip.
_PAIRS = {"«": "»", "‹": "›", "(": ")", "[": "]", "{": "}", "‘": "’"}
_SYMMETRIC = {'"': '"', "“": "“”", "”": "“”"}
_BRACKETS = set("()[]{}")
PAIR_CHARS = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_PAIRS.values()) + '"“”') + "]")


@dataclass(frozen=True)
class Pair:
    """A matched opener/closer: `open` and `close` are the positions of the two marks."""

    open: int
    close: int
    is_quote: bool


def match_pairs(line: str) -> list[Pair]:
    """Match quotes and brackets with a stack; unmatched marks (apostrophes, typos) are ignored."""
    stack: list[tuple[int, str]] = []
    pairs: list[Pair] = []
    for m in PAIR_CHARS.finditer(line):
        ch, pos = m.group(), m.start()
        if ch in _SYMMETRIC:
            closes = _SYMMETRIC[ch]
            if stack and stack[-1][1] in closes and (ch == '"') == (stack[-1][1] == '"'):
                pairs.append(Pair(stack.pop()[0], pos, True))
            else:
                stack.append((pos, ch))
            continue
        if ch in _PAIRS:
            stack.append((pos, ch))
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if _PAIRS.get(stack[depth][1]) == ch:
                opener = stack[depth]
                del stack[depth:]
                pairs.append(Pair(opener[0], pos, ch not in _BRACKETS))
                break
    pairs.sort(key=lambda p: p.open)
    return pairs
