"""The audit worksheet pack: cover, guidance, one section per principle, summary and action plan.

Every practice row has the same geometry on every page (same boxes, same y positions), so a
pack filled in by hand can be compared page by page. Form fields sit exactly over the boxes.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.brand import Brand
from generator.content.model import Content, Practice, Principle
from generator.errors import FitError, SettingsError
from generator.fonts import Fonts
from generator.geometry import PageSpec, sheet_size
from generator.layout.text import Where, block_height, fit_text, set_lines
from generator.plan import (
    PAGINATION,
    PARAGRAPH,
    BrandSlot,
    Field,
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
from generator.products.components import centred_label, colour_stripe
from generator.products.recipe import Compose, Option, Product
from generator.records import frozen
from generator.settings import DEFAULT_OUTPUT, Job, choose, make_job
from generator.targets import Target
from generator.theme import (
    INK,
    MUTED,
    RULE,
    TINT,
    WORKSHEET_BAND_H,
    WORKSHEET_BODY,
    WORKSHEET_FOOTER_H,
    WORKSHEET_GUTTER,
    WORKSHEET_HAND_LINE,
    WORKSHEET_MARGIN,
    WORKSHEET_STROKE,
    WORKSHEET_STYLES,
    WORKSHEET_TICK,
    TextStyle,
    principle_colour,
)
from generator.units import Rect, pt_to_mm

NAME = "worksheets"
BODY = WORKSHEET_BODY  # pt, the smallest text in the pack
MARGIN = WORKSHEET_MARGIN  # mm
FOOTER_H = WORKSHEET_FOOTER_H
BAND_H = WORKSHEET_BAND_H
ROWS_PER_PAGE = 3
TEXT_LINES = 4  # practice text lines a row holds (the seed's longest practice takes 4 on A4)
HAND_LINE = WORKSHEET_HAND_LINE
TICK = WORKSHEET_TICK
GUTTER = WORKSHEET_GUTTER
STROKE = WORKSHEET_STROKE
ACTION_SHARES = (0.40, 0.13, 0.17, 0.14, 0.16)  # the action plan's column widths, as shares of the page
COVER_BRAND_H = 40.0  # mm kept on the cover for the organisation, whatever its details
STYLES = WORKSHEET_STYLES
MOMENTS_GAP = 1.5  # mm between a practice's text and its "Matters most" line


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


@frozen
class RowGeometry:
    """The fixed boxes of one practice row, relative to the row's top-left corner (mm)."""

    width: float
    height: float
    text: Rect
    moments: Rect
    ticks: tuple[Rect, ...]
    evidence: Rect
    try_box: Rect
    label_h: float

    @classmethod
    def make(cls, width: float, height: float, ratings: int) -> RowGeometry:
        text_h = block_height(STYLES["body"], TEXT_LINES)
        line_h = block_height(STYLES["body"], 1)
        label_h = block_height(STYLES["label"], 1)
        text = Rect(10, 3, width - 10, text_h)
        moments = Rect(10, text.bottom + MOMENTS_GAP, width - 10, line_h)
        tick_y = moments.bottom + 2.5
        # the ratings stand on the write-in boxes' grid: equal columns with their gutter, so with an
        # even number of ratings the middle one starts where the second box does
        col = (width - (ratings - 1) * GUTTER) / ratings
        ticks = tuple(Rect(i * (col + GUTTER), tick_y, TICK, TICK) for i in range(ratings))
        box_y = tick_y + TICK + 3 + label_h + 1
        box_h = height - 3 - box_y
        half = (width - GUTTER) / 2
        return cls(
            width,
            height,
            text,
            moments,
            ticks,
            Rect(0, box_y, half, box_h),
            Rect(half + GUTTER, box_y, half, box_h),
            label_h,
        )


