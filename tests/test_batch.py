"""`principles batch`: folders per organisation, bad rows skipped, nothing remade twice."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from generator.batch import read_rows, slugify
from generator.cli import main


def write_csv(folder: Path) -> Path:
    Image.new("RGB", (1200, 480), (0, 94, 184)).save(folder / "logo.png")
    path = folder / "orgs.csv"
    path.write_text(
        "name,logo,contact,url,accent,edition\n"
        "Riverside Community Mind,logo.png,01234 567890 | hello@riverside.org,https://riverside.example.org,#005EB8,\n"
        "Leeds Back Pain Service,missing.png,,,,\n"
        "../../etc,logo.png,,,,\n"
        "Mind in Hull,,,https://hull.example.org,,\n"
        "Mind in Hull,logo.png,,,,\n",
        encoding="utf-8",
    )
    return path


def test_slugs_are_safe_and_unique(tmp_path):
    assert slugify("../../etc") == "etc"
    assert slugify("Mind in Brighton & Hove") == "mind-in-brighton-hove"
    assert slugify("Côte d’Ivoire / Wales") == "cote-divoire-wales"
    assert slugify("///") == "organisation"
    rows = read_rows(write_csv(tmp_path))
    assert [r.slug for r in rows] == [
        "riverside-community-mind",
        "leeds-back-pain-service",
        "etc",
        "mind-in-hull",
        "mind-in-hull-2",
    ]


def test_batch_makes_good_rows_reports_bad_ones_and_skips_unchanged(tmp_path):
    csv_path = write_csv(tmp_path)
    out = tmp_path / "editions"
    args = ["batch", str(csv_path), "-o", str(out), "--products", "poster,cards", "--jobs", "2"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 1
    folders = sorted(p.name for p in out.iterdir())
    assert folders == ["etc", "mind-in-hull", "mind-in-hull-2", "riverside-community-mind"]  # nothing half-made
    for folder in out.iterdir():
        assert folder.resolve().parent == out.resolve()
        manifest = json.loads((folder / "manifest.json").read_text())
        assert {f["product"] for f in manifest["files"]} == {"poster", "cards"}
        assert all((folder / f["file"]).is_file() for f in manifest["files"])
    assert "leeds-back-pain-service   failed      logo: " in first.output
    assert "missing.png: file not found" in first.output
    assert "4 made, 0 up to date, 1 failed" in first.output
    assert not (tmp_path.parent / "etc").exists()

    second = CliRunner().invoke(main, args)
    assert second.exit_code == 1
    assert "nothing made: all 4 editions were up to date (1 row failed)" in second.output

    changed = csv_path.read_text().replace("#005EB8", "#003087")
    csv_path.write_text(changed)
    third = CliRunner().invoke(main, args)
    assert "1 made, 3 up to date, 1 failed" in third.output
    forced = CliRunner().invoke(main, [*args, "--force"])
    assert "4 made, 0 up to date, 1 failed" in forced.output


def test_bad_header_stops_the_batch(tmp_path):
    path = tmp_path / "orgs.csv"
    path.write_text("organisation,logo\nX,\n")
    result = CliRunner().invoke(main, ["batch", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "the header row must name the columns, 'name' first" in result.output


def test_batch_editions_print_exactly_like_single_builds(tmp_path):
    """A batch lays the brand over shared templates; the pages must look as a plain build's do."""
    import pypdfium2 as pdfium
    from PIL import ImageChops

    from generator.check.preflight import PASS, check_pdf

    Image.new("RGBA", (1200, 480), (0, 94, 184, 255)).save(tmp_path / "logo.png")
    (tmp_path / "orgs.csv").write_text(
        "name,logo,contact,url,accent,edition\n"
        "Riverside Community Mind,logo.png,01234 567890 | hello@riverside.org,https://riverside.example.org/wm,"
        '#005EB8,"Adapted by Riverside, 2026"\n',
        encoding="utf-8",
    )
    (tmp_path / "brand.toml").write_text(
        'name = "Riverside Community Mind"\nlogo = "logo.png"\ncontact = ["01234 567890", "hello@riverside.org"]\n'
        'url = "https://riverside.example.org/wm"\naccent = "#005EB8"\nedition = "Adapted by Riverside, 2026"\n'
    )
    runner = CliRunner()
    assert (
        runner.invoke(main, ["batch", str(tmp_path / "orgs.csv"), "-o", str(tmp_path / "b"), "--jobs", "1"]).exit_code
        == 0
    )
    assert (
        runner.invoke(main, ["build", "--brand", str(tmp_path / "brand.toml"), "-o", str(tmp_path / "s")]).exit_code
        == 0
    )
    merged_dir = tmp_path / "b" / "riverside-community-mind"
    names = sorted(p.name for p in (tmp_path / "s").glob("*.pdf"))
    assert names == sorted(p.name for p in merged_dir.glob("*.pdf")) and len(names) == 12
    for name in names:
        merged, single = pdfium.PdfDocument(merged_dir / name), pdfium.PdfDocument(tmp_path / "s" / name)
        assert len(merged) == len(single), name
        for i in range(len(single)):
            a = merged[i].render(scale=40 / 72).to_pil().convert("RGB")
            b = single[i].render(scale=40 / 72).to_pil().convert("RGB")
            difference = ImageChops.difference(a, b)
            worst = max(channel[1] for channel in difference.getextrema())
            assert worst <= 8, (name, i, worst)  # nothing missing or moved
        if "press" in name:
            assert check_pdf(merged_dir / name, "press").status == PASS
    from pypdf import PdfReader

    fillable = "worksheets-a4-screen-fillable.pdf"
    merged_pack, single_pack = PdfReader(merged_dir / fillable), PdfReader(tmp_path / "s" / fillable)
    assert sorted(merged_pack.get_fields()) == sorted(single_pack.get_fields())  # the form still works
    assert [o.title for o in merged_pack.outline] == [o.title for o in single_pack.outline]
    assert "Riverside Community Mind" in merged_pack.pages[3].extract_text()  # the footer's brand
