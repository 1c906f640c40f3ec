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


def test_shared_appearance_streams_change_no_byte(monkeypatch):
    """Each distinct appearance stream is built once; the file is the one ReportLab makes alone."""
    import generator.pdf.rl as rl

    calls = {"n": 0}
    plain = rl.share_appearances

    def counting(form):
        plain(form)
        if not form.__dict__.get("_counted"):
            form._counted = True
            inner = form.checkboxAP

            def count(*args, **kwargs):
                calls["n"] += 1
                return inner(*args, **kwargs)

            form.checkboxAP = count

    monkeypatch.setattr(rl, "share_appearances", counting)
    shared = fillable_pack()
    monkeypatch.setattr(rl, "share_appearances", lambda form: None)
    alone = fillable_pack()
    assert shared == alone
    pdf = pikepdf.open(__import__("io").BytesIO(shared))
    radios = sum(1 for page in pdf.pages for a in page.obj.get("/Annots", []) if a.get("/AS") is not None)
    assert radios >= 100  # a rating of four buttons per practice
    assert calls["n"] >= 6 * radios  # asked for every button's streams ...
    streams = {
        state.objgen
        for page in pdf.pages
        for a in page.obj.get("/Annots", [])
        if a.get("/AS") is not None
        for kind in a["/AP"].keys()
        for state in a["/AP"][kind].values()
    }
    assert len(streams) <= 8  # ... which are a handful of distinct objects


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
