"""Text from the document formats a desk receives, with its paragraphs."""

from __future__ import annotations

import codecs
import io
import re

from transbench.errors import InputError
from transbench.segment.script import script_counts
from transbench.textio import decode_text

# Windows-1256 must read as mostly Arabic before we believe it.
_MIN_ARABIC_SHARE = 0.5
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")


class DocumentError(Exception):
    """A document that cannot be turned into text; the message says why."""


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): BOM-marked UTF-8/16/32, plain UTF-8, or Windows-1256."""
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DocumentError("binary data, not text")
    try:
        text = decode_text(data, "")
        return text, "utf-16" if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else "utf-8"
    except InputError:
        pass  # not UTF: try the legacy Arabic code page
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        raise DocumentError("neither UTF-8 nor Windows-1256 text") from None
    arabic, _, letters = script_counts(text)
    if _CONTROL.search(text) or not letters or arabic < _MIN_ARABIC_SHARE * letters:
        raise DocumentError(
            "not UTF-8, and not Arabic in Windows-1256 either (binary, or another legacy encoding)"
        )
    return text, "windows-1256"


def extract(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding) of a .txt/.md/.html/.docx document; paragraphs become lines."""
    lower = name.lower()
    if lower.endswith(".docx"):
        return _docx(data), "docx"
    text, encoding = decode(data)
    if lower.endswith((".html", ".htm")):
        return _html(text), encoding
    return text, encoding


def _docx(data: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged file
        raise DocumentError(f"not a readable .docx ({type(exc).__name__})") from None
    blocks = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            blocks += [cell.text for cell in row.cells]
    return "\n\n".join(b for b in blocks if b.strip())


_BLOCKS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "td",
    "th",
    "pre",
    "figcaption",
    "caption",
    "title",
    "dt",
    "dd",
    "section",
    "article",
}


def _html(text: str) -> str:
    """Visible text, one paragraph per block element; scripts and styles dropped."""
    from lxml import etree, html

    try:
        root = html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise DocumentError(f"not readable HTML ({exc})") from None
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = []
    for el in root.iter(*_BLOCKS):
        if any(child.tag in _BLOCKS for child in el.iterdescendants()):
            continue  # the innermost block carries the text
        content = " ".join(el.text_content().split(" ")).strip()
        if content:
            blocks.append(re.sub(r"[ \t]+", " ", content))
    return "\n\n".join(blocks)
