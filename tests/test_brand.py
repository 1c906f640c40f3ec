"""Local editions: brand file checks, where the brand appears, logos through Pillow, QR codes."""

from __future__ import annotations

from pathlib import Path

import pdfcheck
import pytest
from click.testing import CliRunner
from PIL import Image

from generator.brand import load_brand
from generator.cli import main
from generator.errors import ContentError

MM = pdfcheck.MM
URL = "https://www.riverside-mind.org.uk/what-matters"
NAME = "Riverside Community Mind"


def make_logo(path: Path, size=(1200, 480), mode="RGBA") -> Path:
    image = Image.new(mode, size, (0, 0, 0, 0) if mode == "RGBA" else (255, 255, 255))
    for i, colour in enumerate(((0, 94, 184), (230, 0, 126), (0, 150, 57))):
        image.paste(
            colour + ((255,) if mode == "RGBA" else ()), (i * size[0] // 3, 0, (i + 1) * size[0] // 3 - 20, size[1])
        )
    image.save(path)
    return path


@pytest.fixture()
def brand_file(tmp_path) -> Path:
    return write_brand_file(tmp_path)


def write_brand_file(folder: Path) -> Path:
    make_logo(folder / "logo.png")
    path = folder / "brand.toml"
    path.write_text(
        f'name = "{NAME}"\nlogo = "logo.png"\ncontact = ["01234 567890", "hello@riverside.org"]\n'
        f'url = "{URL}"\naccent = "#005EB8"\nedition = "Adapted by Riverside, 2026"\n'
    )
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_brand_init_writes_an_example_that_loads(tmp_path):
    path = tmp_path / "brand.toml"
    assert run("brand", "init", path).exit_code == 0
    make_logo(tmp_path / "logo.png")
    brand = load_brand(path)
    assert brand.name == "Riverside Community Mind" and brand.url.startswith("https://")
    assert run("brand", "init", path).exit_code == 1  # never overwrites without --force


@pytest.mark.parametrize(
    "line,message",
    [
        (
            'url = "ftp://example.org/x"',
            "url: 'ftp://example.org/x' is not a web address: expected http:// or https://",
        ),
        ('accent = "#FFDD00"', "accent: #FFDD00 with white text has a contrast of 1.35:1; WCAG AA needs 4.5:1"),
        ('accent = "blue"', "accent: 'blue' is not a colour: expected #rrggbb"),
        (
            'colour = "#000000"',
            "colour: unknown key 'colour': expected one of accent, contact, edition, logo, name, show_name, url",
        ),
    ],
)
def test_brand_values_are_checked(tmp_path, line, message):
    path = tmp_path / "brand.toml"
    path.write_text(f'name = "X"\n{line}\n')
    with pytest.raises(ContentError) as info:
        load_brand(path)
    assert info.value.lines()[0].startswith(f"{path}: {message}")


def test_name_is_required(tmp_path):
    path = tmp_path / "brand.toml"
    path.write_text('url = "https://example.org"\n')
    with pytest.raises(ContentError) as info:
        load_brand(path)
    assert info.value.lines() == [f"{path}: name: missing: expected some text"]


@pytest.fixture(scope="module")
def branded(tmp_path_factory):
    """The default set with the brand, built once for the tests that only read it."""
    folder = tmp_path_factory.mktemp("branded")
    out = folder / "out"
    result = run("build", "--brand", write_brand_file(folder), "-o", out)
    assert result.exit_code == 0, result.output
    return out


def placed_images(path: Path) -> list[tuple[float, float]]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [(round(i["width"] / MM, 1), round(i["height"] / MM, 1)) for p in pdf.pages for i in p.images]


def test_every_product_shows_name_address_and_logo(branded):
    expected_logo = {  # placed size (mm) of the 1200 x 480 logo in each product
        "poster-a2-press.pdf": (70.0, 28.0),
        "poster-a3-office.pdf": (49.5, 19.8),
        "poster-a4-office.pdf": (35.0, 14.0),
        "worksheets-a4-office.pdf": (60.0, 24.0),
    }
    for path in sorted(branded.glob("*.pdf")):
        text = pdfcheck.normalise(pdfcheck.text(path)).replace(" ", "")
        assert URL.split("://")[1] in text and URL not in text, path.name  # addresses print without https://
        if path.name.startswith("poster"):  # the logo carries the name
            assert NAME.replace(" ", "") not in text, path.name
        else:
            assert NAME.replace(" ", "") in text, path.name
        sizes = placed_images(path)
        assert sizes, path.name
        if path.name in expected_logo:
            assert expected_logo[path.name] in sizes, (path.name, sizes)
        for w, h in sizes:  # the logo keeps its 5:2 shape everywhere
            assert w / h == pytest.approx(2.5, rel=0.02)


def test_without_a_brand_there_is_no_empty_logo_box(default_set):
    import pdfplumber

    out, _ = default_set  # the session's one `principles build`, without a brand
    pdfs = list(out.glob("*.pdf"))
    assert len(pdfs) == 12
    for path in pdfs:
        assert placed_images(path) == [], path.name
    with pdfplumber.open(out / "poster-a4-office.pdf") as pdf:
        page = pdf.pages[0]
        footer = [r for r in page.rects if r["top"] > page.height * 0.9]
        assert footer and all(r["fill"] for r in footer)  # only the rule: no outlined placeholder


def decode_qr(path: Path, page: int, dpi: int = 300) -> list[str]:
    import pypdfium2 as pdfium
    import zxingcpp

    image = pdfium.PdfDocument(path)[page].render(scale=dpi / 72).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image)]


