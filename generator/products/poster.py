"""The summary poster: title, the five principles as equal tiles, the care moments, quotes, attribution.

Everything is drawn at `poster_scale(width)` times its A4 size, so the A4 poster is the A0 one in
miniature. Spare height goes to the gaps; quotes are added only where they fit.
"""

from __future__ import annotations

import math
from pathlib import Path

from generator.brand import Brand
from generator.content.model import Content, Labels, Principle
from generator.errors import FitError
from generator.fonts import ASCENT, Fonts
from generator.geometry import PageSpec, sheet_size
from generator.layout.text import Where, block_height, fit_text, measure, set_lines, wrap
from generator.plan import (
    PARAGRAPH,
    BrandSlot,
    Group,
    GroupTag,
    Image,
    Item,
    Page,
    PlanDocument,
    Role,
    Shape,
    Tag,
)
from generator.products.components import CAP_HEIGHT, colour_stripe, number_badge
from generator.products.pictograms import pictogram
from generator.products.qr import qr_code, qr_size
from generator.products.recipe import Compose, Option, Product
from generator.records import frozen
from generator.settings import DEFAULT_OUTPUT, Job, choose, make_job
from generator.targets import Target
from generator.theme import (
    INK,
    POSTER_BODY_AT_A4,
    POSTER_MIN_SCALE,
    POSTER_SPACING,
    TINT,
    PosterDisplay,
    TextStyle,
    poster_display,
    poster_scale,
    poster_styles,
    principle_colour,
)
from generator.units import Rect, pt_to_mm

NAME = "poster"
SP = POSTER_SPACING
SPLIT_STEP = 0.02
GROW = 0.04  # of a row: the most spare page height a row takes (the rest goes above and below the grid)
CTA_SHARE = 0.38  # of the content width: the call to action and its QR code; the brand space has the rest
QUOTE_SCALES = (
    1.0,
    0.94,
    0.88,
)  # shares of the display scale's quote size tried before all text shrinks  # a row's split between its two tiles is tried in steps of this share


@frozen
class _Frame:
    """Sizes in mm for one poster: the theme's spacing multiplied by the sheet's scale."""

    s: float
    width: float
    height: float
    display: PosterDisplay

    def __getattr__(self, name: str) -> float:  # margin, gutter, pad, ...: POSTER_SPACING times the scale
        value = getattr(SP, name) * self.s
        object.__setattr__(self, name, value)  # kept: the layout search reads each thousands of times
        return value

    @property
    def content_w(self) -> float:
        return self.width - 2 * self.margin


def compose_poster(content: Content, fonts: Fonts, spec: PageSpec, brand: Brand | None = None) -> PlanDocument:
    """One portrait page; shrinks text (never below POSTER_MIN_SCALE) only if it must."""
    text_scale = 1.0
    while True:
        try:
            items, brand_items = _compose(content, fonts, spec, text_scale, brand)
            break
        except _TooTall as exc:
            if text_scale <= POSTER_MIN_SCALE + 1e-9:
                detail = (
                    "a word is wider than the space for it"
                    if exc.needed == float("inf")
                    else f"needs {exc.needed:.0f} mm more height"
                )
                raise FitError(NAME, exc.element, exc.source, f"{detail} at the smallest text size") from None
            text_scale = max(POSTER_MIN_SCALE, text_scale - 0.03)
    doc = content.document
    return PlanDocument(
        title=content.labels("poster_title", title=doc.title),
        pages=(Page(spec, tuple(items), "poster", tuple(brand_items)),),
        subject=doc.subtitle,
        language=doc.language,
        keywords=("service principles", "poster"),
    )


class _TooTall(Exception):
    def __init__(self, element: str, source: str, needed: float):
        self.element, self.source, self.needed = element, source, needed


