"""Which characters of a PDF page a reader cannot see (pdfium backend).

A character is hidden when its text object paints nothing (render mode 3, or 7: clip
only; or a fill that is fully transparent), when its box lies wholly outside the crop
box, when it is too small to read (loose box under :data:`MIN_GLYPH_SIZE` points both
ways), or when its colour cannot be told from what lies under it. The last test is the
only one that needs the page's drawing: it runs only for characters whose colour is
close to white (so black text costs nothing), and compares them with the topmost filled
shape drawn before them under the glyph's centre (white paper when there is none).
White text on a dark sidebar, as resume templates draw it, stays; text over an image or
a shading is kept, since its colour there is unknown. Not detected: text on a dark fill
in the same dark colour, and text that a later shape covers.

Mode and colour belong to text objects, which resume builders make one per glyph, so the
cost is a few pdfium calls a character through address-typed ``ctypes`` prototypes; they
are made only on pages whose content can hide text that way at all
(:mod:`cvmatch.reading.pdfpaint`), most pages need none.
"""

from __future__ import annotations

import ctypes
from itertools import repeat
from typing import TYPE_CHECKING

from cvmatch.reading.hidden import (
    BACKGROUND_COLOUR,
    INVISIBLE_MODE,
    MIN_CONTRAST,
    OFF_PAGE,
    TINY_FONT,
)

if TYPE_CHECKING:
    import numpy as np

    from cvmatch.reading.hidden import HiddenText

__all__ = ["MIN_GLYPH_SIZE", "glyph_reasons", "hidden_glyphs"]

#: Text render modes that paint nothing: 3 (invisible) and 7 (add to clip path only).
_INVISIBLE_MODES = (3, 7)
#: Text render modes that only stroke the outline (their colour is the stroke colour).
_STROKE_MODES = (1, 5)
#: A glyph whose loose box is smaller than this (points) in both directions is unreadable.
MIN_GLYPH_SIZE = 1.0
#: Most page objects walked when looking for backgrounds (a bound on forms drawn many times).
MAX_OBJECTS = 500_000
_TYPE_PATH, _TYPE_FORM = 2, 5
_VOID = ctypes.c_void_p
_FUNCTIONS: dict[str, object] = {}


def _fn(name: str, restype: object, *argtypes: object):  # type: ignore[no-untyped-def]
    """A pdfium function typed to take plain addresses (much faster than the wrappers)."""
    if name not in _FUNCTIONS:
        import pypdfium2.raw as raw

        proto = ctypes.CFUNCTYPE(restype, *argtypes)
        _FUNCTIONS[name] = proto(ctypes.cast(getattr(raw, name), _VOID).value)
    return _FUNCTIONS[name]


def _object_styles(textpage: int, count: int):  # type: ignore[no-untyped-def]
    """Per character: its text object's address, render mode and RGBA of what it paints
    (generated spaces and line breaks have no object: address 0, mode -1, opaque black).

    The calls go through ``map`` over address ranges, so no Python loop runs per glyph.
    """
    import numpy as np

    get_object = _fn("FPDFText_GetTextObject", ctypes.c_size_t, _VOID, ctypes.c_int)
    objects = np.fromiter(map(get_object, repeat(textpage, count), range(count)), np.uint64, count)
    handles, inverse = np.unique(objects, return_inverse=True)
    real = handles[1:] if len(handles) and handles[0] == 0 else handles
    offset = len(handles) - len(real)
    modes = np.full(len(handles), -1, dtype=np.int32)
    colours = (ctypes.c_uint * (4 * len(handles)))()
    base = ctypes.addressof(colours) + 16 * offset
    listed = real.tolist()
    get_mode = _fn("FPDFTextObj_GetTextRenderMode", ctypes.c_int, _VOID)
    modes[offset:] = np.fromiter(map(get_mode, listed), np.int32, len(listed))
    slots = [range(base + 4 * k, base + 16 * len(listed), 16) for k in range(4)]
    list(map(_fn("FPDFPageObj_GetFillColor", ctypes.c_int, *[_VOID] * 5), listed, *slots))
    get_stroke = _fn("FPDFPageObj_GetStrokeColor", ctypes.c_int, *[_VOID] * 5)
    for index in np.flatnonzero(np.isin(modes[offset:], _STROKE_MODES)).tolist():
        at = base + 16 * index  # outline only: what it paints is the stroke colour
        get_stroke(listed[index], at, at + 4, at + 8, at + 12)
    rgba = np.frombuffer(colours, dtype=np.uint32).reshape(-1, 4).astype(np.float32)
    rgba[:offset, 3] = 255.0
    return objects, modes[inverse], rgba[inverse]


