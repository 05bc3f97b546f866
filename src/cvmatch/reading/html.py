"""HTML to text with a real parser (BeautifulSoup over lxml, or html.parser).

Scripts, styles, navigation, forms and other page furniture are dropped; block
elements become lines, list items become "- " lines, table cells are joined with
" | ", and inline elements stay inside their line ("<b>Zendesk</b> skills").
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

    from cvmatch.reading.hidden import HiddenText
    from cvmatch.reading.limits import Deadline

__all__ = ["read_html"]

_DROP = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "iframe",
    "form",
    "button",
    "select",
    "object",
    "embed",
    "canvas",
    "head",
    "meta",
    "link",
)
_DROP_ROLES = ("navigation", "banner", "search", "contentinfo")
_BLOCK = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
        "caption",
        "center",
    }
)


def _parser() -> str:
    try:
        import lxml  # noqa: F401

        return "lxml"
    except ImportError:  # pragma: no cover - lxml comes with python-docx
        return "html.parser"


def _parse(data: bytes | str) -> BeautifulSoup:
    """The parsed page (lxml, or html.parser when lxml refuses the bytes)."""
    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():  # XHTML: bs4 warns that it parses XML as HTML
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", UnicodeWarning)  # "some characters could not be decoded"
        try:
            return BeautifulSoup(data, _parser())
        except ValueError:  # lxml refuses an encoding name with control bytes (damaged <meta>)
            return BeautifulSoup(data, "html.parser")


def _drop_furniture(soup: BeautifulSoup) -> None:
    """Remove scripts, styles, navigation and the site's header and footer (hidden
    elements go later, counted: :mod:`cvmatch.reading.htmlhidden`)."""
    for tag in soup(list(_DROP)):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": list(_DROP_ROLES)}):
        if tag.name not in ("main", "article"):
            tag.decompose()
    # Site header/footer outside the main content are page chrome.
    if soup.find(["main", "article"]) is not None:
        for tag in soup.find_all(["header", "footer"]):
            if tag.find_parent(["main", "article"]) is None:
                tag.decompose()


class _Lines:
    """The text being written: block elements on their own lines, inline text glued."""

    def __init__(self) -> None:
        self.out: list[str] = []

    def newline(self) -> None:
        """End the current line, unless it is already ended."""
        if self.out and not self.out[-1].endswith("\n"):
            self.out.append("\n")

    def string(self, raw: str) -> None:
        """Write a text node, its whitespace collapsed, keeping a space at its edges."""
        text = " ".join(raw.split())
        if not text:
            return
        out = self.out
        glued = out and out[-1].endswith(("\n", " ", "| ", "- "))
        if out and not glued and raw[:1].isspace():
            out.append(" ")
        out.append(text)
        if raw[-1:].isspace():
            out.append(" ")

    def open(self, name: str) -> bool:
        """Start element ``name``; whether its children and its closing follow."""
        if name == "br":
            self.out.append("\n")
            return False
        if name in _BLOCK:
            self.newline()
        elif name == "li":
            self.newline()
            self.out.append("- ")
        elif name in ("td", "th") and self.out and not self.out[-1].endswith("\n"):
            self.out.append(" | ")
        return True

    def close(self, name: str) -> None:
        """End element ``name``: a block or list item ends its line."""
        if name in _BLOCK or name == "li":
            self.newline()

    def text(self) -> str:
        """Everything written so far."""
        return "".join(self.out)


def _walk(soup: BeautifulSoup, deadline: Deadline) -> str:
    """The text of the tree, walked without recursion (deep nesting is no problem)."""
    from bs4 import NavigableString, Tag
    from bs4.element import PreformattedString

    lines = _Lines()
    stack: list[tuple[object, bool]] = [(soup, False)]  # (node, closing?)
    steps = 0
    while stack:
        node, closing = stack.pop()
        steps += 1
        if steps % 2000 == 0:
            deadline.check()
        if isinstance(node, PreformattedString):
            # markup, not text, whichever parser read the page: the doctype, comments,
            # processing instructions (<?xml ...?>, <?php ...?>), CDATA and declarations
            # (lxml makes <?...?> and <![CDATA[...]]> comments; html.parser keeps their
            # classes). Written out, <!DOCTYPE html> became the line "html", then the title.
            continue
        if isinstance(node, NavigableString):
            lines.string(str(node))
        elif not isinstance(node, Tag):
            continue
        elif closing:
            lines.close(node.name)
        elif lines.open(node.name):
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(list(node.children)))
    return lines.text()


def read_html(
    data: bytes | str, name: str, *, deadline: Deadline, hidden: HiddenText | None = None
) -> str:
    """Readable text of an HTML page, one block per line; text nobody can see is left
    out and counted in ``hidden``."""
    from cvmatch.reading.htmlhidden import drop_hidden, style_rules

    soup = _parse(data)
    deadline.check()
    rules = style_rules(soup, deadline)  # before the <style> elements go with the furniture
    deadline.check()
    _drop_furniture(soup)
    drop_hidden(soup, rules, hidden)
    deadline.check()
    return _walk(soup, deadline)
