"""When a glossary term's English counts as present in a text: the one definition that the
constrained search, the pipeline's `present`, QA and the CTranslate2 check all use.

A term is present when one of its accepted forms (`en`, then `en_alternatives`) occurs as
whole words: no letter or digit directly before or after it, so `Syria` is not in
`Syrian`, `Hama` not in `Hamas`, `AP` not in `captured`, while `Russia's`, `(SDF)` and
`"Moscow` count. Case is ignored, except for forms written without lower-case letters
(acronyms such as `SDF`, `US`, `U.S.`, `IS`), which must match exactly, so the pronoun
`us` is not `US`. A two-word form may be coordinated with another modifier, as English
does: "US and Iraqi forces" has `US forces`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

Forms = tuple[str, ...]  # accepted English forms of one term, the preferred first


def exact_case(form: str) -> bool:
    """Acronyms (no lower-case letter) are matched case for case."""
    return not any(c.islower() for c in form)


@functools.lru_cache(maxsize=4096)
def pattern(form: str) -> re.Pattern[str]:
    flags = 0 if exact_case(form) else re.IGNORECASE
    words = form.split()
    if len(words) == 2:
        first, second = map(re.escape, words)
        return re.compile(rf"(?<!\w){first}(?:\s+and\s+[\w.-]+)?\s+{second}(?!\w)", flags)
    return re.compile(rf"(?<!\w){re.escape(form)}(?!\w)", flags)


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