def _compose(
    content: Content, fonts: Fonts, spec: PageSpec, text_scale: float, brand: Brand | None
) -> tuple[list[Item], list[Item]]:
    f = _Frame(poster_scale(spec.trim_w), spec.trim_w, spec.trim_h, poster_display(spec.trim_w))
    st = st0 = poster_styles(f.s * text_scale, f.display)
    doc = content.document
    where = lambda element: Where(NAME, element, doc.source)  # noqa: E731

    items: list[Item] = []
    # Header band: runs off the top and sides into the bleed.
    y = f.top
    title = fit_text(
        fonts,
        doc.title,
        st["title"],
        Rect(f.margin, y, f.content_w, 3 * pt_to_mm(st["title"].line_height)),
        where("title"),
        role=Role.heading(1),
        max_lines=2,
        bookmark=doc.title,
    )
    y = title.box.bottom + f.band_gap
    subtitle = fit_text(
        fonts, doc.subtitle, st["subtitle"], Rect(f.margin, y, f.content_w, 60 * f.s), where("subtitle"), max_lines=3
    )
    band_h = subtitle.box.bottom + f.band_foot
    items.append(Shape(Rect(0, 0, f.width, band_h), fill=INK, bleed=True))
    items += [title, subtitle]
    # The interconnection device: the five principle colours joined edge to edge, equal in width,
    # carrying the statement that they are interconnected and equally important.
    statement = fit_text(
        fonts,
        doc.statement,
        st["statement"],
        Rect(f.margin, band_h + f.device_pad, f.content_w, 40 * f.s),
        where("statement"),
        align="center",
        max_lines=2,
    )
    device_h = statement.box.bottom + f.device_pad - band_h
    items += colour_stripe(Rect(0, band_h, f.width, device_h), bleed=True)
    items.append(statement)

    footer, brand_items, footer_top = _footer(content, fonts, st, f, brand)
    top = statement.box.bottom + f.gutter
    room = footer_top - f.gutter - top
    rows = None
    unquoted: tuple[dict, dict] = ({}, {})  # what a smaller quote size does not change
    for quote_scale in QUOTE_SCALES:  # quotes step down a little before all the text does
        try:
            st = {**st, "quote": st0["quote"].scaled(quote_scale), "label": st0["label"].scaled(quote_scale)}
            rows = _plan_rows(content, fonts, st, f, room, unquoted)
            break
        except _TooFewQuotes as exc:
            if quote_scale == QUOTE_SCALES[-1]:
                raise _TooTall(exc.element, exc.source, exc.needed) from None
    assert rows is not None
    grid_h = sum(r.height for r in rows) + (len(rows) - 1) * f.gutter
    spare = room - grid_h
    # Spare height: a little more air inside the tiles (at most GROW of a row), the rest
    # above and below the grid, so the tiles stay sized to their content.
    grow = min(spare * 0.5 / len(rows), min(r.height for r in rows) * GROW)
    y = top + (spare - grow * len(rows)) / 2
    for row in rows:
        items += _draw_row(content, fonts, st, f, row, y, row.height + grow)
        y += row.height + grow + f.gutter
    items += footer
    return items, brand_items


# --- the grid: rows of two tiles, each sized to its content ---------------------------------------


@frozen
class _Tile:
    """One tile of the poster grid: a principle (with the quote chosen for it) or the care moments."""

    principle: Principle | None  # None: the care moments
    quote: str | None = None


@frozen
class _Row:
    """A row of tiles, the width each takes and the row's height."""

    tiles: tuple[_Tile, ...]
    widths: tuple[float, ...]
    height: float


def _tile_height(content: Content, fonts: Fonts, st, f: _Frame, tile: _Tile, width: float) -> float:
    if tile.principle is None:
        return _moments_layout(content, fonts, st, f, width)[0]
    return _principle_layout(content.labels, fonts, st, f, tile, width)[-1]


