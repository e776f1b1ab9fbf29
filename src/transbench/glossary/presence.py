"""When a glossary term's English counts as present in a text: the one definition that the
constrained search, the pipeline's `present`, QA and the CTranslate2 check all use.

A term is present when one of its accepted forms (`glossary.forms.accepted`: `en`,
`en_alternatives`, their other number, derived forms) occurs as whole words: no letter
or digit directly before or after it, so `Syria` is not in `Syrian`, `Hama` not in
`Hamas`, `AP` not in `captured`, while `Russia's`, `vehicles'`, `US-led`, `(SDF)` and
`"Moscow` count. Words are cased as the glossary writes them, or as a sentence start or
a headline writes them: the first word with either case of its first letter, any word
capitalised or in capitals (`Al-Qaeda`/`al-Qaeda`, `Syrian Army`, `ARMOURED VEHICLES`);
`coalitiOn` and `IslaMic State` are not the term. Forms written without lower-case
letters (acronyms such as `SDF`, `US`, `U.S.`, `IS`) match exactly, so the pronoun `us`
is not `US`. Words may be separated by any whitespace, and a two-word form may be
coordinated with another modifier, as English does: "US and Iraqi forces" has `US forces`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

Forms = tuple[str, ...]  # accepted English forms of one term, the preferred first


def exact_case(form: str) -> bool:
    """Acronyms (no lower-case letter) are matched case for case."""
    return not any(c.islower() for c in form)


def _capitalised(word: str) -> str:
    """Each hyphen-separated part with a capital: `US-Led`, `Al-Qahtaniyah`."""
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def _casings(word: str, first: bool) -> str:
    """A regex for the ways a headline or a sentence start may case `word`."""
    if exact_case(word):
        return re.escape(word)
    spellings = [word, word[:1].upper() + word[1:], _capitalised(word), word.upper()]
    if first:
        spellings.append(word[:1].lower() + word[1:])
    return "(?:" + "|".join(re.escape(w) for w in dict.fromkeys(spellings)) + ")"


@functools.lru_cache(maxsize=4096)
def pattern(form: str) -> re.Pattern[str]:
    words = [_casings(w, n == 0) for n, w in enumerate(form.split())]
    if len(words) == 2:
        first, second = words
        return re.compile(rf"(?<!\w){first}(?:\s+and\s+[\w.-]+)?\s+{second}(?!\w)")
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")


@functools.lru_cache(maxsize=4096)
def _loose(form: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, form.split())) + r"(?!\w)", re.I)


def miscased(text: str, forms: Iterable[str]) -> str | None:
    """A form written in a case the glossary does not accept (`coalitiOn`), if any: for
    telling the translator why a term that seems there is not."""
    for form in forms:
        if form and not exact_case(form) and (m := _loose(form).search(text)):
            return m.group()
    return None


def as_forms(term: str | Iterable[str]) -> Forms:
    return (term,) if isinstance(term, str) else tuple(term)


def find_term(text: str, term: str | Iterable[str]) -> tuple[int, int] | None:
    """Where the earliest accepted form of `term` sits in `text` as whole words, if any."""
    spans = [m.span() for f in as_forms(term) if f and (m := pattern(f).search(text))]
    return min(spans) if spans else None


def has_all(text: str, terms: Sequence[str | Iterable[str]]) -> bool:
    return all(find_term(text, t) for t in terms)


def first_with_terms(texts: Sequence[str], terms: Sequence[str | Iterable[str]]) -> int | None:
    """Rank of the best of several hypotheses (best first) that has every term, if one has."""
    return next((n for n, text in enumerate(texts) if has_all(text, terms)), None)
