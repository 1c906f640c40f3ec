"""Files like any other: options get their own names, manifests agree with the files, -q is quiet."""

from __future__ import annotations

import hashlib
import json

from click.testing import CliRunner
from PIL import Image

from generator.cli import main


def _agrees(folder) -> bool:
    manifest = json.loads((folder / "manifest.json").read_text())
    return all(hashlib.sha256((folder / f["file"]).read_bytes()).hexdigest() == f["sha256"] for f in manifest["files"])


def test_options_get_their_own_names_and_the_manifest_stays_true(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["-q", "build"]).exit_code == 0
    out = tmp_path / "output"
    before = {p.name: p.read_bytes() for p in out.glob("*.pdf")}
    bleed = runner.invoke(main, ["poster", "--size", "a2", "--target", "press", "--bleed", "5"])
    assert bleed.exit_code == 0, bleed.output
    assert (out / "poster-a2-press-bleed5.pdf").is_file()
    cards = runner.invoke(main, ["cards", "--moment", "shared-decisions", "--full-text"])
    assert cards.exit_code == 0, cards.output
    assert (out / "cards-a6-single-office-shared-decisions-full-text.pdf").is_file()
    assert {p.name: p.read_bytes() for p in out.glob("*.pdf") if p.name in before} == before
    assert _agrees(out)

    Image.new("RGB", (1200, 480), (0, 94, 184)).save(tmp_path / "logo.png")
    (tmp_path / "brand.toml").write_text('name = "Riverside Mind"\nlogo = "logo.png"\n')
    branded = runner.invoke(main, ["poster", "--size", "a3", "--brand", "brand.toml"])  # same name, other file
    assert branded.exit_code == 0, branded.output
    assert (out / "poster-a3-office.pdf").read_bytes() != before["poster-a3-office.pdf"]
    assert _agrees(out)


def test_press_bleed_under_3mm_is_refused_at_the_option(tmp_path):
    result = CliRunner().invoke(main, ["poster", "--target", "press", "--bleed", "2", "-o", str(tmp_path / "p.pdf")])
    assert result.exit_code == 2
    assert "Invalid value for '--bleed': 2 mm is too little: a print shop needs at least 3 mm of bleed" in result.output
    assert not (tmp_path / "p.pdf").exists()


def test_quiet_prints_errors_only(tmp_path):
    Image.new("RGBA", (1200, 480), (0, 94, 184, 128)).save(tmp_path / "logo.png")
    (tmp_path / "brand.toml").write_text('name = "Riverside Mind"\nlogo = "logo.png"\n')
    args = ["poster", "--target", "press", "--size", "a4", "--brand", str(tmp_path / "brand.toml")]
    loud = CliRunner().invoke(main, [*args, "-o", str(tmp_path / "a.pdf")])
    assert "note: " in loud.output  # the transparency note
    quiet = CliRunner().invoke(main, ["-q", *args, "-o", str(tmp_path / "b.pdf")])
    assert quiet.exit_code == 0 and quiet.output == ""
