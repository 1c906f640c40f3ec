"""Pieces shared by products: the principle number badge, the colour stripe, the footer."""

from __future__ import annotations

from generator.fonts import ASCENT, CAP_HEIGHT, Fonts
from generator.layout.text import set_lines
from generator.plan import ARTIFACT, Item, Path, Role, Shape
from generator.theme import PRINCIPLE_COLOURS, TextStyle, principle_colour
from generator.units import Rect, pt_to_mm


def centred_label(fonts: Fonts, text: str, style: TextStyle, cx: float, cy: float, role: Role | str = "label") -> Item:
    """A single line of text centred on (cx, cy) by its cap height."""
    width = pt_to_mm(fonts.width(text, style.style, style.size))
    top = cy + pt_to_mm(style.size) * (CAP_HEIGHT / 2 - ASCENT)
    return set_lines(fonts, [text], style, cx - width / 2, top, width, role=role)


def number_badge(
    fonts: Fonts, number: int, cx: float, cy: float, diameter: float, style: TextStyle, role: Role = ARTIFACT
) -> list[Item]:
    """The principle's number on a disc of its colour: the number carries the meaning in greyscale.

    role is the number's: part of a heading, or an artifact where the number is read elsewhere."""
    disc = Shape(
        Rect(cx - diameter / 2, cy - diameter / 2, diameter, diameter), fill=principle_colour(number), kind="circle"
    )
    return [disc, centred_label(fonts, str(number), style, cx, cy, role)]


def colour_stripe(rect: Rect, bleed: bool = False) -> list[Item]:
    """Five equal bands in the principle colours, side by side: equal weight for each."""
    w = rect.w / len(PRINCIPLE_COLOURS)
    return [
        Shape(Rect(rect.x + i * w, rect.y, w, rect.h), fill=c, bleed=bleed)
        for i, c in enumerate(PRINCIPLE_COLOURS.values())
    ]


# Each principle's marker has its own shape as well as its colour and number, so the five stay
# apart in greyscale, where their colours are one grey: circle, square, diamond, hexagon, shield.
MARKER_SHAPES = ("circle", "square", "diamond", "hexagon", "shield")
_MARKER_SCALE = {"circle": 1.0, "square": 0.9, "diamond": 1.2, "hexagon": 1.08, "shield": 1.06}  # equal visual weight


def _marker_ops(shape: str, cx: float, cy: float, r: float) -> tuple[tuple, ...]:
    if shape == "diamond":
        pts = [(cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)]
    elif shape == "hexagon":  # points left and right
        h = r * 0.866
        pts = [
            (cx - r, cy),
            (cx - r / 2, cy - h),
            (cx + r / 2, cy - h),
            (cx + r, cy),
            (cx + r / 2, cy + h),
            (cx - r / 2, cy + h),
        ]
    else:  # shield: flat top, pointed foot
        pts = [
            (cx - r * 0.9, cy - r * 0.85),
            (cx + r * 0.9, cy - r * 0.85),
            (cx + r * 0.9, cy + r * 0.15),
            (cx, cy + r),
            (cx - r * 0.9, cy + r * 0.15),
        ]
    return (("M", *pts[0]), *(("L", *p) for p in pts[1:]), ("Z",))


def principle_marker(
    fonts: Fonts, number: int, cx: float, cy: float, size: float, style: TextStyle, role: Role = ARTIFACT
) -> list[Item]:
    """The principle's number on its own shape in its colour: number, shape and colour all carry it."""
    shape = MARKER_SHAPES[(number - 1) % len(MARKER_SHAPES)]
    r = size / 2 * _MARKER_SCALE[shape]
    colour = principle_colour(number)
    if shape == "circle":
        mark: Item = Shape(Rect(cx - r, cy - r, 2 * r, 2 * r), fill=colour, kind="circle")
    elif shape == "square":  # a Shape: a square Path would be drawn as a QR module
        mark = Shape(Rect(cx - r, cy - r, 2 * r, 2 * r), fill=colour, radius=r * 0.15)
    else:
        mark = Path(_marker_ops(shape, cx, cy, r), fill=colour)
    ty = cy - (r * 0.12 if shape == "shield" else 0.0)  # the shield's number sits in its broad part
    return [mark, centred_label(fonts, str(number), style, cx, ty, role)]
