"""Plain English text with the original paragraphs."""

from __future__ import annotations

from transbench.export.base import Exporter
from transbench.export.document import BilingualDocument


class TextExporter(Exporter):
    name = "txt"
    suffix = ".txt"

    def render(self, doc: BilingualDocument) -> bytes:
        text = doc.english_text()
        return (text if text.endswith("\n") or not text else text + "\n").encode("utf-8")
