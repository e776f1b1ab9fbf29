"""QA on drafts and edits: `check(unit)` runs every check."""

from __future__ import annotations

from transbench.qa.base import ERROR, WARNING, Check, Finding, QAUnit, Term
from transbench.qa.numbers import DatesCheck, NumbersCheck
from transbench.qa.terms import ForbiddenTermCheck, MissingTermCheck, TermNumberCheck
from transbench.qa.text import (
    ArabicLeftCheck,
    EmptyCheck,
    EntityCheck,
    LengthRatioCheck,
    PairsCheck,
    PreservedTokensCheck,
    RepetitionCheck,
    UntranslatedCheck,
)

CHECKS: tuple[Check, ...] = (
    EmptyCheck(),
    UntranslatedCheck(),
    NumbersCheck(),
    DatesCheck(),
    MissingTermCheck(),
    TermNumberCheck(),
    ForbiddenTermCheck(),
    ArabicLeftCheck(),
    LengthRatioCheck(),
    RepetitionCheck(),
    PairsCheck(),
    PreservedTokensCheck(),
    EntityCheck(),
)


def check(unit: QAUnit, checks: tuple[Check, ...] = CHECKS) -> list[Finding]:
    """Every check's findings. A check that fails on odd input reports that as a finding
    about this unit instead of stopping a whole file's translation or QA."""
    if not unit.target.strip():
        return EmptyCheck().run(unit)  # nothing else is meaningful on an empty draft
    findings: list[Finding] = []
    for c in checks:
        try:
            findings += c.run(unit)
        except Exception as exc:
            findings.append(
                Finding(
                    c.id,
                    WARNING,
                    f"the {c.id} check could not run on this unit ({type(exc).__name__}: {exc})",
                )
            )
    return findings


__all__ = ["CHECKS", "ERROR", "WARNING", "Check", "Finding", "QAUnit", "Term", "check"]
