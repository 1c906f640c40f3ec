"""Page plans: what goes where on a page, in mm from the trim's top-left, with its role.

Products make these; the press stage turns them into PDF. A plan can be tested without a PDF.
"""

from __future__ import annotations

from dataclasses import field, replace
from enum import Enum
from typing import NamedTuple

from generator.geometry import PageSpec
from generator.records import frozen
from generator.theme import Colour
from generator.units import Rect


class Tag(str, Enum):
    """What a placed thing is to someone who cannot see the page: a PDF structure type, or an artifact."""

    H1 = "H1"
    H2 = "H2"
    H3 = "H3"
    H4 = "H4"
    P = "P"
    LBL = "Lbl"
    LBODY = "LBody"
    FIGURE = "Figure"
    FORM = "Form"
    LINK = "Link"
    TH = "TH"
    TD = "TD"
    ARTIFACT = "Artifact"  # decoration: bands, tiles, rules, guide lines, boxes
    PAGINATION = "Pagination"  # a running header, footer or page number: an artifact too

    __hash__ = str.__hash__  # the value's hash, in C: the tagger keys its dictionaries by tags


class GroupTag(str, Enum):
    """Elements that hold others: sections, lists, quotes, tables."""

    SECT = "Sect"
    L = "L"
    LI = "LI"
    LBODY = "LBody"
    BLOCKQUOTE = "BlockQuote"
    TABLE = "Table"
    TR = "TR"
    TH = "TH"
    TD = "TD"
    P = "P"

    __hash__ = str.__hash__


class Group(NamedTuple):
    """An element holding items; items naming the same chain of groups share its elements.

    key tells apart groups of one kind (the poster's five principle sections); scope is a table
    header cell's "Row" or "Column". A named tuple: equal chains hash and compare at C speed (the
    tagger looks each item's chain up by value), and it is made faster than a frozen dataclass.
    """

    tag: GroupTag
    key: str = ""
    scope: str = ""


@frozen
class Role:
    """An item's meaning: its tag, the groups it sits in (outermost first) and what a reader needs.

    alt: a figure's alternative text, a form field's accessible name. href: a link's address.
    order: the reading rank on its page: items are read by (order, drawing order), so something
    drawn last (a brand band) can be read before the footer below it. key: items with the same
    tag, groups and key are one element (a paragraph drawn in two pieces). printed: a box
    printed for a form field; where the field is drawn the widget stands for it.
    """

    tag: Tag = Tag.P
    groups: tuple[Group, ...] = ()
    alt: str = ""
    href: str = ""
    scope: str = ""
    order: int = 0
    key: str = ""
    printed: str = ""  # a printed form box (role Form): "tv" to write in, "rb" to tick one of

    @property
    def artifact(self) -> bool:
        return self.tag in (Tag.ARTIFACT, Tag.PAGINATION)

    def inside(self, *groups: Group) -> Role:
        """The same role inside further groups (outermost first), outside the ones it has."""
        return replace(self, groups=(*groups, *self.groups))

    def read(self, order: int) -> Role:
        return replace(self, order=order)

    @staticmethod
    def heading(level: int) -> Role:
        return Role(Tag(f"H{min(max(level, 1), 4)}"))

    @staticmethod
    def figure(alt: str) -> Role:
        return Role(Tag.FIGURE, alt=alt)

    @staticmethod
    def link(href: str) -> Role:
        """A printed web address; one printed without its scheme links to https."""
        return Role(Tag.LINK, href=href if "://" in href or href.startswith("mailto:") else f"https://{href}")

    @staticmethod
    def of(value: Role | str, level: int = 0) -> Role:
        """A role from the older free-text names, so plans made before roles keep working."""
        if isinstance(value, Role):
            return value
        if value == "heading":
            return Role.heading(level + 1)
        return _LEGACY.get(value, PARAGRAPH)


PARAGRAPH = Role(Tag.P)
ARTIFACT = Role(Tag.ARTIFACT)
PAGINATION = Role(Tag.PAGINATION)
FIELD = Role(Tag.FORM)
_LEGACY = {
    "paragraph": PARAGRAPH,
    "label": PARAGRAPH,
    "quote": PARAGRAPH,
    "list item": PARAGRAPH,
    "decoration": ARTIFACT,
    "brand": ARTIFACT,
    "field": FIELD,
    "figure": Role(Tag.FIGURE),
}


def _coerce_role(item) -> None:
    if not isinstance(item.role, Role):
        object.__setattr__(item, "role", Role.of(item.role, getattr(item, "level", 0)))


@frozen
class Run:
    """A stretch of text in one font on one line; x is mm from the line's start."""

    text: str
    font: str
    size: float  # pt
    x: float


