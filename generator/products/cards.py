"""Pocket cards, one per care moment: a front that names the moment, a back with its prompts.

A moment whose prompts do not fit one card continues on the next ("1 of 2"); text is never
shrunk below its size to squeeze them in. Practices for "always" go in a strip on every card.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path as FilePath

from generator.brand import Brand
from generator.content.model import Content, Moment, Practice, Principle
from generator.errors import FitError, SettingsError
from generator.fonts import ASCENT, Fonts
from generator.geometry import PageSpec, sheet_size
from generator.layout.impose import sheet_card_safe, sheet_pages, sheet_slots, single_pages
from generator.layout.text import Where, block_height, fit_text, measure, set_lines
from generator.plan import (
    PAGINATION,
    PARAGRAPH,
    BrandSlot,
    Face,
    Group,
    GroupTag,
    Image,
    Item,
    Path,
    PlanDocument,
    Role,
    Shape,
    Tag,
    TextItem,
    translate,
)
from generator.products.components import CAP_HEIGHT, centred_label, number_badge
from generator.products.pictograms import pictogram
from generator.products.qr import QUIET_MODULES, qr_code, qr_matrix
from generator.products.recipe import Compose, Option, Product
from generator.settings import DEFAULT_OUTPUT, Job, choose, make_job
from generator.targets import Target
from generator.theme import CUT_CONTOUR, INK, MUTED, PAPER, RULE, TINT, TextStyle, principle_colour
from generator.units import Rect, pt_to_mm

NAME = "cards"
ALWAYS = "always"
MIN_SIZE = 7.0  # pt: nothing on a card is smaller
CARD_SAFE = 3.0  # mm
QR_CARD_TOTAL = 17.0  # mm: a card's QR code with its quiet zone; the symbol is then >= 12 mm
QR_URL_LINES = 3  # lines kept above the QR code for its address
BRAND_LINES = 2  # lines kept at the foot of the back for the organisation's name and address


@dataclass(frozen=True)
class CardFormat:
    """A card's trim size (mm) and type sizes (pt)."""

    name: str
    w: float
    h: float
    body: float
    label: float
    short: float
    small: float
    radius: float = 0.0  # rounded corners, drawn as the cut line in press output
    punchable: bool = False

    @property
    def landscape(self) -> bool:
        return self.w > self.h

    def punch_zone(self) -> Rect:
        """Keep-out for a lanyard slot punch, centred on the top edge."""
        return Rect(self.w / 2 - 8, 0, 16, 7.5)


FORMATS: dict[str, CardFormat] = {
    "a6": CardFormat("a6", 105, 148, body=9, label=22, short=11, small=8),
    "a7": CardFormat("a7", 74, 105, body=7.5, label=16, short=9, small=7),
    "id1": CardFormat("id1", 85.6, 53.98, body=7, label=13, short=8.5, small=7, radius=3.18, punchable=True),
}


def card_format(name: str) -> CardFormat:
    try:
        return FORMATS[name.lower()]
    except KeyError:
        raise SettingsError(f"unknown card format '{name}': expected one of {', '.join(FORMATS)}") from None


@dataclass(frozen=True)
class CardOptions:
    format: CardFormat
    moments: tuple[str, ...] = ()  # empty: every moment
    full_text: bool = False
    punch: bool = True  # only used where the format is punchable
    full_bleed: bool = False  # press: the front's colour runs into the bleed
    safe: float = CARD_SAFE  # mm; more where the card meets an office printer's unprintable edge
    brand: Brand | None = None


@dataclass(frozen=True)
class Card:
    moment: Moment
    index: int  # 1-based
    count: int
    practices: tuple[str, ...]  # practice ids on this card, "always" ones included
    front: Face
    back: Face


def compose_cards(content: Content, fonts: Fonts, options: CardOptions) -> list[Card]:
    """Every requested moment's cards, in the moments' order."""
    known = [m.id for m in content.moments if m.id != ALWAYS]
    for m in options.moments:
        if m not in known:
            raise SettingsError(f"unknown moment '{m}': expected one of {', '.join(known)}")
    chosen = [m for m in content.moments if m.id != ALWAYS and (not options.moments or m.id in options.moments)]
    layout = _Layout(options, fonts, content)
    always = content.practices_for(ALWAYS)
    cards: list[Card] = []
    for moment in chosen:
        entries = [(p, pr) for p, pr in content.practices_for(moment.id) if ALWAYS not in pr.moments]
        pages = layout.paginate(entries, always, moment)
        for i, page in enumerate(pages, start=1):
            on_card = page + always
            numbers = sorted({p.number for p, _ in on_card})
            cards.append(
                Card(
                    moment,
                    i,
                    len(pages),
                    tuple(pr.id for _, pr in on_card),
                    layout.front(moment, numbers, i, len(pages)),
                    layout.back(moment, page, always, i, len(pages)),
                )
            )
    return cards


