"""CSV and TSV: id, source, target, status, notes — for spreadsheets and scripts."""

from __future__ import annotations

import csv
import io

from transbench.export.base import Exporter
from transbench.export.document import BilingualDocument

COLUMNS = ["id", "source", "target", "status", "notes"]


class _Delimited(Exporter):
    delimiter = ","

    def render(self, doc: BilingualDocument) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=self.delimiter, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for u in doc.units:
            writer.writerow([u.id, u.source, u.target, u.status, " | ".join(u.notes)])
        # A BOM so spreadsheet programs open the Arabic as UTF-8.
        return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


class CsvExporter(_Delimited):
    name = "csv"
    suffix = ".csv"


class TsvExporter(_Delimited):
    name = "tsv"
    suffix = ".tsv"
    delimiter = "\t"
