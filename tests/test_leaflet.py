"""The patient information leaflet read back from its PDFs: pages, order, type sizes, imposition, wording."""

from __future__ import annotations

import re
from pathlib import Path

import pdfcheck
import pytest
from test_content import seed_text

from generator.build import build
from generator.errors import SettingsError
from generator.geometry import MARK_ROOM, Target
from generator.products.leaflet import default_layout, leaflet_job
from generator.settings import Settings

MM = pdfcheck.MM
A5 = (148, 210)
BRAND = (
    'name = "Riverside Community Mind"\ncontact = ["01234 567890", "hello@riverside.example.org"]\n'
    'url = "https://riverside.example.org/wm"\nedition = "Adapted by Riverside, 2026"\n'
)


@pytest.fixture(scope="module")
def make_leaflet(tmp_path_factory):
    folder = tmp_path_factory.mktemp("leaflets")
    brand_file = folder / "brand.toml"
    brand_file.write_text(BRAND, encoding="utf-8")
    cache: dict = {}

    def make(target="press", layout=None, large_print=False, brand=False, content_dir=None) -> Path:
        key = (target, layout, large_print, brand, str(content_dir))
        if key not in cache:
            path = folder / f"leaflet-{len(cache)}.pdf"
            kwargs: dict = {"content_dir": content_dir} if content_dir else {}
            if brand:
                kwargs["brand_path"] = brand_file
            job = leaflet_job(Target(target), path, layout=layout, large_print=large_print)
            build([job], Settings(**kwargs))
            cache[key] = path
        return cache[key]

    return make


def sizes(path: Path) -> list[list[float]]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [[c["size"] for c in page.chars if c["text"].strip()] for page in pdf.pages]


def test_press_is_four_a5_pages_with_bleed_and_marks(make_leaflet):
    from pypdf import PdfReader

    path = make_leaflet("press")
    assert len(PdfReader(path).pages) == 4
    w, h = A5
    o = 3 + MARK_ROOM
    for page in range(4):
        b = pdfcheck.boxes(path, page)
        assert b["trimbox"] == pytest.approx([o * MM, o * MM, (o + w) * MM, (o + h) * MM], abs=0.01 * MM)
        assert b["bleedbox"] == pytest.approx(
            [(o - 3) * MM, (o - 3) * MM, (o + w + 3) * MM, (o + h + 3) * MM], abs=0.01 * MM
        )
        assert b["mediabox"] == pytest.approx([0, 0, (w + 2 * o) * MM, (h + 2 * o) * MM], abs=0.01 * MM)
        marks = _marks(path, page, o)
        assert len(marks) == 8, page  # two at each corner, outside the bleed
    assert all(embedded for _, embedded in pdfcheck.fonts(path))
    assert not pdfcheck.content_operators(path) & {"rg", "RG"}


