"""What a command costs before it starts work: imports, the preflight cache, several products in
one process, and a closed pipe. Timings are the benchmark's business (tests/benchmarks/); these
tests assert what could regress silently: which modules a command loads.
"""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

PARSERS = ("pypdf", "pdfplumber", "pdfminer", "cryptography", "pikepdf")


def imported(*argv: str, env: dict | None = None) -> set[str]:
    code = (
        "import sys\nfrom generator.cli import main\n"
        f"try:\n    main({list(argv)!r})\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print('\\n'.join(sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, **(env or {})}, check=True
    )
    return set(out.stdout.split())


def loaded(modules: set[str], *prefixes: str) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


def test_check_and_preview_do_not_load_the_products(tmp_path):
    out = tmp_path / "p.pdf"
    CliRunner().invoke(main, ["-q", "poster", "--size", "a4", "-o", str(out)])
    modules = imported("-q", "check", str(out))
    assert not loaded(modules, "generator.products", "reportlab", "generator.fonts")
    assert not loaded(modules, "pdfplumber", "pdfminer")  # character boxes come from pypdfium2
    assert "pypdf" in modules  # check keeps its full depth
    for argv in (["preview", str(out), "-o", str(tmp_path / "png"), "--dpi", "20"], ["init", str(tmp_path / "ed")]):
        assert not loaded(imported("-q", *argv), "generator.products", "reportlab", "generator.fonts"), argv


def test_a_product_command_loads_no_other_product(tmp_path):
    """The registry imports a product's module when its recipe is first asked for."""
    modules = imported("-q", "poster", "--size", "a4", "-o", str(tmp_path / "p.pdf"))
    assert "generator.products.poster" in modules
    others = [f"generator.products.{m}" for m in ("cards", "worksheets", "leaflet", "discussion")]
    assert not loaded(modules, *others)
    result = CliRunner().invoke(main, ["postr"])  # a name no product has: Click's usage error
    assert result.exit_code == 2 and "No such command 'postr'" in result.output


def test_making_path_loads_no_pdf_parser(tmp_path):
    """An office poster is never preflighted; a press poster whose bytes were checked before
    answers from the cache: neither loads pypdf, pdfplumber or pikepdf.
    """
    office = imported("-q", "poster", "--size", "a4", "-o", str(tmp_path / "o.pdf"))
    assert not loaded(office, *PARSERS)
    env = {"PRINCIPLES_CACHE": str(tmp_path / "cache")}
    first = imported("-q", "poster", "--target", "press", "-o", str(tmp_path / "p.pdf"), env=env)
    assert "pypdf" in first  # cold: the full check ran
    again = imported("-q", "poster", "--target", "press", "-o", str(tmp_path / "p2.pdf"), env=env)
    assert not loaded(again, *PARSERS)
    assert (tmp_path / "p.pdf").read_bytes() == (tmp_path / "p2.pdf").read_bytes()


def test_a_tagged_fillable_pack_loads_neither_fonttools_nor_the_web(tmp_path):
    """The form font's metrics come from the face ReportLab has read (fontTools: 40 ms), and XMP
    text is escaped without xml.sax, which imports urllib and http.client (16 ms)."""
    modules = imported("-q", "worksheets", "--target", "screen", "--fillable", "-o", str(tmp_path / "w.pdf"))
    assert "generator.pdf.tags" in modules  # the file was tagged
    assert not loaded(modules, "fontTools", "xml.sax", "urllib.request", "http")


def test_cached_findings_are_the_checks_findings(tmp_path, monkeypatch):
    from generator.check import cache
    from generator.check.preflight import check_pdf

    monkeypatch.setenv("PRINCIPLES_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_memory", {})
    out = tmp_path / "p.pdf"
    assert CliRunner().invoke(main, ["-q", "poster", "--target", "press", "-o", str(out)]).exit_code == 0
    data = out.read_bytes()
    fresh = check_pdf(data, "press", name="p")
    stored = list((tmp_path / "cache" / "preflight").glob("*.findings"))
    assert len(stored) == 1 and cache.key_for(data, "press") in stored[0].name
    monkeypatch.setattr(cache, "_memory", {})
    assert cache.checked(data, "press", "p").findings == fresh.findings
    for damaged in (b"{not marshal", b"", marshal.dumps({"a": 1}), marshal.dumps([{"check": 1}])):
        stored[0].write_bytes(damaged)  # a damaged or foreign cache file is ignored, then replaced
        monkeypatch.setattr(cache, "_memory", {})
        assert cache.checked(data, "press", "p").findings == fresh.findings
        assert marshal.loads(stored[0].read_bytes())[0]["check"] == fresh.findings[0].check
    assert cache.key_for(data + b" ", "press") != cache.key_for(data, "press") != cache.key_for(data, "office")


def test_a_cached_press_poster_loads_no_checking_code_and_no_json(tmp_path):
    """With the findings cached (the same bytes checked before), making a press poster where no
    manifest is needs neither the preflight's code nor a JSON parser."""
    env = {"PRINCIPLES_CACHE": str(tmp_path / "cache")}
    argv = ("-q", "poster", "--size", "a2", "--target", "press", "-o", str(tmp_path / "p.pdf"))
    assert "generator.check.preflight" in imported(*argv, env=env)  # the first time: checked in full
    again = imported(*argv, env=env)
    assert not loaded(again, "generator.check.preflight", "generator.check.scan", "pypdf", "json")


def test_cache_off_writes_nothing(tmp_path, monkeypatch):
    from generator.check import cache

    monkeypatch.setenv("PRINCIPLES_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() is None
    result = CliRunner().invoke(main, ["-q", "poster", "--target", "press", "-o", str(tmp_path / "p.pdf")])
    assert result.exit_code == 0
    assert not (tmp_path / "xdg").exists()


def test_build_chosen_products_in_one_process(tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(main, ["-q", "build", "-o", str(out)]).exit_code == 0
    before = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for pdf in out.glob("*.pdf"):
        pdf.unlink()
    result = runner.invoke(main, ["build", "--products", "Poster, cards", "-o", str(out)])
    assert result.exit_code == 0, result.output
    made = sorted(p.name for p in out.glob("*.pdf"))
    assert made == sorted(f["file"] for f in before["files"] if f["product"] in ("poster", "cards"))
    assert "manifest.json" not in result.output  # the manifest lists the whole set: left as it was
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == before
    wrong = runner.invoke(main, ["build", "--products", "poster,posters", "-o", str(out)])
    assert wrong.exit_code == 2
    assert "unknown 'posters': expected some of poster, cards, worksheets" in wrong.output


def test_a_closed_pipe_ends_quietly(tmp_path):
    """principles validate | head: the reader goes away; no 'unexpected BrokenPipeError'."""
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "validate"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=Path(__file__).parent.parent,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before anything is written
    stderr = process.stderr.read()
    process.stderr.close()
    assert process.wait() == 141, stderr
    assert stderr == b""
