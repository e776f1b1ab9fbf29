"""Numbers the Arabic writes in words: decades (خمسينيات القرن التاسع عشر, the 1850s),
centuries (القرن التاسع عشر, the 19th century) and cardinals from ten up (عشرين, 20; خمسة
عشر, 15; ثلاثة آلاف, 3,000), and how English may write each of them.

Units below ten are left out: ست is also "lady", سبع "lion", خمس and عشر also "a fifth"
and "a tenth", and واحد/اثنان are as often "a" or a dual as a number.
All matching is on `normalize`d Arabic (ة → ه, أ/إ/آ → ا, marks and tatweel gone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transbench.glossary.normalize import normalize

_UNITS = {
    "ثلاث": 3,
    "ثلاثه": 3,
    "اربع": 4,
    "اربعه": 4,
    "خمس": 5,
    "خمسه": 5,
    "ست": 6,
    "سته": 6,
    "سبع": 7,
    "سبعه": 7,
    "ثماني": 8,
    "ثمانيه": 8,
    "ثمان": 8,
    "تسع": 9,
    "تسعه": 9,
}
_TENS = {
    "عشر": 20,
    "ثلاث": 30,
    "اربع": 40,
    "خمس": 50,
    "ست": 60,
    "سبع": 70,
    "ثمان": 80,
    "تسع": 90,
}
# Ordinals as centuries are named: التاسع عشر, الحادي والعشرين.
_ORDINALS = {
    "الاول": 1,
    "الثاني": 2,
    "الثالث": 3,
    "الرابع": 4,
    "الخامس": 5,
    "السادس": 6,
    "السابع": 7,
    "الثامن": 8,
    "التاسع": 9,
    "العاشر": 10,
}
_ORD = "|".join(_ORDINALS)
_CENTURY_NAME = (
    rf"(?:(?P<teen>الحادي|{_ORD})\s+عشر|الحادي\s+و(?P<twentyone>العشرين)|(?P<twenty>العشرين)"
    rf"|(?P<ord>{_ORD})|ال\s*(?P<digits>\d{{1,2}})|(?P<bare>\d{{1,2}}))(?!\w)"
)
_CENTURY = re.compile(rf"(?<!\w)[وفبلك]?(?:ال|ل)قرن\s+{_CENTURY_NAME}")
_DECADE = re.compile(
    r"(?<!\w)(?:[وفبلك]|من|في)?(?:ال)?(?P<tens>عشر|ثلاث|اربع|خمس|ست|سبع|ثمان|تسع)ين(?:ي)?ات(?!\w)"
    rf"(?:\s+(?:من\s+)?(?:ال|ل)قرن\s+{_CENTURY_NAME})?"
)
_TEN_WORD = "|".join(_TENS)
_UNIT_WORD = "|".join(sorted(_UNITS, key=len, reverse=True))
_ORD_UNIT = "|".join(["الحادي", *_ORDINALS])  # الحادي والعشرين: the 21st
# القرنين التاسع عشر والعشرين, "the 19th and 20th centuries": not the number 20.
_TWO_CENTURIES = re.compile(r"(?<!\w)[وفبلك]?(?:ال|ل)قرنين\s+\S+(?:\s+عشر)?\s+و\S+")
# 20-99 (خمسة وعشرون), 11-19 (خمسة عشر), hundreds (ثلاثمئة, مئتان) and thousands (ثلاثة
# آلاف, ألفان), each with the clitics و ب ل ف before it.
_CARDINAL = re.compile(
    r"(?<!\w)[وفبل]?(?:ال)?"
    r"(?:"
    rf"(?:(?:(?P<unit>{_UNIT_WORD})|(?P<ordunit>{_ORD_UNIT})ه?)\s+و)?(?:ال)?"
    rf"(?P<tens>{_TEN_WORD})(?:ون|ين)"
    rf"|(?P<teenunit>{_UNIT_WORD}|احد|احدي|اثنا|اثني|اثنتا|اثنتي)\s+عشر[ه]?"
    rf"|(?P<hunit>ثلاث|اربع|خمس|ست|سبع|ثمان|تسع)?\s*(?P<hundred>ميه|مايه|ميتان|ميتين|ميتا|مايتان|مايتين|مايتا)"
    rf"|(?P<kunit>{_UNIT_WORD}|عشره|عشر)\s+(?P<thousands>الاف|الف)"
    r"|(?P<two_k>الفان|الفين)"
    r")(?!\w)"
)


@dataclass(frozen=True)
class WordNumber:
    """A number written in Arabic words, where it stands in the normalised text."""

    kind: str  # "decade", "century", "cardinal"
    value: int  # 1850 for a decade in a known century, 50 when the century is not named
    century: int | None
    start: int
    end: int
    text: str


def _century(m: re.Match) -> int | None:
    if m["teen"]:
        return 10 + (1 if m["teen"] == "الحادي" else _ORDINALS[m["teen"]])
    if m["twentyone"]:
        return 21
    if m["twenty"]:
        return 20
    if m["ord"]:
        return _ORDINALS[m["ord"]]
    digits = m["digits"] or m["bare"]
    return int(digits) if digits and 1 <= int(digits) <= 21 else None


def word_numbers(text: str) -> tuple[str, list[WordNumber]]:
    """The normalised text, and the decades, centuries and cardinals (≥ 10) it writes in
    words, longest first: a century inside a decade phrase is part of the decade."""
    plain = normalize(text)
    found: list[WordNumber] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for m in _DECADE.finditer(plain):
        tens = _TENS[m["tens"]]
        century = _century(m)
        value = (century - 1) * 100 + tens if century else tens
        found.append(WordNumber("decade", value, century, m.start(), m.end(), m.group().strip()))
        taken.append(m.span())
    for m in _CENTURY.finditer(plain):
        century = _century(m)
        if century and free(*m.span()):
            found.append(WordNumber("century", century, century, *m.span(), m.group().strip()))
            taken.append(m.span())
    taken += [m.span() for m in _TWO_CENTURIES.finditer(plain)]
    for m in _CARDINAL.finditer(plain):
        if not free(*m.span()):
            continue
        # في المئة, بالمئة: "percent", not a hundred.
        percent = "ال" + str(m["hundred"]) in m.group() or plain[: m.start()].endswith("في ")
        if m["hundred"] and percent:
            continue
        value = _cardinal(m)
        if value:
            found.append(WordNumber("cardinal", value, None, *m.span(), m.group().strip()))
            taken.append(m.span())
    return plain, sorted(found, key=lambda w: w.start)


def _cardinal(m: re.Match) -> int:
    if m["tens"]:
        unit = _UNITS[m["unit"]] if m["unit"] else 0
        if m["ordunit"]:
            unit = 1 if m["ordunit"] == "الحادي" else _ORDINALS[m["ordunit"]]
        return _TENS[m["tens"]] + unit
    if m["teenunit"]:
        unit = m["teenunit"]
        return 10 + (1 if unit.startswith("احد") else 2 if unit.startswith("اثن") else _UNITS[unit])
    if m["hundred"]:
        if m["hundred"].startswith(("ميت", "مايت")):  # مئتان, normalised
            return 200
        return 100 * (_UNITS[m["hunit"]] if m["hunit"] else 1)
    if m["thousands"]:
        unit = m["kunit"]
        return 1000 * (10 if unit.startswith("عشر") else _UNITS[unit])
    if m["two_k"]:
        return 2000
    return 0
