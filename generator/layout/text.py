"""Measures and wraps text: every block is measured before it is drawn, and either fits or fails."""

from __future__ import annotations

import re

from generator.errors import FitError
from generator.fonts import ASCENT, DESCENT, Fonts
from generator.plan import Line, Role, Run, TextItem
from generator.records import frozen
from generator.theme import TextStyle
from generator.units import Rect, mm_to_pt, pt_to_mm

_SPACE = re.compile(r"[ \t\n]+")


@frozen
class Where:
    """What a block is, for the error message if it does not fit."""

    product: str
    element: str
    source: str


_ADDRESS_PIECE = re.compile(r"[^/.]+[/.]*|[/.]+")  # an address breaks only after / or ., never at a hyphen
_APOSTROPHE = re.compile(r"(?<=\w)'|'(?=\d0s)")  # don't, people's, '90s
_OPEN_SINGLE = re.compile(r"(^|(?<=[\s(\[{“—–-]))'")
_OPEN_DOUBLE = re.compile(r'(^|(?<=[\s(\[{‘—–-]))"')


def typographic(text: str) -> str:
    """Straight quotes and apostrophes as typographic ones, for printing; content keeps its own text.

    An apostrophe or closing quote is ’ (and ”); an opening one, at the start or after a space or
    bracket, is ‘ (and “). Text without straight quotes is returned as it is."""
    if "'" not in text and '"' not in text:
        return text
    text = _APOSTROPHE.sub("’", text)
    text = _OPEN_SINGLE.sub("‘", text).replace("'", "’")
    return _OPEN_DOUBLE.sub("“", text).replace('"', "”")


def _split_address(fonts: Fonts, word: str, style: TextStyle, width: float) -> list[str] | None:
    """Break a web address (no spaces) after / or . so that each piece fits the width."""
    pieces, current = [], ""
    for part in _ADDRESS_PIECE.findall(word):
        if fonts.width(part, style.style, style.size) > width + 1e-6:
            return None
        if current and fonts.width(current + part, style.style, style.size) > width + 1e-6:
            pieces.append(current)
            current = part
        else:
            current += part
    return pieces + [current]


def wrap(fonts: Fonts, text: str, style: TextStyle, width_mm: float, address: bool = False) -> list[str] | None:
    """Break text into lines no wider than width_mm; None if a single word is wider.

    With address=True a too-wide word (a web address) may break after / or . instead. Quotes are
    measured as they print (typographic), and a paragraph that would end on one word is re-broken
    a little narrower where that keeps its line count, so no line stands alone with a single word.
    """
    key = ("wrap", text, style.style, style.size, round(width_mm, 6), address)
    if key not in fonts.memo:
        lines = _wrap(fonts, text, style, width_mm, address)
        fonts.memo[key] = None if lines is None else tuple(lines)
    found = fonts.memo[key]
    return None if found is None else list(found)


RUNT_STEPS = 12  # tries, each 2.5% narrower, to move a second word on to a paragraph's last line


def _wrap(fonts: Fonts, text: str, style: TextStyle, width_mm: float, address: bool) -> list[str] | None:
    width = mm_to_pt(width_mm)
    lines: list[str] = []
    for paragraph in typographic(text).split("\n"):
        found = _greedy(fonts, paragraph, style, width, address)
        if found is None:
            return None
        if len(found) > 1 and " " not in found[-1] and not address:
            for step in range(1, RUNT_STEPS + 1):
                tighter = _greedy(fonts, paragraph, style, width * (1 - 0.025 * step), address)
                if tighter is None or len(tighter) != len(found):
                    break
                if " " in tighter[-1]:
                    found = tighter
                    break
        lines += found
    return lines


def _words(fonts: Fonts, paragraph: str, style: TextStyle) -> tuple[list[str], list[float], float]:
    """A paragraph's words, their widths and a space's width in points: measured once, however
    many widths the paragraph is tried at (a poster tries each tile at a score of widths, and a
    paragraph ending on one word is tried again narrower)."""
    key = ("words", paragraph, style.style, style.size)
    found = fonts.memo.get(key)
    if found is None:
        words = [word for word in _SPACE.split(paragraph.strip()) if word]
        found = fonts.memo[key] = (
            words,
            [fonts.width(word, style.style, style.size) for word in words],
            fonts.width(" ", style.style, style.size),
        )
    return found


