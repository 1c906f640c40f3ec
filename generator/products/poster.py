"""The summary poster: title, the five principles as equal tiles, the care moments, quotes, attribution.

Everything is drawn at `poster_scale(width)` times its A4 size, so the A4 poster is the A0 one in
miniature. Spare height goes to the gaps; quotes are added only where they fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.brand import Brand
from generator.content.model import Content, Labels, Principle
from generator.errors import FitError
from generator.fonts import Fonts
from generator.geometry import PageSpec, sheet_size
from generator.layout.text import Where, block_height, fit_text, measure, set_lines
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
    Stroke,
    Tag,
    TextItem,
    translate,
)
from generator.products.components import CAP_HEIGHT, colour_stripe, number_badge
from generator.products.qr import QUIET_MODULES, qr_code, qr_matrix
from generator.products.recipe import Compose, Option, Product
from generator.settings import DEFAULT_OUTPUT, Job, choose, make_job
from generator.targets import Target
from generator.theme import (
    INK,
    PAPER,
    POSTER_BODY_AT_A4,
    POSTER_MIN_SCALE,
    RULE,
    TINT,
    TextStyle,
    poster_scale,
    poster_styles,
    principle_colour,
)
from generator.units import Rect, pt_to_mm

NAME = "poster"
QR_POSTER_TOTAL = 22.0  # mm at A4 scale: the QR code with its quiet zone; the symbol is then >= 15 mm
LOGO_W, LOGO_H = 40.0, 16.0  # mm at A4 scale: the box a logo is fitted into
BAND_NAME_LINES, BAND_CONTACT_LINES = 2, 2


@dataclass(frozen=True)
class _Frame:
    """Sizes in mm for one poster, already multiplied by the sheet's scale."""

    s: float
    width: float
    height: float

    @property
    def margin(self) -> float:
        return 12 * self.s

    @property
    def gutter(self) -> float:
        return 5 * self.s

    @property
    def pad(self) -> float:
        return 4.5 * self.s

    @property
    def badge(self) -> float:
        return 11 * self.s

    @property
    def content_w(self) -> float:
        return self.width - 2 * self.margin

    @property
    def cell_w(self) -> float:
        return (self.content_w - self.gutter) / 2


def compose_poster(content: Content, fonts: Fonts, spec: PageSpec, brand: Brand | None = None) -> PlanDocument:
    """One portrait page; shrinks text (never below POSTER_MIN_SCALE) only if it must."""
    text_scale = 1.0
    while True:
        try:
            items, brand_items = _compose(content, fonts, spec, text_scale, brand)
            break
        except _TooTall as exc:
            if text_scale <= POSTER_MIN_SCALE + 1e-9:
                raise FitError(
                    NAME, exc.element, exc.source, f"needs {exc.needed:.0f} mm more height at the smallest text size"
                ) from None
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
    f = _Frame(poster_scale(spec.trim_w), spec.trim_w, spec.trim_h)
    st = poster_styles(f.s * text_scale)
    doc = content.document
    where = lambda element: Where(NAME, element, doc.source)  # noqa: E731

    items: list[Item] = []
    # Header band: runs off the top and sides into the bleed.
    y = 8 * f.s
    title = fit_text(
        fonts,
        doc.title,
        st["title"],
        Rect(f.margin, y, f.content_w, 80 * f.s),
        where("title"),
        role=Role.heading(1),
        max_lines=2,
        bookmark=doc.title,
    )
    y = title.box.bottom + 3 * f.s
    subtitle = fit_text(
        fonts, doc.subtitle, st["subtitle"], Rect(f.margin, y, f.content_w, 60 * f.s), where("subtitle"), max_lines=3
    )
    band_h = subtitle.box.bottom + 6.5 * f.s
    items.append(Shape(Rect(0, 0, f.width, band_h), fill=INK, bleed=True))
    items += colour_stripe(Rect(0, band_h, f.width, 2.5 * f.s), bleed=True)
    items += [title, subtitle]
    y = band_h + 2.5 * f.s + 5 * f.s
    statement = fit_text(
        fonts,
        doc.statement,
        st["statement"],
        Rect(f.margin, y, f.content_w, 40 * f.s),
        where("statement"),
        align="center",
        max_lines=2,
    )
    items.append(statement)

    footer, brand_items, footer_top = _footer(content, fonts, st, f, brand)
    tiles_top_min = statement.box.bottom + 5 * f.s
    tile_h, tallest = _tile_height(content, fonts, st, f)
    grid_h = 3 * tile_h + 2 * f.gutter
    min_gap = 5 * f.s
    free = footer_top - min_gap - tiles_top_min - grid_h
    if free < 0:
        raise _TooTall(f"principle tiles (tallest: principle {tallest.number})", tallest.source, -free)

    quotes, quotes_h = _choose_quotes(content, fonts, st, f, free - min_gap)
    gaps = 3 if quotes else 2
    spare = free - (quotes_h + min_gap if quotes else 0)
    gap = min_gap + spare / gaps
    grid_top = tiles_top_min + spare / gaps
    items += _grid(content, fonts, st, f, grid_top, tile_h)
    if quotes:
        items += _place_quotes(content, quotes, fonts, st, f, grid_top + grid_h + gap)
    items += footer
    return items, brand_items


