"""Imposition: cards one per page (front, back) or n-up on office sheets, backs behind fronts."""

from __future__ import annotations

from generator.geometry import MARK_LENGTH, PageSpec
from generator.plan import ARTIFACT, Face, Item, Page, Stroke, translate
from generator.theme import INK, RULE
from generator.units import Rect

MARK_GAP = 1.0  # mm between the card grid and the start of a crop mark
CUT_GUIDE_WIDTH = 0.2  # mm


def sheet_slots(card_w: float, card_h: float, sheet_w: float, sheet_h: float) -> list[Rect]:
    """Card positions on the sheet, row by row: as many as fit, abutting, centred on the sheet."""
    cols, rows = int(sheet_w // card_w + 1e-9), int(sheet_h // card_h + 1e-9)
    x0, y0 = (sheet_w - cols * card_w) / 2, (sheet_h - rows * card_h) / 2
    return [Rect(x0 + c * card_w, y0 + r * card_h, card_w, card_h) for r in range(rows) for c in range(cols)]


def sheet_card_safe(slots: list[Rect], sheet_w: float, sheet_h: float, card_safe: float, edge: float) -> float:
    """The card's safe margin on this sheet: more where a card meets the printer's unprintable `edge`."""
    nearest = min(min(s.x, s.y, sheet_w - s.right, sheet_h - s.bottom) for s in slots)
    return max(card_safe, edge - nearest)


def mirrored(slot: Rect, sheet_w: float) -> Rect:
    """Where a card's back goes so that a long-edge duplex flip puts it behind its front."""
    return Rect(sheet_w - slot.right, slot.y, slot.w, slot.h)


def single_pages(
    faces: list[tuple[Face, Face]], spec: PageSpec, labels: list[str], extra: tuple[Item, ...] = ()
) -> list[Page]:
    """Front then back, one page each, for every card; `extra` goes on every page (a die line)."""
    pages = []
    for (front, back), label in zip(faces, labels):
        pages += [
            Page(spec, front.items + extra, f"{label} front", front.brand),
            Page(spec, back.items + extra, f"{label} back", back.brand),
        ]
    return pages


def sheet_pages(
    faces: list[tuple[Face, Face]],
    card_w: float,
    card_h: float,
    spec: PageSpec,
    filler: tuple[Face, Face] | None = None,
) -> list[Page]:
    """Fronts on odd pages, backs on even pages mirrored for long-edge duplex; unused slots on the
    last sheet hold `filler` (a key card), or stay blank without one."""
    slots = sheet_slots(card_w, card_h, spec.trim_w, spec.trim_h)
    if not slots:
        raise ValueError("the card is larger than the sheet")
    guides = _cut_marks(slots, spec.trim_w, spec.trim_h)
    pages = []
    for start in range(0, len(faces), len(slots)):
        chunk = faces[start : start + len(slots)]
        if filler is not None:
            chunk = chunk + [filler] * (len(slots) - len(chunk))
        front_items: list[Item] = []
        back_items: list[Item] = []
        front_brand: list[Item] = []
        back_brand: list[Item] = []
        for (front, back), slot in zip(chunk, slots):
            front_items += [translate(i, slot.x, slot.y) for i in front.items]
            front_brand += [translate(i, slot.x, slot.y) for i in front.brand]
            b = mirrored(slot, spec.trim_w)
            back_items += [translate(i, b.x, b.y) for i in back.items]
            back_brand += [translate(i, b.x, b.y) for i in back.brand]
        sheet = start // len(slots) + 1
        pages += [
            Page(spec, tuple(front_items) + guides, f"sheet {sheet} fronts", tuple(front_brand)),
            Page(
                spec, tuple(back_items) + _mirror_marks(guides, spec.trim_w), f"sheet {sheet} backs", tuple(back_brand)
            ),
        ]
    return pages


def _cut_marks(slots: list[Rect], sheet_w: float, sheet_h: float) -> tuple[Item, ...]:
    """Crop marks in the sheet margin at the end of every cut line; a hairline guide where no margin.

    Cards abut, so each cut serves two cards and marks can only stand outside the card grid.
    """
    grid = Rect(min(s.x for s in slots), min(s.y for s in slots), 0, 0)
    right, bottom = max(s.right for s in slots), max(s.bottom for s in slots)
    grid = Rect(grid.x, grid.y, right - grid.x, bottom - grid.y)
    xs = sorted({round(v, 4) for s in slots for v in (s.x, s.right)})
    ys = sorted({round(v, 4) for s in slots for v in (s.y, s.bottom)})
    items: list[Item] = []
    room_y = min(grid.y, sheet_h - grid.bottom) - MARK_GAP
    room_x = min(grid.x, sheet_w - grid.right) - MARK_GAP
    for x in xs:
        if room_y >= 3:
            length = min(MARK_LENGTH, room_y - 1)
            items.append(Stroke(x, grid.y - MARK_GAP, x, grid.y - MARK_GAP - length, INK, 0.1, cap=0))
            items.append(Stroke(x, grid.bottom + MARK_GAP, x, grid.bottom + MARK_GAP + length, INK, 0.1, cap=0))
        elif grid.x < x < grid.right:
            items.append(Stroke(x, grid.y, x, grid.bottom, RULE, CUT_GUIDE_WIDTH, cap=0, role=ARTIFACT))
    for y in ys:
        if room_x >= 3:
            length = min(MARK_LENGTH, room_x - 1)
            items.append(Stroke(grid.x - MARK_GAP, y, grid.x - MARK_GAP - length, y, INK, 0.1, cap=0))
            items.append(Stroke(grid.right + MARK_GAP, y, grid.right + MARK_GAP + length, y, INK, 0.1, cap=0))
        elif grid.y < y < grid.bottom:
            items.append(Stroke(grid.x, y, grid.right, y, RULE, CUT_GUIDE_WIDTH, cap=0, role=ARTIFACT))
    return tuple(items)


def _mirror_marks(marks: tuple[Item, ...], sheet_w: float) -> tuple[Item, ...]:
    out = []
    for m in marks:
        assert isinstance(m, Stroke)
        out.append(Stroke(sheet_w - m.x1, m.y1, sheet_w - m.x2, m.y2, m.colour, m.width, m.cap, m.role))
    return tuple(out)


FOLD_MARK_LENGTH = 4.0  # mm


def booklet_order(page_count: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """For a folded booklet of `page_count` pages (a multiple of 4), each sheet's outer and inner
    side as (left page, right page), 1-based: four pages give outer 4 | 1 and inner 2 | 3.
    """
    if page_count <= 0 or page_count % 4:
        raise ValueError(f"a folded booklet needs a multiple of 4 pages, not {page_count}")
    n = page_count
    return [((n - 2 * s, 1 + 2 * s), (2 + 2 * s, n - 1 - 2 * s)) for s in range(n // 4)]


def booklet_sheets(faces: list[Face], page_w: float, page_h: float, spec: PageSpec) -> list[Page]:
    """Pages in reading order, two to a side of a landscape sheet, for duplex printing flipped on the
    short edge and folding in half; each page centred in its half, fold marks at the fold's ends.

    Fold marks start at the sheet's safe margin (the printer's unprintable edge) and stay short, so
    pages whose text keeps a margin wider than that never meet them. The right-hand page of each
    side is listed first, so a side reads in page order (1 before 4).
    """
    half = spec.trim_w / 2
    if page_w > half + 1e-6 or page_h > spec.trim_h + 1e-6:
        raise ValueError("the page is larger than half the sheet")
    dy = (spec.trim_h - page_h) / 2
    lefts, rights = (half - page_w) / 2, half + (half - page_w) / 2
    edge = spec.safe_margin
    marks = (
        Stroke(half, edge, half, edge + FOLD_MARK_LENGTH, INK, 0.1, cap=0),
        Stroke(half, spec.trim_h - edge, half, spec.trim_h - edge - FOLD_MARK_LENGTH, INK, 0.1, cap=0),
    )
    out = []
    for number, sides in enumerate(booklet_order(len(faces)), start=1):
        for side, (left, right) in zip(("outer", "inner"), sides):
            first, second = sorted(((left, lefts), (right, rights)))
            items: list[Item] = []
            brand: list[Item] = []
            for page, x in (first, second):
                face = faces[page - 1]
                items += [translate(i, x, dy) for i in face.items]
                brand += [translate(i, x, dy) for i in face.brand]
            label = f"sheet {number} {side}: pages {left} | {right}"
            out.append(Page(spec, tuple(items) + marks, label, tuple(brand)))
    return out