def _best_row(content: Content, fonts: Fonts, st, f: _Frame, tiles: tuple[_Tile, ...], heights_of=None) -> _Row:
    """The split of the row between its tiles that makes it lowest (most even when tied).

    heights_of(tile, width) may stand in for _tile_height (a memo of it). A tile is never taller
    for being wider (its text wraps into as many lines or fewer), so the left tile's height falls
    and the right one's rises as the split moves right: the row's height is lowest in one run of
    splits around where they cross, found by bisection instead of trying all of them (_scan_row,
    which gives the same answer, still names what does not fit when no split does)."""
    tile_height = heights_of or (lambda t, w: _tile_height(content, fonts, st, f, t, w))
    if len(tiles) == 1:
        return _Row(tiles, (f.content_w,), tile_height(tiles[0], f.content_w))
    usable = f.content_w - f.gutter
    steps = round((1 - 2 * SP.min_split) / SPLIT_STEP)
    shares = [SP.min_split + i * SPLIT_STEP for i in range(steps + 1)]

    def height(tile: _Tile, width: float) -> float:  # inf: a word is wider than the tile
        try:
            return tile_height(tile, width)
        except _TooNarrow:
            return math.inf

    def left(i: int) -> float:
        return height(tiles[0], usable * shares[i])

    def right(i: int) -> float:
        return height(tiles[1], usable * (1 - shares[i]))

    def first(lo: int, hi: int, holds) -> int:  # the first i in [lo, hi) where holds(i), else hi
        while lo < hi:
            mid = (lo + hi) // 2
            if holds(mid):
                hi = mid
            else:
                lo = mid + 1
        return lo

    a = first(0, steps + 1, lambda i: left(i) < math.inf)  # the left tile fits from here on
    b = first(0, steps + 1, lambda i: right(i) == math.inf) - 1  # ... and the right one up to here
    if a > b:
        return _scan_row(tiles, usable, shares, tile_height)
    cross = first(a, b + 1, lambda i: left(i) <= right(i))  # before it, the left tile is the taller
    low = min(round(max(left(i), right(i)), 1) for i in (cross - 1, cross) if a <= i <= b)
    start = first(a, cross, lambda i: round(left(i), 1) <= low)
    end = first(cross, b + 1, lambda i: round(right(i), 1) > low) - 1
    best = min(range(start, end + 1), key=lambda i: abs(shares[i] - 0.5))  # the first of equals
    widths = (usable * shares[best], usable * (1 - shares[best]))
    return _Row(tiles, widths, max(tile_height(t, w) for t, w in zip(tiles, widths)))


def _scan_row(tiles: tuple[_Tile, ...], usable: float, shares: list[float], tile_height) -> _Row:
    """Every split tried in turn: the lowest row (most even when tied), or what does not fit."""
    best: tuple[tuple, _Row] | None = None
    narrow = _TooNarrow()
    for share in shares:
        widths = (usable * share, usable * (1 - share))
        try:
            heights = [tile_height(t, w) for t, w in zip(tiles, widths)]
        except _TooNarrow as exc:
            narrow = exc if exc.element else narrow
            continue
        row = _Row(tiles, widths, max(heights))
        # lowest first, then the split nearest half
        key = (round(row.height, 1), abs(share - 0.5))
        if best is None or key < best[0]:
            best = (key, row)
    if best is None:
        if narrow.element:
            raise _TooTall(narrow.element, narrow.source, float("inf"))
        p = next(t.principle for t in tiles if t.principle is not None)
        raise _TooTall(f"principle {p.number} (a word wider than its tile)", p.source, float("inf"))
    return best[1]


def _rows_of(content: Content, quotes: dict[int, str]) -> list[tuple[_Tile, ...]]:
    """The principles two to a row, in order; the care moments beside the last or on a row of their own."""
    tiles = [_Tile(p, quotes.get(p.number)) for p in content.principles] + [_Tile(None)]
    return [tuple(tiles[i : i + 2]) for i in range(0, len(tiles), 2)]


