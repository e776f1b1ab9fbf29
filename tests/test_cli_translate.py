"""`transbench translate FILE -o OUT`: the format follows the file name, and a bad output
is refused before any work (the model named here does not even exist)."""

import json
import zipfile

import pytest

from transbench.cli import main


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text("وصل الرتل إلى الحسكة.", encoding="utf-8")
    return path


def test_the_extension_picks_the_format(article, tiny_model_dir, tmp_path) -> None:
    out = tmp_path / "draft.docx"
    killed = tmp_path / ".draft.docx.k1ll3d00.tmp"  # what a killed earlier write left
    killed.write_bytes(b"half")
    assert main(["translate", str(article), "-m", str(tiny_model_dir), "-o", str(out)]) == 0
    assert zipfile.is_zipfile(out)
    assert not killed.exists()


@pytest.mark.parametrize(
    ("output", "extra", "message"),
    [
        ("draft.docx", ["-f", "txt"], "the name says docx but --format is txt"),
        ("no/such/folder/draft.txt", [], "does not exist"),
        ("article.txt", [], "is an input; it would be overwritten"),
    ],
)
def test_a_bad_output_is_refused_before_any_work(article, tmp_path, capsys, output, extra, message):
    before = article.read_bytes()
    args = ["translate", str(article), "-m", "no-such-model", "-o", str(tmp_path / output)]
    assert main(args + extra) == 2
    err = capsys.readouterr().err
    assert message in err and "no-such-model" not in err
    assert article.read_bytes() == before


@pytest.mark.parametrize("name", ["out/", "existing"])
def test_a_folder_as_output_makes_a_batch_of_one(article, tiny_model_dir, tmp_path, name):
    (tmp_path / "existing").mkdir()
    out = f"{tmp_path}/{name}"  # the trailing / of "out/" is what says "a folder"
    assert main(["translate", str(article), "-m", str(tiny_model_dir), "-o", out]) == 0
    assert (tmp_path / name / "article.en.txt").read_text(encoding="utf-8").strip()
    assert (tmp_path / name / "report.json").exists()


def test_what_holds_nothing_to_translate_is_refused_before_the_model_loads(
    article, tmp_path, capsys
) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    cases = [
        (["translate", str(empty)], "empty.txt: empty document: no text to translate"),
        (["segment", str(empty)], "empty.txt: empty document: no text to translate"),
        (["translate", str(folder), "-o", str(tmp_path / "o")], "folder: no documents (looked"),
        (
            ["translate", str(tmp_path), "-o", str(tmp_path / "o"), "--include", "*.md"],
            "no documents matching --include/--exclude",
        ),
        (
            ["translate", str(folder), "-o", str(tmp_path / "x.txt")],
            "x.txt: a batch writes a folder of outputs",
        ),
    ]
    for args, message in cases:
        assert main(args + ["-m", "no-such-model"] * (args[0] == "translate")) == 2, args
        err = capsys.readouterr().err
        assert message in err and "no-such-model" not in err, err
    assert not (tmp_path / "x.txt").exists() and not (tmp_path / "o").exists()


@pytest.mark.parametrize("model", ["./no-such-folder", "../no/such", "no-such-name"])
def test_a_model_that_is_not_there_is_one_clear_line(article, capsys, model) -> None:
    assert main(["translate", str(article), "-m", model]) == 2
    err = capsys.readouterr().err
    assert err.startswith("transbench: error: model ") and "internal error" not in err


