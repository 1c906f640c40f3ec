"""The patient information leaflet: A5, four pages, for people living with the conditions.

Page 1: title, subtitle, the source's sentence on lived experience research, the five principles.
Pages 2-3: each principle with its summary and one quote. Page 4: the researcher's quote, who
developed the principles, the document's address and QR code, and the local service (branded
editions only). Large print sets the same text on A4 pages, as many as it needs, rounded up to a
multiple of four with ruled pages for notes.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path as FilePath

from generator.brand import Brand
from generator.content.model import Content, Principle, Use
from generator.errors import ContentError, FitError, SettingsError
from generator.fonts import ASCENT, Fonts
from generator.geometry import PageSpec, sheet_size
from generator.layout.impose import booklet_sheets
from generator.layout.text import Where, block_height, fit_text, measure, set_lines
from generator.plan import (
    ARTIFACT,
    PARAGRAPH,
    BrandSlot,
    Face,
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
from generator.products.qr import qr_code, qr_size
from generator.products.recipe import Compose, Option, Product
from generator.records import frozen
from generator.settings import DEFAULT_OUTPUT, Job, choose, make_job
from generator.targets import Target, TargetProfile
from generator.theme import INK, MUTED, PAPER, RULE, TINT, TextStyle, principle_colour
from generator.units import Rect, pt_to_mm

NAME = "leaflet"
PATIENT_USE = "patient-information"  # the use in uses.toml whose quote goes on the back page
NOTES_LINE = 10.0  # mm between the ruled lines of a notes page (at least 8 mm a handwritten line)


@frozen
class Scale:
    """One edition's sheet, margin (mm) and type sizes (pt): Clear Print, body >= 12 pt, headings >= 16."""

    sheet: str
    margin: float
    body: float
    heading: float  # principle titles and page headings
    title: float
    intro: float  # subtitle, the cover sentence and the back page's quote
    disc: float  # mm: a principle's number disc
    gap: float  # mm between blocks

    def styles(self) -> dict[str, TextStyle]:
        return {
            "title": TextStyle("bold", self.title, 1.05, PAPER),
            "subtitle": TextStyle("regular", self.intro, 1.25, PAPER),
            "intro": TextStyle("regular", self.intro, 1.3, INK),
            "statement": TextStyle("italic", self.body, 1.3, INK),
            "page_heading": TextStyle("bold", self.heading * 1.25, 1.15, INK),
            "heading": TextStyle("bold", self.heading, 1.15, INK),
            "list": TextStyle("bold", self.body, 1.2, INK),
            "cover_list": TextStyle("bold", self.intro, 1.2, INK),
            "context": TextStyle("italic", self.body, 1.3, MUTED),
            "body": TextStyle("regular", self.body, 1.3, INK),
            "quote": TextStyle("italic", self.body, 1.3, INK),
            "big_quote": TextStyle("italic", self.intro, 1.3, INK),
            "by": TextStyle("bold", self.body, 1.25, MUTED),
            "number": TextStyle("bold", self.heading, 1.0, PAPER),
            "brand_name": TextStyle("bold", self.body * 1.15, 1.2, INK),
            "brand": TextStyle("regular", self.body, 1.25, INK),
        }


SCALES = {
    False: Scale("a5", margin=12.0, body=12.0, heading=16.0, title=30.0, intro=14.0, disc=9.0, gap=6.0),
    True: Scale("a4", margin=18.0, body=16.0, heading=22.0, title=44.0, intro=19.0, disc=14.0, gap=10.0),
}
BRAND_NAME_LINES, BRAND_CONTACT_LINES, BRAND_URL_LINES = 2, 2, 2


@frozen
class LeafletOptions:
    large_print: bool = False
    ink: float = 0.0  # mm from the page edge kept clear of panels (a desktop printer's edge)
    bleed: bool = False  # panels that meet the trim run into the bleed
    brand: Brand | None = None


