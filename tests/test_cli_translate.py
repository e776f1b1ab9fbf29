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
        ("article.txt", [], "is the Arabic input; it would be overwritten"),
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