class _Pack:
    """Builds the pages of one pack; knows the page size and the content, not the files."""

    def __init__(
        self, content: Content, fonts: Fonts, spec: PageSpec, duplex: bool, brand: Brand | None, fillable: bool = False
    ):
        self.c, self.fonts, self.spec, self.duplex, self.brand = content, fonts, spec, duplex, brand
        self.fillable = fillable  # typed answers: no printed guide lines inside the fields
        self.w, self.labels = content.worksheets, content.labels
        self.area = Rect(MARGIN, MARGIN, spec.trim_w - 2 * MARGIN, spec.trim_h - 2 * MARGIN - FOOTER_H)
        rows_top = self.area.y + BAND_H + 4
        row_h = min(80.0, (self.area.bottom - rows_top) / ROWS_PER_PAGE)
        self.rows_top = rows_top
        self.row = RowGeometry.make(self.area.w, row_h, len(self.w.ratings))
        if self.row.evidence.h < 2 * HAND_LINE:
            raise FitError(
                NAME,
                "practice rows",
                self.w.source,
                f"the page leaves {self.row.evidence.h:.1f} mm for writing, less than two lines",
            )
        self.pages: list[list[Item]] = []
        self.brand_items: dict[int, list[Item]] = {}  # page index -> what comes from the brand

    def at(self, element: str, source: str) -> Where:
        return Where(NAME, element, source)

    # --- pages ---------------------------------------------------------------------------

    def new_section(self) -> list[Item]:
        if self.duplex and len(self.pages) % 2 == 1:  # the section must start on a right-hand page
            self.pages.append(self._blank())
        page: list[Item] = []
        self.pages.append(page)
        return page

    def new_page(self) -> list[Item]:
        page: list[Item] = []
        self.pages.append(page)
        return page

    def _blank(self) -> list[Item]:
        style = STYLES["muted"]
        w = pt_to_mm(self.fonts.width(self.w.blank_page, style.style, style.size))
        top = self.spec.trim_h / 2
        return [
            set_lines(
                self.fonts,
                [self.w.blank_page],
                style,
                (self.spec.trim_w - w) / 2,
                top,
                w,
                role=PAGINATION,
                where=self.at("blank page", self.w.source),
            )
        ]

    def text(self, text: str, style: TextStyle, box: Rect, element: str, source: str, **kw) -> TextItem:  # noqa: D102
        return fit_text(self.fonts, text, style, box, Where(NAME, element, source), **kw)

    # --- cover and guidance ----------------------------------------------------------------

    def cover(self) -> None:
        page, a, d = self.new_section(), self.area, self.c.document
        page += colour_stripe(Rect(a.x, a.y, a.w, 3))
        title = self.text(
            d.title,
            STYLES["cover_title"],
            Rect(a.x, a.y + 12, a.w, 40),
            "title",
            d.source,
            role=Role.heading(1),
            bookmark=self.labels("cover"),
        )
        sub = self.text(
            self.w.title, STYLES["cover_subtitle"], Rect(a.x, title.box.bottom + 3, a.w, 30), "title", self.w.source
        )
        statement = self.text(d.subtitle, STYLES["muted"], Rect(a.x, sub.box.bottom + 6, a.w, 20), "subtitle", d.source)
        page += [title, sub, statement]
        y = statement.box.bottom + 14
        if self.brand:
            top = statement.box.bottom + 10
            self.brand_items[len(self.pages) - 1] = [BrandSlot("worksheet cover", Rect(a.x, top, a.w, COVER_BRAND_H))]
            y = top + COVER_BRAND_H + 10
        # the organisation's block is drawn last (a batch lays it over the page) but read before
        # the fields below it: they, and the attribution, come after it in reading order
        later = 1
        for i, label in enumerate(self.w.cover_fields):
            lines = 4 if i == len(self.w.cover_fields) - 1 else 1
            role = self._box_role(f"cover.{slug(label)}", label).read(later)
            head = set_lines(
                self.fonts,
                [label],
                STYLES["label"],
                a.x,
                y,
                a.w,
                role=self._label_role(role, PARAGRAPH.read(later)),
                where=self.at(f"cover field '{label}'", self.w.source),
            )
            box = Rect(a.x, head.box.bottom + 1.5, a.w, lines * (HAND_LINE + 2) + 2)
            page += [head, *self._write_box(box, role, lines > 1)]
            y = box.bottom + 7
        attribution = f"{self.c.attribution} {d.link_label}"
        page.append(
            self.text(
                attribution,
                STYLES["muted"],
                Rect(a.x, a.bottom - 12, a.w, 12),
                "attribution",
                d.source,
                role=Role.link(d.link_url).inside(Group(GroupTag.P, "attribution")).read(later),
            )
        )

    def guidance(self) -> None:
        page, a = self.new_section(), self.area
        head = self.text(
            self.w.how_to_heading,
            STYLES["h1"],
            Rect(a.x, a.y, a.w, 20),
            "heading",
            self.w.source,
            role=Role.heading(2),
            bookmark=self.w.how_to_heading,
        )
        page.append(head)
        y = head.box.bottom + 6
        for i, para in enumerate(self.w.how_to):
            item = self.text(para, STYLES["body"], Rect(a.x, y, a.w, a.bottom - y), f"how_to[{i}]", self.w.source)
            page.append(item)
            y = item.box.bottom + 4
        y += 4
        for r in self.w.ratings:
            li = (Group(GroupTag.L, "ratings"), Group(GroupTag.LI, r.id))
            page.append(Shape(Rect(a.x, y, TICK, TICK), stroke=INK, stroke_width=STROKE))
            label = set_lines(
                self.fonts,
                [r.label],
                STYLES["bold"],
                a.x + TICK + 3,
                y - 0.2,
                50,
                role=Role(Tag.LBL).inside(*li),
                where=self.at(f"rating '{r.id}' label", self.w.source),
            )
            meaning = self.text(
                r.meaning,
                STYLES["body"],
                Rect(a.x + 62, y - 0.2, a.w - 62, 30),
                f"rating '{r.id}'",
                self.w.source,
                role=Role(Tag.LBODY).inside(*li),
            )
            page += [label, meaning]
            y = max(label.box.bottom, meaning.box.bottom) + 4
        y += 4
        statement = self.text(
            self.c.document.statement, STYLES["italic"], Rect(a.x, y, a.w, 20), "statement", self.c.document.source
        )
        page.append(statement)
        y = statement.box.bottom + 4
        for p in self.c.principles:
            badge = 6.0
            page.append(Shape(Rect(a.x, y, badge, badge), fill=principle_colour(p.number), kind="circle"))
            li = (Group(GroupTag.L, "principles"), Group(GroupTag.LI, str(p.number)))
            page.append(
                centred_label(
                    self.fonts,
                    str(p.number),
                    STYLES["small_number"],
                    a.x + badge / 2,
                    y + badge / 2,
                    role=Role(Tag.LBL).inside(*li),
                )
            )
            page.append(
                set_lines(
                    self.fonts,
                    [p.title],
                    STYLES["bold"],
                    a.x + badge + 3,
                    y + 0.3,
                    a.w - badge - 3,
                    role=Role(Tag.LBODY).inside(*li),
                    where=self.at(f"principle {p.number}'s title", p.source),
                )
            )
            y += badge + 3

    # --- principle sections --------------------------------------------------------------------

    def section(self, p: Principle) -> None:
        slots: list[tuple[int, Practice] | None] = [(i, pr) for i, pr in enumerate(p.practices, start=1)]
        slots.append(None)  # the closing question takes one row's height: the same box in every section
        page = self.new_section()
        page += self._band(p, first=True)
        slot = 0
        for entry in slots:
            if slot == ROWS_PER_PAGE:
                page = self.new_page()
                page += self._band(p, first=False)
                slot = 0
            top = self.rows_top + slot * self.row.height
            if entry is None:
                page += self._question(p, top)
                slot += 1
            else:
                page += self._practice_row(p, *entry, top)
                slot += 1

    def _band(self, p: Principle, first: bool) -> list[Item]:
        a, colour = self.area, principle_colour(p.number)
        band = Rect(a.x, a.y, a.w, BAND_H)
        items: list[Item] = [Shape(band, fill=TINT), Shape(Rect(a.x, a.y, BAND_H, BAND_H), fill=colour)]
        sect = Group(GroupTag.SECT, f"principle {p.number}")
        # the first page's band heads the section; on later pages it repeats, a running header
        heading = Role(Tag.H2, key="title").inside(sect) if first else PAGINATION
        items.append(
            centred_label(self.fonts, str(p.number), STYLES["number"], a.x + BAND_H / 2, a.y + BAND_H / 2, role=heading)
        )
        x = a.x + BAND_H + 5
        title = p.title + ("" if first else " " + self.labels("continued"))
        head = self.text(
            title,
            STYLES["band_title"],
            Rect(x, a.y + 3.5, band.right - 4 - x, 14),
            f"principle {p.number} title",
            p.source,
            max_lines=2,  # a long heading ("(continued)") wraps; it never shrinks
            role=heading,
            bookmark=f"{p.number}. {p.title}" if first else None,
        )
        if not first:  # a continued page's band: the heading alone, centred in the band
            return items + [translate(head, 0, (band.h - head.box.h) / 2 - 3.5)]
        summary = self.text(
            p.summary,
            STYLES["body"],
            Rect(x, head.box.bottom + 1.2, band.right - 4 - x, band.bottom - 2.5 - head.box.bottom - 1.2),
            f"principle {p.number} summary",
            p.source,
            role=PARAGRAPH.inside(sect),
        )
        return items + [head, summary]

    def _practice_row(self, p: Principle, index: int, pr: Practice, top: float) -> list[Item]:
        g, x0 = self.row, self.area.x
        at = lambda r: Rect(x0 + r.x, top + r.y, r.w, r.h)  # noqa: E731
        items: list[Item] = [Stroke(x0, top, x0 + g.width, top, MUTED, 0.35, cap=0)]
        ref = f"{p.number}.{index}"
        groups = (Group(GroupTag.SECT, f"principle {p.number}"), Group(GroupTag.SECT, f"practice {ref}"))
        text = PARAGRAPH.inside(*groups)
        items.append(
            set_lines(
                self.fonts, [ref], STYLES["bold"], x0, top + g.text.y, 9, role=Role(Tag.P, key="text").inside(*groups)
            )
        )
        body = self.text(
            pr.text,
            STYLES["body"],
            at(g.text),
            f"practice '{pr.id}' ({ref})",
            pr.source,
            role=Role(Tag.P, key="text").inside(*groups),
        )
        items.append(body)
        labels = ", ".join(self.c.moment(m).label for m in pr.moments)
        # "Matters most" directly under the practice's text (the row's boxes keep their places)
        moments_at = Rect(x0 + g.moments.x, body.box.bottom + MOMENTS_GAP, g.moments.w, g.moments.h)
        items.append(
            self.text(
                f"{self.w.moments_label}: {labels.lower().capitalize()}",
                STYLES["italic"],
                moments_at,
                f"practice '{pr.id}' moments",
                pr.source,
                max_lines=1,
                role=text,
            )
        )
        base = f"p{p.number}.practice{index}"
        for tick, rating in zip(g.ticks, self.w.ratings):
            box = at(tick)
            # the printed box and its radio button are one Form element, named by its printed label
            # with the practice it rates (a viewer that reads only this name still knows which)
            spoken = self.labels("rating_option", ref=ref, rating=rating.label)
            option = Role(Tag.FORM, alt=spoken, key=f"{base}.rating.{rating.id}", printed="rb").inside(*groups)
            items.append(Shape(box, stroke=INK, stroke_width=STROKE, role=option))
            items.append(
                set_lines(
                    self.fonts,
                    [rating.label],
                    STYLES["body"],
                    box.right + 2.2,
                    box.y - 0.35,
                    40,
                    role=self._label_role(option, text),
                    where=self.at(f"rating '{rating.id}' label", self.w.source),
                )
            )
            items.append(
                Field(
                    f"{base}.rating",
                    "radio",
                    box,
                    value=rating.id,
                    tooltip=self.labels("rating_for", ref=ref),
                    role=option,
                )
            )
        for rect, label, name in (
            (g.evidence, self.w.evidence_label, "evidence"),
            (g.try_box, self.w.try_label, "try"),
        ):
            box = at(rect)
            role = self._box_role(f"{base}.{name}", self.labels("practice_box", ref=ref, label=label), groups)
            items.append(
                set_lines(
                    self.fonts,
                    [label],
                    STYLES["label"],
                    box.x,
                    box.y - 1 - g.label_h,
                    box.w,
                    role=self._label_role(role, text),
                    where=self.at(f"box label '{label}'", self.w.source),
                )
            )
            items += self._write_box(box, role, True)
        return items

    def _question(self, p: Principle, top: float) -> list[Item]:
        x0, w = self.area.x, self.area.w
        items: list[Item] = [Stroke(x0, top, x0 + w, top, MUTED, 0.35, cap=0)]
        sect = Group(GroupTag.SECT, f"principle {p.number}")
        q = self.text(
            self.w.question,
            STYLES["bold"],
            Rect(x0, top + 3, w, 20),
            "question",
            self.w.source,
            role=PARAGRAPH.inside(sect),
        )
        box = Rect(x0, q.box.bottom + 3, w, top + self.row.height - 3 - (q.box.bottom + 3))
        items.append(q)
        name = self.labels("question_for", number=p.number, question=self.w.question)
        items += self._write_box(box, self._box_role(f"p{p.number}.question", name, (sect,)), True)
        return items

    @staticmethod
    def _box_role(name: str, tooltip: str, groups: tuple[Group, ...] = ()) -> Role:
        """A box to write in and its field: one Form element (inside groups), named by the tooltip."""
        return Role(Tag.FORM, alt=tooltip, key=name, printed="tv").inside(*groups)

    def _label_role(self, form: Role, text: Role) -> Role:
        """A form box's printed label. On paper it is part of the box's Form element (whose name
        says the same), so a reader hears it once; where a widget stands for the box, the label
        is text of its own (a widget's Form element holds the widget alone)."""
        return text if self.fillable else form

    def _write_box(self, box: Rect, role: Role, multiline: bool) -> list[Item]:
        """A box to write in, with faint guide lines HAND_LINE apart, and its form field (its name
        and tooltip from role: the box and its field are one Form element)."""
        name, tooltip = role.key, role.alt
        items: list[Item] = [Shape(box, stroke=INK, stroke_width=STROKE, role=role)]
        if multiline and not self.fillable:
            y = box.y + HAND_LINE + 1
            while y < box.bottom - 2:
                items.append(Stroke(box.x + 2, y, box.right - 2, y, RULE, 0.2, cap=0))
                y += HAND_LINE + 1
        items.append(Field(name, "text", box, multiline=multiline, tooltip=tooltip, role=role, size=BODY))
        return items

    # --- summary and action plan -----------------------------------------------------------

    def summary(self) -> None:
        page, a = self.new_section(), self.area
        head = self.text(
            self.labels("summary"),
            STYLES["h1"],
            Rect(a.x, a.y, a.w, 20),
            "summary heading",
            self.w.source,
            role=Role.heading(2),
            bookmark=self.labels("summary"),
        )
        page.append(head)
        y = head.box.bottom + 6
        first_col = 78.0
        col = (a.w - first_col) / len(self.w.ratings)
        header_h = max(
            self.text(r.label, STYLES["label"], Rect(0, 0, col - 3, 30), "rating", self.w.source).box.h
            for r in self.w.ratings
        )
        table = Group(GroupTag.TABLE, "summary")
        corner = Role(Tag.TH, scope="Column").inside(table, Group(GroupTag.TR, "head"))
        page.append(  # over the principles' column: no header cell left empty for a reader to meet
            self.text(
                self.labels("summary_principle"),
                STYLES["label"],
                Rect(a.x, y, first_col - 3, 30),
                "summary column heading",
                self.labels.source,
                role=corner,
            )
        )
        for i, r in enumerate(self.w.ratings):
            page.append(
                self.text(
                    r.label,
                    STYLES["label"],
                    Rect(a.x + first_col + i * col, y, col - 3, 30),
                    f"rating '{r.id}'",
                    self.w.source,
                    role=Role(Tag.TH, scope="Column").inside(table, Group(GroupTag.TR, "head")),
                )
            )
        y += header_h + 3
        cell_h = 14.0
        for p in self.c.principles:
            page.append(Stroke(a.x, y, a.right, y, MUTED, 0.35, cap=0))
            badge = 7.0
            cy = y + cell_h / 2
            page.append(Shape(Rect(a.x, cy - badge / 2, badge, badge), fill=principle_colour(p.number), kind="circle"))
            row = (table, Group(GroupTag.TR, f"p{p.number}"))
            header = Role(Tag.TH, scope="Row", key="principle").inside(*row)
            page.append(
                centred_label(self.fonts, str(p.number), STYLES["small_number"], a.x + badge / 2, cy, role=header)
            )
            title = self.text(
                p.title,
                STYLES["body"],
                Rect(a.x + badge + 3, 0, first_col - badge - 6, cell_h - 1.5),
                f"principle {p.number} title",
                p.source,
                role=header,
            )
            page.append(translate(title, 0, cy - title.box.h / 2))  # label, disc and boxes: one centre line
            for i, r in enumerate(self.w.ratings):
                box_h = cell_h - 4
                box = Rect(a.x + first_col + i * col, cy - box_h / 2, min(col - 6, 22), box_h)
                cell = (*row, Group(GroupTag.TD, r.id))
                name = self.labels("summary_count", number=p.number, rating=r.label)
                page += self._write_box(box, self._box_role(f"summary.p{p.number}.{r.id}", name, cell), False)
            y += cell_h
        page.append(Stroke(a.x, y, a.right, y, MUTED, 0.35, cap=0))
        y += 12
        pri = self.text(
            self.w.priorities_heading,
            STYLES["h2"],
            Rect(a.x, y, a.w, 20),
            "priorities",
            self.w.source,
            role=Role.heading(3),
        )
        page.append(pri)
        y = pri.box.bottom + 4
        box_h = 3 * (HAND_LINE + 1) + 2
        for n in (1, 2, 3):
            li = (Group(GroupTag.L, "priorities"), Group(GroupTag.LI, str(n)))
            page.append(
                set_lines(
                    self.fonts,
                    [f"{n}."],
                    STYLES["bold"],
                    a.x,
                    y + 1.5,
                    8,
                    role=Role(Tag.LBL).inside(*li),
                    where=self.at("priority number", self.w.source),
                )
            )
            body = (*li, Group(GroupTag.LBODY, str(n)))
            role = self._box_role(f"summary.priority{n}", self.labels("priority", number=n), body)
            page += self._write_box(Rect(a.x + 8, y, a.w - 8, box_h), role, True)
            y += box_h + 5

    def action_plan(self) -> None:
        page, a = self.new_section(), self.area
        head = self.text(
            self.labels("action_plan"),
            STYLES["h1"],
            Rect(a.x, a.y, a.w, 20),
            "action plan heading",
            self.w.source,
            role=Role.heading(2),
            bookmark=self.labels("action_plan"),
        )
        page.append(head)
        y = head.box.bottom + 6
        columns = tuple(zip(self.labels.action_columns, ACTION_SHARES))
        xs, x = [], a.x
        for _, share in columns:
            xs.append(x)
            x += a.w * share
        table = Group(GroupTag.TABLE, "actions")
        for (label, share), cx in zip(columns, xs):
            th = Role(Tag.TH, scope="Column").inside(table, Group(GroupTag.TR, "head"))
            page.append(
                set_lines(
                    self.fonts,
                    [label],
                    STYLES["label"],
                    cx + 1.5,
                    y,
                    a.w * share - 3,
                    role=th,
                    where=self.at(f"action plan column '{label}'", self.labels.source),
                )
            )
        y += block_height(STYLES["label"], 1) + 2
        row_h = HAND_LINE + 5
        rows = int((a.bottom - y) // row_h)
        if rows < 12:
            raise FitError(NAME, "action plan", self.w.source, f"room for {rows} actions, 12 needed")
        for n in range(1, rows + 1):
            for (label, share), cx in zip(columns, xs):
                box = Rect(cx, y, a.w * share, row_h)
                name = f"actions.row{n}.{slug(label)}"
                spoken = self.labels("action_cell", column=label, number=n)
                cell = Role(Tag.FORM, alt=spoken, key=name, printed="tv").inside(
                    table, Group(GroupTag.TR, f"row{n}"), Group(GroupTag.TD, slug(label))
                )
                page.append(Shape(box, stroke=INK, stroke_width=STROKE, role=cell))
                # two typed lines fit a row: a long action wraps instead of shrinking to fit one
                page.append(Field(name, "text", box, multiline=True, tooltip=spoken, role=cell, size=BODY))
            y += row_h

    # --- footers -------------------------------------------------------------------------------

    def finish(self) -> list[list[Item]]:
        total, a = len(self.pages), self.area
        title = f"{self.c.document.title} {self.w.title}"
        style = STYLES["muted"]
        top = self.spec.trim_h - MARGIN - block_height(style, 1)
        for n, page in enumerate(self.pages, start=1):
            number = self.labels("page_of", page=n, pages=total)
            w = pt_to_mm(self.fonts.width(number, style.style, style.size))
            page.append(Stroke(a.x, top - 2.5, a.right, top - 2.5, RULE, 0.25, cap=0))
            box = Rect(a.x, top, a.w - w - 5, block_height(style, 1))
            if self.brand:  # the organisation's name takes the pack title's place (the cover has it)
                self.brand_items.setdefault(n - 1, []).append(
                    BrandSlot("worksheet footer", box, (self.c.document.title,))
                )
            else:
                page.append(self.text(title, style, box, "footer", self.w.source, max_lines=1, role=PAGINATION))
            page.append(
                set_lines(
                    self.fonts,
                    [number],
                    style,
                    a.right - w,
                    top,
                    w,
                    role=PAGINATION,
                    where=self.at("page number", self.labels.source),
                )
            )
        return self.pages


def cover_brand(slot: BrandSlot, brand: Brand, fonts: Fonts) -> list[Item]:
    """Fills the cover's block: logo, the organisation's name, contact, address and edition."""
    a, b, top = slot.rect, brand, slot.rect.y
    where = lambda element: Where(NAME, element, b.source)  # noqa: E731
    x = a.x
    page: list[Item] = []
    if b.logo:
        box_w, box_h = 60.0, 24.0
        w = min(box_w, box_h * b.logo.aspect)
        page.append(
            Image(
                Rect(a.x, top, w, w / b.logo.aspect),
                b.logo.data,
                b.logo.width,
                b.logo.height,
                b.logo.source,
                alt=f"{b.name} logo",
            )
        )
        x = a.x + w + 8
    name = fit_text(
        fonts,
        b.name,
        STYLES["h2"].with_colour(b.accent or INK),
        Rect(x, top, a.right - x, 20),
        where("organisation name"),
        max_lines=2,
    )
    page.append(name)
    y = name.box.bottom + 1.5
    lines = [(line, "contact", 1, PARAGRAPH) for line in b.contact]
    if b.url:
        lines.append((b.shown_url, "web address", 1, Role.link(b.url)))
    if b.edition:
        lines.append((b.edition, "edition", 2, PARAGRAPH))
    for line, element, most, role in lines:
        item = fit_text(
            fonts,
            line,
            STYLES["muted"],
            Rect(x, y, a.right - x, 12),
            where(f"brand {element}"),
            max_lines=most,
            address=element == "web address",
            role=role,
        )
        page.append(item)
        y = item.box.bottom + 1
    if y > top + COVER_BRAND_H:
        raise FitError(
            NAME,
            "the cover's organisation block",
            b.source,
            f"needs {y - top:.0f} mm, has {COVER_BRAND_H:.0f} mm: shorten the name or contact lines",
        )
    return page


def footer_brand(slot: BrandSlot, brand: Brand, fonts: Fonts) -> list[Item]:
    """Fills a page footer's left part with the document title and the organisation's name."""
    return [
        fit_text(
            fonts,
            f"{slot.params[0]} · {brand.name}",
            STYLES["muted"],
            slot.rect,
            Where(NAME, "footer", brand.source),
            max_lines=1,
            role=PAGINATION,
        )
    ]


def compose_worksheets(
    content: Content,
    fonts: Fonts,
    spec: PageSpec,
    duplex: bool = False,
    brand: Brand | None = None,
    fillable: bool = False,
) -> PlanDocument:
    pack = _Pack(content, fonts, spec, duplex, brand, fillable)
    pack.cover()
    pack.guidance()
    for p in content.principles:
        pack.section(p)
    pack.summary()
    pack.action_plan()
    pages = tuple(
        Page(spec, tuple(items), f"page {n}", tuple(pack.brand_items.get(n - 1, ())))
        for n, items in enumerate(pack.finish(), start=1)
    )
    doc = content.document
    return PlanDocument(
        title=f"{doc.title} {content.worksheets.title}",
        pages=pages,
        subject=doc.subtitle,
        language=doc.language,
        keywords=("service principles", "worksheets", "audit"),
        always_bookmarks=True,
    )


# --- the recipe -------------------------------------------------------------------------------

PAPERS = ("a4", "letter")


def worksheets_job(
    paper: str,
    target: Target,
    path: Path | None,
    out_dir: Path = DEFAULT_OUTPUT,
    duplex: bool = False,
    fillable: bool = False,
) -> Job:
    paper = choose("paper", paper, PAPERS)
    if fillable and not target.profile.forms:
        raise SettingsError(
            f"form fields are for filling in on screen, not for {target.value} files: "
            "use --target screen or office with --fillable"
        )
    name = f"worksheets-{paper}-{target.value}{'-fillable' if fillable else ''}{'-duplex' if duplex else ''}.pdf"
    return make_job(NAME, paper, target, path or out_dir / name, duplex=duplex, fillable=fillable)


def _compose_job(job: Job, c: Compose) -> PlanDocument:
    w, h = sheet_size(job.size)
    spec = PageSpec.make(w, h, job.target, bleed=c.settings.bleed, safe_margin=5.0)
    return compose_worksheets(
        c.content,
        c.fonts,
        spec,
        duplex=job.option("duplex", False),
        brand=c.brand,
        fillable=bool(job.option("fillable", False)),
    )


PRODUCT = Product(
    name=NAME,
    help=(
        "Make the audit worksheet pack: cover, guidance, a section per principle, summary, action plan.\n\n"
        "\b\nExamples:\n"
        "  principles worksheets --paper a4 --duplex            # for a double-sided photocopier\n"
        "  principles worksheets --target screen --fillable -o review.pdf"
    ),
    options=(
        Option("paper", "--paper", "choice", "Paper size.", PAPERS, "a4"),
        Option("duplex", "--duplex", "flag", "Add blank pages so that every section starts on a right-hand page."),
        Option("fillable", "--fillable", "flag", "Add form fields over the boxes, to fill in on screen."),
    ),
    job=worksheets_job,
    compose=_compose_job,
    default_jobs=lambda out: [
        worksheets_job("a4", Target.OFFICE, None, out),
        worksheets_job("a4", Target.SCREEN, None, out, fillable=True),
    ],
    default_name="worksheets-PAPER-TARGET.pdf",
    brand_slots={"worksheet cover": cover_brand, "worksheet footer": footer_brand},
    fillable=lambda job: bool(job.option("fillable", False)),
    weight=lambda job: 2.5 if job.option("fillable", False) else 2.0,  # 16 pages (34 and 48 ms against 20)
)
