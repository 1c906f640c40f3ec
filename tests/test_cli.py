"""The command line as a user meets it: messages, exit codes, no half-written files, same bytes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfcheck
import pytest
from click.testing import CliRunner
from conftest import working_tree_env

from generator import __version__
from generator.cli import main
from generator.layout.text import typographic


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def principle_file(root: Path, n: int) -> Path:
    return next((root / "principles").glob(f"{n}-*.toml"))


def test_version_and_help():
    assert run("--version").output.strip() == f"principles, version {__version__}"
    for command in (
        "validate",
        "poster",
        "cards",
        "worksheets",
        "leaflet",
        "discussion-cards",
        "build",
        "check",
        "preview",
        "batch",
        "brand",
    ):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "Example" in result.output  # "Example:" or "Examples:"


def test_validate_summary():
    result = run("validate")
    assert result.exit_code == 0
    assert "5 principles, 25 practices, 12 quotes, 6 care moments, 4 uses" in result.output
    assert "When making shared decisions       11" in result.output


@pytest.mark.parametrize(
    "breakage,expected",
    [
        (("number = 3", "number = = 3"), "TOML syntax error: "),
        (('moments = ["always"]', 'moments = ["sometimes"]'), "unknown moment 'sometimes'"),
    ],
)
def test_bad_content_exits_1_and_writes_nothing(content_copy, tmp_path, breakage, expected):
    target = principle_file(content_copy, 3 if "number" in breakage[0] else 1)
    edit(target, *breakage)
    out = tmp_path / "out"
    result = run("build", "--content", str(content_copy), "-o", str(out))
    assert result.exit_code == 1
    assert str(target) in result.output and expected in result.output
    if "syntax" in expected:
        assert "(at line 3, column" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() or list(out.iterdir()) == []
    assert run("validate", "--content", str(content_copy)).exit_code == 1


def test_missing_principle_exits_1(content_copy, tmp_path):
    principle_file(content_copy, 2).unlink()
    out = tmp_path / "poster.pdf"
    result = run("poster", "--content", str(content_copy), "-o", str(out))
    assert result.exit_code == 1
    assert result.output == (
        f"error: {content_copy / 'principles'}: number: missing principle 2: "
        "expected exactly one file for each of principles 1 to 5\n"
    )
    assert not out.exists()


def test_failed_run_leaves_existing_file_alone_and_no_temporary_files(content_copy, tmp_path):
    out = tmp_path / "poster.pdf"
    out.write_bytes(b"previous")
    edit(principle_file(content_copy, 1), "number = 1", "number = [")
    assert run("poster", "--content", str(content_copy), "-o", str(out)).exit_code == 1
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir() if p.name != "content"] == ["poster.pdf"]


def test_markup_characters_print_as_themselves(content_copy, tmp_path):
    tricky = 'Fish & <b>chips</b> "quoted"'
    edit(
        principle_file(content_copy, 5),
        'title = "Collaborate across services and agencies"',
        'title = "Fish & <b>chips</b> \\"quoted\\""',
    )
    edit(
        principle_file(content_copy, 5),
        'text = "Set out plans',
        f'text = "{tricky.replace(chr(34), chr(92) + chr(34))} Set out plans',
    )
    out = tmp_path / "poster.pdf"
    result = run("poster", "--content", str(content_copy), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert typographic(tricky) in pdfcheck.normalise(pdfcheck.text(out))  # as itself, quotes typographic
    assert "&amp;" not in pdfcheck.text(out)


def test_same_command_twice_gives_the_same_bytes(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert run("poster", "--size", "A3", "--target", "press", "-o", str(a)).exit_code == 0
    assert run("poster", "--size", "a3", "--target", "PRESS", "-o", str(b)).exit_code == 0
    assert a.read_bytes() == b.read_bytes()


def test_usage_errors_exit_2():
    result = run("poster", "--size", "b4")
    assert result.exit_code == 2
    assert "'b4' is not one of" in result.output
    assert run("poster", "--bleed", "-1").exit_code == 2


def test_debug_shows_the_traceback(content_copy):
    principle_file(content_copy, 2).unlink()
    quiet = run("validate", "--content", str(content_copy))
    assert quiet.exit_code == 1 and quiet.exception.__class__ is SystemExit
    loud = run("--debug", "validate", "--content", str(content_copy))
    assert loud.exit_code == 1 and loud.exception.__class__.__name__ == "ContentError"


def test_build_writes_the_default_set(default_set, tmp_path):
    folder, output = default_set  # the session's one `principles build -o FOLDER`
    names = sorted(p.name for p in folder.iterdir() if p.suffix == ".pdf")
    assert (folder / "manifest.json").is_file()
    assert names == [
        "cards-a6-sheet-a4-office.pdf",
        "cards-a6-single-press.pdf",
        "cards-id1-sheet-a4-office.pdf",
        "discussion-cards-a6-sheet-office.pdf",
        "leaflet-a5-imposed-office.pdf",
        "leaflet-a5-pages-press.pdf",
        "leaflet-a5-pages-screen.pdf",
        "poster-a2-press.pdf",
        "poster-a3-office.pdf",
        "poster-a4-office.pdf",
        "worksheets-a4-office.pdf",
        "worksheets-a4-screen-fillable.pdf",
    ]
    lines = output.strip().splitlines()
    assert lines[0].startswith("content: ")  # which content folder the run used
    lines = lines[1:]
    assert len(lines) == 13 and all(line.endswith(" KB)") for line in lines[:12])
    assert lines[12] == f"wrote {folder / 'manifest.json'}"
    assert "cards-a6-single-press.pdf  (10 pages, " in output
    assert run("-q", "build", "-o", str(tmp_path)).output == ""


def test_welsh_text_uses_the_fallback_font(content_copy, tmp_path):
    edit(
        principle_file(content_copy, 1),
        'title = "Cultivate enabling relationships"',
        'title = "Meithrin perthnasoedd sy’n galluogi: gŵyl, tŷ"',
    )
    out = tmp_path / "poster.pdf"
    result = run("poster", "--content", str(content_copy), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "gŵyl, tŷ" in pdfcheck.normalise(pdfcheck.text(out))
    fonts = pdfcheck.fonts(out)
    assert any("NotoSans-Bold" in name for name, _ in fonts)
    assert fonts and all(embedded for _, embedded in fonts)


def test_character_without_a_glyph_names_it_and_the_file(content_copy, tmp_path):
    edit(principle_file(content_copy, 4), 'summary = "Explore', 'summary = "☕ Explore')
    result = run("poster", "--content", str(content_copy), "-o", str(tmp_path / "p.pdf"))
    assert result.exit_code == 1
    assert result.output == (
        f"error: {principle_file(content_copy, 4)}: no font has a glyph for "
        "'☕' (U+2615): neither Atkinson Hyperlegible nor Noto Sans can draw it; "
        "replace or remove it\n"
    )


def imported_modules(*argv: str) -> set[str]:
    code = (
        "import sys\nfrom generator.cli import main\n"
        f"try:\n    main({list(argv)!r})\nexcept SystemExit:\n    pass\n"
        "print('\\n'.join(sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=working_tree_env()
    )
    return set(out.stdout.split())


def test_lean_start_up(tmp_path):
    modules = imported_modules("--help")  # validate measures text with the fonts now: it needs ReportLab's metrics
    assert not any(m.startswith("reportlab") for m in modules)
    poster = imported_modules("-q", "poster", "-o", str(tmp_path / "p.pdf"))
    assert "reportlab.pdfgen.canvas" in poster
    assert not any(m.startswith("reportlab.platypus") for m in poster)


def test_text_too_long_for_the_poster_names_product_element_and_file(content_copy, tmp_path):
    path = principle_file(content_copy, 2)
    text = path.read_text(encoding="utf-8")
    summary = text.split('summary = "')[1].split('"')[0]
    path.write_text(text.replace(summary, " ".join([summary] * 5)), encoding="utf-8")
    out = tmp_path / "p.pdf"
    result = run("poster", "--size", "letter", "--content", str(content_copy), "-o", str(out))
    assert result.exit_code == 1
    assert result.output.startswith(
        "error: poster (p.pdf): principle tiles (tallest: principle 2) does not fit (needs "
    )
    assert result.output.endswith(f"more height at the smallest text size); shorten the text in {path}\n")
    assert not out.exists()


def test_bleed_for_a_target_without_bleed_is_noted(tmp_path):
    """--bleed is a press setting: asked for with office output, the run says it was not used."""
    office = CliRunner().invoke(main, ["poster", "--size", "a4", "--bleed", "5", "-o", str(tmp_path / "o.pdf")])
    assert office.exit_code == 0
    assert "note: --bleed applies to press output; office files have no bleed (add --target press)" in office.output
    press = ["poster", "--size", "a4", "--bleed", "5", "--target", "press", "-o", str(tmp_path / "p.pdf")]
    assert "--bleed applies" not in CliRunner().invoke(main, press).output
    default = CliRunner().invoke(main, ["poster", "--size", "a4", "-o", str(tmp_path / "d.pdf")])
    assert "--bleed applies" not in default.output


@pytest.mark.parametrize("name", ["poster.png", "poster", "poster.pdf.txt"])
def test_a_pdf_is_never_written_under_a_name_that_says_otherwise(tmp_path, name):
    result = CliRunner().invoke(main, ["poster", "-o", str(tmp_path / name)])
    assert result.exit_code == 2 and "give it a name ending in .pdf" in result.output
    assert ("principles preview" in result.output) == name.endswith(".png")
    assert not any(tmp_path.iterdir())
    assert CliRunner().invoke(main, ["-q", "poster", "-o", str(tmp_path / "Poster.PDF")]).exit_code == 0


@pytest.mark.parametrize(("typed", "meant"), [("posters", "poster"), ("chek", "check"), ("worksheet", "worksheets")])
def test_a_mistyped_command_suggests_the_nearest(typed, meant):
    result = CliRunner().invoke(main, [typed])
    assert result.exit_code == 2
    assert f"Error: No such command '{typed}'. Did you mean '{meant}'?" in result.output


def test_an_unknown_command_far_from_any_gets_no_suggestion():
    result = CliRunner().invoke(main, ["zzz"])
    assert result.exit_code == 2 and "No such command 'zzz'." in result.output and "Did you mean" not in result.output
