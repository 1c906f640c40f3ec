"""Page specs: media, trim and bleed boxes, safe area and crop marks for each target."""

from __future__ import annotations

import pytest

from generator.errors import SettingsError
from generator.geometry import MARK_LENGTH, SHEETS, PageSpec, Target, sheet_size


def test_sheet_table():
    assert SHEETS["a4"] == (210, 297)
    assert SHEETS["a0"] == (841, 1189)
    assert SHEETS["id1"] == (53.98, 85.6)
    assert sheet_size("A5", landscape=True) == (210, 148)
    for name in ("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "letter", "legal", "tabloid"):
        assert name in SHEETS
    with pytest.raises(SettingsError, match="unknown sheet size 'b5'"):
        sheet_size("b5")


def test_press_spec_has_bleed_and_marks_outside_it():
    spec = PageSpec.make(210, 297, Target.PRESS, bleed=3)
    assert spec.bleed == 3 and spec.marks
    assert spec.media_w == pytest.approx(210 + 2 * (3 + 6))
    marks = spec.crop_marks()
    assert len(marks) == 8
    for x1, y1, x2, y2 in marks:
        length = abs(x2 - x1) + abs(y2 - y1)
        assert length == pytest.approx(MARK_LENGTH)
        for x, y in ((x1, y1), (x2, y2)):
            # every point of every mark lies outside the bleed box (touching its edge at most)
            outside = x <= -3 + 1e-9 or x >= 213 - 1e-9 or y <= -3 + 1e-9 or y >= 300 - 1e-9
            assert outside
            assert -9 - 1e-9 <= x <= 219 + 1e-9 and -9 - 1e-9 <= y <= 306 + 1e-9  # on the media


@pytest.mark.parametrize("target", [Target.OFFICE, Target.SCREEN])
def test_office_and_screen_have_no_bleed_or_marks(target):
    spec = PageSpec.make(210, 297, target, bleed=3, safe_margin=3)
    assert spec.bleed == 0 and not spec.marks and spec.crop_marks() == []
    assert (spec.media_w, spec.media_h) == (210, 297)
    expected = 5 if target is Target.OFFICE else 3  # office: printers cannot print the last 5 mm
    assert spec.safe.x == expected


def test_bleed_is_configurable_and_checked():
    assert PageSpec.make(100, 100, Target.PRESS, bleed=5).bleed_rect.x == -5
    with pytest.raises(SettingsError):
        PageSpec.make(100, 100, Target.PRESS, bleed=-1)
