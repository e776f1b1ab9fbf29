"""Glossary discipline: required renderings present, forbidden ones absent."""

from __future__ import annotations

import re

from transbench.qa.base import ERROR, Check, Finding, QAUnit


def contains(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE) is not None


class MissingTermCheck(Check):
    id = "term-missing"
    severity = ERROR

    def run(self, unit: QAUnit) -> list[Finding]:
        return [
            self.finding(f"glossary term missing: {t.ar} must be '{t.en}'", ar=t.ar, en=t.en)
            for t in unit.terms
            if t.en.casefold() not in unit.target.casefold()
        ]


class ForbiddenTermCheck(Check):
    id = "term-forbidden"
    severity = ERROR

    def run(self, unit: QAUnit) -> list[Finding]:
        findings = []
        for t in unit.terms:
            for bad in t.forbidden:
                if contains(unit.target, bad) and not contains(t.en, bad):
                    findings.append(
                        self.finding(
                            f"'{bad}' is a forbidden rendering of {t.ar}; use '{t.en}'",
                            ar=t.ar,
                            forbidden=bad,
                            en=t.en,
                        )
                    )
        return findings
