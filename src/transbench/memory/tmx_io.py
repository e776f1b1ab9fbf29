"""TMX in and out of the memory, tolerant of what other tools write (OmegaT, Trados, …)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from transbench.errors import InputError
from transbench.export.document import BilingualDocument, BilingualUnit
from transbench.export.tmx import TmxExporter

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline codes whose content is markup, not text (TMX 1.4 bpt/ept/it/ph/ut).
_CODES = {"bpt", "ept", "it", "ph", "ut"}


def _seg_text(el: etree._Element) -> str:
    parts = [el.text or ""]
    for child in el:
        if etree.QName(child).localname not in _CODES:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def read_tmx(
    path: str | Path, source_lang: str = "ar", target_lang: str = "en"
) -> list[tuple[str, str]]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(f"{path}: not a readable TMX file ({exc})") from None
    if etree.QName(root).localname != "tmx":
        raise InputError(f"{path}: not TMX (the root element is <{root.tag}>)")
    pairs = []
    for tu in root.iter("{*}tu", "tu"):
        texts: dict[str, str] = {}
        for tuv in tu.iter("{*}tuv", "tuv"):
            lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower().split("-")[0]
            seg = next(tuv.iter("{*}seg", "seg"), None)
            if seg is not None and lang not in texts:
                texts[lang] = " ".join(_seg_text(seg).split())
        if texts.get(source_lang) and texts.get(target_lang):
            pairs.append((texts[source_lang], texts[target_lang]))
    return pairs


def write_tmx(pairs: Iterable[tuple[str, str]], name: str) -> bytes:
    units = tuple(BilingualUnit(i, s, t, i, "approved") for i, (s, t) in enumerate(pairs, 1))
    return TmxExporter().render(BilingualDocument(name, units, created=datetime.now(UTC)))
