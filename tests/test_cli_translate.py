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
        (".", [], "is a folder"),
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
