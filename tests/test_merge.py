"""The overlay merge (generator/pdf/merge.py): a brand overlay laid over a shared template, read back.

The merged file must read as a valid PDF, draw the template and the overlay where each was
drawn, keep the template's boxes and fonts, and look like the same pages drawn in one go.
"""

from __future__ import annotations

import io

import pytest

from generator.geometry import PageSpec, Target
from generator.plan import Page, PlanDocument, Shape
from generator.theme import INK, Colour, TextStyle
from generator.units import Rect

ACCENT = Colour("accent", "#005EB8", (1.0, 0.5, 0.0, 0.05))


def text(words: str, y: float, style: str = "regular"):
    from generator.fonts import Fonts
    from generator.layout.text import set_lines

    return set_lines(Fonts.shared(), [words], TextStyle(style, 14, 1.2, INK), 15, y, 150)


def options(cmyk: bool = True, overlay: bool = False):
    from generator.pdf.render import PressOptions

    return PressOptions(cmyk=cmyk, bookmarks=False, epoch=1_700_000_000, overlay=overlay)


@pytest.fixture(scope="module")
def documents():
    """(template pages, overlay pages) on A5 press pages: shared words on both, a brand only on page 2."""
    spec = PageSpec.make(148, 210, Target.PRESS)
    shared = (
        Page(spec, (Shape(Rect(0, 0, 148, 30), fill=INK, bleed=True), text("Shared words on every page", 50))),
        Page(spec, (Shape(Rect(0, 0, 148, 30), fill=INK, bleed=True), text("More shared words here", 50))),
    )
    brand = (Shape(Rect(15, 150, 60, 20), fill=ACCENT), text("Riverside Community Mind", 180, "bold"))
    return shared, brand


def merged_pdf(documents) -> tuple[bytes, bytes]:
    """(the merged file, the same pages rendered in one go)."""
    from dataclasses import replace

    from generator.pdf.merge import merge
    from generator.pdf.objects import parse
    from generator.pdf.render import render

    shared, brand = documents
    template = render(PlanDocument("t", shared), options())
    overlay = render(PlanDocument("o", (replace(shared[1], items=brand),)), options(overlay=True))
    merged = merge(parse(template), parse(overlay), {1: 0})
    whole = render(PlanDocument("t", (shared[0], replace(shared[1], items=shared[1].items + brand))), options())
    return merged, whole


def test_merged_file_reads_strictly_and_every_object_is_where_the_xref_says(documents):
    from pypdf import PdfReader

    from generator.pdf.objects import parse

    merged, _ = merged_pdf(documents)
    reader = PdfReader(io.BytesIO(merged), strict=True)
    assert len(reader.pages) == 2
    parsed = parse(merged)  # raises if an object is not at its xref offset
    assert len(parsed.pages) == 2 and merged.endswith(b"%%EOF\n")


def test_overlay_lands_on_its_page_only(documents):
    from pypdf import PdfReader

    merged, _ = merged_pdf(documents)
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(merged)).pages]
    assert "Shared words on every page" in pages[0] and "Riverside" not in pages[0]
    assert "More shared words here" in pages[1] and "Riverside Community Mind" in pages[1]


