"""The batch on Ray Data (a local Ray instance) writes what the local batch writes: the
same files, byte for byte, and the same report, for a folder, a zip, a .tar.gz and a JSONL
input; a rerun skips what is finished, as the manifest says."""

import io
import json
import os
import re
import tarfile
import zipfile
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from transbench.batch.ray_runner import RayOptions, run_on_ray  # noqa: E402
from transbench.batch.runner import BatchRunner  # noqa: E402
from transbench.batch.sources import Selection, discover  # noqa: E402
from transbench.errors import InputError  # noqa: E402
from transbench.pipeline import build_pipeline, portable_options  # noqa: E402

from .conftest import EXAMPLE, GLOSSARY  # noqa: E402

FORMATS = ["txt", "jsonl", "xliff", "csv"]


@pytest.fixture(scope="module")
def local_ray():
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def inputs(root: Path) -> list[Path]:
    folder = root / "wire"
    (folder / "2020").mkdir(parents=True)
    (folder / "2020" / "patrols.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), "utf-8")
    (folder / "legacy.txt").write_bytes("قال المتحدث باسم قوات سوريا الديمقراطية.".encode("cp1256"))
    (folder / "empty.txt").write_text(" \n", encoding="utf-8")
    with zipfile.ZipFile(root / "desk.zip", "w") as zf:
        zf.writestr("a.txt", "وصل الرتل إلى الحسكة.")
        zf.writestr("b/c.txt", "انسحبت القوات الأمريكية من خط عدم التضارب.")
    with tarfile.open(root / "old.tar.gz", "w:gz") as tf:  # members share one stream
        for i in range(2):
            data = f"وصل الرتل رقم {i + 2} إلى الحسكة.".encode()
            info = tarfile.TarInfo(f"day/{i}.txt")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    records = [
        {"id": f"afp-{i}", "text": f"قال مصدر إن {n} عربات وصلت."} for i, n in enumerate([3, 5])
    ]
    (root / "feed.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    return [folder, root / "desk.zip", root / "old.tar.gz", root / "feed.jsonl"]


def files(out: Path) -> dict[str, bytes]:
    """Every output, byte for byte, but for the time of writing an XLIFF file records."""
    return {
        str(p.relative_to(out)): re.sub(rb' date="[^"]+"', b"", p.read_bytes())
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name not in ("report.json", ".transbench-manifest.jsonl")
    }


def outcomes(out: Path) -> list[tuple]:
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    keys = ("key", "status", "reason", "segments", "terms", "terms_present", "outputs")
    return sorted(tuple(json.dumps(d[k]) for k in keys) for d in report["documents"])


def test_ray_writes_what_the_local_batch_writes(tmp_path, ending_model_dir, local_ray) -> None:
    docs = list(discover(inputs(tmp_path), Selection()))
    options = {"model": str(ending_model_dir), "glossary": [GLOSSARY], "tm": None}
    local = BatchRunner(build_pipeline(**options), tmp_path / "local", FORMATS).run(docs)
    assert (local.count("done"), local.count("failed")) == (8, 1)  # the empty file fails

    driver = build_pipeline(**options, lazy=True)
    where = RayOptions(actors=1, docs_per_batch=2)
    report = run_on_ray(
        docs, driver, portable_options(options), tmp_path / "ray", FORMATS, ray_options=where
    )
    assert not driver.translator.is_loaded  # the driver never loaded the model
    assert (report.count("done"), report.count("failed")) == (8, 1)
    assert files(tmp_path / "ray") == files(tmp_path / "local")
    assert outcomes(tmp_path / "ray") == outcomes(tmp_path / "local")

    again = run_on_ray(
        docs, driver, portable_options(options), tmp_path / "ray", FORMATS, ray_options=where
    )
    assert (again.count("skipped"), again.count("failed")) == (8, 1)


def test_the_command_line_runs_a_batch_on_ray(tmp_path, ending_model_dir, local_ray, capsys):
    from transbench.cli import main

    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "a.txt").write_text("وصل الرتل إلى الحسكة.", encoding="utf-8")
    (folder / "b.txt").write_text("انسحب الرتل.", encoding="utf-8")
    # file:// URLs, as a cluster's nodes would name a shared folder.
    out = (tmp_path / "out").as_uri()
    args = ["translate", folder.as_uri(), "-o", out, "-m", str(ending_model_dir)]
    assert main([*args, "-g", str(GLOSSARY), "--ray", "local"]) == 0
    assert "documents: 2 (2 translated" in capsys.readouterr().err
    assert (tmp_path / "out" / "wire" / "a.en.txt").read_text(encoding="utf-8").strip()
    assert main(["translate", str(folder / "a.txt"), "--ray", "local", "-m", "x"]) == 2
    assert "--ray runs batches" in capsys.readouterr().err
    # Actors taking every CPU would leave the readers none: refused before any work.
    assert main([*args, "--ray", "local", "--ray-actors", "4", "--force"]) == 2
    assert "4 actor(s) of 0.5 CPU take 2 of the cluster's 2 CPUs" in capsys.readouterr().err
    # The runs joined the Ray this process had started: they leave it connected.
    assert ray.is_initialized()


def test_actors_share_a_machine_and_leave_the_readers_a_cpu() -> None:
    here = RayOptions()  # a Ray started on this machine: the actors share it
    assert here.actor_cpus(2) == 1.5 and here.actor_cpus(16) == 15.5
    assert RayOptions(actors=3).actor_cpus(2) == 0.5
    assert RayOptions(address="auto").actor_cpus(64) == 1  # a cluster: one CPU each
    RayOptions(actors=3).check(2)
    with pytest.raises(InputError, match="use fewer --ray-actors"):
        RayOptions(address="auto", cpus_per_actor=2).check(2)


def test_actor_calls_are_even_so_no_actor_drafts_alone_at_the_end() -> None:
    """Ray Data hands an actor its next call when its last ends: 200 documents in calls of
    128 would leave one of two actors drafting 128 while the other finished 72."""
    assert RayOptions(actors=2).batch_size(200) == 100
    assert RayOptions(actors=1).batch_size(200) == 100  # 2 calls of 100, not 128 + 72
    assert RayOptions(actors=3).batch_size(1000) == 112  # 9 calls, 3 rounds of 3 actors
    assert RayOptions(actors=8).batch_size(1_000_000) == 128  # at most the local window
    assert RayOptions(actors=4).batch_size(2) == 1
    assert RayOptions(docs_per_batch=2).batch_size(200) == 2


def test_a_run_closes_the_ray_it_connected_and_leaves_the_callers(monkeypatch) -> None:
    """Left to the interpreter's exit, Ray's clean-up held the command about a second after
    its report; a Ray the caller started is the caller's. Ray's own calls are stood in for
    here, so that no Ray starts."""
    from transbench.batch.ray_runner import _connected

    calls: list[str] = []
    up = {"ray": False}
    monkeypatch.setattr(ray, "is_initialized", lambda: up["ray"])
    monkeypatch.setattr(ray, "init", lambda **kw: calls.append(f"init {kw.get('address')}"))
    monkeypatch.setattr(ray, "shutdown", lambda: calls.append("shutdown"))
    with pytest.raises(InputError), _connected("auto"):
        raise InputError("refused at the start")
    assert calls == ["init auto", "shutdown"]
    calls.clear()
    up["ray"] = True
    with _connected("auto"):
        pass
    assert calls == []


def test_reading_stays_in_tasks_apart_from_the_actors(local_ray, tmp_path) -> None:
    """Actors of half a CPU ask what the read tasks ask: Ray Data then fused reading into
    the actors, and one actor read and drafted every document while the other idled
    (37 s against 26 s for the benchmark's 200 documents on two actors)."""
    import contextlib
    import io

    from transbench.batch.output import open_output
    from transbench.batch.ray_runner import _dataset

    read = {"matcher": None, "settings": "", "finished": {}, "html": "article"}
    where = RayOptions(actors=2, cpus_per_actor=0.5)
    dataset = _dataset([(0, None, {})], read, {}, open_output(tmp_path), where)
    shown = io.StringIO()
    with contextlib.redirect_stdout(shown):
        dataset.explain()
    physical = shown.getvalue().split("Physical Plan (Optimized)")[1]
    assert "ActorPoolMapOperator[MapBatches(_Drafter)]" in physical, physical
    assert "TaskPoolMapOperator[MapBatches(_prepare_rows)]" in physical, physical


def test_the_driver_gets_a_calls_documents_when_the_call_ends(local_ray) -> None:
    """So the manifest follows the written outputs call by call: Ray's `iter_rows` holds a
    call's rows back until the next call ends too (1.5 s late here)."""
    import time

    from transbench.batch.ray_runner import _rows

    class Slow:
        def __call__(self, batch: dict) -> dict:
            time.sleep(1.0)
            return {**batch, "ended": [time.time()] * len(batch["id"])}

    calls = ray.data.range(4, override_num_blocks=2).map_batches(
        Slow, batch_size=2, concurrency=1, num_cpus=1
    )
    late = [time.time() - row["ended"] for row in _rows(calls)]
    assert len(late) == 4 and max(late) < 0.7, late
