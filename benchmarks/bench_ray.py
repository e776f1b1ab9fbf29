"""Ray-mode overhead against the local batch on the same documents, and a projection of a
1-million-article archive on N nodes from the measured per-actor throughput.
Target (issue 22): overhead <= 15%.

Both runs are the command a user types, timed from start to exit: `transbench translate
DOCS -o OUT` and the same with `--ray auto`, joining a Ray cluster started beforehand on
this machine (`ray start --head`, timed apart) as a cluster is already running when a batch
is sent to it. Each run pays its imports and loads the model once (the Ray run in its
actors). Same documents, offline demo model taught to end its sentences, starter glossary,
txt output, no draft cache or memory.
Run: .venv/bin/python benchmarks/bench_ray.py [--docs 200] [--actors 1] [--cpus-per-actor N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_batch import ROOT, demo_model, write_documents

from transbench.glossary import collection
from transbench.models.demo import teach_to_end

ARTICLES = 1_000_000
BIN = Path(sys.executable).parent


def timed(command: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr[-3000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--per-doc", type=int, default=4, help="sentences per document")
    parser.add_argument("--actors", type=int, default=1)
    parser.add_argument("--cpus-per-actor", type=float, default=None)
    args = parser.parse_args()
    env = dict(os.environ, RAY_USAGE_STATS_ENABLED="0")
    cpus = os.cpu_count() or 1

    terms = collection.all_terms(collection.load_files([ROOT / "glossary"]))
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        src = write_documents(tmp_path / "docs", args.docs, args.per_doc)
        model = teach_to_end(demo_model(tmp_path / "model", terms))
        translate = [str(BIN / "transbench"), "translate", str(src), "-m", str(model)]
        translate += ["-g", str(ROOT / "glossary"), "-f", "txt", "--no-cache", "--no-tm"]

        local_s = timed([*translate, "-o", str(tmp_path / "local")], env)

        ray = str(BIN / "ray")
        head = [ray, "start", "--head", f"--num-cpus={cpus}", "--include-dashboard=false"]
        start_s = timed([*head, "--disable-usage-stats"], env)
        try:
            on_ray = [*translate, "-o", str(tmp_path / "ray"), "--ray", "auto"]
            on_ray += ["--ray-actors", str(args.actors)]
            if args.cpus_per_actor:
                on_ray += ["--ray-cpus-per-actor", str(args.cpus_per_actor)]
            ray_s = timed(on_ray, env)
        finally:
            subprocess.run([ray, "stop", "--force"], env=env, capture_output=True)
        same = all(
            (tmp_path / "ray" / p.relative_to(tmp_path / "local")).read_bytes() == p.read_bytes()
            for p in (tmp_path / "local").rglob("*.en.txt")
        )
        shutil.rmtree(tmp_path / "ray", ignore_errors=True)
    cpa = args.cpus_per_actor or 1
    print(
        f"ray: {args.docs} documents of {args.per_doc} sentences, {cpus} cores, "
        f"{args.actors} actor(s) of {'(default)' if not args.cpus_per_actor else cpa} CPU; "
        f"outputs identical: {same}"
    )
    print(
        f"ray: local batch {local_s:.1f} s; --ray auto {ray_s:.1f} s (+ {start_s:.1f} s for "
        f"ray start): overhead {100 * (ray_s / local_s - 1):+.1f}% (target <= 15%)"
    )
    per_actor = args.docs / ray_s / args.actors
    print(f"ray: {per_actor:.2f} documents/s per actor, start-up included")
    for nodes, actors in ((1, 1), (10, 8), (50, 8)):
        hours = ARTICLES / (per_actor * nodes * actors) / 3600
        print(
            f"ray: projection, {ARTICLES:,} articles of {args.per_doc} sentences on {nodes} "
            f"node(s) x {actors} actor(s) at this model's speed: {hours:.1f} hours"
        )


if __name__ == "__main__":
    main()
