"""Which text of an HTML page a reader cannot see, removed from the tree and counted.

Hidden: elements with the ``hidden`` attribute; elements whose style (inline, or a
``<style>`` rule matched with soupsieve) says ``display:none`` or ``opacity:0``; text
under ``visibility:hidden``/``collapse`` or ``font-size:0`` (both inherited, and undone
by a descendant that sets them back, as CSS does); text whose colour (``color``, or
``<font color>``) cannot be told from the nearest background colour set on it or an
ancestor (white paper when none is; a background image makes it unknown, so it stays).
``aria-hidden`` hides from screen readers, not from the eye, so it stays. Simplified:
``<style>`` rules are taken in document order without specificity, only for the
properties above, and an inline declaration wins over a rule unless the rule is
``!important``; ``@media`` and other at-rules are skipped.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cvmatch.reading.hidden import (
    BACKGROUND_COLOUR,
    CSS_HIDDEN,
    MARKED_HIDDEN,
    MIN_CONTRAST,
    TINY_FONT,
    contrast_ratio,
)

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

    from cvmatch.reading.hidden import HiddenText
    from cvmatch.reading.limits import Deadline

__all__ = ["MAX_MATCHES", "MAX_SELECTORS", "drop_hidden", "style_rules"]

#: Most ``<style>`` selectors matched against a page (each one walks the tree).
MAX_SELECTORS = 2000
#: Most element visits spent matching complex selectors (selectors times elements;
#: soupsieve takes a few microseconds a visit).
MAX_MATCHES = 100_000
_PROPERTIES = ("display", "visibility", "opacity", "font-size", "color", "background-color")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_BRACE = re.compile(r"[{}]")
_SIMPLE = re.compile(r"^([a-z][a-z0-9-]*)?((?:[.#][\w-]+)*)$", re.IGNORECASE)
_PART = re.compile(r"[.#][\w-]+")
_ZERO = re.compile(r"^[+-]?0*\.?0+(?:[a-z%]+)?$")
_HEX = re.compile(r"^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$")
_FUNCTION = re.compile(r"^rgba?\(([^)]*)\)$")
_NAMED = {"white": (255, 255, 255, 1.0), "black": (0, 0, 0, 1.0), "transparent": (0, 0, 0, 0.0)}

Colour = tuple[float, float, float, float] | str


def _declarations(text: str) -> dict[str, tuple[str, bool]]:
    """``prop: value [!important]; ...`` as ``{prop: (value, important)}``, lower-cased."""
    out: dict[str, tuple[str, bool]] = {}
    for part in text.split(";"):
        name, colon, value = part.partition(":")
        name, value = name.strip().lower(), " ".join(value.lower().split())
        if not colon or not value:
            continue
        important = value.endswith("!important")
        value = value.removesuffix("!important").strip()
        if name == "background" and "url(" in value:
            value, name = "url", "background-color"
        elif name == "background":
            name, value = "background-color", value.split()[0]
        if name in _PROPERTIES:
            out[name] = (value, important)
    return out


def _blocks(css: str) -> list[tuple[str, str]]:
    """The ``(selector, declarations)`` of top-level rules; at-rules are skipped whole."""
    css = _COMMENT.sub(" ", css)
    out, depth, start, prelude = [], 0, 0, ""
    for brace in _BRACE.finditer(css):
        if brace.group() == "{":
            if depth == 0:
                prelude, start = css[start : brace.start()].strip(), brace.end()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                if not prelude.startswith("@") and "{" not in css[start : brace.start()]:
                    out.append((prelude, css[start : brace.start()]))
                start = brace.end()
    return out


def _hides(declarations: dict[str, tuple[str, bool]]) -> bool:
    """Whether a rule can hide text (the only rules worth matching against the page)."""
    value = {name: v for name, (v, _) in declarations.items()}
    return (
        value.get("display") == "none"
        or value.get("visibility") in ("hidden", "collapse")
        or bool(_ZERO.match(value.get("opacity", "1")))
        or bool(_ZERO.match(value.get("font-size", "1")))
        or ("color" in value and value.get("color") == value.get("background-color"))
    )


class _Index:
    """The page's elements by tag name, class and id, built in one walk, so that simple
    selectors (``p``, ``.sr-only``, ``div#x.y``) cost no walk of their own."""

    def __init__(self, soup: BeautifulSoup) -> None:
        self.tags: list[Any] = soup.find_all(True)
        self.keys: dict[str, list[Any]] = {}
        for tag in self.tags:
            keys = [tag.name, *("." + c for c in tag.get_attribute_list("class") if c)]
            if tag.get("id"):
                keys.append("#" + str(tag.get("id")))
            for key in keys:
                self.keys.setdefault(key.lower(), []).append(tag)

    def simple(self, selector: str) -> list[Any] | None:
        """The elements a simple selector matches; ``None`` if it is not simple."""
        match = _SIMPLE.match(selector)
        if not match:
            return None
        keys = ([match.group(1).lower()] if match.group(1) else []) + [
            part.lower() for part in _PART.findall(match.group(2) or "")
        ]
        if not keys:
            return None
        found = {id(tag): tag for tag in self.keys.get(keys[0], [])}
        for key in keys[1:]:
            also = {id(tag) for tag in self.keys.get(key, [])}
            found = {i: tag for i, tag in found.items() if i in also}
        return list(found.values())


def style_rules(
    soup: BeautifulSoup, deadline: Deadline | None = None
) -> dict[int, dict[str, tuple[str, bool]]]:
    """Declarations of the page's ``<style>`` rules that can hide text, by element id.

    Simple selectors are looked up in an index; any other selector walks the tree, so
    at most :data:`MAX_SELECTORS` of those are matched, fewer on a large page
    (:data:`MAX_MATCHES` element visits in all)."""
    matched: dict[int, dict[str, tuple[str, bool]]] = {}
    styles = soup.find_all("style")
    if not styles:
        return matched
    index = _Index(soup)
    budget = min(MAX_SELECTORS, MAX_MATCHES // max(1, len(index.tags)))
    for style in styles:
        for prelude, body in _blocks(style.get_text()):
            declarations = _declarations(body)
            if not _hides(declarations):
                continue
            for selector in prelude.split(","):
                tags = index.simple(selector.strip())
                if tags is None and budget > 0 and "::" not in selector:
                    budget -= 1
                    tags = _select(soup, selector.strip(), deadline)
                for tag in tags or ():
                    matched.setdefault(id(tag), {}).update(declarations)
    return matched


def _select(soup: BeautifulSoup, selector: str, deadline: Deadline | None) -> list[Any]:
    """The elements ``selector`` matches (none if soupsieve cannot read it)."""
    if deadline is not None:
        deadline.check()
    try:
        return soup.select(selector)
    except Exception:  # a selector soupsieve cannot read matches nothing
        return []


def _colour(value: str | None) -> Colour | None:
    """A CSS colour as RGBA (alpha 0-1), a name kept as it is, or ``None``."""
    if not value:
        return None
    value = value.strip().lower()
    if value in _NAMED:
        return _NAMED[value]
    if match := _HEX.match(value):
        digits = match.group(1)
        if len(digits) <= 4:
            digits = "".join(d * 2 for d in digits)
        alpha = int(digits[6:8], 16) / 255 if len(digits) == 8 else 1.0
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16), alpha)
    if match := _FUNCTION.match(value):
        parts = [part for part in re.split(r"[\s,/]+", match.group(1)) if part]
        numbers = [_number(part) for part in parts[:3]]
        alpha = _alpha(parts[3]) if len(parts) > 3 else 1.0
        if len(numbers) < 3 or None in numbers or alpha is None:
            return None
        return (numbers[0], numbers[1], numbers[2], alpha)  # type: ignore[return-value]
    return value if value.isalpha() else None