def compose_leaflet(content: Content, fonts: Fonts, options: LeafletOptions) -> list[Face]:
    """Every page in reading order (a multiple of four), each with its brand slot kept apart."""
    layout = _Layout(content, fonts, options)
    principle_pages = layout.principle_pages()
    if not options.large_print and len(principle_pages) > 2:
        # the set overflows, not the principle that happens to land on a third page: the file
        # named is the longest principle's (most often the one just made longer)
        p = max(content.principles, key=lambda p: layout.block_height(p))
        raise FitError(
            NAME,
            "the principles on pages 2 and 3",
            p.source,
            f"the {len(content.principles)} principles need {len(principle_pages)} pages at"
            f" {layout.scale.body:g} pt, the leaflet has 2; principle {p.number}'s is the longest",
            plural=True,
        )
    pages = [layout.cover()]
    pages += [layout.principles_page(chunk, first=i == 0) for i, chunk in enumerate(principle_pages)]
    while (len(pages) + 1) % 4:
        pages.append(layout.notes_page())
    pages.append(layout.back())
    return pages


class _Layout:
    """Measures and places the leaflet's pieces on one page size."""

    def __init__(self, content: Content, fonts: Fonts, options: LeafletOptions):
        self.content, self.fonts, self.o = content, fonts, options
        self.scale = SCALES[options.large_print]
        self.w, self.h = sheet_size(self.scale.sheet)
        self.m = self.scale.margin
        self.st = self.scale.styles()
        self.text = Rect(self.m, self.m, self.w - 2 * self.m, self.h - 2 * self.m)
        self.labels = content.labels

    def where(self, element: str, source: str | None = None) -> Where:
        return Where(NAME, element, source or self.content.labels.source)

    def _panel(self, top: float, bottom: float) -> Shape:
        """A dark panel across the page: into the bleed for press, clear of a desktop printer's edge."""
        ink = self.o.ink
        return Shape(
            Rect(ink, max(ink, top), self.w - 2 * ink, bottom - max(ink, top)),
            fill=INK,
            bleed=self.o.bleed,
            radius=2.0 if ink else 0.0,
        )

    # --- page 1 ---------------------------------------------------------------------------

    def cover(self) -> Face:
        doc, st, t, s = self.content.document, self.st, self.text, self.scale
        where = lambda element: Where(NAME, element, doc.source)  # noqa: E731
        items: list[Item] = []
        title = fit_text(
            self.fonts,
            doc.title,
            st["title"],
            Rect(t.x, t.y + 2, t.w, 60),
            where("title"),
            role=Role.heading(1),
            max_lines=2,
            bookmark=doc.title,
        )
        subtitle = fit_text(
            self.fonts, doc.subtitle, st["subtitle"], Rect(t.x, title.box.bottom + 3, t.w, 60), where("subtitle")
        )
        panel_bottom = subtitle.box.bottom + s.gap
        items.append(self._panel(0.0, panel_bottom))
        stripe_h = 2.5 if not self.o.large_print else 3.5
        ink = self.o.ink
        items += colour_stripe(Rect(ink, panel_bottom, self.w - 2 * ink, stripe_h), bleed=self.o.bleed)
        items += [title, subtitle]
        y = panel_bottom + stripe_h + s.gap
        if doc.lived_experience:
            intro = fit_text(
                self.fonts,
                doc.lived_experience,
                st["intro"],
                Rect(t.x, y, t.w, t.bottom - y),
                where("lived_experience"),
            )
            items.append(intro)
            y = intro.box.bottom + s.gap
        items += self._principles_visual(y, t.bottom)
        return Face(tuple(items))

    def _principles_visual(self, top: float, bottom: float) -> list[Item]:
        """The five principles as a column of numbered colour discs joined by one line, titles beside."""
        st, s, t = self.st, self.scale, self.text
        d = s.disc * 1.3
        style = st["cover_list"]
        x = t.x + d / 2
        text_x = t.x + d + 5
        rows = []
        for p in self.content.principles:
            lines, h = measure(self.fonts, p.title, style, t.right - text_x)
            if lines is None:
                raise FitError(NAME, f"principle {p.number}'s title on the cover", p.source, "a word is too wide")
            rows.append((p, lines, max(d, h)))
        need = sum(h for _, _, h in rows)
        room = bottom - top
        if need + (len(rows) - 1) * 2 > room:
            raise FitError(
                NAME,
                "the principles on the cover",
                self.content.document.source,
                f"needs {need:.0f} mm, has {room:.0f}",
            )
        step_gap = min(s.gap * 2, (room - need) / (len(rows) + 1))
        y = top + (room - need - step_gap * (len(rows) - 1)) / 2
        centres = []
        texts: list[Item] = []
        number = TextStyle("bold", st["number"].size * 1.2, 1.0, PAPER)
        for p, lines, h in rows:
            cy = y + h / 2
            centres.append(cy)
            item = (Group(GroupTag.L, "cover principles"), Group(GroupTag.LI, str(p.number)))
            texts += number_badge(self.fonts, p.number, x, cy, d, number, Role(Tag.LBL).inside(*item))
            text_h = block_height(style, len(lines))
            # centre a one-line title on the disc by its capitals, taller titles by their block
            line_top = cy - pt_to_mm(style.size) * (ASCENT - CAP_HEIGHT / 2) if len(lines) == 1 else cy - text_h / 2
            texts.append(
                set_lines(
                    self.fonts,
                    lines,
                    style,
                    text_x,
                    line_top,
                    t.right - text_x,
                    role=Role(Tag.LBODY).inside(*item),
                    where=Where(NAME, f"principle {p.number}'s title on the cover", p.source),
                )
            )
            y += h + step_gap
        return [Stroke(x, centres[0], x, centres[-1], RULE, 1.0, cap=0), *texts]

    def _number_style(self) -> TextStyle:
        return self.st["number"]

    # --- pages 2 and 3 --------------------------------------------------------------------

    def _quote(self, p: Principle) -> str:
        """The principle's shortest quote: one a reader takes in at a glance."""
        if not p.quotes:
            raise ContentError([(p.source, "quotes", "the leaflet prints one quote of each principle: add one")])
        return min(p.quotes, key=len)

    def _block(self, p: Principle, top: float) -> tuple[list[Item], float]:
        """One principle: number disc and title, context, summary, its quote and who said it."""
        st, s, t = self.st, self.scale, self.text
        d = s.disc
        text_x = t.x + d + 4
        width = t.right - text_x
        where = lambda element: Where(NAME, f"principle {p.number}'s {element}", p.source)  # noqa: E731
        title_lines, title_h = measure(self.fonts, p.title, st["heading"], width)
        if title_lines is None:
            raise FitError(NAME, f"principle {p.number}'s title", p.source, "a word is too wide")
        first_cap = top + pt_to_mm(st["heading"].size) * (ASCENT - CAP_HEIGHT / 2)
        sect = (_PRINCIPLES, Group(GroupTag.SECT, f"principle {p.number}"))
        heading = Role(Tag.H3, key="title").inside(*sect)  # the number on its disc and the title: one heading
        centre = (t.x + d / 2, max(first_cap, top + d / 2))
        items: list[Item] = [*number_badge(self.fonts, p.number, *centre, d, self._number_style(), heading)]
        title = set_lines(
            self.fonts,
            title_lines,
            st["heading"],
            text_x,
            top,
            width,
            role=heading,
            bookmark=f"{p.number}. {p.title}",
            level=2,
            where=where("title"),
        )
        items.append(title)
        y = title.box.bottom + 1.5
        if p.context:
            context = fit_text(
                self.fonts,
                f"({p.context})",
                st["context"],
                Rect(text_x, y, width, 80),
                where("context"),
                role=PARAGRAPH.inside(*sect),
            )
            items.append(context)
            y = context.box.bottom + 1.5
        y = max(y + 1.0, top + d + 2.0)  # the summary and quote use the full width, under the disc
        text_x, width = t.x, t.w
        summary = fit_text(
            self.fonts,
            p.summary,
            st["body"],
            Rect(text_x, y, width, 200),
            where("summary"),
            role=PARAGRAPH.inside(*sect),
        )
        items.append(summary)
        y = summary.box.bottom + s.gap * 0.5
        bar = 1.2 if not self.o.large_print else 1.6
        quote_x = text_x + bar + 3
        quote = fit_text(
            self.fonts,
            f"“{self._quote(p)}”",
            st["quote"],
            Rect(quote_x, y, t.right - quote_x, 200),
            where("quote"),
            role=PARAGRAPH.inside(*sect, Group(GroupTag.BLOCKQUOTE, "quote")),
        )
        by = fit_text(
            self.fonts,
            self.labels("leaflet_quote_by"),
            st["by"],
            Rect(quote_x, quote.box.bottom + 1.2, t.right - quote_x, 40),
            self.where("the quote's label"),
            role=PARAGRAPH.inside(*sect, Group(GroupTag.BLOCKQUOTE, "quote")),
        )
        items.append(Shape(Rect(text_x, y, bar, by.box.bottom - y), fill=principle_colour(p.number)))
        items += [quote, by]
        bottom = max(by.box.bottom, top + d)
        return items, bottom - top

    def _heading(self) -> list[TextItem]:
        """The heading over the principles and the source's line that they are equally important."""
        text, t, doc = self.labels("leaflet_principles"), self.text, self.content.document
        heading = fit_text(
            self.fonts,
            text,
            self.st["page_heading"],
            Rect(t.x, t.y, t.w, 60),
            self.where("the principles heading"),
            role=Role.heading(2).inside(_PRINCIPLES),
            bookmark=text,
        )
        heading = replace(heading, level=1)  # under the title
        statement = fit_text(
            self.fonts,
            doc.statement,
            self.st["statement"],
            Rect(t.x, heading.box.bottom + 2.0, t.w, 60),
            Where(NAME, "statement", doc.source),
            role=PARAGRAPH.inside(_PRINCIPLES),
        )
        return [heading, statement]

    def block_height(self, p: Principle) -> float:
        """The height a principle's block takes on pages 2 and 3."""
        return self._block(p, 0.0)[1]

    def principle_pages(self) -> list[list[Principle]]:
        """The principles in order over as few pages as they need, evenly filled."""
        heading_h = self._heading()[-1].box.bottom - self.text.y + self.scale.gap
        heights = [self.block_height(p) for p in self.content.principles]
        gap = self.scale.gap
        room = self.text.h

        def fill(limit: float) -> list[list[int]]:
            pages: list[list[int]] = [[]]
            used = heading_h
            for i, h in enumerate(heights):
                need = h if not pages[-1] else h + gap
                if used + need > limit + 1e-6 and pages[-1]:
                    pages.append([])
                    used, need = 0.0, h
                pages[-1].append(i)
                used += need
            return pages

        for i, h in enumerate(heights):
            if h > room:
                p = self.content.principles[i]
                raise FitError(NAME, f"principle {p.number}", p.source, f"needs {h:.0f} mm, a page has {room:.0f} mm")
        pages = fill(room)
        lo, hi = max(heights), room  # the least room that needs no more pages balances them
        for _ in range(24):
            mid = (lo + hi) / 2
            lo, hi = (lo, mid) if len(fill(mid)) == len(pages) else (mid, hi)
        return [[self.content.principles[i] for i in page] for page in fill(hi)]

    def principles_page(self, chunk: list[Principle], first: bool) -> Face:
        items: list[Item] = []
        y = self.text.y
        if first:
            heading = self._heading()
            items += heading
            y = heading[-1].box.bottom + self.scale.gap
        for i, p in enumerate(chunk):
            if i:
                items.append(Shape(Rect(self.text.x, y - self.scale.gap / 2, self.text.w, 0.3), fill=RULE))
            block, h = self._block(p, y)
            items += block
            y += h + self.scale.gap
        return Face(tuple(items))

    # --- notes (large print) ----------------------------------------------------------------

    def notes_page(self) -> Face:
        text = self.labels("leaflet_notes")
        heading = fit_text(
            self.fonts,
            text,
            self.st["page_heading"],
            Rect(self.text.x, self.text.y, self.text.w, 60),
            self.where("the notes heading"),
            role=Role.heading(2),
        )
        items: list[Item] = [replace(heading, level=1)]
        y = heading.box.bottom + self.scale.gap + NOTES_LINE
        while y <= self.text.bottom:
            items.append(Stroke(self.text.x, y, self.text.right, y, RULE, 0.3, cap=0))
            y += NOTES_LINE
        return Face(tuple(items))

    # --- page 4 ---------------------------------------------------------------------------

    def _use(self) -> Use:
        return self.content.use(PATIENT_USE, "the leaflet prints its quote on the back")

    def back(self) -> Face:
        st, s, t, doc = self.st, self.scale, self.text, self.content.document
        use = self._use()
        pad = 5.0 if not self.o.large_print else 7.0
        inner = Rect(t.x + pad, t.y + pad, t.w - 2 * pad, t.h)
        quote = fit_text(
            self.fonts,
            f"“{use.quote}”",
            st["big_quote"],
            inner,
            Where(NAME, "the researcher's quote", "uses.toml"),
            role=PARAGRAPH.inside(_RESEARCHER),
        )
        by = fit_text(
            self.fonts,
            use.quote_by,
            st["by"],
            Rect(inner.x, quote.box.bottom + 2, inner.w, 40),
            Where(NAME, "the researcher's attribution", "uses.toml"),
            role=PARAGRAPH.inside(_RESEARCHER),
        )
        box = Rect(t.x, t.y, t.w, by.box.bottom + pad - t.y)
        items: list[Item] = [Shape(box, fill=TINT, radius=2.0), quote, by]
        # who developed the principles and where to read them, at the foot of the page: read
        # after the local service's box above them (drawn apart, as a brand is), as they are seen
        foot = 1
        symbol = 18.0 if not self.o.large_print else 24.0
        total = qr_size(doc.link_url, symbol)
        qr_top = t.bottom - total
        read = fit_text(
            self.fonts,
            self.labels("read_full", link=doc.link_label),
            st["list"],
            Rect(t.x + total + 3, qr_top, t.right - t.x - total - 3, total),
            self.where("the document's address"),
            role=Role.link(doc.link_url).read(foot),
            address=True,
        )
        measured = fit_text(
            self.fonts, self.content.attribution, st["body"], Rect(t.x, 0, t.w, 60), self.where("the attribution")
        )
        attribution = set_lines(
            self.fonts,
            [line.text for line in measured.lines],
            st["body"],
            t.x,
            qr_top - s.gap * 0.5 - measured.box.h,
            t.w,
            role=PARAGRAPH.read(foot),
            where=self.where("the attribution"),
        )
        items += [
            attribution,
            *qr_code(doc.link_url, t.x, qr_top, symbol, order=foot),
            translate(read, 0, (total - read.box.h) / 2),
        ]
        free_top, free_bottom = box.bottom + s.gap, attribution.box.y - s.gap
        if free_bottom < free_top:
            raise FitError(NAME, "the back page", "uses.toml", f"needs {free_top - free_bottom:.0f} mm more height")
        brand: tuple[Item, ...] = ()
        if self.o.brand is not None:
            slot = Rect(t.x, free_top, t.w, _slot_height(st))
            if slot.bottom > free_bottom:
                raise FitError(
                    NAME,
                    "the back page's box for the local service",
                    "uses.toml",
                    f"needs {slot.bottom - free_bottom:.0f} mm more height",
                )
            local = (self.o.large_print, self.labels("leaflet_local"))
            brand = (BrandSlot("leaflet back", slot, local, ARTIFACT.inside(_LOCAL)),)
        return Face(tuple(items), brand)


