"""Glossary discipline: required renderings present, forbidden ones absent."""

from __future__ import annotations

from dataclasses import replace

from transbench.glossary.presence import find_term
from transbench.qa.base import ERROR, WARNING, Check, Finding, QAUnit


class MissingTermCheck(Check):
    id = "term-missing"
    severity = ERROR

    def run(self, unit: QAUnit) -> list[Finding]:
        findings = []
        for t in unit.terms:
            # `check` entries are also common words (القاعدة "the base"): on seven real
            # systems' output every "missing" one was a false alarm (docs/quality.md).
            if t.enforce == "check" or find_term(unit.target, t.forms):
                continue
            found = self.finding(
                f"glossary term missing: {t.ar} must be '{t.en}'", ar=t.ar, en=t.en
            )
            if t.enforce == "soft":
                found = replace(found, severity=WARNING)
            findings.append(found)
        return findings


class ForbiddenTermCheck(Check):
    id = "term-forbidden"
    severity = ERROR

    def run(self, unit: QAUnit) -> list[Finding]:
        findings = []
        for t in unit.terms:
            for bad in t.forbidden:
                if find_term(unit.target, bad) and not find_term(t.en, bad):
                    findings.append(
                        self.finding(
                            f"'{bad}' is a forbidden rendering of {t.ar}; use '{t.en}'",
                            ar=t.ar,
                            forbidden=bad,
                            en=t.en,
                        )
                    )
        return findings
