"""Pocket cards, one per care moment: a front that names the moment and its principles, a back with its prompts.

A moment whose prompts do not fit one card continues on the next ("1 of 2"); text is never
shrunk below its size to squeeze them in. Practices for "always" follow the prompts on every
card, or, where the format has a key card (ID-1), are on that card once.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path as FilePath

from generator.brand import Brand
from generator.content.model import Content, Moment, Practice, Principle
from generator.errors import FitError, SettingsError
from generator.fonts import ASCENT, Fonts
from generator.geometry import PageSpec, sheet_size
from generator.layout.impose import sheet_card_safe, sheet_pages, sheet_slots, single_pages
from generator.layout.text import Where, block_height, fit_text, measure, set_lines
from generator.plan import (
    ARTIFACT,
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
from generator.products.components import CAP_HEIGHT, principle_marker
from generator.products.pictograms import pictogram
from generator.products.qr import QUIET_MODULES, qr_code, qr_matrix
from generator.products.recipe import Compose, Option, Product
from generator.records import frozen
from generator.settings import DEFAULT_OUTPUT, Job, choose, make_job
from generator.targets import Target
from generator.theme import (
    CARD_BLOCK_GAP,
    CARD_ICON_SHARE,
    CARD_KEY_ROW_GAP,
    CARD_MARKER,
    CARD_MARKER_GAP,
    CARD_MIN_PT,
    CARD_PANEL_PAD,
    CARD_SAFE,
    CARD_SCALES,
    CUT_CONTOUR,
    INK,
    MUTED,
    PAPER,
    TINT,
    CardScale,
    TextStyle,
    moment_colour,
)
from generator.units import Rect, pt_to_mm

NAME = "cards"
ALWAYS = "always"
KEY = "key"  # the key card's id: the five principles (and, where it is in the set, "Always")
MIN_SIZE = CARD_MIN_PT
QR_CARD_TOTAL = 17.0  # mm: a card's QR code with its quiet zone; the symbol is then >= 12 mm
QR_URL_LINES = 3  # lines kept above the QR code for its address
BRAND_LINES = 3  # lines kept at the foot of the back for the organisation's name and address (which may wrap)


@frozen
class CardFormat:
    """A card's trim size (mm); its type sizes are the theme's (CARD_SCALES)."""

    name: str
    w: float
    h: float
    radius: float = 0.0  # rounded corners, drawn as the cut line in press output
    punchable: bool = False
    # a key card joins the set, carrying the "always" practices and the brand, so the moments'
    # backs keep their room for prompts (a lanyard set stays at most 8 cards, branded or not)
    key_card: bool = False

    @property
    def scale(self) -> CardScale:
        return CARD_SCALES[self.name]

    @property
    def body(self) -> float:
        return self.scale.body

    @property
    def small(self) -> float:
        return self.scale.small

    @property
    def landscape(self) -> bool:
        return self.w > self.h

    def punch_zone(self) -> Rect:
        """Keep-out for a lanyard slot punch, centred on the top edge."""
        return Rect(self.w / 2 - 8, 0, 16, 7.5)


FORMATS: dict[str, CardFormat] = {
    "a6": CardFormat("a6", 105, 148),
    "a7": CardFormat("a7", 74, 105),
    "id1": CardFormat("id1", 85.6, 53.98, radius=3.18, punchable=True, key_card=True),
}


def card_format(name: str) -> CardFormat:
    try:
        return FORMATS[name.lower()]
    except KeyError:
        raise SettingsError(f"unknown card format '{name}': expected one of {', '.join(FORMATS)}") from None


@frozen
class CardOptions:
    format: CardFormat
    moments: tuple[str, ...] = ()  # empty: every moment
    full_text: bool = False
    punch: bool = True  # only used where the format is punchable
    full_bleed: bool = False  # press: the front's colour runs into the bleed
    safe: float = CARD_SAFE  # mm; more where the card meets an office printer's unprintable edge
    brand: Brand | None = None
    light: bool = False  # a white front with a colour band (desk printers), not a full colour field


@frozen
class Card:
    moment: Moment
    index: int  # 1-based
    count: int
    practices: tuple[str, ...]  # practice ids on this card, "always" ones included
    front: Face
    back: Face


def short_name(content: Content, number: int) -> str:
    """A principle's short name for keys ("Context"), from the labels."""
    return content.labels(f"principle_{number}_short")


