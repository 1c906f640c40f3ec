"""Cards that explain themselves, read back from their PDFs and renders: fronts name their
principles, markers stay apart in greyscale, light office sheets, no empty bands, ID-1 counts."""

from __future__ import annotations

from pathlib import Path

import pdfcheck
import pytest

from generator.build import build
from generator.geometry import MARK_ROOM, Target
from generator.products.cards import cards_job
from generator.settings import Settings
from generator.theme import REVERSED_MIN_PT

MM = pdfcheck.MM
DPI = 40


@pytest.fixture(scope="module")
def brand_path(tmp_path_factory) -> Path:
    from test_brand import NAME, URL, make_logo

    folder = tmp_path_factory.mktemp("brand")
    make_logo(folder / "logo.png")
    path = folder / "brand.toml"
    path.write_text(f'name = "{NAME}"\nlogo = "logo.png"\nurl = "{URL}"\naccent = "#005EB8"\n')
    return path


@pytest.fixture(scope="module")
def cards(tmp_path_factory, brand_path):
    folder = tmp_path_factory.mktemp("cards-design")
    cache: dict = {}

    def make(fmt="a6", target="office", layout="single", sheet="a4", branded=False) -> Path:
        key = (fmt, target, layout, sheet, branded)
        if key not in cache:
            path = folder / f"cards-{len(cache)}.pdf"
            settings = Settings(brand_path=brand_path) if branded else Settings()
            build([cards_job(fmt, Target(target), path, layout=layout, sheet=sheet)], settings)
            cache[key] = path
        return cache[key]

    return make


def grey_pages(path: Path, dpi: int = DPI):
    """Each page as a greyscale image (0 black .. 255 white)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in pdf]
    finally:
        pdf.close()


def mean(image) -> float:
    from PIL import ImageStat

    return ImageStat.Stat(image).mean[0]


def printed(image, threshold: int = 235):
    """A mask: 255 where something is printed (darker than threshold)."""
    return image.point(lambda v: 255 if v < threshold else 0)


def printed_rows(image) -> list[bool]:
    """For each pixel row, whether anything is printed on it."""
    from PIL import Image

    column = printed(image).resize((1, image.height), Image.Resampling.BOX, reducing_gap=None)
    return [v > 0 for v in column.tobytes()]


def area(mask) -> int:
    return mask.histogram()[255]


def principles_of(back: str, content) -> set[int]:
    return {p.number for p in content.principles for pr in p.practices if pr.prompt in back}


@pytest.mark.parametrize("fmt,target", [("a6", "office"), ("a6", "press"), ("a7", "office"), ("id1", "press")])
def test_fronts_name_every_principle_on_the_card(cards, content, fmt, target):
    texts = pdfcheck.page_texts(cards(fmt, target))
    for front, back in zip(texts[::2], texts[1::2]):
        flat = " ".join(front.split())
        for n in principles_of(back, content):
            assert f"{n} {content.labels(f'principle_{n}_short')}" in flat, (n, flat)


def test_the_key_card_names_all_five(cards, content):
    flat = " ".join(pdfcheck.page_texts(cards("id1"))[0].split())
    for p in content.principles:
        assert f"{p.number} {content.labels(f'principle_{p.number}_short')}" in flat


@pytest.mark.parametrize("target", ["office", "press"])
def test_id1_set_is_at_most_8_cards_branded_or_not(cards, target):
    national = len(pdfcheck.page_texts(cards("id1", target))) // 2
    branded = len(pdfcheck.page_texts(cards("id1", target, branded=True))) // 2
    assert national <= 8 and branded == national


def test_branded_a6_set_has_as_many_cards(cards):
    assert len(pdfcheck.page_texts(cards("a6", branded=True))) == len(pdfcheck.page_texts(cards("a6")))


def test_markers_differ_in_greyscale(cards):
    """The key card shows all five markers: cut each out around its number and compare the shapes."""
    from PIL import ImageChops

    path = cards("id1")
    dpi = 300
    page = grey_pages(path, dpi)[0]
    chars = [c for c in pdfcheck.chars(path, 0) if c["text"] in "12345" and c["size"] >= REVERSED_MIN_PT - 0.01]
    masks, levels = {}, {}
    half = int(3.2 * MM * dpi / 72)  # a marker is about 5 mm across
    for c in chars:
        cx = int((c["x0"] + c["x1"]) / 2 * dpi / 72)
        cy = int((c["top"] + c["bottom"]) / 2 * dpi / 72)
        window = page.crop((cx - half, cy - half, cx + half, cy + half))
        masks[c["text"]] = printed(window, 200)
        levels[c["text"]] = mean(window)
    assert sorted(masks) == ["1", "2", "3", "4", "5"]
    for a in masks:
        for b in masks:
            if a < b:  # shapes differ by at least 8% of their area (or their greys by 20 levels)
                xor = area(ImageChops.logical_xor(masks[a].convert("1"), masks[b].convert("1")).convert("L"))
                share = xor / max(area(masks[a]), area(masks[b]))
                assert share > 0.08 or abs(levels[a] - levels[b]) > 20, (a, b, share)


@pytest.mark.parametrize("fmt", ["a6", "id1"])
@pytest.mark.parametrize("sheet", ["a4", "letter"])
def test_office_sheets_use_little_ink(cards, fmt, sheet):
    """Average coverage of every sheet side under 25% (grey level as a stand-in for toner)."""
    for side, grey in enumerate(grey_pages(cards(fmt, "office", "sheet", sheet))):
        coverage = 1 - mean(grey) / 255
        assert coverage < 0.25, (side, round(coverage, 3))


def test_press_keeps_full_colour_fronts(cards):
    fronts = grey_pages(cards("a6", "press"))[::2]
    assert all(1 - mean(f) / 255 > 0.4 for f in fronts)


@pytest.mark.parametrize("fmt", ["a6", "a7", "id1"])
@pytest.mark.parametrize("target", ["office", "press"])
@pytest.mark.parametrize("branded", [False, True])
def test_no_empty_band_over_a_quarter_of_the_card_between_blocks(cards, fmt, target, branded):
    for number, page in enumerate(grey_pages(cards(fmt, target, branded=branded), 60)):
        if target == "press":  # the crop marks stand outside the trim: look inside it
            o = round((3 + MARK_ROOM) * 60 / 25.4)
            page = page.crop((o, o, page.width - o, page.height - o))
        rows = printed_rows(page)
        used = [i for i, r in enumerate(rows) if r]
        longest = max((b - a - 1 for a, b in zip(used, used[1:])), default=0)
        assert longest <= 0.25 * len(rows), (number, round(longest / len(rows), 3))


@pytest.mark.parametrize("fmt", ["a6", "a7", "id1"])
def test_white_type_on_colour_is_at_least_9pt_bold(cards, fmt):
    path = cards(fmt, "press")
    for page in range(len(pdfcheck.page_texts(path))):
        for c in pdfcheck.chars(path, page):
            colour = c.get("non_stroking_color")
            if c["text"].strip() and colour and len(colour) == 4 and not any(colour):
                assert c["size"] >= REVERSED_MIN_PT - 0.01 and "Bold" in c["fontname"], (page, c["text"], c["size"])
