"""The content you edit is the content you get; `principles init` makes a folder that works as it is."""

from __future__ import annotations

import os

import pdfplumber
from click.testing import CliRunner

from generator.cli import main


def test_init_then_edit_the_copied_title_and_see_it_in_the_pdf(tmp_path, monkeypatch):
    runner = CliRunner()
    old = os.umask(0o022)
    try:
        result = runner.invoke(main, ["init", str(tmp_path / "my-edition")])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "my-edition"
    assert (folder / "content" / "document.toml").stat().st_mode & 0o777 == 0o644  # editable, like any file
    document = folder / "content" / "document.toml"
    document.write_text(
        document.read_text().replace('title = "What matters to me?"', 'title = "What matters in Hull?"')
    )

    monkeypatch.chdir(folder)
    made = runner.invoke(main, ["poster", "--size", "a4", "-o", "p.pdf"])
    assert made.exit_code == 0, made.output
    assert made.output.splitlines()[0] == "content: content (the content folder in the working directory)"
    with pdfplumber.open(folder / "p.pdf") as pdf:
        text = pdf.pages[0].extract_text()
    assert "What matters in Hull?" in text and "What matters to me?" not in text

    branded = runner.invoke(main, ["build", "--brand", "brand.toml", "-o", "out"])  # the README's next line
    assert branded.exit_code == 0, branded.output
    batch = runner.invoke(main, ["batch", "organisations.csv", "-o", "editions", "--jobs", "1"])
    assert batch.exit_code == 0, batch.output
    assert "read organisations.csv: 2 organisations, values separated by commas" in batch.output
    assert "2 made, 0 up to date, 0 failed" in batch.output

    quiet = runner.invoke(main, ["-q", "poster", "--size", "a4", "-o", "q.pdf"])
    assert quiet.exit_code == 0 and quiet.output == ""


def test_content_option_wins_and_the_bundled_content_is_named(tmp_path, monkeypatch, content_copy):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").rename(tmp_path / "elsewhere")
    runner = CliRunner()
    bundled = runner.invoke(main, ["poster", "--size", "a4", "-o", "a.pdf"])
    assert bundled.output.startswith("content: ") and "(the bundled content: 'principles init DIR'" in bundled.output
    given = runner.invoke(main, ["poster", "--size", "a4", "-o", "b.pdf", "--content", "elsewhere"])
    assert given.output.splitlines()[0] == "content: elsewhere (from --content)"


def test_init_refuses_to_overwrite(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(tmp_path)]).exit_code == 0
    again = runner.invoke(main, ["init", str(tmp_path)])
    assert again.exit_code == 1 and "already exist: use --force to overwrite" in again.output
    assert runner.invoke(main, ["init", str(tmp_path), "--force"]).exit_code == 0


def test_brand_init_writes_a_logo_that_works(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["brand", "init", str(tmp_path / "my-trust" / "brand.toml")]).exit_code == 0
    result = runner.invoke(
        main, ["poster", "--brand", str(tmp_path / "my-trust" / "brand.toml"), "-o", str(tmp_path / "p.pdf")]
    )
    assert result.exit_code == 0, result.output
