"""`transbench qa` on XLIFF as other tools write it: versions 1.0 (no namespace), 1.1, 1.2,
.sdlxliff and 2.x are read; inline codes are not text; a file in another direction, or with
no units, is refused instead of passing with "no findings"."""

from pathlib import Path

import pytest

from transbench.cli import main
from transbench.errors import InputError
from transbench.export import EXPORTERS, BilingualDocument, BilingualUnit
from transbench.qa.bilingual import read_bilingual

from .conftest import GLOSSARY

DATA = Path(__file__).parent / "data" / "xliff"
UNITS = (
    BilingualUnit(1, "قال قيادي في قسد إن 12 عربة وصلت.", "A commander said vehicles came.", 1),
    BilingualUnit(2, "We will stay.", "We will stay.", 1, pass_through=True),
)


def ours(tmp_path) -> str:
    """Our own XLIFF 1.2 export of two units, as text to rewrite into other versions."""
    return EXPORTERS["xliff"].render(BilingualDocument("x", UNITS)).decode("utf-8")


def run_qa(path, capsys) -> tuple[int, list[list[str]], str]:
    code = main(["qa", str(path), "-g", str(GLOSSARY)])
    out = capsys.readouterr()
    return code, [line.split("\t") for line in out.out.splitlines()], out.err


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("v11.xlf", lambda x: x.replace("document:1.2", "document:1.1").replace('"1.2"', '"1.1"')),
        (
            "v10.xlf",
            lambda x: x.replace(' xmlns="urn:oasis:names:tc:xliff:document:1.2"', "").replace(
                'version="1.2"', 'version="1.0"'
            ),
        ),
        (
            "trados.sdlxliff",
            lambda x: x.replace(
                "<xliff ", '<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" '
            ),
        ),
    ],
)
def test_every_xliff_1_version_is_checked(tmp_path, capsys, name, change) -> None:
    path = tmp_path / name
    path.write_text(change(ours(tmp_path)), encoding="utf-8")
    code, findings, err = run_qa(path, capsys)
    assert code == 1 and {f[2] for f in findings} == {"numbers", "term-missing"}
    assert "2 units" in err


def test_xliff_2_segments_are_checked(tmp_path, capsys) -> None:
    path = tmp_path / "v2.xlf"
    path.write_text(
        '<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" '
        'version="2.0" srcLang="ar-SY" trgLang="en-GB"><file id="f"><unit id="u1"><segment>'
        "<source>قال قيادي في قسد إن <pc id='1'>12</pc> عربة وصلت.</source>"
        "<target>A commander said <pc id='1'>12</pc> vehicles came.</target></segment>"
        "</unit></file></xliff>",
        encoding="utf-8",
    )
    code, findings, err = run_qa(path, capsys)
    assert code == 1
    assert [(f[0], f[2]) for f in findings] == [("u1/1", "term-missing")]
    assert "1 units" in err


def test_inline_codes_are_not_text_and_other_directions_are_refused(capsys) -> None:
    """Okapi's XLIFF 1.1 sample (en → fr) and PASSOLO's XLIFF 1.0 (English only)."""
    okapi = DATA / "okapi-RB-11-Test01.xlf"
    units = {u.id: u.source for u in read_bilingual_unchecked(okapi)}
    assert units["4"] == "Text with code and bold."
    assert units["6"] == "Text with a footnote and more text"
    assert main(["qa", str(okapi)]) == 2
    assert "the file is en → fr; transbench qa checks Arabic → English only" in (
        capsys.readouterr().err
    )
    passolo = DATA / "okapi-PAS-10-Test01-excerpt.xlf"
    assert main(["qa", str(passolo)]) == 2
    assert "the file is en → ?" in capsys.readouterr().err


def read_bilingual_unchecked(path: Path):
    """The units, direction aside (the Okapi file is English → French)."""
    from transbench.qa.bilingual import _xliff

    return _xliff(path.read_bytes(), str(path)).units


def test_files_with_nothing_we_can_check_are_refused(tmp_path) -> None:
    empty = tmp_path / "empty.xlf"
    empty.write_text(
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file '
        'source-language="ar" target-language="en"><body/></file></xliff>',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="no translation units found"):
        read_bilingual(empty)
    reverse = tmp_path / "en-ar.xlf"
    reverse.write_text(
        ours(tmp_path)
        .replace('source-language="ar"', 'source-language="en-US"')
        .replace('target-language="en"', 'target-language="ar-SA"'),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="the file is en-US → ar-SA"):
        read_bilingual(reverse)
    unsaid = tmp_path / "unsaid.xlf"
    unsaid.write_text(
        '<xliff version="1.0"><file><body><trans-unit id="1"><source>Cancel</source>'
        "<target>إلغاء</target></trans-unit></body></file></xliff>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"says \? → \? and its source text is not Arabic"):
        read_bilingual(unsaid)
    other = tmp_path / "notes.xlf"
    other.write_text("<tmx version='1.4'/>", encoding="utf-8")
    with pytest.raises(InputError, match="not XLIFF"):
        read_bilingual(other)


def test_untranslatable_and_empty_units_are_not_errors(tmp_path, capsys) -> None:
    text = ours(tmp_path).replace(
        "</body>",
        '<trans-unit id="9" translate="no"><source>AFP</source><target>AFP</target>'
        '</trans-unit><trans-unit id="10"><source> </source></trans-unit></body>',
    )
    path = tmp_path / "x.xlf"
    path.write_text(text, encoding="utf-8")
    _, findings, err = run_qa(path, capsys)
    assert {f[0] for f in findings} == {"1"} and "3 units" in err


def test_qa_reads_standard_input(tmp_path, capsys, monkeypatch) -> None:
    import io
    import sys

    for data in (
        ours(tmp_path).encode("utf-8"),
        b'{"source": "\xd9\x88\xd8\xb5\xd9\x84.", "target": ""}\n',
    ):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        code = main(["qa", "-", "--no-glossary"])
        assert code == 1  # numbers / an empty English: errors either way
        assert "units" in capsys.readouterr().err
