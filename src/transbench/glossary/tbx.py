"""TBX-Basic import and export (TBX 2 `martif`/`termEntry`, and TBX v3 `tbx`/`conceptEntry`).

Mapping: the Arabic preferred term is `ar` and the other Arabic terms `ar_variants`, but
those whose grammatical number is plural or dual (`<termNote type="grammaticalNumber">`,
TBX v3 `grammaticalNumber`) are `ar_plural`, so other tools see them as terms too; the
first non-deprecated English term is `en`, further ones land in `en_alternatives`, and
deprecated English terms are `en_forbidden`. `note` is the entry's `<note>`; any other
column travels as `<descrip type="COLUMN">`, so a round trip keeps it.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from transbench.errors import InputError, TransbenchWarning
from transbench.glossary.records import LIST_SEPARATOR, split_list
from transbench.xmltext import local_name

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATUS = "administrativeStatus"
PREFERRED, ADMITTED, DEPRECATED = (
    "preferredTerm-admn-sts",
    "admittedTerm-admn-sts",
    "deprecatedTerm-admn-sts",
)
_KNOWN = {"ar", "ar_variants", "ar_plural", "en", "en_forbidden", "en_alternatives", "note"}
_NUMBER = "grammaticalNumber"
_PLURAL_NUMBERS = ("plural", "dual")
_STATUS_TYPES = {_STATUS, "normativeAuthorization"}
_LANG_SETS = ("langSet", "langSec")  # TBX 2, TBX v3
_TERM_COLUMNS = ("ar", "ar_variants", "ar_plural", "en", "en_forbidden", "en_alternatives")
# Format characters a term never needs: LRM/RLM and the other bidi controls, zero-width
# space, BOM. (ZWNJ/ZWJ stay: they can shape Arabic script on purpose.)
_INVISIBLE = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def _children(el: etree._Element, *names: str) -> list[etree._Element]:
    return [c for c in el if local_name(c) in names]


def read_tbx(path: str | Path) -> list[dict[str, str]]:
    """Rows (column → value) from a TBX file; entries without Arabic or English are skipped.
    Invisible format characters (bidi marks, zero-width spaces, BOMs) are taken out of the
    terms, with a warning naming the entries, since a glossary would refuse them."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(f"{path}: not a readable TBX file ({exc})") from None
    rows, cleaned = [], []
    languages = {el.get(XML_LANG, "?"): None for el in root.iter() if local_name(el) in _LANG_SETS}
    for entry in root.iter():
        if local_name(entry) not in ("termEntry", "conceptEntry"):
            continue
        row = _entry_row(entry)
        if not (row.get("ar") and row.get("en")):
            continue
        for column in _TERM_COLUMNS:
            if column in row and _INVISIBLE.search(row[column]):
                row[column] = _INVISIBLE.sub("", row[column])
                cleaned.append(entry.get("id") or row["ar"])
        rows.append(row)
    if not rows:
        raise InputError(
            f"{path}: no entry has both an Arabic and an English term; the file's languages "
            f"are {', '.join(languages) or 'none'}"
        )
    if cleaned:
        names = ", ".join(dict.fromkeys(cleaned))
        warnings.warn(
            f"{path}: removed invisible format characters (bidi marks, zero-width spaces) "
            f"from the terms of {len(set(cleaned))} entr(y/ies): {names}",
            TransbenchWarning,
            stacklevel=2,
        )
    return rows


