"""Numbers, times, dates and quantities must survive translation.

Measured on seven real systems' FLORES output (docs/quality.md), English writes the same
quantity in many ways, and each is accepted: thousands and decimals with any separator the
Arabic used (`783،562` ↔ 783,562), spelled-out numerals (3 ↔ three, 34 ↔ Thirty-four),
scales (380 ألف ↔ 380,000 or 380 thousand), times (12:00 ↔ noon or 1200 hours, 06:30 ↔
0630 or 6.30 a.m.), dates (8.10.2022 ↔ 8 October 2022). A month counts only where the
Arabic word is a month: آب with its madda (not باب "door" or أب "father"), and the names
that are also other words (مارس "practised", مايو in دي مايو) only next to a date.

Slash dates (20/8/2020, ٢٠٫٨٫٢٠٢٠, 2020/8/20) are read day first, as Arabic writes them,
and checked by the dates check: 20 August 2020, August 20, 2020, Aug. 20, 2020-08-20 all
match, 11 March or 11/3/2023 for 3/11/2023 is a swap (see `_date_in` for all-digit English).
9/11 stands for 11 September 2001 where the Arabic names that day. Numbers the Arabic writes
in words (خمسينيات القرن التاسع عشر, القرن الثامن عشر, عشرون, ثلاثة آلاف) are checked
too (`arabic_numbers`), and 150.000 with a dot between groups of three is 150,000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from transbench.glossary.normalize import normalize
from transbench.qa.arabic_numbers import WordNumber, word_numbers
from transbench.qa.base import ERROR, Check, Finding, QAUnit

_DIGITS = str.maketrans({chr(base + d): str(d) for base in (0x0660, 0x06F0) for d in range(10)})
_NUMBER = re.compile(r"(?<![\d.,٫٬،])\d+(?:[.,٫٬،]\d+)*")
_A_CENTURY = re.compile(r"\b(?:a|one)\s+century\b", re.IGNORECASE)
_DOT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
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
# Ordinals from third up ("the seventeenth century" for القرن 17); first and second are
# left out, since "second" is as often the unit of time.
_ORDINAL_WORDS = {
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    **{w + "th": i for w, i in _WORD_VALUE.items() if 13 <= i <= 19},
    **{w[:-1] + "ieth": i for w, i in _WORD_VALUE.items() if i in range(20, 100, 10)},
}
_WORD_VALUE |= _ORDINAL_WORDS
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


_SUFFIX = r"(?:st|nd|rd|th)?"
_EN_MONTH = r"(" + "|".join(_MONTH_NUMBER) + r")\.?"
_EN_DMY = re.compile(
    rf"(?<![\d.,])(\d{{1,2}}){_SUFFIX}\s+(?:of\s+)?{_EN_MONTH}(?:,?\s+(\d{{4}}))?(?!\w)",
    re.IGNORECASE,
)
_EN_MDY = re.compile(
    rf"\b{_EN_MONTH}\s+(\d{{1,2}}){_SUFFIX}(?![\d:])(?:,?\s+(\d{{4}})(?!\d))?", re.IGNORECASE
)
# Ranges give the month once: "from 1 to 5 August 2020", "August 1-5, 2020".
_RANGE = r"\s*(?:-|–|to|and|until|through)\s*"
_EN_DD_MONTH = re.compile(
    rf"(?<![\d.,])(\d{{1,2}}){_SUFFIX}{_RANGE}(\d{{1,2}}){_SUFFIX}\s+(?:of\s+)?{_EN_MONTH}"
    rf"(?:,?\s+(\d{{4}}))?(?!\w)",
    re.IGNORECASE,
)
_EN_MONTH_DD = re.compile(
    rf"\b{_EN_MONTH}\s+(\d{{1,2}}){_SUFFIX}{_RANGE}(\d{{1,2}}){_SUFFIX}(?![\d:])"
    rf"(?:,?\s+(\d{{4}})(?!\d))?",
    re.IGNORECASE,
)
_EN_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-]|\.\d)")
_EN_ISO = re.compile(r"(?<![\d/.-])(\d{4})([/-])(\d{1,2})\2(\d{1,2})(?![\d/-]|\.\d)")
_NINE_ELEVEN = re.compile(r"(?<![\d/])9\s?/\s?11(?![\d/])")
# The Arabic writes day/month/year (20/8/2020, ٢٠٫٨٫٢٠٢٠, 20-8-2020) or year/month/day
# (2020/8/20); the same separator twice.
_SLASH_DMY = re.compile(
    r"(?<![\d/٫.,-])(\d{1,2})\s?([/٫-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d/٫-]|[.,٫]\d)"
)
_SLASH_YMD = re.compile(
    r"(?<![\d/٫.,-])(\d{4})\s?([/٫-])\s?(\d{1,2})\s?\2\s?(\d{1,2})(?![\d/٫-]|[.,٫]\d)"
)
# Two parts, day/month (يوم 20/8), or a fraction (1/5 بوصة): a date only where the English
# has that date.
_SLASH_DM = re.compile(r"(?<![\d/٫.,-])(\d{1,2})\s?/\s?(\d{1,2})(?![\d/٫-]|[.,٫]\d)")


@dataclass(frozen=True)
class _Date:
    day: int | None
    month: int
    year: int | None
    numeric: bool = False  # written all in digits: day and month may be either way round
    written: str = ""


def _year(raw: str | None) -> int | None:
    return int(raw) if raw else None


def _same_year(a: int | None, b: int | None) -> bool:
    if a is None or b is None:
        return True
    return a == b if a > 99 and b > 99 else a % 100 == b % 100


def _valid(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def english_dates(text: str) -> list[_Date]:
    """Every date the English writes: 20 August 2020, August 20, 2020, Aug. 20, 20/8/2020,
    2020-08-20, both ends of 1 to 5 August and August 1-5, and 9/11 (11 September 2001)."""
    found = []
    for m in _EN_DMY.finditer(text):
        found.append(_Date(int(m[1]), int(_MONTH_NUMBER[m[2].casefold()]), _year(m[3])))
    for m in _EN_MDY.finditer(text):
        found.append(_Date(int(m[2]), int(_MONTH_NUMBER[m[1].casefold()]), _year(m[3])))
    for m in _EN_DD_MONTH.finditer(text):
        found.append(_Date(int(m[1]), int(_MONTH_NUMBER[m[3].casefold()]), _year(m[4])))
    for m in _EN_MONTH_DD.finditer(text):
        found.append(_Date(int(m[3]), int(_MONTH_NUMBER[m[1].casefold()]), _year(m[4])))
    for m in _EN_NUMERIC.finditer(text):
        found.append(_Date(int(m[1]), int(m[3]), int(m[4]), numeric=True, written=m[0]))
    for m in _EN_ISO.finditer(text):
        found.append(_Date(int(m[4]), int(m[3]), int(m[1])))
    if _NINE_ELEVEN.search(text):
        found.append(_Date(11, 9, 2001))
    return found


def source_slash_dates(text: str) -> list[tuple[re.Match, _Date]]:
    """The dates the Arabic writes in digits with slashes, ٫ or dashes, day first."""
    text = text.translate(_DIGITS)
    found = []
    for m in _SLASH_DMY.finditer(text):
        if _valid(int(m[1]), int(m[3])):
            found.append((m, _Date(int(m[1]), int(m[3]), int(m[4]), written=m[0])))
    for m in _SLASH_YMD.finditer(text):
        if _valid(int(m[4]), int(m[3])) and 1000 <= int(m[1]) < 2200:
            found.append((m, _Date(int(m[4]), int(m[3]), int(m[1]), written=m[0])))
    return found


def _date_in(date: _Date, english: list[_Date]) -> tuple[str, _Date | None]:
    """'ok' when the English writes this date; 'swapped' when it has day and month the other
    way round (11 March, or 11/3/2023, for 3/11/2023); else 'missing'.

    An all-digit English date is read day first, as the Arabic writes it and as British
    English does, so 3/11/2023 for 3/11/2023 is that date; it is read month first only where
    day first is impossible (8/20/2020 can only be 20 August)."""
    swapped = None
    for e in english:
        if not _same_year(e.year, date.year) or e.day is None:
            continue
        if (e.day, e.month) == (date.day, date.month):
            return "ok", e
        if (e.day, e.month) == (date.month, date.day):
            if e.numeric and not _valid(e.day, e.month):
                return "ok", e  # month first, and it can only be read so
            swapped = e
    return ("swapped", swapped) if swapped else ("missing", None)


def _long(date: _Date) -> str:
    month = _ENGLISH_MONTHS[date.month - 1]
    return f"{date.day} {month} {date.year}" if date.year else f"{date.day} {month}"


def _dates_like(date: _Date, english: list[_Date]) -> bool:
    """A two-part day/month (20/8) the English writes as that date."""
    return _valid(date.day or 0, date.month) and _date_in(date, english)[0] == "ok"


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


def _numbers(
    text: str, scale_re: re.Pattern, scales: dict[str, int], dot_thousands: bool = False
) -> list[tuple[str, set]]:
    """(as written, accepted values) for each number; '380 ألف' accepts 380 and 380000;
    with `dot_thousands` (the Arabic), a dot between groups of three as some Arabic writers
    use: '1.500' is 1.5 or 1500, '150.000' is 150000; in English 783.562 is not 783,562."""
    found = []
    for m in _NUMBER.finditer(text):
        value = _value(m.group())
        accepted: set = {value}
        if dot_thousands and _DOT_THOUSANDS.fullmatch(m.group()):
            thousands = float(m.group().replace(".", ""))
            # 150.000 is no decimal; 1.500 may be either.
            accepted = {thousands} if m.group().endswith(".000") else {value, thousands}
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
            if word == "dozen" or n in (100, 1_000, 1_000_000):  # two dozen: 24
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
        if _A_CENTURY.search(target):
            target_values.add(100.0)  # مئة عام, 100 عام: a century
        months = _month_numbers(target)
        # Slash dates are the dates check's; a day/month pair (20/8) is skipped where the
        # English has that date, and is otherwise two numbers (or a fraction, 1/5).
        dates = english_dates(target)
        for m, _ in source_slash_dates(source):
            source = source[: m.start()] + " " * len(m[0]) + source[m.end() :]
        for m in _SLASH_DM.finditer(source):
            if _dates_like(_Date(int(m[1]), int(m[2]), None), dates):
                source = source[: m.start()] + " " * len(m[0]) + source[m.end() :]
        if _NINE_ELEVEN.search(target) and _names_nine_eleven(unit.source):
            target_values |= {9.0, 11.0, 2001.0}  # post-9/11: 11 September 2001
        findings += self._word_numbers(unit.source, target, target_values)
        for written, values in _numbers(source, _SCALE, _SCALES, dot_thousands=True):
            # '8.10.2022' may come out as '8 October 2022': its numbers must all be there.
            groups = {float(g) for v in values if isinstance(v, tuple) for g in v}
            if not values & target_values and not (groups and groups <= target_values | months):
                findings.append(
                    self.finding(f"number {written} is missing from the English", number=written)
                )
        return findings

    def _word_numbers(self, source: str, target: str, target_values: set) -> list[Finding]:
        """Decades, centuries and cardinals the Arabic writes in words."""
        plain, words = word_numbers(source)
        years = {int(y) for y in re.findall(r"(?<!\d)\d{4}(?!\d)", plain)}
        decades = english_decades(target)
        centuries = english_centuries(target)
        findings = []
        for w in words:
            if w.kind == "decade":
                # ثمانينيات القرن الرابع عشر 1480: the year the Arabic gives in digits says
                # which decade the writer means, the 1480s.
                given = sorted(y // 10 * 10 for y in years if y % 100 // 10 * 10 == w.value % 100)
                if w.century and given:
                    w = replace(w, value=given[0], century=given[0] // 100 + 1)
                problem = _decade_problem(w, decades, centuries)
            elif w.kind == "century":
                if re.search(r"\d", w.text):
                    continue  # القرن 17: its digits are checked as a number
                problem = _century_problem(w, centuries, decades)
            else:
                values = {float(w.value)}
                scale = _SCALE.match(plain, w.end)
                if scale:
                    values.add(float(w.value * _SCALES[normalize(scale.group(1))]))
                problem = "" if values & target_values else "missing from the English"
            if problem:
                findings.append(
                    self.finding(
                        f"{_describe(w)} ({w.text}) is {problem}", number=w.text, value=w.value
                    )
                )
        return findings


def _describe(w: WordNumber) -> str:
    if w.kind == "decade":
        return f"decade {w.value}s" if w.century else f"decade '{w.value}s"
    if w.kind == "century":
        return f"century {_ordinal(w.value)}"
    return f"number {w.value}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


_EN_DECADE4 = re.compile(r"(?<![\d'’])(1\d|20)(\d)0['’]?s\b")
_EN_DECADE2 = re.compile(r"(?<![\w'’])['’]?([1-9])0['’]?s\b")
_DECADE_WORDS = {w[:-1] + "ies": i for w, i in _WORD_VALUE.items() if i in range(20, 100, 10)}
_DECADE_WORD = re.compile(r"\b(" + "|".join(_DECADE_WORDS) + r")\b", re.IGNORECASE)
_CENTURY_ORDINALS = {w: i for w, i in _ORDINAL_WORDS.items() if i <= 21} | {
    "first": 1,
    "second": 2,
    "twenty-first": 21,
}
_EN_ORDINAL = re.compile(
    r"\b(?:(\d{1,2})(?:st|nd|rd|th)|(" + "|".join(_CENTURY_ORDINALS) + r"))\b", re.IGNORECASE
)
# "the 19th or early 20th century": every ordinal shortly before "century" is a century.
_TO_CENTURY = re.compile(r"[^.;:!?]{0,30}?\bcentur", re.IGNORECASE)


def english_decades(text: str) -> tuple[set[int], set[int]]:
    """(decades with their century, 1850 for 'the 1850s'; decades alone, 50 for 'the 50s',
    "'50s", 'fifties' and 'the 1850s' alike)."""
    full = {int(m[1] + m[2]) * 10 for m in _EN_DECADE4.finditer(text)}
    short = {d % 100 for d in full} | {int(m[1]) * 10 for m in _EN_DECADE2.finditer(text)}
    short |= {_DECADE_WORDS[m[1].lower()] for m in _DECADE_WORD.finditer(text)}
    return full, short


def english_centuries(text: str) -> set[int]:
    """Centuries the English names: 19th century, nineteenth-century, the 1800s."""
    found = {
        int(m[1]) if m[1] else _CENTURY_ORDINALS[m[2].lower()]
        for m in _EN_ORDINAL.finditer(text)
        if _TO_CENTURY.match(text, m.end())
    }
    return found | {d // 100 + 1 for d in english_decades(text)[0] if d % 100 == 0}


def _decade_problem(w: WordNumber, decades: tuple[set[int], set[int]], centuries: set[int]) -> str:
    """'' when the English has the decade: the 1850s, or the fifties where the century is
    not given a different one."""
    full, short = decades
    tens = w.value % 100
    if w.century is None:
        return "" if tens in short else "missing from the English"
    if w.value in full:
        return ""
    other = sorted(d for d in full if d % 100 == tens)
    if other:
        return f"{other[0]}s in the English"
    if tens in short and not (centuries - {w.century}):
        return ""
    return "missing from the English"


def _century_problem(w: WordNumber, centuries: set[int], decades: tuple[set[int], set[int]]) -> str:
    if w.value in centuries or any(d // 100 + 1 == w.value for d in decades[0]):
        return ""
    if centuries:
        return f"the {_ordinal(min(centuries))} century in the English"
    return "missing from the English"


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
        if _NINE_ELEVEN.search(unit.target):
            there.add(9.0)
        findings = [
            self.finding(f"month {english} is missing from the English", month=english)
            for english in source_months(unit.source)
            if _MONTH_NUMBER[english.casefold()] not in there
        ]
        english = english_dates(unit.target.translate(_DIGITS))
        for _, date in source_slash_dates(unit.source):
            status, seen = _date_in(date, english)
            if status == "swapped" and seen:
                how = seen.written or _long(seen)
                findings.append(
                    self.finding(
                        f"date {date.written} is {_long(date)} (day first, as Arabic writes"
                        f" it); the English has {how}: day and month swapped",
                        date=date.written,
                    )
                )
            elif status == "missing":
                findings.append(
                    self.finding(
                        f"date {date.written} ({_long(date)}) is missing from the English",
                        date=date.written,
                    )
                )
        return findings


def _names_nine_eleven(source: str) -> bool:
    """The Arabic names 11 September (11 سبتمبر, الحادي عشر من أيلول, 11/9/2001)."""
    plain = source.translate(_DIGITS)
    if any((d.day, d.month) == (11, 9) for _, d in source_slash_dates(plain)):
        return True
    return "September" in source_months(plain) and bool(
        re.search(r"(?<!\d)11(?!\d)|الحادي عشر", plain)
    )