def test_qr_codes_decode_to_the_address(branded, content):
    # the poster's code is its call to action, the document's address, on every edition
    assert decode_qr(branded / "poster-a4-office.pdf", 0) == [content.document.link_url]
    assert URL in decode_qr(branded / "cards-a6-single-press.pdf", 0)


def test_qr_sizes_and_quiet_zone(branded, content):
    import pdfplumber

    with pdfplumber.open(branded / "poster-a4-office.pdf") as pdf:
        page = pdf.pages[0]
        squares = [
            r
            for r in page.rects
            if r["fill"]
            and abs(r["width"] - r["height"]) < 0.01
            and tuple(r["non_stroking_color"]) == (1, 1, 1)
            and r["width"] > 10 * MM
        ]
    (box,) = squares  # the quiet zone: a paper square around the symbol
    from generator.products.qr import QUIET_MODULES, qr_matrix

    n = len(qr_matrix(content.document.link_url))
    symbol = box["width"] * n / (n + 2 * QUIET_MODULES)
    assert symbol >= 15 * MM - 0.01


def test_id1_drops_the_qr_code_by_rule_but_keeps_the_address(tmp_path, brand_file):
    out = tmp_path / "id1.pdf"
    assert run("cards", "--format", "id1", "--brand", brand_file, "-o", out).exit_code == 0
    assert decode_qr(out, 0) == []
    assert URL.split("://")[1] in pdfcheck.normalise(pdfcheck.text(out))


