"""Discussion cards for training sessions: one card per principle, and one with the source's training use.

A principle's front carries its number, colour, title and summary, large enough to read across a
table; its back carries the quotes of people with lived experience, under a label from content.
Type sizes are the same on every card of a set: the largest that fits all of them.
"""

from __future__ import annotations

from pathlib import Path as FilePath

from generator.brand import Brand
from generator.content.model import Content, Principle, Use
from generator.errors import ContentError, FitError, SettingsError
from generator.fonts import ASCENT, Fonts
from generator.geometry import PageSpec
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
    PlanDocument,
    Role,
    Shape,
    Tag,
    TextItem,
    translate,
)
from generator.products.components import CAP_HEIGHT, colour_stripe, number_badge
from generator.products.recipe import Compose, Option, Product
from generator.records import frozen
from generator.settings import DEFAULT_OUTPUT, Job, choose, make_job
from generator.targets import Target
from generator.theme import INK, MUTED, PAPER, RULE, TextStyle, principle_colour
from generator.units import Rect, pt_to_mm

NAME = "discussion-cards"
TRAINING_USE = "training"  # the use in uses.toml whose sentence and quote make the set's first card
CARD_SAFE = 4.0  # mm from the trim kept clear of text
MIN_SCALE = 0.7  # a set's type may shrink to this share of its sizes to fit, never further


@frozen
class CardFormat:
    """A discussion card's trim (mm), its sheet for --layout sheet, and its type sizes (pt)."""

    name: str
    w: float
    h: float
    sheet: tuple[float, float]  # mm: the office sheet the cards are imposed on
    flip: str  # the duplex flip that puts each back behind its front on that sheet
    title: float  # a principle's title on the front
    summary: float
    number: float  # the big number on the front
    quote: float  # the quotes on the back
    label: float  # small labels: the document title, the back's heading, attributions

    def styles(self, scale: float, quote_scale: float) -> dict[str, TextStyle]:
        return {
            "number": TextStyle("bold", self.number, 1.0, PAPER),
            "band_label": TextStyle("bold", self.label * 1.4, 1.2, PAPER),
            "title": TextStyle("bold", self.title * scale, 1.12, INK),
            "context": TextStyle("italic", self.summary * 0.8 * scale, 1.25, MUTED),
            "summary": TextStyle("regular", self.summary * scale, 1.25, INK),
            "back_title": TextStyle("bold", self.label * 1.15, 1.15, INK),
            "back_number": TextStyle("bold", self.label, 1.0, PAPER),
            "list": TextStyle("regular", self.label * 1.35, 1.2, INK),
            "list_number": TextStyle("bold", self.label * 1.2, 1.0, PAPER),
            "heading": TextStyle("bold", self.label, 1.2, MUTED),
            "quote": TextStyle("italic", self.quote * quote_scale, 1.28, INK),
            "by": TextStyle("bold", self.label, 1.2, MUTED),
            "foot": TextStyle("regular", self.label, 1.2, MUTED),
        }


FORMATS: dict[str, CardFormat] = {
    "a6": CardFormat("a6", 105, 148, (210, 297), "long", title=22, summary=17, number=40, quote=14, label=9),
    "a5": CardFormat("a5", 148, 210, (297, 210), "short", title=30, summary=24, number=56, quote=19, label=12),
}


@frozen
class DiscussionCard:
    principle: Principle | None  # None: the training card
    front: Face
    back: Face


class _TooTall(Exception):
    def __init__(self, element: str, source: str, needed: float):
        self.element, self.source, self.needed = element, source, needed


def compose_discussion_cards(
    content: Content, fonts: Fonts, fmt: CardFormat, safe: float, bleed: bool, brand: Brand | None = None
) -> list[DiscussionCard]:
    """The training card, then one card per principle; fronts and backs each at the largest type
    scale that fits every card of the set, so the cards match."""

    def fronts(layout: _Layout) -> list[Face]:
        return [layout.training_front(), *(layout.front(p) for p in content.principles)]

    def backs(layout: _Layout) -> list[Face]:
        return [layout.training_back(), *(layout.back(p) for p in content.principles)]

    front_scale = _largest(lambda scale: fronts(_Layout(content, fonts, fmt, safe, bleed, scale, 1.0, brand)))
    back_scale = _largest(lambda scale: backs(_Layout(content, fonts, fmt, safe, bleed, 1.0, scale, brand)))
    layout = _Layout(content, fonts, fmt, safe, bleed, front_scale, back_scale, brand)
    principles = [None, *content.principles]
    return [DiscussionCard(p, f, b) for p, f, b in zip(principles, fronts(layout), backs(layout))]