def _slot_height(st: dict[str, TextStyle]) -> float:
    """Room for the heading, a two-line name, two contact lines, a two-line web address and the edition."""
    return _head_height(st) + block_height(st["brand"], BRAND_CONTACT_LINES + BRAND_URL_LINES + 1) + 0.3


def _head_height(st: dict[str, TextStyle]) -> float:
    """The slot's top: the rule, the heading and the name, with the logo beside them."""
    return 3.0 + block_height(st["heading"], 1) + 3.0 + block_height(st["brand_name"], BRAND_NAME_LINES) + 1.5


_PRINCIPLES = Group(GroupTag.SECT, "principles")  # pages 2 and 3: the heading, the statement, a section a principle
_RESEARCHER = Group(GroupTag.BLOCKQUOTE, "researcher")  # the back page's quote and who said it
_LOCAL = Group(GroupTag.SECT, "local service")  # the back page's box for a branded edition's service


def back_brand(slot: BrandSlot, brand: Brand, fonts: Fonts) -> list[Item]:
    """Fills the back page's box: the heading and name with the logo beside them, then contact,
    web address and edition across the full width."""
    large_print, heading_text = slot.params  # the heading is a content label, carried by the slot
    st = SCALES[large_print].styles()
    s = slot.rect
    items: list[Item] = [Shape(Rect(s.x, s.y, s.w, 0.3), fill=RULE)]
    head_h = _head_height(st) - 3.0 - 1.5
    logo_w, logo_bottom = 0.0, s.y
    logo: list[Item] = []  # drawn after the heading and name: read after them too
    if brand.logo:
        logo_w = min(s.w * 0.35, head_h * brand.logo.aspect)
        logo_h = logo_w / brand.logo.aspect
        logo.append(
            Image(
                Rect(s.right - logo_w, s.y + 3.0, logo_w, logo_h),
                brand.logo.data,
                brand.logo.width,
                brand.logo.height,
                brand.logo.source,
                alt=f"{brand.name} logo",
            )
        )
        logo_w, logo_bottom = logo_w + 4.0, s.y + 3.0 + logo_h
    width = s.w - logo_w
    heading = fit_text(
        fonts,
        heading_text,
        st["heading"],
        Rect(s.x, s.y + 3.0, width, 30),
        Where(NAME, "the local service's heading", "labels.toml"),
        role=Role.heading(2),
        max_lines=1,
    )
    heading = replace(heading, level=1)
    name = fit_text(
        fonts,
        brand.name,
        st["brand_name"].with_colour(brand.accent or INK),
        Rect(s.x, heading.box.bottom + 3.0, width, 60),
        Where(NAME, "the organisation's name", brand.source),
        max_lines=BRAND_NAME_LINES,
        role="label",
    )
    items += [heading, name, *logo]
    y = max(name.box.bottom, logo_bottom) + 2.0  # the reserved room covers a two-line name
    lines = [(c, "contact", 1, False) for c in brand.contact]
    if brand.url:
        lines.append((brand.shown_url, "web address", BRAND_URL_LINES, True))
    if brand.edition:
        lines.append((brand.edition, "edition", 1, False))
    for text, element, most, address in lines:
        item = fit_text(
            fonts,
            text,
            st["brand"],
            Rect(s.x, y, s.w, s.bottom - y),
            Where(NAME, f"the organisation's {element}", brand.source),
            role=Role.link(brand.url) if address and brand.url else "label",
            max_lines=most,
            address=address,
        )
        items.append(item)
        y = item.box.bottom + 0.3
    return items


