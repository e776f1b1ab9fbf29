"""Bilingual export: one module per format, looked up by name."""

from transbench.export.base import Exporter
from transbench.export.delimited import CsvExporter, TsvExporter
from transbench.export.document import BilingualDocument, BilingualUnit, from_result
from transbench.export.plaintext import TextExporter
from transbench.export.tmx import TmxExporter
from transbench.export.webpage import HtmlExporter
from transbench.export.word import DocxExporter
from transbench.export.xliff import XliffExporter

EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        TextExporter(),
        TmxExporter(),
        XliffExporter(),
        DocxExporter(),
        CsvExporter(),
        TsvExporter(),
        HtmlExporter(),
    )
}

__all__ = ["EXPORTERS", "BilingualDocument", "BilingualUnit", "Exporter", "from_result"]