def _plan_rows(content: Content, fonts: Fonts, st, f: _Frame, room: float, unquoted=None) -> list[_Row]:
    """Rows with as many quotes as fit, each added where it fills the most empty space.

    A tile's quote is its principle's shortest that fits; quotes go first to the tile with the
    most empty space in its row (size the content to its tile), while the grid fits the room.
    unquoted: (heights, rows) of tiles and rows without a quote, which do not change when only
    the quotes' size does: kept across the quote sizes _compose tries.
    """
    unquoted = unquoted or ({}, {})
    made: dict[tuple, _Row] = {}  # a row's best split, by its tiles: a trial quote changes one row
    measured: dict[tuple, float | Exception] = {}  # a tile's height at a width, by its content

    def tile_height(tile: _Tile, width: float) -> float:
        memo = unquoted[0] if tile.quote is None else measured
        key = (id(tile.principle), tile.quote, width)
        if key not in memo:
            try:
                memo[key] = _tile_height(content, fonts, st, f, tile, width)
            except _TooNarrow as exc:
                memo[key] = exc
        found = memo[key]
        if isinstance(found, Exception):
            raise found
        return found

    def best_row(tiles: tuple[_Tile, ...]) -> _Row:
        memo = unquoted[1] if all(t.quote is None for t in tiles) else made
        key = tuple((id(t.principle), t.quote) for t in tiles)
        if key not in memo:
            memo[key] = _best_row(content, fonts, st, f, tiles, tile_height)
        return memo[key]

    def layout(quotes: dict[int, str]) -> tuple[list[_Row], float]:
        rows = [best_row(tiles) for tiles in _rows_of(content, quotes)]
        return rows, sum(r.height for r in rows) + (len(rows) - 1) * f.gutter

    quotes: dict[int, str] = {}
    rows, height = layout(quotes)
    if height > room:
        heights = [
            (_tile_height(content, fonts, st, f, t, w), t.principle)
            for r in rows
            for t, w in zip(r.tiles, r.widths)
            if t.principle is not None
        ]
        p = max(heights, key=lambda hp: hp[0])[1]
        raise _TooTall(f"principle tiles (tallest: principle {p.number})", p.source, height - room)
    while True:
        best = None
        for p in content.principles:
            if p.number in quotes or not p.quotes:
                continue
            trial = {**quotes, p.number: min(p.quotes, key=len)}
            t_rows, t_height = layout(trial)
            if t_height > room + 1e-6:
                continue
            key = (t_height - height, p.number)  # the quote that adds least height fills most empty space
            if best is None or key < best[0]:
                best = (key, trial, t_rows, t_height)
        if best is None:
            break
        _, quotes, rows, height = best
    wanted = min(f.display.min_quotes, sum(1 for p in content.principles if p.quotes))
    if len(quotes) < wanted:
        p = next(p for p in content.principles if p.number not in quotes and p.quotes)
        raise _TooFewQuotes(f"{wanted} quotes ({len(quotes)} fit)", p.source, 1.0)
    return rows


class _TooNarrow(Exception):
    """A word wider than the space for it; element and source name it where they are known."""

    def __init__(self, element: str = "", source: str = ""):
        self.element, self.source = element, source


class _TooFewQuotes(_TooTall):
    pass


def _measured(fonts: Fonts, text: str, style: TextStyle, width: float) -> tuple[list[str], float]:
    lines, h = measure(fonts, text, style, width)
    if lines is None:
        raise _TooNarrow
    return lines, h


def _principle_layout(labels: Labels, fonts: Fonts, st, f: _Frame, tile: _Tile, width: float):
    """Measured pieces of a principle tile and its height.

    The head is the principle's colour field: its numeral and title in white; below it, on tint,
    the context, the summary and (if chosen) a quote with its attribution.
    """
    p = tile.principle
    assert p is not None
    numeral_w = pt_to_mm(fonts.width(str(p.number), "bold", st["numeral"].size))
    numeral_h = pt_to_mm(st["numeral"].size) * CAP_HEIGHT
    title_x = f.pad + max(numeral_w, numeral_h * 0.6) + f.pad
    title, title_h = _measured(fonts, p.title, st["tile_title"], width - title_x - f.pad)
    head_h = max(numeral_h, title_h) + 1.7 * f.pad
    body_w = width - 2 * f.pad
    y = head_h + f.pad
    context, context_h = _measured(fonts, f"({p.context})", st["context"], body_w) if p.context else ([], 0.0)
    if context:
        y += context_h + f.block_gap * 0.5
    summary, summary_h = _measured(fonts, p.summary, st["body"], body_w)
    y += summary_h
    quote = label = None
    if tile.quote:
        quote_w = body_w - f.quote_bar - f.block_gap
        quote, quote_h = _measured(fonts, f"“{tile.quote}”", st["quote"], quote_w)
        label, label_h = _measured(fonts, labels("quote_by", number=p.number), st["label"], quote_w)
        y += 1.5 * f.block_gap + quote_h + f.block_gap * 0.5 + label_h
    return title_x, title, head_h, context, summary, quote, label, y + f.pad


