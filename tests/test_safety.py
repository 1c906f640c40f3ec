"""Never a half-written file: failures after rendering, batch folders, the manifest's digest, the preflight gate.

The failures are real: a file-size limit (RLIMIT_FSIZE) set on a subprocess makes the write
itself fail after everything has been rendered, so the write path runs to the point of failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import working_tree_env

from generator.errors import PrinciplesError

SIZE_LIMIT = 20_000  # bytes: every PDF we make is larger


def limited(limit: int = SIZE_LIMIT):
    """preexec_fn: files may grow to `limit` bytes; writing more fails with EFBIG instead of killing."""

    def apply() -> None:
        import resource
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def run_limited(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    if not hasattr(os, "fork"):
        pytest.skip("needs POSIX resource limits")
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=working_tree_env(),
        preexec_fn=limited(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_write_that_fails_after_rendering_keeps_the_old_file_and_leaves_no_temporary_file(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    old = out / "poster.pdf"
    old.write_bytes(b"the previous poster")
    result = run_limited("poster", "--size", "a4", "-o", str(old), cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith(f"error: cannot write {old}: ") or result.stdout.startswith(
        f"error: cannot write {old}: "
    ), result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert old.read_bytes() == b"the previous poster"
    assert listing(out) == ["poster.pdf"]  # no temporary file left beside it


# --- batch: folders swapped in whole ------------------------------------------------------------


@pytest.fixture()
def fresh_batch_state():
    """A batch run in this process keeps what it drew in generator.batch._STATE (see the xfail below):
    start and leave it empty, so no other test in this worker draws from another test's content."""
    from generator.batch import _STATE

    _STATE.clear()
    yield
    _STATE.clear()


def write_csv(folder: Path, name: str = "Riverside Community Mind") -> Path:
    path = folder / "orgs.csv"
    path.write_text(f"name,url\n{name},https://riverside.example.org\n", encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_batch_remake_and_late_failure_leave_no_partial_or_old_folders(tmp_path, fresh_batch_state):
    from click.testing import CliRunner

    from generator.cli import main

    csv_path = write_csv(tmp_path)
    out = tmp_path / "editions"
    args = ["batch", str(csv_path), "-o", str(out), "--products", "poster", "--jobs", "1"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    assert listing(out) == ["riverside-community-mind"]
    made = snapshot(out / "riverside-community-mind")
    assert "manifest.json" in made and len(made) == 4  # three posters and the manifest

    remade = CliRunner().invoke(main, [*args, "--force"])
    assert remade.exit_code == 0, remade.output
    assert "1 made" in remade.output
    assert listing(out) == ["riverside-community-mind"]  # no .riverside-community-mind.old-PID left

    failed = run_limited(*args, "--force", cwd=tmp_path)  # fails writing its first PDF
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "cannot write" in failed.stdout + failed.stderr
    assert listing(out) == ["riverside-community-mind"]  # no .riverside-community-mind.partial-PID left
    assert snapshot(out / "riverside-community-mind") == made  # the previous edition, untouched


# --- the manifest's digest follows the content, word for word --------------------------------------


def change_one_word(content_dir: Path) -> None:
    path = next((content_dir / "principles").glob("3-*.toml"))
    text = path.read_text(encoding="utf-8")
    old = 'summary = "Learn more about the interconnection'
    assert old in text
    path.write_text(text.replace(old, 'summary = "Learn much about the interconnection', 1), encoding="utf-8")


def test_one_word_of_content_changes_the_manifest_digest(tmp_path, content_copy):
    from generator.build import build_inputs
    from generator.products.registry import default_build
    from generator.settings import Settings

    out = tmp_path / "out"

    def digest() -> str:
        return build_inputs(default_build(out), Settings(content_dir=content_copy), out)[1]

    before = digest()
    assert digest() == before  # the same inputs, the same digest
    change_one_word(content_copy)
    assert digest() != before


def test_the_written_manifest_carries_the_inputs_digest(default_set):
    from generator.build import build_inputs
    from generator.products.registry import default_build
    from generator.settings import Settings

    folder, _ = default_set
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["inputs_digest"] == build_inputs(default_build(folder), Settings(), folder)[1]


def test_batch_remakes_an_edition_when_one_word_of_content_changes(tmp_path, content_copy, fresh_batch_state):
    from click.testing import CliRunner

    from generator.cli import main

    csv_path = write_csv(tmp_path)
    out = tmp_path / "editions"
    args = ["batch", str(csv_path), "-o", str(out), "--products", "poster", "--content", str(content_copy)]
    manifest = out / "riverside-community-mind" / "manifest.json"
    # each run in its own process, as a user runs it (a process keeps its drawn templates)
    env = working_tree_env()
    run = lambda: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "generator", *args, "--jobs", "1"], env=env, capture_output=True, text=True
    )
    first = run()
    assert first.returncode == 0, first.stdout + first.stderr
    digest = json.loads(manifest.read_text())["inputs_digest"]
    again = CliRunner().invoke(main, args)
    assert "nothing made: all 1 editions were up to date" in again.output
    change_one_word(content_copy)
    changed = run()
    assert changed.returncode == 0, changed.stdout + changed.stderr
    assert "1 made, 0 up to date" in changed.stdout + changed.stderr
    assert json.loads(manifest.read_text())["inputs_digest"] != digest
    import pdfcheck

    assert "Learn much about" in pdfcheck.normalise(pdfcheck.text(manifest.parent / "poster-a4-office.pdf"))


# --- the preflight gate -------------------------------------------------------------------------


def test_build_refuses_to_write_a_press_file_that_fails_preflight(tmp_path, monkeypatch):
    """A press file the preflight fails is never written. Our own inputs cannot make one any more (bleed
    under 3 mm and text near the trim are refused before drawing), so the drawing stage is made to
    return an RGB file without PDF/X keys for the press job: the check, not the drawing, must stop it."""
    from dataclasses import replace

    import generator.pdf.render as render_module
    from generator.build import build
    from generator.products.poster import poster_job
    from generator.settings import Settings
    from generator.targets import Target

    real = render_module.render

    def rgb_for_press(plan, options):
        return real(plan, replace(options, cmyk=False, output_intent=None)) if options.cmyk else real(plan, options)

    monkeypatch.setattr(render_module, "render", rgb_for_press)
    out = tmp_path / "poster.pdf"
    out.write_bytes(b"the previous poster")
    with pytest.raises(PrinciplesError) as info:
        build([poster_job("a4", Target.PRESS, out)], Settings(), manifest_dir=tmp_path)
    assert str(info.value).startswith("preflight failed, nothing written:")
    assert "colour: RGB in a press file" in str(info.value)
    assert out.read_bytes() == b"the previous poster"
    assert listing(tmp_path) == ["poster.pdf"]  # no manifest either


def test_a_second_batch_in_the_same_process_draws_the_changed_content(tmp_path, content_copy, fresh_batch_state):
    import pdfcheck

    from generator.batch import MADE, read_organisations, run_batch
    from generator.settings import Settings

    csv_path, out = write_csv(tmp_path), tmp_path / "editions"
    settings = Settings(content_dir=content_copy)
    assert [o.status for o in run_batch(read_organisations(csv_path), out, settings, 1, ("poster",), False)] == [MADE]
    change_one_word(content_copy)
    assert [o.status for o in run_batch(read_organisations(csv_path), out, settings, 1, ("poster",), False)] == [MADE]
    poster = out / "riverside-community-mind" / "poster-a4-office.pdf"
    assert "Learn much about" in pdfcheck.normalise(pdfcheck.text(poster))
