"""TMX in and out of the memory, tolerant of what other tools write (OmegaT, Trados, …)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from transbench.errors import InputError
from transbench.export.document import BilingualDocument, BilingualUnit
from transbench.export.tmx import TmxExporter
from transbench.xmltext import local_name, text_without

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Inline codes whose content is markup, not text (TMX 1.4 bpt/ept/it/ph/ut).
_CODES = {"bpt", "ept", "it", "ph", "ut"}


# Statuses that mean nobody confirmed the translation: our own x-status "draft" (a machine
# draft), Trados' x-ConfirmationLevel Draft, Unspecified and the rejected ones.
_STATUS_PROPS = {"x-status", "x-confirmationlevel"}
_UNCONFIRMED = {"draft", "unspecified", "rejectedtranslation", "rejectedsignoff", "new"}


@dataclass(frozen=True)
class TmxPairs:
    """What a TMX file holds for the memory, and what was left out and why."""

    pairs: list[tuple[str, str]]
    drafts: int = 0  # units whose status says no one confirmed them
    incomplete: int = 0  # units without both an Arabic and an English segment
    languages: tuple[str, ...] = ()  # every language the file has, for the error message


def _status(tu: etree._Element) -> str:
    for prop in tu:
        is_prop = local_name(prop) == "prop"
        if is_prop and (prop.get("type") or "").lower() in _STATUS_PROPS and prop.text:
            return prop.text.strip().lower()
    return ""


def read_tmx(
    path: str | Path,
    source_lang: str = "ar",
    target_lang: str = "en",
    include_drafts: bool = False,
) -> TmxPairs:
    """The (Arabic, English) pairs of a TMX file. Units a tool marked as unconfirmed drafts
    are left out unless `include_drafts`; a file with no pair at all is an error that says
    which languages it has."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (OSError, etree.XMLSyntaxError) as exc:
        raise InputError(f"{path}: not a readable TMX file ({exc})") from None
    if local_name(root) != "tmx":
        raise InputError(f"{path}: not TMX (the root element is <{root.tag}>)")
    pairs, drafts, incomplete, languages = [], 0, 0, {}
    for tu in root.iter("{*}tu", "tu"):
        texts: dict[str, str] = {}
        for tuv in tu.iter("{*}tuv", "tuv"):
            code = tuv.get(XML_LANG) or tuv.get("lang") or ""
            lang = code.lower().replace("_", "-").split("-")[0]
            languages.setdefault(lang, code)
            seg = next(tuv.iter("{*}seg", "seg"), None)
            if seg is not None and lang not in texts:
                texts[lang] = text_without(seg, _CODES).strip()
        if not (texts.get(source_lang) and texts.get(target_lang)):
            incomplete += 1
        elif _status(tu) in _UNCONFIRMED and not include_drafts:
            drafts += 1
        else:
            pairs.append((texts[source_lang], texts[target_lang]))
    found = tuple(languages.values())
    if not pairs and not drafts:
        raise InputError(
            f"{path}: no {source_lang}-{target_lang} pairs; the file's languages are "
            f"{', '.join(found) or 'none'}"
        )
    return TmxPairs(pairs, drafts, incomplete, found)


def write_tmx(pairs: Iterable[tuple[str, str]], name: str) -> bytes:
    units = tuple(BilingualUnit(i, s, t, i, "approved") for i, (s, t) in enumerate(pairs, 1))
    return TmxExporter().render(BilingualDocument(name, units, created=datetime.now(UTC)))
