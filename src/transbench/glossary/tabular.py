"""Glossaries from and to other CAT tools' CSV/TSV exports, with a column mapping."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from transbench.errors import InputError
from transbench.textio import read_text


def parse_mapping(spec: str | None) -> dict[str, str]:
    """'Source=ar,Target=en,Comment=note' → {'Source': 'ar', ...}."""
    mapping: dict[str, str] = {}
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        theirs, sep, ours = part.partition("=")
        if not sep or not theirs.strip() or not ours.strip():
            raise InputError(f"--map: '{part}' is not THEIR_COLUMN=our_column")
        mapping[theirs.strip()] = ours.strip()
    return mapping


def delimiter_for(path: Path, given: str | None) -> str:
    if given:
        return "\t" if given in ("tab", "\\t") else given
    return "\t" if path.suffix.lower() in (".tsv", ".tab", ".txt") else ","


def read_table(path: str | Path, mapping: dict[str, str], delimiter: str | None = None):
    """Rows renamed through `mapping` (unmapped columns keep their names)."""
    p = Path(path)
    reader = csv.DictReader(
        io.StringIO(read_text(p), newline=""), delimiter=delimiter_for(p, delimiter)
    )
    if reader.fieldnames is None:
        raise InputError(f"{p}: empty file, expected a header row")
    unknown = [c for c in mapping if c not in reader.fieldnames]
    if unknown:
        raise InputError(
            f"{p}: --map names column(s) not in the header: {', '.join(unknown)}"
            f" (header: {', '.join(reader.fieldnames)})"
        )
    rows = []
    for record in reader:
        row = {mapping.get(k, k): (v or "").strip() for k, v in record.items() if k is not None}
        if row.get("ar") or row.get("en"):
            rows.append(row)
    for needed in ("ar", "en"):
        if rows and needed not in rows[0]:
            raise InputError(f"{p}: no column maps to '{needed}'; use --map THEIRS={needed}")
    return rows


def write_table(rows: Iterable[dict[str, str]], columns: list[str], delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(
        out, columns, delimiter=delimiter, lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
