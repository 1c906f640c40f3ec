"""Simple line pictograms, one per care moment, drawn on a 24-unit grid and scaled to a box."""

from __future__ import annotations

from generator.plan import Item, Path, Shape
from generator.theme import Colour
from generator.units import Rect

GRID = 24.0
LINE = 1.6  # stroke width in grid units
KAPPA = 0.5523  # Bezier handle length for a quarter circle, share of the radius


class _Canvas:
    """Maps the 24-unit icon grid into a box in mm."""

    def __init__(self, box: Rect, ink: Colour, paper: Colour):
        self.box, self.ink, self.paper = box, ink, paper
        self.k = min(box.w, box.h) / GRID
        self.items: list[Item] = []

    def _x(self, x: float) -> float:
        return self.box.x + (self.box.w - GRID * self.k) / 2 + x * self.k

    def _y(self, y: float) -> float:
        return self.box.y + (self.box.h - GRID * self.k) / 2 + y * self.k

    def path(self, *ops: tuple, fill: bool = False, paper_fill: bool = False) -> None:
        mapped = tuple((op[0], *[self._x(v) if i % 2 == 0 else self._y(v) for i, v in enumerate(op[1:])]) for op in ops)
        fill_colour = self.ink if fill else (self.paper if paper_fill else None)
        self.items.append(Path(mapped, fill=fill_colour, stroke=None if fill else self.ink, width=LINE * self.k))

    def box_(self, x0: float, y0: float, x1: float, y1: float, radius: float = 0.0, paper_fill: bool = False) -> None:
        self.items.append(
            Shape(
                Rect(self._x(x0), self._y(y0), (x1 - x0) * self.k, (y1 - y0) * self.k),
                fill=self.paper if paper_fill else None,
                stroke=self.ink,
                stroke_width=LINE * self.k,
                radius=radius * self.k,
            )
        )

    def circle(self, cx: float, cy: float, r: float, fill: bool = False) -> None:
        """A closed four-arc path (a drawn circle's open arcs show a seam where they meet)."""
        k = KAPPA * r
        self.path(
            ("M", cx + r, cy),
            ("C", cx + r, cy + k, cx + k, cy + r, cx, cy + r),
            ("C", cx - k, cy + r, cx - r, cy + k, cx - r, cy),
            ("C", cx - r, cy - k, cx - k, cy - r, cx, cy - r),
            ("C", cx + k, cy - r, cx + r, cy - k, cx + r, cy),
            ("Z",),
            fill=fill,
        )


def _first_meeting(c: _Canvas) -> None:
    for dx in (0.0, 10.0):  # two people, side by side
        c.circle(7 + dx, 7.5, 3)
        c.path(("M", 2 + dx, 20.5), ("C", 2 + dx, 13.5, 12 + dx, 13.5, 12 + dx, 20.5))


def _appointments(c: _Canvas) -> None:
    c.box_(3, 5, 21, 21, radius=2)
    c.path(("M", 3, 10), ("L", 21, 10))
    c.path(("M", 8, 2.5), ("L", 8, 7))
    c.path(("M", 16, 2.5), ("L", 16, 7))
    for x, y in ((8, 14), (12, 14), (16, 14), (8, 17.5), (12, 17.5)):
        c.circle(x, y, 1.1, fill=True)


def _shared_decisions(c: _Canvas) -> None:
    # Two speech bubbles, the second in front: a conversation that ends in agreement.
    c.path(
        ("M", 4, 2.5),
        ("L", 14, 2.5),
        ("C", 15, 2.5, 15.5, 3, 15.5, 4),
        ("L", 15.5, 10.5),
        ("C", 15.5, 11.5, 15, 12, 14, 12),
        ("L", 8, 12),
        ("L", 4, 15.5),
        ("L", 4.8, 12),
        ("C", 3.3, 12, 2.5, 11.5, 2.5, 10.5),
        ("L", 2.5, 4),
        ("C", 2.5, 3, 3, 2.5, 4, 2.5),
        ("Z",),
    )
    c.path(
        ("M", 10, 9.5),
        ("L", 20, 9.5),
        ("C", 21, 9.5, 21.5, 10, 21.5, 11),
        ("L", 21.5, 17.5),
        ("C", 21.5, 18.5, 21, 19, 20, 19),
        ("L", 19.2, 19),
        ("L", 20, 22.5),
        ("L", 16, 19),
        ("L", 10, 19),
        ("C", 9, 19, 8.5, 18.5, 8.5, 17.5),
        ("L", 8.5, 11),
        ("C", 8.5, 10, 9, 9.5, 10, 9.5),
        ("Z",),
        paper_fill=True,
    )
    c.path(("M", 12.3, 14.4), ("L", 14.6, 16.5), ("L", 18.2, 12.4))


def _shared_plans(c: _Canvas) -> None:
    c.box_(4.5, 4, 19.5, 22, radius=1.5)
    c.box_(9, 2.5, 15, 5.5, radius=1, paper_fill=True)
    for y in (10.5, 16):
        c.path(("M", 7.5, y), ("L", 9, y + 1.5), ("L", 11.5, y - 1.2))
        c.path(("M", 13, y + 0.3), ("L", 17, y + 0.3))


def _designing_services(c: _Canvas) -> None:
    # Building blocks: a service put together piece by piece.
    c.box_(2.5, 12.5, 11, 21, radius=1)
    c.box_(13, 12.5, 21.5, 21, radius=1)
    c.box_(7.75, 2.5, 16.25, 11, radius=1)


def _always(c: _Canvas) -> None:
    c.path(
        ("M", 19, 12), ("C", 19, 16, 16, 19, 12, 19), ("C", 8, 19, 5, 16, 5, 12), ("C", 5, 8, 8, 5, 12, 5), ("L", 16, 5)
    )
    c.path(("M", 13.5, 2), ("L", 16.5, 5), ("L", 13.5, 8))


_DRAW = {
    "first-meeting": _first_meeting,
    "appointments": _appointments,
    "shared-decisions": _shared_decisions,
    "shared-plans": _shared_plans,
    "designing-services": _designing_services,
    "always": _always,
}


def pictogram(moment_id: str, box: Rect, ink: Colour, paper: Colour) -> list[Item]:
    """The moment's pictogram in box; a plain ring for a moment added in content without one."""
    c = _Canvas(box, ink, paper)
    _DRAW.get(moment_id, lambda c: c.circle(12, 12, 8))(c)
    return c.items