def _largest(attempt) -> float:
    """The largest scale (1.0 down to MIN_SCALE) at which `attempt` lays every card out."""
    scale = 1.0
    while True:
        try:
            attempt(scale)
            return scale
        except _TooTall as exc:
            if scale <= MIN_SCALE + 1e-9:
                raise FitError(
                    NAME, exc.element, exc.source, f"needs {exc.needed:.0f} mm more at the smallest type size"
                ) from None
            scale = max(MIN_SCALE, scale - 0.04)


class _Layout:
    def __init__(
        self,
        content: Content,
        fonts: Fonts,
        fmt: CardFormat,
        safe: float,
        bleed: bool,
        scale: float,
        quote_scale: float,
        brand: Brand | None,
    ):
        self.content, self.fonts, self.f, self.bleed, self.brand = content, fonts, fmt, bleed, brand
        self.st = fmt.styles(scale, quote_scale)
        self.safe = Rect(0, 0, fmt.w, fmt.h).inset(safe)
        self.pad = fmt.w * 0.05
        self.labels = content.labels

    def _fit(self, text: str, style: TextStyle, box: Rect, where: Where, **kw) -> TextItem:
        """Text at its size, in the box, else _TooTall (the set is tried again a little smaller)."""
        lines, h = measure(self.fonts, text, style, box.w)
        if lines is None or h > box.h + 1e-6:
            raise _TooTall(where.element, where.source, (h if lines is not None else box.h) - box.h)
        return set_lines(self.fonts, lines, style, box.x, box.y, box.w, where=where, **kw)

    def _band(self, colour, height: float) -> Shape:
        """The front's colour band: into the bleed for press, else a rounded panel inside the safe area."""
        s = self.safe
        if self.bleed:
            return Shape(Rect(0, 0, self.f.w, s.y + height), fill=colour, bleed=True)
        return Shape(Rect(s.x, s.y, s.w, height), fill=colour, radius=2.0)

    def _foot(self, items: list[Item], bottom: float) -> float:
        """The document's title at the foot of a front; returns the top of what it took."""
        doc = self.content.document
        style = self.st["foot"]
        h = block_height(style, 1)
        item = self._fit(
            doc.title,
            style,
            Rect(self.safe.x, bottom - h, self.safe.w, h),
            Where(NAME, "title", doc.source),
            role=PAGINATION,  # on every front: a running footer
        )
        items.append(item)
        return item.box.y

    # --- a principle's card --------------------------------------------------------------

    def front(self, p: Principle) -> Face:
        s, st, f = self.safe, self.st, self.f
        colour = principle_colour(p.number)
        band_h = pt_to_mm(f.number) * CAP_HEIGHT + 2 * self.pad
        items: list[Item] = [self._band(colour, band_h)]
        inner = s.inset(self.pad, 0)
        sect = _section(p)
        heading = Role(Tag.H2, key="title").inside(sect)  # "Principle 1" and the title: one heading
        # the big number in white on the principle's colour: the number carries it in greyscale
        # (an artifact: the label beside it reads "Principle 1")
        number = str(p.number)
        number_w = pt_to_mm(self.fonts.width(number, "bold", f.number))
        cap = pt_to_mm(f.number) * CAP_HEIGHT
        cy = s.y + band_h / 2
        number_top = cy + cap / 2 - pt_to_mm(f.number) * ASCENT
        items.append(
            set_lines(
                self.fonts,
                [number],
                st["number"],
                inner.x,
                number_top,
                number_w,
                role=ARTIFACT,
                where=Where(NAME, f"principle {p.number}'s number", p.source),
            )
        )
        label = self.labels("discussion_principle", number=p.number)
        label_x = inner.x + number_w + self.pad * 0.6
        label_style = st["band_label"]
        items.append(
            self._fit(
                label,
                label_style,
                Rect(label_x, cy + cap / 2 - pt_to_mm(label_style.size) * ASCENT, inner.right - label_x, 20),
                Where(NAME, f"principle {p.number}'s label", self.labels.source),
                role=heading,
            )
        )
        y = s.y + band_h + self.pad
        bottom = self._foot(items, s.bottom) - self.pad * 0.6
        where = lambda element: Where(NAME, f"principle {p.number}'s {element}", p.source)  # noqa: E731
        title = self._fit(
            p.title,
            st["title"],
            Rect(inner.x, y, inner.w, bottom - y),
            where("title"),
            role=heading,
            bookmark=f"{p.number}. {p.title}",
            level=1,
        )
        items.append(title)
        y = title.box.bottom + self.pad * 0.4
        if p.context:
            context = self._fit(
                f"({p.context})",
                st["context"],
                Rect(inner.x, y, inner.w, bottom - y),
                where("context"),
                role=PARAGRAPH.inside(sect),
            )
            items.append(context)
            y = context.box.bottom
        y += self.pad * 0.6
        items.append(
            self._fit(
                p.summary,
                st["summary"],
                Rect(inner.x, y, inner.w, bottom - y),
                where("summary"),
                role=PARAGRAPH.inside(sect),
            )
        )
        return Face(tuple(items))

    def _back_header(self, items: list[Item], p: Principle) -> float:
        """Number and title at the top of the back, so a card face down is still identifiable."""
        s, st = self.safe, self.st
        inner = s.inset(self.pad * 0.4, 0)
        d = block_height(st["back_title"], 1) * 1.05
        title_x = inner.x + d + 2
        title = self._fit(
            p.title,
            st["back_title"],
            Rect(title_x, s.y, inner.right - title_x, 40),
            Where(NAME, f"principle {p.number}'s title on the back", p.source),
            role=PAGINATION,  # the front's heading again, so a card face down is identified: a running header
        )
        items += number_badge(self.fonts, p.number, inner.x + d / 2, s.y + d / 2, d, st["back_number"])
        items.append(title)
        rule_y = max(title.box.bottom, s.y + d) + 2.0
        items.append(Shape(Rect(s.x, rule_y, s.w, 0.3), fill=RULE))
        return rule_y + 3.0

    def back(self, p: Principle) -> Face:
        s, st = self.safe, self.st
        if not p.quotes:
            raise ContentError(
                [(p.source, "quotes", "a discussion card's back prints the principle's quotes: add one")]
            )
        items: list[Item] = []
        y = self._back_header(items, p)
        inner = s.inset(self.pad * 0.4, 0)
        heading = self._fit(
            self.labels("discussion_quotes"),
            st["heading"],
            Rect(inner.x, y, inner.w, 30),
            Where(NAME, "the quotes' heading", self.labels.source),
            role=Role.heading(3).inside(_section(p)),
        )
        items.append(heading)
        y = heading.box.bottom + self.pad * 0.5
        bar = 1.2
        quote_x = inner.x + bar + 3
        colour = principle_colour(p.number)
        gap = pt_to_mm(st["quote"].size) * 0.9
        for i, q in enumerate(p.quotes):
            quote = self._fit(
                f"“{q}”",
                st["quote"],
                Rect(quote_x, y, inner.right - quote_x, s.bottom - y),
                Where(NAME, f"principle {p.number}'s quote {i + 1} on the back", p.source),
                role=PARAGRAPH.inside(_section(p), Group(GroupTag.BLOCKQUOTE, f"quote {i + 1}")),
            )
            items += [Shape(Rect(inner.x, y, bar, quote.box.h), fill=colour), quote]
            y = quote.box.bottom + gap
        return Face(tuple(items))

    # --- the training card ---------------------------------------------------------------

    def _training_use(self) -> Use:
        return self.content.use(TRAINING_USE, "the discussion cards print its text")

    def training_front(self) -> Face:
        use, doc, s, st = self._training_use(), self.content.document, self.safe, self.st
        inner = s.inset(self.pad, 0)
        items: list[Item] = []
        title = self._fit(
            doc.title,
            TextStyle("bold", st["title"].size, 1.1, PAPER),
            Rect(inner.x, s.y + self.pad, inner.w, 60),
            Where(NAME, "title", doc.source),
            role="heading",
            bookmark=doc.title,
        )
        band_h = title.box.bottom + self.pad - s.y
        items += [self._band(INK, band_h), title]
        stripe = 2.0 if self.f.name == "a6" else 3.0
        stripe_x, stripe_w = (0.0, self.f.w) if self.bleed else (s.x, s.w)
        items += colour_stripe(Rect(stripe_x, s.y + band_h, stripe_w, stripe), bleed=self.bleed)
        y = s.y + band_h + stripe + self.pad
        bottom = s.bottom  # the title is in the band: no foot line on this card
        heading = self._fit(
            use.title,
            TextStyle("bold", st["title"].size * 0.8, 1.15, INK),
            Rect(inner.x, y, inner.w, bottom - y),
            Where(NAME, "the training use's title", "uses.toml"),
            role=Role.heading(2).inside(_TRAINING),
            bookmark=use.title,
            level=1,
        )
        items.append(heading)
        y = heading.box.bottom + self.pad * 0.6
        items.append(
            self._fit(
                use.text,
                st["summary"],
                Rect(inner.x, y, inner.w, bottom - y),
                Where(NAME, "the training use", "uses.toml"),
                role=PARAGRAPH.inside(_TRAINING),
            )
        )
        return Face(tuple(items))

    def training_back(self) -> Face:
        use, s, st, doc = self._training_use(), self.safe, self.st, self.content.document
        inner = s.inset(self.pad * 0.4, 0)
        items: list[Item] = []
        statement = self._fit(
            doc.statement,
            TextStyle("bold", st["list"].size, 1.2, INK),
            Rect(inner.x, s.y, inner.w, 40),
            Where(NAME, "statement", doc.source),
            role=PARAGRAPH.inside(_TRAINING),
        )
        items.append(statement)
        y = statement.box.bottom + 2.0
        items.append(Shape(Rect(s.x, y, s.w, 0.3), fill=RULE))
        y += 3.0
        # the five principles, each number on its colour beside its title
        d = block_height(st["list"], 1) * 1.05
        for p in self.content.principles:
            text_x = inner.x + d + 2
            item = (_TRAINING, Group(GroupTag.L, "principles"), Group(GroupTag.LI, str(p.number)))
            line = self._fit(
                p.title,
                st["list"],
                Rect(text_x, y, inner.right - text_x, s.bottom - y),
                Where(NAME, f"principle {p.number}'s title on the training card", p.source),
                role=Role(Tag.LBODY).inside(*item),
            )
            number = Role(Tag.LBL).inside(*item)
            items += [*number_badge(self.fonts, p.number, inner.x + d / 2, y + d / 2, d, st["list_number"], number)]
            items.append(line)
            y = max(line.box.bottom, y + d) + 1.8
        y += self.pad * 0.5
        bar = 1.2
        quote_x = inner.x + bar + 3
        quote = self._fit(
            f"“{use.quote}”",
            st["quote"],
            Rect(quote_x, y, inner.right - quote_x, s.bottom - y),
            Where(NAME, "the training quote", "uses.toml"),
            role=PARAGRAPH.inside(_TRAINING, _TRAINING_QUOTE),
        )
        by = self._fit(
            use.quote_by,
            st["by"],
            Rect(quote_x, quote.box.bottom + 1.0, inner.right - quote_x, s.bottom - quote.box.bottom),
            Where(NAME, "the training quote's attribution", "uses.toml"),
            role=PARAGRAPH.inside(_TRAINING, _TRAINING_QUOTE),
        )
        items += [Shape(Rect(inner.x, y, bar, by.box.bottom - y), fill=INK), quote, by]
        brand: tuple[Item, ...] = ()
        if self.brand is not None:
            h = block_height(st["by"], BRAND_LINES)
            slot = Rect(inner.x, s.bottom - h, inner.w, h)
            if slot.y < by.box.bottom + 2.0:
                raise _TooTall("the training card's back", "uses.toml", by.box.bottom + 2.0 - slot.y)
            brand = (BrandSlot("discussion back", slot, (self.f.name,), ARTIFACT.inside(_TRAINING)),)
        return Face(tuple(items), brand)