def _luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG relative luminance of ``(..., 3)`` colours in 0-255."""
    import numpy as np

    c = rgb / 255.0
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722], dtype=np.float32)


def _contrast(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """WCAG contrast ratio between colours ``a`` and ``b`` (1 = the same, 21 = black/white)."""
    import numpy as np

    la, lb = _luminance(a), _luminance(b)
    return (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)


class _Backgrounds:
    """The filled shapes of a page in drawing order, forms included, in page space."""

    def __init__(self, page: int) -> None:
        self.order: dict[int, int] = {}  # object address -> drawing order
        self.fills: list[tuple[int, float, float, float, float, tuple[float, ...] | None]] = []
        self.walked = 0
        count = _fn("FPDFPage_CountObjects", ctypes.c_int, _VOID)(page)
        get = _fn("FPDFPage_GetObject", _VOID, _VOID, ctypes.c_int)
        self._walk([get(page, i) for i in range(count)], (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0)

    def _walk(self, objects: list[int | None], matrix: tuple[float, ...], depth: int) -> None:
        get_type = _fn("FPDFPageObj_GetType", ctypes.c_int, _VOID)
        for handle in objects:
            if not handle or self.walked >= MAX_OBJECTS:
                continue
            self.walked += 1
            self.order[handle] = order = self.walked
            kind = get_type(handle)
            if kind == _TYPE_FORM and depth < 32:
                self._walk_form(handle, matrix, depth)
            elif kind == _TYPE_PATH:
                colour = self._path_fill(handle)
                if colour is not None:
                    self.fills.append((order, *self._bounds(handle, matrix), colour))
            elif kind in (3, 4):  # an image or a shading: colour unknown
                self.fills.append((order, *self._bounds(handle, matrix), None))

    def _walk_form(self, handle: int, matrix: tuple[float, ...], depth: int) -> None:
        import pypdfium2.raw as raw

        form = raw.FS_MATRIX()
        _fn("FPDFPageObj_GetMatrix", ctypes.c_int, _VOID, _VOID)(handle, ctypes.addressof(form))
        inner = _compose((form.a, form.b, form.c, form.d, form.e, form.f), matrix)
        count = _fn("FPDFFormObj_CountObjects", ctypes.c_int, _VOID)(handle)
        get = _fn("FPDFFormObj_GetObject", _VOID, _VOID, ctypes.c_ulong)
        self._walk([get(handle, i) for i in range(max(count, 0))], inner, depth + 1)

    @staticmethod
    def _path_fill(handle: int) -> tuple[float, ...] | None:
        """The colour a filled path paints over white paper; ``None`` if it fills nothing."""
        fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
        draw = _fn("FPDFPath_GetDrawMode", ctypes.c_int, _VOID, _VOID, _VOID)
        if not draw(handle, ctypes.addressof(fill_mode), ctypes.addressof(stroke)):
            return None
        rgba = (ctypes.c_uint * 4)()
        at = ctypes.addressof(rgba)
        get_fill = _fn("FPDFPageObj_GetFillColor", ctypes.c_int, _VOID, _VOID, _VOID, _VOID, _VOID)
        if not fill_mode.value or not get_fill(handle, at, at + 4, at + 8, at + 12):
            return None
        alpha = rgba[3] / 255.0
        return tuple(alpha * rgba[i] + (1.0 - alpha) * 255.0 for i in range(3))

    @staticmethod
    def _bounds(handle: int, matrix: tuple[float, ...]) -> tuple[float, float, float, float]:
        box = (ctypes.c_float * 4)()
        at = ctypes.addressof(box)
        get = _fn("FPDFPageObj_GetBounds", ctypes.c_int, _VOID, _VOID, _VOID, _VOID, _VOID)
        if not get(handle, at, at + 4, at + 8, at + 12):
            return (0.0, 0.0, 0.0, 0.0)
        left, bottom, right, top = box
        a, b, c, d, e, f = matrix
        xs = [a * x + c * y + e for x in (left, right) for y in (bottom, top)]
        ys = [b * x + d * y + f for x in (left, right) for y in (bottom, top)]
        return min(xs), min(ys), max(xs), max(ys)

    def under(self, handle: int, x: float, y: float) -> tuple[float, ...] | None:
        """The colour under point ``(x, y)`` before object ``handle`` was drawn (white
        paper when nothing is); ``None`` when that is an image or shading."""
        order = self.order.get(handle, MAX_OBJECTS + 1)
        colour: tuple[float, ...] | None = (255.0, 255.0, 255.0)
        top = 0
        for drawn, left, bottom, right, upper, fill in self.fills:
            if top < drawn < order and left <= x <= right and bottom <= y <= upper:
                top, colour = drawn, fill
        return colour


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The PDF matrix that applies ``inner`` and then ``outer``."""
    a, b, c, d, e, f = inner
    p, q, r, s, t, u = outer
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def _unseen_colour(
    page: int, objects: np.ndarray, rgba: np.ndarray, box: np.ndarray, light: np.ndarray
) -> np.ndarray:
    """Which of the ``light`` characters have the colour of what lies under them."""
    import numpy as np

    backgrounds = _Backgrounds(page)
    out = np.zeros(len(light), dtype=bool)
    for index in np.flatnonzero(light).tolist():
        left, top, right, bottom = box[index].tolist()
        under = backgrounds.under(int(objects[index]), (left + right) / 2, (top + bottom) / 2)
        if under is not None:
            out[index] = (
                _contrast(rgba[index, :3], np.array(under, dtype=np.float32)) < MIN_CONTRAST
            )
    return out


