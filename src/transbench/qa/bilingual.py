"""The bilingual files `transbench qa` checks: JSONL from `translate`, and XLIFF as CAT tools
write it (1.0 without a namespace, 1.1, 1.2, Trados .sdlxliff, 2.x). A file must say, or
show, that it goes from Arabic to English, and must hold units; otherwise it is refused, not
passed with "no findings"."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from transbench.errors import InputError
from transbench.segment.script import script_counts
from transbench.textio import decode_text, read_bytes
from transbench.xmltext import local_name, text_without

# Inline elements whose content is native markup (XLIFF 1.x bpt/ept/ph/it, 2.x has empty
# ones), not text: "<b>" inside <bpt> is no part of the sentence.
_CODES = {"bpt", "ept", "ph", "it"}
_SUFFIXES = (".xliff", ".xlf", ".sdlxliff")


@dataclass(frozen=True)
class Unit:
    id: str
    source: str
    target: str
    keep: bool = False  # passed through untranslated on purpose (translate="no")


@dataclass(frozen=True)
class BilingualFile:
    units: list[Unit]
    source_lang: str = ""  # as the file says; "" when it does not
    target_lang: str = ""


def read_bilingual(path: Path) -> BilingualFile:
    """The file's units and languages; `-` reads standard input (XLIFF if it starts with
    `<`, else JSONL)."""
    data, name = read_bytes(path)
    suffix = path.suffix.lower()
    if str(path) == "-":
        suffix = ".xlf" if data.lstrip().startswith(b"<") else ".jsonl"
    if suffix == ".jsonl":
        found = BilingualFile(_jsonl_units(decode_text(data, name), name), "ar", "en")
    elif suffix in _SUFFIXES:
        found = _xliff(data, name)
    else:
        raise InputError(f"{path}: give a .jsonl, .xliff, .xlf or .sdlxliff file, or - (stdin)")
    if not found.units:
        raise InputError(
            f"{path}: no translation units found (read: XLIFF 1.0-1.2 <trans-unit>, "
            "2.x <unit><segment>, JSONL records with 'source' and 'target')"
        )
    _check_direction(path, found)
    return found


def _jsonl_units(text: str, path: str) -> list[Unit]:
    units = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            units.append(
                Unit(
                    str(rec.get("id", n)),
                    rec["source"],
                    rec.get("target") or "",
                    bool(rec.get("pass_through", False)),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"{path}:{n}: not a bilingual JSONL record with 'source' and 'target' ({exc})"
            ) from None
    return units


def _child(el, name: str):
    return next((c for c in el if local_name(c) == name), None)


def _xliff(data: bytes, path: str) -> BilingualFile:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: not readable XLIFF ({exc})") from None
    if local_name(root) != "xliff":
        raise InputError(f"{path}: not XLIFF (the root element is <{local_name(root)}>)")
    first = next((el for el in root.iter() if local_name(el) == "file"), None)
    if root.get("version", "").startswith("2"):
        langs = root.get("srcLang", ""), root.get("trgLang", "")
        units = _units_v2(root)
    else:
        langs = (
            (first.get("source-language", ""), first.get("target-language", ""))
            if (first is not None)
            else ("", "")
        )
        units = _units_v1(root)
    return BilingualFile(units, *langs)


def _units_v1(root) -> list[Unit]:
    units = []
    for tu in root.iter():
        if local_name(tu) != "trans-unit":
            continue
        source, target = _child(tu, "source"), _child(tu, "target")
        text = text_without(source, _CODES) if source is not None else ""
        if not text.strip():
            continue  # nothing to translate (an empty resource string), nothing to check
        units.append(
            Unit(
                tu.get("id", ""),
                text,
                text_without(target, _CODES) if target is not None else "",
                tu.get("translate") == "no",
            )
        )
    return units


def _units_v2(root) -> list[Unit]:
    units = []
    for unit in root.iter():
        if local_name(unit) != "unit":
            continue
        keep = unit.get("translate") == "no"
        for n, seg in enumerate((s for s in unit if local_name(s) == "segment"), 1):
            source, target = _child(seg, "source"), _child(seg, "target")
            text = text_without(source, _CODES) if source is not None else ""
            if text.strip():
                target_text = text_without(target, _CODES) if target is not None else ""
                units.append(
                    Unit(f"{unit.get('id', '')}/{seg.get('id', n)}", text, target_text, keep)
                )
    return units


def _language(code: str) -> str:
    """ar-SA, ar_LY, AR → ar."""
    return code.replace("_", "-").split("-")[0].strip().lower()


def _check_direction(path: Path, found: BilingualFile) -> None:
    source, target = _language(found.source_lang), _language(found.target_lang)
    said = f"{found.source_lang or '?'} → {found.target_lang or '?'}"
    if (source and source != "ar") or (target and target != "en"):
        raise InputError(f"{path}: the file is {said}; transbench qa checks Arabic → English only")
    if source and target:
        return
    # The file does not say: its text must show it (most source letters Arabic).
    arabic, _, letters = script_counts(" ".join(u.source for u in found.units))
    if letters and arabic < 0.5 * letters:
        raise InputError(
            f"{path}: the file says {said} and its source text is not Arabic; "
            "transbench qa checks Arabic → English only"
        )
