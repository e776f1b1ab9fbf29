"""Reading user text exactly as written: BOM-aware decoding with precise error locations."""

from __future__ import annotations

import codecs
import re
import sys
import warnings
from pathlib import Path

from transbench.errors import InputError, TransbenchWarning
from transbench.segment.script import script_counts

# UTF-32 BOMs start with the UTF-16 ones, so they must be tested first.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(data: bytes, source: str) -> str:
    """Decode UTF-8 (BOM optional) or BOM-marked UTF-16/32; the BOM is not part of the text.

    `source` names the input in error messages (a path, or "<stdin>").
    """
    encoding = "utf-8"
    offset = 0
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, offset = name, len(bom)
            break
    try:
        return data[offset:].decode(encoding)
    except UnicodeDecodeError as exc:
        bad = exc.object[exc.start : exc.start + 4].hex(" ")
        raise InputError(
            f"{source}: not valid {encoding.upper()} at byte {offset + exc.start} "
            f"(bytes {bad}); save the file as UTF-8 and try again"
        ) from None


# Windows-1256 must read as mostly Arabic, without control characters, before we believe it.
_MIN_ARABIC_SHARE = 0.5
_MIN_ARABIC_LETTERS = 3  # a stray high byte is not an Arabic text
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f]")


# What XML 1.0, and so TMX, XLIFF and DOCX, cannot carry. Wire feeds bring some (SOH/STX
# framing); vertical tab and form feed stand for line breaks.
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str, source: str) -> str:
    """The text without the characters bilingual files cannot carry, with a warning that
    names `source` and what was removed (the file itself is left as it is)."""
    found = _XML_UNSAFE.findall(text)
    if not found:
        return text
    codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
    warnings.warn(
        f"{source}: removed {len(found)} control character(s) ({codes}) that TMX, XLIFF and "
        "DOCX cannot carry",
        TransbenchWarning,
        stacklevel=2,
    )
    return _XML_UNSAFE.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)


def decode_article(data: bytes, source: str) -> tuple[str, str]:
    """(text, encoding) of an article as desks receive them: BOM-marked UTF-8/16/32, UTF-16
    without a BOM, plain UTF-8, or Arabic in Windows-1256. UTF-8 with a few bad bytes is an
    error at the first of them, never a guess at another encoding; so is anything binary."""
    where = f"{source}: " if source else ""
    marked = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if marked:
        return decode_text(data, source), marked
    if b"\x00" in data[:4096]:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise InputError(f"{where}binary data, not text")
        return utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first = exc.start
    bad = data[first : first + 4].hex(" ")
    if _mostly_utf8(data):
        raise InputError(
            f"{where}not valid UTF-8 at byte {first} (bytes {bad}): the file is UTF-8 with "
            "damaged bytes; repair or re-save it as UTF-8"
        )
    text = data.decode("cp1256", errors="replace")
    arabic, _, letters = script_counts(text)
    plausible = arabic >= _MIN_ARABIC_LETTERS and arabic >= _MIN_ARABIC_SHARE * letters
    if "\ufffd" in text or _CONTROL.search(text) or not plausible:
        raise InputError(
            f"{where}not valid UTF-8 at byte {first} (bytes {bad}), and not Arabic in "
            "Windows-1256 either; save the file as UTF-8 and try again"
        )
    return text, "windows-1256"


def _mostly_utf8(data: bytes) -> bool:
    """More well-formed UTF-8 characters beyond ASCII than broken sequences: damaged UTF-8.
    Arabic in Windows-1256 hardly ever forms a valid UTF-8 sequence."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    return sum(ord(c) > 0x7F for c in text) - broken > broken


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM shows itself by NULs in every other byte (the high byte of
    spaces, digits and Latin letters); Arabic letters alone have none."""
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    pairs = max(len(head) // 2, 1)
    for encoding, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros >= 0.1 * pairs and others == 0 and len(data) % 2 == 0:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                return None
    return None


def read_bytes(path: str | Path) -> tuple[bytes, str]:
    """A file's bytes (standard input for "-") and the name errors should give it."""
    if str(path) == "-":
        return sys.stdin.buffer.read(), "<stdin>"
    p = Path(path)
    try:
        return p.read_bytes(), str(p)
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a folder, not a text file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None


def read_text(path: str | Path) -> str:
    """Read a UTF file of ours (a glossary, a test set), or standard input for "-"."""
    return decode_text(*read_bytes(path))
