"""Reading user text exactly as written: BOM-aware decoding with precise error locations."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

from transbench.errors import InputError

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


def read_text(path: str | Path) -> str:
    """Read a user file, or standard input when `path` is "-"."""
    if str(path) == "-":
        return decode_text(sys.stdin.buffer.read(), "<stdin>")
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a folder, not a text file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None
    return decode_text(data, str(p))
