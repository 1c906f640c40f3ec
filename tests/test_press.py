"""The press stage (generator/pdf/render.py) read back from its PDFs: boxes, crop marks, bleed, fields, QR codes.

Every check reads the PDF (pypdf, pdfplumber) or its rendering (pypdfium2), never the plan or
the generator's constants, so a change that draws something else fails here.
"""

from __future__ import annotations

from pathlib import Path

import pdfcheck
import pytest
from conftest import PRESS_PRODUCTS

from generator.geometry import PageSpec, Target
from generator.plan import Field, Page, PlanDocument, Shape
from generator.theme import INK, Colour
from generator.units import Rect

MM = pdfcheck.MM
GREEN = Colour("green", "#00a050", (0.9, 0.1, 0.9, 0.1))


def press_options(**kw):
    from generator.pdf.render import PressOptions

    return PressOptions(**{"cmyk": True, "bookmarks": False, "epoch": 1_700_000_000, **kw})


def render_one(tmp_path: Path, items, target=Target.PRESS, bleed=3.0, name="doc.pdf", **options) -> Path:
    from generator.pdf.render import render

    spec = PageSpec.make(100, 60, target, bleed=bleed)
    path = tmp_path / name
    options.setdefault("cmyk", target is Target.PRESS)
    path.write_bytes(render(PlanDocument("test", (Page(spec, tuple(items)),)), press_options(**options)))
    return path


# --- reading marks and boxes back -----------------------------------------------------------------


def page_boxes(path: Path) -> list[dict[str, list[float]]]:
    from pypdf import PdfReader

    return [
        {name: [float(v) for v in getattr(p, name)] for name in ("mediabox", "trimbox", "bleedbox")}
        for p in PdfReader(path).pages
    ]


def marks_outside_bleed(path: Path) -> list[list[tuple[float, float, float, float]]]:
    """Per page: every stroked straight line lying wholly outside the BleedBox, in PDF points (y up)."""
    import pdfplumber

    out = []
    with pdfplumber.open(path) as pdf:
        for page, boxes in zip(pdf.pages, page_boxes(path)):
            bx0, by0, bx1, by1 = boxes["bleedbox"]
            height = float(page.height)
            found = []
            for line in page.lines:
                x0, x1 = line["x0"], line["x1"]
                y0, y1 = height - line["bottom"], height - line["top"]
                outside = x1 <= bx0 + 0.01 or x0 >= bx1 - 0.01 or y1 <= by0 + 0.01 or y0 >= by1 - 0.01
                if outside:
                    found.append((x0, y0, x1, y1))
            out.append(found)
    return out


def assert_crop_marks(path: Path) -> None:
    """A horizontal and a vertical mark on each trim corner, outside the bleed and inside the media."""
    boxes, marks = page_boxes(path), marks_outside_bleed(path)
    assert boxes and len(marks) == len(boxes)
    for number, (b, lines) in enumerate(zip(boxes, marks), start=1):
        tx0, ty0, tx1, ty1 = b["trimbox"]
        mx0, my0, mx1, my1 = b["mediabox"]
        assert len(lines) >= 8, (path.name, number, lines)
        for x0, y0, x1, y1 in lines:
            assert mx0 <= x0 and x1 <= mx1 and my0 <= y0 and y1 <= my1, (path.name, number)
        for cx, sx in ((tx0, -1), (tx1, 1)):
            for cy, sy in ((ty0, -1), (ty1, 1)):
                horizontal = [
                    m
                    for m in lines
                    if abs(m[1] - cy) < 0.2 and abs(m[3] - cy) < 0.2 and (m[0] >= cx if sx > 0 else m[2] <= cx)
                ]
                vertical = [
                    m
                    for m in lines
                    if abs(m[0] - cx) < 0.2 and abs(m[2] - cx) < 0.2 and (m[1] >= cy if sy > 0 else m[3] <= cy)
                ]
                assert horizontal and vertical, (path.name, number, (cx, cy))
                for m in horizontal + vertical:  # each at least 3 mm long
                    assert max(m[2] - m[0], m[3] - m[1]) >= 3 * MM


