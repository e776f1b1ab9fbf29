"""A Ray cluster losing a worker node in the middle of a batch: the run still finishes
with every document translated exactly once (one manifest entry each) and nothing half
written. A head and two worker nodes on this machine (`ray.cluster_utils.Cluster`)."""

import json
import os
import threading
import time

import pytest

ray = pytest.importorskip("ray")

from ray.cluster_utils import Cluster  # noqa: E402

from transbench.batch.output import MANIFEST  # noqa: E402
from transbench.batch.ray_runner import RayOptions, run_on_ray  # noqa: E402
from transbench.batch.sources import Selection, discover  # noqa: E402
from transbench.pipeline import build_pipeline, portable_options  # noqa: E402

from .conftest import GLOSSARY  # noqa: E402

DOCS = 24


def drafter_nodes() -> set[str]:
    """Where the drafting actors live, from the cluster's own table (the state API would
    need the dashboard, which these tests do not start)."""
    from ray._private import state

    return {
        a["Address"]["NodeID"]
        for a in state.actors().values()
        if a["State"] == "ALIVE" and "Drafter" in a["ActorClassName"]
    }


def test_a_worker_node_dies_mid_run_and_every_document_is_written_once(
    tmp_path, ending_model_dir
) -> None:
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    cluster = Cluster(
        initialize_head=True,
        head_node_args={
            "num_cpus": 0,
            "include_dashboard": False,
            # The lost node is declared dead within about a second, not after Ray's
            # default health checks (some 15 s): the test waits less, checks the same.
            "_system_config": {
                "health_check_period_ms": 500,
                "health_check_timeout_ms": 500,
                "health_check_failure_threshold": 2,
            },
        },
    )
    workers = [cluster.add_node(num_cpus=1) for _ in range(2)]
    ray.init(address=cluster.address, log_to_driver=False)
    try:
        folder = tmp_path / "wire"
        folder.mkdir()
        for i in range(DOCS):
            (folder / f"{i:02}.txt").write_text(f"قال مصدر إن {i} عربات وصلت.", encoding="utf-8")
        docs = list(discover([folder], Selection()))
        options = {"model": str(ending_model_dir), "glossary": [GLOSSARY], "tm": None}
        out = tmp_path / "out"
        manifest = out / MANIFEST
        killed = threading.Event()

        def kill_a_worker_once_work_is_under_way() -> None:
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                if manifest.exists() and manifest.read_text(encoding="utf-8").count("\n") >= 2:
                    # The node the drafting actor runs on: its model goes with it. (While
                    # the table is catching up, no node or both may be listed: ask again.)
                    victims = [w for w in workers if w.node_id in drafter_nodes()]
                    if len(victims) == 1:
                        cluster.remove_node(victims[0], allow_graceful=False)
                        killed.set()
                        return
                time.sleep(0.2)

        killer = threading.Thread(target=kill_a_worker_once_work_is_under_way, daemon=True)
        killer.start()
        report = run_on_ray(
            docs,
            build_pipeline(**options, lazy=True),
            portable_options(options),
            out,
            ["txt", "jsonl"],
            ray_options=RayOptions(address="auto", actors=1, docs_per_batch=2),
        )
        killer.join(timeout=5)
        assert killed.is_set(), "the run ended before a worker could be killed"
        assert report.count("done") == DOCS and not report.failed
        entries = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
        assert sorted(e["key"] for e in entries) == sorted(d.key for d in docs)  # once each
        written = sorted(p.name for p in (out / "wire").iterdir())
        assert written == sorted(f"{i:02}.en.{x}" for i in range(DOCS) for x in ("txt", "jsonl"))
        assert not list(out.rglob("*.tmp"))  # nothing half written
    finally:
        ray.shutdown()
        cluster.shutdown()
