"""The bilingual document every exporter writes: units with source, target, status, terms."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from transbench.layout import relayout

STATUSES = ("draft", "translated", "approved")

Span = tuple[int, int]


@dataclass(frozen=True)
class BilingualUnit:
    id: int
    source: str
    target: str
    paragraph: int
    status: str = "draft"
    pass_through: bool = False
    notes: tuple[str, ...] = ()
    source_terms: tuple[Span, ...] = ()  # glossary hits in `source`, for bold type
    target_terms: tuple[Span, ...] = ()  # where their English is in `target`
    start: int = 0  # offsets of `source` in the original article
    end: int = 0


@dataclass(frozen=True)
class BilingualDocument:
    name: str
    units: tuple[BilingualUnit, ...]
    source_text: str = ""
    source_lang: str = "ar"
    target_lang: str = "en"
    created: datetime = field(default_factory=lambda: datetime.now(UTC))

    def english_text(self) -> str:
        """Targets laid out like the original (see `layout.relayout`)."""
        return relayout(self.source_text, ((u.start, u.end, u.target) for u in self.units))


def from_result(result, name: str) -> BilingualDocument:
    """A document from a `pipeline.TranslationResult`; every drafted unit is a draft."""
    units = []
    for d in result.drafts:
        notes = [f"QA {f.check}: {f.message}" for f in d.qa]
        units.append(
            BilingualUnit(
                id=d.segment.id,
                source=d.segment.text,
                target=d.target,
                paragraph=d.segment.paragraph,
                status="translated" if d.pass_through else "draft",
                pass_through=d.pass_through,
                notes=tuple(notes),
                source_terms=tuple((t.hit.start, t.hit.end) for t in d.terms),
                target_terms=tuple((t.target_start, t.target_end) for t in d.terms if t.present),
                start=d.segment.start,
                end=d.segment.end,
            )
        )
    return BilingualDocument(name, tuple(units), result.source)


def bold_runs(text: str, spans: tuple[Span, ...]) -> list[tuple[str, bool]]:
    """`text` cut into (piece, is_term) runs; overlapping spans are merged."""
    runs, pos = [], 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if start >= end:
            continue
        if start > pos:
            runs.append((text[pos:start], False))
        runs.append((text[start:end], True))
        pos = end
    if pos < len(text):
        runs.append((text[pos:], False))
    return runs
