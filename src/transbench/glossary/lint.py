"""Glossary lint: the mistakes that make a shared glossary silently wrong."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from transbench.glossary.csvfile import GlossaryFile
from transbench.glossary.matcher import Matcher, contains_form, form_key
from transbench.glossary.normalize import TOKEN, normalize
from transbench.glossary.records import (
    ENFORCE,
    LIST_COLUMNS,
    LIST_SEPARATOR,
    REQUIRED_COLUMNS,
    Hit,
    Term,
)
from transbench.segment.script import ARABIC_LETTER, LATIN_LETTER

ERROR, WARNING = "error", "warning"
_ARABIC = re.compile(f"[{ARABIC_LETTER}]")
_LATIN = re.compile(f"[{LATIN_LETTER}]")
_INVISIBLE = re.compile("[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_CLITIC_PREFIXES = ("وال", "فال", "بال", "كال", "لل")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    severity: str
    code: str
    message: str
    entry: str = ""  # the entry's Arabic: names an entry not yet in the file (an import)

    def __str__(self) -> str:
        if self.line:
            where = f"{self.path}:{self.line}"  # file:line, as editors and CI read it
        else:
            where = f"{self.path} (new entry '{self.entry}')" if self.entry else str(self.path)
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


def has_errors(findings: Sequence[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def lint(files: Sequence[GlossaryFile]) -> list[Finding]:
    """Check each file, then forms shared across files (the earlier file wins there)."""
    findings: list[Finding] = []
    earlier: dict[str, tuple[Term, str]] = {}
    for gf in files:
        path = str(gf.path)
        findings += _lint_rows(gf)
        local: dict[str, tuple[Term, str]] = {}
        for term in gf.terms():
            for kind, form in [("term", term.ar)] + [("variant", v) for v in term.ar_variants]:
                if not form.strip():
                    continue
                key = form_key(form)
                if key in local:
                    findings += _collision(path, term, kind, form, *local[key])
                else:
                    local[key] = (term, kind)
                if key in earlier and earlier[key][0].en != term.en:
                    winner = earlier[key][0]
                    findings.append(
                        Finding(
                            path,
                            term.line,
                            WARNING,
                            "overridden",
                            f"'{form}' → '{term.en}' is overridden by {winner.glossary}:"
                            f"{winner.line} ('{winner.en}'), which takes precedence",
                        )
                    )
        for key, value in local.items():
            earlier.setdefault(key, value)
    return sorted(findings, key=lambda f: (f.path, f.line, f.code))


def _collision(path: str, term: Term, kind: str, form: str, other: Term, other_kind: str):
    if other is term:
        return [
            Finding(
                path,
                term.line,
                WARNING,
                "redundant-variant",
                f"variant '{form}' is the term itself once normalised",
            )
        ]
    if "term" in (kind, other_kind) and kind != other_kind:
        return [
            Finding(
                path,
                term.line,
                ERROR,
                "variant-is-term",
                f"'{form}' is both a term and a variant of another entry "
                f"(line {other.line}, '{other.ar}')",
            )
        ]
    if other.en == term.en:
        return [
            Finding(
                path,
                term.line,
                WARNING,
                "duplicate",
                f"'{form}' → '{term.en}' repeats line {other.line}",
            )
        ]
    return [
        Finding(
            path,
            term.line,
            ERROR,
            "source-conflict",
            f"'{form}' → '{term.en}' collides with line {other.line} "
            f"('{other.ar}' → '{other.en}') once normalised",
        )
    ]


def _lint_rows(gf: GlossaryFile) -> list[Finding]:
    path = str(gf.path)
    out: list[Finding] = []
    for row in gf.rows:
        if row.values is None:
            continue
        values, line = row.values, row.line

        def add(
            severity: str, code: str, message: str, line: int = line, ar: str = values.get("ar", "")
        ) -> None:
            out.append(Finding(path, line, severity, code, message, ar))

        if row.raw is not None and row.field_count != len(gf.columns):
            add(ERROR, "field-count", f"{row.field_count} fields, the header has {len(gf.columns)}")
        for column in REQUIRED_COLUMNS:
            if not values.get(column, "").strip():
                add(ERROR, "missing-field", f"'{column}' is empty")
        for column, value in values.items():
            if _INVISIBLE.search(value):
                add(ERROR, "invisible-char", f"'{column}' holds an invisible or control character")
            items = value.split(LIST_SEPARATOR) if column in LIST_COLUMNS else [value]
            if any(item != item.strip() or "  " in item for item in items if item):
                add(ERROR, "whitespace", f"stray whitespace in '{column}': {value!r}")
        term = Term.from_row(values, gf.name, line)
        for form in (*term.source_forms, *term.ar_not):
            for token in TOKEN.findall(form):
                if _ARABIC.search(token) and _LATIN.search(token):
                    add(ERROR, "mixed-script", f"'{token}' mixes Arabic and Latin letters")
        for column in ("en", "en_forbidden", "en_alternatives", "en_derived"):
            if _ARABIC.search(values.get(column, "")):
                add(ERROR, "mixed-script", f"'{column}' contains Arabic letters")
        if term.enforce not in ENFORCE:
            add(
                ERROR,
                "enforce",
                f"'enforce' must be one of {', '.join(ENFORCE)}, not '{term.enforce}'",
            )
        en = term.en.casefold()
        if en and any(f.casefold() == en for f in term.en_forbidden):
            add(ERROR, "forbidden-equals-en", f"'{term.en}' is both required and forbidden")
        for form in (*term.source_forms, *term.ar_not):
            if form.startswith(_CLITIC_PREFIXES):
                add(
                    WARNING,
                    "clitic-prefix",
                    f"'{form}' starts with a clitic; write the bare form, clitics match by "
                    "themselves",
                )
        for phrase in term.ar_not:
            contains, equals = contains_form(term, phrase)
            if equals:
                add(
                    ERROR,
                    "ar-not",
                    f"ar_not '{phrase}' is a form of the entry itself: it would drop every hit",
                )
            elif not contains:
                add(
                    ERROR,
                    "ar-not",
                    f"ar_not '{phrase}' does not contain the term or a variant; an exclusion "
                    "is a longer name around one of them (واشنطن بوست for واشنطن)",
                )
        if term.ar and len(term.ar.split()) > 8:
            add(WARNING, "long-term", f"'{term.ar}' has more than 8 words")
    return out


@dataclass(frozen=True)
class CorpusHits:
    """A general corpus matched once against the glossaries, for the corpus checks
    (`frequent`, `inside_names`): the entries by (glossary, line), their files' paths, the
    lines and each line's hits."""

    terms: dict[tuple[str, int], Term]
    paths: dict[str, str]
    lines: Sequence[str]
    hits: list[list[Hit]]

    @classmethod
    def match(cls, files: Sequence[GlossaryFile], lines: Sequence[str]) -> CorpusHits:
        terms = {(t.glossary, t.line): t for gf in files for t in gf.terms()}
        matcher = Matcher(terms.values())
        paths = {gf.name: str(gf.path) for gf in files}
        return cls(terms, paths, lines, [matcher.find(text) for text in lines])


