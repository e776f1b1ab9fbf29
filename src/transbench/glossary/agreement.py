"""Whether the Arabic wants a term's English in the plural.

Arabic counts in its own way: 3–10 take a plural noun (ثلاث عربات), which the entry lists
in `ar_plural`; 11–99 and the hundreds and thousands take a singular (12 عربة مدرعة،
مئة عربة), which the English still renders as a plural ("12 armoured vehicles"). So a
term directly after a numeral of 2 or more, in digits or in words, is plural whatever
its form; so is a hit on one of the entry's listed plural or dual forms.
"""

from __future__ import annotations

from transbench.glossary.normalize import normalize

# Normalised below (ة → ه, أ → ا); the tens with their accusative/genitive endings.
_WORDS = """
اثنان اثنين اثنتان اثنتين اثنا اثنتا ثلاث ثلاثة أربع أربعة خمس خمسة ست ستة سبع سبعة
ثمان ثماني ثمانية تسع تسعة عشر عشرة عشرون عشرين ثلاثون ثلاثين أربعون أربعين خمسون
خمسين ستون ستين سبعون سبعين ثمانون ثمانين تسعون تسعين مئة مائة مئتان مئتين مائتان
مائتين مئتا مئات ألف ألفا ألفان ألفين آلاف مليون مليونا ملايين عشرات بضع بضعة
"""
_NUMBER_WORDS = frozenset(normalize(w) for w in _WORDS.split())
_CONJUNCTION = "و"


def numeral(token: str) -> bool:
    """A normalised token that counts two or more: 12, ١٢ (digits are normalised), the
    last group of 2,000, ثلاث, عشرات, and the same after و ("وعشرين"). A number that
    reads as a year (1900–2099, no separator) does not count: "اتفاق 2019" is a date."""
    for word in (token, token.removeprefix(_CONJUNCTION)):
        if word.isdigit():
            value = int(word)
            return word.startswith("0") or (value >= 2 and not 1900 <= value <= 2099)
        if word in _NUMBER_WORDS:
            return True
    return False