_TRAINING = Group(GroupTag.SECT, "training")  # the first card's front and back
_TRAINING_QUOTE = Group(GroupTag.BLOCKQUOTE, "training")


def _section(p: Principle) -> Group:
    """A principle's card, front and back: one section."""
    return Group(GroupTag.SECT, f"principle {p.number}")


BRAND_LINES = 3  # the organisation's name and web address (up to two lines) at the foot of the training card's back


def back_brand(slot: BrandSlot, brand: Brand, fonts: Fonts) -> list[Item]:
    """Fills the training card's foot: logo, the organisation's name and web address."""
    fmt, s = FORMATS[slot.params[0]], slot.rect
    style = TextStyle("bold", fmt.label, 1.2, brand.accent or INK)
    items: list[Item] = []
    x = s.x
    if brand.logo:
        logo_h = min(s.h, s.w * 0.3 / brand.logo.aspect)
        logo_w = logo_h * brand.logo.aspect
        items.append(
            Image(
                Rect(x, s.bottom - logo_h, logo_w, logo_h),
                brand.logo.data,
                brand.logo.width,
                brand.logo.height,
                brand.logo.source,
                alt=f"{brand.name} logo",
            )
        )
        x += logo_w + 2.0
    text = "\n".join([brand.name, brand.shown_url] if brand.url else [brand.name])
    item = fit_text(
        fonts,
        text,
        style,
        Rect(x, s.y, s.right - x, s.h),
        Where(NAME, "organisation name and web address", brand.source),
        max_lines=BRAND_LINES,
        role=Role.link(brand.url) if brand.url else "label",
        address=True,
    )
    return [*items, translate(item, 0, s.h - item.box.h)]


