"""Text from the document formats a desk receives, with its paragraphs."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from transbench.batch.sources import Limits
from transbench.batch.webpage import PageError, read_page
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


@dataclass(frozen=True)
class Extracted:
    text: str
    encoding: str  # how the bytes were read ("utf-8", "windows-1256", "docx", ...)
    title: str = ""  # a web page's title and publication date, when it states them
    date: str = ""


def read_document(path: str | Path, html: str = "article") -> Extracted:
    """A document file, or standard input for "-", read exactly as a batch reads it."""
    data, source = read_bytes(path)
    try:
        return extract(data, source, html)
    except DocumentError as exc:
        raise InputError(f"{source}: {exc}") from None


def extract(data: bytes, name: str, html: str = "article") -> Extracted:
    """The text of a .txt/.md/.html/.docx document; paragraphs become lines, and characters
    no bilingual file can carry are removed (with a warning naming `name`). A web page
    gives its article (`html="article"`) or every block (`"whole"`). A document with no
    text is an error everywhere (one file, a batch, an upload)."""
    lower = name.lower()
    page = None
    if lower.endswith(".docx"):
        text, encoding = _docx(data), "docx"
    else:
        text, encoding = decode(data)
        if lower.endswith((".html", ".htm")):
            try:
                page = read_page(text, html)
            except PageError as exc:
                raise DocumentError(str(exc)) from None
            text = page.text
    text = clean_text(text, name)
    if not text.strip():
        raise DocumentError("empty document: no text to translate")
    if page is None:
        return Extracted(text, encoding)
    return Extracted(text, encoding, page.title, page.date)


# A Word article's XML is a few megabytes; a part far over that, or one that compressed
# far better than text does, is a bomb (1.6 MB of .docx holding 1.5 GB of XML).
DOCX_LIMITS = Limits(max_total_bytes=256 << 20)


def _docx(data: bytes) -> str:
    import docx

    _check_docx_parts(data, DOCX_LIMITS)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged file
        raise DocumentError(f"not a readable .docx ({type(exc).__name__})") from None
    blocks = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            blocks += [cell.text for cell in row.cells]
    return "\n\n".join(b for b in blocks if b.strip())


def _check_docx_parts(data: bytes, limits: Limits) -> None:
    """Refuse before parsing: python-docx reads whole parts into memory."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        raise DocumentError("not a readable .docx (not a zip package)") from None
    total = sum(i.file_size for i in infos)
    if total > limits.max_total_bytes:
        raise DocumentError(
            f"the .docx unpacks to {total:,} bytes, over the limit of "
            f"{limits.max_total_bytes:,} (a possible zip bomb)"
        )
    for i in infos:
        if ratio := limits.too_compressed(i.file_size, i.compress_size):
            raise DocumentError(
                f"part {i.filename} of the .docx has a compression ratio of {ratio:.0f}:1, "
                f"over the limit of {limits.max_ratio:.0f}:1 (a possible zip bomb)"
            )
