"""Press files as a printer sees them: the separations (Ghostscript tiffsep), the plates small text
is built from, font subset tags, and `check`'s plate rows on files made to break them."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageChops

from generator.cli import main

PROCESS = ("Cyan", "Magenta", "Yellow", "Black")
DPI = 300
needs_gs = pytest.mark.skipif(
    shutil.which("gs") is None, reason="Ghostscript's tiffsep is needed: apt-get install ghostscript"
)


def make(tmp: Path, *args: str) -> Path:
    out = tmp / "out.pdf"
    result = CliRunner().invoke(main, [*args, "-q", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def press_files(tmp_path_factory) -> dict[str, Path]:
    files = {}
    brand = tmp_path_factory.mktemp("brand") / "brand.toml"  # a green accent: three plates as a fill
    brand.write_text('name = "Green Valley Mind"\nurl = "https://example.org/gv"\naccent = "#2F7034"\n')
    for name, args in {
        "poster-a2": ("poster", "--size", "a2", "--target", "press"),
        "poster-a4": ("poster", "--size", "a4", "--target", "press", "--brand", str(brand)),
        "cards-a6": ("cards", "--format", "a6", "--target", "press"),
        "cards-a6-brand": ("cards", "--format", "a6", "--target", "press", "--brand", str(brand)),
        "cards-id1": ("cards", "--format", "id1", "--target", "press"),
    }.items():
        files[name] = make(tmp_path_factory.mktemp(name), *args)
    return files


def separations(pdf: Path, folder: Path, pages: int = 2) -> list[dict[str, Image.Image]]:
    """Each page's plates as greyscale images, 255 where the plate is inked, 0 where it is not."""
    folder.mkdir(exist_ok=True)
    subprocess.run(
        ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", f"-r{DPI}", "-dFirstPage=1"]
        + [f"-dLastPage={pages}", f"-sOutputFile={folder}/p%d.tif", str(pdf)],
        check=True,
    )
    out = []
    for n in range(1, pages + 1):
        plates = {}
        for tif in folder.glob(f"p{n}(*).tif"):
            name = tif.name[tif.name.index("(") + 1 : tif.name.rindex(")")]
            with Image.open(tif) as image:  # tiffsep: 255 is no ink
                plates[name] = image.convert("L").point(lambda v: 255 if v < 250 else 0)
        out.append(plates)
    return out


def knocked_out(plates: dict[str, Image.Image], radius: int = 6) -> tuple[int, int]:
    """(die-line pixels with inked art all round them, those of them blank on every plate)."""
    cut = plates["CutContour"]
    ink = plates[PROCESS[0]]
    for name in PROCESS[1:]:
        ink = ImageChops.lighter(ink, plates[name])
    w, h = cut.size
    cut_px, ink_px = cut.load(), ink.load()
    checked = blank = 0
    offsets = [(dx, dy) for dx in (-radius, 0, radius) for dy in (-radius, 0, radius) if dx or dy]
    for y in range(radius, h - radius):
        for x in range(radius, w - radius):
            if not cut_px[x, y]:
                continue
            around = [(x + dx, y + dy) for dx, dy in offsets if not cut_px[x + dx, y + dy]]
            if around and all(ink_px[p] for p in around):
                checked += 1
                blank += not ink_px[x, y]
    return checked, blank


def without_overprint(pdf: Path, out: Path) -> Path:
    """The same file with every overprint switch turned off: what the die line used to do."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(pdf))
    for page in writer.pages:
        states = page["/Resources"].get("/ExtGState") or {}
        for state in states.values():
            state = state.get_object()
            for key in ("/OP", "/op"):
                if key in state:
                    state[NameObject(key)] = BooleanObject(False)
    writer.write(out)
    return out


@needs_gs
def test_id1_die_line_knocks_nothing_out_of_the_art(press_files, tmp_path):
    pages = separations(press_files["cards-id1"], tmp_path / "ours")
    front = pages[0]
    assert set(PROCESS) | {"CutContour"} <= set(front), sorted(front)
    checked, blank = knocked_out(front)
    assert checked > 500  # the dark front: the die line runs over inked art
    assert blank == 0
    for plates in pages[1:]:
        assert knocked_out(plates)[1] == 0
    # the check can fail: the same file with the die line knocking out
    control = separations(without_overprint(press_files["cards-id1"], tmp_path / "ko.pdf"), tmp_path / "ko", 1)
    checked, blank = knocked_out(control[0])
    assert blank > 0.9 * checked > 450


@needs_gs
def test_crop_marks_print_on_every_plate(press_files, tmp_path):
    plates = separations(press_files["cards-id1"], tmp_path / "marks", 1)[0]
    w, h = plates["Black"].size
    slug = (0, 0, round(2.5 / 25.4 * DPI), h)  # the left 2.5 mm, outside the bleed: crop marks only
    for name in PROCESS:
        assert plates[name].crop(slug).getextrema()[1] == 255, f"no crop mark on {name}"
    assert "All" not in plates  # Registration is every plate, not a plate of its own


def text_plates(pdf: Path) -> list[tuple[str, float, int]]:
    """(text, size, plates) for every character drawn under 12 pt."""
    import pdfplumber

    found = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for c in page.chars:
                if c["size"] < 12 and c["text"].strip():
                    colour = c["non_stroking_color"] or ()
                    found.append((c["text"], c["size"], sum(1 for v in colour if v > 0)))
    return found


def test_no_small_text_in_more_than_two_plates_in_any_press_file(press_files):
    for name, pdf in press_files.items():
        small = text_plates(pdf)
        assert small or name.startswith("poster"), name  # the A2 poster has no text under 12 pt
        over = [(t, s, p) for t, s, p in small if p > 2]
        assert not over, f"{name}: {len(over)} characters under 12 pt in 3 or 4 plates, e.g. {over[:5]}"


def subset_fonts(pdf: Path | bytes) -> dict[str, dict[str, bytes]]:
    """Subset tag -> {font name: embedded font program} over every page and form of a file."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    tags: dict[str, dict[str, bytes]] = {}
    for page in reader.pages:
        stack = [page["/Resources"]]
        while stack:
            resources = stack.pop().get_object()
            for font in (resources.get("/Font") or {}).values():
                font = font.get_object()
                tag, _, name = str(font["/BaseFont"]).lstrip("/").partition("+")
                program = font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
                tags.setdefault(tag, {})[name] = program
            for xobject in (resources.get("/XObject") or {}).values():
                if "/Resources" in xobject.get_object():
                    stack.append(xobject.get_object()["/Resources"])
    return tags


