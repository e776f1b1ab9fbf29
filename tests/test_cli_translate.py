"""`transbench translate FILE -o OUT`: the format follows the file name, and a bad output
is refused before any work (the model named here does not even exist)."""

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
    assert main(["translate", str(article), "-m", str(tiny_model_dir), "-o", str(out)]) == 0
    assert zipfile.is_zipfile(out)


@pytest.mark.parametrize(
    ("output", "extra", "message"),
    [
        ("draft.docx", ["-f", "txt"], "the name says docx but --format is txt"),
        ("no/such/folder/draft.txt", [], "does not exist"),
        ("article.txt", [], "is the input; it would be overwritten"),
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
    "command",
    [
        ["glossary", "export", "-o", "{out}"],
        ["tm", "export", "-o", "{out}"],
        ["eval", "--src", "{article}", "--ref", "{article}", "-m", "no-such-model", "-o", "{out}"],
    ],
)
def test_other_outputs_are_checked_before_any_work(article, tmp_path, capsys, command) -> None:
    out = str(tmp_path / "no" / "such" / "file.txt")
    args = [a.format(out=out, article=article) for a in command]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"{out}: the folder" in err and "does not exist" in err


def test_glossary_export_to_standard_output(capsysbinary) -> None:
    from .conftest import GLOSSARY

    assert main(["glossary", "export", "-g", str(GLOSSARY), "-o", "-"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert out.startswith("ar,en") and "قوات سوريا الديمقراطية,SDF" in out


def test_a_reader_that_stops_early_is_not_an_error() -> None:
    """`transbench models list | head -1`: the pipe closes after one line."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "transbench", "models", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.readline()
    proc.stdout.close()
    assert proc.wait(timeout=60) == 0
    assert proc.stderr.read() == b""


def test_an_article_the_cache_holds_comes_back_without_loading_the_model(
    article, ending_model_dir, tmp_path
) -> None:
    import subprocess
    import sys

    run = (
        "import sys; from transbench.cli import main; "
        f"code = main(['translate', {str(article)!r}, '-m', {str(ending_model_dir)!r}]); "
        "print('torch' in sys.modules, file=sys.stderr); sys.exit(code)"
    )
    first = subprocess.run([sys.executable, "-c", run], capture_output=True, text=True)
    again = subprocess.run([sys.executable, "-c", run], capture_output=True, text=True)
    assert first.returncode == again.returncode == 0, first.stderr + again.stderr
    assert first.stderr.strip().endswith("True")  # drafted: the model was loaded
    assert "1 from cache" in again.stderr and again.stderr.strip().endswith("False")
    assert again.stdout == first.stdout
    article.write_text("وصل الرتل إلى القامشلي.", encoding="utf-8")  # not in the cache
    third = subprocess.run([sys.executable, "-c", run], capture_output=True, text=True)
    assert third.returncode == 0 and third.stderr.strip().endswith("True")
