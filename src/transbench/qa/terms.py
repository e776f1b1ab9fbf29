"""Glossary discipline: required renderings present, forbidden ones absent."""

from __future__ import annotations

from dataclasses import replace

from transbench.glossary.forms import modifies_a_noun
from transbench.glossary.presence import find_term, miscased
from transbench.qa.base import ERROR, WARNING, Check, Finding, QAUnit


class MissingTermCheck(Check):
    """No accepted form of the term, in either number. A form of the wrong number is
    `term-number`'s business."""

    id = "term-missing"
    severity = ERROR

    def run(self, unit: QAUnit) -> list[Finding]:
        findings = []
        for t in unit.terms:
            # `check` entries are also common words (القاعدة "the base"): on seven real
            # systems' output every "missing" one was a false alarm (docs/quality.md).
            if t.enforce == "check" or find_term(unit.target, t.any_number):
                continue
            expected = t.forms[0] if t.forms else t.en
            message = f"glossary term missing: {t.ar} must be '{expected}'"
            if wrong := miscased(unit.target, t.any_number):
                message += f" ('{wrong}' is not cased as the glossary writes it)"
            found = self.finding(message, ar=t.ar, en=expected)
            if t.enforce == "soft":
                found = replace(found, severity=WARNING)
            findings.append(found)
        return findings


class TermNumberCheck(Check):
    """The term is there, but singular where the Arabic is plural (12 عربة مدرعة as
    "12 armoured vehicle"): a warning, since the term itself is right. Not where the
    singular modifies a noun ("a drone flight" for الطائرات المسيرة)."""

    id = "term-number"
    severity = WARNING

    def run(self, unit: QAUnit) -> list[Finding]:
        findings = []
        for t in unit.terms:
            if t.enforce == "check" or not t.wrong_number or find_term(unit.target, t.forms):
                continue
            span = find_term(unit.target, t.wrong_number)
            if span and not modifies_a_noun(unit.target, span[1]):
                written = unit.target[span[0] : span[1]]
                findings.append(
                    self.finding(
                        f"'{written}' should be plural, as the Arabic counts it: '{t.forms[0]}'",
                        ar=t.ar,
                        en=t.forms[0],
                    )
                )
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
