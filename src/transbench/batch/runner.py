"""Running a batch: read and segment ahead, translate across documents, write safely.

A background thread reads, decodes, segments and matches the next documents while the
model translates, so the model never waits between documents; the segments of several
documents go to the model together (up to `window_segments`), so batches stay full.
Each document's outputs are written atomically, then the document is entered in the
manifest; one bad document is reported and never stops the batch.
"""

from __future__ import annotations

import hashlib
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from transbench.batch.extract import DocumentError, Extracted, extract
from transbench.batch.manifest import Manifest
from transbench.batch.report import DocOutcome, Report
from transbench.batch.sources import SourceDoc
from transbench.errors import TransbenchError
from transbench.export import EXPORTERS, from_result
from transbench.fsutil import atomic_write_bytes, remove_leftovers
from transbench.glossary.records import Hit
from transbench.pipeline import Pipeline, drafts_jsonl
from transbench.segment import Segment, segment

_END = object()


@dataclass
class _Prepared:
    doc: SourceDoc
    fingerprint: str = ""
    source: Extracted | None = None
    segments: list[Segment] = field(default_factory=list)
    hits: list[list[Hit]] = field(default_factory=list)
    outcome: DocOutcome | None = None  # set when the document needs no translation


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


class BatchRunner:
    def __init__(
        self,
        pipeline: Pipeline,
        out_dir: Path,
        formats: Sequence[str],
        force: bool = False,
        html: str = "article",
        window_segments: int = 512,
        on_progress: Callable[[int, int, int], None] | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.out_dir = out_dir
        self.formats = list(formats)
        self.force = force
        self.html = html
        self.window_segments = window_segments
        self.on_progress = on_progress
        self.settings = "|".join(
            [
                pipeline.translator.cache_key,
                pipeline.terms_mode,
                pipeline.glossary_key,
                ",".join(self.formats),
                html,
            ]
        )

    def run(self, docs: Sequence[SourceDoc]) -> Report:
        started = time.perf_counter()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.out_dir, recursive=True)  # a killed run's half-written files
        manifest = Manifest(self.out_dir)
        report = Report()
        taken: set[str] = set()
        planned = {d.key: output_paths(d.rel, self.formats, taken) for d in docs}
        ready: queue.Queue = queue.Queue(maxsize=64)
        stop = threading.Event()
        reader = threading.Thread(
            target=self._prepare_all, args=(docs, manifest, ready, stop), daemon=True
        )
        reader.start()
        segments_done = 0
        try:
            window: list[_Prepared] = []
            while True:
                item = ready.get()
                if item is not _END:
                    if item.outcome is not None:
                        report.outcomes.append(item.outcome)
                    else:
                        window.append(item)
                pending = sum(len(p.segments) for p in window)
                if window and (item is _END or pending >= self.window_segments):
                    for outcome in self._translate(window, planned, manifest):
                        report.outcomes.append(outcome)
                        segments_done += outcome.segments
                    window = []
                if self.on_progress:
                    self.on_progress(len(report.outcomes), len(docs), segments_done)
                if item is _END:
                    break
        except KeyboardInterrupt:
            report.interrupted = True
        finally:
            stop.set()
            report.seconds = time.perf_counter() - started
            try:
                report.save(self.out_dir / "report.json")
            except OSError as exc:  # a full disk: the summary still comes, saying so
                report.unsaved = f"report.json could not be written ({exc})"
        return report

    def _prepare_all(
        self, docs, manifest: Manifest, ready: queue.Queue, stop: threading.Event
    ) -> None:
        try:
            for doc in docs:
                if stop.is_set():
                    return
                ready.put(self._prepare(doc, manifest))
        finally:
            ready.put(_END)

    def _prepare(self, doc: SourceDoc, manifest: Manifest) -> _Prepared:
        if doc.error:
            return _Prepared(doc, outcome=DocOutcome(doc.key, "failed", doc.error))
        try:
            data = doc.read()
            fingerprint = hashlib.sha256(data + self.settings.encode()).hexdigest()
            if not self.force and manifest.finished(doc.key, fingerprint):
                return _Prepared(doc, outcome=DocOutcome(doc.key, "skipped", "already done"))
            source = extract(data, doc.rel.name, self.html)
            segments = segment(source.text)
            return _Prepared(doc, fingerprint, source, segments, self.pipeline.match(segments))
        except (DocumentError, TransbenchError, OSError) as exc:
            return _Prepared(doc, outcome=DocOutcome(doc.key, "failed", str(exc)))
        except Exception as exc:  # an odd file must not end the reading of the others
            reason = f"cannot read it ({type(exc).__name__}: {exc})"
            return _Prepared(doc, outcome=DocOutcome(doc.key, "failed", reason))

    def _translate(
        self, window: list[_Prepared], planned: dict[str, dict[str, str]], manifest: Manifest
    ) -> Iterator[DocOutcome]:
        """Each document's outcome as soon as its files are written, so a run stopped half
        way through a window still reports the documents it finished."""
        segments = [s for p in window for s in p.segments]
        hits = [h for p in window for h in p.hits]
        drafts = self.pipeline.draft(segments, hits=hits)
        start = 0
        for prep in window:
            mine = drafts[start : start + len(prep.segments)]
            start += len(prep.segments)
            yield self._write(prep, mine, planned[prep.doc.key], manifest)

    def _write(
        self, prep: _Prepared, drafts, paths: dict[str, str], manifest: Manifest
    ) -> DocOutcome:
        result = self.pipeline.result(prep.source.text, drafts)
        document = from_result(result, str(prep.doc.rel))
        try:
            # Every format is made before any is written: a failure leaves no half set.
            rendered = {
                rel: drafts_jsonl(drafts) if fmt == "jsonl" else EXPORTERS[fmt].render(document)
                for fmt, rel in paths.items()
            }
        except Exception as exc:  # one document's failure is that document's alone
            return DocOutcome(
                prep.doc.key, "failed", f"cannot export it ({type(exc).__name__}: {exc})"
            )
        written = []
        try:
            for rel, data in rendered.items():
                target = self.out_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_bytes(target, data)
                written.append(target)
        except OSError as exc:
            for target in written:
                target.unlink(missing_ok=True)
            return DocOutcome(prep.doc.key, "failed", f"cannot write output ({exc})")
        s = result.stats
        outcome = DocOutcome(
            prep.doc.key,
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
        manifest.record(
            {
                "key": prep.doc.key,
                "fingerprint": prep.fingerprint,
                "outputs": outcome.outputs,
                "finished": time.time(),
            }
        )
        return outcome