def _draw_row(content: Content, fonts: Fonts, st, f: _Frame, row: _Row, top: float, height: float) -> list[Item]:
    items: list[Item] = []
    x = f.margin
    for tile, w in zip(row.tiles, row.widths):
        cell = Rect(x, top, w, height)
        if tile.principle is None:
            items += _moments_tile(content, fonts, st, f, cell)
        else:
            items += _principle_tile(content.labels, fonts, st, f, tile, cell)
        x += w + f.gutter
    return items


def _principle_tile(labels: Labels, fonts: Fonts, st, f: _Frame, tile: _Tile, cell: Rect) -> list[Item]:
    p = tile.principle
    assert p is not None
    title_x, title, head_h, context, summary, quote, label, need = _principle_layout(labels, fonts, st, f, tile, cell.w)
    head_h += cell.h - need  # a tile lower than its row: its colour field takes the spare, the text ends at the foot
    colour = principle_colour(p.number)
    items: list[Item] = [Shape(cell, fill=TINT), Shape(Rect(cell.x, cell.y, cell.w, head_h), fill=colour)]
    sect = Group(GroupTag.SECT, f"principle {p.number}")
    heading = Role(Tag.H2, key="title").inside(sect)  # the numeral and the title: one H2
    numeral_style = st["numeral"]
    numeral_w = pt_to_mm(fonts.width(str(p.number), "bold", numeral_style.size))
    cap = pt_to_mm(numeral_style.size) * CAP_HEIGHT
    numeral_top = cell.y + head_h / 2 + cap / 2 - pt_to_mm(numeral_style.size) * ASCENT
    items.append(
        set_lines(
            fonts,
            [str(p.number)],
            numeral_style,
            cell.x + f.pad,
            numeral_top,
            numeral_w + 0.01,
            role=heading,
            where=Where(NAME, f"principle {p.number}'s number", p.source),
        )
    )
    title_h = block_height(st["tile_title"], len(title))
    items.append(
        set_lines(
            fonts,
            title,
            st["tile_title"],
            cell.x + title_x,
            cell.y + (head_h - title_h) / 2,
            cell.w - title_x - f.pad,
            role=heading,
            bookmark=f"{p.number}. {p.title}",
            level=1,
            where=Where(NAME, f"principle {p.number}'s title", p.source),
        )
    )
    x, w = cell.x + f.pad, cell.w - 2 * f.pad
    y = cell.y + head_h + f.pad
    if context:
        ctx = set_lines(
            fonts,
            context,
            st["context"],
            x,
            y,
            w,
            role=PARAGRAPH.inside(sect),
            where=Where(NAME, f"principle {p.number}'s context", p.source),
        )
        items.append(ctx)
        y = ctx.box.bottom + f.block_gap * 0.5
    body = set_lines(
        fonts,
        summary,
        st["body"],
        x,
        y,
        w,
        role=PARAGRAPH.inside(sect),
        where=Where(NAME, f"principle {p.number}'s summary", p.source),
    )
    items.append(body)
    if quote and label:
        y = body.box.bottom + 1.5 * f.block_gap
        qx = x + f.quote_bar + f.block_gap
        qw = w - f.quote_bar - f.block_gap
        quote_role = PARAGRAPH.inside(sect, Group(GroupTag.BLOCKQUOTE, f"quote {p.number}"))
        text = set_lines(
            fonts,
            quote,
            st["quote"],
            qx,
            y,
            qw,
            role=quote_role,
            where=Where(NAME, f"a quote of principle {p.number}", p.source),
        )
        by = set_lines(
            fonts,
            label,
            st["label"],
            qx,
            text.box.bottom + f.block_gap * 0.5,
            qw,
            role=quote_role,
            where=Where(NAME, "the quote label", labels.source),
        )
        items.append(Shape(Rect(x, y, f.quote_bar, by.box.bottom - y), fill=colour))
        items += [text, by]
    return items


# --- the care moments: pictogram, label and the principles that matter then --------------------------


def _moment_principles(content: Content) -> dict[str, list[int]]:
    """For each moment, the numbers of the principles with a practice that matters most then."""
    return {
        m.id: sorted({p.number for p in content.principles for pr in p.practices if m.id in pr.moments})
        for m in content.moments
    }