# --- the recipe -------------------------------------------------------------------------------

LAYOUTS = ("pages", "imposed")


def default_layout(profile: TargetProfile, large_print: bool) -> str:
    """Single pages where a print shop imposes them; folded sheets where a desk printer prints them.

    Large print is printed on A4 pages, so it is always single pages.
    """
    return "imposed" if profile.desk_printed and not large_print else "pages"


def leaflet_job(
    target: Target,
    path: FilePath | None,
    out_dir: FilePath = DEFAULT_OUTPUT,
    layout: str | None = None,
    large_print: bool = False,
) -> Job:
    layout = default_layout(target.profile, large_print) if layout is None else choose("layout", layout, LAYOUTS)
    if layout == "imposed" and not target.profile.sheet_layouts:
        raise SettingsError(
            f"the imposed layout is for desktop printers, not {target.value} files: "
            f"a print shop imposes the pages itself, so use --layout pages --target {target.value}"
        )
    if layout == "imposed" and large_print:
        raise SettingsError("large print is set on A4 pages, which do not fold from A4 sheets: use --layout pages")
    size = SCALES[large_print].sheet
    name = f"leaflet-{size}{'-large-print' if large_print else ''}-{layout}-{target.value}.pdf"
    return make_job(NAME, size, target, path or out_dir / name, layout=layout, large_print=large_print)


