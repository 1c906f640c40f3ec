"""Discussion cards read back from their PDFs: six cards, every quote once, backs behind fronts, sizes, wording."""

from __future__ import annotations

import re
from pathlib import Path

import pdfcheck
import pytest
from test_leaflet import corpus

from generator.build import build
from generator.errors import SettingsError
from generator.geometry import MARK_ROOM, Target
from generator.products.discussion import discussion_job
from generator.settings import Settings
from generator.theme import principle_colour

MM = pdfcheck.MM
CARD = {"a6": (105, 148), "a5": (148, 210)}
SHEET = {"a6": (210, 297), "a5": (297, 210)}  # A4 portrait (long-edge flip), A4 landscape (short-edge flip)


@pytest.fixture(scope="module")
def make_cards(tmp_path_factory):
    folder = tmp_path_factory.mktemp("discussion")
    brand_file = folder / "brand.toml"
    brand_file.write_text('name = "Riverside Community Mind"\nurl = "https://riverside.example.org/wm"\n')
    cache: dict = {}

    def make(fmt="a6", target="office", layout="single", brand=False) -> Path:
        key = (fmt, target, layout, brand)
        if key not in cache:
            path = folder / f"discussion-{len(cache)}.pdf"
            settings = Settings(brand_path=brand_file) if brand else Settings()
            build([discussion_job(fmt, Target(target), path, layout=layout)], settings)
            cache[key] = path
        return cache[key]

    return make


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.mark.parametrize("fmt", ["a6", "a5"])
def test_six_cards_and_every_quote_once_on_the_backs(make_cards, content, fmt):
    texts = pdfcheck.page_texts(make_cards(fmt))
    assert len(texts) == 12  # six cards, front and back
    fronts, backs = texts[::2], texts[1::2]
    training = next(u for u in content.uses if u.id == "training")
    assert training.text in fronts[0] and training.title in fronts[0]
    for p, front in zip(content.principles, fronts[1:]):
        assert pdfcheck.printed(p.title) in front and pdfcheck.printed(p.summary) in front
        assert content.labels("discussion_principle", number=p.number) in front
    everything = " ".join(backs)
    quotes = [q for p in content.principles for q in p.quotes]
    assert len(quotes) == 12
    for q in quotes:
        assert everything.count(f"“{pdfcheck.printed(q)}”") == 1, q[:40]
    for p, back in zip(content.principles, backs[1:]):
        assert all(pdfcheck.printed(q) in back for q in p.quotes)  # each principle's quotes on its own card
        assert back.startswith(f"{p.number} {p.title}")  # a card face down is still identifiable
        assert content.labels("discussion_quotes") in back


def test_fronts_read_across_a_table(make_cards):
    import pdfplumber

    for fmt, smallest_summary, smallest in (("a6", 14, 9), ("a5", 20, 12)):
        with pdfplumber.open(make_cards(fmt)) as pdf:
            for i, page in enumerate(pdf.pages):
                sizes = [c["size"] for c in page.chars if c["text"].strip()]
                assert min(sizes) >= smallest - 1e-6
                if i % 2 == 0:  # a front: its body (the commonest size) is large
                    body = max(set(sizes), key=sizes.count)
                    assert body >= smallest_summary, (fmt, i, body)


def test_each_principle_front_shows_its_number_on_its_colour(make_cards, content):
    path = make_cards("a6")
    for i, p in enumerate(content.principles, start=1):
        page = 2 * i
        bands = pdfcheck.filled(path, page, principle_colour(p.number).rgb)
        assert bands, p.number
        band = max(bands, key=lambda b: b["x1"] - b["x0"])
        on_band = pdfcheck.chars_in(pdfcheck.chars(path, page), (band["x0"], band["top"], band["x1"], band["bottom"]))
        assert on_band.replace(" ", "").startswith(f"{p.number}Principle{p.number}")


