"""Checks on the English as text: script, emptiness, length, repetition, pairs, tokens."""

from __future__ import annotations

import html
import re
from collections import Counter

from transbench.glossary.normalize import normalize
from transbench.qa.base import ERROR, Check, Finding, QAUnit
from transbench.segment.patterns import PROTECTED
from transbench.segment.script import ARABIC_LETTER

_ARABIC_RUN = re.compile(f"[{ARABIC_LETTER}][{ARABIC_LETTER}\u064b-\u065f\u0640 ]*")
_WORD = re.compile(r"\w+")
_BRACKETS = (("(", ")"), ("[", "]"))
_DOUBLE_QUOTES = '"“”'
_SOURCE_QUOTES = '"“”«»'
# Light stemming of normalised Arabic, enough to see the source repeat itself when a
# word inflects: proclitics (و ف ب ك ل, ال), the prefix of an imperfect verb (يكن/تكن),
# and a pronoun or plural/feminine ending (مدينته, مدينتها; لاعبون, لاعبين).
_PROCLITICS = re.compile("^(?:[وف]?(?:[بكل]?ال|لل|[بل])|[وف])(?=...)")
_IMPERFECT = re.compile("^[يتنا](?=..)")
_PRONOUN = re.compile("(?:هما|كما|ها|هم|هن|كم|نا|ه)$")  # ه: also ة, normalised
_PLURAL = re.compile("(?:ون|ين|ان|ات|وا|ت)$")  # ت: كانت as كان
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_SPACED_ENTITY = re.compile(rf"\s?({_ENTITY.pattern})\s?")
# Only the spans that must come through unchanged; numbers have their own check.
_KEEP = re.compile(
    r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w@])@\w+|"
    r"(?<![\w#])#[A-Za-z0-9_]+"
)


class ArabicLeftCheck(Check):
    id = "arabic-in-target"
    severity = ERROR

    def run(self, unit: QAUnit) -> list[Finding]:
        if unit.pass_through:
            return []
        found = [m.group().strip() for m in _ARABIC_RUN.finditer(PROTECTED.sub(" ", unit.target))]
        return (
            [self.finding(f"Arabic left in the English: {', '.join(found[:3])}", text=found)]
            if found
            else []
        )


class UntranslatedCheck(Check):
    id = "untranslated"
    severity = ERROR

    def run(self, unit: QAUnit) -> list[Finding]:
        same = not unit.pass_through and unit.target.strip() == unit.source.strip()
        return [self.finding("the English is the Arabic source, untranslated")] if same else []


class EmptyCheck(Check):
    id = "empty"
    severity = ERROR

    def run(self, unit: QAUnit) -> list[Finding]:
        return [self.finding("the English is empty")] if not unit.target.strip() else []


class LengthRatioCheck(Check):
    """English runs about 1-1.5x the characters of its Arabic source."""

    id = "length-ratio"
    low, high, min_chars = 0.5, 3.0, 20

    def run(self, unit: QAUnit) -> list[Finding]:
        src, tgt = len(unit.source.strip()), len(unit.target.strip())
        if unit.pass_through or src < self.min_chars or not tgt:
            return []
        ratio = tgt / src
        if self.low <= ratio <= self.high:
            return []
        word = "short" if ratio < self.low else "long"
        return [
            self.finding(
                f"the English is suspiciously {word} ({ratio:.1f}x the Arabic)",
                ratio=round(ratio, 2),
            )
        ]


class RepetitionCheck(Check):
    """A phrase looping is the typical hallucination of a neural model. A phrase repeated no
    more often than the Arabic repeats a word of its own (`لم يكن… لم يكن…`, "Sea to the
    west… Sea to the north…") is the source's parallel structure, not a loop."""

    id = "repetition"
    n, times = 3, 3

    def run(self, unit: QAUnit) -> list[Finding]:
        # Entities are markup, reported by the html-entity check: don&#39;t is no loop.
        target = _SPACED_ENTITY.sub(_unescape, unit.target)
        words = [w.casefold() for w in _WORD.findall(target)]
        grams = Counter(tuple(words[i : i + self.n]) for i in range(len(words) - self.n + 1))
        source = Counter(_stem(w) for w in _WORD.findall(normalize(unit.source)) if len(w) > 2)
        parallel = max(source.values(), default=0)
        looped = [" ".join(g) for g, c in grams.items() if c >= max(self.times, parallel + 1)]
        runs = [w for i, w in enumerate(words[3:], 3) if len(set(words[i - 3 : i + 1])) == 1]
        if not looped and not runs:
            return []
        what = looped[0] if looped else runs[0]
        return [self.finding(f"repeated text: '{what}'", phrase=what)]


def _unescape(m: re.Match) -> str:
    """An entity as the text it stands for (`&#39;` → '); one with spaces around it as MT
    systems write (`don &apos; t`) joins its neighbours."""
    return html.unescape(m[1])


def _stem(word: str) -> str:
    """A normalised Arabic word without its clitics and inflection: لم يكن and لم تكن, في
    مدينته and في مدينتها have one stem."""
    stem = _PROCLITICS.sub("", word)
    if len(stem) > 3:
        bare = _PRONOUN.sub("", stem)
        if bare != stem:  # مدينتها → مدينت → مدين, as مدينة → مدين
            stem = bare[:-1] if bare.endswith("ت") and len(bare) > 3 else bare
        else:
            stem = _PLURAL.sub("", stem)
    return _IMPERFECT.sub("", stem)


class PairsCheck(Check):
    """Brackets and quotes left open. Not flagged where the Arabic is itself unbalanced (a
    sentence cut from a longer quotation); straight and curly double quotes count as one
    kind, since systems mix them."""

    id = "unbalanced"

    def run(self, unit: QAUnit) -> list[Finding]:
        t, s = unit.target, unit.source
        bad = [
            f"{a}{b}" for a, b in _BRACKETS if t.count(a) != t.count(b) and s.count(a) == s.count(b)
        ]
        if sum(map(t.count, _DOUBLE_QUOTES)) % 2 and not sum(map(s.count, _SOURCE_QUOTES)) % 2:
            bad.append('"')
        return [self.finding(f"unbalanced {' '.join(bad)} in the English")] if bad else []


class EntityCheck(Check):
    """HTML entities (`&quot;`, `&#39;`) are markup left in the English, not text."""

    id = "html-entity"
    severity = ERROR

    def run(self, unit: QAUnit) -> list[Finding]:
        found = [e for e in dict.fromkeys(_ENTITY.findall(unit.target)) if e not in unit.source]
        return [self.finding(f"HTML entity in the English: {', '.join(found)}")] if found else []


class PreservedTokensCheck(Check):
    """URLs, e-mail addresses, @handles and Latin #hashtags must come through unchanged."""

    id = "token-changed"
    severity = ERROR

    def run(self, unit: QAUnit) -> list[Finding]:
        missing = [m.group().rstrip(".,;:!?)»”") for m in _KEEP.finditer(unit.source)]
        missing = [tok for tok in missing if tok not in unit.target]
        return [self.finding(f"not kept exactly: {tok}", token=tok) for tok in missing]
