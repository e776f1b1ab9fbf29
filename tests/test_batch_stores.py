"""Batches whose inputs and outputs are object-store URLs (fsspec): read from and written
to fsspec's in-memory store here, exactly as to s3:// or gs://, with the outputs, report
and resumption a local folder gets."""

import io
import json
import re
import tarfile
import zipfile
from pathlib import Path

import fsspec
import pytest

from transbench.batch.manifest import Manifest
from transbench.batch.output import open_output
from transbench.batch.output.store import PARTS, Store
from transbench.batch.runner import BatchRunner
from transbench.batch.sources import Selection, discover
from transbench.cli import main
from transbench.errors import TransbenchError
from transbench.glossary import collection
from transbench.glossary.matcher import Matcher
from transbench.models.loading import load_model
from transbench.models.registry import load_registry
from transbench.mt.transformers_backend import TransformersTranslator
from transbench.pipeline import Pipeline

from .conftest import EXAMPLE, GLOSSARY, ROOT

FORMATS = ["txt", "jsonl", "xliff"]
MEMORY = fsspec.filesystem("memory")


@pytest.fixture(scope="module")
def pipeline(ending_model_dir):
    spec = load_registry(ROOT / "models.yaml").resolve(str(ending_model_dir))
    matcher = Matcher(collection.all_terms(collection.load_files([GLOSSARY])))
    return Pipeline(TransformersTranslator(load_model(spec)), matcher, "hard")


@pytest.fixture
def bucket(tmp_path):
    """A bucket of its own in the in-memory store, emptied afterwards."""
    root = f"/{tmp_path.name}"
    yield f"memory://{root}"
    if MEMORY.exists(root):
        MEMORY.rm(root, recursive=True)


def archive_bytes() -> tuple[bytes, bytes]:
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as zf:
        zf.writestr("a.txt", "وصل الرتل إلى الحسكة.")
        zf.writestr("b/c.txt", "انسحبت القوات الأمريكية من خط عدم التضارب.")
    tarred = io.BytesIO()
    with tarfile.open(fileobj=tarred, mode="w:gz") as tf:
        for i in range(3):
            data = f"قال مصدر إن {i + 2} عربات وصلت.".encode()
            info = tarfile.TarInfo(f"day/{i}.txt")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return zipped.getvalue(), tarred.getvalue()


def wire_files() -> dict[str, bytes]:
    zipped, tarred = archive_bytes()
    records = [{"id": f"afp-{i}", "text": f"قال مصدر إن {n} عربات وصلت."} for i, n in [(1, 3)]]
    article = "\n".join(EXAMPLE.read_text(encoding="utf-8").splitlines()[:5])
    return {
        "wire/2020/patrols.txt": article.encode("utf-8"),
        "wire/legacy.txt": "قال المتحدث باسم قوات سوريا الديمقراطية.".encode("cp1256"),
        "wire/desk.zip": zipped,
        "wire/old.tar.gz": tarred,
        "wire/feed.jsonl": "".join(
            json.dumps(r, ensure_ascii=False) + "\n" for r in records
        ).encode("utf-8"),
    }


def put(files: dict[str, bytes], bucket: str | None = None, folder: Path | None = None) -> None:
    for rel, data in files.items():
        if bucket:
            MEMORY.pipe_file(f"{bucket.removeprefix('memory://')}/{rel}", data)
        if folder:
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(data)


def stored(url: str) -> dict[str, bytes]:
    """The outputs under `url`, byte for byte, but for the time an XLIFF file records."""
    root = url.removeprefix("memory://")
    return {
        p.removeprefix(root + "/"): re.sub(rb' date="[^"]+"', b"", MEMORY.cat_file(p))
        for p in MEMORY.find(root)
        if "/." not in p and not p.endswith("/report.json")
    }


def on_disk(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): re.sub(rb' date="[^"]+"', b"", p.read_bytes())
        for p in folder.rglob("*")
        if p.is_file() and not p.name.startswith(".") and p.name != "report.json"
    }