def _tile_parts(p: Principle, fonts: Fonts, st: dict[str, TextStyle], f: _Frame):
    """Measured pieces of one principle tile: (title lines, context lines, summary lines, height)."""
    head_w = f.cell_w - 2 * f.pad - f.badge - 4 * f.s
    body_w = f.cell_w - 2 * f.pad
    title, title_h = measure(fonts, p.title, st["tile_title"], head_w)
    context, context_h = measure(fonts, f"({p.context})", st["context"], head_w) if p.context else ([], 0.0)
    summary, summary_h = measure(fonts, p.summary, st["body"], body_w)
    if title is None or context is None or summary is None:
        raise _TooTall(f"principle {p.number} (a word wider than its tile)", p.source, float("inf"))
    head_h = max(f.badge, title_h + (1.5 * f.s + context_h if context else 0))
    height = 2 * f.pad + 1.8 * f.s + head_h + 3 * f.s + summary_h
    return title, context, summary, head_h, height


def _tile_height(content: Content, fonts: Fonts, st, f: _Frame) -> tuple[float, Principle]:
    heights = [(_tile_parts(p, fonts, st, f)[4], p) for p in content.principles]
    moments_h = (
        2 * f.pad
        + block_height(st["tile_title"], 1)
        + 4 * f.s
        + len(content.moments) * pt_to_mm(st["moment"].line_height) * 1.35
    )
    tallest_h, tallest = max(heights, key=lambda hp: hp[0])
    return max(tallest_h, moments_h), tallest


def _cell(f: _Frame, index: int, top: float, tile_h: float) -> Rect:
    col, row = index % 2, index // 2
    return Rect(f.margin + col * (f.cell_w + f.gutter), top + row * (tile_h + f.gutter), f.cell_w, tile_h)


def _grid(content: Content, fonts: Fonts, st, f: _Frame, top: float, tile_h: float) -> list[Item]:
    """Two columns, three rows: the five principles and the care moments, joined by one loop."""
    items: list[Item] = []
    first, last = _cell(f, 0, top, tile_h), _cell(f, 5, top, tile_h)
    # Links between every pair of neighbouring tiles: no tile stands above another.
    left, right = first.x + first.w / 2, last.x + last.w / 2
    for row in range(3):
        y = first.y + first.h / 2 + row * (tile_h + f.gutter)
        items.append(Stroke(left, y, right, y, RULE, 2.2 * f.s, cap=0))
    for x in (left, right):
        items.append(Stroke(x, first.y + first.h / 2, x, last.y + last.h / 2, RULE, 2.2 * f.s, cap=0))
    for i, p in enumerate(content.principles):
        items += _principle_tile(p, fonts, st, f, _cell(f, i, top, tile_h))
    items += _moments_tile(content, fonts, st, f, _cell(f, 5, top, tile_h))
    return items


def _principle_tile(p: Principle, fonts: Fonts, st, f: _Frame, cell: Rect) -> list[Item]:
    title, context, summary, head_h, _ = _tile_parts(p, fonts, st, f)
    colour = principle_colour(p.number)
    items: list[Item] = [Shape(cell, fill=TINT), Shape(Rect(cell.x, cell.y, cell.w, 1.8 * f.s), fill=colour)]
    top = cell.y + 1.8 * f.s + f.pad
    sect = Group(GroupTag.SECT, f"principle {p.number}")
    heading = Role(Tag.H2, key="title").inside(sect)  # the badge's number and the title: one H2
    items += number_badge(
        fonts, p.number, cell.x + f.pad + f.badge / 2, top + f.badge / 2, f.badge, st["number"], role=heading
    )
    text_x = cell.x + f.pad + f.badge + 4 * f.s
    text_w = cell.right - f.pad - text_x
    title_h = block_height(st["tile_title"], len(title))
    head_top = top + max(
        0.0, (head_h - title_h - (1.5 * f.s + block_height(st["context"], len(context)) if context else title_h)) / 2
    )
    title_item = set_lines(
        fonts,
        title,
        st["tile_title"],
        text_x,
        head_top,
        text_w,
        role=heading,
        bookmark=f"{p.number}. {p.title}",
        level=1,
        where=Where(NAME, f"principle {p.number}'s title", p.source),
    )
    items.append(title_item)
    if context:
        where = Where(NAME, f"principle {p.number}'s context", p.source)
        items.append(
            set_lines(
                fonts,
                context,
                st["context"],
                text_x,
                title_item.box.bottom + 1.5 * f.s,
                text_w,
                role=PARAGRAPH.inside(sect),
                where=where,
            )
        )
    items.append(
        set_lines(
            fonts,
            summary,
            st["body"],
            cell.x + f.pad,
            top + head_h + 3 * f.s,
            cell.w - 2 * f.pad,
            role=PARAGRAPH.inside(sect),
            where=Where(NAME, f"principle {p.number}'s summary", p.source),
        )
    )
    return items