@frozen
class Line:
    """One line of text: its left edge, its baseline and its runs."""

    x: float
    baseline: float
    width: float  # mm
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@frozen
class TextItem:
    """A measured block of text. role: heading, paragraph, quote, label, list item."""

    lines: tuple[Line, ...]
    colour: Colour
    box: Rect  # the space the lines take
    role: Role = PARAGRAPH
    bookmark: str | None = None  # outline entry for headings
    level: int = 0

    def __post_init__(self) -> None:
        _coerce_role(self)

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    @property
    def link(self) -> str:
        """The address this text links to in tagged output (a Link role's href), else ""."""
        role = self.role
        return role.href if role.tag is Tag.LINK else ""


@frozen
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
    role: Role = ARTIFACT

    def __post_init__(self) -> None:
        _coerce_role(self)


@frozen
class Stroke:
    """A straight line between two points, in mm."""

    x1: float
    y1: float
    x2: float
    y2: float
    colour: Colour
    width: float = 0.3  # mm
    cap: int = 1  # 0 butt, 1 round
    role: Role = ARTIFACT

    def __post_init__(self) -> None:
        _coerce_role(self)


@frozen
class Path:
    """A vector path in mm: ("M", x, y), ("L", x, y), ("C", x1, y1, x2, y2, x3, y3) and ("Z",)."""

    ops: tuple[tuple, ...]
    fill: Colour | None = None
    stroke: Colour | None = None
    width: float = 0.3  # mm
    role: Role = ARTIFACT
    spot: str | None = None  # a named spot colour for the stroke, e.g. a die line "CutContour"
    dx: float = 0.0  # mm: where the ops' origin goes, so moving a path never rewrites its ops
    dy: float = 0.0
    reuse: str | None = None  # paths with the same key are drawn once per document and placed

    def __post_init__(self) -> None:
        _coerce_role(self)


@frozen
class Field:
    """A form field over a printed box; drawn only in fillable output, so print looks the same.

    kind "text" (multiline where the box holds several lines) or "radio" (one option of the
    group `name`, with export value `value`). size: typed text in points (0: the viewer fits it
    to the box). A radio option's accessible name is its role's alt ("Not in place").
    """

    name: str
    kind: str
    rect: Rect
    value: str = ""
    multiline: bool = False
    tooltip: str = ""
    role: Role = FIELD
    size: float = 0.0

    def __post_init__(self) -> None:
        _coerce_role(self)


@frozen
class Image:
    """A raster image (a logo) fitted into rect; data is the verified file as supplied."""

    rect: Rect
    data: bytes
    px_w: int
    px_h: int
    source: str  # the file it came from, for messages
    alt: str = ""
    role: Role = Role(Tag.FIGURE)

    def __post_init__(self) -> None:
        _coerce_role(self)


@frozen
class BrandSlot:
    """Room kept for an organisation's brand; filled in by generator.products.branding.

    Products lay out slots, never the brand itself, so a batch lays out once and only fills
    the slots per edition.
    """

    kind: str
    rect: Rect
    params: tuple = ()
    role: Role = ARTIFACT


Item = TextItem | Shape | Stroke | Path | Field | Image | BrandSlot


def translate(item: Item, dx: float, dy: float) -> Item:
    """The same item moved by (dx, dy) mm: used to place a card on a sheet."""
    if isinstance(item, (Shape, Field, Image, BrandSlot)):
        r = item.rect
        return replace(item, rect=Rect(r.x + dx, r.y + dy, r.w, r.h))
    if isinstance(item, Stroke):
        return replace(item, x1=item.x1 + dx, y1=item.y1 + dy, x2=item.x2 + dx, y2=item.y2 + dy)
    if isinstance(item, Path):
        return replace(item, dx=item.dx + dx, dy=item.dy + dy)
    lines = tuple(replace(line, x=line.x + dx, baseline=line.baseline + dy) for line in item.lines)
    b = item.box
    return replace(item, lines=lines, box=Rect(b.x + dx, b.y + dy, b.w, b.h))


@frozen
class Face:
    """One side of a card: its own items and the items that come from the brand."""

    items: tuple[Item, ...]
    brand: tuple[Item, ...] = ()


@frozen
class Page:
    """A page's items; `brand` holds what depends on the organisation, drawn after the rest.

    Keeping them apart lets a batch draw the shared part once and only the brand per edition.
    """

    spec: PageSpec
    items: tuple[Item, ...]
    label: str = ""
    brand: tuple[Item, ...] = ()

    def texts(self) -> list[TextItem]:
        return [i for i in (*self.items, *self.brand) if isinstance(i, TextItem)]

    def images(self) -> list[Image]:
        return [i for i in (*self.items, *self.brand) if isinstance(i, Image)]


@frozen
class PlanDocument:
    """Every page of one product, plus what the PDF's metadata should say."""

    title: str
    pages: tuple[Page, ...]
    subject: str = ""
    language: str = "en-GB"
    keywords: tuple[str, ...] = field(default_factory=tuple)
    always_bookmarks: bool = False  # long documents get an outline whatever the target
