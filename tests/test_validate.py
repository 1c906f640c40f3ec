"""`validate` refuses whatever `build` would refuse, all in one report; TOML mistakes get hints."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import main


def _edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _both(content_copy, tmp_path):
    runner = CliRunner()
    validated = runner.invoke(main, ["validate", "--content", str(content_copy)])
    built = runner.invoke(main, ["build", "--content", str(content_copy), "-o", str(tmp_path / "out")])
    return validated, built


@pytest.mark.parametrize("text", ["What matters 😀 to me?", "ما يهمني"])
def test_validate_refuses_text_no_font_can_draw_naming_file_and_key(content_copy, tmp_path, text):
    _edit(content_copy / "document.toml", 'title = "What matters to me?"', f'title = "{text}"')
    validated, built = _both(content_copy, tmp_path)
    assert validated.exit_code == 1 and built.exit_code == 1
    line = validated.output.strip().splitlines()[0]
    assert line.startswith(f"error: {content_copy / 'document.toml'}: document.title: no font has a glyph for ")
    assert not (tmp_path / "out").exists()


def test_validate_refuses_what_does_not_fit(content_copy, tmp_path):
    _edit(content_copy / "principles" / "3-learn-together.toml", 'title = "', 'title = "' + "Learn together " * 150)
    validated, built = _both(content_copy, tmp_path)
    assert validated.exit_code == 1 and built.exit_code == 1
    assert "3-learn-together.toml: poster: principle tiles (tallest: principle 3) does not fit" in validated.output
    assert (
        "(in poster-a2-press)" in validated.output
        and "worksheets: principle 3's title does not fit" in validated.output
    )


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("moments.toml", "short = ", "shrt = ", "moments[0].shrt: unknown key 'shrt': did you mean 'short'?"),
        ("principles/1-cultivate-enabling-relationships.toml", "moments = ", "moment = ", "did you mean 'moments'?"),
        ("document.toml", "year = 2019", 'year = 2019\ncolour = "red"', "document.colour: unknown key 'colour': "),
    ],
)
def test_misspelt_keys_are_refused_with_the_nearest_key(content_copy, tmp_path, file, old, new, message):
    _edit(content_copy / file, old, new)
    validated, built = _both(content_copy, tmp_path)
    assert validated.exit_code == 1 and built.exit_code == 1
    assert message in validated.output


def test_a_bom_is_accepted_in_content_and_brand_files(content_copy, tmp_path):
    for path in [content_copy / "document.toml", content_copy / "principles" / "3-learn-together.toml"]:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    (tmp_path / "brand.toml").write_bytes(b'\xef\xbb\xbfname = "Riverside Mind"\r\n')
    result = CliRunner().invoke(main, ["validate", "--content", str(content_copy)])
    assert result.exit_code == 0, result.output
    poster = CliRunner().invoke(
        main,
        [
            "poster",
            "--content",
            str(content_copy),
            "--brand",
            str(tmp_path / "brand.toml"),
            "-o",
            str(tmp_path / "p.pdf"),
        ],
    )
    assert poster.exit_code == 0, poster.output


@pytest.mark.parametrize(
    ("new", "hint"),
    [
        ("title = “What matters to me?”", 'text must be in straight double quotes ("...") not curly ones (“...”)'),
        ("title = What matters to me?", 'text must be in double quotes, key = "..."'),
        ('title = "What matters to me?', 'a quote is missing: text goes between two double quotes, key = "..."'),
    ],
)
def test_toml_mistakes_get_a_hint(content_copy, new, hint):
    _edit(content_copy / "document.toml", 'title = "What matters to me?"', new)
    result = CliRunner().invoke(main, ["validate", "--content", str(content_copy)])
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"error: {content_copy / 'document.toml'}: TOML syntax error: ") and line.endswith(hint)


def test_glyph_problems_come_in_the_same_report_as_other_content_problems(content_copy, tmp_path):
    _edit(content_copy / "moments.toml", 'label = "', 'label = "🙂 ')
    _edit(content_copy / "document.toml", "year = 2019", 'year = 2019\ncolour = "red"')
    result = CliRunner().invoke(main, ["validate", "--content", str(content_copy)])
    assert result.exit_code == 1
    assert f"error: {content_copy / 'document.toml'}: document.colour: unknown key 'colour'" in result.output
    assert f"error: {content_copy / 'moments.toml'}: moments[0].label: no font has a glyph for '🙂'" in result.output
