"""The text of a saved web page: the article alone (news pages), or every block (`whole`).

A saved news page is mostly not the story: menus, "related stories", cookie banners,
footers. trafilatura, the maintained library for this, finds the article and reads the
page's title and publication date; the title leads the text as its headline, since a
desk translates the headline too. Each paragraph, heading, list item or table cell becomes
one paragraph, with inline markup (bold, links) kept inside its sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

HTML_MODES = ("article", "whole")

_WHOLE_BLOCKS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "td",
    "th",
    "pre",
    "figcaption",
    "caption",
    "title",
    "dt",
    "dd",
    "section",
    "article",
}
# What trafilatura's XML calls a block.
_ARTICLE_BLOCKS = ("p", "head", "item", "quote", "cell", "code")


class PageError(Exception):
    """A page with no text to take; the message says why."""


@dataclass(frozen=True)
class Page:
    text: str
    title: str = ""
    date: str = ""  # YYYY-MM-DD, when the page states one


def read_page(html: str, mode: str = "article") -> Page:
    if mode == "whole":
        return Page(_whole(html))
    return _article(html)


def _parse(html: str):
    from lxml import etree
    from lxml import html as lxml_html

    try:
        return lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise PageError(f"not readable HTML ({exc})") from None


def _squash(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text).strip()


def _whole(html: str) -> str:
    """Visible text, one paragraph per block element; scripts and styles dropped."""
    root = _parse(html)
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = []
    for el in root.iter(*_WHOLE_BLOCKS):
        if any(child.tag in _WHOLE_BLOCKS for child in el.iterdescendants()):
            continue  # the innermost block carries the text
        content = _squash(el.text_content())
        if content:
            blocks.append(content)
    return "\n\n".join(blocks)


@cache
def _config():
    from trafilatura.settings import use_config

    config = use_config()
    # A short article is still an article: below this size trafilatura would replace its
    # extraction by a crude one that breaks sentences at every <b> or <a>.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    return config


def _article(html: str) -> Page:
    import trafilatura

    _parse(html)  # unreadable HTML is named as such, not as "no article"
    found = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_formatting=True,
        config=_config(),
        # The date the page was first published; no guessing from stray numbers.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = getattr(found, "body", None)
    blocks = []
    if body is not None:
        for el in body.iter(*_ARTICLE_BLOCKS):
            if any(child.tag in _ARTICLE_BLOCKS for child in el.iterdescendants()):
                continue
            for lb in el.iter("lb"):
                lb.tail = "\n" + (lb.tail or "")
            content = "\n".join(_squash(line) for line in "".join(el.itertext()).split("\n"))
            if content.strip():
                blocks.append(content.strip())
    if not blocks:
        raise PageError(
            "no article text found in the page (only menus, links or footers?); "
            "--html whole translates every block of it"
        )
    title = _squash(found.title or "")
    if title and _squash(blocks[0]) != title:
        blocks.insert(0, title)
    return Page("\n\n".join(blocks), title, found.date or "")