def compose_cards(content: Content, fonts: Fonts, options: CardOptions) -> list[Card]:
    """Every requested moment's cards, in the moments' order; a key card first where the format has one."""
    known = [m.id for m in content.moments if m.id != ALWAYS]
    for m in options.moments:
        if m not in known:
            raise SettingsError(f"unknown moment '{m}': expected one of {', '.join(known)}")
    chosen = [m for m in content.moments if m.id != ALWAYS and (not options.moments or m.id in options.moments)]
    layout = _Layout(options, fonts, content)
    always = content.practices_for(ALWAYS)
    on_back = [] if options.format.key_card else always
    cards: list[Card] = []
    if options.format.key_card:
        key = layout.key_moment
        cards.append(Card(key, 1, 1, tuple(pr.id for _, pr in always), layout.key_front(), layout.key_back(always)))
    for moment in chosen:
        entries = [(p, pr) for p, pr in content.practices_for(moment.id) if ALWAYS not in pr.moments]
        pages = layout.paginate(entries, on_back, moment)
        for i, page in enumerate(pages, start=1):
            on_card = page + on_back
            numbers = sorted({p.number for p, _ in on_card})
            cards.append(
                Card(
                    moment,
                    i,
                    len(pages),
                    tuple(pr.id for _, pr in on_card),
                    layout.front(moment, numbers, i, len(pages)),
                    layout.back(moment, page, on_back, i, len(pages)),
                )
            )
    return cards


def key_faces(content: Content, fonts: Fonts, options: CardOptions) -> tuple[Face, Face]:
    """A key card for a sheet's empty slot: the five principles on both sides (artifacts: the
    set's own cards already say it)."""
    layout = _Layout(options, fonts, content, untagged=True)
    face = layout.key_front()
    return face, face