def all_fonts(reader) -> list[tuple[str, bool]]:
    """(base font, embedded?) for the fonts of every page and of the forms the pages draw."""
    out = []

    def visit(resources) -> None:
        for font in ((resources or {}).get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            out.append(
                (str(font["/BaseFont"]), any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))
            )
        for xobject in ((resources or {}).get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return out


def test_template_boxes_and_fonts_are_kept_and_overlay_subsets_do_not_collide(documents):
    from pypdf import PdfReader

    merged, whole = merged_pdf(documents)
    m, w = PdfReader(io.BytesIO(merged)), PdfReader(io.BytesIO(whole))
    for a, b in zip(m.pages, w.pages):
        for box in ("mediabox", "trimbox", "bleedbox"):
            assert list(getattr(a, box)) == list(getattr(b, box)), box
    fonts = all_fonts(m)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    names = {name for name, _ in fonts}
    subsets = [n.strip("/") for n in names if "+" in n]
    assert len(subsets) == len({s for s in subsets})  # every subset under its own tag
    tags = {s.split("+")[0] for s in subsets}
    assert any(t.startswith("Z") for t in tags) and any(not t.startswith("Z") for t in tags)


def test_merged_pages_look_like_the_pages_drawn_in_one_go(documents):
    import pypdfium2 as pdfium
    from PIL import ImageChops

    merged, whole = merged_pdf(documents)
    a_doc, b_doc = pdfium.PdfDocument(merged), pdfium.PdfDocument(whole)
    assert len(a_doc) == len(b_doc) == 2
    for i in range(2):
        a = a_doc[i].render(scale=50 / 72).to_pil().convert("RGB")
        b = b_doc[i].render(scale=50 / 72).to_pil().convert("RGB")
        worst = max(channel[1] for channel in ImageChops.difference(a, b).getextrema())
        assert worst <= 8, (i, worst)
    accent = a_doc[1].render(scale=50 / 72).to_pil().convert("RGB")
    x, y = round((6 + 3 + 45) / 25.4 * 50), round((6 + 3 + 160) / 25.4 * 50)  # inside the brand's box
    assert accent.getpixel((x, y)) != (255, 255, 255)  # the overlay's shape is drawn


def test_merge_is_deterministic(documents):
    assert merged_pdf(documents)[0] == merged_pdf(documents)[0]


def test_overlay_on_paper_keeps_the_template_visible_under_it(documents):
    """The overlay is drawn after the template's content, with no page-filling background of its own."""
    import pypdfium2 as pdfium

    merged, _ = merged_pdf(documents)
    image = pdfium.PdfDocument(merged)[1].render(scale=50 / 72).to_pil().convert("RGB")
    band = image.getpixel((image.width // 2, round((6 + 3 + 10) / 25.4 * 50)))
    assert sum(band) < 200  # the template's ink band is still there


@pytest.mark.parametrize(
    "words, shared",
    [
        ("Riverside Community Mind", True),  # ASCII: the first subset's codes are the characters'
        ("St Mary’s – Gofal", False),  # its own codes for ’ and –: the overlay keeps its subset
    ],
)
def test_an_overlay_shares_the_template_font_only_where_every_code_draws_alike(documents, words, shared):
    from dataclasses import replace

    import pikepdf
    import pypdfium2 as pdfium
    from PIL import ImageChops

    from generator.pdf.merge import merge
    from generator.pdf.objects import parse
    from generator.pdf.render import render

    pages, _ = documents
    template = PlanDocument("t", (replace(pages[0], items=pages[0].items + (text("Ein ‘gwaith’ – go iawn", 90),)),))
    brand = (text(words, 180),)
    overlay = render(PlanDocument("o", (replace(pages[0], items=brand),)), options(overlay=True))
    merged = merge(parse(render(template, options())), parse(overlay), {0: 0})
    whole = render(PlanDocument("w", (replace(template.pages[0], items=template.pages[0].items + brand),)), options())
    with pikepdf.open(io.BytesIO(merged)) as pdf:
        faces = [
            str(o.BaseFont) for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"
        ]
    regular = [f for f in faces if f.endswith("AtkinsonHyperlegible-Regular")]
    assert len(regular) == (1 if shared else 2), faces
    a, b = pdfium.PdfDocument(merged)[0], pdfium.PdfDocument(whole)[0]
    assert a.get_textpage().get_text_range() == b.get_textpage().get_text_range()
    difference = ImageChops.difference(
        a.render(scale=2).to_pil().convert("RGB"), b.render(scale=2).to_pil().convert("RGB")
    )
    assert max(channel[1] for channel in difference.getextrema()) <= 8
