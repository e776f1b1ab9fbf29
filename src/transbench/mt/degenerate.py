"""Whether a draft is degenerate: text a decoder babbled rather than wrote.

A constrained search that cannot fit a term into a fluent sentence tends to loop, stutter
or glue the term onto another word. These checks see that on the text alone, so any
backend's draft can be judged the same way:

- `stutter`: a word written twice in a row (`and and`, `Syria Syria`), except the few
  English doubles that real text has (`had had`, `that that`, numbers);
- `loop`: a run of 2 to 8 words written twice in a row (`and Washington, and Washington`),
  or a 3-word sequence that comes back 3 times or more;
- `subword`: letters looping inside a word (`HASASASAKAH`, `increaseincreaseincrease`;
  `Pentaentagon`, `deconflictiontion`: 4 or more letters twice);
- `glued`: a word of a term's form with letters run into it that English would not add
  (`Hasakahtaniyah`; `Syrian`, `Kurdish`, `Americans` are fine);
- `punctuation`: `,,` or a run of four or more `.`, `!`, `?`, `;`, `:`;
- `runaway`: far more words than the source (3 English words per Arabic word, plus 10)
  or than the plain draft (twice it, plus 12), when that is given.

A problem the plain draft has too is the model's, not the rewrite's: `worse` tells
whether a rewrite makes a draft degenerate that was not, or makes a babbling one run
away. Thresholds were set so that real MT output (seven systems and the human reference
on FLORES dev, `benchmarks/bench_degenerate.py --false-positives`) is almost never
flagged.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

WORD = re.compile(r"\w+(?:['’]\w+)*")
LETTERS = re.compile(r"[^\W\d_]+")
# English doubles: "what he had had", "he said that that", "is is" is not one.
DOUBLES = frozenset({"had", "that", "ha", "bye", "no", "very", "so", "knock", "tut", "chop"})
PUNCTUATION = re.compile(r",\s*,|([.!?;:])\1{4,}")
SHORT_LOOP = re.compile(r"([^\W\d_]{2})\1{2,}|([^\W\d_]{3})\2{3,}|([^\W\d_]{4,})\3{2,}")
LONG_LOOP = re.compile(r"([^\W\d_]{4,})\1")
TRIGRAM_TIMES = 4
# What English may run onto a name: Syrian(s), Kurdish, Americans, Washington's (apostrophe
# is no letter), Iraqi, Russia-backed (hyphen is no letter).
SUFFIXES = frozenset(
    {"s", "es", "n", "ns", "an", "ans", "ian", "ians", "ese", "i", "is", "ish", "ern"}
    | {"erns", "er", "ers", "ed", "ing", "ly", "ism", "ist", "ists"}
)
PREFIXES = frozenset(["pro", "anti", "non", "pre", "post", "ex", "un"])
LONGEST_LOOP = 8
SOURCE_RATIO, SOURCE_SLACK = 3.0, 10
PLAIN_RATIO, PLAIN_SLACK = 2.0, 12

Problem = tuple[str, str]  # (kind, what): ("stutter", "and"), ("glued", "hasakahtaniyah")


def _term_words(terms: Iterable[Iterable[str]]) -> set[str]:
    return {w.lower() for forms in terms for f in forms for w in LETTERS.findall(f) if len(w) >= 4}


def _glued(word: str, term_words: set[str]) -> bool:
    for t in term_words:
        at = word.find(t)
        if at < 0 or word == t:
            continue
        before, after = word[:at], word[at + len(t) :]
        if (not before or before in PREFIXES) and (not after or after in SUFFIXES):
            continue
        return True
    return False


def _repeats(text: str) -> set[Problem]:
    """Words or runs of words written again straight after themselves: twice with nothing
    between (`and and`), three times across punctuation (`Syria. Syria. Syria`, `and
    Washington, and Washington, and Washington`; "Japan. Japan was", "the grass, the grass"
    and "great-great-grandchildren" are English)."""
    found: set[Problem] = set()
    matches = list(WORD.finditer(text))
    words = [m.group(0).lower() for m in matches]
    # punctuated[i]: something other than spaces stands between word i-1 and word i.
    punctuated = [False] + [
        bool(text[a.end() : b.start()].strip()) for a, b in itertools.pairwise(matches)
    ]
    for n in range(1, LONGEST_LOOP + 1):
        for i in range(len(words) - 2 * n + 1):
            chunk = words[i : i + n]
            copies = 1
            while words[i + copies * n : i + (copies + 1) * n] == chunk:
                copies += 1
            if copies < 2 or (n == 1 and (chunk[0] in DOUBLES or chunk[0].isdigit())):
                continue
            if any(chunk == chunk[d:] + chunk[:d] for d in range(1, n)):
                continue  # `a a a a` is the loop of `a`, reported once
            if copies >= 3 or not any(punctuated[i + 1 : i + 2 * n]):
                found.add(("stutter" if n == 1 else "loop", " ".join(chunk)))
    grams = Counter(zip(words, words[1:], words[2:], strict=False))
    found |= {
        ("loop", " ".join(g)) for g, c in grams.items() if c >= TRIGRAM_TIMES and len(set(g)) > 1
    }
    return found


def _subword(word: str, term_words: set[str]) -> bool:
    """Letters looping inside a word: 2 letters three times, 3 four times (`HASASASAKAH`),
    4 or more three times (`increaseincreaseincrease`); 4 or more twice where taking one
    copy out leaves a term's word (`Pentaentagon`, `deconflictiontion`; the names
    `Ngorongoro`, `Starstar` stay)."""
    if SHORT_LOOP.search(word):
        return True
    for m in LONG_LOOP.finditer(word):
        once = word[: m.start()] + word[m.start() + len(m.group(1)) :]
        if any(t in once for t in term_words):
            return True
    return False


def problems(
    text: str, source: str = "", terms: Sequence[Iterable[str]] = (), plain: str | None = None
) -> set[Problem]:
    """What makes `text` degenerate (empty when nothing does). `source`: the sentence it
    translates; `terms`: the accepted forms of its glossary terms, as given (each form is
    taken as it comes); `plain`: the unconstrained draft, for the length check."""
    found = _repeats(text)
    term_words = _term_words(terms)
    for word in {w.lower() for w in LETTERS.findall(text)}:
        if _subword(word, term_words):
            found.add(("subword", word))
        elif term_words and _glued(word, term_words):
            found.add(("glued", word))
    for m in PUNCTUATION.finditer(text):
        found.add(("punctuation", m.group(0)[:2]))
    words = len(WORD.findall(text))
    if source and words > SOURCE_RATIO * len(WORD.findall(source)) + SOURCE_SLACK:
        found.add(("runaway", "source"))
    if plain is not None and words > PLAIN_RATIO * len(WORD.findall(plain)) + PLAIN_SLACK:
        found.add(("runaway", "plain"))
    return found


def is_degenerate(
    text: str, source: str = "", terms: Sequence[Iterable[str]] = (), plain: str | None = None
) -> bool:
    return bool(problems(text, source, terms, plain))


def worse(text: str, plain: str, source: str = "", terms: Sequence[Iterable[str]] = ()) -> bool:
    """Whether a rewrite of `plain` is degenerate where the plain draft is not. A rewrite
    of a fluent draft must be fluent. Where the model already babbled, which words its
    rewrite repeats says nothing (a word salad with the term beats one without), so only
    running away from the plain draft's length counts against it."""
    found = problems(text, source, terms, plain)
    before = problems(plain, source, terms)
    if not before:
        return bool(found)
    return any(kind == "runaway" for kind, _ in found - before)
