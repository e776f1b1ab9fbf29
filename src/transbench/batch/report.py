"""What a batch did: per-document outcomes, totals, and the failures with their reasons."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from transbench.batch.output import Output

REPORT = "report.json"


@dataclass
class DocOutcome:
    key: str
    status: str  # done | skipped | failed
    reason: str = ""
    segments: int = 0
    pass_through: int = 0
    terms: int = 0
    terms_present: int = 0
    qa_findings: int = 0
    encoding: str = ""
    title: str = ""  # a web page's title and date, as the page states them
    date: str = ""
    outputs: list[str] = field(default_factory=list)


def _one_line(text: str) -> str:
    """A name or reason as one summary line: a newline or other control character in an
    archive member's name shows escaped, so it cannot fake lines of its own."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass
class Report:
    outcomes: list[DocOutcome] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False
    unsaved: str = ""  # why report.json could not be written, if it could not

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def failed(self) -> list[DocOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def totals(self) -> dict[str, float | int]:
        done = [o for o in self.outcomes if o.status == "done"]
        segments = sum(o.segments for o in done)
        terms = sum(o.terms for o in done)
        present = sum(o.terms_present for o in done)
        return {
            "documents": len(self.outcomes),
            "translated": len(done),
            "skipped": self.count("skipped"),
            "failed": self.count("failed"),
            "segments": segments,
            "pass_through": sum(o.pass_through for o in done),
            "terms": terms,
            "terms_enforced": present,
            "qa_findings": sum(o.qa_findings for o in done),
            "seconds": round(self.seconds, 2),
            "segments_per_second": round(segments / self.seconds, 1) if self.seconds else 0.0,
        }

    def summary(self) -> str:
        t = self.totals()
        lines = [
            f"documents: {t['documents']} ({t['translated']} translated, {t['skipped']} "
            f"already done, {t['failed']} failed){' — interrupted' if self.interrupted else ''}",
            f"segments: {t['segments']} ({t['pass_through']} passed through); glossary terms "
            f"enforced: {t['terms_enforced']}/{t['terms']}; QA findings: {t['qa_findings']}",
            f"time: {t['seconds']} s, {t['segments_per_second']} segments/s",
        ]
        lines += [f"FAILED {_one_line(o.key)}: {_one_line(o.reason)}" for o in self.failed]
        return "\n".join(lines)

    def save(self, output: Output) -> None:
        """report.json; when it cannot be written (a full disk) `unsaved` says why, and the
        summary still comes."""
        data = {
            "totals": self.totals(),
            "interrupted": self.interrupted,
            "documents": [asdict(o) for o in self.outcomes],
        }
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        try:
            output.write(REPORT, text.encode("utf-8"))
        except OSError as exc:
            self.unsaved = f"{REPORT} could not be written ({exc})"