# --- the recipe -------------------------------------------------------------------------------

LAYOUTS = ("single", "sheet")


def card_format(name: str) -> CardFormat:
    return FORMATS[choose("card format", name, tuple(FORMATS))]


def discussion_job(
    fmt: str, target: Target, path: FilePath | None, out_dir: FilePath = DEFAULT_OUTPUT, layout: str = "single"
) -> Job:
    fmt, layout = choose("card format", fmt, tuple(FORMATS)), choose("layout", layout, LAYOUTS)
    if layout == "sheet" and not target.profile.sheet_layouts:
        raise SettingsError(
            f"the sheet layout is for office printers and screens, not {target.value} files: "
            f"for a print shop use --layout single --target {target.value}"
        )
    name = f"discussion-cards-{fmt}-{layout}-{target.value}.pdf"
    return make_job(NAME, fmt, target, path or out_dir / name, layout=layout)


def _compose_job(job: Job, c: Compose) -> PlanDocument:
    fmt = card_format(job.size)
    if job.option("layout") == "sheet":
        w, h = fmt.sheet
        spec = PageSpec.make(w, h, job.target, safe_margin=5.0)
        # sheets are cut at the desk after printing on an office printer, whatever the target
        edge = Target.OFFICE.profile.edge_clearance
        safe = sheet_card_safe(sheet_slots(fmt.w, fmt.h, w, h), w, h, CARD_SAFE, edge)
        cards = compose_discussion_cards(c.content, c.fonts, fmt, safe, False, c.brand)
        pages = sheet_pages([(card.front, card.back) for card in cards], fmt.w, fmt.h, spec)
    else:
        spec = PageSpec.make(fmt.w, fmt.h, job.target, bleed=c.settings.bleed, safe_margin=CARD_SAFE)
        cards = compose_discussion_cards(c.content, c.fonts, fmt, spec.safe_margin, job.target.has_bleed, c.brand)
        labels = [
            c.content.labels("discussion_principle", number=card.principle.number) if card.principle else "training"
            for card in cards
        ]
        pages = single_pages([(card.front, card.back) for card in cards], spec, labels)
    doc = c.content.document
    return PlanDocument(
        title=c.content.labels("discussion_title", title=doc.title, format=fmt.name.upper()),
        pages=tuple(pages),
        subject=doc.subtitle,
        language=doc.language,
        keywords=("service principles", "discussion cards", "training"),
    )