@pytest.mark.parametrize("product", PRESS_PRODUCTS)
def test_every_press_product_has_crop_marks_outside_the_bleed(press_set, product):
    assert_crop_marks(press_set[product])


@pytest.mark.parametrize("product", PRESS_PRODUCTS)
def test_every_press_product_has_trim_and_bleed_boxes(press_set, product):
    boxes = page_boxes(press_set[product])
    assert boxes
    for b in boxes:
        trim, bleed, media = b["trimbox"], b["bleedbox"], b["mediabox"]
        assert [bleed[0], bleed[1]] == pytest.approx([trim[0] - 3 * MM, trim[1] - 3 * MM], abs=0.01)
        assert [bleed[2], bleed[3]] == pytest.approx([trim[2] + 3 * MM, trim[3] + 3 * MM], abs=0.01)
        assert media[0] < bleed[0] and media[2] > bleed[2]  # room for the marks


def test_office_and_screen_files_have_no_crop_marks(default_set):
    folder, _ = default_set
    for name in ("poster-a4-office.pdf", "cards-a6-sheet-a4-office.pdf"):
        b = page_boxes(folder / name)[0]
        assert b["mediabox"] == b["trimbox"]
        assert marks_outside_bleed(folder / name)[0] == []


# --- ink into the bleed ---------------------------------------------------------------------------

PAPER_LIMIT = 720  # r + g + b above this is paper


def edge_samples(path: Path, px_per_mm: float = 2.0) -> tuple[int, list[tuple]]:
    """For points along every trim edge of every page: (page, inside pixel, bleed pixel).

    Inside is 1 mm in from the trim, bleed 1.5 mm out (the bleed is 3 mm); corners (6 mm) are
    left out, where rounded die lines and crop marks meet.
    """
    import pypdfium2 as pdfium

    boxes = page_boxes(path)
    pdf = pdfium.PdfDocument(path)
    samples = []
    try:
        for number, b in enumerate(boxes):
            image = pdf[number].render(scale=px_per_mm / MM).to_pil().convert("RGB")
            mx0, my0, _, my1 = b["mediabox"]
            tx0, ty0, tx1, ty1 = ((v - o) / MM for v, o in zip(b["trimbox"], (mx0, my0, mx0, my0)))
            height = (my1 - my0) / MM

            def px(x_mm, y_mm, image=image, height=height):  # y up, mm from the media's corner
                return image.getpixel((round(x_mm * px_per_mm), round((height - y_mm) * px_per_mm)))

            steps = lambda a, b: [a + 6 + i * 2 for i in range(int((b - a - 12) / 2) + 1)]  # noqa: E731
            for x in steps(tx0, tx1):
                samples.append((number, px(x, ty1 - 1), px(x, ty1 + 1.5)))  # top edge
                samples.append((number, px(x, ty0 + 1), px(x, ty0 - 1.5)))  # bottom edge
            for y in steps(ty0, ty1):
                samples.append((number, px(tx0 + 1, y), px(tx0 - 1.5, y)))  # left edge
                samples.append((number, px(tx1 - 1, y), px(tx1 + 1.5, y)))  # right edge
    finally:
        pdf.close()
    return len(boxes), samples


# Products whose design puts a background on the trim (the poster's header band, the card fronts).
INK_AT_TRIM = {"poster-a2", "cards-a6", "cards-id1"}


@pytest.mark.parametrize("product", PRESS_PRODUCTS)
def test_backgrounds_on_the_trim_run_into_the_bleed(press_set, product):
    pages, samples = edge_samples(press_set[product])
    assert samples
    inked = [(page, inside, bleed) for page, inside, bleed in samples if sum(inside) < PAPER_LIMIT]
    if product in INK_AT_TRIM:
        assert inked, f"{product}: no background touches the trim"
        if product.startswith("cards"):  # every front (odd page) has its panel on the trim
            assert {page for page, _, _ in inked} >= set(range(0, pages, 2))
    for page, inside, bleed in inked:
        assert sum(abs(a - b) for a, b in zip(inside, bleed)) <= 60, (product, page + 1, inside, bleed)


