"""Finding glossary terms in Arabic text: a trie over normalised tokens.

Each text token is tried as written and with its proclitics set aside (و ف, ب ك ل, the
article ال, and لل = ل + ال), so لقوات سوريا الديمقراطية and بالحسكة match their terms,
while الرقيقة never matches الرقة: after the clitics, the rest of the word must be the
term's word exactly. Later words of a multi-word term match exactly, or all without
their article where the text is indefinite. Cost per token is bounded by the longest term,
whatever the glossary size; the longest match wins.

A match is not a hit where the words show it is something else: a one-word name with the
article set aside (السورية, "Syrian"), a name in ـية right after an indefinite feminine
noun (امرأة سورية, "a Syrian woman"), or a match inside one of its entry's `ar_not`
phrases (واشنطن in واشنطن بوست).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from transbench.glossary.agreement import numeral
from transbench.glossary.forms import COUNTED, PLURAL
from transbench.glossary.normalize import TOKEN, normalize
from transbench.glossary.records import Hit, Term

_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ك", "ل")
_ARTICLE = "ال"
_CLITIC_START = frozenset("وفبكلا")
_MIN_STEM = 2
_WHITESPACE_GAP = " "
_SPACES = re.compile(r"\s+")
# An indefinite word that a nisba adjective in ـية agrees with: a feminine singular (امرأة)
# or a sound feminine plural (قوات), as written (ة, not ه), marks aside.
_FEMININE_END = re.compile("(?:\u0629|\u0627\u062a)[\u064b-\u065f\u0670]*$")
_NISBA_END = normalize("ية")
_GAP_WORD = re.compile(r"(\W*)(.*)", re.S)


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    term: Term | None = None
    form: str = ""


def _candidates(token: str) -> list[tuple[str, str]]:
    """(prefix, key) pairs under which a normalised text token may start a term."""
    if not token:  # a lone tatweel used as a dash normalises to nothing
        return []
    found = [("", token)]
    if token[0] not in _CLITIC_START:
        return found
    for conj in _CONJUNCTIONS:
        for prep in _PREPOSITIONS:
            prefix = conj + prep
            if not token.startswith(prefix):
                continue
            rest = token[len(prefix) :]
            if prefix and len(rest) >= _MIN_STEM:
                found.append((prefix, rest))
            if prep != "ل" and rest.startswith(_ARTICLE) and len(rest) - 2 >= _MIN_STEM:
                # The article may belong to the term (الحسكة) or only to the text (القوات).
                found.append((prefix + _ARTICLE, rest[2:]))
        lil = conj + "لل"
        if token.startswith(lil) and len(token) - len(lil) >= _MIN_STEM:
            stem = token[len(lil) :]
            found += [(conj + "ل", _ARTICLE + stem), (lil, stem)]
    return found


def _proper_noun(term: Term, form: str) -> bool:
    """A one-word name (its English capitalised, e.g. سورية → Syria) never takes the
    article: السورية is the adjective "Syrian", so it must not match with ال set aside."""
    return term.en[:1].isupper() and len(TOKEN.findall(form)) == 1


def _is_name(term: Term) -> bool:
    """An entry whose English is a name (White House, Ras al-Ain, Hezbollah), not a common
    term (curfew, Russian forces): one capitalised word, or a capital after the first word."""
    words = term.en.split()
    if len(words) == 1:
        return words[0][:1].isupper()
    return any(ch.isupper() for word in words[1:] for ch in word)


def _indefinite(keys: list[str]) -> list[str] | None:
    """The trie path of a definite form with the article taken off every word that has it
    (حظر التجول → حظر تجول, القوات الروسية → قوات روسية), or None if no word has one."""
    out, changed = [], False
    for n, key in enumerate(keys):
        gap, word = _GAP_WORD.match(key).groups() if n else ("", key)  # type: ignore[union-attr]
        if word.startswith(_ARTICLE) and len(word) - len(_ARTICLE) >= _MIN_STEM:
            word, changed = word[len(_ARTICLE) :], True
        out.append(gap + word)
    return out if changed else None


def _definite_word(norm: str) -> bool:
    """Whether a normalised word carries the article, behind any clitics (والمدينة, للمرأة)."""
    return any(p.endswith((_ARTICLE, "لل")) for p, _ in _candidates(norm))


def _gap_key(gap: str) -> str:
    """Whitespace of any kind between words is one separator; punctuation must agree."""
    stripped = _SPACES.sub("", gap)
    return stripped if stripped else _WHITESPACE_GAP


def _phrase_at(tokens: list[tuple[int, int, str]], text: str, start: int, keys: list[str]) -> bool:
    """Whether the tokens from `start` are the phrase `keys` (its first word may carry
    clitics, as a term's does)."""
    for prefix, key in _candidates(tokens[start][2]):
        if key != keys[0]:
            continue
        definite = prefix.endswith((_ARTICLE, "لل"))
        for n, want in enumerate(keys[1:], start + 1):
            gap = _gap_key(text[tokens[n - 1][1] : tokens[n][0]])
            word = tokens[n][2]
            if gap + word != want and not (
                definite and word.startswith(_ARTICLE) and gap + word[len(_ARTICLE) :] == want
            ):
                break
        else:
            return True
    return False


def contains_form(term: Term, phrase: str) -> tuple[bool, bool]:
    """(whether `phrase` holds one of the term's forms as a match would find it, whether it
    is nothing but that form): what lint checks an `ar_not` phrase against."""
    tokens = [(m.start(), m.end(), normalize(m.group())) for m in TOKEN.finditer(phrase)]
    paths = [_form_keys(form) for form in term.source_forms]
    if not _is_name(term):
        paths += [p for keys in paths if len(keys) > 1 and (p := _indefinite(keys))]
    contains = equals = False
    for keys in paths:
        for start in range(len(tokens) - len(keys) + 1):
            if keys and _phrase_at(tokens, phrase, start, keys):
                contains = True
                equals = equals or len(keys) == len(tokens)
    return contains, equals


def form_key(form: str) -> str:
    """One string that two forms share exactly when the matcher treats them as the same."""
    return "\x1f".join(_form_keys(form))


def _form_keys(form: str) -> list[str]:
    """Trie path of a glossary form: first token, then separator + token for the rest."""
    matches = list(TOKEN.finditer(form))
    keys = [normalize(matches[0].group())] if matches else []
    for prev, cur in itertools.pairwise(matches):
        keys.append(_gap_key(form[prev.end() : cur.start()]) + normalize(cur.group()))
    return keys


class Matcher:
    """Longest-match glossary lookup; terms listed earlier take precedence over later ones."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self._root: dict[str, _Node] = {}
        self._norm_cache: dict[str, str] = {}
        self._cand_cache: dict[str, list[tuple[str, str]]] = {}
        self._ar_not: dict[int, list[list[str]]] = {}
        self.size = 0
        derived: list[tuple[list[str], str, Term]] = []
        for term in terms:
            for form in term.source_forms:
                keys = _form_keys(form)
                self._insert(keys, form, term)
                # A common multi-word term written definite also matches its indefinite
                # form (حظر التجول ↔ حظر تجول); a name does not (البيت الأبيض, not بيت أبيض).
                indefinite = _indefinite(keys) if len(keys) > 1 and not _is_name(term) else None
                if indefinite:
                    derived.append((indefinite, form, term))
            if term.ar_not:
                self._ar_not[id(term)] = [k for p in term.ar_not if (k := _form_keys(p))]
            self.size += 1
        for keys, form, term in derived:  # a form written in the glossary takes precedence
            self._insert(keys, form, term)

    def _insert(self, keys: list[str], form: str, term: Term) -> None:
        if not keys:
            return
        node = self._root.setdefault(keys[0], _Node())
        for key in keys[1:]:
            node = node.children.setdefault(key, _Node())
        if node.term is None:
            node.term, node.form = term, form

    def _norm(self, token: str) -> str:
        norm = self._norm_cache.get(token)
        if norm is None:
            if len(self._norm_cache) > 500_000:
                self._norm_cache.clear()
            norm = self._norm_cache[token] = normalize(token)
        return norm

    def _starts(self, norm: str) -> list[tuple[str, str]]:
        cands = self._cand_cache.get(norm)
        if cands is None:
            if len(self._cand_cache) > 500_000:
                self._cand_cache.clear()
            cands = [(p, k) for p, k in _candidates(norm) if k in self._root]
            self._cand_cache[norm] = cands
        return cands

    def _blocked(
        self,
        tokens: list[tuple[int, int, str]],
        text: str,
        i: int,
        last: int,
        prefix: str,
        term: Term,
        form: str,
    ) -> bool:
        """Whether a match of `term` over tokens i..last is not a hit of it (module doc)."""
        if i == last and _proper_noun(term, form):
            if prefix.endswith((_ARTICLE, "لل")):
                return True  # السورية is "Syrian", not Syria
            if prefix in ("", "و", "ف") and self._nisba(tokens, text, i, form):
                return True
        phrases = self._ar_not.get(id(term))
        return bool(phrases) and any(
            _phrase_at(tokens, text, start, keys)
            for keys in phrases
            for start in range(max(0, last - len(keys) + 1), i + 1)
            if start + len(keys) <= len(tokens)
        )

    def _nisba(self, tokens: list[tuple[int, int, str]], text: str, i: int, form: str) -> bool:
        """سورية right after an indefinite feminine noun is the adjective: امرأة سورية is "a
        Syrian woman", قوات سورية "Syrian forces". After a preposition (في سورية), a
        masculine noun (شمال سورية), a verb (زار سورية) or a definite word it is the name."""
        norm = normalize(form)
        if i == 0 or norm.startswith(_ARTICLE) or not norm.endswith(_NISBA_END):
            return False
        start, end, word = tokens[i - 1]
        if _gap_key(text[end : tokens[i][0]]) != _WHITESPACE_GAP or _definite_word(word):
            return False
        return bool(_FEMININE_END.search(text[start:end]))

    def find(self, text: str) -> list[Hit]:
        tokens = [(m.start(), m.end(), self._norm(m.group())) for m in TOKEN.finditer(text)]
        hits: list[Hit] = []
        i, n = 0, len(tokens)
        while i < n:
            best: tuple[int, int, str, _Node] | None = None  # (last token, -prefix len, ...)
            for prefix, key in self._starts(tokens[i][2]):
                node = self._root[key]
                j = i
                # The article set aside from the first word may be on the others too:
                # الرتل العسكري is رتل عسكري.
                definite = prefix.endswith((_ARTICLE, "لل"))
                while True:
                    if node.term is not None and not self._blocked(
                        tokens, text, i, j, prefix, node.term, node.form
                    ):
                        rank = (j, -len(prefix))
                        if best is None or rank > (best[0], best[1]):
                            best = (j, -len(prefix), prefix, node)
                    if j + 1 >= n:
                        break
                    gap = _gap_key(text[tokens[j][1] : tokens[j + 1][0]])
                    word = tokens[j + 1][2]
                    nxt = node.children.get(gap + word)
                    if nxt is None and definite and word.startswith(_ARTICLE):
                        nxt = node.children.get(gap + word[len(_ARTICLE) :])
                    if nxt is None:
                        break
                    node, j = nxt, j + 1
            if best is None:
                i += 1
                continue
            last, _, prefix, node = best
            term = node.term
            assert term is not None
            start, end = tokens[i][0], tokens[last][1]
            counted = (
                i > 0 and numeral(tokens[i - 1][2]) and not text[tokens[i - 1][1] : start].strip()
            )
            hits.append(
                Hit(
                    start=start,
                    end=end,
                    surface=text[start:end],
                    ar=term.ar,
                    en=term.en,
                    glossary=term.glossary,
                    form=node.form,
                    prefix=prefix,
                    line=term.line,
                    en_forbidden=term.en_forbidden,
                    en_alternatives=term.en_alternatives,
                    enforce=term.enforce,
                    en_derived=term.en_derived,
                    number=COUNTED if counted else PLURAL if node.form in term.ar_plural else "",
                )
            )
            i = last + 1
        return hits