class _Layout:
    """Measures and places the pieces of one card format."""

    def __init__(self, options: CardOptions, fonts: Fonts, content: Content):
        f = options.format
        self.labels, self.title = content.labels, content.document.title
        self.where = lambda element: Where(NAME, element, content.labels.source)  # noqa: E731
        self.o, self.f, self.fonts = options, f, fonts
        self.st = {
            "title": TextStyle("bold", f.small, 1.2, PAPER),
            "label": TextStyle("bold", f.label, 1.1, PAPER),
            "caption": TextStyle("regular", f.small, 1.2, PAPER),
            "count": TextStyle("bold", f.small, 1.2, PAPER),
            "short": TextStyle("bold", f.short, 1.15, INK),
            "back_count": TextStyle("bold", f.small, 1.2, MUTED),
            "body": TextStyle("regular", f.body, 1.25, INK),
            "number": TextStyle("bold", max(MIN_SIZE, f.body - 1), 1.0, PAPER),
            "strip": TextStyle("bold", f.small, 1.2, INK),
        }
        self.safe = Rect(0, 0, f.w, f.h).inset(options.safe)
        self.brand = options.brand
        # the back keeps a line at its foot for the organisation's name
        # the same room whatever the brand says, so every edition shares one layout
        name_h = block_height(TextStyle("bold", f.small, 1.2), BRAND_LINES) + 1.5 if self.brand else 0.0
        self.content_bottom = self.safe.bottom - name_h
        self.punch = f.punch_zone() if f.punchable and options.punch else None
        self.disc = pt_to_mm(f.body) * 1.45
        self.gap = pt_to_mm(f.body) * 0.55

    # --- the back -------------------------------------------------------------------------

    def _text_of(self, pr: Practice) -> str:
        return pr.text if self.o.full_text else pr.prompt

    def _entry_width(self, inset: float = 0.0) -> float:
        return self.safe.w - self.disc - 1.8 - inset

    def _entry_height(self, pr: Practice, inset: float = 0.0) -> float:
        lines, h = measure(self.fonts, self._text_of(pr), self.st["body"], self._entry_width(inset))
        if lines is None:
            raise FitError(NAME, f"practice '{pr.id}'", pr.source, "a word is wider than the card")
        return max(h, self.disc)

    def _header_bottom(self) -> float:
        """The header row sits beside the punch slot (see back()), never below it."""
        return self.safe.y + block_height(self.st["short"], 1) + 2.2

    def _strip_height(self, always: list[tuple[Principle, Practice]]) -> float:
        if not always:
            return 0.0
        pad = 2.0
        label_h = block_height(self.st["strip"], 1)
        body = sum(self._entry_height(pr, 2 * pad) for _, pr in always) + self.gap * (len(always) - 1)
        return pad + label_h + 1.2 + body + pad

    def paginate(self, entries, always, moment: Moment) -> list[list[tuple[Principle, Practice]]]:
        """Split the moment's practices over as few cards as they need, in order, evenly filled."""
        top = self._header_bottom() + 1.5
        bottom = self.content_bottom - (self._strip_height(always) + 2.0 if always else 0.0)
        room = bottom - top
        heights = [self._entry_height(pr) for _, pr in entries]
        for (_, pr), h in zip(entries, heights):
            if h > room:
                raise FitError(
                    NAME,
                    f"practice '{pr.id}' on the {moment.id} card",
                    pr.source,
                    f"needs {h:.1f} mm, the card has {room:.1f} mm",
                )
        pages = self._fill(entries, heights, room)
        if len(pages) > 1:  # the least room that still needs no more cards balances them
            lo, hi = max(heights), room
            for _ in range(24):
                mid = (lo + hi) / 2
                lo, hi = (lo, mid) if len(self._fill(entries, heights, mid)) == len(pages) else (mid, hi)
            pages = self._fill(entries, heights, hi)
        return pages

    def _fill(self, entries, heights: list[float], room: float) -> list[list]:
        pages: list[list] = [[]]
        used = 0.0
        for entry, h in zip(entries, heights):
            need = h if not pages[-1] else h + self.gap
            if used + need > room + 1e-6:
                pages.append([])
                used, need = 0.0, h
            pages[-1].append(entry)
            used += need
        return pages

    def _entry(
        self, p: Principle, pr: Practice, x: float, y: float, width: float, groups: tuple[Group, ...] = ()
    ) -> list[Item]:
        lines, h = measure(self.fonts, self._text_of(pr), self.st["body"], width - self.disc - 1.8)
        # centre the disc on the first line's capital height
        first_cap = y + pt_to_mm(self.st["body"].size) * (ASCENT - CAP_HEIGHT / 2)
        cy = max(first_cap, y + self.disc / 2)
        item = (*groups, Group(GroupTag.LI, f"{p.number} {pr.id}"))  # a list item led by its principle's number
        badge = number_badge(
            self.fonts, p.number, x + self.disc / 2, cy, self.disc, self.st["number"], Role(Tag.LBL).inside(*item)
        )
        where = Where(NAME, f"practice '{pr.id}'", p.source)
        text = set_lines(
            self.fonts,
            lines or [],
            self.st["body"],
            x + self.disc + 1.8,
            y,
            width - self.disc - 1.8,
            role=Role(Tag.LBODY).inside(*item),
            where=where,
        )
        return [*badge, text]

    def back(self, moment: Moment, page, always, index: int, count: int) -> Face:
        s, items = self.safe, list[Item]()
        header_top = s.y
        label_w = s.w
        if self.punch:  # the label and the count sit either side of the punch slot
            label_w = self.punch.x - 1 - s.x
        short = fit_text(
            self.fonts,
            moment.short,
            self.st["short"],
            Rect(s.x, header_top, label_w, 20),
            Where(NAME, f"the {moment.id} card's short label", "moments.toml"),
            min_scale=MIN_SIZE / self.st["short"].size,
            max_lines=1,
            role=PAGINATION,  # the back repeats the front's heading, a running header
            bookmark=f"{moment.label}{f' ({self._of(index, count)})' if count > 1 else ''}",
        )
        items.append(short)
        if count > 1:
            items.append(
                self._right_text(self._of(index, count), self.st["back_count"], header_top, s.right, PAGINATION)
            )
        rule_y = self._header_bottom() - 1.0
        items.append(Shape(Rect(s.x, rule_y, s.w, 0.25), fill=RULE))
        y = self._header_bottom() + 1.5
        card = Group(GroupTag.SECT, f"{moment.id} {index}")
        for p, pr in page:
            entry = self._entry(p, pr, s.x, y, s.w, (card, Group(GroupTag.L, "prompts")))
            items += entry
            y += self._entry_height(pr) + self.gap
        if always:
            items += self._always_strip(always, card)
        slot = (BrandSlot("card back", s, (self.f.name,)),) if self.brand else ()
        return Face(tuple(items), slot)

    def _of(self, index: int, count: int) -> str:
        return self.labels("card_of", index=index, count=count)

    def _right_text(self, text: str, style: TextStyle, top: float, right: float, role: Role = PARAGRAPH) -> TextItem:
        w = pt_to_mm(self.fonts.width(text, style.style, style.size))
        return set_lines(self.fonts, [text], style, right - w, top, w, role=role, where=self.where("card count"))

    def _always_strip(self, always, card: Group) -> list[Item]:
        pad = 2.0
        h = self._strip_height(always)
        box = Rect(self.safe.x, self.content_bottom - h, self.safe.w, h)
        items: list[Item] = [Shape(box, fill=TINT, radius=1.5)]
        label = set_lines(
            self.fonts,
            [self.labels("always")],
            self.st["strip"],
            box.x + pad,
            box.y + pad,
            box.w - 2 * pad,
            role=Role.heading(3).inside(card),
            where=self.where("the 'always' heading"),
        )
        items.append(label)
        y = label.box.bottom + 1.2
        for p, pr in always:
            items += self._entry(p, pr, box.x + pad, y, box.w - 2 * pad, (card, Group(GroupTag.L, "always")))
            y += self._entry_height(pr, 2 * pad) + self.gap
        return items

    # --- the front ------------------------------------------------------------------------

    def front(self, moment: Moment, numbers: list[int], index: int, count: int) -> Face:
        f, s = self.f, self.safe
        items: list[Item] = []
        panel = Rect(0, 0, f.w, f.h) if self.o.full_bleed else s
        items.append(Shape(panel, fill=INK, bleed=self.o.full_bleed, radius=0.0 if self.o.full_bleed else 2.0))
        inner = s.inset(2.0) if not self.o.full_bleed else s.inset(1.0)
        card = Group(GroupTag.SECT, f"{moment.id} {index}")  # the front and the back: one section
        # the first card's title heads the deck; on the others it repeats, a running header
        title_role, self.titled = (PAGINATION if getattr(self, "titled", False) else Role.heading(1)), True
        title = set_lines(
            self.fonts,
            [self.title],
            self.st["title"],
            inner.x,
            inner.y,
            inner.w,
            role=title_role,
            where=Where(NAME, "the card front's title", "document.toml"),
        )
        items.append(title)
        if count > 1:
            items.append(self._right_text(self._of(index, count), self.st["count"], inner.y, inner.right, PAGINATION))
        discs = self._principle_row(numbers, inner, card)
        discs_top = min(i.rect.y for i in discs if isinstance(i, Shape))
        caption_h = block_height(self.st["caption"], 1)
        caption = set_lines(
            self.fonts,
            [self.labels("card_principles")],
            self.st["caption"],
            inner.x,
            discs_top - 1.5 - caption_h,
            inner.w,
            role=PARAGRAPH.inside(card).read(1),
            where=self.where("the principles caption"),
        )
        where = Where(NAME, f"the {moment.id} card's label", "moments.toml")
        block_top = caption.box.y
        brand_items: list[Item] = []
        if self.brand and self.qr_on_front:  # the QR corner is kept whether or not there is an address
            block_top = min(block_top, _qr_block_top(self.f, inner))
            brand_items = [BrandSlot("card front", inner, (self.f.name,))]
        area = Rect(inner.x, title.box.bottom + 2.5, inner.w, block_top - 3 - (title.box.bottom + 2.5))
        label_style = self.st["label"]
        if f.landscape:  # pictogram on the left, the moment beside it
            icon = min(area.h, inner.w * 0.32)
            icon_box = Rect(inner.x, area.y, icon, icon)
            label_x = icon_box.right + 4
            label = fit_text(
                self.fonts,
                moment.label,
                label_style,
                Rect(label_x, area.y, inner.right - label_x, area.h),
                where,
                min_scale=MIN_SIZE / label_style.size,
                role=Role.heading(2).inside(card),
            )
        else:  # pictogram above the moment, the pair a little above the middle of the space
            icon = inner.w * 0.45
            gap = inner.h * 0.06
            label = fit_text(
                self.fonts,
                moment.label,
                label_style,
                Rect(inner.x, 0, inner.w, area.h - icon - gap),
                where,
                min_scale=MIN_SIZE / label_style.size,
                role=Role.heading(2).inside(card),
            )
            top = area.y + max(0.0, area.h - (icon + gap + label.box.h)) * 0.4
            icon_box = Rect(inner.x, top, icon, icon)
            label = translate(label, 0, icon_box.bottom + gap)  # type: ignore[assignment]
        items += pictogram(moment.id, icon_box, PAPER, INK)
        items.append(label)
        items.append(caption)
        items += discs
        return Face(tuple(items), tuple(brand_items))

    @property
    def qr_on_front(self) -> bool:
        """The rule for the QR code: portrait cards carry it; a landscape (ID-1) front has no room."""
        return not self.f.landscape

    def _principle_row(self, numbers: list[int], inner: Rect, card: Group) -> list[Item]:
        d = self.disc * 1.25
        step = d + 1.6
        y = inner.bottom - d
        items: list[Item] = []
        for i, n in enumerate(numbers):
            x = inner.x + i * step
            items.append(Shape(Rect(x - 0.35, y - 0.35, d + 0.7, d + 0.7), fill=PAPER, kind="circle"))
            items.append(Shape(Rect(x, y, d, d), fill=principle_colour(n), kind="circle"))
            numbers_role = Role(Tag.P, key="numbers").inside(card).read(1)  # "1 2 4", after the caption
            items.append(centred_label(self.fonts, str(n), self.st["number"], x + d / 2, y + d / 2, numbers_role))
        return items


