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
import math
import os
import pickle
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

from transbench.batch import steps
from transbench.batch.manifest import Manifest
from transbench.batch.output import Output, open_output
from transbench.batch.report import DocOutcome, Report
from transbench.batch.sources import SourceDoc
from transbench.errors import InputError
from transbench.glossary.matcher import Matcher
from transbench.pipeline import Pipeline, build_pipeline, match_segments

# Documents an actor drafts in one call at most: about the local runner's 512-segment window.
DOCS_PER_CALL = 128


@dataclass(frozen=True)
class RayOptions:
    address: str = "local"  # "local" starts Ray here; "auto" or "ray://host:10001" joins one
    actors: int = 1  # drafting actors, each with the model loaded once
    gpus_per_actor: float = 0.0
    # CPUs an actor takes; it drafts with as many threads, rounded up. None: on a Ray
    # started here, what the readers leave of this machine shared by the actors (the
    # local runner drafts with every core too); on a cluster, 1.
    cpus_per_actor: float | None = None
    cpus_per_reader: float = 0.5  # the read/segment/match tasks: light next to drafting
    docs_per_batch: int | None = None  # drafted together in an actor call; None: `batch_size`

    def batch_size(self, documents: int) -> int:
        """Documents an actor drafts in one call: up to DOCS_PER_CALL, in calls of even
        size, about as many for every actor, so that no actor drafts a long last call
        while the others wait (200 documents on 2 actors: a call of 100 each, not 128 and
        72). Fewer, fuller calls draft faster than many small ones. `documents` counts
        those a rerun will skip too: they are known finished only once read."""
        if self.docs_per_batch:
            return self.docs_per_batch
        rounds = max(1, math.ceil(documents / (DOCS_PER_CALL * self.actors)))
        return max(1, math.ceil(documents / (rounds * self.actors)))

    def actor_cpus(self, cluster_cpus: float) -> float:
        if self.cpus_per_actor is not None:
            return self.cpus_per_actor
        if self.address != "local":
            return 1.0
        share = (cluster_cpus - self.cpus_per_reader) / self.actors
        return max(0.5, math.floor(share * 2) / 2)  # in halves: Ray's shares stay exact

    def check(self, cluster_cpus: float) -> None:
        """Actors that take every CPU leave none for the readers, and the run would wait
        for ever: refuse it at the start, with the figures."""
        taken = self.actors * self.actor_cpus(cluster_cpus)
        if taken + self.cpus_per_reader > cluster_cpus:
            raise InputError(
                f"Ray: {self.actors} actor(s) of {self.actor_cpus(cluster_cpus):g} CPU take "
                f"{taken:g} of the cluster's {cluster_cpus:g} CPUs and leave less than "
                f"{self.cpus_per_reader:g} for reading documents; use fewer --ray-actors or "
                "a smaller --ray-cpus-per-actor"
            )


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
    out = open_output(output)
    with out.claim():
        started = time.perf_counter()
        settings = steps.settings_key(pipeline, formats, html)
        out.prepare()
        manifest = Manifest(out)
        finished = {} if force else {k: r.get("fingerprint") for k, r in manifest.done.items()}
        planned = steps.plan(docs, formats)
        with _connected(ray_options.address):
            written = _dataset(
                [(i, d, planned[d.key]) for i, d in enumerate(docs)],
                {
                    "matcher": pipeline.matcher,
                    "settings": settings,
                    "finished": finished,
                    "html": html,
                },
                pipeline_options,
                out,
                ray_options,
            )
            report = Report()
            outcomes: dict[int, DocOutcome] = {}
            try:
                for row in _rows(written):
                    if row["entry"]:
                        manifest.record(json.loads(row["entry"]))
                    outcomes[int(row["index"])] = DocOutcome(**json.loads(row["outcome"]))
                out.tidy()  # the temp files of actors that died mid-write, retried elsewhere
            except KeyboardInterrupt:
                report.interrupted = True
            finally:
                report.outcomes = [outcomes[i] for i in sorted(outcomes)]
                report.seconds = time.perf_counter() - started
                report.save(out)
        return report