def test_shapes_on_the_trim_extend_to_the_bleed_edge_and_others_do_not(tmp_path):
    """render.py's bleed: only the edges that lie on the trim move out, by the bleed setting."""
    import pdfplumber

    items = [
        Shape(Rect(0, 0, 100, 10), fill=INK, bleed=True),  # top band: top, left and right edges move
        Shape(Rect(20, 30, 30, 10), fill=GREEN, bleed=True),  # inside: stays where it is
    ]
    path = render_one(tmp_path, items, bleed=5.0)
    (b,) = page_boxes(path)
    tx0, _, tx1, ty1 = b["trimbox"]
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        height = float(page.height)
        rects = sorted(page.rects, key=lambda r: -r["width"])
    band, box = rects[0], rects[1]
    assert band["x0"] == pytest.approx(tx0 - 5 * MM, abs=0.05) and band["x1"] == pytest.approx(tx1 + 5 * MM, abs=0.05)
    assert height - band["top"] == pytest.approx(ty1 + 5 * MM, abs=0.05)
    assert height - band["bottom"] == pytest.approx(ty1 - 10 * MM, abs=0.05)  # the inner edge stays
    assert box["x0"] == pytest.approx(tx0 + 20 * MM, abs=0.05) and box["width"] == pytest.approx(30 * MM, abs=0.05)


# --- render.py directly -------------------------------------------------------------------------


def test_render_boxes_marks_and_colour_for_press(tmp_path):
    path = render_one(tmp_path, [Shape(Rect(10, 10, 20, 20), fill=GREEN)], bleed=3.0)
    (b,) = page_boxes(path)
    tx0, ty0, tx1, ty1 = b["trimbox"]
    assert (tx1 - tx0, ty1 - ty0) == pytest.approx((100 * MM, 60 * MM), abs=0.01)
    assert b["bleedbox"] == pytest.approx([tx0 - 3 * MM, ty0 - 3 * MM, tx1 + 3 * MM, ty1 + 3 * MM], abs=0.01)
    assert b["mediabox"][0] == 0 and b["mediabox"][2] > b["bleedbox"][2]
    assert_crop_marks(path)
    ops = pdfcheck.content_operators(path)
    assert "k" in ops and not ops & {"rg", "RG"}  # CMYK only


def test_render_for_office_is_rgb_without_marks(tmp_path):
    path = render_one(tmp_path, [Shape(Rect(10, 10, 20, 20), fill=GREEN)], target=Target.OFFICE)
    (b,) = page_boxes(path)
    assert b["mediabox"] == b["trimbox"] == pytest.approx([0, 0, 100 * MM, 60 * MM], abs=0.01)
    assert marks_outside_bleed(path) == [[]]
    ops = pdfcheck.content_operators(path)
    assert "rg" in ops and not ops & {"k", "K"}


def test_overlay_pages_have_no_marks(tmp_path):
    path = render_one(tmp_path, [Shape(Rect(10, 10, 20, 20), fill=GREEN)], overlay=True)
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        assert pdf.pages[0].lines == []
        assert len(pdf.pages[0].rects) == 1


def test_render_is_deterministic_and_dated_from_the_epoch(tmp_path):
    items = [Shape(Rect(10, 10, 20, 20), fill=GREEN)]
    a = render_one(tmp_path, items, name="a.pdf").read_bytes()
    b = render_one(tmp_path, items, name="b.pdf").read_bytes()
    assert a == b
    assert b"D:20231114221320" in a
    other = render_one(tmp_path, items, name="c.pdf", epoch=0).read_bytes()
    assert b"D:19700101000000" in other