@pytest.mark.parametrize(
    "make,message",
    [
        (
            lambda p: make_logo(p / "logo.png", (16, 16), "RGB"),
            "16 x 16 px: 29 ppi at 14 x 14 mm in p.pdf; print needs 300 ppi and at least 150",
        ),
        (lambda p: (p / "logo.png").write_text("not an image"), "not an image: expected a PNG, JPEG or TIFF file"),
        (
            lambda p: (p / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>"),
            "SVG logos are not supported: export a PNG at 300 ppi",
        ),
        (lambda p: Image.new("1", (20000, 20000)).save(p / "logo.png"), "20000 x 20000 pixels is too large"),
    ],
)
def test_bad_logos_give_one_line_and_exit_1(tmp_path, make, message):
    make(tmp_path)
    logo = "logo.svg" if (tmp_path / "logo.svg").exists() else "logo.png"
    brand = tmp_path / "brand.toml"
    brand.write_text(f'name = "X"\nlogo = "{logo}"\n')
    result = run("poster", "--size", "a4", "--target", "press", "--brand", brand, "-o", tmp_path / "p.pdf")
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert message in result.output
    assert not (tmp_path / "p.pdf").exists()


def test_low_res_logo_passes_with_allow_low_res_and_a_warning(tmp_path):
    make_logo(tmp_path / "logo.png", (16, 16), "RGB")
    brand = tmp_path / "brand.toml"
    brand.write_text('name = "X"\nlogo = "logo.png"\n')
    result = CliRunner().invoke(
        main,
        [
            "poster",
            "--target",
            "press",
            "--size",
            "a4",
            "--brand",
            str(brand),
            "--allow-low-res",
            "-o",
            str(tmp_path / "p.pdf"),
        ],
    )
    assert result.exit_code == 0
    assert "warning: " in result.output and "print needs 300 ppi" in result.output


def test_a_build_says_once_what_press_does_to_a_logo(tmp_path, brand_file):
    """One note for the logo, naming every press file it is changed in, with one process or two."""
    for jobs in ("1", "2"):
        result = CliRunner().invoke(
            main, ["build", "--brand", str(brand_file), "--jobs", jobs, "-o", str(tmp_path / jobs)]
        )
        assert result.exit_code == 0, result.output
        notes = [line for line in result.output.splitlines() if line.startswith("note: in ")]
        press = ", ".join(sorted(p.name for p in (tmp_path / jobs).glob("*-press.pdf")))
        assert len(notes) == 1 and press.count(",") >= 1, result.output
        assert all(name in notes[0] for name in press.split(", ")), notes


def test_transparent_logo_in_press_is_flattened_to_cmyk(tmp_path, brand_file):
    from pypdf import PdfReader

    from generator.check.preflight import PASS, check_pdf

    out = tmp_path / "p.pdf"
    assert run("poster", "--size", "a4", "--target", "press", "--brand", brand_file, "-o", out).exit_code == 0
    noted = CliRunner().invoke(
        main, ["poster", "--size", "a4", "--target", "press", "--brand", str(brand_file), "-o", str(out)]
    )
    assert "note: " in noted.output and "transparency is flattened onto white paper" in noted.output
    images = list(image_xobjects(PdfReader(out).pages[0]["/Resources"]))
    assert images and all(i["/ColorSpace"] == "/DeviceCMYK" and "/SMask" not in i for i in images)
    assert check_pdf(out, "press").status == PASS
    office = tmp_path / "o.pdf"
    assert run("poster", "--size", "a4", "--brand", brand_file, "-o", office).exit_code == 0
    office_images = list(image_xobjects(PdfReader(office).pages[0]["/Resources"]))
    assert any("/SMask" in i for i in office_images)  # on screen and office paper the alpha is kept


def image_xobjects(resources):
    """Every image XObject, inside forms too."""
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject["/Subtype"] == "/Image":
            yield xobject
        elif "/Resources" in xobject:
            yield from image_xobjects(xobject["/Resources"])


def test_exif_orientation_is_respected(tmp_path):
    from generator.brand import load_logo

    image = Image.new("RGB", (400, 100), (0, 94, 184))
    exif = image.getexif()
    exif[0x0112] = 6  # rotate 90 degrees when shown
    image.save(tmp_path / "logo.jpg", exif=exif)
    logo = load_logo(tmp_path / "logo.jpg", "brand.toml")
    assert (logo.width, logo.height) == (100, 400)


@pytest.mark.parametrize("fmt", ["a6", "a7", "id1"])
@pytest.mark.parametrize("layout", ["single", "sheet"])
def test_the_brand_never_overlaps_a_cards_text(tmp_path, fmt, layout):
    """Measured on the plans with the brand filled in: no line of the brand crosses a line of the card."""
    from generator.brand import load_brand
    from generator.build import compose
    from generator.content.load import load_content
    from generator.fonts import Fonts
    from generator.plan import Image
    from generator.products.branding import fill_brand
    from generator.products.cards import cards_job
    from generator.settings import Settings
    from generator.targets import Target

    brand = load_brand(write_brand_file(tmp_path))
    content = load_content(Path(__file__).resolve().parent.parent / "content")
    fonts = Fonts.shared()
    fonts.prepare_fallback(content.all_text() + brand.texts())
    job = cards_job(fmt, Target.OFFICE, tmp_path / "c.pdf", layout=layout)
    plan = fill_brand(compose(job, content, fonts, Settings(), brand), brand, fonts)

    def boxes(items):
        for item in items:
            for line in getattr(item, "lines", ()):
                size = max(r.size for r in line.runs) * 25.4 / 72
                yield (line.x, line.baseline - 0.75 * size, line.x + line.width, line.baseline + 0.2 * size)
            if isinstance(item, Image):  # the logo too
                r = item.rect
                yield (r.x, r.y, r.right, r.bottom)

    checked = logos = 0
    for page in plan.pages:
        ours, theirs = list(boxes(page.items)), list(boxes(page.brand))
        for a in theirs:
            for b in ours:
                checked += 1
                assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (fmt, layout, page.label)
        names = [i for i in page.brand if getattr(i, "lines", ()) and NAME in i.text]
        for logo in (i for i in page.brand if isinstance(i, Image)):
            r = logo.rect
            beside = [n for n in names if 0 <= n.box.x - r.right < 3 and n.box.y < r.bottom and r.y < n.box.bottom]
            if beside:  # a back's foot: the logo at least two lines of the name tall, so its own lettering reads
                logos += 1
                text, pitch = beside[0].box, beside[0].lines[0].runs[0].size * 1.2 * 25.4 / 72
                assert r.h >= 2 * pitch, (fmt, layout, r.h, pitch)
                assert abs((r.y + r.bottom) / 2 - (text.y + text.bottom) / 2) < 0.01  # the text centred on it
    assert checked > 0 and logos > 0


def test_the_brand_never_overlaps_any_products_text(tmp_path):
    """Every job of the default set, branded: no line of the brand crosses a line of the product."""
    from generator.brand import load_brand
    from generator.build import compose
    from generator.content.load import load_content
    from generator.fonts import Fonts
    from generator.products.branding import fill_brand
    from generator.products.registry import default_build
    from generator.settings import Settings

    brand = load_brand(write_brand_file(tmp_path))
    content = load_content(Path(__file__).resolve().parent.parent / "content")
    fonts = Fonts.shared()
    fonts.prepare_fallback(content.all_text() + brand.texts())

    def boxes(items):
        for item in items:
            for line in getattr(item, "lines", ()):
                size = max(r.size for r in line.runs) * 25.4 / 72
                yield (line.x, line.baseline - 0.75 * size, line.x + line.width, line.baseline + 0.2 * size)

    clashes, checked = [], 0
    for job in default_build(tmp_path):
        plan = fill_brand(compose(job, content, fonts, Settings(), brand), brand, fonts)
        for page in plan.pages:
            ours, theirs = list(boxes(page.items)), list(boxes(page.brand))
            checked += len(ours) * len(theirs)
            clashes += [
                (job.path.name, page.label)
                for a in theirs
                for b in ours
                if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
            ]
    assert checked > 0 and clashes == []


def test_a_web_address_on_two_lines_still_fits_every_poster(tmp_path):
    """A real address ("https://www.stmarysriverside.example/what-matters") takes two lines of the
    poster's brand space beside a logo; with two contact lines and an edition that is the space's
    five lines: the brand's lines close up and shrink together rather than refuse the poster (a
    newcomer's trial). Where the brand truly needs more, the message counts what fills the space."""
    from generator.brand import load_brand
    from generator.content.load import load_content
    from generator.errors import FitError
    from generator.fonts import Fonts
    from generator.geometry import PageSpec, Target, sheet_size
    from generator.products.branding import fill_brand
    from generator.products.poster import SIZES, compose_poster

    make_logo(tmp_path / "logo.png")
    text = (
        'name = "St Mary\'s & Riverside Mind"\nlogo = "logo.png"\n'
        'contact = ["01234 567890", "hello@stmarysriverside.example"]\n'
        'url = "https://www.stmarysriverside.example/what-matters"\nedition = "EDITION"\n'
    )
    content = load_content(Path(__file__).resolve().parent.parent / "content")
    fonts = Fonts.shared()

    def poster(edition: str, size: str):
        (tmp_path / "brand.toml").write_text(text.replace("EDITION", edition), encoding="utf-8")
        brand = load_brand(tmp_path / "brand.toml")
        fonts.prepare_fallback(content.all_text() + brand.texts())
        spec = PageSpec.make(*sheet_size(size), Target.OFFICE)
        return fill_brand(compose_poster(content, fonts, spec, brand), brand, fonts)

    for size in SIZES:
        shown = " ".join(line.text for item in poster("Adapted 2026", size).pages[0].texts() for line in item.lines)
        assert "what-matters" in shown and "Adapted 2026" in shown, size
    text = (  # no logo, so the name is set too, and every line long
        'name = "St Mary\'s and Riverside Community Mind, serving the towns and villages of the whole valley"\n'
        'contact = ["01234 567890 (Monday to Friday, nine in the morning until five)", "hello@example.org"]\n'
        'url = "https://www.stmarysriverside-community-mind.example/services/what-matters/for-all-the-valley"\n'
        'edition = "EDITION"\n'
    )
    with pytest.raises(FitError) as info:
        poster("Adapted by St Mary's & Riverside Mind for all of our community services across the county", "a4")
    message = str(info.value)
    assert "poster: brand edition does not fit (the brand space holds 5 lines and the brand needs 7: " in message
    assert "name 2, contact 1, contact 1, web address 2, edition 1; a name or web address short enough" in message, (
        message
    )