def _dataset(
    listed: list[tuple[int, SourceDoc, dict[str, str]]],
    read: dict[str, Any],
    pipeline_options: dict[str, Any],
    out: Output,
    ray_options: RayOptions,
):
    """Read tasks, then the drafting actors, as one Ray dataset of the documents'
    outcomes; nothing runs until it is iterated."""
    import ray

    cpus = float(ray.cluster_resources().get("CPU", 0))
    ray_options.check(cpus)
    actor_cpus = ray_options.actor_cpus(cpus)
    # One row per group of documents, pickled together: the members of one .tar.gz
    # share its stream (`sources._TarStream`) and are read in one pass per group, not
    # decompressed from the start for each.
    size = ray_options.batch_size(len(listed))
    groups = [{"docs": _dumps(listed[at : at + size])} for at in range(0, len(listed), size)]
    prepared = ray.data.from_items(groups, override_num_blocks=len(groups)).map_batches(
        _prepare_rows,
        fn_kwargs=read,
        batch_size=1,  # a group
        # Given as a function, not `num_cpus=`: Ray Data fuses a task map into the actor
        # map after it when their arguments are equal (actors of half a CPU, as readers),
        # and the fused run put every document through one actor, the others idle. An
        # operator with `ray_remote_args_fn` is never fused.
        ray_remote_args_fn=partial(dict, num_cpus=ray_options.cpus_per_reader),
    )
    return prepared.map_batches(
        _Drafter,
        fn_constructor_kwargs={
            "options": pipeline_options,
            "output": out,
            "threads": math.ceil(actor_cpus),
        },
        batch_size=size,
        concurrency=ray_options.actors,
        num_cpus=actor_cpus,
        num_gpus=ray_options.gpus_per_actor,
    )


def _rows(dataset) -> Iterator[dict[str, Any]]:
    """The rows of each actor call as soon as it ends. `iter_rows` prefetches: it holds a
    call's rows back until the next call is done too, so the manifest would trail the
    written outputs by a whole call, and a driver stopped meanwhile would lose the
    entries of documents already written."""
    for batch in dataset.iter_batches(batch_size=None, prefetch_batches=0, batch_format="numpy"):
        for values in zip(*batch.values(), strict=True):
            yield dict(zip(batch, values, strict=True))


@contextmanager
def _connected(address: str) -> Iterator[None]:
    """Ray for the length of the run. A connection made here is closed here: left to the
    interpreter's exit, Ray's own clean-up took about a second longer. A Ray the caller
    started is theirs, and stays."""
    import ray

    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no reports to anyone
    if ray.is_initialized():
        yield
        return
    if address == "local":
        ray.init(include_dashboard=False, log_to_driver=False)
    else:
        ray.init(address=address, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()


def _dumps(value: Any) -> bytes:
    """Documents carry their reader (a file, an archive member, a JSONL record's text)."""
    from ray import cloudpickle

    return cloudpickle.dumps(value)


def _prepare_rows(
    batch: dict, matcher: Matcher | None, settings: str, finished: dict, html: str
) -> dict:
    """A Ray Data task: read, decode, segment and match a group of documents."""

    def match(segments):
        return match_segments(matcher, segments)

    def done(key: str, fingerprint: str) -> bool:
        return finished.get(key) == fingerprint

    rows: dict[str, list] = {"index": [], "prepared": [], "paths": []}
    for group in batch["docs"]:
        for index, doc, paths in pickle.loads(group):
            rows["index"].append(index)
            rows["prepared"].append(pickle.dumps(steps.prepare(doc, match, settings, done, html)))
            rows["paths"].append(json.dumps(paths))
    return rows


class _Drafter:
    """A Ray Data actor: loads the model once (for its first document to draft), then
    drafts and writes documents."""

    def __init__(self, options: dict[str, Any], output: Output, threads: int) -> None:
        # The model loads with the first document to draft: a rerun that finds every
        # document finished loads none.
        self.pipeline = build_pipeline(**options, lazy=True)
        self.output = output
        self.threads = threads

    def __call__(self, batch: dict) -> dict:
        preps = [pickle.loads(p) for p in batch["prepared"]]
        paths = [json.loads(p) for p in batch["paths"]]
        outcomes: list[DocOutcome | None] = [p.outcome for p in preps]
        entries = [""] * len(preps)
        todo = [i for i, p in enumerate(preps) if p.outcome is None]
        if todo:
            import torch

            torch.set_num_threads(self.threads)  # Ray's own limit is its CPUs rounded down
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
