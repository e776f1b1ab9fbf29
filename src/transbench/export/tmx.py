"""TMX 1.4b: segment pairs for translation memories (pass-through units are left out)."""

from __future__ import annotations

from lxml import etree

from transbench import __version__
from transbench.export.base import Exporter
from transbench.export.document import BilingualDocument

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class TmxExporter(Exporter):
    name = "tmx"
    suffix = ".tmx"

    def render(self, doc: BilingualDocument) -> bytes:
        stamp = doc.created.strftime("%Y%m%dT%H%M%SZ")
        root = etree.Element("tmx", version="1.4")
        etree.SubElement(
            root,
            "header",
            {
                "creationtool": "transbench",
                "creationtoolversion": __version__,
                "segtype": "sentence",
                "o-tmf": "transbench",
                "adminlang": "en",
                "srclang": doc.source_lang,
                "datatype": "plaintext",
                "creationdate": stamp,
            },
        )
        body = etree.SubElement(root, "body")
        for unit in doc.units:
            if unit.pass_through:
                continue
            tu = etree.SubElement(body, "tu", tuid=str(unit.id), creationdate=stamp)
            etree.SubElement(tu, "prop", type="x-status").text = unit.status
            etree.SubElement(tu, "prop", type="x-document").text = doc.name
            for note in unit.notes:
                etree.SubElement(tu, "note").text = note
            for lang, text in ((doc.source_lang, unit.source), (doc.target_lang, unit.target)):
                tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
                etree.SubElement(tuv, "seg").text = text
        return etree.tostring(
            root,
            xml_declaration=True,
            encoding="UTF-8",
            pretty_print=True,
            doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">',
        )