def _marks(path: Path, page: int, offset: float) -> list[dict]:
    """Lines wholly outside the bleed box: crop marks."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        p = pdf.pages[page]
        bleed = (offset - 3) * MM
        w, h = float(p.width), float(p.height)
        return [
            ln
            for ln in p.lines
            if min(ln["x1"], ln["bottom"]) <= bleed + 0.01
            or ln["x0"] >= w - bleed - 0.01
            or ln["top"] >= h - bleed - 0.01
        ]


def test_pages_hold_their_parts_in_order(make_leaflet, content):
    texts = pdfcheck.page_texts(make_leaflet("press"))
    doc = content.document
    assert texts[0].startswith(doc.title) and doc.lived_experience in texts[0]
    assert all(pdfcheck.printed(p.title) in texts[0] for p in content.principles)  # the visual of the five principles
    spread = texts[1] + " " + texts[2]
    position = -1
    for p in content.principles:
        quote = next(pdfcheck.printed(q) for q in p.quotes if f"“{pdfcheck.printed(q)}”" in spread)  # one, in quotes
        for part in (pdfcheck.printed(p.title), pdfcheck.printed(p.summary), f"“{quote}”"):
            found = spread.find(part, position + 1)
            assert found > position, (p.number, part[:30])
            position = found
        assert sum(pdfcheck.printed(q) in spread for q in p.quotes) == 1
    use = next(u for u in content.uses if u.id == "patient-information")
    back = texts[3]
    assert f"“{use.quote}”" in back and use.quote_by in back
    assert content.attribution in back and doc.link_label in back
    assert content.labels("leaflet_local") not in back  # no brand, no box for it


@pytest.mark.parametrize("target,layout", [("press", None), ("office", None), ("screen", "pages")])
def test_smallest_text_is_12pt(make_leaflet, target, layout):
    for page in sizes(make_leaflet(target, layout)):
        assert min(page) >= 12 - 1e-6


def test_large_print_is_16pt_on_a4_in_fours(make_leaflet):
    from pypdf import PdfReader

    path = make_leaflet("office", large_print=True)
    pages = PdfReader(path).pages
    assert len(pages) % 4 == 0
    assert [float(v) for v in pages[0].mediabox] == pytest.approx([0, 0, 210 * MM, 297 * MM], abs=0.01)
    for page in sizes(path):
        assert min(page) >= 16 - 1e-6


def test_large_print_rounds_up_with_notes_pages(make_leaflet, content, content_copy):
    """Longer summaries need more pages: the count still comes out a multiple of four, back page last."""
    for p in content.principles:
        f = next((content_copy / "principles").glob(f"{p.number}-*.toml"))
        text = f.read_text(encoding="utf-8")
        f.write_text(text.replace(f'summary = "{p.summary}"', f'summary = "{p.summary} {p.summary} {p.summary}"'))
    path = make_leaflet("office", large_print=True, content_dir=content_copy)
    texts = pdfcheck.page_texts(path)
    assert len(texts) == 8
    notes = [i for i, t in enumerate(texts) if t == content.labels("leaflet_notes")]
    assert notes and notes == list(range(notes[0], 7))  # ruled pages just before the back page
    assert content.attribution in texts[-1]
    for page in sizes(path):
        assert not page or min(page) >= 16 - 1e-6


def test_office_imposed_sheets_fold_to_the_right_order(make_leaflet, content):
    from pypdf import PdfReader

    path = make_leaflet("office")
    assert default_layout(Target.OFFICE.profile, False) == "imposed"
    reader = PdfReader(path)
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert [float(v) for v in page.mediabox] == pytest.approx([0, 0, 297 * MM, 210 * MM], abs=0.01)
    half = 297 / 2 * MM
    sides = []
    for sheet in range(2):
        chars = pdfcheck.chars(path, sheet)
        left = pdfcheck.normalise(pdfcheck.chars_in(chars, (0, 0, half, 210 * MM)))
        right = pdfcheck.normalise(pdfcheck.chars_in(chars, (half, 0, 297 * MM, 210 * MM)))
        assert left and right
        assert all(c["x1"] <= half or c["x0"] >= half for c in chars)  # nothing crosses the fold
        sides.append((left.replace(" ", ""), right.replace(" ", "")))
    squash = lambda s: s.replace(" ", "")  # noqa: E731 - pdfplumber's characters carry no spaces
    use = next(u for u in content.uses if u.id == "patient-information")
    (four, one), (two, three) = sides
    assert squash(use.quote_by) in four and squash(content.attribution) in four  # page 4 on the left
    assert one.startswith(squash(content.document.title))  # page 1 on the right
    assert squash(content.labels("leaflet_principles")) in two and squash(content.principle(1).title) in two
    assert squash(content.principle(5).title) in three and squash(content.principle(5).title) not in two


def test_office_imposed_keeps_5mm_from_the_paper_edge(make_leaflet):
    import pdfplumber

    path = make_leaflet("office", brand=True)
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            w, h = float(page.width), float(page.height)
            objects = page.chars + page.rects + page.curves + page.lines + page.images
            for o in objects:
                clear = min(o["x0"], o["top"], w - o["x1"], h - o["bottom"])
                assert clear >= 5 * MM - 0.05, (o.get("text") or o.get("object_type"), clear / MM)


def test_fold_marks_sit_on_the_fold_outside_the_text(make_leaflet):
    import pdfplumber

    path = make_leaflet("office")
    half = 297 / 2 * MM
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            marks = [ln for ln in page.lines if abs(ln["x0"] - half) < 0.01 and abs(ln["x1"] - half) < 0.01]
            assert len(marks) == 2
            text_top = min(c["top"] for c in page.chars)
            text_bottom = max(c["bottom"] for c in page.chars)
            assert marks[0]["bottom"] < text_top and marks[1]["top"] > text_bottom


@pytest.mark.parametrize("target,layout", [("press", None), ("office", None)])
def test_branded_editions_put_the_organisation_on_page_4_only(make_leaflet, target, layout):
    path = make_leaflet(target, layout, brand=True)
    if target == "press":
        texts = pdfcheck.page_texts(path)
        where = [i for i, t in enumerate(texts) if "Riverside Community Mind" in t]
        assert where == [3]
        assert "01234 567890" in texts[3] and "riverside.example.org/wm" in texts[3]
    else:
        half = 297 / 2 * MM
        for sheet in range(2):
            chars = pdfcheck.chars(path, sheet)
            left = pdfcheck.chars_in(chars, (0, 0, half, 210 * MM))
            right = pdfcheck.chars_in(chars, (half, 0, 297 * MM, 210 * MM))
            assert ("RiversideCommunityMind" in left.replace(" ", "")) == (sheet == 0)
            assert "Riverside" not in right
    for page in sizes(path):
        assert min(page) >= 12 - 1e-6


def corpus(content) -> tuple[str, list[str]]:
    """The seed's text with whitespace folded, and every label the leaflet may print, filled in."""
    seed = pdfcheck.normalise(pdfcheck.printed(seed_text()))  # quotes as the products print them
    labels = content.labels
    filled = [content.attribution, labels("read_full", link=content.document.link_label)]
    filled += [labels(k) for k in ("leaflet_principles", "leaflet_quote_by", "leaflet_local", "leaflet_notes")]
    return seed, filled


