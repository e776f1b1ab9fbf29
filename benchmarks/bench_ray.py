"""Ray-mode overhead against the local batch on the same documents, and a projection of a
1-million-article archive on N nodes from the measured per-actor throughput.
Target (issue 22): overhead <= 15%.

Both runs draft the same documents with the same offline demo model (taught to end its
sentences), glossary and formats, without the draft cache or memory. The Ray run starts
its own local Ray instance; its time is given with and without that start-up.
Run: .venv/bin/python benchmarks/bench_ray.py [--docs 200] [--actors 1]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench_batch import ROOT, demo_model, write_documents

from transbench.batch.ray_runner import RayOptions, run_on_ray
from transbench.batch.runner import BatchRunner
from transbench.batch.sources import Selection, discover
from transbench.glossary import collection
from transbench.models.demo import teach_to_end
from transbench.pipeline import build_pipeline, portable_options

ARTICLES = 1_000_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--per-doc", type=int, default=4, help="sentences per document")
    parser.add_argument("--actors", type=int, default=1)
    parser.add_argument("--cpus-per-actor", type=float, default=1.0)
    parser.add_argument("--docs-per-batch", type=int, default=64)
    parser.add_argument("--threads-per-actor", type=int, default=0)
    parser.add_argument("--cpus-per-reader", type=float, default=1.0)
    args = parser.parse_args()
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")

    terms = collection.all_terms(collection.load_files([ROOT / "glossary"]))
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        src = write_documents(tmp_path / "docs", args.docs, args.per_doc)
        model = teach_to_end(demo_model(tmp_path / "model", terms))
        options = {
            "model": str(model),
            "glossary": [ROOT / "glossary"],
            "tm": None,
            "use_cache": False,
        }
        docs = list(discover([src], Selection()))

        t0 = time.perf_counter()
        local = BatchRunner(build_pipeline(**options), tmp_path / "local", ["txt"]).run(docs)
        local_s = time.perf_counter() - t0

        import ray

        t0 = time.perf_counter()
        ray.init(include_dashboard=False, log_to_driver=False)
        start_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = run_on_ray(
            docs,
            build_pipeline(**options, lazy=True),
            portable_options(options),
            tmp_path / "ray",
            ["txt"],
            ray_options=RayOptions(
                actors=args.actors,
                cpus_per_actor=args.cpus_per_actor,
                threads_per_actor=args.threads_per_actor,
                cpus_per_reader=args.cpus_per_reader,
                docs_per_batch=args.docs_per_batch,
            ),
        )
        ray_s = time.perf_counter() - t0
        ray.shutdown()
    segments = report.totals()["segments"]
    print(
        f"ray: {args.docs} documents, {segments} segments, {os.cpu_count()} cores, "
        f"{args.actors} actor(s) of {args.cpus_per_actor:g} CPU, {args.docs_per_batch} documents "
        f"a batch; local {local.count('done')} done, ray {report.count('done')}"
    )
    print(
        f"ray: local batch {local_s:.1f} s; Ray {ray_s:.1f} s "
        f"(+ {start_s:.1f} s to start Ray): overhead {100 * (ray_s / local_s - 1):+.1f}% "
        "(target <= 15%)"
    )
    per_actor = args.docs / ray_s / args.actors
    print(f"ray: {per_actor:.2f} documents/s per actor ({segments / ray_s:.1f} segments/s)")
    for nodes, actors in ((1, 1), (10, 8), (50, 8)):
        hours = ARTICLES / (per_actor * nodes * actors) / 3600
        print(
            f"ray: projection, {ARTICLES:,} articles of {args.per_doc} sentences on {nodes} "
            f"node(s) x {actors} actor(s) at this model's speed: {hours:.1f} hours"
        )


if __name__ == "__main__":
    main()
