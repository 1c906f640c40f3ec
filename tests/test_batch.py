"""`principles batch`: folders per organisation, bad rows skipped, nothing remade twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
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
        "mind-in-hull",
    ]
    assert rows[-1].problem.startswith("'Mind in Hull' (line 6) and 'Mind in Hull' (line 5) would share the folder")


def test_batch_makes_good_rows_reports_bad_ones_and_skips_unchanged(tmp_path):
    csv_path = write_csv(tmp_path)
    out = tmp_path / "editions"
    args = ["batch", str(csv_path), "-o", str(out), "--products", "poster,cards", "--jobs", "2"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 1
    folders = sorted(p.name for p in out.iterdir())
    assert folders == ["etc", "mind-in-hull", "riverside-community-mind"]  # nothing half-made
    for folder in out.iterdir():
        assert folder.resolve().parent == out.resolve()
        manifest = json.loads((folder / "manifest.json").read_text())
        assert {f["product"] for f in manifest["files"]} == {"poster", "cards"}
        assert all((folder / f["file"]).is_file() for f in manifest["files"])
    assert "leeds-back-pain-service   failed      logo: " in first.output
    assert "missing.png: file not found" in first.output
    assert "3 made, 0 up to date, 2 failed" in first.output
    assert not (tmp_path.parent / "etc").exists()

    second = CliRunner().invoke(main, args)
    assert second.exit_code == 1
    assert "nothing made: all 3 editions were up to date (2 rows failed)" in second.output

    changed = csv_path.read_text().replace("#005EB8", "#003087")
    csv_path.write_text(changed)
    third = CliRunner().invoke(main, args)
    assert "1 made, 2 up to date, 2 failed" in third.output
    forced = CliRunner().invoke(main, [*args, "--force"])
    assert "3 made, 0 up to date, 2 failed" in forced.output


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
    import pikepdf

    for name in ("worksheets-a4-office.pdf", fillable):  # footers alike are one set of forms; the cover's its own
        with pikepdf.open(merged_dir / name) as pack:
            forms = [
                tuple(sorted(x.objgen for k, x in page.Resources.XObject.items() if k.startswith("/BrandOverlay")))
                for page in pack.pages
            ]
        assert len(set(forms[1:])) == 1 and len(forms[0]) > len(forms[1]), (name, forms)


def _orgs(folder: Path, names: list[str], logo: str = "logo.png") -> Path:
    Image.new("RGB", (1200, 480), (0, 94, 184)).save(folder / "logo.png")
    path = folder / "orgs.csv"
    path.write_text("name,logo\n" + "".join(f"{n},{logo}\n" for n in names), encoding="utf-8")
    return path


def test_a_rerun_replaces_only_what_its_manifest_lists(tmp_path):
    """--products poster keeps the earlier cards and worksheets, the user's notes and a logo in the folder."""
    csv_path = _orgs(tmp_path, ["Riverside Mind"])
    out = tmp_path / "editions"
    runner = CliRunner()
    assert runner.invoke(main, ["batch", str(csv_path), "-o", str(out), "--jobs", "1"]).exit_code == 0
    edition = out / "riverside-mind"
    earlier = {p.name: p.read_bytes() for p in edition.glob("*.pdf")}
    assert len(earlier) == 12
    (edition / "notes.txt").write_text("ours")
    Image.new("RGB", (1200, 480), (0, 48, 135)).save(edition / "logo.png")  # the CSV now points inside
    csv_path.write_text("name,logo\nRiverside Mind,editions/riverside-mind/logo.png\n", encoding="utf-8")

    result = runner.invoke(main, ["batch", str(csv_path), "-o", str(out), "--products", "poster", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert (edition / "notes.txt").read_text() == "ours"
    assert (edition / "logo.png").is_file()
    now = {p.name: p.read_bytes() for p in edition.glob("*.pdf")}
    assert set(now) == set(earlier)
    for name in now:
        assert (now[name] == earlier[name]) == (not name.startswith("poster")), name  # posters remade, rest kept
    manifest = json.loads((edition / "manifest.json").read_text())
    assert sorted(f["file"] for f in manifest["files"]) == sorted(earlier)  # the manifest agrees with the folder
    assert [p.name for p in out.iterdir()] == ["riverside-mind"]

    again = runner.invoke(main, ["batch", str(csv_path), "-o", str(out), "--products", "poster", "--jobs", "1"])
    assert "nothing made: all 1 editions were up to date" in again.output  # and the logo is still there


def test_a_file_the_batch_did_not_make_is_never_overwritten(tmp_path):
    csv_path = _orgs(tmp_path, ["Riverside Mind"])
    edition = tmp_path / "editions" / "riverside-mind"
    edition.mkdir(parents=True)
    (edition / "poster-a2-press.pdf").write_bytes(b"the user's own poster")
    result = CliRunner().invoke(main, ["batch", str(csv_path), "-o", str(edition.parent), "--products", "poster"])
    assert result.exit_code == 1
    assert "poster-a2-press.pdf was not made by an earlier batch" in result.output
    assert (edition / "poster-a2-press.pdf").read_bytes() == b"the user's own poster"
    assert sorted(p.name for p in edition.iterdir()) == ["poster-a2-press.pdf"]


def test_the_next_run_removes_what_a_killed_batch_left(tmp_path):
    csv_path = _orgs(tmp_path, ["Riverside Mind"])
    out = tmp_path / "editions"
    left = out / f".riverside-mind{'.partial-'}999999999"
    left.mkdir(parents=True)
    (left / "poster-a2-press.pdf").write_bytes(b"half")
    result = CliRunner().invoke(main, ["batch", str(csv_path), "-o", str(out), "--products", "poster"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["riverside-mind"]


@pytest.mark.parametrize("how", ["SIGINT to the group", "SIGTERM"])
def test_an_interrupted_batch_ends_with_one_line_and_leaves_nothing_half_made(tmp_path, how):
    import os
    import signal
    import subprocess
    import sys
    import time

    csv_path = _orgs(tmp_path, [f"Mind number {i}" for i in range(40)])
    out = tmp_path / "editions"
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "-q", "batch", str(csv_path), "-o", str(out), "--jobs", "2"]
        + ["--products", "poster,leaflet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # as from a terminal: a shell running us in the background (CI, nohup) may have set SIGINT to
        # "ignore", which a child inherits and Python then leaves alone
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    # the first whole edition is in place: dozens are still to come (or half made) when the signal lands,
    # however busy the machine is
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not (out.is_dir() and any(p.name[0] != "." for p in out.iterdir())):
        time.sleep(0.02)
    assert process.poll() is None, "the batch ended before it could be interrupted"
    if how == "SIGTERM":
        process.send_signal(signal.SIGTERM)
    else:
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, (stdout, stderr)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("interrupted: "), stderr
    assert "Traceback" not in stderr + stdout
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    for edition in out.iterdir():  # every folder there is whole
        manifest = json.loads((edition / "manifest.json").read_text())
        assert len(manifest["files"]) == 6 and all((edition / f["file"]).is_file() for f in manifest["files"])


def test_a_batch_holds_no_edition_s_logo_once_it_is_made(tmp_path):
    """Each edition's logo is prepared for each of its sizes, placed, then let go: a worker's memory
    stays flat however long the CSV (holding them cost about 7 MiB an edition)."""
    from generator.images import _fitted, prepare

    rows = []
    for n in range(3):
        Image.new("RGB", (1200, 480), (40 * n, 94, 184)).save(tmp_path / f"logo{n}.png")
        rows.append(f"Mind {n},logo{n}.png,,https://mind{n}.example.org,,\n")
    csv_path = tmp_path / "orgs.csv"
    csv_path.write_text("name,logo,contact,url,accent,edition\n" + "".join(rows), encoding="utf-8")
    args = ["batch", str(csv_path), "-o", str(tmp_path / "out"), "--products", "poster", "--jobs", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "3 made" in result.output
    assert prepare.cache_info().currsize == 0
    assert _fitted.cache_info().currsize == 0


def test_brand_items_drawn_alike_share_an_overlay_form_unless_they_carry_a_link():
    """Items drawn the same on pages of one size share an overlay form, what a reader hears too
    (their marks are on the page that paints the form); a link's annotation belongs to one page."""
    from generator.batch import _shareable
    from generator.geometry import PageSpec, Target
    from generator.plan import PAGINATION, Page, Role, Tag, TextItem

    def page(role):
        item = TextItem((), None, None, role)  # type: ignore[arg-type]
        return Page(PageSpec(210, 297, Target.OFFICE), (), "p", (item,))

    footer, heard, link = page(PAGINATION), page(Role(Tag.P)), page(Role.link("example.org"))
    assert _shareable(footer, footer.brand, True) == _shareable(page(PAGINATION), footer.brand, True) is not None
    assert _shareable(heard, heard.brand, True) not in (None, _shareable(footer, footer.brand, True))
    assert _shareable(link, link.brand, True) is None and _shareable(link, link.brand, False) is not None


def test_a_batch_whose_every_row_fails_says_so(tmp_path):
    csv_path = tmp_path / "orgs.csv"
    csv_path.write_text("name,logo\nLeeds Back Pain Service,missing.png\nMind in Hull,missing.png\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(csv_path), "-o", str(tmp_path / "ed"), "--products", "poster"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == "nothing made: all 2 rows failed"
    assert "up to date" not in result.output


def test_a_stray_comma_before_trailing_empty_values_is_shown_beside_the_problem(tmp_path):
    """Excel's trailing commas hide a stray comma (the row still has values to spare, all empty):
    the values move along one column, and the row's problem says how they were read."""
    Image.new("RGB", (1200, 480), (0, 94, 184)).save(tmp_path / "logo.png")
    csv_path = tmp_path / "orgs.csv"
    csv_path.write_text(
        "name,logo,contact,url,accent,edition\nRiverside, Mind,logo.png,01234 567890,,,\nMind in Hull,logo.png,,,,\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["batch", str(csv_path), "-o", str(tmp_path / "ed"), "--products", "poster"])
    assert result.exit_code == 1
    line = next(row for row in result.output.splitlines() if row.lstrip().startswith("2 "))
    assert (
        "failed" in line
        and "the row has 7 values and the header names 6 columns: read as name 'Riverside', logo 'Mind'" in line
    )
    assert 'if a value contains a comma, put it in double quotes ("...")' in line
    assert "1 made, 0 up to date, 1 failed" in result.output  # the next row is read as it is


def test_workers_start_with_what_the_first_edition_made(tmp_path):
    """With more than one process, the first edition is made before the workers are forked: its
    templates (and fonts and imports) are theirs from the start, instead of each making its own."""
    import os

    from generator import batch
    from generator.organisations import read_organisations
    from generator.settings import Settings

    if not hasattr(os, "fork"):
        pytest.skip("workers are spawned here, and make their own")
    csv_path = _orgs(tmp_path, ["Riverside Mind", "Leeds Mind", "Hull Mind", "York Mind"])
    batch._STATE.clear()  # nothing left from an earlier batch in this process
    outcomes = batch.run_batch(
        read_organisations(csv_path), tmp_path / "editions", Settings(), 2, ("poster",), force=True
    )
    assert [o.status for o in outcomes] == ["made"] * 4
    made_here = batch._STATE.get("templates", {})
    assert [key[0] for key in made_here] == ["poster"] * 3  # the first edition's three posters, made here
    assert all(len(list((tmp_path / "editions" / o.row.slug).glob("*.pdf"))) == 3 for o in outcomes)
