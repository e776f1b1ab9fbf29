"""XLIFF 1.2 with segment states, so CAT tools pick up where the desk left off."""

from __future__ import annotations

from lxml import etree

from transbench import __version__
from transbench.export.base import Exporter
from transbench.export.document import BilingualDocument

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATE = {"draft": "needs-review-translation", "translated": "translated", "approved": "signed-off"}


class XliffExporter(Exporter):
    name = "xliff"
    suffix = ".xlf"

    def render(self, doc: BilingualDocument) -> bytes:
        root = etree.Element(f"{{{NS}}}xliff", version="1.2", nsmap={None: NS})
        file_el = etree.SubElement(
            root,
            f"{{{NS}}}file",
            {
                "original": doc.name,
                "source-language": doc.source_lang,
                "target-language": doc.target_lang,
                "datatype": "plaintext",
                "tool-id": "transbench",
                "date": doc.created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        )
        header = etree.SubElement(file_el, f"{{{NS}}}header")
        etree.SubElement(
            header,
            f"{{{NS}}}tool",
            {"tool-id": "transbench", "tool-name": "transbench", "tool-version": __version__},
        )
        body = etree.SubElement(file_el, f"{{{NS}}}body")
        for unit in doc.units:
            attrs = {"id": str(unit.id), "translate": "no" if unit.pass_through else "yes"}
            if unit.status == "approved":
                attrs["approved"] = "yes"
            tu = etree.SubElement(body, f"{{{NS}}}trans-unit", attrs)
            # An English passage kept as is is English on both sides.
            source_lang = doc.target_lang if unit.pass_through else doc.source_lang
            etree.SubElement(tu, f"{{{NS}}}source", {XML_LANG: source_lang}).text = unit.source
            etree.SubElement(
                tu, f"{{{NS}}}target", {XML_LANG: doc.target_lang, "state": STATE[unit.status]}
            ).text = unit.target
            for note in unit.notes:
                # `from` is a Python keyword: the attribute goes in as a dict, never by
                # rewriting the serialised XML (which would touch the text too).
                etree.SubElement(tu, f"{{{NS}}}note", {"from": "transbench"}).text = note
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