def test_fields_are_text_fields_and_write_in_boxes_are_multiline(tmp_path):
    from pypdf import PdfReader

    items = [
        Field("box.evidence", "text", Rect(10, 10, 60, 20), multiline=True, tooltip="Evidence"),
        Field("box.name", "text", Rect(10, 35, 60, 8), tooltip="Name"),
    ]
    path = render_one(tmp_path, items, target=Target.SCREEN, fillable=True)
    fields = PdfReader(path).get_fields()
    assert sorted(fields) == ["box.evidence", "box.name"]
    assert fields["box.evidence"]["/FT"] == "/Tx" and int(fields["box.evidence"].get("/Ff", 0)) & 4096
    assert fields["box.name"]["/FT"] == "/Tx" and not int(fields["box.name"].get("/Ff", 0)) & 4096
    unfilled = render_one(tmp_path, items, target=Target.SCREEN, name="print.pdf")
    assert not PdfReader(unfilled).get_fields()  # printed without fields unless fillable


def test_fillable_fields_without_tags_are_packed_like_tagged_ones_from_pdf_1_5(tmp_path):
    """The untagged fillable file (the baseline of tests/benchmarks/bench_tagging.py) writes its
    hundreds of widget dictionaries into object streams, as a tagged one does."""
    import pikepdf

    items = [Field(f"box.{n}", "text", Rect(10, 2 + 5 * n, 60, 4), tooltip=f"Box {n}") for n in range(10)]
    path = render_one(tmp_path, items, target=Target.SCREEN, fillable=True, pdf_version="1.7")
    with pikepdf.open(path) as pdf:
        assert any(o.get("/Type") == "/ObjStm" for o in pdf.objects if isinstance(o, pikepdf.Stream))
        assert sorted(str(f.T) for f in pdf.Root.AcroForm.Fields) == [f"box.{n}" for n in range(10)]
    older = render_one(tmp_path, items, target=Target.SCREEN, fillable=True, name="old.pdf")
    assert b"/ObjStm" not in older.read_bytes()  # PDF 1.4 has no object streams


@pytest.mark.parametrize("isal", [True, False], ids=["isal", "zlib"])
def test_streams_are_flate_whichever_compressor_is_installed(tmp_path, monkeypatch, isal):
    """python-isal where it has a wheel, the standard zlib elsewhere: either way every stream
    inflates with zlib, and the same input gives the same bytes."""
    import zlib

    import pikepdf

    import generator.pdf.objects as objects

    if not isal:
        monkeypatch.setattr(objects, "_isal_compress", None)
    elif objects._isal_compress is None:
        pytest.skip("python-isal is not installed on this platform")
    items = [Shape(Rect(10, 10, 20, 20), fill=GREEN), Field("box.a", "text", Rect(10, 35, 60, 8), tooltip="A")]
    a = render_one(tmp_path, items, target=Target.SCREEN, fillable=True, tagged=True, pdf_version="1.7", name="a.pdf")
    b = render_one(tmp_path, items, target=Target.SCREEN, fillable=True, tagged=True, pdf_version="1.7", name="b.pdf")
    assert a.read_bytes() == b.read_bytes()
    with pikepdf.open(a) as pdf:
        streams = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)]
        flate = [o for o in streams if "/FlateDecode" in str(o.get("/Filter"))]
        assert len(flate) >= 3  # the page's content, the form's font, the cross-reference stream
        for stream in flate:
            assert zlib.decompress(stream.read_raw_bytes()) == stream.read_bytes()
    assert b"/Type /ObjStm" in a.read_bytes()  # (qpdf reads object streams without listing them)