SLOT_W, SLOT_H, SLOT_FROM_TOP = 13.0, 3.0, 3.0  # mm: a standard lanyard slot


def _rounded_rect(x: float, y: float, w: float, h: float, r: float) -> tuple[tuple, ...]:
    k = 0.5523 * r  # Bezier handle for a quarter circle
    return (
        ("M", x + r, y),
        ("L", x + w - r, y),
        ("C", x + w - r + k, y, x + w, y + r - k, x + w, y + r),
        ("L", x + w, y + h - r),
        ("C", x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h),
        ("L", x + r, y + h),
        ("C", x + r - k, y + h, x, y + h - r + k, x, y + h - r),
        ("L", x, y + r),
        ("C", x, y + r - k, x + r - k, y, x + r, y),
        ("Z",),
    )


def _qr_block_top(f: CardFormat, inner: Rect) -> float:
    return inner.bottom - QR_CARD_TOTAL - 1.5 - block_height(TextStyle("regular", f.small, 1.2), QR_URL_LINES)


def front_brand(slot: BrandSlot, brand: Brand, fonts: Fonts) -> list[Item]:
    """Fills a portrait card front's corner: the QR code, its address above it."""
    if not brand.url:
        return []
    f, inner, url = FORMATS[slot.params[0]], slot.rect, brand.url
    n = len(qr_matrix(url))
    symbol = QR_CARD_TOTAL * n / (n + 2 * QUIET_MODULES)  # at least 12 mm
    x, y = inner.right - QR_CARD_TOTAL, inner.bottom - QR_CARD_TOTAL
    style = TextStyle("regular", f.small, 1.2, PAPER)
    width = inner.w * 0.6
    text = fit_text(
        fonts,
        url,
        style,
        Rect(inner.right - width, 0, width, 30),
        Where(NAME, "web address", brand.source),
        align="right",
        max_lines=QR_URL_LINES,
        role=Role.link(url),
        address=True,
    )
    return [*qr_code(url, x, y, symbol), translate(text, 0, y - 1.5 - text.box.h)]