def test_font_subset_tags_are_distinct_per_font_and_file(press_files):
    by_file = {name: subset_fonts(pdf) for name, pdf in press_files.items()}
    for name, tags in by_file.items():
        assert "AAAAAA" not in tags, name
        assert all(len(fonts) == 1 for fonts in tags.values()), f"{name}: a tag shared by fonts {tags.keys()}"
        assert all(len(tag) == 6 and tag.isalpha() and tag.isupper() for tag in tags), tags
    # a tag found in two files names the same subset: the same font program, so ganged files are safe
    seen: dict[str, dict[str, bytes]] = {}
    for name, tags in by_file.items():
        for tag, fonts in tags.items():
            assert seen.setdefault(tag, fonts) == fonts, f"{name}: tag {tag} names a different subset elsewhere"
    assert len(seen) > 2, "every file has the same subsets: the tags cannot tell them apart"


def test_subset_tags_are_reproducible(press_files, tmp_path):
    again = make(tmp_path, "cards", "--format", "id1", "--target", "press")
    assert subset_fonts(again) == subset_fonts(press_files["cards-id1"])


def handmade(overprint: bool, text_cmyk: tuple[float, float, float, float]) -> bytes:
    """A press-like page: an inked panel, a CutContour die line round it, a line of 7 pt text."""
    from reportlab.lib.colors import CMYKColor, CMYKColorSep
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(200, 150), invariant=1)
    canvas.setTrimBox((20, 20, 180, 130))
    canvas.setBleedBox((10, 10, 190, 140))
    canvas.setFillColor(CMYKColor(0.9, 0.6, 0, 0.9))
    canvas.rect(10, 10, 180, 130, stroke=0, fill=1)
    canvas.saveState()
    if overprint:
        canvas.setStrokeOverprint(True)
        canvas.setFillOverprint(True)
        canvas.setOverprintMask(True)
    canvas.setStrokeColor(CMYKColorSep(0, 1, 0, 0, spotName="CutContour"))
    canvas.roundRect(25, 25, 150, 100, 8, stroke=1, fill=0)
    canvas.restoreState()
    canvas.setFillColor(CMYKColor(*text_cmyk))
    canvas.setFont("Helvetica", 7)
    canvas.drawString(40, 60, "Small print")
    canvas.save()
    return buffer.getvalue()


def rows(data: bytes) -> dict[str, str]:
    from generator.check.preflight import check_pdf

    report = check_pdf(data, "press")
    out: dict[str, str] = {}
    for f in report.findings:
        if f.check in ("die line", "text plates", "tints", "marks", "total ink"):
            worst = {"pass": 0, "warn": 1, "fail": 2}
            if worst[f.status] >= worst.get(out.get(f.check, "pass"), 0):
                out[f.check] = f.status
    return out


def test_check_fails_a_knockout_die_line_and_warns_on_three_plate_7pt_text():
    bad = rows(handmade(overprint=False, text_cmyk=(0.7, 0.55, 0.0, 0.75)))
    assert bad["die line"] == "fail"
    assert bad["text plates"] == "warn"
    good = rows(handmade(overprint=True, text_cmyk=(0.0, 0.0, 0.0, 1.0)))
    assert good["die line"] == "pass" and good["text plates"] == "pass"


def test_check_warns_on_tints_under_5_percent_and_fails_over_300_percent_ink():
    tint = rows(handmade(overprint=True, text_cmyk=(0.02, 0.02, 0.0, 0.03)))
    assert tint["tints"] == "warn"
    heavy = rows(handmade(overprint=True, text_cmyk=(0.9, 0.9, 0.9, 0.9)))
    assert heavy["total ink"] == "fail"


def test_our_press_files_pass_the_plate_rows(press_files):
    for name, pdf in press_files.items():
        found = rows(pdf.read_bytes())
        assert set(found.values()) == {"pass"}, f"{name}: {found}"
        assert found["marks"] == "pass"
