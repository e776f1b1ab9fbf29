"""A glossary CSV file that survives edits: untouched rows, unknown columns, blank lines,
line endings and a BOM come back byte for byte."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from transbench.errors import InputError
from transbench.glossary.records import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, Term
from transbench.textio import decode_text


@dataclass
class Row:
    """One record. `raw` is its exact text in the file; it is dropped when the row changes.
    `values` is None for blank lines, which are kept only so the file round-trips."""

    values: dict[str, str] | None
    line: int = 0
    raw: str | None = None
    field_count: int = 0


@dataclass
class GlossaryFile:
    path: Path
    columns: list[str] = field(default_factory=lambda: [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS])
    rows: list[Row] = field(default_factory=list)
    header_raw: str | None = None
    newline: str = "\n"
    bom: bool = False

    @property
    def name(self) -> str:
        return self.path.stem

    @classmethod
    def load(cls, path: str | Path) -> GlossaryFile:
        p = Path(path)
        try:
            data = p.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{p}: no such glossary file") from None
        except OSError as exc:
            raise InputError(f"{p}: cannot read ({exc.strerror})") from None
        return cls.parse(decode_text(data, str(p)), p, bom=data.startswith(b"\xef\xbb\xbf"))

    @classmethod
    def parse(cls, text: str, path: Path, bom: bool = False) -> GlossaryFile:
        lines = list(io.StringIO(text, newline=""))
        if not lines or not lines[0].strip():
            raise InputError(f"{path}:1: empty glossary; the first line must be a header row")
        newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
        reader = csv.reader(iter(lines), strict=True)
        records, consumed = [], 0
        try:
            for record in reader:
                records.append((record, consumed, reader.line_num))
                consumed = reader.line_num
        except csv.Error as exc:
            # Named where the broken entry starts (an unclosed quote is only noticed at
            # the end of the file).
            raise InputError(
                f"{path}:{consumed + 1}: malformed CSV in the entry that starts on this line "
                f"({exc}; read up to line {reader.line_num})"
            ) from None
        header, _, header_end = records[0]
        columns = [c.strip() for c in header]
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if missing:
            raise InputError(
                f"{path}:1: header lacks required column(s) {', '.join(missing)}; "
                "the first line must name the columns (ar,en,…)"
            )
        duplicated = sorted({c for c in columns if columns.count(c) > 1})
        if duplicated:
            raise InputError(f"{path}:1: column(s) named twice: {', '.join(duplicated)}")
        gf = cls(path, columns, [], "".join(lines[:header_end]), newline, bom)
        for record, start, end in records[1:]:
            raw = "".join(lines[start:end])
            if not record:
                gf.rows.append(Row(None, start + 1, raw))
                continue
            values = {c: (record[i] if i < len(record) else "") for i, c in enumerate(columns)}
            gf.rows.append(Row(values, start + 1, raw, len(record)))
        return gf

    def terms(self) -> list[Term]:
        return [Term.from_row(r.values, self.name, r.line) for r in self.rows if r.values]

    def index_of(self, ar: str) -> int | None:
        for i, row in enumerate(self.rows):
            if row.values and row.values.get("ar") == ar:
                return i
        return None

    def upsert(self, values: dict[str, str]) -> None:
        """Replace the row with the same `ar`, or append one; unknown columns are kept."""
        for key in values:
            if key not in self.columns:
                self.columns.append(key)
                self.header_raw = None
        i = self.index_of(values["ar"])
        if i is None:
            self.rows.append(Row({c: values.get(c, "") for c in self.columns}))
        else:
            row = self.rows[i]
            assert row.values is not None
            row.values = {**row.values, **values}
            row.raw = None

    def remove(self, ar: str) -> bool:
        i = self.index_of(ar)
        if i is None:
            return False
        del self.rows[i]
        return True

    def render(self) -> str:
        parts = [self.header_raw if self.header_raw is not None else self._format(self.columns)]
        for row in self.rows:
            if parts[-1] and not parts[-1].endswith(("\n", "\r")):
                parts[-1] += self.newline
            if row.raw is not None and self.header_raw is not None:
                parts.append(row.raw)
            elif row.values is None:
                parts.append(row.raw or self.newline)
            else:
                parts.append(self._format([row.values.get(c, "") for c in self.columns]))
        return "".join(parts)

    def encoded(self) -> bytes:
        return (b"\xef\xbb\xbf" if self.bom else b"") + self.render().encode("utf-8")

    def _format(self, fields: list[str]) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator=self.newline).writerow(fields)
        return out.getvalue()
