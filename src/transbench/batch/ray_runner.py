"""Running a batch on a Ray cluster, with Ray Data doing the scheduling.

The documents are listed and their output names decided on the driver, as the local
runner does (`steps.plan`). Ray Data tasks then read, decode, segment and match them
(`steps.prepare`); an actor pool drafts and writes them (`steps.draft`, `steps.export`),
each actor loading the model once and drafting the segments of several documents
together. Only the driver writes the manifest, one entry per document once its outputs
are in place, so a rerun skips what is finished; a task or actor that dies is retried by
Ray, and a retried document is written again whole and atomically, never half.

Inputs and outputs are paths every node sees (a shared file system) or object-store URLs
(`batch.locations`, `batch.output`). Without an address a Ray instance is started on this
machine.
"""

from __future__ import annotations

import json
import os
import pickle
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from transbench.batch import steps
from transbench.batch.manifest import Manifest
from transbench.batch.output import Output, open_output
from transbench.batch.report import DocOutcome, Report
from transbench.batch.sources import SourceDoc
from transbench.glossary.matcher import Matcher
from transbench.pipeline import Pipeline, build_pipeline, match_segments


@dataclass(frozen=True)
class RayOptions:
    address: str = "local"  # "local" starts Ray here; "auto" or "ray://host:10001" joins one
    actors: int = 1  # drafting actors, each with the model loaded once
    gpus_per_actor: float = 0.0
    cpus_per_actor: float = 1.0
    # Threads an actor drafts with; 0: its CPUs (Ray's own limit). More than its CPUs
    # lends it the cores the read tasks leave idle, as the local runner's threads share
    # a machine with its reader.
    threads_per_actor: int = 0
    cpus_per_reader: float = 1.0
    docs_per_batch: int = 64  # documents an actor drafts together (full model batches)


def run_on_ray(
    docs: list[SourceDoc],
    pipeline: Pipeline,
    pipeline_options: dict[str, Any],
    output: str | Path | Output,
    formats: list[str],
    force: bool = False,
    html: str = "article",
    ray_options: RayOptions = RayOptions(),
) -> Report:
    """The batch of `docs` on Ray, with the outputs and report.json the local runner
    writes. The driver's `pipeline` (its model never loaded) names the settings and
    matches terms; each actor builds its own from `pipeline_options` (see
    `pipeline.portable_options`)."""
    import ray

    started = time.perf_counter()
    settings = steps.settings_key(pipeline, formats, html)
    out = open_output(output)
    out.prepare()
    manifest = Manifest(out)
    finished = {} if force else {k: r.get("fingerprint") for k, r in manifest.done.items()}
    planned = steps.plan(docs, formats)
    _connect(ray_options.address)
    rows = [
        {"index": i, "doc": _dumps(d), "paths": json.dumps(planned[d.key])}
        for i, d in enumerate(docs)
    ]
    prepared = ray.data.from_items(rows).map_batches(
        _prepare_rows,
        fn_kwargs={
            "matcher": pipeline.matcher,
            "settings": settings,
            "finished": finished,
            "html": html,
        },
        batch_size=ray_options.docs_per_batch,
        num_cpus=ray_options.cpus_per_reader,
    )
    written = prepared.map_batches(
        _Drafter,
        fn_constructor_kwargs={
            "options": pipeline_options,
            "output": out,
            "threads": ray_options.threads_per_actor,
        },
        batch_size=ray_options.docs_per_batch,
        concurrency=ray_options.actors,
        num_cpus=ray_options.cpus_per_actor,
        num_gpus=ray_options.gpus_per_actor,
    )
    report = Report()
    outcomes: dict[int, DocOutcome] = {}
    try:
        for row in written.iter_rows():
            if row["entry"]:
                manifest.record(json.loads(row["entry"]))
            outcomes[int(row["index"])] = DocOutcome(**json.loads(row["outcome"]))
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        report.outcomes = [outcomes[i] for i in sorted(outcomes)]
        report.seconds = time.perf_counter() - started
        report.save(out)
    return report


def _connect(address: str) -> None:
    import ray

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no reports to anyone
    if ray.is_initialized():
        return
    if address == "local":
        ray.init(include_dashboard=False, log_to_driver=False)
    else:
        ray.init(address=address, log_to_driver=False)


def _dumps(value: Any) -> bytes:
    """Documents carry their reader (a file, an archive member, a JSONL record's text)."""
    from ray import cloudpickle

    return cloudpickle.dumps(value)


def _prepare_rows(
    batch: dict, matcher: Matcher | None, settings: str, finished: dict, html: str
) -> dict:
    """A Ray Data task: read, decode, segment and match a few documents."""

    def match(segments):
        return match_segments(matcher, segments)

    def done(key: str, fingerprint: str) -> bool:
        return finished.get(key) == fingerprint

    prepared = [
        pickle.dumps(steps.prepare(pickle.loads(d), match, settings, done, html))
        for d in batch["doc"]
    ]
    return {"index": batch["index"], "prepared": prepared, "paths": batch["paths"]}


class _Drafter:
    """A Ray Data actor: loads the model once, then drafts and writes documents."""

    def __init__(self, options: dict[str, Any], output: Output, threads: int) -> None:
        if threads:
            import torch

            torch.set_num_threads(threads)
        self.pipeline = build_pipeline(**options)
        self.output = output

    def __call__(self, batch: dict) -> dict:
        preps = [pickle.loads(p) for p in batch["prepared"]]
        paths = [json.loads(p) for p in batch["paths"]]
        outcomes: list[DocOutcome | None] = [p.outcome for p in preps]
        entries = [""] * len(preps)
        todo = [i for i, p in enumerate(preps) if p.outcome is None]
        drafted = steps.draft(self.pipeline, [preps[i] for i in todo])
        for i, (prep, drafts) in zip(todo, drafted, strict=True):
            outcome = steps.export(self.pipeline, prep, drafts, paths[i], self.output)
            outcomes[i] = outcome
            if outcome.status == "done":
                entries[i] = json.dumps(steps.manifest_entry(prep, outcome), ensure_ascii=False)
        return {
            "index": batch["index"],
            "outcome": [json.dumps(asdict(o), ensure_ascii=False) for o in outcomes],
            "entry": entries,
        }
