"""DOCX with a two-column table: Arabic (right-to-left for real) beside English.

python-docx has no API for right-to-left paragraphs, so `w:bidi` (paragraph) and `w:rtl`
(run) are set in the XML, with complex-script font, size and bold (`w:cs`, `w:szCs`,
`w:bCs`) so Word renders the Arabic with an Arabic-capable font.
"""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from transbench.export.base import Exporter
from transbench.export.document import BilingualDocument, Span, bold_runs

ARABIC_FONT = "Arial"  # ships with Word everywhere and covers Arabic; Noto Naskh if present
LATIN_FONT = "Calibri"
SIZE = Pt(11)


def _set(parent, tag: str, **attrs: str):
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        parent.append(el)
    for key, value in attrs.items():
        el.set(qn(key), value)
    return el


def _fill(cell, text: str, spans: tuple[Span, ...], rtl: bool, italic: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    if rtl:
        _set(paragraph._p.get_or_add_pPr(), "w:bidi")
    for piece, term in bold_runs(text, spans) or [("", False)]:
        run = paragraph.add_run(piece)
        run.bold = term or None
        run.italic = italic or None
        run.font.size = SIZE
        rpr = run._r.get_or_add_rPr()
        _set(rpr, "w:rFonts", **{"w:ascii": LATIN_FONT, "w:hAnsi": LATIN_FONT, "w:cs": ARABIC_FONT})
        if rtl:
            _set(rpr, "w:rtl")
            _set(rpr, "w:szCs", **{"w:val": str(int(SIZE.pt * 2))})
            if term:
                _set(rpr, "w:bCs")


class DocxExporter(Exporter):
    name = "docx"
    suffix = ".docx"
    binary = True

    def render(self, doc: BilingualDocument) -> bytes:
        document = Document()
        document.core_properties.title = doc.name
        document.add_heading(doc.name, level=1)
        table = document.add_table(rows=1, cols=2)
        table.style = "Table Grid"
        header = table.rows[0].cells
        _fill(header[0], "العربية", (), rtl=True)
        _fill(header[1], "English", (), rtl=False)
        for cell in header:
            for run in cell.paragraphs[0].runs:
                run.bold = True
                _set(run._r.get_or_add_rPr(), "w:bCs")  # Arabic bold needs its own flag
        for unit in doc.units:
            ar, en = table.add_row().cells
            _fill(ar, unit.source, unit.source_terms, rtl=not unit.pass_through)
            _fill(en, unit.target, unit.target_terms, rtl=False, italic=unit.pass_through)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