class _Layout:
    """Measures and places the pieces of one card format."""

    def __init__(self, options: CardOptions, fonts: Fonts, content: Content, untagged: bool = False):
        f = options.format
        sc = f.scale
        self.content, self.untagged = content, untagged
        self.labels, self.title = content.labels, content.document.title
        self.where = lambda element: Where(NAME, element, content.labels.source)  # noqa: E731
        self.o, self.f, self.fonts = options, f, fonts
        on_field = PAPER  # text on the front's colour
        self.st = {
            "title": TextStyle("bold", sc.title, 1.2, on_field),
            "label": TextStyle("bold", sc.label, 1.1, on_field),
            "count": TextStyle("bold", sc.title, 1.2, on_field),
            "caption": TextStyle("bold", sc.small, 1.2, MUTED),
            "key": TextStyle("bold", max(sc.small + 1, MIN_SIZE), 1.15, INK),
            "short": TextStyle("bold", sc.short, 1.15, INK),
            "back_count": TextStyle("bold", sc.small, 1.2, MUTED),
            "body": TextStyle("regular", sc.body, 1.25, INK),
            "number": TextStyle("bold", sc.number, 1.0, PAPER),
            "strip": TextStyle("bold", sc.small, 1.2, INK),
        }
        self.safe = Rect(0, 0, f.w, f.h).inset(options.safe)
        self.brand = options.brand
        # the back keeps room at its foot for the organisation's name (on the key card where the set has one)
        self.name_h = block_height(TextStyle("bold", sc.small, 1.2), BRAND_LINES) + 1.5 if self.brand else 0.0
        self.content_bottom = self.safe.bottom - (0.0 if f.key_card else self.name_h)
        self.punch = f.punch_zone() if f.punchable and options.punch else None
        self.marker = pt_to_mm(sc.number) * CARD_MARKER
        self.gap = pt_to_mm(sc.body) * 0.55
        self.key_moment = Moment(KEY, self.labels("card_key"), self.labels("card_key"), 0)

    def role(self, role: Role) -> Role:
        return ARTIFACT if self.untagged else role

    # --- the back -------------------------------------------------------------------------

    def _text_of(self, pr: Practice) -> str:
        return pr.text if self.o.full_text else pr.prompt

    def _entry_width(self, inset: float = 0.0) -> float:
        return self.safe.w - self.marker - CARD_MARKER_GAP - inset

    def _entry_height(self, pr: Practice, inset: float = 0.0) -> float:
        lines, h = measure(self.fonts, self._text_of(pr), self.st["body"], self._entry_width(inset))
        if lines is None:
            raise FitError(NAME, f"practice '{pr.id}'", pr.source, "a word is wider than the card")
        return max(h, self.marker)

    def _header_bottom(self) -> float:
        """The header row sits beside the punch slot (see back()), never below it."""
        return self.safe.y + block_height(self.st["short"], 1) + 2.2

    def _strip_height(self, always: list[tuple[Principle, Practice]]) -> float:
        if not always:
            return 0.0
        pad = CARD_PANEL_PAD
        label_h = block_height(self.st["strip"], 1)
        body = sum(self._entry_height(pr, 2 * pad) for _, pr in always) + self.gap * (len(always) - 1)
        return pad + label_h + 1.2 + body + pad

    def paginate(self, entries, always, moment: Moment) -> list[list[tuple[Principle, Practice]]]:
        """Split the moment's practices over as few cards as they need, in order, evenly filled."""
        top = self._header_bottom() + 1.5
        bottom = self.content_bottom - (self._strip_height(always) + CARD_BLOCK_GAP if always else 0.0)
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
        text_x = self.marker + CARD_MARKER_GAP
        lines, h = measure(self.fonts, self._text_of(pr), self.st["body"], width - text_x)
        # centre the marker on the first line's capital height
        first_cap = y + pt_to_mm(self.st["body"].size) * (ASCENT - CAP_HEIGHT / 2)
        cy = max(first_cap, y + self.marker / 2)
        item = (*groups, Group(GroupTag.LI, f"{p.number} {pr.id}"))  # a list item led by its principle's number
        # a listener hears "Principle 2", not a bare number repeated down the list
        label = Role(Tag.LBL, alt=self.labels("principle_number", number=p.number)).inside(*item)
        badge = principle_marker(self.fonts, p.number, x + self.marker / 2, cy, self.marker, self.st["number"], label)
        where = Where(NAME, f"practice '{pr.id}'", p.source)
        text = set_lines(
            self.fonts,
            lines or [],
            self.st["body"],
            x + text_x,
            y,
            width - text_x,
            role=Role(Tag.LBODY).inside(*item),
            where=where,
        )
        return [*badge, text]

    def _header(self, moment: Moment, index: int, count: int, label: str, role: Role, bookmark: str | None) -> list:
        """The back's running header: the moment's short name (and the count), over a rule in its colour."""
        s = self.safe
        label_w = s.w
        if self.punch:  # the label and the count sit either side of the punch slot
            label_w = self.punch.x - 1 - s.x
        items: list[Item] = [
            fit_text(
                self.fonts,
                label,
                self.st["short"],
                Rect(s.x, s.y, label_w, 20),
                Where(NAME, f"the {moment.id} card's short label", "moments.toml"),
                min_scale=MIN_SIZE / self.st["short"].size,
                max_lines=1,
                role=role,
                bookmark=bookmark,
            )
        ]
        if count > 1:
            items.append(self._right_text(self._of(index, count), self.st["back_count"], s.y, s.right, PAGINATION))
        items.append(Shape(Rect(s.x, self._header_bottom() - 1.2, s.w, 0.6), fill=moment_colour(moment.order)))
        return items

    def back(self, moment: Moment, page, always, index: int, count: int) -> Face:
        s = self.safe
        bookmark = f"{moment.label}{f' ({self._of(index, count)})' if count > 1 else ''}"
        # the back repeats the front's heading: a running header
        items = self._header(moment, index, count, moment.short, PAGINATION, bookmark)
        y = self._header_bottom() + 1.5
        card = Group(GroupTag.SECT, f"{moment.id} {index}")
        for p, pr in page:
            entry = self._entry(p, pr, s.x, y, s.w, (card, Group(GroupTag.L, "prompts")))
            items += entry
            y += self._entry_height(pr) + self.gap
        y -= self.gap
        if always:  # "Always" follows the list
            y += CARD_BLOCK_GAP
            items += self._always_strip(always, card, y)
            y += self._strip_height(always)
        # where the set has a key card, its back carries the brand (no room is kept for it on the others)
        return Face(tuple(items), () if self.f.key_card else self._brand_foot(y, card))

    def _brand_foot(self, content_end: float, card: Group) -> tuple[Item, ...]:
        """The brand's foot follows the content (never a gap of more than a block's); it is read
        in the card's section."""
        if not self.brand:
            return ()
        s = self.safe
        bottom = min(s.bottom, content_end + CARD_BLOCK_GAP + self.name_h)
        return (BrandSlot("card back", Rect(s.x, s.y, s.w, bottom - s.y), (self.f.name,), ARTIFACT.inside(card)),)

    def _of(self, index: int, count: int) -> str:
        return self.labels("card_of", index=index, count=count)

    def _right_text(self, text: str, style: TextStyle, top: float, right: float, role: Role = PARAGRAPH) -> TextItem:
        w = pt_to_mm(self.fonts.width(text, style.style, style.size))
        return set_lines(self.fonts, [text], style, right - w, top, w, role=role, where=self.where("card count"))

    def _always_strip(self, always, card: Group, top: float) -> list[Item]:
        pad = CARD_PANEL_PAD
        h = self._strip_height(always)
        box = Rect(self.safe.x, top, self.safe.w, h)
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

    # --- the key card ---------------------------------------------------------------------

    def key_front(self) -> Face:
        numbers = [p.number for p in self.content.principles]
        return self.front(self.key_moment, numbers, 1, 1, key=True)

    def key_back(self, always) -> Face:
        """The key card's back: the practices for every moment, then the brand."""
        k = self.key_moment
        items = self._header(k, 1, 1, k.short, PAGINATION, None)
        card = Group(GroupTag.SECT, f"{KEY} 1")
        y = self._header_bottom() + 1.5
        if always:
            items += self._always_strip(always, card, y)
            y += self._strip_height(always)
        return Face(tuple(items), self._brand_foot(y, card))

    # --- the front ------------------------------------------------------------------------

    def front(self, moment: Moment, numbers: list[int], index: int, count: int, key: bool = False) -> Face:
        """Title and the moment's name on its colour, the pictogram as the hero, and a key that
        names the card's principles. A light front (desk printers) has the colour as a band only.

        Landscape cards (ID-1) keep the top centre for a lanyard slot: the moment's name starts
        below it and the title goes to the foot, beside the key."""
        f, s, pad = self.f, self.safe, CARD_PANEL_PAD
        colour = INK if key else moment_colour(moment.order)
        light = self.o.light
        card = Group(GroupTag.SECT, f"{moment.id} {index}")  # the front and the back: one section
        inner = s.inset(pad)
        # the first card's title heads the deck; on the others it repeats, a running header
        title_role, self.titled = (PAGINATION if getattr(self, "titled", False) else Role.heading(1)), True
        title_style = self.st["title"] if not (light and f.landscape) else self.st["title"].with_colour(INK)
        # the moment's name and, where it takes two cards, "1 of 2": one heading, so the two read apart
        heading = self.role(Role(Tag.H2, key="moment").inside(card))
        count_items: list[Item] = []
        count_w = 0.0
        if count > 1:
            count_text = self._right_text(self._of(index, count), self.st["count"], inner.y, inner.right, heading)
            count_items.append(count_text)
            count_w = count_text.box.w + pad
        title_where = Where(NAME, "the card front's title", "document.toml")
        if f.landscape:
            title = None
            label_top = inner.y if not self.punch else max(inner.y, self.punch.bottom + 0.5)
            label_w = inner.w - count_w  # the count sits at the top right, beside the name
        else:
            title = fit_text(
                self.fonts,
                self.title,
                title_style,
                Rect(inner.x, inner.y, inner.w, 20),
                title_where,
                max_lines=2,
                role=self.role(title_role),
            )
            label_top, label_w = title.box.bottom + 2.0, inner.w
        label = fit_text(
            self.fonts,
            moment.label,
            self.st["label"],
            Rect(inner.x, label_top, label_w, f.h * 0.3),
            Where(NAME, f"the {moment.id} card's label", "moments.toml"),
            min_scale=MIN_SIZE / self.st["label"].size,
            role=heading,
        )
        band_bottom = label.box.bottom + pad
        panel = Rect(0, 0, f.w, f.h) if self.o.full_bleed else s
        items: list[Item] = []
        if light:
            items.append(Shape(Rect(s.x, s.y, s.w, band_bottom - s.y), fill=colour, radius=2.0))
        else:
            items.append(Shape(panel, fill=colour, bleed=self.o.full_bleed, radius=0.0 if self.o.full_bleed else 2.0))
        if title is not None:
            items.append(title)
        items += [label, *count_items]  # the count after the name it numbers
        # the key: on a white panel at the foot (beside the QR corner if branded); the key card's fills the card
        qr = bool(self.brand and self.qr_on_front and not key)
        rows = len(numbers) if qr else self._key_rows(numbers, key)  # one column beside the QR corner
        key_items, key_h, key_w = self._key(numbers, rows, card, key)
        below = band_bottom + 2 * pad  # the top of the space under the band
        if key:
            kbox = Rect(inner.x, below + (inner.bottom - below - key_h) / 2, key_w, key_h)
            if f.landscape:
                kbox = Rect(inner.x, below, key_w, key_h)
        elif f.landscape:
            kbox = Rect(inner.right - key_w, inner.bottom - key_h, key_w, key_h)
        else:
            kw = inner.w - (QR_CARD_TOTAL + pad if qr else 0.0)
            kh = max(key_h, _qr_block_h(f) if qr else 0.0)
            kbox = Rect(inner.x, inner.bottom - kh, kw, kh)
        if f.landscape:  # the title at the foot, left of the key (or under the key card's key)
            title_w = (kbox.x - 2 * pad if not key else inner.right) - inner.x
            title = fit_text(
                self.fonts,
                self.title,
                title_style,
                Rect(inner.x, 0, title_w, 20),
                title_where,
                max_lines=1,
                role=self.role(title_role),
            )
            title = translate(title, 0, inner.bottom - title.box.h)  # type: ignore[assignment]
            items.insert(1, title)
            free_bottom = title.box.y - 1.0 if not key else inner.bottom
            icon = 0.0 if key else max(0.0, min(free_bottom - below, kbox.x - inner.x - 2 * pad))
            icon_box = Rect(inner.x, below + (free_bottom - below - icon) / 2, icon, icon)
        else:
            free = kbox.y - pad - below
            icon = 0.0 if key else min(inner.w * CARD_ICON_SHARE, free)
            icon_box = Rect(s.x + (s.w - icon) / 2, below + (free - icon) / 2, icon, icon)
        if not light and not key:  # a white panel under the key and the QR corner
            under = Rect(inner.x - pad, kbox.y - pad, inner.w + 2 * pad, inner.bottom - kbox.y + 2 * pad)
            if f.landscape:
                under = Rect(kbox.x - pad, kbox.y - pad, kbox.w + 2 * pad, kbox.h + 2 * pad)
            items.append(Shape(under, fill=PAPER, radius=1.5))
        elif not light:  # the key card: the key on a white panel across the card
            items.append(
                Shape(Rect(inner.x - pad, kbox.y - pad, inner.w + 2 * pad, kbox.h + 2 * pad), fill=PAPER, radius=1.5)
            )
        if icon > 0:
            ink, paper = (colour, PAPER) if light else (PAPER, colour)
            items += pictogram(moment.id, icon_box, ink, paper)
        items += [translate(i, kbox.x, kbox.y) for i in key_items]
        brand: tuple[Item, ...] = ()
        if qr:  # the QR corner is kept whether or not there is an address
            corner = kbox.x + key_w + pad  # the address may use the width the key leaves
            corner_box = Rect(corner, kbox.y, inner.right - corner, kbox.h)
            brand = (BrandSlot("card front", corner_box, (f.name,), ARTIFACT.inside(card)),)
        return Face(tuple(items), brand)

    def _key_rows(self, numbers: list[int], key: bool) -> int:
        """Rows of the key: one column on a narrow panel, two where the names fit side by side."""
        if key:
            return 3 if self.f.landscape else len(numbers)
        if self.f.landscape:
            return len(numbers)
        return (len(numbers) + 1) // 2 if len(numbers) > 2 else len(numbers)

    def _key(self, numbers: list[int], rows: int, card: Group, key: bool) -> tuple[list[Item], float, float]:
        """The principles on the card, number and short name, as a list; placed at (0, 0)."""
        st, m = self.st["key"], self.marker
        caption_text = self.labels("card_principles")
        caption_h = block_height(self.st["caption"], 1)
        row_h = max(m, block_height(st, 1))
        cols = (len(numbers) + rows - 1) // rows if rows else 1
        names = [short_name(self.content, n) for n in numbers]
        name_w = max((pt_to_mm(self.fonts.width(t, st.style, st.size)) for t in names), default=0.0)
        col_w = m + CARD_MARKER_GAP + name_w + 3.0
        items: list[Item] = []
        if not key:
            items.append(
                set_lines(
                    self.fonts,
                    [caption_text],
                    self.st["caption"],
                    0,
                    0,
                    pt_to_mm(self.fonts.width(caption_text, "bold", self.st["caption"].size)),
                    role=self.role(PARAGRAPH.inside(card)),
                    where=self.where("the principles caption"),
                )
            )
        top = caption_h + 1.0 if not key else 0.0
        listing = Group(GroupTag.L, "key")
        for i, (n, name) in enumerate(zip(numbers, names)):
            col, row = divmod(i, rows) if rows else (0, i)
            x, y = col * col_w, top + row * (row_h + CARD_KEY_ROW_GAP)
            item = (card, listing, Group(GroupTag.LI, f"key {n}"))
            cy = y + row_h / 2
            items += principle_marker(
                self.fonts, n, x + m / 2, cy, m, self.st["number"], self.role(Role(Tag.LBL).inside(*item))
            )
            items.append(
                centred_left(
                    self.fonts, name, st, x + m + CARD_MARKER_GAP, cy, self.role(Role(Tag.LBODY).inside(*item))
                )
            )
        height = top + rows * row_h + (rows - 1) * CARD_KEY_ROW_GAP
        width = max(cols * col_w - 3.0, pt_to_mm(self.fonts.width(caption_text, "bold", self.st["caption"].size)))
        return items, height, width

    @property
    def qr_on_front(self) -> bool:
        """The rule for the QR code: portrait cards carry it; a landscape (ID-1) front has no room."""
        return not self.f.landscape


