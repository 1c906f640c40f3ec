"""Page plans: what goes where on a page, in mm from the trim's top-left, with its role.

Products make these; the press stage turns them into PDF. A plan can be tested without a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.geometry import PageSpec
from generator.theme import Colour
from generator.units import Rect


@dataclass(frozen=True)
class Run:
    """A stretch of text in one font on one line; x is mm from the line's start."""

    text: str
    font: str
    size: float  # pt
    x: float


@dataclass(frozen=True)
class Line:
    """One line of text: its left edge, its baseline and its runs."""

    x: float
    baseline: float
    width: float  # mm
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class TextItem:
    """A measured block of text. role: heading, paragraph, quote, label, list item."""

    lines: tuple[Line, ...]
    colour: Colour
    box: Rect  # the space the lines take
    role: str = "paragraph"
    bookmark: str | None = None  # outline entry for headings
    level: int = 0

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Shape:
    """A filled or stroked rectangle (radius > 0 rounds it) or circle (kind='circle').

    bleed=True extends the shape past any trim edge it touches, out to the bleed edge.
    """

    rect: Rect
    fill: Colour | None = None
    stroke: Colour | None = None
    stroke_width: float = 0.3  # mm
    radius: float = 0.0  # mm
    kind: str = "rect"
    bleed: bool = False
    role: str = "decoration"


@dataclass(frozen=True)
class Stroke:
    """A straight line between two points, in mm."""

    x1: float
    y1: float
    x2: float
    y2: float
    colour: Colour
    width: float = 0.3  # mm
    cap: int = 1  # 0 butt, 1 round
    role: str = "decoration"


Item = TextItem | Shape | Stroke


@dataclass(frozen=True)
class Page:
    spec: PageSpec
    items: tuple[Item, ...]
    label: str = ""

    def texts(self) -> list[TextItem]:
        return [i for i in self.items if isinstance(i, TextItem)]


@dataclass(frozen=True)
class PlanDocument:
    """Every page of one product, plus what the PDF's metadata should say."""

    title: str
    pages: tuple[Page, ...]
    subject: str = ""
    language: str = "en-GB"
    keywords: tuple[str, ...] = field(default_factory=tuple)