def test_fillable_pack_write_in_boxes_are_multiline_text_fields(default_set):
    """Every evidence, try and question box in the default fillable pack: /FT /Tx with the multiline flag."""
    from pypdf import PdfReader

    folder, _ = default_set
    fields = PdfReader(folder / "worksheets-a4-screen-fillable.pdf").get_fields()
    write_ins = {name: f for name, f in fields.items() if name.endswith((".evidence", ".try", ".question"))}
    assert len(write_ins) == 2 * 25 + 5  # two per practice and a question per principle
    for name, f in write_ins.items():
        assert f.get("/FT") == "/Tx", name
        assert int(f.get("/Ff", 0)) & 4096, f"{name} is not multiline"
    ratings = [f for name, f in fields.items() if name.endswith(".rating")]
    assert len(ratings) == 25 and all(f.get("/FT") == "/Btn" for f in ratings)


# --- QR codes: the quiet zone measured on the page ------------------------------------------------


def qr_quiet_zones(path: Path, page_number: int) -> list[tuple[float, float, float, float, float]]:
    """For every QR code on the page: its quiet zone on each side (left, top, right, bottom) in
    modules, and the module size in mm, measured from the drawn paper square and dark modules."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        rects = [r for r in pdf.pages[page_number].rects if r.get("fill")]

    def is_paper(r) -> bool:
        colour = tuple(r.get("non_stroking_color") or ())
        return colour in ((0, 0, 0, 0), (1, 1, 1), (1,)) or colour == (0.0, 0.0, 0.0, 0.0)

    found = []
    for square in rects:
        if not is_paper(square) or abs(square["width"] - square["height"]) > 0.1 or square["width"] > 100 * MM:
            continue
        inside = [
            r
            for r in rects
            if r is not square
            and not is_paper(r)
            and r["x0"] >= square["x0"] - 0.01
            and r["x1"] <= square["x1"] + 0.01
            and r["top"] >= square["top"] - 0.01
            and r["bottom"] <= square["bottom"] + 0.01
        ]
        if len(inside) < 20:  # not a QR code
            continue
        module = min(r["height"] for r in inside)
        assert all(abs(r["height"] - module) < 0.01 for r in inside)  # one module tall, every run
        left, right = min(r["x0"] for r in inside), max(r["x1"] for r in inside)
        top, bottom = min(r["top"] for r in inside), max(r["bottom"] for r in inside)
        found.append(
            (
                (left - square["x0"]) / module,
                (top - square["top"]) / module,
                (square["x1"] - right) / module,
                (square["bottom"] - bottom) / module,
                module / MM,
            )
        )
    return found


@pytest.fixture(scope="module")
def branded_press(tmp_path_factory) -> dict[str, Path]:
    """A press poster and press cards for an organisation with a web address (no logo)."""
    from generator.build import build
    from generator.products.cards import cards_job
    from generator.products.poster import poster_job
    from generator.settings import Settings

    folder = tmp_path_factory.mktemp("branded-press")
    brand = folder / "brand.toml"
    brand.write_text('name = "Riverside Community Mind"\nurl = "https://www.riverside-mind.org.uk/what-matters"\n')
    jobs = {
        "poster": poster_job("a3", Target.PRESS, folder / "poster.pdf"),
        "cards": cards_job("a6", Target.PRESS, folder / "cards.pdf", moments=("appointments",)),
    }
    build(list(jobs.values()), Settings(brand_path=brand))
    return {name: job.path for name, job in jobs.items()}


@pytest.mark.parametrize("product", ["poster", "cards"])
def test_qr_code_keeps_a_quiet_zone_of_four_modules(branded_press, product):
    (zone,) = qr_quiet_zones(branded_press[product], 0)
    *sides, module_mm = zone
    assert sides == pytest.approx([4, 4, 4, 4], abs=0.05), sides  # ISO/IEC 18004: 4 modules on every side
    assert module_mm >= 0.33  # scannable from a pocket card


def test_qr_code_decodes_from_the_press_card(branded_press):
    import pypdfium2 as pdfium
    import zxingcpp

    image = pdfium.PdfDocument(branded_press["cards"])[0].render(scale=300 / 72).to_pil()
    assert [r.text for r in zxingcpp.read_barcodes(image)] == ["https://www.riverside-mind.org.uk/what-matters"]