def _moments_layout(content: Content, fonts: Fonts, st, f: _Frame, width: float):
    """(height, head height, columns, cell height, label lines per moment) for the moments tile.

    One column where that is lowest and fits, else two: each cell a pictogram, the moment's label
    and the numbers of its principles."""
    heading, heading_h = _measured(fonts, content.labels("moments_heading"), st["moments_title"], width - 2 * f.pad)
    head_h = heading_h + 2 * f.pad
    numbers = _moment_principles(content)
    best = None
    for cols in (1, 2, 3):
        cell_w = (width - 2 * f.pad - (cols - 1) * f.gutter) / cols
        text_w = cell_w - f.moment_icon - f.block_gap
        chips_w = max(len(v) for v in numbers.values()) * (f.chip + f.chip * 0.25)
        if text_w < chips_w:
            break
        labels = [measure(fonts, m.short, st["moment"], text_w)[0] for m in content.moments]
        if any(lines is None for lines in labels):
            continue
        cell_h = max(
            max(f.moment_icon, block_height(st["moment"], len(lines or [])) + f.block_gap * 0.5 + f.chip)
            for lines in labels
        )
        n_rows = -(-len(content.moments) // cols)
        height = head_h + f.pad + n_rows * cell_h + (n_rows - 1) * f.block_gap + f.pad
        if best is None or height < best[0] - 1e-6:
            best = (height, head_h, cols, cell_h, labels, heading)
    if best is None:
        widest = max(content.moments, key=lambda m: fonts.width(m.short, st["moment"].style, st["moment"].size))
        raise _TooNarrow(f"the {widest.id} moment's short name (a word wider than the moments tile)", "moments.toml")
    return best


def _moments_tile(content: Content, fonts: Fonts, st, f: _Frame, cell: Rect) -> list[Item]:
    _, head_h, cols, cell_h, labels, heading_lines = _moments_layout(content, fonts, st, f, cell.w)
    items: list[Item] = [Shape(cell, fill=TINT), Shape(Rect(cell.x, cell.y, cell.w, head_h), fill=INK)]
    sect = Group(GroupTag.SECT, "moments")
    heading_text = content.labels("moments_heading")
    items.append(
        set_lines(
            fonts,
            heading_lines,
            st["moments_title"],
            cell.x + f.pad,
            cell.y + f.pad,
            cell.w - 2 * f.pad,
            role=Role.heading(2).inside(sect),
            bookmark=heading_text,
            level=1,
            where=Where(NAME, "the moments heading", content.labels.source),
        )
    )
    numbers = _moment_principles(content)
    cell_w = (cell.w - 2 * f.pad - (cols - 1) * f.gutter) / cols
    body_top = cell.y + head_h + f.pad
    style = st["moment"]
    for i, (m, lines) in enumerate(zip(content.moments, labels)):
        col, row = i % cols, i // cols
        x = cell.x + f.pad + col * (cell_w + f.gutter)
        y = body_top + row * (cell_h + f.block_gap)
        # the label and its principle badges are one body, which a listener hears as
        # "Appointments: principles 1, 2, 3, 4" (its /Alt), not as bare numbers
        shown = numbers[m.id]
        spoken = content.labels(
            "moment_principles" if len(shown) > 1 else "moment_principle",
            moment=" ".join(lines or []),
            numbers=", ".join(map(str, shown)),
        )
        role = Role(Tag.LBODY, key="body", alt=spoken).inside(
            sect, Group(GroupTag.L, "moments"), Group(GroupTag.LI, m.id)
        )
        items += pictogram(m.id, Rect(x, y, f.moment_icon, f.moment_icon), INK, TINT)
        tx = x + f.moment_icon + f.block_gap
        label = set_lines(
            fonts,
            lines or [],
            style,
            tx,
            y,
            cell_w - f.moment_icon - f.block_gap,
            role=role,
            where=Where(NAME, f"the {m.id} moment's label", "moments.toml"),
        )
        items.append(label)
        cy = label.box.bottom + f.block_gap * 0.5 + f.chip / 2
        for j, n in enumerate(numbers[m.id]):
            cx = tx + f.chip / 2 + j * f.chip * 1.25
            items += number_badge(fonts, n, cx, cy, f.chip, st["chip"], role=role)
    return items


# --- the footer: one grid for every edition ---------------------------------------------------------


def _footer(content: Content, fonts: Fonts, st, f: _Frame, brand: Brand | None) -> tuple[list[Item], list[Item], float]:
    """The brand space on the left, the call to action with its QR code on the right.

    Returns (items, brand items, top). The footer's size never depends on the brand: national and
    branded editions share one grid. On the national edition the brand space carries the
    document's attribution; a branded edition has the brand there and the attribution under it.
    """
    doc = content.document
    where = Where(NAME, "footer", doc.source)
    qr_total = qr_size(doc.link_url, f.qr_symbol)
    cta_w = f.content_w * CTA_SHARE
    text_w = cta_w - qr_total - f.block_gap
    link = content.labels("read_full", link=doc.link_label)
    cta_lines = wrap(fonts, link, st["cta"], text_w, address=True)
    if cta_lines is None:
        raise FitError(NAME, "the call to action", content.labels.source, "a word is wider than its column")
    attribution_lines = wrap(fonts, content.attribution, st["credit"], f.content_w - cta_w - f.gutter)
    if attribution_lines is None:
        raise FitError(NAME, "the attribution", doc.source, "a word is wider than its column")
    band_h = max(
        qr_total,
        block_height(st["cta"], len(cta_lines)),
        block_height(st["credit"], len(attribution_lines)),
        f.logo_h,
        _brand_text_height(st),
    )
    credit_h = f.block_gap * 0.6 + block_height(st["footer"], 1)  # the credit line under a branded band
    bottom = f.height - f.bottom - credit_h
    top = bottom - band_h
    right = f.margin + f.content_w
    items: list[Item] = qr_code(doc.link_url, right - qr_total, top, f.qr_symbol)
    items.append(
        set_lines(
            fonts,
            cta_lines,
            st["cta"],
            right - cta_w,
            top,
            text_w,
            role=Role.link(doc.link_url).read(2),
            where=Where(NAME, "the call to action", content.labels.source),
        )
    )
    space = Rect(f.margin, top, f.content_w - cta_w - f.gutter, band_h)
    brand_items: list[Item] = []
    if brand is None:  # the brand space carries the document's own attribution
        attribution = set_lines(
            fonts, attribution_lines, st["credit"], space.x, top, space.w, role=PARAGRAPH.read(2), where=where
        )
    else:  # the brand in its space; the attribution on the credit line under it
        attribution = fit_text(
            fonts,
            content.attribution,
            st["footer"],
            Rect(f.margin, bottom + f.block_gap * 0.6, f.content_w, block_height(st["footer"], 1)),
            where,
            max_lines=1,
            role=PARAGRAPH.read(2),
        )
        text_scale = st["body"].size / (POSTER_BODY_AT_A4 * f.s)
        brand_items = [BrandSlot("poster band", space, (f.s, text_scale, f.width))]
    items.insert(1, attribution)  # read before the call to action
    return items, brand_items, top


BAND_LINES = 5  # contact (two lines), web address and edition (or the name, where it is typeset)


def _brand_text_height(st) -> float:
    return block_height(st["footer"], BAND_LINES)


def brand_band(slot: BrandSlot, brand: Brand, fonts: Fonts) -> list[Item]:
    """Fills the poster's brand space: logo; name (unless the logo carries it), contact, edition, address."""
    s, text_scale, width = slot.params
    return _brand_band(brand, fonts, poster_styles(s * text_scale, poster_display(width)), s, slot.rect)


def _brand_band(brand: Brand, fonts: Fonts, st, s: float, band: Rect) -> list[Item]:
    items: list[Item] = []
    x = band.x
    gap = SP.block_gap * s
    if brand.logo:
        box_w, box_h = min(SP.logo_w * s, band.w * 0.32), min(SP.logo_h * s, band.h)
        w = min(box_w, box_h * brand.logo.aspect)
        h = w / brand.logo.aspect
        items.append(
            Image(
                Rect(x, band.y, w, h),
                brand.logo.data,
                brand.logo.width,
                brand.logo.height,
                brand.logo.source,
                alt=f"{brand.name} logo",
            )
        )
        x += w + 2 * gap
    lines: list[tuple[str, TextStyle, int, str, Role]] = []
    if brand.shows_name:
        lines.append((brand.name, st["footer_bold"].with_colour(brand.accent or INK), 2, "name", PARAGRAPH.read(1)))
    lines += [(line, st["footer"], 1, "contact", PARAGRAPH.read(1)) for line in brand.contact]
    if brand.url:
        lines.append((brand.shown_url, st["footer_bold"], 2, "web address", Role.link(brand.url).read(1)))
    if brand.edition:
        lines.append((brand.edition, st["footer"], 2, "edition", PARAGRAPH.read(1)))
    failed = None
    for scale in BAND_SCALES:  # one size for the whole block, as large as fits: closer lines, then smaller type
        for between in (0.2 * gap, 0.0):
            try:
                return items + _band_lines(fonts, lines, brand, band, x, between, scale)
            except FitError as exc:
                failed = exc
    assert failed is not None
    raise _band_full(fonts, lines, brand, band, x, failed)


BAND_SCALES = tuple(1.0 - 0.04 * n for n in range(6))  # the brand's lines shrink together, to 80% at most


def _band_lines(fonts: Fonts, lines: list, brand: Brand, band: Rect, x: float, gap: float, scale: float) -> list[Item]:
    items: list[Item] = []
    y = band.y
    for text, style, most, element, role in lines:
        item = fit_text(
            fonts,
            text,
            style.scaled(scale),
            Rect(x, y, band.right - x, band.bottom - y),
            Where(NAME, f"brand {element}", brand.source),
            max_lines=most,
            role=role,
            address=element == "web address",
        )
        items.append(item)
        y = item.box.bottom + gap
    return items


def _band_full(fonts: Fonts, lines: list, brand: Brand, band: Rect, x: float, exc: FitError) -> FitError:
    """Which of the brand's lines fill the space: the element that ran out of room is seldom the
    one to shorten (a web address on two lines leaves no room for the edition)."""
    taken = []
    for text, style, most, element, _ in lines:
        small = style.scaled(BAND_SCALES[-1])
        wrapped = wrap(fonts, text, small, band.right - x, address=element == "web address") or [text]
        taken.append((element, min(len(wrapped), most)))
    long = [element for element, n in taken if n > 1]
    return FitError(
        NAME,
        exc.element,
        brand.source,
        f"the brand space{' beside the logo' if brand.logo else ''} holds {BAND_LINES} lines and the brand needs "
        f"{sum(n for _, n in taken)}: "
        + ", ".join(f"{element} {n}" for element, n in taken)
        + (f"; a {' or '.join(long)} short enough for one line would fit" if long else ""),
    )


# --- the recipe -------------------------------------------------------------------------------

SIZES = ("a4", "a3", "a2", "a1", "a0", "letter", "tabloid")


def poster_job(size: str, target: Target, path: Path | None, out_dir: Path = DEFAULT_OUTPUT) -> Job:
    size = choose("poster size", size, SIZES)
    return make_job(NAME, size, target, path or out_dir / f"poster-{size}-{target.value}.pdf")


def _compose_job(job: Job, c: Compose) -> PlanDocument:
    w, h = sheet_size(job.size)
    spec = PageSpec.make(w, h, job.target, bleed=c.settings.bleed, safe_margin=5.0)
    return compose_poster(c.content, c.fonts, spec, c.brand)


PRODUCT = Product(
    name=NAME,
    help="Make the summary poster, A4 to A0.\n\n\b\nExample:\n  principles poster --size A2 --target press -o poster-a2.pdf",
    options=(Option("size", "--size", "choice", "Sheet size (portrait).", SIZES, "a3"),),
    job=poster_job,
    compose=_compose_job,
    default_jobs=lambda out: [
        poster_job("a2", Target.PRESS, None, out),
        poster_job("a3", Target.OFFICE, None, out),
        poster_job("a4", Target.OFFICE, None, out),
    ],
    default_name="poster-SIZE-TARGET.pdf",
    brand_slots={"poster band": brand_band},
)