def test_a_store_gets_what_a_folder_gets_and_resumes(tmp_path, bucket, pipeline) -> None:
    files = wire_files()
    put(files, bucket=bucket, folder=tmp_path / "src")
    local = BatchRunner(pipeline, tmp_path / "out", FORMATS).run(
        list(discover([tmp_path / "src" / "wire"], Selection()))
    )
    docs = list(discover([f"{bucket}/wire"], Selection()))
    assert all(d.key.startswith(f"{bucket}/wire/") for d in docs), [d.key for d in docs]
    report = BatchRunner(pipeline, f"{bucket}/out", FORMATS).run(docs)
    assert report.count("done") == local.count("done") == 8 and not report.failed
    assert stored(f"{bucket}/out") == on_disk(tmp_path / "out")
    saved = json.loads(MEMORY.cat_file(f"{bucket.removeprefix('memory://')}/out/report.json"))
    assert saved["totals"]["documents"] == 8

    again = BatchRunner(pipeline, f"{bucket}/out", FORMATS).run(docs)
    assert again.count("skipped") == 8
    put({"wire/legacy.txt": "وصل الرتل إلى الحسكة.".encode()}, bucket=bucket)
    docs = list(discover([f"{bucket}/wire"], Selection()))
    changed = BatchRunner(pipeline, f"{bucket}/out", FORMATS).run(docs)
    assert (changed.count("done"), changed.count("skipped")) == (1, 7)
    assert [o.key for o in changed.outcomes if o.status == "done"] == [f"{bucket}/wire/legacy.txt"]


def test_manifest_parts_are_merged_when_a_run_starts(bucket) -> None:
    store = Store(f"{bucket}/out")
    for i in range(70):
        Manifest(store).record({"key": f"doc-{i}", "fingerprint": "f", "outputs": []})
    parts = f"{bucket.removeprefix('memory://')}/out/{PARTS}"
    assert len(MEMORY.find(parts)) == 70  # one small object per finished document
    store.prepare()
    assert len(MEMORY.find(parts)) == 1
    assert all(Manifest(store).finished(f"doc-{i}", "f") for i in range(70))
    assert isinstance(open_output(f"file://{parts}"), type(open_output(Path(parts))))


def test_the_command_line_takes_store_urls(bucket, ending_model_dir, capsys) -> None:
    put(wire_files(), bucket=bucket)
    model = ["-m", str(ending_model_dir), "-g", str(GLOSSARY)]
    assert main(["translate", f"{bucket}/wire", "-o", f"{bucket}/out", *model]) == 0
    err = capsys.readouterr().err
    assert "documents: 8 (8 translated" in err and f"report: {bucket}/out/report.json" in err
    assert stored(f"{bucket}/out")["wire/desk/b/c.en.txt"].strip()

    assert main(["translate", f"{bucket}/wire", "-o", "zz://bucket/out", *model]) == 2
    assert "zz://bucket/out: Protocol not known: zz" in capsys.readouterr().err
    assert main(["translate", f"{bucket}/nothing", "-o", f"{bucket}/out", *model]) == 2
    assert f"{bucket}/nothing: no such file or folder" in capsys.readouterr().err
    try:
        import s3fs  # noqa: F401
    except ImportError:
        assert main(["translate", "s3://bucket/wire", "-o", f"{bucket}/out", *model]) == 2
        assert "s3://bucket/wire: cannot be opened here: Install s3fs" in capsys.readouterr().err


def test_a_link_planted_in_the_output_folder_cannot_take_writes_outside(tmp_path) -> None:
    """A subfolder of the output that links elsewhere (planted by someone who can write
    there) is refused, and the file it leads to stays as it was; a link in the place of
    an output file is replaced, never written through."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.en.txt").write_text("precious", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "wire").symlink_to(outside, target_is_directory=True)
    (out / "b.en.txt").symlink_to(outside / "a.en.txt")
    folder = open_output(out)
    with pytest.raises(TransbenchError, match="leads outside"):
        folder.write("wire/a.en.txt", b"overwritten")
    folder.write("b.en.txt", b"new")
    assert (outside / "a.en.txt").read_text(encoding="utf-8") == "precious"
    assert not (out / "b.en.txt").is_symlink()
    assert (out / "b.en.txt").read_bytes() == b"new"
