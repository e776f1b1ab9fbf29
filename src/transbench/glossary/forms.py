"""A glossary entry's English as a lexeme: which forms a draft may use for it, in context.

`accepted` is the one answer every consumer asks for (the presence rule, hard and soft
mode through `Hit.forms`, QA, the editor's term panel and `eval`'s term success):

- number: a common-noun entry (its head word in lower case: "armoured vehicle",
  "US-led coalition", "sleeper cells") also has its other number, from lemminflect's
  lexicon (irregular plurals included: militiaman → militiamen). Where a numeral of 2 or
  more counts the term (`12 عربة مدرعة`, `ثلاث عربات`: COUNTED), only the plural is
  accepted, so hard mode forces "12 armoured vehicles" and QA warns about "12 armoured
  vehicle". Where the Arabic is a plural or dual form the entry lists in `ar_plural`
  (PLURAL), the plural comes first, so hard mode writes it when it must write the term,
  but the singular is accepted too: English uses it for generics ("flying a drone is a
  bad idea" for الطائرات المسيرة) and as a modifier ("drone flights"). Elsewhere the
  form as written comes first. Names and acronyms have no number.
- derived forms: adjectives and demonyms (Syria → Syrian, Syrians) from the entry's
  `en_derived` column, or, when that is empty, from the shipped list in
  `data/derived.txt` for countries and major places. They are accepted in any context,
  so "Russian-backed" honours Russia.
- possessives and hyphenated compounds need no forms of their own: the presence rule
  reads whole words, so "Russia's", "vehicles'" and "US-led" already contain their term.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

# A hit's number: "" where the Arabic does not say, PLURAL for a plural or dual form,
# COUNTED after a numeral of 2 or more.
PLURAL = "plural"
COUNTED = "counted"
_HEAD_BREAKS = frozenset({"of", "for", "in", "on", "at", "from", "with"})


@functools.lru_cache(maxsize=1)
def _shipped_derived() -> dict[str, tuple[str, ...]]:
    text = resources.files("transbench.glossary").joinpath("data/derived.txt").read_text("utf-8")
    table: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, forms = line.partition("\t")
            table[name.strip()] = tuple(f.strip() for f in forms.split("|") if f)
    return table


def _head(words: list[str]) -> int:
    """Where a noun phrase's head is: before its first preposition ("ministry of
    defence"), else its last word."""
    for n, word in enumerate(words[1:], 1):
        if word in _HEAD_BREAKS:
            return n - 1
    return len(words) - 1


@functools.lru_cache(maxsize=4096)
def numbers(form: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(singular forms, plural forms) of a common-noun phrase, or None where number does
    not apply: a name or acronym (head not in lower case), or a noun whose plural is
    itself ("police", "personnel")."""
    from lemminflect import getInflection, getLemma

    words = form.split(" ")
    h = _head(words)
    # A hyphenated head inflects its last part: cease-fire, cease-fires.
    stem, dash, head = words[h].rpartition("-")
    if not words[h][:1].islower() or not head.isalpha():
        return None
    lemma = getLemma(head, upos="NOUN")[0]
    plurals = getInflection(lemma, tag="NNS")
    # lemminflect lists a noun also used uncounted among its plurals ("vehicle"); that is
    # the singular here unless it is the only or the usual plural ("police").
    if not plurals or plurals[0] == lemma:
        return None
    if head != lemma and head not in plurals:
        plurals = (head, *plurals)

    def phrase(word: str) -> str:
        return " ".join([*words[:h], stem + dash + word, *words[h + 1 :]])

    return (phrase(lemma),), tuple(phrase(p) for p in plurals if p != lemma)


def derived(base: tuple[str, ...], column: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Adjective and demonym forms: the entry's own `en_derived`, else the shipped list's
    for any of its renderings."""
    if column:
        return column
    table = _shipped_derived()
    return tuple(dict.fromkeys(f for b in base for f in table.get(b, ())))


@functools.lru_cache(maxsize=16384)
def accepted(
    en: str,
    alternatives: tuple[str, ...] = (),
    derived_column: tuple[str, ...] = (),
    number: str = "",
) -> tuple[str, ...]:
    """Every English form a draft may use for this entry where the Arabic's number is
    `number` ("", PLURAL or COUNTED), the preferred first: the form hard mode writes when
    it has to."""
    base = tuple(f for f in (en, *alternatives) if f)
    out: list[str] = []
    for form in base:
        split = numbers(form)
        if split is None:
            out.append(form)
        elif number == COUNTED:
            out += split[1]
        elif number == PLURAL:
            out += [*split[1], *split[0]]
        else:
            out += [form, *split[0], *split[1]]
    out += derived(base, derived_column)
    return tuple(dict.fromkeys(out))


@functools.lru_cache(maxsize=16384)
def wrong_number(en: str, alternatives: tuple[str, ...] = (), number: str = "") -> tuple[str, ...]:
    """Forms of this entry whose number disagrees with the Arabic: the singulars where a
    numeral counts the term. For QA's `term-number` warning."""
    if number != COUNTED:
        return ()
    out: list[str] = []
    for form in (en, *alternatives):
        split = numbers(form) if form else None
        if split is not None:
            out += split[0]
    return tuple(dict.fromkeys(out))


_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")


def modifies_a_noun(text: str, end: int) -> bool:
    """Whether the word after `text[:end]` can be a noun, so that the form before it is
    a noun modifier, singular in English whatever the count ("drone flights", "armoured
    vehicle convoy"), rather than a noun that should have been plural."""
    from lemminflect import getAllLemmas

    m = _NEXT_WORD.match(text, end)
    return bool(m) and "NOUN" in getAllLemmas(m.group(1).lower())
