"""Logos in every mode a design tool exports: each builds every product for every target."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image, ImageDraw

from generator.cli import main
from generator.images import normalise, prepare

W, H = 1200, 480


def _png16(path: Path, channels: int) -> None:
    """A 16-bit-per-channel PNG (RGB or RGBA), which Pillow cannot write itself."""
    colour_type = {3: 2, 4: 6}[channels]
    pixel = struct.pack(">" + "H" * channels, *([0x0000, 0x5E5E, 0xB8B8, 0xFFFF][:channels]))
    raw = b"".join(b"\0" + pixel * W for _ in range(H))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", W, H, 16, colour_type, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    )


def _exif_rotated(path: Path) -> None:
    image = Image.new("RGB", (H, W), (0, 94, 184))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to show
    image.save(path, "JPEG", exif=exif, quality=90)


def _make(kind: str, folder: Path) -> Path:
    blue = (0, 94, 184)
    makers = {
        "1.png": lambda p: Image.new("1", (W, H), 1).save(p),
        "L.png": lambda p: Image.new("L", (W, H), 90).save(p),
        "LA.png": lambda p: Image.new("LA", (W, H), (90, 128)).save(p),
        "P.png": lambda p: Image.new("RGB", (W, H), blue).convert("P").save(p),
        "P-transparent.png": lambda p: Image.new("RGB", (W, H), blue).convert("P").save(p, transparency=0),
        "RGB.png": lambda p: Image.new("RGB", (W, H), blue).save(p),
        "RGB-transparent.png": lambda p: Image.new("RGB", (W, H), blue).save(p, transparency=blue),
        "RGBA.png": lambda p: Image.new("RGBA", (W, H), (*blue, 200)).save(p),
        "CMYK.jpg": lambda p: Image.new("CMYK", (W, H), (255, 128, 0, 0)).save(p, "JPEG"),  # Adobe, inverted
        "I16.png": lambda p: Image.new("I;16", (W, H), 30000).save(p),
        "I16B.tif": lambda p: Image.new("I;16B", (W, H), 30000).save(p),
        "I16L.tif": lambda p: Image.new("I;16", (W, H), 30000).save(p),
        "I.tif": lambda p: Image.new("I", (W, H), 40000).save(p),
        "F.tif": lambda p: Image.new("F", (W, H), 0.4).save(p),
        "RGB16.png": lambda p: _png16(p, 3),
        "RGBA16.png": lambda p: _png16(p, 4),
        "RGBA.tif": lambda p: Image.new("RGBA", (W, H), (*blue, 128)).save(p),
        "progressive.jpg": lambda p: Image.new("RGB", (W, H), blue).save(p, "JPEG", progressive=True),
        "exif-rotated.jpg": _exif_rotated,
    }
    path = folder / kind
    makers[kind](path)
    return path


KINDS = [
    "1.png",
    "L.png",
    "LA.png",
    "P.png",
    "P-transparent.png",
    "RGB.png",
    "RGB-transparent.png",
    "RGBA.png",
    "CMYK.jpg",
    "I16.png",
    "I16B.tif",
    "I16L.tif",
    "I.tif",
    "F.tif",
    "RGB16.png",
    "RGBA16.png",
    "RGBA.tif",
    "progressive.jpg",
    "exif-rotated.jpg",
]


@pytest.mark.parametrize("kind", KINDS)
def test_every_image_mode_builds_every_product_and_target(tmp_path, kind):
    logo = _make(kind, tmp_path)
    (tmp_path / "brand.toml").write_text(f'name = "Riverside Mind"\nlogo = "{logo.name}"\n')
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(main, ["build", "--brand", str(tmp_path / "brand.toml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.pdf"))) == 12
    screen = runner.invoke(
        main,
        [
            "poster",
            "--target",
            "screen",
            "--size",
            "a4",
            "--brand",
            str(tmp_path / "brand.toml"),
            "-o",
            str(out / "s.pdf"),
        ],
    )
    assert screen.exit_code == 0, screen.output


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("cmyk", [True, False])
def test_prepared_images_keep_their_tone(tmp_path, kind, cmyk):
    """Deep greys are scaled, not clipped to white; every result is a mode the PDF stage takes."""
    data = _make(kind, tmp_path).read_bytes()
    image = prepare(data, 100.0, 40.0, cmyk, (300, 450))
    assert image.mode in (("CMYK",) if cmyk else ("L", "RGB", "RGBA"))
    if kind in ("I16.png", "I16B.tif", "I16L.tif") and not cmyk:
        grey = image.convert("L").getpixel((5, 5))
        assert 110 <= grey <= 125, grey  # 30000 of 65535
    if kind in ("I16.png", "I16B.tif", "I16L.tif") and cmyk:
        c, m, y, k = image.getpixel((5, 5))
        assert c + m + y < 30 and 100 <= k <= 200, (c, m, y, k)  # a mid grey on the black plate, not paper
    if kind == "exif-rotated.jpg":
        assert image.width > image.height  # turned upright
    if kind == "CMYK.jpg" and cmyk:
        c, m, y, k = image.getpixel((5, 5))
        assert c > 240 and 100 < m < 160 and y < 15 and k < 15  # Adobe's inverted CMYK read the right way round


def test_pa_mode_is_normalised():
    image = Image.new("RGBA", (10, 10), (0, 94, 184, 100)).convert("P").convert("PA")
    assert normalise(image).mode == "RGBA"


def test_a_truncated_logo_is_one_clear_line(tmp_path):
    buffer = io.BytesIO()
    Image.effect_noise((W, H), 60).convert("RGB").save(buffer, "PNG")
    (tmp_path / "logo.png").write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    (tmp_path / "brand.toml").write_text('name = "Riverside Mind"\nlogo = "logo.png"\n')
    result = CliRunner().invoke(
        main, ["poster", "--brand", str(tmp_path / "brand.toml"), "-o", str(tmp_path / "p.pdf")]
    )
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert "logo: " in lines[0] and "logo.png: damaged image" in lines[0] and "export it again" in lines[0]
    assert not (tmp_path / "p.pdf").exists()


def test_placements_close_in_size_share_one_prepared_image():
    from generator.images import SHARE, shared_sizes

    logo, other = 1, 2
    placements = [(logo, 60.0, 24.0), (logo, 49.5, 19.8), (logo, 43.4, 17.36), (logo, 8.75, 3.5), (other, 40.0, 40.0)]
    chosen = shared_sizes(placements)
    assert chosen[(logo, 49.5, 19.8)] == (60.0, 24.0)  # within SHARE: the larger image, scaled down
    assert chosen[(logo, 43.4, 17.36)] == (43.4, 17.36)  # 60 / 43.4 > SHARE: its own
    assert chosen[(logo, 8.75, 3.5)] == (8.75, 3.5)
    assert chosen[(other, 40.0, 40.0)] == (40.0, 40.0)  # another image, or another shape, never shares
    assert shared_sizes([(logo, 40.0, 16.0), (logo, 39.0, 39.0)])[(logo, 39.0, 39.0)] == (39.0, 39.0)
    for (_, w, h), (pw, ph) in chosen.items():
        assert w <= pw <= w * SHARE and h <= ph <= h * SHARE


def test_a_document_embeds_one_image_for_sizes_close_together(tmp_path):
    """Two placements 10% apart: one image object, drawn at both sizes."""
    from dataclasses import replace

    import pikepdf

    from generator.geometry import PageSpec, Target
    from generator.pdf.render import PressOptions, render
    from generator.plan import Image as PlanImage
    from generator.plan import Page, PlanDocument
    from generator.units import Rect

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 480), (0, 94, 184)).save(buffer, "PNG")
    data = buffer.getvalue()
    big = PlanImage(Rect(10, 10, 50, 20), data, 1200, 480, "logo.png", alt="logo")
    small = replace(big, rect=Rect(10, 40, 45, 18))
    spec = PageSpec(210, 297, Target.OFFICE)
    plan = PlanDocument("t", (Page(spec, (big, small)),))
    pdf = pikepdf.open(io.BytesIO(render(plan, PressOptions(cmyk=False, bookmarks=False, epoch=0))))
    images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
    assert len(images) == 1


def test_a_logo_s_pixels_are_embedded_without_digesting_them(monkeypatch):
    """ReportLab's drawImage takes an MD5 of every image's pixels (and again of its alpha) to name
    it; we embed each prepared image once under a name of our own, so a megabyte logo is never
    digested. Its transparency still becomes a soft mask."""
    import pikepdf
    import reportlab.pdfbase.pdfdoc as pdfdoc
    import reportlab.pdfgen.canvas as rl_canvas

    from generator.geometry import PageSpec, Target
    from generator.pdf.render import PressOptions, render
    from generator.plan import Image as PlanImage
    from generator.plan import Page, PlanDocument
    from generator.units import Rect

    digested: list[int] = []
    for module in (rl_canvas, pdfdoc):
        plain = module._digester
        monkeypatch.setattr(module, "_digester", lambda s, _plain=plain: digested.append(len(s)) or _plain(s))
    buffer = io.BytesIO()
    Image.new("RGBA", (1200, 480), (0, 94, 184, 128)).save(buffer, "PNG")
    logo = PlanImage(Rect(10, 10, 50, 20), buffer.getvalue(), 1200, 480, "logo.png", alt="logo")
    plan = PlanDocument("t", (Page(PageSpec(210, 297, Target.OFFICE), (logo,)),))
    pdf = pikepdf.open(io.BytesIO(render(plan, PressOptions(cmyk=False, bookmarks=False, epoch=0))))
    images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
    assert len(images) == 2 and sum("/SMask" in o for o in images) == 1  # the picture and its alpha
    assert not [n for n in digested if n > 10_000], digested


def test_smaller_sizes_are_made_from_the_next_larger_one_of_the_same_shape():
    from generator.images import derived_from

    logo, other = 1, 2
    chains = derived_from(
        [(logo, 70.0, 28.0), (logo, 17.2, 6.88), (logo, 35.0, 14.0), (logo, 30.0, 30.0), (other, 9.0, 9.0)]
    )
    assert chains[(logo, 35.0, 14.0)] == ((70.0, 28.0),)
    assert chains[(logo, 17.2, 6.88)] == ((70.0, 28.0), (35.0, 14.0))  # largest first, the nearest last
    assert (logo, 70.0, 28.0) not in chains and (logo, 30.0, 30.0) not in chains  # the largest; another shape
    assert (other, 9.0, 9.0) not in chains


@pytest.mark.parametrize("cmyk", [True, False])
def test_an_image_made_from_a_larger_one_matches_one_made_from_the_source(cmyk):
    """The same pixel size and mode, near the same pixels; for press, never over the ink limit
    (an average of converted pixels, where a sharper filter could overshoot it)."""
    from generator.colour import TOTAL_INK

    source = Image.new("RGBA", (1000, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(source)
    draw.rounded_rectangle((10, 10, 390, 390), 70, fill=(20, 20, 20, 255))  # rich dark on transparent
    draw.ellipse((450, 60, 730, 340), fill=(0, 94, 184, 255))
    buffer = io.BytesIO()
    source.save(buffer, "PNG")
    data = buffer.getvalue()
    ppi = (450, 472.5) if cmyk else (300, 450)
    direct = prepare(data, 17.2, 6.88, cmyk, ppi)
    derived = prepare(data, 17.2, 6.88, cmyk, ppi, ((70.0, 28.0),))
    assert derived.size == direct.size and derived.mode == direct.mode
    assert derived.size != prepare(data, 70.0, 28.0, cmyk, ppi).size  # it was scaled, not the large one as it is
    worst = max(abs(a - b) for a, b in zip(derived.resize((60, 24)).tobytes(), direct.resize((60, 24)).tobytes()))
    assert worst < 40, worst
    if cmyk:
        plates = derived.tobytes()
        most = max(sum(plates[i : i + 4]) for i in range(0, len(plates), 4)) / 255 * 100
        assert most <= TOTAL_INK + 0.5, most


def test_a_small_size_made_from_a_supplied_cmyk_logo_stays_within_the_ink_limit():
    """A CMYK logo's 400% black is brought down to 300% in the large image; averaging its plates
    for the small one rounds each plate apart and went over (300.4%): the whole edition failed."""
    from generator.colour import TOTAL_INK

    source = Image.new("CMYK", (1600, 500), (0, 0, 0, 0))
    ImageDraw.Draw(source).rectangle((0, 0, 702, 499), fill=(255, 255, 255, 255))  # registration black
    buffer = io.BytesIO()
    source.save(buffer, "JPEG", quality=75)  # this edge, so compressed, went to 767 of 765
    data = buffer.getvalue()
    ppi = (450, 472.5)
    large = prepare(data, 70.0, 21.875, True, ppi)
    small = prepare(data, 17.2, 5.375, True, ppi, ((70.0, 21.875),))
    assert small.width < large.width
    for image in (large, small):
        plates = image.tobytes()
        most = max(sum(plates[i : i + 4]) for i in range(0, len(plates), 4))
        assert most <= TOTAL_INK / 100 * 255, (image.size, most)