def back_brand(slot: BrandSlot, brand: Brand, fonts: Fonts) -> list[Item]:
    """Fills a card back's foot: logo, the name, and the web address (beside it or below)."""
    f, s = FORMATS[slot.params[0]], slot.rect
    style = TextStyle("bold", f.small, 1.2, brand.accent or INK)
    line_h = block_height(style, 1)
    logo_w = min(line_h * brand.logo.aspect, s.w * 0.3) if brand.logo else 0.0
    one = f"{brand.name} · {brand.url}" if brand.url else brand.name
    fits = pt_to_mm(fonts.width(one, "bold", style.size)) <= s.w - (logo_w + 1.5 if brand.logo else 0.0)
    lines = [one] if fits else ([brand.name, brand.url] if brand.url else [brand.name])
    h = block_height(style, len(lines))
    top = s.bottom - h  # bottom-aligned in the room kept for BRAND_LINES
    x = s.x
    items: list[Item] = []
    if brand.logo:
        items.append(
            Image(
                Rect(x, top, logo_w, logo_w / brand.logo.aspect),
                brand.logo.data,
                brand.logo.width,
                brand.logo.height,
                brand.logo.source,
                alt=f"{brand.name} logo",
            )
        )
        x += logo_w + 1.5
    items.append(
        fit_text(
            fonts,
            "\n".join(lines),
            style,
            Rect(x, top, s.right - x, h),
            Where(NAME, "organisation name and web address", brand.source),
            max_lines=len(lines),
            role=Role.link(brand.url) if brand.url else PARAGRAPH,
            address=True,
        )
    )
    return items


