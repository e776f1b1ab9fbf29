"""Reading the XML other tools write (XLIFF, TMX, TBX): element names without their
namespace, and a segment's words without its inline codes, comments or processing
instructions."""

from __future__ import annotations

from collections.abc import Collection

from lxml import etree


def local_name(el: etree._Element) -> str:
    """`{urn:…}trans-unit` → `trans-unit`; "" for a comment or processing instruction."""
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def text_without(el: etree._Element, codes: Collection[str]) -> str:
    """The element's text, exactly, leaving out the content of the inline elements named
    in `codes` (native markup such as `<bpt>&lt;b></bpt>`), comments and instructions."""
    parts = [el.text or ""]
    for child in el:
        name = local_name(child)
        if name and name not in codes:
            parts.append(text_without(child, codes))
        parts.append(child.tail or "")
    return "".join(parts)
