"""Work done once and shared: form-field appearance streams, the preflight's parsed content."""

from __future__ import annotations

from pathlib import Path

import pikepdf

from generator.build import render_jobs
from generator.products.registry import default_build
from generator.settings import Settings


def fillable_pack() -> bytes:
    jobs = [j for j in default_build(Path("out")) if j.path.name.endswith("fillable.pdf")]
    assert len(jobs) == 1
    return render_jobs(jobs, Settings())[0][1]


def test_ticks_are_shared_and_each_write_in_box_has_its_own_appearance():
    """A tick and an empty box are one stream each for every button of a size, however many show
    them; each text field has an appearance of its own, since a viewer filling a field may write
    its answer into that stream (shared, one answer showed in every box of the same size). The
    same pack twice is the same bytes."""
    data = fillable_pack()
    assert fillable_pack() == data
    pdf = pikepdf.open(__import__("io").BytesIO(data))
    widgets = [a for page in pdf.pages for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Widget"]
    radios = [a for a in widgets if a.get("/AS") is not None]
    boxes = [a for a in widgets if a.get("/FT") == "/Tx"]
    assert len(radios) >= 100 and len(boxes) >= 50  # a rating of four buttons per practice, two boxes each
    states = {state.objgen for a in radios for state in a["/AP"]["/N"].values()}
    sizes = {tuple(round(float(v), 2) for v in a["/AP"]["/N"]["/Off"].BBox) for a in radios}
    assert len(states) == 2 * len(sizes)  # a tick and an empty box for each size of button
    for a in radios:  # off, and on under the option's own export value; pressed, it shows its normal look
        assert "/Off" in a["/AP"]["/N"] and len(a["/AP"]["/N"].keys()) == 2 and a.H == "/N"
    assert len({a["/AP"]["/N"].objgen for a in boxes}) == len(boxes)


def test_the_colour_scan_and_the_plate_walk_parse_each_stream_once(monkeypatch, tmp_path):
    from click.testing import CliRunner
    from pypdf.generic import ContentStream

    from generator.check.preflight import PASS, check_pdf
    from generator.cli import main

    out = tmp_path / "cards.pdf"
    assert CliRunner().invoke(main, ["-q", "cards", "--target", "press", "-o", str(out)]).exit_code == 0
    parsed = []
    plain = ContentStream._parse_content_stream

    def count(self, stream):
        parsed.append(1)
        return plain(self, stream)

    monkeypatch.setattr(ContentStream, "_parse_content_stream", count)
    report = check_pdf(out, "press")
    assert report.status == PASS
    pages = len(pikepdf.open(out).pages)
    assert len(parsed) <= pages + 4, (len(parsed), pages)  # a page's content and a few shared forms, once