def test_every_line_is_the_source_word_for_word_or_a_label(make_leaflet, content):
    from pypdf import PdfReader

    seed, labels = corpus(content)
    for layout_target in (("press", None), ("office", None)):
        for page in PdfReader(make_leaflet(*layout_target)).pages:
            for line in (page.extract_text() or "").splitlines():
                line = pdfcheck.normalise(line)
                if line and not re.fullmatch(r"[1-5]", line):
                    assert line in seed or any(line in label for label in labels), line


def test_every_block_is_a_whole_passage_of_the_source_or_a_label(content, fonts):
    """On the page plans: each text block (a sentence or more) is in the source or is a label."""
    from generator.build import compose
    from generator.plan import TextItem

    seed, labels = corpus(content)
    job = leaflet_job(Target.PRESS, Path("x.pdf"))
    plan = compose(job, content, fonts, Settings())
    blocks = [i.text for page in plan.pages for i in page.items if isinstance(i, TextItem)]
    assert len(blocks) > 25
    for block in blocks:
        block = pdfcheck.normalise(block)
        assert block in seed or block in labels or re.fullmatch(r"[1-5]", block), block


def test_layout_choices():
    assert leaflet_job(Target.PRESS, None).option("layout") == "pages"
    assert leaflet_job(Target.OFFICE, None).option("layout") == "imposed"
    assert leaflet_job(Target.OFFICE, None, large_print=True).option("layout") == "pages"
    with pytest.raises(SettingsError, match="the imposed layout is for desktop printers"):
        leaflet_job(Target.PRESS, None, layout="imposed")
    with pytest.raises(SettingsError, match="large print is set on A4 pages"):
        leaflet_job(Target.OFFICE, None, layout="imposed", large_print=True)


def test_cli_leaflet_command(tmp_path):
    from click.testing import CliRunner

    from generator.cli import main

    out = tmp_path / "l.pdf"
    result = CliRunner().invoke(main, ["leaflet", "--target", "press", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "(4 pages, " in result.output
    result = CliRunner().invoke(main, ["leaflet", "--target", "press", "--layout", "imposed", "-o", str(out)])
    assert result.exit_code == 1 and result.output.startswith("error: the imposed layout is for desktop printers")


@pytest.mark.parametrize(("number", "times"), [(2, 5), (4, 3)])
def test_principles_too_long_for_the_spread_name_the_file(content, content_copy, tmp_path, number, times):
    """The file named is the one made longer, not the principle that lands on a third page (a
    newcomer lengthened principle 3 and was told to shorten principle 5)."""
    from click.testing import CliRunner

    from generator.cli import main

    p = content.principle(number)
    f = next((content_copy / "principles").glob(f"{number}-*.toml"))
    f.write_text(f.read_text(encoding="utf-8").replace(f'summary = "{p.summary}"', f'summary = "{p.summary * times}"'))
    out = tmp_path / "l.pdf"
    result = CliRunner().invoke(main, ["leaflet", "--target", "press", "--content", str(content_copy), "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert result.output.startswith("error: leaflet (l.pdf): the principles on pages 2 and 3 do not fit (")
    assert f"the leaflet has 2; principle {number}'s is the longest); shorten the text in " in result.output
    assert result.output.rstrip().endswith(f"{f.name}") and result.output.count("\n") == 1


def test_screen_outline_follows_the_headings(make_leaflet, content):
    from pypdf import PdfReader

    outline = PdfReader(make_leaflet("screen", "pages")).outline
    assert outline[0].title == content.document.title
    assert outline[1][0].title == content.labels("leaflet_principles")
    assert [b.title for b in outline[1][1]] == [f"{p.number}. {p.title}" for p in content.principles]
