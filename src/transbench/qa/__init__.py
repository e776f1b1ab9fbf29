"""QA on drafts and edits: `check(unit)` runs every check."""

from __future__ import annotations

from transbench.qa.base import ERROR, WARNING, Check, Finding, QAUnit, Term
from transbench.qa.numbers import DatesCheck, NumbersCheck
from transbench.qa.terms import ForbiddenTermCheck, MissingTermCheck
from transbench.qa.text import (
    ArabicLeftCheck,
    EmptyCheck,
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
    ForbiddenTermCheck(),
    ArabicLeftCheck(),
    LengthRatioCheck(),
    RepetitionCheck(),
    PairsCheck(),
    PreservedTokensCheck(),
)


def check(unit: QAUnit, checks: tuple[Check, ...] = CHECKS) -> list[Finding]:
    if not unit.target.strip():
        return EmptyCheck().run(unit)  # nothing else is meaningful on an empty draft
    return [f for c in checks for f in c.run(unit)]


__all__ = ["CHECKS", "ERROR", "WARNING", "Check", "Finding", "QAUnit", "Term", "check"]
