"""A standalone, printable HTML page with Arabic and English side by side."""

from __future__ import annotations

from html import escape

from transbench.export.base import Exporter
from transbench.export.document import BilingualDocument, Span, bold_runs

_STYLE = """
body { font-family: "Noto Sans", Arial, sans-serif; margin: 2em; color: #111; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: .4em .6em; vertical-align: top; }
th { background: #eee; }
td.ar { font-family: "Noto Naskh Arabic", "Arial", sans-serif; font-size: 1.1em; }
td.id { color: #666; width: 3em; text-align: right; }
tr.keep td { color: #555; font-style: italic; }
.note { color: #a40; font-size: .85em; display: block; }
@media print { body { margin: 0; } tr { page-break-inside: avoid; } }
"""


def _marked(text: str, spans: tuple[Span, ...]) -> str:
    return "".join(
        f"<b>{escape(piece)}</b>" if term else escape(piece)
        for piece, term in bold_runs(text, spans)
    )


class HtmlExporter(Exporter):
    name = "html"
    suffix = ".html"

    def render(self, doc: BilingualDocument) -> bytes:
        rows = []
        for u in doc.units:
            notes = "".join(f'<span class="note">{escape(n)}</span>' for n in u.notes)
            rows.append(
                f'<tr class="{"keep" if u.pass_through else u.status}">'
                f'<td class="id">{u.id}</td>'
                # An English passage kept as is reads left to right, like the DOCX.
                f'<td class="ar" dir="{"ltr" if u.pass_through else "rtl"}" '
                f'lang="{doc.target_lang if u.pass_through else doc.source_lang}">'
                f"{_marked(u.source, u.source_terms)}</td>"
                f'<td class="en" dir="ltr" lang="{doc.target_lang}">'
                f"{_marked(u.target, u.target_terms)}{notes}</td>"
                f"<td>{escape(u.status)}</td></tr>"
            )
        page = (
            f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(doc.name)}</title><style>{_STYLE}</style></head><body>"
            f"<h1>{escape(doc.name)}</h1><table><thead><tr><th>#</th><th>Arabic</th>"
            f"<th>English</th><th>Status</th></tr></thead><tbody>"
            + "\n".join(rows)
            + "</tbody></table></body></html>\n"
        )
        return page.encode("utf-8")
