"""Every bilingual export, read back by a reader that is not ours."""

import csv
import io
import zipfile
from datetime import UTC, datetime

import docx
import pytest
from lxml import etree, html
from translate.storage import tmx as tk_tmx
from translate.storage import xliff as tk_xliff

from transbench.cli import main
from transbench.export import EXPORTERS, BilingualDocument, BilingualUnit

from .conftest import EXAMPLE, GLOSSARY

SOURCE = "عنوان الخبر\n\nقال مصدر في قسد إن الوضع هادئ. وأضاف: «لا تغيير».\nWe will stay."
UNITS = (
    BilingualUnit(1, "عنوان الخبر", "News headline", 1, "approved", start=0, end=11),
    BilingualUnit(
        2,
        "قال مصدر في قسد إن الوضع هادئ.",
        "A source in the SDF said the situation is calm.",
        2,
        "draft",
        source_terms=((12, 15),),
        target_terms=((16, 19),),
        start=13,
        end=43,
    ),
    BilingualUnit(
        3,
        "وأضاف: «لا تغيير».",
        'He added: "No change".',
        2,
        "translated",
        notes=("glossary term missing: x → y",),
        start=44,
        end=62,
    ),
    BilingualUnit(
        4, "We will stay.", "We will stay.", 3, "translated", pass_through=True, start=63, end=76
    ),
)
DOC = BilingualDocument("report.txt", UNITS, SOURCE, created=datetime(2026, 11, 24, tzinfo=UTC))


def test_units_match_the_source_text() -> None:
    for u in UNITS:
        assert SOURCE[u.start : u.end] == u.source
    assert UNITS[1].source[12:15] == "قسد"


def test_tmx_read_by_translate_toolkit() -> None:
    store = tk_tmx.tmxfile.parsestring(EXPORTERS["tmx"].render(DOC))
    pairs = [(u.source, u.target) for u in store.units]
    assert pairs == [(u.source, u.target) for u in UNITS if not u.pass_through]
    root = etree.fromstring(EXPORTERS["tmx"].render(DOC))
    header = root.find("header")
    assert header.get("srclang") == "ar" and header.get("creationtool") == "transbench"
    assert header.get("creationdate") == "20261124T000000Z"
    langs = root.findall(".//tuv")[0].get("{http://www.w3.org/XML/1998/namespace}lang")
    assert langs == "ar"


def test_xliff_read_by_translate_toolkit_with_states() -> None:
    data = EXPORTERS["xliff"].render(DOC)
    store = tk_xliff.xlifffile.parsestring(data)
    assert [(u.source, u.target) for u in store.units] == [(u.source, u.target) for u in UNITS]
    approved = [u.isapproved() for u in store.units]
    assert approved == [True, False, False, False]
    states = [
        el.get("state")
        for el in etree.fromstring(data).iter("{urn:oasis:names:tc:xliff:document:1.2}target")
    ]
    assert states == ["signed-off", "needs-review-translation", "translated", "translated"]
    assert "glossary term missing" in store.units[2].getnotes()
    assert store.units[3].xmlelement.get("translate") == "no"


def test_docx_side_by_side_right_to_left_and_bold_terms() -> None:
    document = docx.Document(io.BytesIO(EXPORTERS["docx"].render(DOC)))
    (table,) = document.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["العربية", "English"]
    assert rows[1:] == [[u.source, u.target] for u in UNITS]
    ar_paragraph = table.rows[2].cells[0].paragraphs[0]
    assert ar_paragraph._p.pPr.find(docx.oxml.ns.qn("w:bidi")) is not None
    runs = ar_paragraph.runs
    assert all(r._r.rPr.find(docx.oxml.ns.qn("w:rtl")) is not None for r in runs)
    assert [r.text for r in runs if r.bold] == ["قسد"]
    fonts = runs[0]._r.rPr.find(docx.oxml.ns.qn("w:rFonts"))
    assert fonts.get(docx.oxml.ns.qn("w:cs")) == "Arial"
    en_runs = table.rows[2].cells[1].paragraphs[0].runs
    assert [r.text for r in en_runs if r.bold] == ["SDF"]
    english_paragraph = table.rows[2].cells[1].paragraphs[0]
    assert (
        english_paragraph._p.pPr is None
        or english_paragraph._p.pPr.find(docx.oxml.ns.qn("w:bidi")) is None
    )


@pytest.mark.parametrize(("name", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_delimited_read_by_csv_module(name: str, delimiter: str) -> None:
    text = EXPORTERS[name].render(DOC).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))
    assert [(r["id"], r["source"], r["target"], r["status"]) for r in rows] == [
        (str(u.id), u.source, u.target, u.status) for u in UNITS
    ]
    assert rows[2]["notes"] == "glossary term missing: x → y"


