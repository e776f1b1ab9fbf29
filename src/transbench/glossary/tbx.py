"""TBX-Basic import and export (TBX 2 `martif`/`termEntry`, and TBX v3 `tbx`/`conceptEntry`).

Mapping: the Arabic preferred term is `ar` and the other Arabic terms `ar_variants`; the
first non-deprecated English term is `en`, further ones land in `en_alternatives`, and
deprecated English terms are `en_forbidden`. `note` is the entry's `<note>`; any other
column travels as `<descrip type="COLUMN">`, so a round trip keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from transbench.errors import InputError
from transbench.glossary.records import LIST_SEPARATOR, split_list

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATUS = "administrativeStatus"
PREFERRED, ADMITTED, DEPRECATED = (
    "preferredTerm-admn-sts",
    "admittedTerm-admn-sts",
    "deprecatedTerm-admn-sts",
)
_KNOWN = {"ar", "ar_variants", "en", "en_forbidden", "en_alternatives", "note"}


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(el: etree._Element, *names: str) -> list[etree._Element]:
    return [c for c in el if _local(c.tag) in names]


def read_tbx(path: str | Path) -> list[dict[str, str]]:
    """Rows (column → value) from a TBX file; entries without Arabic or English are skipped."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(f"{path}: not a readable TBX file ({exc})") from None
    rows = []
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        row = _entry_row(entry)
        if row.get("ar") and row.get("en"):
            rows.append(row)
    return rows


def _entry_row(entry: etree._Element) -> dict[str, str]:
    terms: dict[str, list[tuple[str, str]]] = {"ar": [], "en": []}
    row: dict[str, str] = {}
    for child in entry:
        name = _local(child.tag)
        if name in ("langSet", "langSec"):
            lang = (child.get(XML_LANG) or "").lower().split("-")[0]
            lang = {"ara": "ar", "eng": "en"}.get(lang, lang)
            if lang in terms:
                terms[lang] += _lang_terms(child)
        elif name == "note" and child.text:
            row["note"] = child.text.strip()
        elif name == "descrip" and child.get("type") and child.text:
            row[child.get("type")] = child.text.strip()
    ar = sorted(terms["ar"], key=lambda t: t[1] != PREFERRED)
    if ar:
        row["ar"] = ar[0][0]
        row["ar_variants"] = LIST_SEPARATOR.join(t for t, _ in ar[1:])
    en = [t for t, status in terms["en"] if status != DEPRECATED]
    en.sort(key=lambda t: dict(terms["en"]).get(t) != PREFERRED)
    if en:
        row["en"] = en[0]
        if en[1:]:
            row["en_alternatives"] = LIST_SEPARATOR.join(en[1:])
    row["en_forbidden"] = LIST_SEPARATOR.join(t for t, s in terms["en"] if s == DEPRECATED)
    return {k: v for k, v in row.items() if v}


def _lang_terms(lang_set: etree._Element) -> list[tuple[str, str]]:
    found = []
    for group in _children(lang_set, "tig", "ntig", "termSec"):
        term_el = next(group.iter("{*}term", "term"), None)
        if term_el is None or not "".join(term_el.itertext()).strip():
            continue
        status = ADMITTED
        for note in group.iter("{*}termNote", "termNote"):
            if note.get("type") == _STATUS and note.text:
                status = note.text.strip()
        found.append(("".join(term_el.itertext()).strip(), status))
    return found


def write_tbx(rows: Iterable[dict[str, str]], source: str = "transbench") -> bytes:
    """A TBX-Basic (TBX 2) document for `rows`."""
    martif = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = etree.SubElement(martif, "martifHeader")
    file_desc = etree.SubElement(header, "fileDesc")
    source_desc = etree.SubElement(file_desc, "sourceDesc")
    etree.SubElement(source_desc, "p").text = f"Exported by transbench from {source}"
    encoding = etree.SubElement(header, "encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(martif, "text"), "body")
    for n, row in enumerate(rows, 1):
        entry = etree.SubElement(body, "termEntry", id=f"t{n}")
        for column, value in row.items():
            if column not in _KNOWN and value:
                etree.SubElement(entry, "descrip", type=column).text = value
        if row.get("note"):
            etree.SubElement(entry, "note").text = row["note"]
        _lang_set(
            entry,
            "ar",
            [(row["ar"], PREFERRED)]
            + [(v, ADMITTED) for v in split_list(row.get("ar_variants", ""))],
        )
        _lang_set(
            entry,
            "en",
            [(row["en"], PREFERRED)]
            + [(v, ADMITTED) for v in split_list(row.get("en_alternatives", ""))]
            + [(v, DEPRECATED) for v in split_list(row.get("en_forbidden", ""))],
        )
    return etree.tostring(martif, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _lang_set(entry: etree._Element, lang: str, terms: list[tuple[str, str]]) -> None:
    lang_set = etree.SubElement(entry, "langSet", {XML_LANG: lang})
    for text, status in terms:
        tig = etree.SubElement(lang_set, "tig")
        etree.SubElement(tig, "term").text = text
        etree.SubElement(tig, "termNote", type=_STATUS).text = status
