"""Arabic normalisation for matching only; output text is never normalised.

Both glossary terms and article text go through `normalize`, so spelling variation
(hamza seats, alef forms, ta marbuta, diacritics, presentation forms, digits) does not
stop a match.
"""

from __future__ import annotations

import re
import unicodedata

# The indefinite accusative ending (اً, also typed ًا): a case marker, not part of the word,
# so روسياً ("Russian", adjective) does not read as روسيا (Russia) and رتلاً matches رتل.
_TANWEEN_ALEF = re.compile("(?:\u0627\u064b|\u064b\u0627)(?![\\w\u064b-\u065f])")
# Harakat, Quranic marks, superscript alef, and tatweel.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ئ": "ي",
        "ک": "ك",
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)

# A token is a run of letters, digits and the marks that sit on them.
TOKEN = re.compile("[\\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+")


def normalize(text: str) -> str:
    """Matching form: NFKC, no marks or tatweel, unified alef/ya/ta marbuta/hamza, ASCII digits,
    case-folded Latin."""
    text = _TANWEEN_ALEF.sub("", unicodedata.normalize("NFKC", text))
    return _MARKS.sub("", text).translate(_LETTERS).casefold()
