"""CSV and TSV: id, source, target, status, notes — for spreadsheets and scripts."""

from __future__ import annotations

import csv
import io

from transbench.export.base import Exporter
from transbench.export.document import BilingualDocument

COLUMNS = ["id", "source", "target", "status", "notes"]
# A cell starting with one of these opens as a live formula in Excel or LibreOffice
# (`=HYPERLINK(...)` in a wire story); OWASP's advice: prefix it with a single quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value


class _Delimited(Exporter):
    delimiter = ","

    def render(self, doc: BilingualDocument) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=self.delimiter, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for u in doc.units:
            row = [u.id, u.source, u.target, u.status, " | ".join(u.notes)]
            writer.writerow([_cell(v) for v in row])
        # A BOM so spreadsheet programs open the Arabic as UTF-8.
        return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


class CsvExporter(_Delimited):
    name = "csv"
    suffix = ".csv"


class TsvExporter(_Delimited):
    name = "tsv"
    suffix = ".tsv"
    delimiter = "\t"