def _compose_job(job: Job, c: Compose) -> PlanDocument:
    large = bool(job.option("large_print", False))
    w, h = sheet_size(SCALES[large].sheet)
    doc = c.content.document
    if job.option("layout") == "imposed":
        sheet_w, sheet_h = sheet_size("a4", landscape=True)
        spec = PageSpec.make(sheet_w, sheet_h, job.target, safe_margin=job.target.profile.edge_clearance)
        options = LeafletOptions(large, ink=job.target.profile.edge_clearance, brand=c.brand)
        faces = compose_leaflet(c.content, c.fonts, options)
        pages = booklet_sheets(faces, w, h, spec)
    else:
        spec = PageSpec.make(w, h, job.target, bleed=c.settings.bleed, safe_margin=SCALES[large].margin)
        options = LeafletOptions(
            large, ink=job.target.profile.edge_clearance, bleed=job.target.has_bleed, brand=c.brand
        )
        faces = compose_leaflet(c.content, c.fonts, options)
        pages = [Page(spec, f.items, f"page {n}", f.brand) for n, f in enumerate(faces, start=1)]
    key = "leaflet_large_title" if large else "leaflet_title"
    return PlanDocument(
        title=c.content.labels(key, title=doc.title),
        pages=tuple(pages),
        subject=doc.subtitle,
        language=doc.language,
        keywords=("service principles", "leaflet", "patient information"),
    )


