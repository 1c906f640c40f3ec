"""Pocket cards read back from their PDFs: which prompts go where, duplex alignment, safe area, sizes."""

from __future__ import annotations

import re
from pathlib import Path

import pdfcheck
import pytest

from generator.build import build
from generator.geometry import MARK_ROOM, Target
from generator.products.cards import cards_job
from generator.settings import Settings
from generator.theme import INK, PRINCIPLE_COLOURS

COLOURS = [INK.rgb, *(c.rgb for c in PRINCIPLE_COLOURS.values())]  # the cards' fields, bands and rules
KEY_CARD = {"a6": False, "a7": False, "id1": True}  # formats whose set has a key card (with "Always")

MM = pdfcheck.MM
CARD = {"a6": (105, 148), "a7": (74, 105), "id1": (85.6, 53.98)}
SHEET = {"a4": (210, 297), "letter": (215.9, 279.4)}


@pytest.fixture(scope="module")
def make_cards(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cards")
    cache: dict = {}

    def make(fmt="a6", target="office", layout="single", sheet="a4", content_dir=None, **kw) -> Path:
        key = (fmt, target, layout, sheet, str(content_dir), tuple(sorted(kw.items())))
        if key not in cache:
            path = folder / f"cards-{len(cache)}.pdf"
            settings = Settings(content_dir=content_dir) if content_dir else Settings()
            build([cards_job(fmt, Target(target), path, layout=layout, sheet=sheet, **kw)], settings)
            cache[key] = path
        return cache[key]

    return make


def cards_by_moment(path: Path, content) -> dict[str, list[tuple[str, str]]]:
    """(front text, back text) of each card in a single-layout PDF, grouped by moment id."""
    texts = pdfcheck.page_texts(path)
    out: dict[str, list] = {}
    for front, back in zip(texts[::2], texts[1::2]):
        if content.labels("card_key") in front:  # the key card
            out.setdefault("key", []).append((front, back))
            continue
        moment = next(m for m in content.moments if m.label in front)
        assert back.startswith(moment.short), back[:40]  # a card found face down is still identifiable
        out.setdefault(moment.id, []).append((front, back))
    return out


@pytest.mark.parametrize("fmt", ["a6", "a7", "id1"])
def test_each_moment_has_its_prompts_and_only_its_prompts(make_cards, content, fmt):
    cards = cards_by_moment(make_cards(fmt), content)
    key = cards.pop("key", [])
    assert sorted(cards) == sorted(m.id for m in content.moments if m.id != "always")
    always = [pr for _, pr in content.practices_for("always")]
    if KEY_CARD[fmt]:  # "Always" is stated once, on the key card's back, and on no moment's card
        assert len(key) == 1 and all(pr.prompt in key[0][1] for pr in always)
        for faces in cards.values():
            assert not any(pr.prompt in back for _, back in faces for pr in always)
        always = []
    for moment_id, faces in cards.items():
        backs = " ".join(back for _, back in faces)
        mine = [pr for _, pr in content.practices_for(moment_id)]
        for pr in mine + always:
            assert pr.prompt in backs, (moment_id, pr.id)
        others = [
            pr
            for p in content.principles
            for pr in p.practices
            if moment_id not in pr.moments and "always" not in pr.moments
        ]
        for pr in others:
            assert pr.prompt not in backs, (moment_id, pr.id)
        for _, back in faces:  # the "always" strip is on every card, continuation or not, once
            assert always or KEY_CARD[fmt]
            assert all(back.count(pr.prompt) == 1 for pr in always)
        count = len(faces)
        for i, (front, back) in enumerate(faces, start=1):
            label = f"{i} of {count}"
            assert (label in front and label in back) if count > 1 else ("1 of" not in front + back)


def test_practice_with_two_moments_is_on_both_cards(make_cards, content):
    cards = cards_by_moment(make_cards("a6"), content)
    prompt = next(pr.prompt for p in content.principles for pr in p.practices if pr.id == "complex-needs")
    assert prompt in cards["appointments"][0][1]
    assert prompt in cards["designing-services"][0][1]


def test_id1_continues_long_moments(make_cards, content):
    cards = cards_by_moment(make_cards("id1"), content)
    assert len(cards["shared-decisions"]) >= 2


def test_front_shows_the_principles_on_the_card(make_cards, content):
    cards = cards_by_moment(make_cards("a6"), content)
    front, _ = cards["designing-services"][0]
    assert "What matters to me?" in front and "When designing services" in front
    key = " ".join(front.split("Principles on this card")[1].split())
    assert key == "1 Relationships 4 Risks"  # principle 4's practice and principle 1's "always" practice


def test_moment_subset_and_full_text(make_cards, content):
    path = make_cards("a6", moments=("shared-plans",), full_text=True)
    cards = cards_by_moment(path, content)
    assert list(cards) == ["shared-plans"]
    backs = " ".join(b for _, b in cards["shared-plans"])
    for _, pr in content.practices_for("shared-plans"):
        assert pdfcheck.printed(pr.text) in backs


@pytest.mark.parametrize("fmt", ["a6", "id1"])
@pytest.mark.parametrize("sheet", ["a4", "letter"])
def test_backs_are_behind_their_fronts_on_sheets(make_cards, content, fmt, sheet):
    path = make_cards(fmt, layout="sheet", sheet=sheet)
    sheet_w = SHEET[sheet][0] * MM
    pages = len(pdfcheck.page_texts(path))
    checked = 0
    for front_page in range(0, pages, 2):
        # a front's colour band and a back's header rule (or a key card's band) span the card's safe width
        wide = lambda page: [f for c in COLOURS for f in pdfcheck.filled(path, page, c) if f["x1"] - f["x0"] > 30 * MM]  # noqa: E731
        fronts, backs = wide(front_page), wide(front_page + 1)
        front_chars = pdfcheck.chars(path, front_page)
        back_chars = pdfcheck.chars(path, front_page + 1)
        assert len(fronts) == len(backs) > 0
        for f in fronts:
            # the front panel and the back's "always" strip both span the card's safe width
            mirror = [
                b
                for b in backs
                if abs(b["x0"] - (sheet_w - f["x1"])) <= 0.1 * MM
                and abs(b["x1"] - (sheet_w - f["x0"])) <= 0.1 * MM
                and f["top"] - 1 <= b["top"] <= f["bottom"] + 1
            ]
            assert len(mirror) == 1
            b = mirror[0]
            front_text = pdfcheck.chars_in(front_chars, (f["x0"], f["top"], f["x1"], f["bottom"])).replace(" ", "")
            if content.labels("card_key").replace(" ", "") in front_text:
                continue  # a key card (an empty slot's, or the set's own)
            card_top = f["top"] - 6 * MM
            back_text = pdfcheck.chars_in(back_chars, (b["x0"], card_top, b["x1"], b["bottom"])).replace(" ", "")
            moment = next(m for m in content.moments if m.label.replace(" ", "") in front_text)
            assert back_text.startswith(moment.short.replace(" ", "")), (front_text[:30], back_text[:30])
            for part in ("1of", "2of", "3of", "4of"):
                assert (part in front_text) == (part in back_text)
            checked += 1
    assert checked >= 5 if fmt == "a6" else checked >= 7


@pytest.mark.parametrize("fmt", ["a6", "a7", "id1"])
@pytest.mark.parametrize("target", ["press", "office"])
def test_text_inside_card_safe_area_and_never_under_7pt(make_cards, fmt, target):
    w, h = CARD[fmt]
    o = (3 + MARK_ROOM) if target == "press" else 0
    path = make_cards(fmt, target)
    pages = len(pdfcheck.page_texts(path))
    punch = (w / 2 - 8, 0, w / 2 + 8, 7.5) if fmt == "id1" else None
    for page in range(pages):
        for c in pdfcheck.chars(path, page):
            x0, x1 = c["x0"] / MM - o, c["x1"] / MM - o
            top, bottom = c["top"] / MM - o, c["bottom"] / MM - o
            assert x0 >= 3 - 0.01 and x1 <= w - 3 + 0.01 and top >= 3 - 0.01 and bottom <= h - 3 + 0.01, c
            assert c["size"] >= 7 - 1e-6
            if punch and c["text"].strip():
                clear = x1 <= punch[0] or x0 >= punch[2] or top >= punch[3]
                assert clear, (page, c["text"])


def test_a6_body_is_9_5pt(make_cards):
    from collections import Counter

    sizes = Counter(round(c["size"], 1) for c in pdfcheck.chars(make_cards("a6"), 1))
    assert sizes.most_common(1)[0][0] == 9.5


def set_prompts(root: Path, content, moment_id: str, length: int) -> None:
    """Give every practice of one moment a prompt of about `length` characters."""
    words = "Listen to people and agree with them what matters most in their care and support today"
    for path in (root / "principles").glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        for i, (_, pr) in enumerate(content.practices_for(moment_id)):
            prompt = f"{i} {words}"[:length].rstrip() + "."
            text = text.replace(f'prompt = "{pr.prompt}"', f'prompt = "{prompt}"')
        path.write_text(text, encoding="utf-8")


def test_longer_prompts_continue_on_another_card_instead_of_shrinking(make_cards, content, tmp_path):
    import shutil

    from generator.content.load import default_content_dir

    counts = {}
    for length in (30, 89):
        root = tmp_path / f"content-{length}"
        shutil.copytree(default_content_dir(), root)
        set_prompts(root, content, "shared-decisions", length)
        path = make_cards("a7", content_dir=root)
        cards = cards_by_moment(path, content)
        counts[length] = len(cards["shared-decisions"])
        assert len(cards["first-meeting"]) == 1
        sizes = [c["size"] for page in range(len(pdfcheck.page_texts(path))) for c in pdfcheck.chars(path, page)]
        assert min(sizes) >= 7
    assert counts[30] == 1 and counts[89] == 2


@pytest.mark.parametrize("fmt", ["a6", "id1"])
def test_single_press_boxes_and_fonts(make_cards, fmt):
    w, h = CARD[fmt]
    path = make_cards(fmt, "press")
    boxes = pdfcheck.boxes(path)
    o = 3 + MARK_ROOM
    assert boxes["trimbox"] == pytest.approx([o * MM, o * MM, (o + w) * MM, (o + h) * MM], abs=0.01 * MM)
    assert boxes["bleedbox"] == pytest.approx(
        [(o - 3) * MM, (o - 3) * MM, (o + w + 3) * MM, (o + h + 3) * MM], abs=0.01 * MM
    )
    found = pdfcheck.fonts(path)
    assert found and all(embedded for _, embedded in found)
    ops = pdfcheck.content_operators(path)
    assert not ops & {"rg", "RG"}


def test_id1_press_has_a_rounded_die_line_in_a_spot_colour(make_cards):
    from pypdf import PdfReader

    page = PdfReader(make_cards("id1", "press")).pages[0]
    spaces = page["/Resources"]["/ColorSpace"]
    names = [str(cs.get_object()[1]) for cs in spaces.values()]
    assert "/CutContour" in names
    nopunch = PdfReader(make_cards("id1", "press", punch=False)).pages[0]
    curves = lambda p: len(re.findall(rb"(?<![A-Za-z])c(?![A-Za-z])", p.get_contents().get_data()))  # noqa: E731
    assert curves(nopunch) == curves(page) - 4  # the slot's four rounded corners are gone


def test_sheet_layout_refuses_press():
    from generator.errors import SettingsError

    with pytest.raises(SettingsError, match="the sheet layout is for office printers"):
        cards_job("a6", Target.PRESS, None, layout="sheet")