def _number(part: str) -> float | None:
    """A colour channel in 0-255 (``50%`` is 127.5)."""
    try:
        return float(part[:-1]) * 2.55 if part.endswith("%") else float(part)
    except ValueError:
        return None


def _alpha(part: str) -> float | None:
    """An alpha value in 0-1 (``0.5`` or ``50%``)."""
    try:
        return float(part[:-1]) / 100 if part.endswith("%") else float(part)
    except ValueError:
        return None


def _unseen(colour: Colour, background: Colour) -> bool:
    if isinstance(colour, str) or isinstance(background, str):
        return colour == background
    if colour[3] == 0:
        return True
    return contrast_ratio(colour, background) < MIN_CONTRAST


class _State:
    """What an element passes on to its children."""

    __slots__ = ("background", "colour", "invisible", "zero")

    def __init__(self) -> None:
        self.invisible = self.zero = False
        self.colour: Colour | None = None
        self.background: Colour | None = (255, 255, 255, 1.0)  # None: unknown (an image)

    def child(self, tag: Any, style: dict[str, str]) -> _State:
        state = _State()
        state.invisible, state.zero = self.invisible, self.zero
        state.colour, state.background = self.colour, self.background
        if "visibility" in style:
            state.invisible = style["visibility"] in ("hidden", "collapse")
        if "font-size" in style:
            state.zero = bool(_ZERO.match(style["font-size"]))
        colour = style.get("color") or (tag.get("color") if tag.name == "font" else None)
        state.colour = _colour(colour) or state.colour
        background = style.get("background-color") or tag.get("bgcolor")
        if background == "url":
            state.background = None
        elif (parsed := _colour(background)) is not None and not (
            isinstance(parsed, tuple) and parsed[3] == 0
        ):
            state.background = parsed
        return state

    def reason(self) -> str | None:
        """Why text directly inside an element in this state cannot be seen."""
        if self.invisible:
            return CSS_HIDDEN
        if self.zero:
            return TINY_FONT
        known = self.colour is not None and self.background is not None
        return BACKGROUND_COLOUR if known and _unseen(self.colour, self.background) else None