@pytest.mark.parametrize("fmt", ["a6", "a5"])
def test_backs_are_behind_their_fronts_on_sheets(make_cards, content, fmt):
    """A6: four to an A4 sheet, long-edge flip; A5: two to an A4 landscape sheet, short-edge flip.
    Either way the flip mirrors left and right, so each back sits in the mirrored slot."""
    path = make_cards(fmt, layout="sheet")
    w, h = CARD[fmt]
    sheet_w, sheet_h = SHEET[fmt]
    cols, rows = int(sheet_w // w), int(sheet_h // h)
    x0, y0 = (sheet_w - cols * w) / 2, (sheet_h - rows * h) / 2
    pages = len(pdfcheck.page_texts(path))
    assert pages == 2 * -(-6 // (cols * rows))
    titles = {p.number: p for p in content.principles}
    training = next(u for u in content.uses if u.id == "training")
    seen = []
    for sheet in range(0, pages, 2):
        front_chars, back_chars = pdfcheck.chars(path, sheet), pdfcheck.chars(path, sheet + 1)
        for r in range(rows):
            for c in range(cols):
                box = ((x0 + c * w) * MM, (y0 + r * h) * MM, (x0 + (c + 1) * w) * MM, (y0 + (r + 1) * h) * MM)
                mirror = (sheet_w * MM - box[2], box[1], sheet_w * MM - box[0], box[3])
                front = squash(pdfcheck.chars_in(front_chars, box))
                back = squash(pdfcheck.chars_in(back_chars, mirror))
                if not front:
                    assert not back
                    continue
                number = re.match(r"(\d)Principle\d", front)
                if number:
                    p = titles[int(number.group(1))]
                    assert back.startswith(squash(f"{p.number}{p.title}")), (front[:30], back[:30])
                    seen.append(p.number)
                else:
                    assert squash(training.title) in front
                    assert squash(content.document.statement) in back and squash(training.quote) in back
                    seen.append(0)
    assert seen == [0, 1, 2, 3, 4, 5]


@pytest.mark.parametrize("fmt", ["a6", "a5"])
def test_sheets_keep_clear_of_the_paper_edge(make_cards, fmt):
    import pdfplumber

    with pdfplumber.open(make_cards(fmt, layout="sheet", brand=True)) as pdf:
        for page in pdf.pages:
            w, h = float(page.width), float(page.height)
            for o in page.chars + page.rects + page.curves:
                clear = min(o["x0"], o["top"], w - o["x1"], h - o["bottom"])
                assert clear >= 5 * MM - 0.05, (o.get("text"), clear / MM)


@pytest.mark.parametrize("fmt", ["a6", "a5"])
def test_single_press_cards_have_bleed_marks_and_a_safe_area(make_cards, fmt):
    path = make_cards(fmt, "press")
    w, h = CARD[fmt]
    o = 3 + MARK_ROOM
    boxes = pdfcheck.boxes(path)
    assert boxes["trimbox"] == pytest.approx([o * MM, o * MM, (o + w) * MM, (o + h) * MM], abs=0.01 * MM)
    assert not pdfcheck.content_operators(path) & {"rg", "RG"}
    for page in range(12):
        for c in pdfcheck.chars(path, page):
            x0, x1, top, bottom = (c["x0"] / MM - o, c["x1"] / MM - o, c["top"] / MM - o, c["bottom"] / MM - o)
            assert min(x0, top, w - x1, h - bottom) >= 4 - 0.01, c["text"]


def test_brand_goes_on_the_training_card_only(make_cards):
    texts = pdfcheck.page_texts(make_cards("a6", "press", brand=True))
    assert [i for i, t in enumerate(texts) if "Riverside Community Mind" in t] == [1]


def test_every_line_is_the_source_word_for_word_or_a_label(make_cards, content):
    from pypdf import PdfReader

    seed, labels = corpus(content)
    labels += [content.labels("discussion_quotes")]
    labels += [content.labels("discussion_principle", number=n) for n in range(1, 6)]
    for fmt, layout in (("a6", "sheet"), ("a5", "single")):
        for page in PdfReader(make_cards(fmt, layout=layout)).pages:
            for line in (page.extract_text() or "").splitlines():
                line = pdfcheck.normalise(line)
                if line and not re.fullmatch(r"[1-5]", line):
                    assert line in seed or any(line in label for label in labels), line


def test_sheet_layout_refuses_press():
    with pytest.raises(SettingsError, match="the sheet layout is for office printers"):
        discussion_job("a6", Target.PRESS, None, layout="sheet")


def test_every_block_is_a_whole_passage_of_the_source_or_a_label(content, fonts):
    from pathlib import Path

    from generator.build import compose
    from generator.plan import TextItem

    seed, labels = corpus(content)
    labels += [content.labels("discussion_quotes")]
    labels += [content.labels("discussion_principle", number=n) for n in range(1, 6)]
    plan = compose(discussion_job("a5", Target.PRESS, Path("x.pdf")), content, fonts, Settings())
    blocks = [pdfcheck.normalise(i.text) for page in plan.pages for i in page.items if isinstance(i, TextItem)]
    assert len(blocks) > 40
    for block in blocks:
        assert block in seed or block in labels or re.fullmatch(r"[1-5]", block), block