def _with_gaps(blank: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """``hidden`` plus the spaces and line breaks inside a hidden run, and those after a
    run that had its own before it (so a hidden line leaves no empty line)."""
    import numpy as np

    drop = hidden.copy()
    marks = np.flatnonzero(~blank).tolist()
    start = None  # where the current hidden run's gap before it began
    for k, at in enumerate(marks):
        if not hidden[at]:
            start = None
            continue
        before = marks[k - 1] + 1 if k else 0
        if start is None:
            start = before if (at > before or k == 0) else -1
        following = marks[k + 1] if k + 1 < len(marks) else len(blank)
        if k + 1 < len(marks) and hidden[following]:
            drop[at + 1 : following] = True  # inside the run
        elif start >= 0:
            drop[at + 1 : following] = True  # after the run: the gap before it stays
    return drop


def glyph_reasons(
    page: object, textpage: object, codes: np.ndarray, box: np.ndarray, styles: bool = True
) -> list[tuple[str, np.ndarray]]:
    """For each reason, which characters of a page it hides (each character under one
    reason at most, blanks under none). ``box`` holds loose boxes (left, top, right,
    bottom) in page space, one a character, as ``codes`` holds their code points.
    ``styles=False``: the page's drawing cannot hide text by render mode or colour
    (:mod:`cvmatch.reading.pdfpaint`), so only sizes and positions are checked."""
    import numpy as np

    handle = ctypes.cast(textpage.raw, _VOID).value  # type: ignore[attr-defined]
    if styles:
        objects, modes, rgba = _object_styles(handle, len(codes))
        invisible = np.isin(modes, _INVISIBLE_MODES) | (rgba[:, 3] == 0)
    else:  # every glyph in render mode 0, opaque black: none invisible, none light
        invisible = np.zeros(len(codes), dtype=bool)
    left, top, right, bottom = box[:, 0], box[:, 1], box[:, 2], box[:, 3]
    # the media box cut by the crop box, inherited from the page tree as pdfium reads it
    crop_left, crop_bottom, crop_right, crop_top = page.get_bbox()  # type: ignore[attr-defined]
    outside = (right <= crop_left) | (left >= crop_right) | (top <= crop_bottom)
    reasons = [
        (INVISIBLE_MODE, invisible),
        (OFF_PAGE, outside | (bottom >= crop_top)),
        (TINY_FONT, (top - bottom < MIN_GLYPH_SIZE) & (right - left < MIN_GLYPH_SIZE)),
    ]
    seen = (codes <= 32) | (codes == 0xA0)
    for _reason, mask in reasons:
        mask &= ~seen
        seen |= mask
    if not styles:
        return reasons
    white = np.full((1, 3), 255.0, dtype=np.float32)
    light = ~seen & (_contrast(rgba[:, :3], white) < MIN_CONTRAST)
    if light.any():
        page_handle = ctypes.cast(page.raw, _VOID).value  # type: ignore[attr-defined]
        reasons.append((BACKGROUND_COLOUR, _unseen_colour(page_handle, objects, rgba, box, light)))
    return reasons


def hidden_glyphs(
    page: object,
    textpage: object,
    codes: np.ndarray,
    box: np.ndarray,
    hidden: HiddenText,
    styles: bool = True,
) -> np.ndarray | None:
    """The characters of a page to keep (``None``: all of them), counting the non-blank
    ones left out in ``hidden`` by reason (see :func:`glyph_reasons`)."""
    import numpy as np

    dropped = np.zeros(len(codes), dtype=bool)
    for reason, mask in glyph_reasons(page, textpage, codes, box, styles):
        hidden.add(reason, int(mask.sum()))
        dropped |= mask
    if not dropped.any():
        return None
    blank = (codes <= 32) | (codes == 0xA0)
    return ~_with_gaps(blank, dropped)
