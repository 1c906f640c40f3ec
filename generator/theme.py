"""Palette, type scale and spacing: the look of every product, in one place."""

from __future__ import annotations

from generator.records import frozen


@frozen
class Colour:
    """A colour with the RGB value used on screen and office printers and the CMYK value for press."""

    name: str
    hex: str
    cmyk: tuple[float, float, float, float]
    # Press build for text under SMALL_TEXT_PT when `cmyk` has more than two plates (misregistration
    # would fringe small type): from assets/colour/make_fogra39.py, like every press build here.
    text_cmyk: tuple[float, float, float, float] | None = None

    @property
    def rgb(self) -> tuple[float, float, float]:
        return tuple(int(self.hex[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]

    def press_cmyk(self, text_pt: float | None = None) -> tuple[float, float, float, float]:
        """The CMYK build for press; text under SMALL_TEXT_PT gets the build in at most two plates."""
        from generator.colour import SMALL_TEXT_PT

        if text_pt is not None and text_pt < SMALL_TEXT_PT and self.text_cmyk is not None:
            return self.text_cmyk
        return self.cmyk

    @property
    def total_ink(self) -> float:
        """Total area coverage in percent."""
        return sum(self.cmyk) * 100


# Press builds for FOGRA39 (coated), each within ΔE2000 3 of the screen colour as FOGRA39 prints it:
# made by assets/colour/make_fogra39.py from the measurement data (tests/test_colour.py recomputes them).
INK = Colour("ink", "#1A2238", (0.88, 0.62, 0.0, 0.88), text_cmyk=(0.42, 0.0, 0.0, 1.0))
MUTED = Colour("muted", "#4A5168", (0.51, 0.38, 0.0, 0.65), text_cmyk=(0.27, 0.0, 0.0, 0.81))
PAPER = Colour("paper", "#FFFFFF", (0.0, 0.0, 0.0, 0.0))
TINT = Colour("tint", "#F1F3F7", (0.05, 0.0, 0.0, 0.05))
RULE = Colour("rule", "#C5CAD6", (0.13, 0.08, 0.0, 0.18))
# Die lines for shaped cuts: a spot colour the print shop's cutter reads and never prints.
CUT_CONTOUR = Colour("cut contour", "#E6007E", (0.0, 1.0, 0.0, 0.0))

PRINCIPLE_COLOURS: dict[int, Colour] = {
    1: Colour("principle 1", "#0B6E74", (0.78, 0.0, 0.29, 0.53)),
    2: Colour("principle 2", "#6A3D9A", (0.76, 0.89, 0.0, 0.0)),
    3: Colour("principle 3", "#1D5BA6", (0.94, 0.66, 0.0, 0.0)),
    4: Colour("principle 4", "#A6245C", (0.0, 0.97, 0.0, 0.38)),
    5: Colour("principle 5", "#2F7034", (0.76, 0.0, 0.95, 0.49)),
}

# Every (text, background) pair a product may use; tests hold each to WCAG AA.
TEXT_PAIRS: list[tuple[Colour, Colour]] = [
    (INK, PAPER),
    (INK, TINT),
    (MUTED, PAPER),
    (MUTED, TINT),
    (PAPER, INK),
    *[(PAPER, c) for c in PRINCIPLE_COLOURS.values()],
    *[(c, PAPER) for c in PRINCIPLE_COLOURS.values()],
    *[(c, TINT) for c in PRINCIPLE_COLOURS.values()],
]


def principle_colour(number: int) -> Colour:
    return PRINCIPLE_COLOURS[(number - 1) % 5 + 1]


def moment_colour(order: int) -> Colour:
    """A care moment's colour on its card (by the moment's order): one of the palette's five, so
    white text on it keeps the principle colours' contrast. Principle markers keep their own shapes."""
    return PRINCIPLE_COLOURS[(order - 1) % 5 + 1]


def relative_luminance(colour: Colour) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour.rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: Colour, b: Colour) -> float:
    """WCAG 2 contrast ratio between two colours."""
    hi, lo = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# Type roles: (font style, size relative to body, line height as a multiple of size).
@frozen
class TextStyle:
    """A face, size and leading: the theme's sizes for one kind of text."""

    style: str  # regular, bold, italic, bolditalic
    size: float  # pt
    leading: float  # multiple of size
    colour: Colour = INK

    def scaled(self, factor: float) -> TextStyle:
        return TextStyle(self.style, self.size * factor, self.leading, self.colour)

    def with_colour(self, colour: Colour) -> TextStyle:
        return TextStyle(self.style, self.size, self.leading, colour)

    @property
    def line_height(self) -> float:
        return self.size * self.leading


POSTER_BODY_AT_A4 = 12.0  # pt; the poster's body size scales with sheet width from here
A4_WIDTH = 210.0
POSTER_MIN_SCALE = 0.85  # text may shrink to this share of its size to fit, never further


def poster_scale(sheet_width_mm: float) -> float:
    """How much larger than the A4 poster a sheet of this width is."""
    return sheet_width_mm / A4_WIDTH


@frozen
class PosterDisplay:
    """A poster's display scale for its viewing distance: display sizes as multiples of the body.

    The body grows with the sheet's width (POSTER_BODY_AT_A4 at A4); the display sizes above it
    (title, numerals, principle titles) grow faster the further away the poster is read, and the
    reading sizes below it (quotes, credits) are for the reader who has stepped up to it.
    """

    name: str
    distance_m: float  # the furthest a reader should still find the title, numbers and principle titles
    title: float  # the poster's title, at least 4x body
    tile_title: float  # principle titles (white on their colour), at least 1.6x body
    numeral: float  # the principle numbers in their colour fields
    quote: float
    small: float  # attribution, quote labels, brand lines
    min_quotes: int  # voices of lived experience the poster must find room for (5: one per principle)


POSTER_DISPLAYS = (  # (widest sheet in mm, its display scale), narrowest first
    (
        300.0,
        PosterDisplay("arm's length", 1.0, title=4.0, tile_title=1.6, numeral=3.2, quote=0.85, small=0.8, min_quotes=1),
    ),
    (
        430.0,
        PosterDisplay(
            "across a room", 2.0, title=4.1, tile_title=1.6, numeral=3.6, quote=0.62, small=0.62, min_quotes=3
        ),
    ),
    (
        float("inf"),
        PosterDisplay(
            "down a corridor", 4.0, title=4.2, tile_title=1.6, numeral=4.0, quote=0.48, small=0.5, min_quotes=5
        ),
    ),
)


def poster_display(sheet_width_mm: float) -> PosterDisplay:
    """The display scale for a sheet: A4 and A3 (and Letter, Tabloid) at 1 m, A2 at 2 m, A1 and A0 at 4 m."""
    return next(d for widest, d in POSTER_DISPLAYS if sheet_width_mm <= widest)


@frozen
class PosterSpacing:
    """The poster's dimensions in mm at A4; every poster multiplies them by its poster_scale."""

    margin: float = 12.0  # sides
    top: float = 6.0  # above the title, inside the header band
    bottom: float = 6.5  # below the footer's credit line
    gutter: float = 5.0  # between tiles and columns
    pad: float = 3.5  # inside a tile
    stripe: float = 2.5  # the five-colour stripe under the header
    device_pad: float = 2.0  # above and below the statement on the five-colour band (the interconnection device)
    band_gap: float = 2.5  # title to subtitle
    band_foot: float = 4.5  # subtitle to the band's foot
    block_gap: float = 2.5  # between blocks inside a tile (summary to quote, label to label)
    quote_bar: float = 1.2  # the coloured bar beside a quote
    moment_icon: float = 9.0  # a moment's pictogram
    chip: float = 4.8  # a principle number's disc in the moments tile
    qr_symbol: float = 15.5  # the call to action's QR code (without its quiet zone): at least 15 mm
    logo_w: float = 35.0  # the box a brand's logo is fitted into
    logo_h: float = 14.0
    min_split: float = 0.32  # narrowest share of a row a tile may take


POSTER_SPACING = PosterSpacing()


def poster_styles(scale: float, display: PosterDisplay | None = None) -> dict[str, TextStyle]:
    """The poster's text styles for a sheet poster_scale() times A4, on its display scale."""
    d = display or POSTER_DISPLAYS[0][1]
    body = POSTER_BODY_AT_A4 * scale
    return {
        "title": TextStyle("bold", body * d.title, 1.05, PAPER),
        "subtitle": TextStyle("regular", body * 1.05, 1.25, PAPER),
        "statement": TextStyle("bolditalic", body * 1.1, 1.2, PAPER),
        "number": TextStyle("bold", body * 1.6, 1.0, PAPER),
        "numeral": TextStyle("bold", body * d.numeral, 1.0, PAPER),
        "tile_title": TextStyle("bold", body * d.tile_title, 1.05, PAPER),
        "moments_title": TextStyle("bold", body * d.tile_title, 1.1, PAPER),
        "context": TextStyle("italic", body * 0.9, 1.2, MUTED),
        "body": TextStyle("regular", body, 1.2, INK),
        "label": TextStyle("bold", body * d.small, 1.2, MUTED),
        "moment": TextStyle("bold", body * 0.95, 1.15, INK),
        "chip": TextStyle("bold", body * 0.75, 1.0, PAPER),
        "quote": TextStyle("italic", body * d.quote, 1.3, INK),
        "cta": TextStyle("bold", body, 1.22, INK),
        "credit": TextStyle("regular", body, 1.22, INK),
        "footer": TextStyle("regular", body * d.small, 1.3, MUTED),
        "footer_bold": TextStyle("bold", body * d.small, 1.3, INK),
    }


# --- pocket cards: type scale (pt) and spacing (mm) for each card format -------------------------
@frozen
class CardScale:
    """A card format's type sizes (pt). White type reversed out of a colour is never under REVERSED_MIN_PT."""

    body: float  # the back's prompts
    label: float  # the moment's name on the front
    short: float  # the back's running header
    small: float  # counts, captions, key names
    title: float  # the document's title on the front's colour (bold, so >= REVERSED_MIN_PT)
    number: float  # the number inside a principle marker (bold white on the principle colour)


REVERSED_MIN_PT = 9.0  # white text on a multi-plate colour: at least this size, bold
CARD_SCALES: dict[str, CardScale] = {
    "a6": CardScale(body=9.5, label=22, short=11, small=8, title=9, number=9),
    "a7": CardScale(body=7.5, label=16, short=9, small=7, title=9, number=9),
    "id1": CardScale(body=7, label=13, short=8.5, small=7, title=9, number=9),
}
CARD_MIN_PT = 7.0  # nothing on a card is smaller
CARD_SAFE = 3.0  # mm from the trim
CARD_BAND = 0.22  # an office card front's colour band, as a share of the card's height (ink under 25%)
CARD_PANEL_PAD = 2.0  # mm inside a front's coloured panel, the key panel and the "always" box
CARD_BLOCK_GAP = 2.5  # mm between the back's blocks (header, prompts, "always", the brand's foot)
CARD_MARKER = 1.55  # a principle marker's size as a multiple of the body's em
CARD_MARKER_GAP = 1.8  # mm between a marker and its text
CARD_ICON_SHARE = 0.5  # a portrait front's pictogram: share of the card's inner width
CARD_KEY_ROW_GAP = 1.0  # mm between rows of the principles key


# --- audit worksheets: type scale (pt) and spacing (mm) ------------------------------------------
WORKSHEET_BODY = 11.0  # pt, the smallest text in the pack
WORKSHEET_MARGIN = 12.0  # mm
WORKSHEET_FOOTER_H = 10.0  # mm kept at the foot of every page for the footer
WORKSHEET_BAND_H = 30.0  # mm, the principle band at the top of every section page
WORKSHEET_HAND_LINE = 8.0  # mm, the least height for one handwritten line
WORKSHEET_TICK = 5.5  # mm: a tick box that suits a pen (5-6 mm)
WORKSHEET_GUTTER = 5.0  # mm between the write-in boxes, and the ratings' grid
WORKSHEET_STROKE = 0.3  # mm, boxes: dark enough for a photocopier
WORKSHEET_STYLES = {
    "body": TextStyle("regular", WORKSHEET_BODY, 1.25, INK),
    "bold": TextStyle("bold", WORKSHEET_BODY, 1.25, INK),
    "label": TextStyle("bold", WORKSHEET_BODY, 1.2, MUTED),
    "muted": TextStyle("regular", WORKSHEET_BODY, 1.25, MUTED),
    "italic": TextStyle("italic", WORKSHEET_BODY, 1.25, MUTED),
    "h1": TextStyle("bold", 22, 1.15, INK),
    "h2": TextStyle("bold", 15, 1.2, INK),
    "band_title": TextStyle("bold", 15, 1.15, INK),
    "number": TextStyle("bold", 40, 1.0, PAPER),
    "small_number": TextStyle("bold", WORKSHEET_BODY, 1.0, PAPER),
    "cover_title": TextStyle("bold", 30, 1.1, INK),
    "cover_subtitle": TextStyle("regular", 18, 1.2, INK),
}