def centred_left(fonts: Fonts, text: str, style: TextStyle, x: float, cy: float, role: Role) -> TextItem:
    """One line starting at x, centred on cy by its cap height (beside a marker)."""
    width = pt_to_mm(fonts.width(text, style.style, style.size))
    top = cy + pt_to_mm(style.size) * (CAP_HEIGHT / 2 - ASCENT)
    return set_lines(fonts, [text], style, x, top, width, role=role)


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


def _qr_block_h(f: CardFormat) -> float:
    """The QR corner's height: the code and the lines kept above it for its address."""
    return QR_CARD_TOTAL + 1.5 + block_height(TextStyle("regular", f.small, 1.2), QR_URL_LINES)


def front_brand(slot: BrandSlot, brand: Brand, fonts: Fonts) -> list[Item]:
    """Fills a portrait card front's corner (on white beside the key): the QR code, its address above it."""
    if not brand.url:
        return []
    f, inner, url = FORMATS[slot.params[0]], slot.rect, brand.url
    n = len(qr_matrix(url))
    symbol = QR_CARD_TOTAL * n / (n + 2 * QUIET_MODULES)  # at least 12 mm
    x, y = inner.right - QR_CARD_TOTAL, inner.bottom - QR_CARD_TOTAL
    style = TextStyle("regular", f.small, 1.2, INK)
    width = inner.w
    text = fit_text(
        fonts,
        brand.shown_url,
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
    """Fills a card back's foot: the logo as tall as two lines of the name (so a wide logo's own
    lettering reads), and beside it, centred on it, the name and the web address."""
    f, s = FORMATS[slot.params[0]], slot.rect
    style = TextStyle("bold", f.small, 1.2, brand.accent or INK)
    tall = block_height(style, 2)  # the logo as tall as the name and address on two lines
    logo_w = min(tall * brand.logo.aspect, s.w * 0.3) if brand.logo else 0.0
    logo_h = logo_w / brand.logo.aspect if brand.logo else 0.0
    x = s.x + (logo_w + 1.5 if brand.logo else 0.0)
    one = f"{brand.name} · {brand.shown_url}" if brand.url else brand.name
    fits = pt_to_mm(fonts.width(one, "bold", style.size)) <= s.right - x
    lines = [one] if fits else ([brand.name, brand.shown_url] if brand.url else [brand.name])
    h = block_height(style, 1 if fits else BRAND_LINES)  # two lines may wrap to three (an address breaks at / or .)
    text = fit_text(
        fonts,
        "\n".join(lines),
        style,
        Rect(x, s.bottom - h, s.right - x, h),
        Where(NAME, "organisation name and web address", brand.source),
        max_lines=BRAND_LINES,
        role=Role.link(brand.url) if brand.url else PARAGRAPH,
        address=True,
    )
    block = max(text.box.h, logo_h)  # at the foot of the room kept, the shorter of the two centred on the other
    top = s.bottom - block
    items: list[Item] = []
    if brand.logo:
        items.append(
            Image(
                Rect(s.x, top + (block - logo_h) / 2, logo_w, logo_h),
                brand.logo.data,
                brand.logo.width,
                brand.logo.height,
                brand.logo.source,
                alt=f"{brand.name} logo",
            )
        )
    items.append(translate(text, 0, top + (block - text.box.h) / 2 - text.box.y))
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
    # a desk printer gets light fronts (white with a colour band); a print shop keeps the full colour field
    base = replace(base, brand=c.brand, light=job.target.profile.desk_printed)
    if job.option("layout") == "sheet":
        w, h = sheet_size(job.option("sheet", "a4"))
        spec = PageSpec.make(w, h, job.target, safe_margin=5.0)
        # sheets are cut at the desk after printing on an office printer, whatever the target
        edge = Target.OFFICE.profile.edge_clearance
        safe = sheet_card_safe(sheet_slots(fmt.w, fmt.h, w, h), w, h, CARD_SAFE, edge)
        options = replace(base, safe=safe, light=True)
        cards = compose_cards(c.content, c.fonts, options)
        filler = key_faces(c.content, c.fonts, options)  # empty slots hold the key, both sides
        pages = sheet_pages([(card.front, card.back) for card in cards], fmt.w, fmt.h, spec, filler)
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