PRODUCT = Product(
    name=NAME,
    help=(
        "Make discussion cards for training: one per principle (front: the principle; back: its quotes).\n\n"
        "\b\nExamples:\n"
        "  principles discussion-cards --format a6 --layout sheet   # 4 cards an A4 sheet: print double-sided,\n"
        "                                                           # flip on the long edge, cut on the marks\n"
        "  principles discussion-cards --format a5 --layout sheet   # 2 cards an A4 landscape sheet: flip on\n"
        "                                                           # the short edge\n"
        "  principles discussion-cards --format a5 --target press -o discussion-a5.pdf"
    ),
    options=(
        Option(
            "fmt",
            "--format",
            "choice",
            "a6: 105 x 148 mm. a5: 148 x 210 mm, for reading across a bigger table.",
            tuple(FORMATS),
            "a6",
        ),
        Option(
            "layout",
            "--layout",
            "choice",
            "single: one card a page (front, back). sheet: on A4 for the office, backs behind fronts when "
            f"printed double-sided (a6: {FORMATS['a6'].flip} edge; a5: {FORMATS['a5'].flip} edge).",
            LAYOUTS,
            "single",
        ),
    ),
    job=discussion_job,
    compose=_compose_job,
    default_jobs=lambda out: [discussion_job("a6", Target.OFFICE, None, out, layout="sheet")],
    default_name="discussion-cards-FORMAT-LAYOUT-TARGET.pdf",
    brand_slots={"discussion back": back_brand},
)
