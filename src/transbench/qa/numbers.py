"""Numbers, times, dates and quantities must survive translation.

Measured on seven real systems' FLORES output (docs/quality.md), English writes the same
quantity in many ways, and each is accepted: thousands and decimals with any separator the
Arabic used (`783،562` ↔ 783,562), spelled-out numerals (3 ↔ three, 34 ↔ Thirty-four),
scales (380 ألف ↔ 380,000 or 380 thousand), times (12:00 ↔ noon or 1200 hours, 06:30 ↔
0630 or 6.30 a.m.), dates (8.10.2022 ↔ 8 October 2022). A month counts only where the
Arabic word is a month: آب with its madda (not باب "door" or أب "father"), and the names
that are also other words (مارس "practised", مايو in دي مايو) only next to a date.
"""

from __future__ import annotations

import re

from transbench.glossary.normalize import normalize
from transbench.qa.base import ERROR, Check, Finding, QAUnit

_DIGITS = str.maketrans({chr(base + d): str(d) for base in (0x0660, 0x06F0) for d in range(10)})
_NUMBER = re.compile(r"(?<![\d.,٫٬،])\d+(?:[.,٫٬،]\d+)*")
_TIME = re.compile(r"(?<![\d:.])(\d{1,2}):(\d{2})(?![\d:])")
_EN_TIME = re.compile(
    r"(?<![\d:.])(\d{1,2})[:.](\d{2})(?!\d)|(?<!\d)([01]\d|2[0-3])([0-5]\d)(?!\d)"
)
_EN_TIME_WORDS = {"noon": (12, 0), "midday": (12, 0), "midnight": (0, 0)}
_SCALE = re.compile(r"\s*(ألف|آلاف|الاف|الف|مليون|ملايين|مليار|مليارات)")
_SCALES = {
    "الف": 1_000,
    "الاف": 1_000,
    "مليون": 1_000_000,
    "ملايين": 1_000_000,
    "مليار": 1_000_000_000,
    "مليارات": 1_000_000_000,
}
_EN_SCALE = re.compile(r"\s*(thousand|million|billion)", re.IGNORECASE)
_EN_SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUE = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_WORD_VALUE |= {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000}
_NUMBER_WORDS = re.compile(
    r"\b(?:" + "|".join(_WORD_VALUE) + r")(?:[\s-]+(?:" + "|".join(_WORD_VALUE) + r"))*\b",
    re.IGNORECASE,
)
MONTHS = {
    "كانون الثاني": "January",
    "يناير": "January",
    "شباط": "February",
    "فبراير": "February",
    "آذار": "March",
    "مارس": "March",
    "نيسان": "April",
    "أبريل": "April",
    "ابريل": "April",
    "أيار": "May",
    "مايو": "May",
    "حزيران": "June",
    "يونيو": "June",
    "تموز": "July",
    "يوليو": "July",
    "آب": "August",
    "أغسطس": "August",
    "اغسطس": "August",
    "أيلول": "September",
    "سبتمبر": "September",
    "تشرين الأول": "October",
    "أكتوبر": "October",
    "اكتوبر": "October",
    "تشرين الثاني": "November",
    "نوفمبر": "November",
    "كانون الأول": "December",
    "ديسمبر": "December",
}
# Also ordinary words or parts of names: months only next to a date.
_AMBIGUOUS = {"مارس", "مايو", "تموز"}
_DATE_WORDS = ("شهر", "الماضي", "المقبل", "الحالي", "المنصرم", "القادم", "عام", "سنة")
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
# Each name also with a bare alef for أ/إ (ايلول), and آذار as اذار; آب keeps its madda,
# since اب and أب are "father".
_MONTH_FORMS = {
    form: english
    for name, english in MONTHS.items()
    for form in {name, re.sub("^[أإ]", "ا", name), name.replace("آذار", "اذار")}
}
_MONTH_RE = re.compile(
    r"(?<!\w)[وفبل]?("
    + "|".join(sorted(map(re.escape, _MONTH_FORMS), key=len, reverse=True)).replace("ي", "[يى]")
    + r")(?!\w)"
)
_ENGLISH_MONTHS = list(dict.fromkeys(MONTHS.values()))
_MONTH_NUMBER = {
    name.casefold(): float(n)
    for n, month in enumerate(_ENGLISH_MONTHS, 1)
    for name in (month, month[:3], "Sept" if n == 9 else month)
}
_MONTH_NAME = re.compile(r"\b(" + "|".join(_MONTH_NUMBER) + r")\b", re.IGNORECASE)


def _month_numbers(text: str) -> set[float]:
    """Months named in English text (full or abbreviated), as numbers: October → 10."""
    return {_MONTH_NUMBER[m.group(1).casefold()] for m in _MONTH_NAME.finditer(text)}


