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


def test_grey_preview_has_no_colour(tmp_path):
    pdf = tmp_path / "cards.pdf"
    assert CliRunner().invoke(main, ["cards", "--moment", "appointments", "-o", str(pdf)]).exit_code == 0
    result = CliRunner().invoke(main, ["preview", str(pdf), "--grey", "--dpi", "40", "-o", str(tmp_path)])
    assert result.exit_code == 0
    for name in ("cards-grey-p1.png", "cards-grey-p2.png"):
        image = load(tmp_path / name)
        assert image.mode == "L"
        assert not has_colour(image)
    colour = CliRunner().invoke(main, ["preview", str(pdf), "--dpi", "40", "-o", str(tmp_path)])
    assert colour.exit_code == 0
    assert has_colour(load(tmp_path / "cards-p2.png"))


def test_contact_sheet(tmp_path):
    pdf = tmp_path / "pack.pdf"
    assert CliRunner().invoke(main, ["worksheets", "-o", str(pdf)]).exit_code == 0
    result = CliRunner().invoke(main, ["preview", str(pdf), "--sheet", "--dpi", "20", "-o", str(tmp_path)])
    assert result.exit_code == 0
    sheet = load(tmp_path / "pack-sheet.png")
    page_w, page_h = round(210 / 25.4 * 20), round(297 / 25.4 * 20)
    assert sheet.width >= 4 * page_w and sheet.height >= 4 * page_h  # 16 pages in rows of four


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