def test_html_page_marks_arabic_rtl_and_escapes() -> None:
    evil = BilingualDocument(
        "<x>", (BilingualUnit(1, "قسد <b>", "SDF & co", 1, source_terms=((0, 3),)),)
    )
    page = html.fromstring(EXPORTERS["html"].render(evil))
    cell = page.xpath("//td[@class='ar']")[0]
    assert cell.get("dir") == "rtl" and cell.get("lang") == "ar"
    assert cell.text_content() == "قسد <b>" and cell.xpath("b/text()") == ["قسد"]
    assert page.xpath("//td[@class='en']")[0].text_content() == "SDF & co"
    full = html.fromstring(EXPORTERS["html"].render(DOC))
    assert len(full.xpath("//tbody/tr")) == len(UNITS)
    assert "@media print" in full.xpath("//style/text()")[0]


def test_plain_text_keeps_paragraphs() -> None:
    text = EXPORTERS["txt"].render(DOC).decode("utf-8")
    assert text == (
        "News headline\n\nA source in the SDF said the situation is calm. "
        'He added: "No change".\nWe will stay.\n'
    )


def test_translate_cli_writes_docx_and_refuses_docx_on_stdout(
    ending_model_dir, tmp_path, capsys
) -> None:
    out = tmp_path / "article.docx"
    args = ["translate", str(EXAMPLE), "-m", str(ending_model_dir), "-g", str(GLOSSARY)]
    assert main([*args, "-f", "docx"]) == 2
    assert "-o FILE.docx" in capsys.readouterr().err
    assert main([*args, "-f", "docx", "-o", str(out)]) == 0
    assert zipfile.is_zipfile(out)
    table = docx.Document(str(out)).tables[0]
    sources = [row.cells[0].text for row in table.rows[1:]]
    assert sources[0].startswith("دوريات أميركية وروسية")
    bold = [r.text for row in table.rows[1:] for r in row.cells[1].paragraphs[0].runs if r.bold]
    assert "SDF" in bold and "deconfliction line" in bold
    xlf = tmp_path / "article.xlf"
    assert main([*args, "-f", "xliff", "-o", str(xlf)]) == 0
    store = tk_xliff.xlifffile.parsefile(str(xlf))
    assert len(store.units) == len(table.rows) - 1


def test_writing_never_rewrites_text_or_arms_formulas_or_hides_files(tmp_path) -> None:
    import os

    from transbench.export import EXPORTERS
    from transbench.export.document import BilingualDocument, BilingualUnit
    from transbench.fsutil import atomic_write_bytes

    unit = BilingualUnit(
        1,
        '=HYPERLINK("http://x.example/?date_from_=2020","اضغط")',
        "+1 see http://x.example/?date_from_=2020",
        1,
        "draft",
        False,
        ("QA note",),
        (),
        (),
        0,
        10,
    )
    doc = BilingualDocument("wire", (unit,), unit.source)
    xliff = EXPORTERS["xliff"].render(doc).decode("utf-8")
    assert "date_from_=2020" in xliff and 'from="transbench"' in xliff
    rows = EXPORTERS["csv"].render(doc).decode("utf-8-sig").splitlines()
    assert rows[1].split(",")[1].startswith("\"'=HYPERLINK") and ",'+1 see" in rows[1]
    new = tmp_path / "new.txt"
    atomic_write_bytes(new, b"x")
    umask = os.umask(0o022)
    os.umask(umask)
    assert new.stat().st_mode & 0o777 == 0o666 & ~umask


def test_english_passages_are_english_everywhere_and_arabic_headers_bold() -> None:
    """A kept English passage (unit 4): left to right and `en` in HTML and XLIFF, as in
    DOCX; the Arabic column header is bold for Arabic script too (w:bCs)."""
    page = html.fromstring(EXPORTERS["html"].render(DOC))
    cells = page.xpath("//td[@class='ar']")
    assert [(c.get("dir"), c.get("lang")) for c in cells] == [("rtl", "ar")] * 3 + [("ltr", "en")]
    root = etree.fromstring(EXPORTERS["xliff"].render(DOC))
    langs = [s.get("{http://www.w3.org/XML/1998/namespace}lang") for s in root.iter("{*}source")]
    assert langs == ["ar", "ar", "ar", "en"]
    document = docx.Document(io.BytesIO(EXPORTERS["docx"].render(DOC)))
    header = document.tables[0].rows[0].cells[0].paragraphs[0].runs[0]
    assert header.bold and header._r.rPr.find(docx.oxml.ns.qn("w:bCs")) is not None