def frequent(corpus: CorpusHits, max_share: float = 0.005) -> list[Finding]:
    """Warnings for hard-enforced one-word entries that match in more than `max_share` of the
    lines of a general corpus: candidates for being common words too (القاعدة, "the base";
    تدمر, "destroys"), into whose translation hard mode would force a name. A prompt to
    review the entry (frequent names are frequent too), not a verdict."""
    lines = corpus.lines
    counts: Counter[tuple[str, int]] = Counter()
    for found in corpus.hits:
        counts.update({(h.glossary, h.line) for h in found if " " not in h.form})
    findings = []
    for (glossary, line), n in sorted(counts.items()):
        term = corpus.terms[(glossary, line)]
        if term.enforce == "hard" and lines and n / len(lines) > max_share:
            findings.append(
                Finding(
                    corpus.paths[glossary],
                    line,
                    WARNING,
                    "frequent",
                    f"'{term.ar}' matches {n} of {len(lines)} corpus lines "
                    f"({n / len(lines):.1%}); if it is also a common word, set enforce to "
                    "check (QA only) or soft",
                )
            )
    return findings


# Arabic evidence that a hit is part of a longer name (English capitals are not there to
# see): a personal name or title right before it (جورج واشنطن, السيد …), a word that starts
# an institution's name right before it (جامعة واشنطن, قناة الميادين, اتحاد الولايات
# المتحدة), a word that ends a newspaper's or team's name right after it (واشنطن بوست,
# واشنطن كابيتالز), or quotation marks around it and other words («…», "…", “…”).


