"""Ray-mode overhead against the local batch on the same documents, and a projection of a
1-million-article archive on N nodes from the measured per-actor throughput.
Target (issue 22): overhead <= 15%.

Every run is the command a user types, timed from start to exit: `transbench translate
DOCS -o OUT` and the same with `--ray auto`, joining a Ray cluster started on this machine
beforehand (`ray start --head`, timed apart), as a cluster is already running when a batch
is sent to it. Two layouts of the machine's cores: one actor per core, each drafting with
one thread (a model each; half a CPU each in Ray's count, which leaves the readers room),
and one actor drafting with every core but the readers' half CPU (the local runner's
layout: one model, several threads). A cluster's first Ray Data
job also starts Ray Data's own helper actors, which stay for the jobs after it: the first
job (one actor per core) is reported apart. Each round runs the local batch, starts a
cluster, runs the first job and a later job of each layout, and stops the cluster, so that
a slower minute of the machine does not fall on one side only. Each run pays its imports
and loads its model(s) once. Same documents, offline demo model taught to end its
sentences, starter glossary, txt output, no draft cache or memory.
Run: .venv/bin/python benchmarks/bench_ray.py [--docs 200] [--rounds 2]
"""

from __future__ import annotations

import argparse
import os
import statistics
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
ENV = dict(os.environ, RAY_USAGE_STATS_ENABLED="0")


def timed(command: list[str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(command, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr[-3000:]}")
    return seconds


def seconds(runs: list[float]) -> str:
    return " / ".join(f"{s:.1f}" for s in runs) + " s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--per-doc", type=int, default=4, help="sentences per document")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    cpus = os.cpu_count() or 1
    layouts = {  # name: (actors, CPUs each): Ray counts CPUs in halves here, and the
        # readers keep at least half a CPU
        f"{cpus} actors x 1 thread": (cpus, 0.5),
        f"1 actor x {cpus} threads": (1, cpus - 0.5),
    }
    ray = str(BIN / "ray")
    terms = collection.all_terms(collection.load_files([ROOT / "glossary"]))
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        src = write_documents(tmp_path / "docs", args.docs, args.per_doc)
        model = teach_to_end(demo_model(tmp_path / "model", terms))
        translate = [str(BIN / "transbench"), "translate", str(src), "-m", str(model)]
        translate += ["-g", str(ROOT / "glossary"), "-f", "txt", "--no-cache", "--no-tm"]

        def on_ray(layout: str, out: str) -> list[str]:
            actors, each = layouts[layout]
            return [*translate, "-o", str(tmp_path / out), "--ray", "auto",
                    "--ray-actors", str(actors), "--ray-cpus-per-actor", f"{each:g}"]  # fmt: skip

        local: list[float] = []
        start: list[float] = []
        first: list[float] = []
        later: dict[str, list[float]] = {name: [] for name in layouts}
        head = [ray, "start", "--head", f"--num-cpus={cpus}", "--include-dashboard=false"]
        outs = []  # every run writes a folder of its own, all compared at the end
        for r in range(args.rounds):
            local.append(timed([*translate, "-o", str(tmp_path / f"local-{r}")]))
            outs.append(f"local-{r}")
            try:
                start.append(timed([*head, "--disable-usage-stats"]))
                first.append(timed(on_ray(next(iter(layouts)), f"first-{r}")))
                outs.append(f"first-{r}")
                for n, name in enumerate(layouts):
                    later[name].append(timed(on_ray(name, f"later{n}-{r}")))
                    outs.append(f"later{n}-{r}")
            finally:
                subprocess.run([ray, "stop", "--force"], env=ENV, capture_output=True)
        reference = sorted((tmp_path / "local-0").rglob("*.en.txt"))
        same = len(reference) == args.docs and all(
            (tmp_path / out / p.relative_to(tmp_path / "local-0")).read_bytes() == p.read_bytes()
            for p in reference
            for out in outs
        )
    local_s = statistics.median(local)

    def overhead(runs: list[float]) -> str:
        return f"{100 * (statistics.median(runs) / local_s - 1):+.1f}%"

    print(
        f"ray: {args.docs} documents of {args.per_doc} sentences, {cpus} cores, "
        f"{args.rounds} round(s); outputs identical to the local batch's: {same}"
    )
    print(f"ray: local batch {seconds(local)}; ray start {seconds(start)}")
    print(
        f"ray: the cluster's first job, {next(iter(layouts))}: {seconds(first)}, "
        f"overhead {overhead(first)}"
    )
    for name, runs in later.items():
        print(f"ray: a later job, {name}: {seconds(runs)}, overhead {overhead(runs)}")
    print("ray: (overheads from medians; target <= 15%)")
    name = next(iter(layouts))
    per_actor = args.docs / statistics.median(later[name]) / layouts[name][0]
    print(
        f"ray: {per_actor:.2f} documents/s per single-thread actor, start-up included "
        "(paid once a run: long runs go faster)"
    )
    for nodes, actors in ((1, 1), (10, 8), (50, 8)):
        hours = ARTICLES / (per_actor * nodes * actors) / 3600
        print(
            f"ray: projection, {ARTICLES:,} articles of {args.per_doc} sentences on {nodes} "
            f"node(s) x {actors} single-CPU actor(s) at this model's speed: {hours:.1f} hours"
        )


if __name__ == "__main__":
    main()