def _value(raw: str) -> float | tuple[int, ...]:
    """'2,000' and '783،562' → thousands; '2.5', '٢٫٥' and '6,34' → decimals; a date or
    version with several separators ('8.10.2022', '2.11.60') → its groups, (8, 10, 2022)."""
    text = raw.replace("٬", ",").replace("٫", ".").replace("،", ",")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    elif "," in text and "." not in text:
        text = text.replace(",", ".")  # a decimal comma
    try:
        return float(text)
    except ValueError:
        return tuple(int(g) for g in re.split(r"[.,]", text))


def _numbers(text: str, scale_re: re.Pattern, scales: dict[str, int]) -> list[tuple[str, set]]:
    """(as written, accepted values) for each number; '380 ألف' accepts 380 and 380000."""
    found = []
    for m in _NUMBER.finditer(text):
        value = _value(m.group())
        accepted: set = {value}
        scale = scale_re.match(text, m.end())
        if scale and isinstance(value, float):
            accepted.add(value * scales[normalize(scale.group(1)).lower()])
        found.append((m.group(), accepted))
    return found


def _spelled(text: str) -> set[float]:
    """Numbers written as English words: 'three' → 3, 'Thirty-four' → 34, 'two hundred'."""
    values = set()
    for m in _NUMBER_WORDS.finditer(text):
        total = current = 0
        for word in re.split(r"[\s-]+", m.group().lower()):
            n = _WORD_VALUE[word]
            if n in (100, 1_000, 1_000_000):
                current = max(current, 1) * n
                if n > 100:
                    total, current = total + current, 0
            else:
                current += n
        values.add(float(total + current))
    return values


def _english_times(text: str) -> set[tuple[int, int]]:
    """(hour on a 12-hour clock, minute) of every time the English may be writing."""
    times = {(int(m[1] or m[3]) % 12, int(m[2] or m[4])) for m in _EN_TIME.finditer(text)}
    lower = text.lower()
    return times | {(h % 12, m) for word, (h, m) in _EN_TIME_WORDS.items() if word in lower}


class NumbersCheck(Check):
    id = "numbers"
    severity = ERROR

    def run(self, unit: QAUnit) -> list[Finding]:
        if unit.pass_through:
            return []
        # Digits only: NFKC would turn 29¾ into 293⁄4 on one side.
        source = unit.source.translate(_DIGITS)
        findings = []
        times = _english_times(unit.target)
        for m in _TIME.finditer(source):
            if (int(m[1]) % 12, int(m[2])) not in times:
                findings.append(
                    self.finding(f"time {m[0]} is missing from the English", number=m[0])
                )
        source = _TIME.sub(" ", source)
        target = unit.target.translate(_DIGITS)
        target_values: set = _spelled(target)
        for _, values in _numbers(target, _EN_SCALE, _EN_SCALES):
            target_values |= values
        months = _month_numbers(target)
        for written, values in _numbers(source, _SCALE, _SCALES):
            # '8.10.2022' may come out as '8 October 2022': its numbers must all be there.
            groups = {float(g) for v in values if isinstance(v, tuple) for g in v}
            if not values & target_values and not (groups and groups <= target_values | months):
                findings.append(
                    self.finding(f"number {written} is missing from the English", number=written)
                )
        return findings


def source_months(text: str) -> list[str]:
    """English names of the months the Arabic names, in order, each once."""
    plain = _MARKS.sub("", text.translate(_DIGITS))
    found = []
    for m in _MONTH_RE.finditer(plain):
        name = m.group(1).replace("ى", "ي")
        if name in _AMBIGUOUS and not _near_date(plain, m.start(), m.end()):
            continue
        found.append(_MONTH_FORMS[name])
    return list(dict.fromkeys(found))


def _near_date(text: str, start: int, end: int) -> bool:
    """A digit or a date word next to the month: 3 مارس, مارس 2020, شهر مايو الماضي; not
    دي مايو (Di Maio)."""
    before, after = text[max(0, start - 12) : start], text[end : end + 12]
    if before.rstrip().endswith("دي"):
        return False
    if re.search(r"\d", before + after):
        return True
    words = before.split()[-1:] + after.split()[:1]
    return any(w.endswith(_DATE_WORDS) for w in words)


class DatesCheck(Check):
    id = "dates"
    severity = ERROR

    def run(self, unit: QAUnit) -> list[Finding]:
        if unit.pass_through:
            return []
        there = _month_numbers(unit.target)
        return [
            self.finding(f"month {english} is missing from the English", month=english)
            for english in source_months(unit.source)
            if _MONTH_NUMBER[english.casefold()] not in there
        ]