def die_line(fmt: CardFormat, punch: bool) -> Path:
    """The cut line with rounded corners (and the lanyard slot), in the spot colour CutContour.

    Print shops' cutters follow a CutContour path; it is never printed.
    """
    ops = _rounded_rect(0, 0, fmt.w, fmt.h, fmt.radius)
    if punch and fmt.punchable:
        ops += _rounded_rect(fmt.w / 2 - SLOT_W / 2, SLOT_FROM_TOP, SLOT_W, SLOT_H, SLOT_H / 2)
    return Path(ops, stroke=CUT_CONTOUR, width=0.25, spot="CutContour")


# --- the recipe -------------------------------------------------------------------------------

LAYOUTS = ("single", "sheet")
SHEETS = ("a4", "letter")


def cards_job(
    fmt: str,
    target: Target,
    path: FilePath | None,
    out_dir: FilePath = DEFAULT_OUTPUT,
    layout: str = "single",
    sheet: str = "a4",
    moments: tuple[str, ...] = (),
    full_text: bool = False,
    punch: bool = True,
) -> Job:
    fmt, layout, sheet = choose("card format", fmt, tuple(FORMATS)), choose("layout", layout, LAYOUTS), sheet.lower()
    sheet = choose("sheet", sheet, SHEETS)
    if layout == "sheet" and not target.profile.sheet_layouts:
        raise SettingsError(
            f"the sheet layout is for office printers and screens, not {target.value} files: "
            f"for a print shop use --layout single --target {target.value}"
        )
    moments = tuple(m.lower() for m in moments)
    # options that change the cards are in the name, so they never take a build-set file's name
    extra = [*moments, *(["full-text"] if full_text else []), *(["no-punch"] if fmt == "id1" and not punch else [])]
    name = f"cards-{fmt}-{layout}{f'-{sheet}' if layout == 'sheet' else ''}-{target.value}"
    name = "-".join([name, *extra]) + ".pdf"
    return make_job(
        NAME,
        fmt,
        target,
        path or out_dir / name,
        layout=layout,
        sheet=sheet,
        moments=moments,
        full_text=full_text,
        punch=punch,
    )


