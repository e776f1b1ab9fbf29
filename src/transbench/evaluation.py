"""Scoring drafts against references: BLEU and chrF (sacrebleu), term success, QA, speed."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from transbench.pipeline import Pipeline
from transbench.segment import Segment
from transbench.segment.script import language_of


@dataclass
class EvalResult:
    hypotheses: list[str]
    bleu: float
    bleu_signature: str
    chrf: float
    chrf_signature: str
    terms: int
    terms_present: int
    qa: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def term_success(self) -> float | None:
        return self.terms_present / self.terms if self.terms else None

    def to_dict(self) -> dict[str, Any]:
        n = len(self.hypotheses)
        return {
            "sentences": n,
            "bleu": round(self.bleu, 2),
            "bleu_signature": self.bleu_signature,
            "chrf": round(self.chrf, 2),
            "chrf_signature": self.chrf_signature,
            "terms": self.terms,
            "terms_present": self.terms_present,
            "term_success_rate": None if self.term_success is None else round(self.term_success, 4),
            "qa_findings": dict(sorted(self.qa.items())),
            "seconds": round(self.seconds, 2),
            "sentences_per_second": round(n / self.seconds, 2) if self.seconds else None,
        }


def evaluate(pipeline: Pipeline, sources: list[str], references: list[str]) -> EvalResult:
    """Translate each source line as one unit (test sets are line-aligned) and score it."""
    from sacrebleu.metrics import BLEU, CHRF

    units = [
        Segment(i + 1, s, 0, len(s), i + 1, language_of(s), True) for i, s in enumerate(sources)
    ]
    started = time.perf_counter()
    drafts = pipeline.draft(units)
    seconds = time.perf_counter() - started
    hypotheses = [d.target for d in drafts]
    bleu, chrf = BLEU(), CHRF()
    checks = [t for d in drafts for t in d.terms]
    return EvalResult(
        hypotheses=hypotheses,
        bleu=bleu.corpus_score(hypotheses, [references]).score,
        bleu_signature=str(bleu.get_signature()),
        chrf=chrf.corpus_score(hypotheses, [references]).score,
        chrf_signature=str(chrf.get_signature()),
        terms=len(checks),
        terms_present=sum(t.present for t in checks),
        qa=Counter(f.check for d in drafts for f in d.qa),
        seconds=seconds,
    )
