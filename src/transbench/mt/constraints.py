"""Which glossary terms a hypothesis has written, judged on the text it decodes to.

A term counts as written exactly when `glossary.presence` would find it in the finished
draft: any tokenization of any accepted form, with or without a leading space, cased by
the same rule, as whole words. So `(AFP)` spelled `▁( A FP )` counts, `Al-Qahtaniyah`
counts for `al-Qahtaniyah`, and `Hasakahtaniyah` does not count for `Hasakah`: a term
whose last piece runs on into a longer word is no longer met, and the search must write
it again before it may end.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from transbench.glossary.presence import Forms, as_forms, exact_case, pattern

# After these, a term starts without a space: `(SDF`, `“Moscow`, `«Moscow`.
OPENERS = frozenset("([{“‘«")


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


class TokenText:
    """What each target token writes (sentencepiece's ▁ as a space; special tokens write
    nothing), and an index from lower-cased text to token ids, so that every spelling of
    a term's prefix is a dictionary lookup."""

    def __init__(self, pieces: Sequence[str], special: set[int]) -> None:
        self.text = ["" if i in special else p.replace("▁", " ") for i, p in enumerate(pieces)]
        self.index: dict[str, list[int]] = {}
        for i, t in enumerate(self.text):
            if t:
                self.index.setdefault(t.lower(), []).append(i)

    @classmethod
    def from_tokenizer(cls, tokenizer) -> TokenText:
        pieces = tokenizer.convert_ids_to_tokens(list(range(len(tokenizer))))
        special = set(tokenizer.all_special_ids)
        special |= {i for i, p in enumerate(pieces) if p is None or p.startswith("<")}
        return cls([p or "" for p in pieces], special)

    def spelling(self, text: str, exact: bool) -> list[int]:
        """Tokens that write exactly `text` (case-insensitively unless `exact`)."""
        ids = self.index.get(text.lower(), [])
        return [i for i in ids if self.text[i] == text] if exact else ids


@dataclass(frozen=True, slots=True)
class TermState:
    """`fixed`: terms written with the character after them already there (they stay
    written); `met`: terms written now (fixed, or ending the text); `partial`: for each
    form under way, (term, form, characters written) at the end of the text."""

    text: str = ""
    fixed: int = 0
    met: int = 0
    partial: tuple[tuple[int, int, int], ...] = ()


START = TermState()


@dataclass
class _Form:
    text: str
    exact: bool
    spaced: list[int] = field(default_factory=list)  # ` SDF`, ` S`: after a word or a stop
    bare: list[int] = field(default_factory=list)  # `SDF`, `S`: straight after `(` or `"`
    continuations: dict[int, list[int]] = field(default_factory=dict)


