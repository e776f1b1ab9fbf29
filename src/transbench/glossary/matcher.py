"""Finding glossary terms in Arabic text: a trie over normalised tokens.

Each text token is tried as written and with its proclitics set aside (و ف, ب ك ل, the
article ال, and لل = ل + ال), so لقوات سوريا الديمقراطية and بالحسكة match their terms,
while الرقيقة never matches الرقة: after the clitics, the rest of the word must be the
term's word exactly. Later words of a multi-word term match exactly. Cost per token is
bounded by the longest term, whatever the glossary size; the longest match wins.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from transbench.glossary.agreement import numeral
from transbench.glossary.forms import PLURAL
from transbench.glossary.normalize import TOKEN, normalize
from transbench.glossary.records import Hit, Term

_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ك", "ل")
_ARTICLE = "ال"
_CLITIC_START = frozenset("وفبكلا")
_MIN_STEM = 2
_WHITESPACE_GAP = " "
_SPACES = re.compile(r"\s+")


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


def _gap_key(gap: str) -> str:
    """Whitespace of any kind between words is one separator; punctuation must agree."""
    stripped = _SPACES.sub("", gap)
    return stripped if stripped else _WHITESPACE_GAP


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
        self.size = 0
        for term in terms:
            for form in term.source_forms:
                self._insert(form, term)
            self.size += 1

    def _insert(self, form: str, term: Term) -> None:
        keys = _form_keys(form)
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
                    if node.term is not None and not (
                        j == i and definite and _proper_noun(node.term, node.form)
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
                    number=PLURAL if counted or node.form in term.ar_plural else "",
                )
            )
            i = last + 1
        return hits
