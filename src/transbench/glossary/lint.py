"""Glossary lint: the mistakes that make a shared glossary silently wrong."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from transbench.glossary.csvfile import GlossaryFile
from transbench.glossary.matcher import Matcher, form_key
from transbench.glossary.normalize import TOKEN
from transbench.glossary.records import (
    ENFORCE,
    LIST_COLUMNS,
    LIST_SEPARATOR,
    REQUIRED_COLUMNS,
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
        for form in term.source_forms:
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
        for form in term.source_forms:
            if form.startswith(_CLITIC_PREFIXES):
                add(
                    WARNING,
                    "clitic-prefix",
                    f"'{form}' starts with a clitic; write the bare form, clitics match by "
                    "themselves",
                )
        if term.ar and len(term.ar.split()) > 8:
            add(WARNING, "long-term", f"'{term.ar}' has more than 8 words")
    return out


def frequent(
    files: Sequence[GlossaryFile], lines: Sequence[str], max_share: float = 0.005
) -> list[Finding]:
    """Warnings for hard-enforced one-word entries that match in more than `max_share` of the
    lines of a general corpus: candidates for being common words too (القاعدة, "the base";
    تدمر, "destroys"), into whose translation hard mode would force a name. A prompt to
    review the entry (frequent names are frequent too), not a verdict."""
    terms = {(t.glossary, t.line): t for gf in files for t in gf.terms()}
    paths = {gf.name: str(gf.path) for gf in files}
    counts: Counter[tuple[str, int]] = Counter()
    matcher = Matcher(terms.values())
    for text in lines:
        counts.update({(h.glossary, h.line) for h in matcher.find(text) if " " not in h.form})
    findings = []
    for (glossary, line), n in sorted(counts.items()):
        term = terms[(glossary, line)]
        if term.enforce == "hard" and lines and n / len(lines) > max_share:
            findings.append(
                Finding(
                    paths[glossary],
                    line,
                    WARNING,
                    "frequent",
                    f"'{term.ar}' matches {n} of {len(lines)} corpus lines "
                    f"({n / len(lines):.1%}); if it is also a common word, set enforce to "
                    "check (QA only) or soft",
                )
            )
    return findings