class TermTracker:
    """The terms of one sentence (each a tuple of accepted forms), tracked over the text a
    hypothesis writes. `remainder` needs `encode` (term text → target token ids)."""

    def __init__(
        self,
        terms: Sequence[Forms | str],
        vocab: TokenText | None = None,
        encode: Callable[[str], Sequence[int]] | None = None,
    ) -> None:
        cleaned = (tuple(f for f in as_forms(forms) if f) for forms in terms)
        self.terms = [forms for forms in cleaned if forms]
        self.vocab = vocab
        self.encode = encode
        self.all_met = (1 << len(self.terms)) - 1
        longest = max((len(f) for forms in self.terms for f in forms), default=0)
        self.window = longest + 1
        self._forms: dict[tuple[int, int], _Form] = {}

    def __bool__(self) -> bool:
        return bool(self.terms)

    def advance(self, state: TermState, token: int) -> TermState:
        assert self.vocab is not None
        piece = self.vocab.text[token]
        return self.state(state.text + piece, state.fixed, len(state.text)) if piece else state

    def state(self, text: str, fixed: int = 0, old_length: int = 0) -> TermState:
        """The state of `text`, given the terms already fixed in its first `old_length`
        characters (only matches reaching past those can be new)."""
        met = fixed
        since = max(0, old_length - self.window)
        for i, forms in enumerate(self.terms):
            if fixed >> i & 1:
                continue
            for form in forms:
                for m in pattern(form).finditer(text, since):
                    met |= 1 << i
                    if m.end() < len(text):
                        fixed |= 1 << i
                        break
                if fixed >> i & 1:
                    break
        partial = []
        tail = text[-self.window :]
        lower = tail.lower()
        for i, forms in enumerate(self.terms):
            if met >> i & 1:
                continue
            for j, form in enumerate(forms):
                exact = exact_case(form)
                end, want = (tail, form) if exact else (lower, form.lower())
                for p in range(min(len(want) - 1, len(end)), 0, -1):
                    if end.endswith(want[:p]) and (len(text) == p or not _is_word(text[-p - 1])):
                        partial.append((i, j, p))
                        break
        return TermState(text, fixed, met, tuple(partial))

    def complete(self, state: TermState) -> bool:
        return state.met == self.all_met

    def bank(self, state: TermState) -> int:
        """Dynamic beam allocation groups hypotheses by progress: two steps per term
        written, one more while a term is under way (see `progress`)."""
        return 2 * state.met.bit_count() + (self.progress(state) > 0)

    @staticmethod
    def progress(state: TermState) -> int:
        """Characters of the furthest term under way, counted from two on (so that an
        article `a` is no progress on `al-Qahtaniyah`): within a bank, hypotheses further
        into a term go first, so a term once started gets finished rather than restarted."""
        furthest = max((p for _, _, p in state.partial), default=0)
        return furthest if furthest >= 2 else 0

    def wanted(self, state: TermState, starts: bool = True) -> set[int]:
        """Tokens that start an unwritten term (when `starts`) or continue one under way."""
        tokens: set[int] = set()
        going = {(i, j): p for i, j, p in state.partial}
        last = state.text[-1:] or None
        for i, forms in enumerate(self.terms):
            if state.met >> i & 1:
                continue
            for j in range(len(forms)):
                form = self._form(i, j)
                p = going.get((i, j), 0)
                if p:
                    if p not in form.continuations:
                        form.continuations[p] = self._spell(form.text, p)
                    tokens.update(form.continuations[p])
                if starts or not p:
                    if last is None or last not in OPENERS:
                        tokens.update(form.spaced)
                    if last is not None and not last.isspace() and not _is_word(last):
                        tokens.update(form.bare)
        return tokens

    def remainder(self, state: TermState) -> list[int]:
        """Tokens that write every unwritten term (preferred form, or the form under way
        from where it stands): the hard-mode last resort when no hypothesis has them all
        at the length limit."""
        going = {(i, j): p for i, j, p in state.partial}
        tokens: list[int] = []
        for i, forms in enumerate(self.terms):
            if state.met >> i & 1:
                continue
            j, p = max(((j, going.get((i, j), 0)) for j in range(len(forms))), key=lambda x: x[1])
            spelled = self._greedy(forms[j][p:]) if p and self.vocab else None
            if spelled is None:
                assert self.encode is not None
                spelled = list(self.encode(forms[0]))
            tokens += spelled
        return tokens

    def _greedy(self, text: str) -> list[int] | None:
        """`text` written with the longest matching tokens, none with a leading space."""
        assert self.vocab is not None
        tokens: list[int] = []
        while text:
            for q in range(len(text), 0, -1):
                ids = self.vocab.spelling(text[:q], exact=True)
                if ids:
                    tokens.append(ids[0])
                    text = text[q:]
                    break
            else:
                return None
        return tokens

    def _form(self, i: int, j: int) -> _Form:
        form = self._forms.get((i, j))
        if form is None:
            text = self.terms[i][j]
            form = self._forms[(i, j)] = _Form(text, exact_case(text))
            # A term may start a sentence: `Al-Qahtaniyah`, `Deconfliction line`.
            for start in dict.fromkeys((text, text[:1].upper() + text[1:])):
                form.spaced += self._spell(start, 0, " ")
                form.bare += self._spell(start, 0)
        return form

    def _spell(self, text: str, p: int, lead: str = "") -> list[int]:
        """Tokens writing `lead` + a non-empty prefix of `text` from `p` on, cased as the
        glossary writes it: what the search adds is spelled as the glossary wants, while
        what the model writes on its own counts whatever its case (`state`)."""
        assert self.vocab is not None
        ids: list[int] = []
        for q in range(p + 1, len(text) + 1):
            ids += self.vocab.spelling(lead + text[p:q], exact=True)
        return ids