def test_dash_is_standard_output(article, tiny_model_dir, tmp_path, capsysbinary, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["translate", str(article), "-m", str(tiny_model_dir), "-o", "-"]) == 0
    assert capsysbinary.readouterr().out.strip()  # the draft, on stdout
    assert not (tmp_path / "-").exists()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("وصل الرتل.", encoding="utf-8")
    assert main(["translate", str(folder), "-m", "no-such-model", "-o", "-"]) == 2
    assert b"holds one document" in capsysbinary.readouterr().err


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["glossary", "export", "-o", "{out}"], "file.csv"),
        (["tm", "export", "-o", "{out}"], "file.tmx"),
        (
            [
                "eval",
                "--src",
                "{article}",
                "--ref",
                "{article}",
                "-m",
                "no-such-model",
                "-o",
                "{out}",
            ],
            "file.txt",
        ),
    ],
)
def test_other_outputs_are_checked_before_any_work(article, tmp_path, capsys, command, name):
    out = str(tmp_path / "no" / "such" / name)
    args = [a.format(out=out, article=article) for a in command]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"{out}: the folder" in err and "does not exist" in err


def test_glossary_export_to_standard_output(capsysbinary) -> None:
    from .conftest import GLOSSARY

    assert main(["glossary", "export", "-g", str(GLOSSARY), "-o", "-"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert out.startswith("ar,en") and "قوات سوريا الديمقراطية,SDF" in out


@pytest.mark.parametrize("command", [["models", "list"], ["--help"], ["translate", "--help"]])
def test_a_reader_that_stops_early_is_not_an_error(command) -> None:
    """`transbench models list | head -1`: the pipe closes after one line."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "transbench", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.readline()
    proc.stdout.close()
    assert proc.wait(timeout=60) == 0
    assert proc.stderr.read() == b""


def main_in_a_fresh_interpreter(args: list[str]):
    """The command run where nothing is imported yet; its stderr ends with whether it
    imported torch (which loading a model does)."""
    import subprocess
    import sys

    run = (
        "import sys; from transbench.cli import main; "
        f"code = main({args!r}); "
        "print('torch' in sys.modules, file=sys.stderr); sys.exit(code)"
    )
    return subprocess.run([sys.executable, "-c", run], capture_output=True, text=True)


def test_an_article_the_cache_holds_comes_back_without_loading_the_model(
    article, ending_model_dir, tmp_path, capsys
) -> None:
    args = ["translate", str(article), "-m", str(ending_model_dir)]
    first = main_in_a_fresh_interpreter(args)
    again = main_in_a_fresh_interpreter(args)
    assert first.returncode == again.returncode == 0, first.stderr + again.stderr
    assert first.stderr.strip().endswith("True")  # drafted: the model was loaded
    assert "1 from cache" in again.stderr and again.stderr.strip().endswith("False")
    assert again.stdout == first.stdout
    article.write_text("وصل الرتل إلى القامشلي.", encoding="utf-8")  # not in the cache
    assert main(["translate", str(article), "-m", str(ending_model_dir)]) == 0
    assert "0 from cache" in capsys.readouterr().err  # drafted by the model


def test_a_batch_the_cache_holds_loads_no_model(ending_model_dir, tmp_path) -> None:
    """A rerun for one more format, or of a finished batch, drafts nothing new: without
    loading the model (seconds for a real one; torch alone is one)."""
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "a.txt").write_text("وصل الرتل إلى الحسكة.", encoding="utf-8")
    (folder / "b.txt").write_text("انسحب الرتل.", encoding="utf-8")
    args = ["translate", str(folder), "-o", str(tmp_path / "out"), "-m", str(ending_model_dir)]
    assert main([*args, "-f", "txt"]) == 0
    again = main_in_a_fresh_interpreter([*args, "-f", "txt", "-f", "xliff"])
    assert again.returncode == 0, again.stderr
    assert again.stderr.strip().endswith("False"), again.stderr
    assert (tmp_path / "out" / "wire" / "b.en.xlf").exists()


def test_an_output_folder_inside_the_input_folder_is_not_read_as_input(
    ending_model_dir, tmp_path, capsys
) -> None:
    """`translate wire -o wire/en`: the rerun finds the same one document, not its own
    outputs (which were translated again on every rerun)."""
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "a.txt").write_text("وصل الرتل إلى الحسكة.", encoding="utf-8")
    args = ["translate", str(folder), "-o", str(folder / "en"), "-m", str(ending_model_dir)]
    assert main([*args, "-f", "txt"]) == 0
    assert main([*args, "-f", "txt"]) == 0
    outputs = sorted(p.relative_to(folder).as_posix() for p in (folder / "en").rglob("*.txt"))
    assert outputs == ["en/wire/a.en.txt"]
    report = json.loads((folder / "en" / "report.json").read_text(encoding="utf-8"))
    assert [d["key"] for d in report["documents"]] == [str(folder / "a.txt")]


def run_without_override(args: list[str]):
    """The CLI as a user without root's right to write anywhere runs it: as root (CI),
    with that capability dropped (util-linux's setpriv)."""
    import os
    import shutil
    import subprocess
    import sys

    prefix = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: read-only folders cannot be made")
        caps = "-dac_override,-dac_read_search"
        prefix = ["setpriv", f"--inh-caps={caps}", f"--bounding-set={caps}"]
    command = [*prefix, sys.executable, "-m", "transbench", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_read_only_places_are_refused_before_any_work(article, tmp_path) -> None:
    from .conftest import GLOSSARY

    shut = tmp_path / "shut"
    shut.mkdir()
    glossary = shut / "terms.csv"
    glossary.write_bytes((GLOSSARY / "syria-conflict.csv").read_bytes())
    own = tmp_path / "own.csv"
    own.write_bytes(glossary.read_bytes())
    own.chmod(0o444)
    shut.chmod(0o555)
    add = ["glossary", "add", "--ar", "تجربتان", "--en", "tests", "-g"]
    cases = [
        (["translate", str(article), str(article), "-o", str(shut)], f"{shut}: cannot write"),
        (
            ["translate", str(article), "-o", f"{shut}/new/"],
            f"{shut}/new: cannot write there (the folder {shut} is read-only)",
        ),
        ([*add, str(glossary)], f"{glossary}: its folder is read-only; nothing was changed"),
        ([*add, str(own)], f"{own}: the file is read-only; nothing was changed"),
    ]
    try:
        for args, message in cases:
            if args[0] == "translate":
                args += ["-m", "no-such-model"]
            done = run_without_override(args)
            assert done.returncode == 2 and message in done.stderr, (args, done.stderr)
            assert "no-such-model" not in done.stderr  # refused before the model is looked up
    finally:
        shut.chmod(0o755)
    assert (
        glossary.read_bytes() == own.read_bytes() == (GLOSSARY / "syria-conflict.csv").read_bytes()
    )
    assert sorted(p.name for p in shut.iterdir()) == ["terms.csv"]


def test_a_full_disk_is_one_line_naming_the_file(tmp_path, capsys, monkeypatch) -> None:
    import errno

    from .conftest import GLOSSARY

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    from transbench.cli import output
    from transbench.glossary import editing

    monkeypatch.setattr(output, "atomic_write_bytes", full)
    monkeypatch.setattr(editing, "atomic_write_bytes", full)
    assert main(["glossary", "export", "-g", str(GLOSSARY), "-o", str(tmp_path / "g.csv")]) == 2
    assert f"{tmp_path / 'g.csv'}: cannot write it (No space left on device)" in (
        capsys.readouterr().err
    )
    terms = tmp_path / "terms.csv"
    terms.write_bytes((GLOSSARY / "syria-conflict.csv").read_bytes())
    assert main(["glossary", "add", "--ar", "تجربتان", "--en", "tests", "-g", str(terms)]) == 2
    assert f"{terms}: not saved (No space left on device)" in capsys.readouterr().err
    assert terms.read_bytes() == (GLOSSARY / "syria-conflict.csv").read_bytes()


def test_a_document_named_twice_is_translated_once(article, tmp_path) -> None:
    from transbench.batch.sources import Selection, discover

    other = tmp_path / "other" / "article.txt"  # the same name, another document
    other.parent.mkdir()
    other.write_text("انسحب الرتل.", encoding="utf-8")
    docs = list(discover([article, str(article), tmp_path / "other", other], Selection()))
    assert [d.key for d in docs] == [str(article), str(other)]
