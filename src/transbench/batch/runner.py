"""Running a batch on one machine: read and segment ahead, translate across documents,
write safely.

A background thread reads, decodes, segments and matches the next documents while the
model translates, so the model never waits between documents; the segments of several
documents go to the model together (up to `window_segments`), so batches stay full.
Each document's outputs are written atomically, then the document is entered in the
manifest; one bad document is reported and never stops the batch. The steps themselves
are `batch.steps`, which the Ray runner takes too.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from transbench.batch import steps
from transbench.batch.manifest import Manifest
from transbench.batch.output import Output, open_output
from transbench.batch.report import DocOutcome, Report
from transbench.batch.sources import SourceDoc
from transbench.pipeline import Pipeline

_END = object()


class BatchRunner:
    def __init__(
        self,
        pipeline: Pipeline,
        output: str | Path | Output,
        formats: Sequence[str],
        force: bool = False,
        html: str = "article",
        window_segments: int = 512,
        on_progress: Callable[[int, int, int], None] | None = None,
    ) -> None:
        self.pipeline = pipeline
        self.output = open_output(output)
        self.formats = list(formats)
        self.force = force
        self.html = html
        self.window_segments = window_segments
        self.on_progress = on_progress
        self.settings = steps.settings_key(pipeline, self.formats, html)

    def run(self, docs: Sequence[SourceDoc]) -> Report:
        with self.output.claim():
            return self._run(docs)

    def _run(self, docs: Sequence[SourceDoc]) -> Report:
        started = time.perf_counter()
        self.output.prepare()
        manifest = Manifest(self.output)
        report = Report()
        planned = steps.plan(docs, self.formats)
        ready: queue.Queue = queue.Queue(maxsize=64)
        stop = threading.Event()
        reader = threading.Thread(
            target=self._prepare_all, args=(docs, manifest, ready, stop), daemon=True
        )
        reader.start()
        segments_done = 0
        try:
            window: list[steps.Prepared] = []
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
            report.save(self.output)
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

    def _prepare(self, doc: SourceDoc, manifest: Manifest) -> steps.Prepared:
        def finished(key: str, fingerprint: str) -> bool:
            return not self.force and manifest.finished(key, fingerprint)

        return steps.prepare(doc, self.pipeline.match, self.settings, finished, self.html)

    def _translate(
        self,
        window: list[steps.Prepared],
        planned: dict[str, dict[str, str]],
        manifest: Manifest,
    ) -> Iterator[DocOutcome]:
        """Each document's outcome as soon as its files are written, so a run stopped half
        way through a window still reports the documents it finished."""
        for prep, drafts in steps.draft(self.pipeline, window):
            outcome = steps.export(self.pipeline, prep, drafts, planned[prep.key], self.output)
            if outcome.status == "done":
                manifest.record(steps.manifest_entry(prep, outcome))
            yield outcome