PRODUCT = Product(
    name=NAME,
    help=(
        "Make the A5 patient information leaflet (four pages), for waiting rooms and clinics.\n\n\b\nExamples:\n"
        "  principles leaflet                          # office: two A4 sheets, print double-sided,\n"
        "                                              # flip on the short edge, fold in half\n"
        "  principles leaflet --target press -o leaflet-a5.pdf   # four A5 pages with bleed\n"
        "  principles leaflet --large-print --target screen"
    ),
    options=(
        Option(
            "layout",
            "--layout",
            "choice",
            "pages: one page a page (A5; A4 in large print). imposed: two A4 landscape sheets, outer side "
            "4 | 1 and inner side 2 | 3, to print double-sided (short edge) and fold. "
            "Default: pages for press and large print, imposed otherwise.",
            LAYOUTS,
            None,
        ),
        Option("large_print", "--large-print", "flag", "Large print: body 16 pt on A4 pages (a multiple of four)."),
    ),
    job=leaflet_job,
    compose=_compose_job,
    default_jobs=lambda out: [
        leaflet_job(Target.PRESS, None, out, layout="pages"),
        leaflet_job(Target.OFFICE, None, out, layout="imposed"),
        leaflet_job(Target.SCREEN, None, out, layout="pages"),
    ],
    default_name="leaflet-SIZE-LAYOUT-TARGET.pdf",
    brand_slots={"leaflet back": back_brand},
)
