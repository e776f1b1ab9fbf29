"""QA checks: each has an id, a severity and a message an editor understands."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from transbench.glossary.forms import accepted, wrong_number

if TYPE_CHECKING:
    from transbench.glossary.records import Hit

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Term:
    """A glossary requirement for one unit: a form of `en` (or of one of `alternatives`,
    or a derived form) must appear, in the number the Arabic wants; `forbidden` must not."""

    ar: str
    en: str
    forbidden: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    enforce: str = "hard"  # a term not forced (soft, check) is missing only as a warning
    derived: tuple[str, ...] = ()
    number: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        """The forms accepted here (`glossary.forms.accepted`)."""
        return accepted(self.en, self.alternatives, self.derived, self.number)

    @property
    def any_number(self) -> tuple[str, ...]:
        """The forms of either number: one of these present means the term is there."""
        return accepted(self.en, self.alternatives, self.derived)

    @property
    def wrong_number(self) -> tuple[str, ...]:
        return wrong_number(self.en, self.alternatives, self.number)

    @classmethod
    def from_hit(cls, hit: Hit) -> Term:
        """The requirement a glossary hit puts on the unit's English."""
        return cls(
            hit.ar,
            hit.en,
            hit.en_forbidden,
            hit.en_alternatives,
            hit.enforce,
            hit.en_derived,
            hit.number,
        )


@dataclass(frozen=True)
class QAUnit:
    source: str
    target: str
    terms: tuple[Term, ...] = ()
    pass_through: bool = False


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Check(ABC):
    id: str
    severity: str = WARNING

    @abstractmethod
    def run(self, unit: QAUnit) -> list[Finding]:
        """Findings for one unit (an empty list when it passes)."""

    def finding(self, message: str, **details: Any) -> Finding:
        return Finding(self.id, self.severity, message, details)