def _words(text: str) -> frozenset[str]:
    return frozenset(normalize(word) for word in text.split())


_NAME_BEFORE = _words(
    "السيد السيدة الشيخ الدكتور الرئيس الأمير الملك الجنرال العقيد اللواء القس "
    "جورج جون جيمس توماس مارتن دنزل بوكر مايكل ديفيد روبرت وليام ماري "
    "جامعة ولاية صحيفة جريدة مجلة قناة شركة فريق نادي منتخب اتحاد معهد مؤسسة متحف "
    "مطار شارع ميدان فندق"
)
_NAME_AFTER = _words(
    "بوست تايمز جورنال نيوز هيرالد تريبيون ستار مونيتور غازيت إكزامينر كرونيكل "
    "كابيتالز ريدسكينز ويزاردز ناشيونالز سيتي يونايتد"
)
_QUOTED = re.compile('«[^«»\n]*»|"[^"\n]*"|“[^“”\n]*”')
_MAX_QUOTED_WORDS = 6


def _name_context(line: str, hit: Hit) -> str | None:
    """The longer name a hit may sit in, as written (a clitic of the hit itself aside:
    لواشنطن بوست gives واشنطن بوست), or None."""
    start, end = hit.start, hit.end
    surface = line[start:end]
    if hit.prefix and not hit.prefix.endswith(("ال", "لل")):
        surface = surface[len(hit.prefix) :]
    before = list(TOKEN.finditer(line, 0, start))
    after = TOKEN.search(line, end)
    if after and not line[end : after.start()].strip() and normalize(after.group()) in _NAME_AFTER:
        return f"{surface} {after.group()}"
    if before and not line[before[-1].end() : start].strip():
        word = before[-1].group()
        if normalize(word) in _NAME_BEFORE:
            return f"{word} {line[start:end]}"
    for quoted in _QUOTED.finditer(line):
        inner = quoted.group()[1:-1].strip()
        if (
            quoted.start() < start
            and end < quoted.end()
            and inner != line[start:end].strip()
            and len(TOKEN.findall(inner)) <= _MAX_QUOTED_WORDS
        ):
            return quoted.group()
    return None


def inside_names(corpus: CorpusHits) -> list[Finding]:
    """Warnings for entries whose hits in a corpus sit where Arabic shows a longer name
    (_name_context): each with how many hits, the phrases and an example line, so that a
    terminologist can add the ones that are other names to the entry's `ar_not`."""
    totals: Counter[tuple[str, int]] = Counter()
    phrases: dict[tuple[str, int], Counter[str]] = {}
    examples: dict[tuple[str, str, int], str] = {}
    for text, found in zip(corpus.lines, corpus.hits, strict=True):
        for hit in found:
            key = (hit.glossary, hit.line)
            totals[key] += 1
            phrase = _name_context(text, hit)
            if phrase is None:
                continue
            phrases.setdefault(key, Counter())[phrase] += 1
            a = max(0, hit.start - 40)
            examples.setdefault((phrase, *key), " ".join(text[a : hit.end + 40].split()))
    findings = []
    for (glossary, line), found in sorted(phrases.items()):
        term = corpus.terms[(glossary, line)]
        listed = "; ".join(
            f"'{phrase}' ×{n} (e.g. «…{examples[(phrase, glossary, line)]}…»)"
            for phrase, n in found.most_common(3)
        )
        more = f"; and {len(found) - 3} more" if len(found) > 3 else ""
        findings.append(
            Finding(
                corpus.paths[glossary],
                line,
                WARNING,
                "inside-name",
                f"'{term.ar}' may sit inside a longer name in {sum(found.values())} of "
                f"{totals[(glossary, line)]} corpus hits: {listed}{more}; add the ones that are "
                "other names to ar_not",
            )
        )
    return findings
