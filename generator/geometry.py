"""Sheet sizes and page specs: the print geometry every product shares."""

from __future__ import annotations

from generator.errors import SettingsError
from generator.records import frozen
from generator.targets import BLEED_RANGE, DEFAULT_BLEED, Target
from generator.units import Rect

# Trim sizes in mm, portrait (width, height).
SHEETS: dict[str, tuple[float, float]] = {
    "a0": (841, 1189),
    "a1": (594, 841),
    "a2": (420, 594),
    "a3": (297, 420),
    "a4": (210, 297),
    "a5": (148, 210),
    "a6": (105, 148),
    "a7": (74, 105),
    "id1": (53.98, 85.6),
    "letter": (215.9, 279.4),
    "legal": (215.9, 355.6),
    "tabloid": (279.4, 431.8),
}

MARK_LENGTH = 5.0  # mm of each crop mark line
MARK_ROOM = 6.0  # mm beyond the bleed kept for the marks (length plus a little air)


def sheet_size(name: str, landscape: bool = False) -> tuple[float, float]:
    try:
        w, h = SHEETS[name.lower()]
    except KeyError:
        raise SettingsError(f"unknown sheet size '{name}': expected one of " + ", ".join(SHEETS)) from None
    return (h, w) if landscape else (w, h)


@frozen
class PageSpec:
    """One page's geometry: trim size, bleed and marks, in mm.

    Products place things relative to the trim box's top-left corner; the press stage
    adds `offset` to put them on the media box.
    """

    trim_w: float
    trim_h: float
    target: Target
    bleed: float = 0.0
    marks: bool = False
    safe_margin: float = 5.0

    @classmethod
    def make(
        cls, trim_w: float, trim_h: float, target: Target, bleed: float = DEFAULT_BLEED, safe_margin: float = 5.0
    ) -> PageSpec:
        rules = target.profile
        if rules.bleed:
            low, high = BLEED_RANGE
            if not low <= bleed <= high:
                raise SettingsError(f"bleed {bleed:g} mm is out of range: expected {low:g} to {high:g} mm")
        return cls(
            trim_w,
            trim_h,
            target,
            bleed if rules.bleed else 0.0,
            rules.marks,
            max(safe_margin, rules.edge_clearance),
        )

    @property
    def offset(self) -> float:
        """Distance from the media box edge to the trim box edge."""
        return self.bleed + (MARK_ROOM if self.marks else 0.0)

    @property
    def media_w(self) -> float:
        return self.trim_w + 2 * self.offset

    @property
    def media_h(self) -> float:
        return self.trim_h + 2 * self.offset

    @property
    def trim(self) -> Rect:
        return Rect(0, 0, self.trim_w, self.trim_h)

    @property
    def bleed_rect(self) -> Rect:
        return self.trim.inset(-self.bleed)

    @property
    def safe(self) -> Rect:
        return self.trim.inset(self.safe_margin)

    def crop_marks(self) -> list[tuple[float, float, float, float]]:
        """Crop mark lines (x1, y1, x2, y2) in trim coordinates, all outside the bleed."""
        if not self.marks:
            return []
        near, far = self.bleed, self.bleed + MARK_LENGTH
        lines = []
        for x in (0.0, self.trim_w):
            sx = -1 if x == 0 else 1
            for y in (0.0, self.trim_h):
                sy = -1 if y == 0 else 1
                lines.append((x + sx * near, y, x + sx * far, y))  # horizontal, on the trim line
                lines.append((x, y + sy * near, x, y + sy * far))  # vertical
        return lines
