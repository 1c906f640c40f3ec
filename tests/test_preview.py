"""`principles preview`: PNGs at trim size, greyscale without colour, contact sheets."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from PIL import Image as PILImage

from generator.cli import main


def has_colour(image) -> bool:
    from PIL import ImageChops

    r, g, b = image.convert("RGB").split()
    return ImageChops.difference(r, g).getbbox() is not None or ImageChops.difference(g, b).getbbox() is not None


def load(path):
    """The image's pixels, with the file closed again."""
    with PILImage.open(path) as image:
        image.load()
        return image


def test_press_poster_preview_is_cropped_to_the_trim(tmp_path):
    pdf = tmp_path / "poster.pdf"
    assert CliRunner().invoke(main, ["poster", "--size", "a3", "--target", "press", "-o", str(pdf)]).exit_code == 0
    result = CliRunner().invoke(main, ["preview", str(pdf), "--dpi", "50", "-o", str(tmp_path / "png")])
    assert result.exit_code == 0, result.output
    image = load(tmp_path / "png" / "poster-p1.png")
    assert abs(image.width - 297 / 25.4 * 50) <= 1 and abs(image.height - 420 / 25.4 * 50) <= 1
    # the header band touches the trim: the very first pixel row is ink, not paper or crop marks
    assert sum(image.convert("RGB").getpixel((image.width // 2, 0))) < 200


def test_grey_preview_is_the_luminance_of_the_colour_preview(tmp_path):
    from PIL import ImageChops, ImageStat

    pdf = tmp_path / "cards.pdf"
    assert CliRunner().invoke(main, ["cards", "--moment", "appointments", "-o", str(pdf)]).exit_code == 0
    result = CliRunner().invoke(main, ["preview", str(pdf), "--grey", "--dpi", "40", "-o", str(tmp_path)])
    assert result.exit_code == 0
    colour = CliRunner().invoke(main, ["preview", str(pdf), "--dpi", "40", "-o", str(tmp_path)])
    assert colour.exit_code == 0
    for page in (1, 2):
        grey = load(tmp_path / f"cards-grey-p{page}.png")
        rgb = load(tmp_path / f"cards-p{page}.png")
        assert grey.mode == "L" and grey.size == rgb.size
        assert has_colour(rgb)  # the colour preview has colour to lose
        low, high = grey.getextrema()
        assert high - low >= 150 and ImageStat.Stat(grey).stddev[0] > 10  # not blank
        # the same picture in luminance: equal once text edges (anti-aliased a little differently) average out
        difference = ImageChops.difference(grey.reduce(4), rgb.convert("L").reduce(4))
        assert difference.getextrema()[1] <= 32 and ImageStat.Stat(difference).mean[0] <= 2, page


def runs(flags: list[bool]) -> list[tuple[int, int]]:
    """(start, end) of every run of True."""
    out, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append((start, i))
            start = None
    return out


def tiles(sheet) -> list[tuple[int, int, int, int]]:
    """Boxes of the pages on a contact sheet: whatever is not the sheet's plain background."""
    grey = sheet.convert("L")
    background = grey.getpixel((0, 0))
    width, height = grey.size
    pixels = grey.load()
    rows = runs([any(pixels[x, y] != background for x in range(width)) for y in range(height)])
    found = []
    for top, bottom in rows:
        columns = runs([any(pixels[x, y] != background for y in range(top, bottom)) for x in range(width)])
        found += [(left, top, right, bottom) for left, right in columns]
    return found


def test_every_contact_sheet_tile_is_a_rendered_page(tmp_path):
    from PIL import ImageChops

    pdf = tmp_path / "pack.pdf"
    assert CliRunner().invoke(main, ["worksheets", "-o", str(pdf)]).exit_code == 0
    result = CliRunner().invoke(main, ["preview", str(pdf), "--sheet", "--dpi", "20", "-o", str(tmp_path)])
    assert result.exit_code == 0
    pages = CliRunner().invoke(main, ["preview", str(pdf), "--dpi", "20", "-o", str(tmp_path / "pages")])
    assert pages.exit_code == 0
    sheet = load(tmp_path / "pack-sheet.png")
    count = len(list((tmp_path / "pages").glob("pack-p*.png")))
    found = tiles(sheet)
    assert count == 16 and len(found) == count  # every page, and nothing else, on the sheet
    assert len({top for _, top, _, _ in found}) == 4  # in rows of four
    for number, box in enumerate(found, start=1):
        page = load(tmp_path / "pages" / f"pack-p{number}.png").convert("RGB")
        tile = sheet.crop(box).convert("RGB")
        assert tile.size == page.size, number
        assert ImageChops.difference(tile, page).getbbox() is None, number  # the page itself, pixel for pixel


def test_preview_of_a_broken_file_is_one_line(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 nonsense")
    result = CliRunner().invoke(main, ["preview", str(bad), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {bad}: cannot render: ")
    assert len(result.output.strip().splitlines()) == 1


def test_preview_refuses_a_render_over_the_pixel_budget_naming_the_largest_dpi(tmp_path):
    from generator.check.preview import PIXEL_BUDGET, check_budget, page_boxes

    pdf = tmp_path / "a0.pdf"
    assert CliRunner().invoke(main, ["poster", "--size", "a0", "-o", str(pdf)]).exit_code == 0
    result = CliRunner().invoke(main, ["preview", str(pdf), "--dpi", "800", "-o", str(tmp_path / "png")])
    assert result.exit_code == 1
    assert result.output.strip().endswith(
        "page 1 at 800 dpi would be 26488 x 37449 px (992 megapixels), over the 100 megapixels a preview may use: "
        "use --dpi 254 or less"
    )
    assert not (tmp_path / "png").exists()
    check_budget(pdf, page_boxes(pdf), 254, sheet=False)  # the dpi it names fits
    assert 26488 * 37449 > PIXEL_BUDGET


def test_a_contact_sheet_keeps_to_the_budget_too(tmp_path):
    pdf = tmp_path / "w.pdf"
    assert CliRunner().invoke(main, ["worksheets", "-o", str(pdf)]).exit_code == 0
    result = CliRunner().invoke(main, ["preview", str(pdf), "--sheet", "--dpi", "300", "-o", str(tmp_path / "png")])
    assert result.exit_code == 1 and "a contact sheet of 16 pages at 300 dpi" in result.output


@pytest.mark.parametrize("dpi", ["nan", "inf", "-5", "abc", "5000"])
def test_a_dpi_that_is_not_a_resolution_is_a_usage_error(tmp_path, dpi):
    pdf = tmp_path / "p.pdf"
    assert CliRunner().invoke(main, ["poster", "--size", "a4", "-o", str(pdf)]).exit_code == 0
    result = CliRunner().invoke(main, ["preview", str(pdf), "--dpi", dpi])
    assert result.exit_code == 2 and "Invalid value for '--dpi'" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("kind", ["png", "cut short"])
def test_preview_of_a_file_that_is_not_a_whole_pdf_prints_one_line_and_nothing_of_the_libraries(tmp_path, kind):
    """Run as a user runs it (stderr as it is): pypdf's own warnings ("invalid pdf header", "EOF
    marker not found") stay quiet; an image is named as not a PDF, as `check` names it."""
    import subprocess
    import sys

    from PIL import Image

    if kind == "png":
        bad = tmp_path / "logo.png"
        Image.new("RGB", (20, 10)).save(bad)
    else:
        whole = tmp_path / "p.pdf"
        assert CliRunner().invoke(main, ["poster", "--size", "a4", "-o", str(whole)]).exit_code == 0
        bad = tmp_path / "cut.pdf"
        bad.write_bytes(whole.read_bytes()[:3000])
    code = f"from generator.cli import main\nmain(['preview', {str(bad)!r}, '-o', {str(tmp_path / 'png')!r}])"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stdout == "" and len(run.stderr.strip().splitlines()) == 1, run.stderr
    if kind == "png":
        assert run.stderr.strip() == f"error: {bad}: not a PDF: it does not begin with %PDF-"
    else:
        assert run.stderr.startswith(f"error: {bad}: cannot render: ")
