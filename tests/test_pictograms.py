"""The care moments' pictograms (generator/products/pictograms.py): in their box, scaled, distinct, drawn."""

from __future__ import annotations

import pytest

from generator.plan import Path, Shape
from generator.products.pictograms import pictogram
from generator.theme import INK, PAPER
from generator.units import Rect

MOMENTS = ["first-meeting", "appointments", "shared-decisions", "shared-plans", "designing-services", "always"]


def extent(items) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of everything drawn, strokes' half-widths included."""
    xs, ys = [], []
    for item in items:
        if isinstance(item, Shape):
            half = item.stroke_width / 2 if item.stroke else 0.0
            xs += [item.rect.x - half, item.rect.right + half]
            ys += [item.rect.y - half, item.rect.bottom + half]
        elif isinstance(item, Path):
            half = item.width / 2 if item.stroke else 0.0
            for op in item.ops:
                xs += [v + item.dx + s for v in op[1::2] for s in (-half, half)]
                ys += [v + item.dy + s for v in op[2::2] for s in (-half, half)]
    return min(xs), min(ys), max(xs), max(ys)


def signature(items, box: Rect) -> tuple:
    """The drawing relative to its box's corner and size: equal for the same drawing at any scale."""
    k = box.w

    def norm(v: float, origin: float) -> float:
        return round((v - origin) / k, 4)

    out = []
    for item in items:
        if isinstance(item, Shape):
            r = item.rect
            out.append(("shape", item.kind, norm(r.x, box.x), norm(r.y, box.y), round(r.w / k, 4), round(r.h / k, 4)))
        else:
            out.append(
                (
                    "path",
                    tuple(
                        (op[0], *[norm(v, box.x if i % 2 == 0 else box.y) for i, v in enumerate(op[1:])])
                        for op in item.ops
                    ),
                )
            )
    return tuple(out)


def test_content_moments_all_have_their_own_pictogram(content):
    assert [m.id for m in content.moments] == MOMENTS
    box = Rect(10, 20, 30, 30)
    drawings = {m: signature(pictogram(m, box, PAPER, INK), box) for m in MOMENTS}
    ring = signature(pictogram("a-moment-added-later", box, PAPER, INK), box)
    assert all(drawings.values()) and len(set(drawings.values())) == len(MOMENTS)  # six different drawings
    assert ring not in drawings.values()


@pytest.mark.parametrize("moment", MOMENTS)
def test_pictogram_stays_inside_its_box(moment):
    box = Rect(10, 20, 30, 30)
    items = pictogram(moment, box, PAPER, INK)
    assert items
    left, top, right, bottom = extent(items)
    assert left >= box.x - 1e-6 and top >= box.y - 1e-6 and right <= box.right + 1e-6 and bottom <= box.bottom + 1e-6
    assert right - left >= 0.6 * box.w or bottom - top >= 0.6 * box.h  # fills its box, not a speck in it


@pytest.mark.parametrize("moment", MOMENTS)
def test_pictogram_scales_with_its_box_and_centres_in_a_wide_one(moment):
    small, large = Rect(0, 0, 12, 12), Rect(5, 7, 36, 36)
    assert signature(pictogram(moment, small, PAPER, INK), small) == signature(
        pictogram(moment, large, PAPER, INK), large
    )
    wide = Rect(0, 0, 60, 20)  # a 20 mm drawing in the middle of a 60 mm box
    left, _, right, _ = extent(pictogram(moment, wide, PAPER, INK))
    assert left >= 20 - 1e-6 and right <= 40 + 1e-6
    assert (left - 0) == pytest.approx(60 - right, abs=2.5)  # roughly centred


@pytest.mark.parametrize("moment", MOMENTS)
def test_pictogram_uses_only_its_ink_and_paper(moment):
    ink, paper = INK, PAPER
    items = pictogram(moment, Rect(0, 0, 24, 24), ink, paper)
    colours = {c for i in items for c in (getattr(i, "fill", None), getattr(i, "stroke", None)) if c is not None}
    assert colours and colours <= {ink, paper}
    assert ink in colours  # something is drawn in the ink
    strokes = [i for i in items if i.stroke is not None]
    widths = {round(i.stroke_width if isinstance(i, Shape) else i.width, 6) for i in strokes}
    assert len(widths) <= 1  # one line weight per pictogram


def test_unknown_moment_gets_a_plain_ring():
    items = pictogram("a-moment-added-later", Rect(0, 0, 24, 24), PAPER, INK)
    ring = items[0]
    assert len(items) == 1 and isinstance(ring, Path) and ring.fill is None and ring.stroke == PAPER
    assert [op[0] for op in ring.ops] == ["M", "C", "C", "C", "C", "Z"]  # a closed circle: no seam


def _colour(value) -> tuple:
    """pdfplumber gives a colour as a tuple, or a single number for a one-channel space."""
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def test_card_fronts_draw_the_pictograms(default_set, content):
    """On the press cards every front carries its moment's pictogram as paper-coloured line work on the ink panel."""
    import pdfplumber

    folder, _ = default_set
    with pdfplumber.open(folder / "cards-a6-single-press.pdf") as pdf:
        fronts = pdf.pages[::2]
        assert len(fronts) >= 5
        for number, page in enumerate(fronts):
            paper_lines = [
                c
                for c in (*page.curves, *page.rects, *page.lines)
                if c.get("stroke") and _colour(c.get("stroking_color")) == (0, 0, 0, 0)
            ]
            assert paper_lines, f"front {number + 1} has no pictogram"