def _compose_job(job: Job, c: Compose) -> PlanDocument:
    fmt = card_format(job.size)
    base = CardOptions(fmt, job.option("moments", ()), job.option("full_text", False), job.option("punch", True))
    base = replace(base, brand=c.brand)
    if job.option("layout") == "sheet":
        w, h = sheet_size(job.option("sheet", "a4"))
        spec = PageSpec.make(w, h, job.target, safe_margin=5.0)
        # sheets are cut at the desk after printing on an office printer, whatever the target
        edge = Target.OFFICE.profile.edge_clearance
        safe = sheet_card_safe(sheet_slots(fmt.w, fmt.h, w, h), w, h, CARD_SAFE, edge)
        cards = compose_cards(c.content, c.fonts, replace(base, safe=safe))
        pages = sheet_pages([(card.front, card.back) for card in cards], fmt.w, fmt.h, spec)
    else:
        spec = PageSpec.make(fmt.w, fmt.h, job.target, bleed=c.settings.bleed, safe_margin=CARD_SAFE)
        options = replace(base, safe=spec.safe_margin, full_bleed=job.target.has_bleed)
        cards = compose_cards(c.content, c.fonts, options)
        cut = (die_line(fmt, options.punch),) if job.target.has_bleed and fmt.radius else ()
        pages = single_pages(
            [(card.front, card.back) for card in cards],
            spec,
            [f"{card.moment.short} {card.index} of {card.count}" for card in cards],
            cut,
        )
    doc = c.content.document
    return PlanDocument(
        title=c.content.labels("cards_title", title=doc.title, format=fmt.name.upper()),
        pages=tuple(pages),
        subject=doc.subtitle,
        language=doc.language,
        keywords=("service principles", "cards"),
    )


PRODUCT = Product(
    name=NAME,
    help=(
        "Make pocket cards, one per care moment (front: the moment; back: its prompts).\n\n\b\nExamples:\n"
        "  principles cards --format a6 --layout sheet --sheet a4      # 4 cards a sheet, print duplex\n"
        "  principles cards --format id1 --target press -o lanyard.pdf\n"
        "  principles cards --moment shared-decisions --full-text"
    ),
    options=(
        Option(
            "fmt",
            "--format",
            "choice",
            "a6: pocket card (105 x 148 mm). a7: 74 x 105 mm. id1: lanyard card (85.6 x 54 mm).",
            tuple(FORMATS),
            "a6",
        ),
        Option(
            "layout",
            "--layout",
            "choice",
            "single: one card a page (front, back). sheet: n-up on office paper, duplex.",
            LAYOUTS,
            "single",
        ),
        Option("sheet", "--sheet", "choice", "Paper for --layout sheet.", SHEETS, "a4"),
        Option(
            "moments",
            "--moment",
            "multiple",
            "Only this care moment (repeatable), e.g. --moment shared-decisions.",
            metavar="ID",
        ),
        Option("full_text", "--full-text", "flag", "Print each practice's full text instead of its short prompt."),
        Option(
            "punch", "--punch", "switch", "Keep the top centre clear for a lanyard slot punch (id1 only).", default=True
        ),
    ),
    job=cards_job,
    compose=_compose_job,
    default_jobs=lambda out: [
        cards_job("a6", Target.OFFICE, None, out, layout="sheet", sheet="a4"),
        cards_job("id1", Target.OFFICE, None, out, layout="sheet", sheet="a4"),
        cards_job("a6", Target.PRESS, None, out, layout="single"),
    ],
    default_name="cards-FORMAT-LAYOUT-TARGET.pdf",
    brand_slots={"card front": front_brand, "card back": back_brand},
)
