"""The summary poster, read back from its PDF: boxes, fonts, safe area, type scale, text, colour."""

from __future__ import annotations

import pdfcheck
import pytest

from generator.geometry import MARK_ROOM, SHEETS
from generator.layout.text import typographic
from generator.products.poster import SIZES as POSTER_SIZES

MM = pdfcheck.MM
TARGETS = ("press", "office", "screen")
ALL = [(s, t) for s in POSTER_SIZES for t in TARGETS]


def offset_mm(target: str, bleed: float = 3.0) -> float:
    return bleed + MARK_ROOM if target == "press" else 0.0


@pytest.mark.parametrize("size,target", ALL)
def test_page_boxes(make_pdf, size, target):
    w, h = SHEETS[size]
    o = offset_mm(target)
    b = 3.0 if target == "press" else 0.0
    boxes = pdfcheck.boxes(make_pdf(size, target))
    expected = {
        "mediabox": [0, 0, w + 2 * o, h + 2 * o],
        "trimbox": [o, o, o + w, o + h],
        "bleedbox": [o - b, o - b, o + w + b, o + h + b],
    }
    for name, values in expected.items():
        assert boxes[name] == pytest.approx([v * MM for v in values], abs=0.01 * MM), name


def test_bleed_setting_moves_the_boxes(make_pdf):
    boxes = pdfcheck.boxes(make_pdf("a4", "press", bleed=5))
    o = 5 + MARK_ROOM
    assert boxes["trimbox"][0] == pytest.approx(o * MM, abs=0.01 * MM)
    assert boxes["bleedbox"][0] == pytest.approx((o - 5) * MM, abs=0.01 * MM)


@pytest.mark.parametrize("size,target", ALL)
def test_every_font_embedded(make_pdf, size, target):
    found = pdfcheck.fonts(make_pdf(size, target))
    assert found, "no fonts at all"
    assert all(embedded for _, embedded in found), found
    assert not any("Helvetica" in name for name, _ in found)


@pytest.mark.parametrize("size,target", ALL)
def test_text_inside_safe_area_and_body_scale(make_pdf, content, size, target):
    w, h = SHEETS[size]
    o = offset_mm(target)
    safe = 5.0
    chars = pdfcheck.chars(make_pdf(size, target))
    left, right = (o + safe) * MM, (o + w - safe) * MM
    top, bottom = (o + safe) * MM, (o + h - safe) * MM
    outside = [
        c["text"]
        for c in chars
        if c["x0"] < left - 0.01 or c["x1"] > right + 0.01 or c["top"] < top - 0.01 or c["bottom"] > bottom + 0.01
    ]
    assert outside == []
    text = "".join(c["text"] for c in chars)
    body = chars[text.index(content.principles[0].summary[:20])]["size"]
    # at least in proportion to the sheet's width; Letter, shorter than an A-size, may take 8% less
    assert body == pytest.approx(12 * w / 210, rel=0.1 if size == "letter" else 0.05)


def test_brief_body_sizes(make_pdf, content):
    """About 17 pt at A3, 24 at A2, 34 at A1, 48 at A0 (the brief's table), measured on the summaries."""
    for size, expected in (("a4", 12), ("a3", 17), ("a2", 24), ("a1", 34), ("a0", 48)):
        chars = pdfcheck.chars(make_pdf(size, "office"))
        text = "".join(c["text"] for c in chars)
        body = chars[text.index(content.principles[0].summary[:20])]["size"]
        assert body == pytest.approx(expected, rel=0.05), size


@pytest.mark.parametrize("size,target", ALL)
def test_titles_and_summaries_present(make_pdf, content, size, target):
    from pypdf import PdfReader

    text = pdfcheck.normalise(PdfReader(make_pdf(size, target)).pages[0].extract_text())
    printed = pdfcheck.printed
    for p in content.principles:
        assert printed(p.title) in text
        assert printed(p.summary) in text
    assert printed(content.document.statement) in text
    assert printed(content.attribution) in text
    assert content.document.link_label in text.replace("/ ", "/")  # the address may break after its /
    for m in content.moments:  # the moments as the cards name them, each with its pictogram
        assert m.short in text


def test_each_size_has_its_own_display_scale(make_pdf, content):
    """Not one layout scaled: the far sizes' titles and numerals grow faster than their body."""

    def ratio(size):
        chars = pdfcheck.chars(make_pdf(size, "office"))
        text = "".join(c["text"] for c in chars)
        title = chars[text.index(content.document.title)]["size"]
        body = chars[text.index(content.principles[0].summary[:20])]["size"]
        return title / body

    assert ratio("a4") < ratio("a2") < ratio("a0")


