"""`principles check` reads anything: empty, locked, not-PDF and damaged files, and infers each file's target."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from pypdf import PdfWriter

from generator.check.preflight import FAIL, check_pdf
from generator.cli import main


def _blank(pages: int, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if password:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("target", ["office", "screen", "press", None])
def test_a_pdf_without_pages_fails(tmp_path, target):
    report = check_pdf(_blank(0), target)
    assert report.status == FAIL and report.findings[0].message == "no pages"


def test_locked_and_not_pdf_files_say_what_they_are(tmp_path):
    locked = check_pdf(_blank(1, password="secret"), None)
    assert locked.status == FAIL and locked.findings[0].message.startswith("password protected")
    text = check_pdf(b"name,logo\nRiverside Mind,logo.png\n", None)
    assert text.status == FAIL and text.findings[0].message == "not a PDF: it does not begin with %PDF-"


def test_targets_are_inferred_per_file(tmp_path, make_pdf):
    press, office = make_pdf("a4", "press"), make_pdf("a4", "office")
    result = CliRunner().invoke(main, ["check", str(press), str(office)])
    assert result.exit_code == 0, result.output
    assert f"{press}  [press, inferred: output intent and trim box]  PASS" in result.output
    assert f"{office}  [office, inferred: no output intent]  PASS" in result.output


def test_library_messages_never_reach_stderr_and_json_is_alone(tmp_path, make_pdf):
    good = make_pdf("a4", "office").read_bytes()
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(good.replace(b"startxref", b"startxref\n99999999\n%", 1))  # pypdf logs a repair
    (tmp_path / "notes.pdf").write_text("not a pdf")
    (tmp_path / "empty.pdf").write_bytes(_blank(0))
    (tmp_path / "locked.pdf").write_bytes(_blank(1, "pw"))
    files = [str(tmp_path / n) for n in ("broken.pdf", "notes.pdf", "empty.pdf", "locked.pdf")]
    for mode in (["--json"], ["-q"], []):
        run = subprocess.run(
            [sys.executable, "-m", "generator", "check", *mode, *files], capture_output=True, text=True, timeout=120
        )
        assert run.returncode == 1
        assert run.stderr == "", (mode, run.stderr)
        if mode == ["--json"]:
            reports = json.loads(run.stdout)
            assert [r["status"] for r in reports][1:] == ["fail", "fail", "fail"]
            assert [r["findings"][0]["message"].split(":")[0] for r in reports][1:] == [
                "not a PDF",
                "no pages",
                "password protected",
            ]
