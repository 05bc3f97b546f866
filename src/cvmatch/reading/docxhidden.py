"""Which runs of a DOCX paragraph a reader cannot see.

A run is hidden when Word's hidden-text format is on (``w:vanish``), when its font is
under :data:`MIN_HALF_POINTS` half-points, or when its colour cannot be told from the
shading under it (the run's own shading or highlight, else the paragraph's, else the
table cell's, else the page background, else white paper). Each property is resolved
as Word does: document defaults, then the paragraph style and the character style
(each with the styles it is based on), then the run's own formatting. ``auto`` colour
is always visible (Word picks black or white against the background).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cvmatch.reading.hidden import (
    BACKGROUND_COLOUR,
    MARKED_HIDDEN,
    MIN_CONTRAST,
    TINY_FONT,
    contrast_ratio,
)

if TYPE_CHECKING:
    from cvmatch.reading.hidden import HiddenText

__all__ = ["MIN_HALF_POINTS", "VisibleRuns"]

#: Font size (half-points, as ``w:sz`` counts) under which text is unreadable: 2 pt.
MIN_HALF_POINTS = 4
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OFF = ("0", "false", "off", "none")
_NAMED = {  # highlight colours Word offers (ST_HighlightColor)
    "black": "000000",
    "blue": "0000FF",
    "cyan": "00FFFF",
    "green": "00FF00",
    "magenta": "FF00FF",
    "red": "FF0000",
    "yellow": "FFFF00",
    "white": "FFFFFF",
    "darkBlue": "000080",
    "darkCyan": "008080",
    "darkGreen": "008000",
    "darkMagenta": "800080",
    "darkRed": "800000",
    "darkYellow": "808000",
    "darkGray": "808080",
    "lightGray": "C0C0C0",
}


def _rgb(value: str | None) -> tuple[int, int, int] | None:
    """``"1F3864"`` as RGB; ``None`` for ``auto``, a missing or a malformed value."""
    value = _NAMED.get(value or "", value)
    if not value or len(value) != 6:
        return None
    try:
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
    except ValueError:
        return None


def _shading(properties: Any) -> tuple[int, int, int] | None:
    """The fill colour of a ``w:shd`` among ``properties`` (``w:pPr``, ``w:tcPr``...)."""
    if properties is None:
        return None
    shd = properties.find(f"{_W}shd")
    return _rgb(shd.get(f"{_W}fill")) if shd is not None else None


class VisibleRuns:
    """The visible text of paragraphs, counting what is left out in ``hidden``."""

    def __init__(self, document: Any, hidden: HiddenText | None) -> None:
        self.hidden = hidden
        self.styles: dict[str, Any] = {}
        self.defaults: Any = None
        styles = document.styles.element
        for style in styles.iterchildren(f"{_W}style"):
            self.styles[style.get(f"{_W}styleId") or ""] = style
        self.defaults = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        background = document.element.find(f"{_W}background")
        self.page = _rgb(background.get(f"{_W}color")) if background is not None else None
        self.cache: dict[str | None, list[Any]] = {}

    def _chain(self, style_id: str | None) -> list[Any]:
        """Run properties of a style and the styles it is based on, base first."""
        key = style_id
        if key not in self.cache:
            chain: list[Any] = []
            seen: set[str] = set()
            while style_id and style_id in self.styles and style_id not in seen:
                seen.add(style_id)
                style = self.styles[style_id]
                chain.insert(0, style.find(f"{_W}rPr"))
                based = style.find(f"{_W}basedOn")
                style_id = based.get(f"{_W}val") if based is not None else None
            self.cache[key] = chain
        return self.cache[key]

    def _layers(self, p: Any, run: Any) -> list[Any]:
        """The run property layers that apply to ``run``, weakest first."""
        p_style = p.find(f"{_W}pPr/{_W}pStyle")
        r_pr = run.find(f"{_W}rPr")
        r_style = r_pr.find(f"{_W}rStyle") if r_pr is not None else None
        return [
            self.defaults,
            *self._chain(p_style.get(f"{_W}val") if p_style is not None else None),
            *self._chain(r_style.get(f"{_W}val") if r_style is not None else None),
            r_pr,
        ]

    def _background(self, p: Any, layers: list[Any]) -> tuple[int, int, int]:
        """What lies under a run: its shading or highlight, the paragraph's, the cell's,
        the page's, else white."""
        for layer in reversed(layers):
            if layer is None:
                continue
            mark = layer.find(f"{_W}highlight")
            colour = _rgb(mark.get(f"{_W}val")) if mark is not None else None
            if colour := colour or _shading(layer):
                return colour
        if colour := _shading(p.find(f"{_W}pPr")):
            return colour
        cell = next(p.iterancestors(f"{_W}tc"), None)
        if cell is not None and (colour := _shading(cell.find(f"{_W}tcPr"))):
            return colour
        return self.page or (255, 255, 255)

    def _reason(self, p: Any, run: Any) -> str | None:
        """Why ``run`` cannot be seen, or ``None``."""
        layers = self._layers(p, run)
        found: dict[str, Any] = {}
        for layer in layers:
            for tag in ("vanish", "sz", "color"):
                element = layer.find(f"{_W}{tag}") if layer is not None else None
                if element is not None:
                    found[tag] = element
        vanish = found.get("vanish")
        if vanish is not None and (vanish.get(f"{_W}val") or "true").lower() not in _OFF:
            return MARKED_HIDDEN
        size = found["sz"].get(f"{_W}val") or "" if "sz" in found else ""
        if size.isdigit() and int(size) < MIN_HALF_POINTS:
            return TINY_FONT
        colour = _rgb(found["color"].get(f"{_W}val")) if "color" in found else None
        if colour and contrast_ratio(colour, self._background(p, layers)) < MIN_CONTRAST:
            return BACKGROUND_COLOUR
        return None

    def text(self, p: Any) -> str:
        """The text of paragraph ``p`` (as python-docx gives it) without hidden runs."""
        parts: list[str] = []
        for child in p.xpath("w:r | w:hyperlink"):
            for run in [child] if child.tag == f"{_W}r" else child.xpath("w:r"):
                text = run.text
                reason = self._reason(p, run) if text.strip() else None
                if reason is None:
                    parts.append(text)
                elif self.hidden is not None:
                    self.hidden.add_text(reason, text)
        return "".join(parts)