def _greedy(fonts: Fonts, paragraph: str, style: TextStyle, width: float, address: bool) -> list[str] | None:
    """One paragraph broken greedily at spaces (and, for addresses, after / or .)."""
    words, widths, space = _words(fonts, paragraph, style)
    limit = width + 1e-6
    if not widths or max(widths) <= limit:  # every word fits a line (the usual case): join each line once
        lines: list[str] = []
        start, line_w = 0, 0.0
        for i, w in enumerate(widths):
            if i == start:
                line_w = w
            elif line_w + space + w <= limit:
                line_w = line_w + space + w
            else:
                lines.append(" ".join(words[start:i]))
                start, line_w = i, w
        lines.append(" ".join(words[start:]))
        return lines
    lines = []
    current, current_w = "", 0.0
    for word, w in zip(words, widths):
        if w > limit:
            pieces = _split_address(fonts, word, style, width) if address else None
            if pieces is None:
                return None
            if current:
                lines.append(current)
            lines += pieces[:-1]
            current, current_w = pieces[-1], fonts.width(pieces[-1], style.style, style.size)
            continue
        if current and current_w + space + w <= limit:
            current, current_w = f"{current} {word}", current_w + space + w
        else:
            if current:
                lines.append(current)
            current, current_w = word, w
    lines.append(current)
    return lines


def _clip(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def block_height(style: TextStyle, line_count: int) -> float:
    """Height in mm from the top of the first line's ascenders to the last line's descenders."""
    if line_count == 0:
        return 0.0
    return pt_to_mm(style.size * (ASCENT + DESCENT) + (line_count - 1) * style.line_height)


def set_lines(
    fonts: Fonts,
    lines: list[str],
    style: TextStyle,
    x: float,
    top: float,
    width: float,
    align: str = "left",
    role: Role | str = "paragraph",
    bookmark: str | None = None,
    level: int = 0,
    *,
    where: Where | None = None,
) -> TextItem:
    """Place already-wrapped lines with their top at `top`; a line wider than `width` is a FitError."""
    placed = []
    baseline = top + pt_to_mm(style.size * ASCENT)
    widest = 0.0
    for text in map(typographic, lines):
        runs, offset = [], 0.0
        for font, chunk in fonts.runs(text, style.style):
            runs.append(Run(chunk, font, style.size, offset))
            offset += pt_to_mm(fonts.font_width(chunk, font, style.size))
        if offset > width + 0.01:
            w = where or Where("layout", "a line of text", "")
            raise FitError(
                w.product, w.element, w.source, f"'{_clip(text)}' is {offset:.1f} mm wide, has {width:.1f} mm"
            )
        left = x + {"left": 0.0, "center": (width - offset) / 2, "right": width - offset}[align]
        placed.append(Line(left, baseline, offset, tuple(runs)))
        widest = max(widest, offset)
        baseline += pt_to_mm(style.line_height)
    box = Rect(x, top, width, block_height(style, len(lines)))
    return TextItem(tuple(placed), style.colour, box, Role.of(role, level), bookmark, level)


def fit_text(
    fonts: Fonts,
    text: str,
    style: TextStyle,
    box: Rect,
    where: Where,
    min_scale: float = 1.0,
    align: str = "left",
    role: Role | str = "paragraph",
    max_lines: int | None = None,
    bookmark: str | None = None,
    address: bool = False,
) -> TextItem:
    """Set text in box at its style's size, shrinking no further than min_scale; else FitError."""
    scale = 1.0
    while True:
        s = style.scaled(scale)
        lines = wrap(fonts, text, s, box.w, address)
        if (
            lines is not None
            and (max_lines is None or len(lines) <= max_lines)
            and block_height(s, len(lines)) <= box.h + 1e-6
        ):
            return set_lines(fonts, lines, s, box.x, box.y, box.w, align, role, bookmark, where=where)
        if scale <= min_scale + 1e-9:
            break
        scale = max(min_scale, scale - 0.02)
    if lines is None:
        needed = "a word is wider than the box"
    elif max_lines is not None and len(lines) > max_lines:
        needed = f"needs {len(lines)} lines, has room for {max_lines}"
    else:
        needed = f"needs {block_height(s, len(lines)):.1f} mm, has {box.h:.1f} mm"
    raise FitError(where.product, where.element, where.source, f"{needed} at {s.size:.1f} pt, the smallest allowed")


def measure(fonts: Fonts, text: str, style: TextStyle, width: float) -> tuple[list[str] | None, float]:
    """Wrap text and return (lines, height in mm); lines is None if a word is too wide."""
    lines = wrap(fonts, text, style, width)
    return lines, (block_height(style, len(lines)) if lines is not None else float("inf"))
