"""What a batch does to each document, shared by the runners that schedule it: threads on
one machine (`runner`) and Ray Data on a cluster (`ray_runner`). A fix to a step fixes both.

prepare (read, decode, fingerprint, segment, match) → draft (the segments of several
documents together) → export (every format rendered before any is written, each file
written atomically) → manifest entry (only once all of a document's files are in place).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from transbench.batch.extract import DocumentError, Extracted, extract
from transbench.batch.output import Output
from transbench.batch.report import DocOutcome
from transbench.batch.sources import SourceDoc
from transbench.errors import TransbenchError
from transbench.export import EXPORTERS, from_result
from transbench.glossary.records import Hit
from transbench.pipeline import Pipeline, drafts_jsonl
from transbench.segment import Segment, segment


@dataclass
class Prepared:
    key: str
    rel: PurePosixPath
    fingerprint: str = ""
    source: Extracted | None = None
    segments: list[Segment] = field(default_factory=list)
    hits: list[list[Hit]] = field(default_factory=list)
    outcome: DocOutcome | None = None  # set when the document needs no translation


def settings_key(pipeline: Pipeline, formats: Sequence[str], html: str) -> str:
    """Everything besides its bytes that decides a document's outputs: a rerun with the
    same key skips the documents the manifest has."""
    return "|".join(
        [
            pipeline.translator.cache_key,
            pipeline.terms_mode,
            pipeline.glossary_key,
            ",".join(formats),
            html,
        ]
    )


def output_paths(rel: PurePosixPath, formats: Sequence[str], taken: set[str]) -> dict[str, str]:
    """`a/b.txt` → `a/b.en.<suffix>` per format, a name no other document of the batch has:
    the source suffix stays in the name when another document already took the short one
    (`b.txt` and `b.html` in one folder), then a number is added (`b-2.en.txt`: two zip
    members or JSONL ids with the same name). Documents come in a fixed order, so a rerun
    gives each the same names."""
    paths = {}
    for fmt in formats:
        suffix = EXPORTERS[fmt].suffix if fmt in EXPORTERS else ".jsonl"
        stem = rel.with_suffix("") if rel.suffix else rel
        candidates = (f"{stem}.en{suffix}", f"{rel}.en{suffix}")
        candidate = next((c for c in candidates if c.casefold() not in taken), None)
        n = 2
        while candidate is None or candidate.casefold() in taken:
            candidate, n = f"{stem}-{n}.en{suffix}", n + 1
        paths[fmt] = candidate
        taken.add(candidate.casefold())  # A.txt and a.txt are one file on some disks
    return paths


def plan(docs: Sequence[SourceDoc], formats: Sequence[str]) -> dict[str, dict[str, str]]:
    """Every document's output names, decided once, in the batch's fixed order."""
    taken: set[str] = set()
    return {d.key: output_paths(d.rel, formats, taken) for d in docs}


def prepare(
    doc: SourceDoc,
    match: Callable[[list[Segment]], list[list[Hit]]],
    settings: str,
    finished: Callable[[str, str], bool],
    html: str = "article",
) -> Prepared:
    """Read, decode, segment and match one document; one that is already finished (same
    bytes, same settings), or cannot be read, comes back with its outcome instead."""
    if doc.error:
        return Prepared(doc.key, doc.rel, outcome=DocOutcome(doc.key, "failed", doc.error))
    try:
        data = doc.read()
        fingerprint = hashlib.sha256(data + settings.encode()).hexdigest()
        if finished(doc.key, fingerprint):
            outcome = DocOutcome(doc.key, "skipped", "already done")
            return Prepared(doc.key, doc.rel, outcome=outcome)
        source = extract(data, doc.rel.name, html)
        segments = segment(source.text)
        return Prepared(doc.key, doc.rel, fingerprint, source, segments, match(segments))
    except (DocumentError, TransbenchError, OSError) as exc:
        return Prepared(doc.key, doc.rel, outcome=DocOutcome(doc.key, "failed", str(exc)))
    except Exception as exc:  # an odd file must not end the reading of the others
        reason = f"cannot read it ({type(exc).__name__}: {exc})"
        return Prepared(doc.key, doc.rel, outcome=DocOutcome(doc.key, "failed", reason))


def draft(pipeline: Pipeline, window: Sequence[Prepared]) -> Iterator[tuple[Prepared, list]]:
    """The segments of several documents go to the model together (full batches); each
    document then gets its own drafts back, in order."""
    segments = [s for p in window for s in p.segments]
    hits = [h for p in window for h in p.hits]
    drafts = pipeline.draft(segments, hits=hits)
    start = 0
    for prep in window:
        yield prep, drafts[start : start + len(prep.segments)]
        start += len(prep.segments)


def export(
    pipeline: Pipeline, prep: Prepared, drafts: list, paths: dict[str, str], output: Output
) -> DocOutcome:
    """Write a document's outputs: every format is made before any is written, so a
    failure leaves no half set; one document's failure is that document's alone."""
    assert prep.source is not None
    result = pipeline.result(prep.source.text, drafts)
    document = from_result(result, str(prep.rel))
    try:
        rendered = {
            rel: drafts_jsonl(drafts) if fmt == "jsonl" else EXPORTERS[fmt].render(document)
            for fmt, rel in paths.items()
        }
    except Exception as exc:
        return DocOutcome(prep.key, "failed", f"cannot export it ({type(exc).__name__}: {exc})")
    try:
        output.write_all(rendered)
    except (OSError, TransbenchError) as exc:
        return DocOutcome(prep.key, "failed", f"cannot write output ({exc})")
    s = result.stats
    return DocOutcome(
        prep.key,
        "done",
        segments=s["segments"],
        pass_through=s["pass_through"],
        terms=s["terms"],
        terms_present=s["terms_present"],
        qa_findings=s["qa_findings"],
        encoding=prep.source.encoding,
        title=prep.source.title,
        date=prep.source.date,
        outputs=list(paths.values()),
    )


def manifest_entry(prep: Prepared, outcome: DocOutcome) -> dict:
    """What the manifest keeps of a finished document, so a rerun skips it."""
    return {
        "key": prep.key,
        "fingerprint": prep.fingerprint,
        "outputs": outcome.outputs,
        "finished": time.time(),
    }