def _moments_tile(content: Content, fonts: Fonts, st, f: _Frame, cell: Rect) -> list[Item]:
    items: list[Item] = [Shape(cell, fill=PAPER, stroke=INK, stroke_width=0.5 * f.s)]
    x, y = cell.x + f.pad, cell.y + 1.8 * f.s + f.pad
    heading_text = content.labels("moments_heading")
    sect = Group(GroupTag.SECT, "moments")
    heading = set_lines(
        fonts,
        [heading_text],
        st["tile_title"],
        x,
        y,
        cell.w - 2 * f.pad,
        role=Role.heading(2).inside(sect),
        bookmark=heading_text,
        level=1,
        where=Where(NAME, "the moments heading", content.labels.source),
    )
    items.append(heading)
    y = heading.box.bottom + 4 * f.s
    style = st["moment"]
    step = (cell.bottom - f.pad - y) / len(content.moments)
    dot = 2.4 * f.s
    for m in content.moments:
        item = Role(Tag.LBODY).inside(sect, Group(GroupTag.L, "moments"), Group(GroupTag.LI, m.label))
        line = set_lines(
            fonts,
            [m.label],
            style,
            x + dot + 3 * f.s,
            y,
            cell.w - 2 * f.pad - dot - 3 * f.s,
            role=item,
            where=Where(NAME, f"the {m.id} moment's label", "moments.toml"),
        )
        cy = line.lines[0].baseline - pt_to_mm(style.size) * CAP_HEIGHT / 2
        items.append(Shape(Rect(x, cy - dot / 2, dot, dot), stroke=INK, stroke_width=0.45 * f.s, kind="circle"))
        items.append(line)
        y += step
    return items


def _quote_parts(labels: Labels, fonts: Fonts, st, f: _Frame, quote: str, p: Principle, col_w: float):
    """Wrapped quote and label lines for one column, and their height; None if a word is too wide."""
    width = col_w - 4 * f.s
    lines, h = measure(fonts, f"“{quote}”", st["quote"], width)
    label, label_h = measure(fonts, labels("quote_by", number=p.number), st["label"], width)
    if lines is None or label is None:
        return None
    return lines, label, h + 2 * f.s + label_h


def _choose_quotes(content: Content, fonts: Fonts, st, f: _Frame, room: float):
    """The shortest quote of each principle, in as many columns (3, 2 or 1) as fit the room left."""
    shortest = sorted(((min(p.quotes, key=len), p) for p in content.principles if p.quotes), key=lambda qp: len(qp[0]))
    for count in (3, 2, 1):
        chosen = sorted(shortest[:count], key=lambda qp: qp[1].number)
        if len(chosen) < count:
            continue
        col_w = (f.content_w - (count - 1) * f.gutter) / count
        parts = [_quote_parts(content.labels, fonts, st, f, q, p, col_w) for q, p in chosen]
        if None not in parts and max(h for _, _, h in parts) <= room:
            return chosen, max(h for _, _, h in parts)
    return [], 0.0


def _place_quotes(content: Content, chosen, fonts: Fonts, st, f: _Frame, top: float) -> list[Item]:
    count = len(chosen)
    col_w = (f.content_w - (count - 1) * f.gutter) / count
    items: list[Item] = []
    for i, (quote, p) in enumerate(chosen):
        x = f.margin + i * (col_w + f.gutter)
        lines, label_lines, _ = _quote_parts(content.labels, fonts, st, f, quote, p, col_w)
        where = Where(NAME, f"a quote of principle {p.number}", p.source)
        quote_role = PARAGRAPH.inside(Group(GroupTag.BLOCKQUOTE, f"quote {p.number}"))
        text = set_lines(fonts, lines, st["quote"], x + 4 * f.s, top, col_w - 4 * f.s, role=quote_role, where=where)
        label = set_lines(
            fonts,
            label_lines,
            st["label"],
            x + 4 * f.s,
            text.box.bottom + 2 * f.s,
            col_w - 4 * f.s,
            role=quote_role,
            where=Where(NAME, "the quote label", content.labels.source),
        )
        items.append(Shape(Rect(x, top, 1.2 * f.s, label.box.bottom - top), fill=principle_colour(p.number)))
        items += [text, label]
    return items


