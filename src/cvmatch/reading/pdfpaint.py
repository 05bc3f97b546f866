"""Whether a PDF page's drawing can hide any text at all, judged from its content bytes.

Checking each glyph for hidden text (:mod:`cvmatch.reading.pdfhidden`) costs about three
pdfium calls a character, as much as reading the page. Most pages cannot hide text by
render mode or colour: they never set a text render mode other than 0, never set a fill
colour near white, never draw with a fill alpha near 0. :func:`may_hide_text` tells those
pages from the rest by scanning the decompressed content streams the page-cost check
(:mod:`cvmatch.reading.bounds`) reads anyway, with a few regular expressions, so that the
glyph-by-glyph styles are looked up only where they could matter. The glyph-size and
off-page tests use the character boxes alone and run on every page.

The scan errs one way only: whatever it cannot interpret (a colour space other than the
device, calibrated or ICC ones, a pattern, a colour operator with an unexpected number of
operands, an operator split across streams) counts as "may hide", and the page gets the
full check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from cvmatch.reading.hidden import MIN_CONTRAST

__all__ = ["LIGHT_CONTRAST", "SAFE_SPACES", "may_hide_text"]

#: Colour spaces whose operands are plain gray, RGB or CMYK values (by their count).
SAFE_SPACES = frozenset(
    {"DeviceGray", "DeviceRGB", "DeviceCMYK", "CalGray", "CalRGB", "ICCBased", "G", "RGB", "CMYK"}
)
#: A fill colour whose contrast with white is under this may be "light" to the glyph
#: check (which uses :data:`~cvmatch.reading.hidden.MIN_CONTRAST`); the margin covers
#: pdfium's own colour conversions (ICC profiles, CMYK tables).
LIGHT_CONTRAST = 2 * MIN_CONTRAST
#: Fill alphas under this may paint nothing (the glyph check drops alpha 0 of 255).
MIN_ALPHA = 0.01

_D = rb"\s/\[\]()<>{}%"  # PDF white space and delimiters
#: An operand list read backwards (the stream is searched reversed, so that each pattern
#: starts with its operator's literal, which is fast; a look-behind at every position of
#: a 100 KB stream is not): numbers and names, back to the previous operator. These
#: operators take operands, so white space comes before them: "(rg)" is not one.
_BACK_OPERANDS = rb"((?:\s+(?:[-+.\d]+(?![^" + _D + rb"])|[^" + _D + rb"]*/))*)"
_OPERATORS = {
    name: re.compile(b"%s(?<=[%s]%s)(?=\\s)%s" % (back, _D, back, _BACK_OPERANDS))
    for name in (b"Tr", b"cs", b"g", b"rg", b"k", b"sc", b"scn")
    for back in (re.escape(name[::-1]),)
}
#: Operands each fill operator takes (``sc``/``scn``: one per component of the space).
_OPERANDS = {b"g": (1,), b"rg": (3,), b"k": (4,), b"sc": (1, 3, 4), b"scn": (1, 3, 4)}


def _operands(backwards: bytes, name: bytes) -> set[tuple[bytes, ...]]:
    """The distinct operand lists of the ``name`` operators of a stream given reversed
    (padded with a space each side)."""
    return {
        tuple(token[::-1] for token in reversed(found.split()))
        for found in set(_OPERATORS[name].findall(backwards))
    }


def _luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG relative luminance of an RGB colour in 0-1."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _light(values: list[float]) -> bool:
    """Whether a gray, RGB or CMYK colour (by the number of values) may read as white."""
    values = [min(max(v, 0.0), 1.0) for v in values]
    if len(values) == 1:
        rgb = (values[0],) * 3
    elif len(values) == 3:
        rgb = (values[0], values[1], values[2])
    else:
        c, m, y, k = values
        rgb = (1 - min(1.0, c + k), 1 - min(1.0, m + k), 1 - min(1.0, y + k))
    return 1.05 / (_luminance(rgb) + 0.05) < LIGHT_CONTRAST  # contrast with white


def _fills_may_hide(data: bytes) -> bool:
    """Whether any fill colour set in ``data`` (reversed) is light or cannot be read."""
    fills = {(name, values) for name in _OPERANDS for values in _operands(data, name)}
    for name, values in fills:
        if len(values) not in _OPERANDS[name]:
            return True
        try:
            if _light([float(value) for value in values]):
                return True
        except ValueError:  # a name (a pattern) or something else: not a plain colour
            return True
    return False


def _spaces_may_hide(data: bytes, spaces: Mapping[str, str]) -> bool:
    """Whether ``data`` (reversed) selects a colour space other than gray, RGB or CMYK."""
    for operands in _operands(data, b"cs"):
        if len(operands) != 1 or not operands[0].startswith(b"/"):
            return True
        name = operands[0][1:].decode("latin-1")
        if name not in SAFE_SPACES and spaces.get(name) not in SAFE_SPACES:
            return True
    return False


def may_hide_text(data: bytes, spaces: Mapping[str, str], min_alpha: float) -> bool:
    """Whether the content stream ``data`` could draw text a reader cannot see by its
    render mode or colour (see the module docstring); ``spaces`` maps the colour-space
    names of its resources to their families, ``min_alpha`` is the lowest fill alpha
    (``/ca``) its graphics states set."""
    if min_alpha < MIN_ALPHA:
        return True
    backwards = b" " + data[::-1] + b" "
    if _operands(backwards, b"Tr") - {(b"0",)}:
        return True
    return _spaces_may_hide(backwards, spaces) or _fills_may_hide(backwards)
