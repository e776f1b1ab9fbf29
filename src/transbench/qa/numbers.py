"""Numbers, dates and quantities must survive translation."""

from __future__ import annotations

import re

from transbench.glossary.normalize import normalize
from transbench.qa.base import ERROR, Check, Finding, QAUnit

_NUMBER = re.compile(r"\d+(?:[.,٫٬]\d+)*")
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
_MONTH_RE = re.compile(
    r"(?<!\w)[وفبل]?("
    + "|".join(sorted((re.escape(normalize(m)) for m in MONTHS), key=len, reverse=True))
    + r")(?!\w)"
)
_MONTH_EN = {normalize(k): v for k, v in MONTHS.items()}
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
    """'2,000' → 2000; '2.5' and '٢٫٥' → 2.5 (digits are ASCII after normalize); a date or
    version with several separators ('8.10.2022', '2.11.60') → its groups, (8, 10, 2022)."""
    text = raw.replace("٬", ",").replace("٫", ".")
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


class NumbersCheck(Check):
    id = "numbers"
    severity = ERROR

    def run(self, unit: QAUnit) -> list[Finding]:
        if unit.pass_through:
            return []
        source = normalize(unit.source)
        target_values: set[float] = set()
        for _, values in _numbers(unit.target, _EN_SCALE, _EN_SCALES):
            target_values |= values
        findings = []
        months = _month_numbers(unit.target)
        for written, values in _numbers(source, _SCALE, _SCALES):
            # '8.10.2022' may come out as '8 October 2022': its numbers must all be there.
            groups = {float(g) for v in values if isinstance(v, tuple) for g in v}
            if not values & target_values and not (groups and groups <= target_values | months):
                findings.append(
                    self.finding(f"number {written} is missing from the English", number=written)
                )
        return findings


class DatesCheck(Check):
    id = "dates"
    severity = ERROR

    def run(self, unit: QAUnit) -> list[Finding]:
        if unit.pass_through:
            return []
        target = unit.target.casefold()
        findings = []
        months = dict.fromkeys(
            _MONTH_EN[m.group(1)] for m in _MONTH_RE.finditer(normalize(unit.source))
        )
        for english in months:
            if english.casefold() not in target and english[:3].casefold() + "." not in target:
                findings.append(
                    self.finding(f"month {english} is missing from the English", month=english)
                )
        return findings
