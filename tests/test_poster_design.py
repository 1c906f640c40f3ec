"""The poster as a designer measures it, read back from the PDFs: type ratios, quotes, QR code, editions."""

from __future__ import annotations

import sys
from pathlib import Path

import pdfcheck
import pytest

from generator.products.poster import SIZES
from generator.theme import TINT

MM = pdfcheck.MM
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    """National and branded office posters of every size, built through the library."""
    from test_brand import make_logo

    from generator.build import build
    from generator.geometry import Target
    from generator.products.poster import poster_job
    from generator.settings import Settings

    base = tmp_path_factory.mktemp("design")
    make_logo(base / "logo.png")
    brand = base / "brand.toml"
    brand.write_text(
        'name = "Riverside Community Mind"\nlogo = "logo.png"\ncontact = ["01234 567890", "hello@riverside.org"]\n'
        'url = "https://www.riverside-mind.org.uk/what-matters"\nedition = "Adapted by Riverside Community Mind, 2026"\n'
    )
    out = {}
    for size in SIZES:
        for edition, settings in (("national", Settings()), ("branded", Settings(brand_path=brand))):
            path = base / f"{size}-{edition}.pdf"
            build([poster_job(size, Target.OFFICE, path)], settings)
            out[size, edition] = path
    return out


def sizes_of(path, content):
    """(title size, body size, principle title size): read from the characters of each text."""
    chars = pdfcheck.chars(path)
    text = "".join(c["text"] for c in chars)

    def size_of(s: str) -> float:
        at = text.index(s)
        return round(chars[at]["size"], 2)

    p = content.principles[0]
    return size_of(content.document.title), size_of(p.summary[:20]), size_of(p.title[:12])


@pytest.mark.parametrize("size", SIZES)
def test_title_and_principle_title_ratios(editions, content, size):
    for edition in ("national", "branded"):
        title, body, principle = sizes_of(editions[size, edition], content)
        assert title >= 4 * body * 0.999, (size, title, body)
        assert principle >= 1.6 * body * 0.999, (size, principle, body)


def quotes_in(path, content) -> int:
    text = pdfcheck.normalise(pdfcheck.text(path)).replace("“", "").replace("”", "")
    from generator.layout.text import typographic

    return sum(1 for p in content.principles for q in p.quotes if pdfcheck.normalise(typographic(q))[:40] in text)


@pytest.mark.parametrize("size,least", [("a4", 1), ("a3", 1), ("a2", 3), ("a1", 5), ("a0", 5)])
def test_quote_counts(editions, content, size, least):
    count = quotes_in(editions[size, "national"], content)
    assert count >= least
    if size in ("a1", "a0"):
        assert count == len(content.principles)  # one per principle
    text = pdfcheck.text(editions[size, "national"])
    assert text.count("A person with lived experience, on principle") == count  # each attributed


@pytest.mark.parametrize("size", SIZES)
def test_national_and_branded_share_body_size_and_quotes(editions, content, size):
    national, branded = editions[size, "national"], editions[size, "branded"]
    assert sizes_of(national, content) == sizes_of(branded, content)
    assert quotes_in(national, content) == quotes_in(branded, content)


@pytest.mark.parametrize("size", ["a4", "a2", "a0", "letter"])
def test_qr_code_decodes_to_the_documents_address(editions, content, size):
    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp is in the test extra")
    import pypdfium2 as pdfium

    for edition in ("national", "branded"):
        pdf = pdfium.PdfDocument(editions[size, edition])
        page = pdf[0]
        image = page.render(scale=8 / MM * 210 / page.get_width() * 72 / 25.4 * MM / 72 * 25.4).to_pil()
        found = {r.text for r in zxingcpp.read_barcodes(image)}
        assert content.document.link_url in found, (size, edition, found)


def test_qr_code_is_at_least_15_mm(editions):
    from generator.products.qr import QUIET_MODULES, qr_matrix
    from generator.theme import POSTER_SPACING

    assert POSTER_SPACING.qr_symbol >= 15
    for path in editions.values():
        squares = [r for r in pdfcheck.filled(path, 0, (1.0, 1.0, 1.0)) if abs(r["width"] - r["height"]) < 0.5]
        assert squares  # the QR code's paper square
    del QUIET_MODULES, qr_matrix


def tiles(path):
    """Each tile's box and the share of its height in its tallest band with no text, below its colour field."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        all_rects = page.rects
        rects = [
            r
            for r in all_rects
            if r.get("fill")
            and r.get("non_stroking_color")
            and len(r["non_stroking_color"]) == 3
            and all(abs(a - b) < 0.01 for a, b in zip(r["non_stroking_color"], TINT.rgb))
        ]
        chars = page.chars
    heads = [r for r in all_rects if r.get("fill") and r not in rects]
    out = []
    for r in rects:
        # the colour field at the tile's head (numeral and title on colour) is content, not space
        head = [h for h in heads if abs(h["x0"] - r["x0"]) < 0.1 and abs(h["top"] - r["top"]) < 0.1]
        body_top = max((h["bottom"] for h in head), default=r["top"])
        inside = sorted(
            (c["top"], c["bottom"])
            for c in chars
            if r["x0"] <= c["x0"] and c["x1"] <= r["x1"] and body_top <= c["top"] and c["bottom"] <= r["bottom"]
        )
        # the tallest band across the tile with no text in it: above, between or below the lines
        gaps, reach = [], body_top
        for top, bottom in inside:
            gaps.append(top - reach)
            reach = max(reach, bottom)
        gaps.append(r["bottom"] - reach)
        out.append((r, max(gaps) / (r["bottom"] - r["top"])))
    return out


@pytest.mark.parametrize("size", SIZES)
def test_no_tile_more_than_a_quarter_empty(editions, size):
    for edition in ("national", "branded"):
        found = tiles(editions[size, edition])
        assert len(found) == 6
        empty = [round(share, 2) for _, share in found]
        assert max(empty) <= 0.25, (size, edition, empty)


def test_branded_poster_does_not_typeset_the_name_beside_a_logo(editions):
    text = pdfcheck.text(editions["a4", "branded"])
    assert "Riverside Community Mind" not in text.replace("Adapted by Riverside Community Mind", "")
    assert "what-\n" not in text  # an address breaks only after / or .


def test_show_name_typesets_the_name_beside_the_logo(tmp_path):
    from test_brand import make_logo

    from generator.brand import load_brand
    from generator.build import build
    from generator.geometry import Target
    from generator.products.poster import poster_job
    from generator.settings import Settings

    make_logo(tmp_path / "logo.png")
    brand = tmp_path / "brand.toml"
    brand.write_text('name = "Riverside Community Mind"\nlogo = "logo.png"\nshow_name = true\n')
    assert load_brand(brand).shows_name
    out = tmp_path / "p.pdf"
    build([poster_job("a4", Target.OFFICE, out)], Settings(brand_path=brand))
    assert "Riverside Community Mind" in pdfcheck.text(out)
    brand.write_text('name = "Riverside Community Mind"\nshow_name = false\n')
    assert load_brand(brand).shows_name  # without a logo the name is always typeset