def _style(tag: Any, rules: dict[int, dict[str, tuple[str, bool]]]) -> dict[str, str]:
    """The element's declarations that matter: rules, then its inline style on top."""
    inline = _declarations(str(tag.get("style") or ""))
    merged = dict(rules.get(id(tag), {}))
    for name, (value, important) in inline.items():
        if not merged.get(name, ("", False))[1] or important:
            merged[name] = (value, important)
    return {name: value for name, (value, _) in merged.items()}


def _is_text(node: Any, text_cls: type, markup_cls: type) -> bool:
    """Whether ``node`` is page text (not a comment or doctype) with something in it."""
    return isinstance(node, text_cls) and not isinstance(node, markup_cls) and bool(node.strip())


def _count(hidden: HiddenText | None, reason: str, text: str) -> None:
    if hidden is not None:
        hidden.add_text(reason, text)


def drop_hidden(
    soup: BeautifulSoup, rules: dict[int, dict[str, tuple[str, bool]]], hidden: HiddenText | None
) -> None:
    """Remove what a reader cannot see from ``soup`` (module docstring), counting it."""
    from bs4 import NavigableString, Tag
    from bs4.element import PreformattedString

    stack: list[tuple[Any, _State]] = [(soup, _State())]
    while stack:
        node, state = stack.pop()
        children = list(node.children)
        for child in children:
            if isinstance(child, Tag):
                style = _style(child, rules)
                if child.has_attr("hidden"):
                    _count(hidden, MARKED_HIDDEN, child.get_text())
                    child.decompose()
                elif style.get("display") == "none" or _ZERO.match(style.get("opacity", "1")):
                    _count(hidden, CSS_HIDDEN, child.get_text())
                    child.decompose()
                else:
                    stack.append((child, state.child(child, style)))
            elif _is_text(child, NavigableString, PreformattedString) and (
                reason := state.reason()
            ):
                _count(hidden, reason, str(child))
                child.extract()