def test_a_quote_appears_where_it_fits(make_pdf, content):
    text = pdfcheck.normalise(pdfcheck.text(make_pdf("tabloid", "office")))
    quotes = [q for p in content.principles for q in p.quotes if f"“{typographic(q)}”" in text]
    assert len(quotes) >= 2
    a4 = pdfcheck.normalise(pdfcheck.text(make_pdf("a4", "office")))
    assert any(f"“{typographic(q)}”" in a4 for p in content.principles for q in p.quotes)


def test_press_is_cmyk_only_and_office_is_rgb(make_pdf):
    press = pdfcheck.content_operators(make_pdf("a2", "press"))
    # SCN only for the crop marks' Registration (All) separation (tests/test_separations.py)
    assert {"k"} <= press and not press & {"rg", "RG", "sc", "scn", "SC"}
    office = pdfcheck.content_operators(make_pdf("a2", "office"))
    assert "rg" in office and not office & {"k", "K"}


def test_screen_has_title_language_and_bookmarks(make_pdf, content):
    from pypdf import PdfReader

    reader = PdfReader(make_pdf("a4", "screen"))
    assert reader.metadata.title == "What matters to me? Summary poster"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    titles = [o.title for o in _flatten(reader.outline)]
    assert titles[0] == content.document.title
    for p in content.principles:
        assert f"{p.number}. {p.title}" in titles
    assert PdfReader(make_pdf("a4", "office")).outline == []


def _flatten(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


def test_press_background_runs_into_the_bleed(make_pdf):
    """The header band touches the trim, so it must continue to the bleed edge (and no further)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(make_pdf("a4", "press"))
    image = pdf[0].render(scale=4 / MM).to_pil().convert("RGB")  # 4 pixels per mm
    px = lambda x_mm, y_mm: image.getpixel((round(x_mm * 4), round(y_mm * 4)))  # noqa: E731
    o = 3 + MARK_ROOM
    assert sum(px(o - 1.5, o + 10)) < 200  # inside the bleed, beside the band: dark
    assert sum(px(o - 4.5, o + 10)) > 700  # beyond the bleed: paper
    assert sum(px(o + 100, o + 10)) < 200  # the band itself


def test_the_row_search_finds_the_split_trying_every_split_finds(content):
    """_best_row bisects (a tile is never taller for being wider); on texts of every length it
    must choose what trying every split in turn (_scan_row) chooses, or refuse alike."""
    import dataclasses
    import random
    from pathlib import Path

    import generator.products.poster as poster
    from generator.build import compose
    from generator.fonts import Fonts
    from generator.products.registry import default_build
    from generator.settings import Settings

    bisected, compared = poster._best_row, []

    def both(content, fonts, st, f, tiles, heights_of=None):
        def outcome(choose):
            try:
                return choose()
            except poster._TooTall as exc:
                return str(exc)

        got = outcome(lambda: bisected(content, fonts, st, f, tiles, heights_of))
        if len(tiles) == 2:
            shares = [poster.SP.min_split + i * poster.SPLIT_STEP for i in range(19)]
            usable = f.content_w - f.gutter
            assert got == outcome(lambda: poster._scan_row(tiles, usable, shares, heights_of))
            compared.append(got)
        if isinstance(got, str):
            raise poster._TooTall(got, "", 1.0)
        return got

    words = "care people pain mental health support listen together understanding of to and shared".split()
    rng = random.Random(15)
    job = next(j for j in default_build(Path("output")) if j.product == "poster")
    settings, fonts = Settings(), Fonts.shared()
    poster._best_row = both
    try:
        for _ in range(6):
            say = lambda n: " ".join(rng.choice(words) for _ in range(n))  # noqa: E731
            principles = tuple(
                dataclasses.replace(p, title=say(rng.randint(1, 9)), summary=say(rng.randint(5, 60)))
                for p in content.principles
            )
            for size in ("a4", "a2", "a0"):
                try:
                    compose(
                        dataclasses.replace(job, size=size),
                        dataclasses.replace(content, principles=principles),
                        fonts,
                        settings,
                        None,
                    )
                except Exception:  # noqa: BLE001 - a poster that does not fit is refused alike either way
                    pass
    finally:
        poster._best_row = bisected
    assert len(compared) > 500
