"""HTML to text with a real parser (BeautifulSoup over lxml, or html.parser).

Scripts, styles, navigation, forms and other page furniture are dropped; block
elements become lines, list items become "- " lines, table cells are joined with
" | ", and inline elements stay inside their line ("<b>Zendesk</b> skills").
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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


def read_html(data: bytes, name: str, *, deadline: Deadline) -> str:
    """Readable text of an HTML page, one block per line."""
    from bs4 import BeautifulSoup, Comment, NavigableString, Tag, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():  # XHTML: bs4 warns that it parses XML as HTML
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        warnings.simplefilter("ignore", UnicodeWarning)  # "some characters could not be decoded"
        try:
            soup = BeautifulSoup(data, _parser())
        except ValueError:  # lxml refuses an encoding name with control bytes (damaged <meta>)
            soup = BeautifulSoup(data, "html.parser")
    deadline.check()
    for tag in soup(list(_DROP)):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": list(_DROP_ROLES)}):
        if tag.name not in ("main", "article"):
            tag.decompose()
    for tag in soup.find_all(attrs={"hidden": True}):
        tag.decompose()
    # Site header/footer outside the main content are page chrome.
    if soup.find(["main", "article"]) is not None:
        for tag in soup.find_all(["header", "footer"]):
            if tag.find_parent(["main", "article"]) is None:
                tag.decompose()
    deadline.check()

    out: list[str] = []

    def newline() -> None:
        if out and not out[-1].endswith("\n"):
            out.append("\n")

    # Iterative walk (deep nesting must not hit the recursion limit): (node, closing?)
    stack: list[tuple[object, bool]] = [(soup, False)]
    steps = 0
    while stack:
        node, closing = stack.pop()
        steps += 1
        if steps % 2000 == 0:
            deadline.check()
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            text = " ".join(str(node).split())
            if text:
                glued = out and out[-1].endswith(("\n", " ", "| ", "- "))
                if out and not glued and str(node)[:1].isspace():
                    out.append(" ")
                out.append(text)
                if str(node)[-1:].isspace():
                    out.append(" ")
            continue
        if not isinstance(node, Tag):
            continue
        name_ = node.name
        if closing:
            if name_ in _BLOCK or name_ == "li":
                newline()
            continue
        if name_ == "br":
            out.append("\n")
            continue
        if name_ in _BLOCK:
            newline()
        elif name_ == "li":
            newline()
            out.append("- ")
        elif name_ in ("td", "th") and out and not out[-1].endswith("\n"):
            out.append(" | ")
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(list(node.children)))
    return "".join(out)
