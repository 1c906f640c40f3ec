"""Press colour from the FOGRA39 data: ΔE2000, the committed table against the measurements, the
house palette's builds, and logos converted with black on the black plate."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from PIL import Image

from generator import colour, theme
from generator.cli import main

NHS_BLUE = "#005EB8"


def test_delta_e_2000_matches_published_pairs():
    # Sharma, Wu and Dalal (2005), test data pairs 1, 7, 17 and 25
    pairs = [
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ]
    for a, b, expected in pairs:
        assert colour.delta_e_2000(a, b) == pytest.approx(expected, abs=1e-4)


def test_srgb_white_is_paper_white_and_black_is_zero():
    assert colour.srgb_to_lab("#FFFFFF") == pytest.approx((100.0, 0.0, 0.0), abs=0.01)
    assert colour.srgb_to_lab("#000000") == pytest.approx((0.0, 0.0, 0.0), abs=0.01)


def measurements():
    return colour.read_ti3(colour.assets_dir() / "FOGRA39L.ti3")


def test_committed_table_reproduces_the_fogra39_measurements():
    """The CMYK -> Lab grid the generator reads is the measurement data, fitted: every patch
    within the ink limit, computed from the grid, against what Fogra measured."""
    data = [(cmyk, lab) for cmyk, lab in measurements() if sum(cmyk) <= 300]
    assert len(data) > 1400
    errors = sorted(colour.delta_e_2000(lab, colour.cmyk_to_lab(cmyk)) for cmyk, lab in data)
    assert sum(errors) / len(errors) < 0.6
    assert errors[int(len(errors) * 0.95)] < 1.5
    paper = next(lab for cmyk, lab in data if not any(cmyk))
    assert paper == pytest.approx((100.0, 0.0, 0.0), abs=0.01)  # media-relative: paper is white


HOUSE = [theme.INK, theme.MUTED, theme.TINT, theme.RULE, *theme.PRINCIPLE_COLOURS.values()]


@pytest.mark.parametrize("c", HOUSE, ids=lambda c: c.name)
def test_house_palette_prints_within_delta_e_3_from_the_fogra39_data(c):
    assert colour.press_delta_e(c.hex, c.cmyk) <= colour.PALETTE_LIMIT
    assert c.total_ink <= 300
    assert all(v == 0 or v >= colour.MIN_TINT / 100 for v in c.cmyk), "a plate under the smallest dot"
    assert not all(c.cmyk[:3]), "grey component belongs in K: never all of C, M and Y"


def test_darks_are_black_led_and_small_text_builds_use_at_most_two_plates():
    for c in (theme.INK, theme.MUTED):
        assert c.text_cmyk is not None and sum(1 for v in c.text_cmyk if v) <= 2
        assert c.text_cmyk[3] == max(c.text_cmyk), "small text is K-led"
        assert c.press_cmyk(7.0) == c.text_cmyk and c.press_cmyk(12.0) == c.cmyk
    assert theme.INK.cmyk[3] >= max(theme.INK.cmyk[:3])


def test_the_old_naive_builds_were_measurably_wrong():
    """What the issue saw: C=1-R etc. puts principle 2 about ΔE 14 away; the test data can tell."""
    naive = {2: (0.31, 0.60, 0.0, 0.40), 4: (0.0, 0.78, 0.45, 0.35)}
    for number, cmyk in naive.items():
        assert colour.press_delta_e(theme.PRINCIPLE_COLOURS[number].hex, cmyk) > 10


def pixel(hex_value: str) -> tuple[float, float, float, float]:
    rgb = tuple(int(hex_value[i : i + 2], 16) for i in (1, 3, 5))
    out = colour.to_press(Image.new("RGB", (1, 1), rgb)).getpixel((0, 0))
    return tuple(v / 255 * 100 for v in out)  # type: ignore[return-value]


def test_image_conversion_keeps_black_and_greys_on_the_black_plate():
    c, m, y, k = pixel("#000000")
    assert k >= 90 and c + m + y <= 60
    for grey in ("#111111", "#333333", "#808080", "#CCCCCC", "#F5F5F5"):
        c, m, y, k = pixel(grey)
        assert (c, m, y) == (0, 0, 0) and k > 0, grey  # greys on the black plate alone
    assert pixel("#FFFFFF") == (0, 0, 0, 0)


def test_a_cmyk_logo_over_the_ink_limit_is_brought_down_keeping_black():
    image = Image.new("CMYK", (2, 1), (255, 255, 255, 255))  # 400%
    image.putpixel((1, 0), (200, 100, 0, 0))
    out = colour.to_press(image)
    c, m, y, k = out.getpixel((0, 0))
    assert k == 255 and c + m + y + k <= 3 * 255 + 1
    assert out.getpixel((1, 0)) == (200, 100, 0, 0)


def test_nhs_blue_prints_within_delta_e_5():
    printed = colour.cmyk_to_lab(pixel(NHS_BLUE))
    assert colour.delta_e_2000(colour.srgb_to_lab(NHS_BLUE), printed) <= colour.LOGO_LIMIT
    pillow = colour.cmyk_to_lab((100.0, 100 - 0x5E / 2.55, 100 - 0xB8 / 2.55, 0.0))  # the old convert("CMYK")
    assert colour.delta_e_2000(colour.srgb_to_lab(NHS_BLUE), pillow) > colour.LOGO_LIMIT


def test_brand_accent_gets_a_press_build_and_a_two_plate_text_build():
    from generator.brand import accent_colour

    navy = accent_colour("#1A2238")
    assert sum(1 for v in navy.text_cmyk or navy.cmyk if v) <= 2
    blue = accent_colour(NHS_BLUE)
    assert colour.press_delta_e(NHS_BLUE, blue.cmyk) <= colour.LOGO_LIMIT


def embedded_images(path):
    from pypdf import PdfReader

    def walk(resources):
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject["/Subtype"] == "/Image":
                yield xobject
            elif "/Resources" in xobject:
                yield from walk(xobject["/Resources"])

    return [x.decode_as_image() for x in walk(PdfReader(path).pages[0]["/Resources"])]


@pytest.fixture(scope="module")
def logo_poster(tmp_path_factory):
    """A press poster with a black wordmark on transparency and an NHS blue block."""
    folder = tmp_path_factory.mktemp("logo")
    logo = Image.new("RGBA", (1200, 400), (0, 0, 0, 0))
    logo.paste((0, 0, 0, 255), (40, 60, 760, 340))
    logo.paste(Image.new("RGBA", (360, 280), NHS_BLUE), (800, 60))
    logo.save(folder / "logo.png")
    (folder / "brand.toml").write_text('name = "Black Logo Trust"\nlogo = "logo.png"\n')
    out = folder / "poster.pdf"
    args = ["poster", "--size", "a4", "--target", "press", "--brand", str(folder / "brand.toml"), "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out


def test_black_png_logo_in_a_press_poster_is_k_dominant(logo_poster):
    images = embedded_images(logo_poster)
    assert images and all(i.mode == "CMYK" for i in images)
    pixels = [tuple(raw[j : j + 4]) for raw in (i.tobytes() for i in images) for j in range(0, len(raw), 4)]
    dark = [p for p in pixels if sum(p) > 200 and p[3] > 200]
    assert dark, "no black pixels found"
    for c, m, y, k in dark:
        assert k >= 0.9 * 255 and c + m + y <= 0.6 * 255


def test_nhs_blue_in_a_press_poster_within_delta_e_5(logo_poster):
    image = embedded_images(logo_poster)[0]
    w, h = image.size
    c, m, y, k = image.getpixel((int(w * 0.8), h // 2))
    printed = colour.cmyk_to_lab(tuple(v / 2.55 for v in (c, m, y, k)))  # type: ignore[arg-type]
    assert colour.delta_e_2000(colour.srgb_to_lab(NHS_BLUE), printed) <= colour.LOGO_LIMIT
