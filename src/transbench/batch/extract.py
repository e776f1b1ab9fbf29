"""Text from the document formats a desk receives, with its paragraphs."""

from __future__ import annotations

import io
import re
from pathlib import Path

from transbench.errors import InputError
from transbench.textio import clean_text, decode_article, read_bytes


class DocumentError(Exception):
    """A document that cannot be turned into text; the message says why."""


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding), read as every article is read (`textio.decode_article`)."""
    try:
        return decode_article(data, "")
    except InputError as exc:
        raise DocumentError(str(exc)) from None


def read_document(path: str | Path) -> str:
    """A document file, or standard input for "-", read exactly as a batch reads it."""
    data, source = read_bytes(path)
    try:
        return extract(data, source)[0]
    except DocumentError as exc:
        raise InputError(f"{source}: {exc}") from None


def extract(data: bytes, name: str) -> tuple[str, str]:
    """(text, encoding) of a .txt/.md/.html/.docx document; paragraphs become lines, and
    characters no bilingual file can carry are removed (with a warning naming `name`)."""
    lower = name.lower()
    if lower.endswith(".docx"):
        text, encoding = _docx(data), "docx"
    else:
        text, encoding = decode(data)
        if lower.endswith((".html", ".htm")):
            text = _html(text)
    return clean_text(text, name), encoding


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
