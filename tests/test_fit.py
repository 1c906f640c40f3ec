"""Text fitting: any text either fits its box or raises FitError; it never overflows."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import FitError
from generator.layout.text import Where, block_height, fit_text, typographic, wrap
from generator.theme import TextStyle
from generator.units import Rect, mm_to_pt

WHERE = Where("poster", "test block", "content/test.toml")
STYLE = TextStyle("regular", 12, 1.25)


@pytest.fixture(scope="module")
def fonts():
    """Fonts ready for Welsh too, so the fuzzed text may use the fallback font."""
    from generator.fonts import Fonts

    f = Fonts()
    f.prepare_fallback([("test", "ŵ")])
    return f


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz&<>\"'’ŵ.,", min_size=1, max_size=18)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.lists(words, min_size=1, max_size=60).map(" ".join),
    width=st.floats(10, 200),
    height=st.floats(3, 120),
    min_scale=st.sampled_from([1.0, 0.85, 0.7]),
)
def test_any_text_fits_or_raises(fonts, text, width, height, min_scale):
    box = Rect(10, 20, width, height)
    try:
        item = fit_text(fonts, text, STYLE, box, WHERE, min_scale=min_scale)
    except FitError as exc:
        assert "poster: test block does not fit" in str(exc)
        assert "content/test.toml" in str(exc)
        return
    size = item.lines[0].runs[0].size
    assert size >= STYLE.size * min_scale - 1e-9
    assert item.box.h <= height + 1e-6
    for line in item.lines:
        assert line.x >= box.x - 1e-9
        assert line.x + line.width <= box.right + 1e-6
        assert box.y <= line.baseline <= box.bottom
    assert typographic(" ".join(text.split())) == item.text  # nothing lost, nothing added (quotes print curly)


def test_shrinks_before_failing(fonts):
    text = "word " * 40
    lines = wrap(fonts, text, STYLE, 60)
    h = block_height(STYLE, len(lines))
    item = fit_text(fonts, text, STYLE, Rect(0, 0, 60, h * 0.9), WHERE, min_scale=0.8)
    assert item.lines[0].runs[0].size < 12
    with pytest.raises(FitError) as info:
        fit_text(fonts, text, STYLE, Rect(0, 0, 60, h * 0.5), WHERE, min_scale=0.8)
    assert str(info.value).startswith("poster: test block does not fit (needs ")
    assert str(info.value).endswith("at 9.6 pt, the smallest allowed); shorten the text in content/test.toml")


def test_markup_characters_are_plain_text(fonts):
    text = 'Fish & <b>chips</b> "quoted"'
    item = fit_text(fonts, text, STYLE, Rect(0, 0, 150, 20), WHERE)
    assert item.text == "Fish & <b>chips</b> “quoted”"  # as itself, with typographic quotes


def test_typographic_quotes_and_apostrophes():
    assert typographic("Don't treat them \"like gods\" ('really')") == "Don’t treat them “like gods” (‘really’)"
    assert typographic("people’s “own” words") == "people’s “own” words"  # already typographic: unchanged


def test_no_one_word_last_line_where_a_re_break_avoids_it(fonts):
    text = "Support people to develop knowledge, skills and confidence to take an active role in their care."
    for width in range(40, 140, 3):
        greedy = wrap(fonts, text, STYLE, width)
        assert greedy is not None
        if len(greedy) > 1:
            assert " " in greedy[-1], (width, greedy)


def test_addresses_break_after_slash_or_dot_never_at_a_hyphen(fonts):
    lines = wrap(fonts, "www.riverside-mind.org.uk/what-matters", STYLE, 45, address=True)
    assert lines is not None and len(lines) > 1
    assert all(line.endswith(("/", ".")) for line in lines[:-1]), lines


def test_wrap_respects_width(fonts):
    lines = wrap(fonts, "a " * 200, STYLE, 50)
    assert lines and all(fonts.width(line, "regular", 12) <= mm_to_pt(50) + 1e-6 for line in lines)
    assert wrap(fonts, "x" * 400, STYLE, 50) is None  # one word wider than the box