def _entry_row(entry: etree._Element) -> dict[str, str]:
    terms: dict[str, list[tuple[str, str, str]]] = {"ar": [], "en": []}
    row: dict[str, str] = {}
    notes: list[str] = []
    for child in entry:
        name = local_name(child)
        if name in _LANG_SETS:
            lang = (child.get(XML_LANG) or "").lower().replace("_", "-").split("-")[0]
            lang = {"ara": "ar", "eng": "en"}.get(lang, lang)
            if lang in terms:
                terms[lang] += _lang_terms(child, notes)
        elif name == "note" and _flat(child):
            notes.insert(0, _flat(child))
        elif name == "descrip" and _flat(child):
            # A typed descrip is a column of its own; an untyped one is part of the note.
            if child.get("type") and child.get("type") not in _KNOWN:
                row[child.get("type")] = _flat(child)
            else:
                notes.append(_flat(child))
    if notes:
        row["note"] = "; ".join(notes)
    plural = [t for t, _, number in terms["ar"] if number in _PLURAL_NUMBERS]
    ar = sorted(
        ((t, s) for t, s, number in terms["ar"] if number not in _PLURAL_NUMBERS),
        key=lambda t: t[1] != PREFERRED,
    )
    if ar:
        row["ar"] = ar[0][0]
        row["ar_variants"] = LIST_SEPARATOR.join(t for t, _ in ar[1:])
    row["ar_plural"] = LIST_SEPARATOR.join(plural)
    en_terms = [(t, s) for t, s, _ in terms["en"]]
    en = [t for t, status in en_terms if status != DEPRECATED]
    en.sort(key=lambda t: dict(en_terms).get(t) != PREFERRED)
    if en:
        row["en"] = en[0]
        if en[1:]:
            row["en_alternatives"] = LIST_SEPARATOR.join(en[1:])
    row["en_forbidden"] = LIST_SEPARATOR.join(t for t, s in en_terms if s == DEPRECATED)
    return {k: v for k, v in row.items() if v}


def _flat(el: etree._Element) -> str:
    """An element's text with its line wrapping and indentation folded into single spaces."""
    return " ".join("".join(el.itertext()).split())


def _status(value: str) -> str:
    """TBX statuses as the glossary uses them: superseded and deprecated terms are the
    forbidden ones; only a preferred term is preferred; anything else is admitted."""
    value = value.strip().lower()
    if value.startswith(("deprecated", "superseded")):
        return DEPRECATED
    return PREFERRED if value.startswith("preferred") else ADMITTED


def _lang_terms(lang_set: etree._Element, notes: list[str]) -> list[tuple[str, str, str]]:
    """(term, status, grammatical number) triples; a term's own notes join the entry's
    note, naming the term."""
    found = []
    for group in _children(lang_set, "tig", "ntig", "termSec"):
        term_el = next(group.iter("{*}term", "term"), None)
        if term_el is None or not _flat(term_el):
            continue
        term = _flat(term_el)
        status, number = ADMITTED, ""
        for el in group.iter():
            name = local_name(el)
            # TBX 2 and v3 DCA: <termNote type="administrativeStatus">; v3 DCT:
            # <min:administrativeStatus> (or basic:, any module prefix). Likewise the number.
            kind = el.get("type") if name == "termNote" else name
            if kind in _STATUS_TYPES:
                status = _status(_flat(el))
            elif kind == _NUMBER:
                number = _flat(el).lower()
            elif name == "note" and _flat(el):
                notes.append(f"{term}: {_flat(el)}")
        found.append((term, status, number))
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
            plural=split_list(row.get("ar_plural", "")),
        )
        _lang_set(
            entry,
            "en",
            [(row["en"], PREFERRED)]
            + [(v, ADMITTED) for v in split_list(row.get("en_alternatives", ""))]
            + [(v, DEPRECATED) for v in split_list(row.get("en_forbidden", ""))],
        )
    return etree.tostring(martif, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _lang_set(
    entry: etree._Element,
    lang: str,
    terms: list[tuple[str, str]],
    plural: tuple[str, ...] = (),
) -> None:
    lang_set = etree.SubElement(entry, "langSet", {XML_LANG: lang})
    for text, status in [*terms, *((p, ADMITTED) for p in plural)]:
        tig = etree.SubElement(lang_set, "tig")
        etree.SubElement(tig, "term").text = text
        etree.SubElement(tig, "termNote", type=_STATUS).text = status
        if text in plural:
            etree.SubElement(tig, "termNote", type=_NUMBER).text = "plural"
