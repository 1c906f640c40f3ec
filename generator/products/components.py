"""Pieces shared by products: the principle number badge, the colour stripe, the footer."""

from __future__ import annotations

from generator.fonts import ASCENT, CAP_HEIGHT, Fonts
from generator.layout.text import set_lines
from generator.plan import ARTIFACT, Item, Role, Shape
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
