"""Colours pass WCAG AA and stay within ink limits; fonts embed and fall back, never show blanks."""

from __future__ import annotations

import pytest

from generator.errors import GlyphError
from generator.theme import PRINCIPLE_COLOURS, TEXT_PAIRS, contrast_ratio


@pytest.mark.parametrize("text,background", TEXT_PAIRS, ids=lambda c: c.name)
def test_every_text_pair_passes_wcag_aa(text, background):
    assert contrast_ratio(text, background) >= 4.5


def test_cmyk_within_300_percent_total_ink():
    colours = {c for pair in TEXT_PAIRS for c in pair} | set(PRINCIPLE_COLOURS.values())
    assert len(colours) >= 5
    for c in colours:
        assert len(c.cmyk) == 4 and all(0 <= v <= 1 for v in c.cmyk), c
        assert c.total_ink <= 300, c


def test_five_distinct_principle_colours():
    assert sorted(PRINCIPLE_COLOURS) == [1, 2, 3, 4, 5]
    assert len({c.hex for c in PRINCIPLE_COLOURS.values()}) == 5


@pytest.mark.parametrize(
    "foreground,background,ratio",
    [  # published WCAG 2 reference values (WebAIM's contrast checker), to two decimals
        ("#000000", "#FFFFFF", 21.0),
        ("#767676", "#FFFFFF", 4.54),  # the lightest grey that passes AA on white
        ("#777777", "#FFFFFF", 4.48),  # one step lighter: fails
        ("#0000FF", "#FFFFFF", 8.59),
        ("#FF0000", "#FFFFFF", 4.00),
        ("#008000", "#FFFFFF", 5.14),
        ("#FFFF00", "#000000", 19.56),
        ("#FFFFFF", "#FFFFFF", 1.0),
    ],
)
def test_contrast_ratio_reference_values(foreground, background, ratio):
    from generator.theme import Colour

    a, b = Colour("a", foreground, (0, 0, 0, 0)), Colour("b", background, (0, 0, 0, 0))
    assert contrast_ratio(a, b) == pytest.approx(ratio, abs=0.005)
    assert contrast_ratio(b, a) == pytest.approx(ratio, abs=0.005)  # the order does not matter


def test_four_real_styles_registered(fonts):
    from reportlab.pdfbase import pdfmetrics

    names = [fonts.names[s] for s in ("regular", "bold", "italic", "bolditalic")]
    assert len(set(names)) == 4
    files = {pdfmetrics.getFont(n).face.filename for n in names}
    assert len(files) == 4  # a real file for each, not a synthesised style


def test_welsh_characters_use_the_fallback(fonts):
    from generator.fonts import Fonts

    f = Fonts()
    f.prepare_fallback([("x.toml", "Croeso i'r gŵyl, ŷ ẁ ẃ ẅ ỳ Ŵ")])
    runs = f.runs("gŵyl", "bold")
    assert [t for _, t in runs] == ["g", "ŵ", "yl"]
    assert runs[0][0] == f.names["bold"] and runs[1][0].startswith("NotoSans-Bold")
    assert f.width("gŵyl", "regular", 12) > f.width("gyl", "regular", 12)
    assert f.width("ŵ", "bold", 12) > f.width("ŵ", "regular", 12)  # a real bold, not the regular face


def test_character_no_font_has_is_an_error_naming_it_and_the_file():
    from generator.fonts import Fonts

    f = Fonts()
    with pytest.raises(GlyphError) as info:
        f.prepare_fallback([("principles/2-x.toml", "Tea ☕ and 漢")])
    assert str(info.value) == (
        "principles/2-x.toml: no font has a glyph for '☕' (U+2615), '漢' (U+6F22): neither "
        "Atkinson Hyperlegible nor Noto Sans can draw them; replace or remove them"
    )
