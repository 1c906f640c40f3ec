"""`principles preview`: PNGs at trim size, greyscale without colour, contact sheets."""

from __future__ import annotations

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
