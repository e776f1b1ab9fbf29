"""Batch translation of archives: bad documents are reported, never fatal; runs resume."""

import io
import json
import os
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

import pytest

from transbench.batch.extract import DocumentError, decode, extract
from transbench.batch.report import Report
from transbench.batch.runner import BatchRunner
from transbench.batch.sources import Limits, Selection, discover
from transbench.cli import main
from transbench.glossary import collection
from transbench.glossary.matcher import Matcher
from transbench.models.loading import load_model
from transbench.models.registry import load_registry
from transbench.mt.transformers_backend import TransformersTranslator
from transbench.pipeline import Pipeline

from .conftest import EXAMPLE, GLOSSARY, ROOT

ARTICLE = EXAMPLE.read_text(encoding="utf-8")


def make_tree(root: Path) -> Path:
    """Nested folders, a Windows-1256 file, an empty file, a binary file, HTML, and an
    archive holding a zip-slip member and a member over the size limit."""
    src = root / "in"
    (src / "news" / "2020" / "08").mkdir(parents=True)
    (src / "news" / "2020" / "08" / "patrols.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "news" / "legacy.txt").write_bytes(
        "قال المتحدث باسم قوات سوريا الديمقراطية إن الرتل انسحب من الحسكة.".encode("cp1256")
    )
    (src / "news" / "empty.txt").write_bytes(b"")
    (src / "news" / "photo.txt").write_bytes(bytes(range(256)) * 8)
    (src / "news" / "page.html").write_text(
        "<html><head><script>track()</script></head><body><h1>دوريات قرب القحطانية</h1>"
        "<p>وصل الرتل إلى <b>الحسكة</b>.</p></body></html>",
        encoding="utf-8",
    )
    with zipfile.ZipFile(src / "wire.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("desk/a.txt", "وقال مصدر إن خط عدم التضارب قائم.")
        zf.writestr("../../escape.txt", "وصل الرتل.")
        zf.writestr("huge.txt", "وصل الرتل. " * 400)
    return src


@pytest.fixture(scope="module")
def pipeline(ending_model_dir):
    spec = load_registry(ROOT / "models.yaml").resolve(str(ending_model_dir))
    matcher = Matcher(collection.all_terms(collection.load_files([GLOSSARY])))
    return Pipeline(TransformersTranslator(load_model(spec)), matcher, "hard")


def test_bad_documents_are_listed_and_the_rest_translated(tmp_path, pipeline) -> None:
    src = make_tree(tmp_path)
    docs = list(discover([src], Selection(limits=Limits(max_total_bytes=5000))))
    out = tmp_path / "out"
    report = BatchRunner(pipeline, out, ["txt", "jsonl"]).run(docs)
    failed = {Path(o.key.replace("!", "/")).name: o.reason for o in report.failed}
    assert set(failed) == {"empty.txt", "photo.txt", "wire.zip"}
    assert "unpack to" in failed["wire.zip"] and "over the limit of 5,000" in failed["wire.zip"]
    assert failed["empty.txt"] == "empty document: no text to translate"
    assert "binary" in failed["photo.txt"]
    done = {o.key for o in report.outcomes if o.status == "done"}
    assert len(done) == 3
    assert (out / "in" / "news" / "2020" / "08" / "patrols.en.txt").exists()
    legacy = next(o for o in report.outcomes if o.key.endswith("legacy.txt"))
    assert legacy.encoding == "windows-1256" and legacy.terms_present == legacy.terms >= 2
    records = [
        json.loads(x)
        for x in (out / "in" / "news" / "legacy.en.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert records[0]["source"].startswith("قال المتحدث باسم قوات سوريا الديمقراطية")
    saved = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert saved["totals"]["failed"] == 3 and saved["totals"]["translated"] == 3


def test_zip_slip_and_ratio_limits(tmp_path, pipeline) -> None:
    src = make_tree(tmp_path)
    docs = list(
        discover([src / "wire.zip"], Selection(limits=Limits(max_ratio=20, ratio_min_bytes=1000)))
    )
    reasons = {d.key.split("!")[1]: d.error for d in docs}
    assert "escape the output folder" in reasons["../../escape.txt"]
    assert "over the limit of 20:1 (a possible zip bomb)" in reasons["huge.txt"]
    assert reasons["desk/a.txt"] is None
    report = BatchRunner(pipeline, tmp_path / "out", ["txt"]).run(docs)
    assert not list(tmp_path.glob("**/escape*"))
    assert (report.count("done"), report.count("failed")) == (1, 2)


def test_tar_links_are_not_followed_and_absolute_members_refused(tmp_path) -> None:
    archive = tmp_path / "t.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        data = "وصل الرتل.".encode()
        info = tarfile.TarInfo("ok/a.txt")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("ok/link.txt")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tf.addfile(link)
        absolute = tarfile.TarInfo("/etc/evil.txt")
        absolute.size = len(data)
        tf.addfile(absolute, io.BytesIO(data))
    docs = list(discover([archive], Selection()))
    assert [(d.key.split("!")[1], d.error is None) for d in docs] == [
        ("ok/a.txt", True),
        ("/etc/evil.txt", False),
    ]
    assert docs[0].read() == "وصل الرتل.".encode()
    assert str(docs[0].rel) == "t/ok/a.txt"


def test_an_oversized_document_is_refused_before_it_is_read(tmp_path) -> None:
    """A huge plain file (sparse here: 1 GB on no disk) or archive member is listed as
    failed with its size, without reading it into memory."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_text("وصل الرتل.", encoding="utf-8")
    with (src / "huge.txt").open("wb") as fh:
        fh.truncate(1 << 30)
    with zipfile.ZipFile(src / "wire.zip", "w", zipfile.ZIP_STORED) as z:
        z.writestr("big.txt", "وصل الرتل. " * 2000)
    limits = Limits(max_document_bytes=10_000)
    docs = {
        Path(d.key.replace("!", "/")).name: d for d in discover([src], Selection(limits=limits))
    }
    assert docs["ok.txt"].error is None
    assert docs["huge.txt"].error.startswith("document of 1,073,741,824 bytes is over the limit")
    assert docs["big.txt"].error.startswith("document of ") and "10,000" in docs["big.txt"].error


def test_member_count_limit(tmp_path) -> None:
    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for i in range(12):
            zf.writestr(f"{i}.txt", "خبر.")
    (doc,) = discover([archive], Selection(limits=Limits(max_members=10)))
    assert "12 members, over the limit of 10" in doc.error


def test_jsonl_inside_an_archive_is_held_to_the_archive_limits(tmp_path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("feed.jsonl", '{"text": ""}\n' * 200_000)  # 2.6 MB that packs to ~10 KB
        zf.writestr("ok.txt", "خبر.")
    docs = list(discover([bomb], Selection()))
    assert len(docs) == 2
    assert "over the limit of 100:1 (a possible zip bomb)" in docs[0].error
    assert docs[1].error is None and docs[1].read() == "خبر.".encode()

    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as zf:
        zf.writestr("a.txt", "خبر.")
        zf.writestr("feed.jsonl", "".join(f'{{"text": "خبر {i}."}}\n' for i in range(12)))
    docs = list(discover([many], Selection(limits=Limits(max_members=10))))
    assert [d.error is None for d in docs] == [True, False]
    assert "12 records, over the 9 documents the archive may still hold" in docs[1].error
    assert len(list(discover([many], Selection(limits=Limits(max_members=20))))) == 13


def test_a_compressed_tar_is_read_in_one_pass(tmp_path, monkeypatch) -> None:
    archive = tmp_path / "wire.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        for i in range(40):
            data = f"خبر رقم {i}.".encode()
            info = tarfile.TarInfo(f"day/{i:02}.txt")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    opened = []
    real_open = tarfile.open
    monkeypatch.setattr(tarfile, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    docs = list(discover([archive], Selection()))
    texts = [d.read().decode() for d in docs]
    assert texts == [f"خبر رقم {i}." for i in range(40)]
    # Recognised, headers listed, then one stream for all 40 members (not one per member).
    assert len(opened) == 3
    assert docs[3].read().decode() == "خبر رقم 3."  # reading again starts a new stream
    (refused,) = discover([archive], Selection(limits=Limits(max_members=25)))
    assert "archive has more members, over the limit of 25" in refused.error


def test_a_docx_bomb_is_refused_before_it_is_parsed(tmp_path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("وصل الرتل إلى الحسكة.")
    buffer = io.BytesIO()
    document.save(buffer)
    good = buffer.getvalue()
    assert extract(good, "a.docx").text == "وصل الرتل إلى الحسكة."
    bomb = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(bomb, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * (4 << 20))
            dst.writestr(info, data, zipfile.ZIP_DEFLATED)
    with pytest.raises(DocumentError, match=r"part word/document.xml .* \d+:1, over the limit"):
        extract(bomb.getvalue(), "bomb.docx")


def test_jsonl_fields_and_globs(tmp_path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(
            json.dumps(r, ensure_ascii=False)
            for r in [
                {"guid": "afp/123", "body": "وصل الرتل."},
                {"guid": "afp/123", "body": "انسحب الرتل."},
                {"guid": "x", "title": "no body"},
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    docs = list(discover([feed], Selection(text_field="body", id_field="guid")))
    assert [(str(d.rel), d.error) for d in docs[:2]] == [
        ("feed/afp_123", None),
        ("feed/afp_123-line-2", None),
    ]
    assert docs[0].read().decode() == "وصل الرتل."
    assert "field 'body' missing" in docs[2].error
    folder = tmp_path / "f"
    (folder / "keep").mkdir(parents=True)
    (folder / "keep" / "a.txt").write_text("خبر.", encoding="utf-8")
    (folder / "keep" / "b.md").write_text("خبر.", encoding="utf-8")
    (folder / "drafts").mkdir()
    (folder / "drafts" / "c.txt").write_text("خبر.", encoding="utf-8")
    names = [
        str(d.rel)
        for d in discover([folder], Selection(include=("*.txt",), exclude=("f/drafts/*",)))
    ]
    assert names == ["f/keep/a.txt"]


def test_encodings_detected() -> None:
    text = "قال المتحدث باسم الحكومة إن الوضع هادئ."
    assert decode(text.encode("cp1256")) == (text, "windows-1256")
    assert decode(b"\xff\xfe" + text.encode("utf-16-le")) == (text, "utf-16-le")
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    with pytest.raises(DocumentError, match="not Arabic in Windows-1256"):
        decode("Ça coûte très cher, déjà été.".encode("latin-1"))
    page = "<p>أ<br>ب</p><p>ج</p>".encode()
    assert extract(page, "x.html", html="whole").text == "أ\nب\n\nج"
    assert extract(page, "x.html").text == "أ\nب\n\nج"


def test_cli_batch_summary_exit_code_and_resume(tmp_path, ending_model_dir, capsys) -> None:
    src = make_tree(tmp_path)
    out = tmp_path / "out"
    args = [
        "translate",
        str(src),
        "-o",
        str(out),
        "-m",
        str(ending_model_dir),
        "-g",
        str(GLOSSARY),
        "-f",
        "txt",
        "-f",
        "docx",
    ]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "documents: 8 (5 translated, 0 already done, 3 failed)" in err
    assert "FAILED" in err and "empty document" in err and "report.json" in err
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.en.*")}
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "(0 translated, 5 already done, 3 failed)" in err
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.en.*")} == before
    assert main([*args, "--force"]) == 1
    assert "(5 translated, 0 already done" in capsys.readouterr().err


def test_batch_needs_an_output_folder(tmp_path, capsys) -> None:
    assert main(["translate", str(tmp_path), "-m", "x"]) == 2
    assert "needs an output folder" in capsys.readouterr().err


KILLABLE = """
import sys
from pathlib import Path
from transbench.batch.runner import BatchRunner
from transbench.batch.sources import Selection, discover
from transbench.models.loading import load_model
from transbench.models.registry import Generation, ModelSpec
from transbench.mt.transformers_backend import TransformersTranslator
from transbench.pipeline import Pipeline
model, src, out = sys.argv[1:4]
spec = ModelSpec(name="tiny", source=model, generation=Generation(beam_size=2))
pipeline = Pipeline(TransformersTranslator(load_model(spec)), None, "off")
BatchRunner(pipeline, Path(out), ["txt", "docx"], window_segments=1).run(
    list(discover([src], Selection())))
"""


def test_resume_after_kill_loses_nothing(tmp_path, ending_model_dir) -> None:
    src = tmp_path / "docs"
    src.mkdir()
    lines = [x for x in ARTICLE.splitlines() if x.strip()]
    for i in range(40):
        (src / f"{i:02d}.txt").write_text(
            f"{lines[i % len(lines)]}\n{lines[(i + 3) % len(lines)]}", encoding="utf-8"
        )
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLABLE, str(ending_model_dir), str(src), str(out)], env=env
    )
    manifest = out / ".transbench-manifest.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and len(manifest.read_text(encoding="utf-8").splitlines()) >= 5:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished = [
        json.loads(x)["key"] for x in manifest.read_text(encoding="utf-8").splitlines() if x.strip()
    ]
    assert 5 <= len(finished) < 40, "the kill should land mid-batch"
    assert not list(out.rglob("*.tmp")), "no half-written output is left behind"
    for key in finished:
        stem = Path(key).stem
        assert (out / "docs" / f"{stem}.en.txt").exists()
        assert zipfile.is_zipfile(out / "docs" / f"{stem}.en.docx")
    done = subprocess.run(
        [sys.executable, "-c", KILLABLE, str(ending_model_dir), str(src), str(out)],
        env=env,
        check=True,
    )
    assert done.returncode == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["totals"]["skipped"] == len(set(finished))
    assert report["totals"]["translated"] == 40 - len(set(finished))
    assert len(list(out.rglob("*.en.txt"))) == 40


def test_report_summary_counts() -> None:
    report = Report()
    assert "documents: 0 (0 translated" in report.summary()


def test_documents_with_the_same_output_name_never_overwrite_each_other(tmp_path, pipeline) -> None:
    """JSONL ids `a.x` and `a`, a repeated id next to one that looks like its renaming,
    two zip members both called dup.txt, and names differing only in case."""
    feed = tmp_path / "feed.jsonl"
    records = [
        {"id": "a.x", "text": "وصل الرتل."},
        {"id": "a", "text": "انسحب الرتل."},
        {"id": "b", "text": "عاد الرتل."},
        {"id": "b-line-4", "text": "توقف الرتل."},
        {"id": "b", "text": "تقدم الرتل."},
        {"id": "B", "text": "غادر الرتل."},
    ]
    feed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    names = tmp_path / "names.zip"
    with zipfile.ZipFile(names, "w") as zf, pytest.warns(UserWarning, match="Duplicate name"):
        zf.writestr("dup.txt", "وصل الوفد.")
        zf.writestr("dup.txt", "غادر الوفد.")
    out = tmp_path / "out"
    docs = list(discover([feed, names], Selection()))
    report = BatchRunner(pipeline, out, ["jsonl"]).run(docs)
    assert report.count("done") == len(docs) == 8, [o.reason for o in report.failed]
    written = sorted(p for p in out.rglob("*.en.jsonl"))
    assert len(written) == 8
    sources = {json.loads(p.read_text("utf-8").splitlines()[0])["source"] for p in written}
    assert sources == {r["text"] for r in records} | {"وصل الوفد.", "غادر الوفد."}
    # A rerun finds every document done under the same names and writes nothing new.
    again = BatchRunner(pipeline, out, ["jsonl"]).run(list(discover([feed, names], Selection())))
    assert again.count("skipped") == 8
    assert sorted(out.rglob("*.en.jsonl")) == written


def test_control_characters_from_a_wire_feed_never_break_an_export(
    tmp_path, pipeline, monkeypatch
) -> None:
    """SOH/STX framing in a story: removed with a warning, and XML files are written. A
    document whose export fails anyway fails alone, and leaves no half set of files."""
    from transbench.errors import TransbenchWarning
    from transbench.export import EXPORTERS

    src = tmp_path / "in"
    src.mkdir()
    (src / "feed.txt").write_text("\x01وصل الرتل\x02 إلى الحسكة.\x0cانسحب الرتل.", "utf-8")
    (src / "other.txt").write_text("عاد الرتل.", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.warns(TransbenchWarning, match=r"feed\.txt: removed 3 control character"):
        report = BatchRunner(pipeline, out, ["tmx", "xliff", "docx"]).run(
            list(discover([src], Selection()))
        )
    assert report.count("done") == 2, [o.reason for o in report.failed]
    tmx = (out / "in" / "feed.en.tmx").read_text(encoding="utf-8")
    assert "وصل الرتل إلى الحسكة." in tmx and "\x01" not in tmx

    render = EXPORTERS["xliff"].render

    def fails_for_feed(doc):
        if "feed" in doc.name:
            raise ValueError("All strings must be XML compatible")
        return render(doc)

    monkeypatch.setattr(EXPORTERS["xliff"], "render", fails_for_feed)
    with pytest.warns(TransbenchWarning):
        again = BatchRunner(pipeline, tmp_path / "out2", ["tmx", "xliff"]).run(
            list(discover([src], Selection()))
        )
    (failed,) = again.failed
    assert failed.key.endswith("feed.txt") and "cannot export it (ValueError" in failed.reason
    assert again.count("done") == 1
    assert not list((tmp_path / "out2" / "in").glob("feed.*"))  # no half set


def test_a_member_name_with_a_newline_cannot_fake_summary_lines() -> None:
    from transbench.batch.report import DocOutcome

    report = Report([DocOutcome("wire.zip!a\nFAILED b.txt: fake.txt", "failed", "bad\rbytes")])
    failed = [line for line in report.summary().splitlines() if line.startswith("FAILED")]
    assert failed == ["FAILED wire.zip!a\\nFAILED b.txt: fake.txt: bad\\rbytes"]


def test_a_rerun_cleans_up_what_a_killed_write_left(tmp_path, pipeline) -> None:
    """A kill between writing a temp file and renaming it leaves `.name.XXXXXXXX.tmp`; the
    next run removes those, and nothing else."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("وصل الرتل.", encoding="utf-8")
    out = tmp_path / "out"
    (out / "in").mkdir(parents=True)
    leftover = out / "in" / ".a.en.txt.k2j4_x9q.tmp"
    leftover.write_text("half", encoding="utf-8")
    mine = out / "in" / ".notes.tmp"  # not of our making: kept
    mine.write_text("keep", encoding="utf-8")
    BatchRunner(pipeline, out, ["txt"]).run(list(discover([src], Selection())))
    assert not leftover.exists() and mine.exists()
    assert (out / "in" / "a.en.txt").exists()


def test_a_report_that_cannot_be_written_still_gives_the_summary(
    tmp_path, ending_model_dir, capsys
) -> None:
    """As on a full disk: the documents' files are there, the summary is printed, the
    missing report.json is named and the exit code says something went wrong."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("وصل الرتل.", encoding="utf-8")
    out = tmp_path / "out"
    (out / "report.json").mkdir(parents=True)  # cannot be replaced by a file
    code = main(["translate", str(src), "-o", str(out), "-m", str(ending_model_dir), "-f", "txt"])
    err = capsys.readouterr().err
    assert code == 1
    assert "documents: 1 (1 translated" in err
    assert "report.json could not be written" in err and "internal error" not in err
    assert (out / "in" / "a.en.txt").exists()


def test_a_second_run_into_the_same_folder_is_refused_while_the_first_writes(
    tmp_path, pipeline
) -> None:
    """Its start would remove the first run's temp files and write over its documents."""
    from transbench.batch.output.folder import Folder
    from transbench.errors import InputError

    src = tmp_path / "wire"
    src.mkdir()
    (src / "a.txt").write_text("وصل الرتل إلى الحسكة.", encoding="utf-8")
    out = tmp_path / "out"
    docs = list(discover([src], Selection()))
    first = Folder(out)
    with first.claim():  # the first run, busy writing
        writing = out / "wire" / ".a.en.txt.f1rstrun.tmp"
        writing.parent.mkdir(parents=True)
        writing.write_bytes(b"half of it")
        with pytest.raises(InputError, match="another transbench run is writing here"):
            BatchRunner(pipeline, out, ["txt"]).run(docs)
        assert writing.read_bytes() == b"half of it"
        assert not (out / "wire" / "a.en.txt").exists()
    report = BatchRunner(pipeline, out, ["txt"]).run(docs)  # once it has ended
    assert report.count("done") == 1 and not writing.exists()