def _footer(content: Content, fonts: Fonts, st, f: _Frame, brand: Brand | None) -> tuple[list[Item], list[Item], float]:
    """Attribution and link at the foot; with a brand, its band above them.

    Returns (items, brand items, top). The band's size never depends on the brand's values, so
    every edition shares the same layout and only the brand items differ.
    """
    doc = content.document
    where = Where(NAME, "footer", doc.source)
    bottom = f.height - 10 * f.s
    link = content.labels("read_full", link=doc.link_label)
    h = block_height(st["footer"], 2) + 0.0
    top = bottom - h
    attribution = fit_text(
        fonts,
        content.attribution,
        st["footer"],
        Rect(f.margin, top, f.content_w, h),
        where,
        max_lines=1,
        role=PARAGRAPH.read(2),
    )
    link_item = fit_text(
        fonts,
        link,
        st["footer_bold"],
        Rect(f.margin, top + pt_to_mm(st["footer"].line_height), f.content_w, h),
        where,
        max_lines=1,
        role=Role.link(doc.link_url).read(2),
    )
    items: list[Item] = [attribution, link_item]
    brand_items: list[Item] = []
    if brand is not None:
        band = Rect(f.margin, top - 4 * f.s - _band_height(st, f), f.content_w, _band_height(st, f))
        brand_items = [BrandSlot("poster band", band, (f.s, st["body"].size / (POSTER_BODY_AT_A4 * f.s)))]
        top = band.y
    items.append(Shape(Rect(f.margin, top - 4 * f.s, f.content_w, 0.35 * f.s), fill=RULE))
    return items, brand_items, top - 4 * f.s


def _band_text_height(st, f: _Frame) -> float:
    """Room for a two-line name, two contact lines and an edition line."""
    return (
        block_height(st["footer_bold"], BAND_NAME_LINES)
        + block_height(st["footer"], BAND_CONTACT_LINES)
        + block_height(st["footer"], 1)
        + 2 * 0.8 * f.s
    )


def _band_height(st, f: _Frame) -> float:
    return max(QR_POSTER_TOTAL * f.s, LOGO_H * f.s, _band_text_height(st, f))


def brand_band(slot: BrandSlot, brand: Brand, fonts: Fonts) -> list[Item]:
    """Fills the poster's brand band: logo, name, contact and edition; QR code and its address."""
    s, text_scale = slot.params
    return _brand_band(brand, fonts, poster_styles(s * text_scale), s, slot.rect)


def _brand_band(brand: Brand, fonts: Fonts, st, s: float, band: Rect) -> list[Item]:
    """Logo, name, contact and edition on the left; the QR code and its address on the right."""
    where = Where(NAME, "brand footer", brand.source)
    items: list[Item] = []
    x, right = band.x, band.right
    total = QR_POSTER_TOTAL * s
    url_w = min(48 * s, band.w * 0.3)
    if brand.url:
        n = len(qr_matrix(brand.url))
        symbol = total * n / (n + 2 * QUIET_MODULES)  # at least 15 mm: 22 mm holds 21 modules + quiet zone
        items += qr_code(brand.url, right - total, band.bottom - total, symbol, order=1)
        url_item = fit_text(
            fonts,
            brand.url,
            st["footer"],
            Rect(right - total - 3 * s - url_w, band.y, url_w, band.h),
            where,
            align="right",
            role=Role.link(brand.url).read(1),
            address=True,
        )
        items.append(translate(url_item, 0, band.h - url_item.box.h))
    right = right - total - url_w - 6 * s
    if brand.logo:
        box_w, box_h = LOGO_W * s, LOGO_H * s
        w = min(box_w, box_h * brand.logo.aspect)
        h = w / brand.logo.aspect
        items.append(
            Image(
                Rect(x, band.bottom - h, w, h),
                brand.logo.data,
                brand.logo.width,
                brand.logo.height,
                brand.logo.source,
                alt=f"{brand.name} logo",
            )
        )
    x += LOGO_W * s + 5 * s
    lines = [(brand.name, st["footer_bold"].with_colour(brand.accent or INK), BAND_NAME_LINES, "name")]
    lines += [(line, st["footer"], 1, "contact") for line in brand.contact]
    if brand.edition:
        lines.append((brand.edition, st["footer"], 1, "edition"))
    placed: list[TextItem] = []
    y = 0.0
    for text, style, most, element in lines:
        item = fit_text(
            fonts,
            text,
            style,
            Rect(x, y, right - x, 3 * style.line_height),
            Where(NAME, f"brand {element}", brand.source),
            max_lines=most,
        )
        placed.append(item)
        y = item.box.bottom + 0.8 * s
    shift = band.bottom - placed[-1].box.bottom
    items += [translate(item, 0, shift) for item in placed]
    return items


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
