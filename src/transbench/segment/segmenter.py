"""Sentence segmentation of Arabic news text, lossless and offset-preserving.

A line break always ends a unit and each non-blank line is a paragraph. Within a line,
a run of terminators (. ! ? ؟ …), with the closing quotes and brackets after it, ends a
sentence unless it sits inside a protected span (URL, number, handle…), inside a short
quotation, after an abbreviation, or before text that continues the sentence.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator

from transbench.segment.patterns import PROTECTED, TERMINATOR_RUN, TERMINATORS, Pair, match_pairs
from transbench.segment.records import Segment
from transbench.segment.rules import ABBREVIATION, ACRONYM, SegmenterRules
from transbench.segment.script import has_arabic, is_arabic_letter, language_of, script_counts

_LINE_BREAK = re.compile("\r\n|[\n\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]")
_CONTINUATION = set("،,؛;:-–—")
_WORD_START = set("([{«‹“”\"'‘")
_ALNUM = re.compile(r"[^\W_]")
# Longer than any abbreviation, title or acronym the rules know (`U.S.A`, `أ.ف.ب`).
_LONGEST_WORD = 40
# An embedded Latin passage (a quoted tweet, say) needs this many Latin words to stand alone.
_PASSAGE_MIN_WORDS = 4

_default_rules: SegmenterRules | None = None


def segment(text: str, rules: SegmenterRules | None = None) -> list[Segment]:
    """Split `text` into translation units; see the module docstring for the rules."""
    global _default_rules
    if rules is None:
        if _default_rules is None:
            _default_rules = SegmenterRules.default()
        rules = _default_rules
    units: list[Segment] = []
    paragraph = 0
    for line_start, line_end in _lines(text):
        line = text[line_start:line_end]
        if not line.strip():
            continue
        paragraph += 1
        units_in_line, protected = _units_in_line(line, rules)
        for start, end in units_in_line:
            piece = line[start:end]
            lang = language_of(_without(piece, start, protected))
            units.append(
                Segment(
                    id=len(units) + 1,
                    text=piece,
                    start=line_start + start,
                    end=line_start + end,
                    paragraph=paragraph,
                    lang=lang,
                    translate=lang == "ar",
                )
            )
    return units


def _lines(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in _LINE_BREAK.finditer(text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _without(piece: str, offset: int, spans: list[tuple[int, int]]) -> str:
    """`piece` with the protected spans inside it blanked, so URLs and handles don't vote
    on the unit's language."""
    if not spans:
        return piece
    kept, pos = [], 0
    for s, e in spans:
        s, e = max(s - offset, 0), min(e - offset, len(piece))
        if s < e:
            kept.append(piece[pos:s])
            pos = e
    kept.append(piece[pos:])
    return " ".join(kept)


def _units_in_line(
    line: str, rules: SegmenterRules
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Unit spans in `line`, and the protected spans found on the way."""
    protected = [(m.start(), m.end()) for m in PROTECTED.finditer(line)]
    protected_starts = [s for s, _ in protected]
    pairs = match_pairs(line)
    closers = {p.close for p in pairs}
    passages = _latin_passages(line, pairs) if has_arabic(line) else []
    # Spans whose inner terminators never end a sentence.
    held = [(p.open, p.close) for p in pairs if p.close - p.open <= rules.max_quote_chars]
    held += [(p.open, p.close) for p in passages]

    cuts: set[int] = set()
    for p in passages:
        cuts.add(p.open)
        cuts.add(_extend_run(line, p.close + 1, closers))
    # Terminator runs come in order, so one sweep over the held spans by their start keeps
    # the furthest end of those opened before the run: linear, however many quotes a line
    # holds (a line of 64,000 “ marks took minutes when every run tested every span).
    held.sort()
    opened, furthest = 0, -1
    for m in TERMINATOR_RUN.finditer(line):
        run_start, run_end = m.span()
        if _inside(run_start, protected, protected_starts):
            continue
        end = _extend_run(line, run_end, closers)
        while opened < len(held) and held[opened][0] < run_start:
            furthest = max(furthest, held[opened][1])
            opened += 1
        if furthest >= end:
            continue
        if _ends_sentence(line, run_start, run_end, end, rules):
            cuts.add(end)
    return _pieces(line, sorted(cuts)), protected


def _latin_passages(line: str, pairs: list[Pair]) -> list[Pair]:
    """Quoted Latin-script passages in an Arabic line, such as a quoted English tweet.

    A passage must look like text, not a name: enough words, and introduced by a colon
    or holding a sentence end of its own.
    """
    found: list[Pair] = []
    furthest = -1  # the furthest close of the passages found: pairs come by their open
    for p in pairs:
        if not p.is_quote or furthest > p.close:
            continue
        inner = line[p.open + 1 : p.close]
        arabic, latin, letters = script_counts(inner)
        if arabic or latin < letters or len(inner.split()) < _PASSAGE_MIN_WORDS:
            continue
        introduced = line[: p.open].rstrip().endswith(":")
        if introduced or any(ch in TERMINATORS for ch in inner):
            found.append(p)
            furthest = max(furthest, p.close)
    return found


def _inside(pos: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _extend_run(line: str, pos: int, closers: set[int]) -> int:
    """Move past terminators and closing marks that belong to the sentence just ended."""
    while pos < len(line) and (line[pos] in TERMINATORS or pos in closers):
        pos += 1
    return pos


def _ends_sentence(
    line: str, run_start: int, run_end: int, end: int, rules: SegmenterRules
) -> bool:
    nxt = end
    while nxt < len(line) and line[nxt].isspace():
        nxt += 1
    if nxt == len(line):
        return True
    ch = line[nxt]
    if ch in _CONTINUATION or ch.islower():
        return False
    spaced = nxt > end
    closed = end > run_end
    if line[run_start:run_end] == ".":
        kind = rules.classify(_word_before(line, run_start))
        if kind is not None:
            if kind not in (ABBREVIATION, ACRONYM) or not (spaced or closed):
                return False
            return is_arabic_letter(ch) or _word_after(line, nxt) in rules.sentence_starters
    if not (spaced or closed):
        # "الحسكة.وقال" is a missing space; "file.txt" or "Yahoo!News" is not a sentence end.
        return is_arabic_letter(ch)
    return True


def _word_before(line: str, pos: int) -> str:
    """The word a dot follows, for the abbreviation rules. Abbreviations are short, so the
    scan stops after `_LONGEST_WORD` characters (a longer word is none of them): without
    the bound, a line of `د.د.د.…` with no space took time quadratic in its length."""
    start = pos
    while start > 0 and not line[start - 1].isspace() and line[start - 1] not in _WORD_START:
        start -= 1
        if pos - start > _LONGEST_WORD:
            return ""
    return line[start:pos]


def _word_after(line: str, pos: int) -> str:
    end = pos
    while end < len(line) and line[end].isalpha():
        end += 1
    return line[pos:end]


def _pieces(line: str, cuts: list[int]) -> list[tuple[int, int]]:
    """Trim whitespace off each piece between cuts; a piece with no letter or digit
    (a stray "…" or "!!") joins its neighbour instead of standing alone."""
    pieces: list[tuple[int, int]] = []
    bounds = [0, *cuts, len(line)]
    for a, b in itertools.pairwise(bounds):
        while a < b and line[a].isspace():
            a += 1
        while b > a and line[b - 1].isspace():
            b -= 1
        if a == b:
            continue
        if pieces and not (_ALNUM.search(line, *pieces[-1]) and _ALNUM.search(line, a, b)):
            pieces[-1] = (pieces[-1][0], b)
        else:
            pieces.append((a, b))
    return pieces
