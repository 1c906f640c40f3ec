"""`principles check`: our PDFs pass for their targets; plain ReportLab mistakes fail, by page and reason."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pdfcheck
import pytest
from click.testing import CliRunner

from generator.check.preflight import FAIL, PASS, check_pdf
from generator.cli import main

MM = pdfcheck.MM


@pytest.fixture(scope="module")
def built(default_set) -> Path:
    return default_set[0]  # the session's one `principles build`


@pytest.fixture(scope="module")
def extra(tmp_path_factory) -> Path:
    """Press and screen versions of every product, beyond the default set."""
    out = tmp_path_factory.mktemp("extra")
    runner = CliRunner()
    for args in (
        ["poster", "--size", "a0", "--target", "press"],
        ["poster", "--size", "letter", "--target", "screen"],
        ["cards", "--format", "id1", "--target", "press"],
        ["cards", "--format", "a7", "--target", "screen"],
        ["worksheets", "--target", "press", "--duplex"],
        ["worksheets", "--paper", "letter", "--target", "screen"],
        ["leaflet", "--large-print", "--target", "press"],
        ["discussion-cards", "--format", "a5", "--target", "press"],
    ):
        name = "-".join(a.strip("-") for a in args) + ".pdf"
        result = runner.invoke(main, ["-q", *args, "-o", str(out / name)])
        assert result.exit_code == 0, result.output
    return out


def target_of(path: Path) -> str:
    return next(t for t in ("press", "office", "screen") if t in path.name)


def test_every_pdf_we_make_passes_for_its_target(built, extra):
    files = sorted(built.glob("*.pdf")) + sorted(extra.glob("*.pdf"))
    assert len(files) == 20
    for path in files:
        report = check_pdf(path, target_of(path))
        assert report.status != FAIL, [f for f in report.findings if f.status == FAIL]
        if target_of(path) == "press":
            assert report.status == PASS, [f for f in report.findings if f.status != PASS]


def test_no_rgb_anywhere_in_press_files(built, extra):
    from pypdf import PdfReader

    for path in [*built.glob("*press*.pdf"), *extra.glob("*press*.pdf")]:
        ops = pdfcheck.content_operators(path)
        assert not ops & {"rg", "RG"}, path
        from test_brand import image_xobjects

        for page in PdfReader(path).pages:
            for image in image_xobjects(page["/Resources"]):
                assert "RGB" not in str(image.get("/ColorSpace")), path


def test_press_files_are_pdfx_1a(built):
    from pypdf import PdfReader

    reader = PdfReader(built / "poster-a2-press.pdf")
    assert reader.pdf_header == "%PDF-1.4"
    info = reader.metadata
    assert info["/GTS_PDFXVersion"] == "PDF/X-1:2003" and info["/GTS_PDFXConformance"] == "PDF/X-1a:2003"
    assert info["/Trapped"] == "/False" and info["/Title"] and info["/CreationDate"] == info["/ModDate"]
    (intent,) = reader.trailer["/Root"]["/OutputIntents"]
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "FOGRA39"
    assert intent["/RegistryName"] == "http://www.color.org"


def test_output_intent_can_be_chosen(tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "p.pdf"
    result = CliRunner().invoke(main, ["poster", "--target", "press", "--output-intent", "GRACoL2006", "-o", str(out)])
    assert result.exit_code == 0, result.output
    (intent,) = PdfReader(out).trailer["/Root"]["/OutputIntents"]
    assert intent["/OutputConditionIdentifier"] == "CGATS TR 006"


# --- PDFs made with a plain ReportLab canvas, each with one mistake -------------------------------


def plain_pdf(path: Path, mistake: str) -> Path:
    """An A6 card with 3 mm bleed, correct but for one mistake."""
    from reportlab.lib.colors import CMYKColor, Color
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from generator.fonts import _main_path

    if "Atk-Test" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Atk-Test", _main_path("regular")))
    w, h, b = 105 * MM, 148 * MM, 3 * MM
    c = Canvas(str(path), pagesize=(w + 2 * b, h + 2 * b), initialFontName="Atk-Test", invariant=1)
    if mistake != "no trimbox":
        c.setTrimBox((b, b, b + w, b + h))
    c.setBleedBox((0, 0, w + 2 * b, h + 2 * b))
    c.setFillColor(Color(0.2, 0.4, 0.6) if mistake == "rgb" else CMYKColor(0.8, 0.4, 0, 0.2))
    c.rect(0, 0, w + 2 * b, 40 * MM, stroke=0, fill=1)
    c.setFillColor(CMYKColor(0, 0, 0, 1))
    c.setFont("Helvetica" if mistake == "helvetica" else "Atk-Test", 10)
    x = 1 * MM if mistake == "text in bleed" else b + 10 * MM
    c.drawString(x, b + 60 * MM, "Build in time to listen")
    if mistake == "low res":
        from PIL import Image
        from reportlab.lib.utils import ImageReader

        image = Image.new("CMYK", (72, 72), (0, 80, 160, 0))
        c.drawImage(ImageReader(image), b + 10 * MM, b + 70 * MM, width=25.4 * MM * 1.0 * 2, height=25.4 * MM * 2)
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize(
    "mistake,check,message",
    [
        ("rgb", "colour", r"RGB in a press file: DeviceRGB"),
        ("helvetica", "fonts", r"not embedded: Helvetica"),
        ("low res", "images", r"72 x 72 px at 51 x 51 mm: 36 ppi, under 150"),
        ("no trimbox", "page boxes", r"no TrimBox"),
        ("text in bleed", "safe area", r"3 characters in the bleed or within 3 mm of the trim: 'Bui'"),
    ],
)
def test_check_fails_plain_reportlab_mistakes(tmp_path, mistake, check, message):
    path = plain_pdf(tmp_path / f"{mistake}.pdf", mistake)
    result = CliRunner().invoke(main, ["check", "--target", "press", str(path)])
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if line.strip().startswith("FAIL") and check in line)
    assert re.search(r"FAIL\s+p1\s+" + re.escape(check), line)
    assert re.search(message, line), line
    assert "PASS" not in line


def test_plain_pdf_without_mistakes_only_misses_pdfx(tmp_path):
    report = check_pdf(plain_pdf(tmp_path / "ok.pdf", "none"), "press")
    failed = {f.check for f in report.findings if f.status == FAIL}
    assert failed == {"pdf/x", "output intent"}  # ReportLab alone writes no PDF/X keys


def test_check_json(built):
    result = CliRunner().invoke(
        main,
        [
            "check",
            "--target",
            "press",
            "--json",
            str(built / "poster-a2-press.pdf"),
            str(built / "poster-a4-office.pdf"),
        ],
    )
    assert result.exit_code == 1  # the office poster is not a press file
    data = json.loads(result.output)
    assert [d["status"] for d in data] == ["pass", "fail"]
    office = data[1]["findings"]
    assert {
        "check": "colour",
        "status": "fail",
        "message": "RGB in a press file: DeviceRGB (convert to CMYK)",
        "page": 1,
    } in office


def test_check_a_file_that_is_not_a_pdf(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_text("hello")
    result = CliRunner().invoke(main, ["check", str(bad)])
    assert result.exit_code == 1
    assert "FAIL  doc   file" in result.output and "not a PDF: it does not begin with %PDF-" in result.output


def test_text_geometry_from_pdfium_is_pdfplumbers(built, extra):
    """The preflight reads character boxes with pypdfium2: the same boxes pdfplumber gives, for
    every font and style we set (regular, bold, italic, Noto fallback), on press and office pages.
    """
    import pdfplumber

    from generator.check.scan import text_geometry

    for path in (
        built / "poster-a2-press.pdf",
        built / "worksheets-a4-office.pdf",
        extra / "leaflet-large-print-target-press.pdf",
    ):
        ours = text_geometry(path.read_bytes())
        with pdfplumber.open(path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                top = float(page.mediabox[3])
                theirs = [c for c in page.chars if c["text"].strip()]
                assert [c["text"] for c in ours[number]] == [c["text"] for c in theirs], (path.name, number)
                for mine, c in zip(ours[number], theirs):
                    expected = (c["x0"], c["x1"], top - c["bottom"], top - c["top"], c["size"])
                    got = (mine["x0"], mine["x1"], mine["y0"], mine["y1"], mine["size"])
                    assert got == pytest.approx(expected, abs=0.01), (path.name, number, c["text"])


@pytest.mark.parametrize(
    "mistake,problem",
    [
        ("rgb", "an RGB colour operator"),
        ("helvetica", "a font that is not embedded"),
        ("none", None),
    ],
)
def test_the_quick_press_scan_a_batch_gives_each_overlay(tmp_path, mistake, problem):
    """What a batch's brand overlay is checked with: the same mistakes, from the file's bytes."""
    from generator.check.scan import quick_press_problems

    found = quick_press_problems(plain_pdf(tmp_path / f"{mistake}.pdf", mistake).read_bytes())
    assert found == ([problem] if problem else [])


def test_the_quick_press_scan_names_rgb_and_transparent_images(tmp_path):
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from generator.check.scan import quick_press_problems

    path = tmp_path / "images.pdf"
    c = Canvas(str(path), invariant=1)
    c.drawImage(ImageReader(Image.new("RGBA", (8, 8), (10, 20, 30, 128))), 0, 0, 20, 20, mask="auto")
    c.save()
    found = quick_press_problems(path.read_bytes())  # and ReportLab's Helvetica, never embedded
    assert found == ["a font that is not embedded", "an RGB image", "an image with a soft mask (transparency)"]


def test_the_quick_press_scan_passes_our_press_files(built):
    from generator.check.scan import quick_press_problems

    for path in sorted(built.glob("*press*.pdf")):
        assert quick_press_problems(path.read_bytes()) == [], path.name


def test_ink_just_over_the_limit_does_not_read_as_the_limit():
    from generator.check.plates import _over

    assert _over(3.0039, 3.0) == "300.4%" and _over(3.4, 3.0) == "340%" and _over(3.00001, 3.0) == "300.001%"
