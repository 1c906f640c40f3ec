"""Output files: readable as the umask allows, never half-written when the disk or a limit stops a write."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from click.testing import CliRunner

from generator.cli import main


def test_outputs_honour_the_umask(tmp_path):
    old = os.umask(0o022)
    try:
        result = CliRunner().invoke(main, ["poster", "--size", "a4", "-o", str(tmp_path / "p.pdf")])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "p.pdf").stat().st_mode & 0o777 == 0o644


def test_a_file_size_limit_leaves_no_partial_file(tmp_path):
    script = textwrap.dedent(
        """
        import resource, sys
        from generator.cli import main
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))  # only the fillable pack is larger
        sys.argv = ["principles", "build", "-o", sys.argv[1]]
        main()
        """
    )
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-c", script, str(out)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot write "), run.stderr
    assert "File too large" in lines[0]
    assert "Traceback" not in run.stderr
    assert "worksheets-a4-screen-fillable.pdf" in lines[0]
    assert not out.exists() or list(out.iterdir()) == []  # no partial file, none of the others, no temporary


def test_a_file_where_a_folder_should_be_is_named(tmp_path):
    (tmp_path / "afile.txt").write_text("x")
    result = CliRunner().invoke(main, ["poster", "--size", "a4", "-o", str(tmp_path / "afile.txt" / "poster.pdf")])
    assert result.exit_code == 1
    assert "afile.txt is a file, not a folder" in result.output


def test_a_stale_temporary_file_is_neither_overwritten_nor_deleted(tmp_path):
    """A partial file an earlier run (with this process number) left behind is not ours to touch."""
    from generator.build import write_atomically

    stale = tmp_path / f".p.pdf.{os.getpid()}.0.part"
    stale.write_bytes(b"someone else's")
    old = os.umask(0o027)
    try:
        write_atomically(tmp_path / "p.pdf", b"%PDF-new")
    finally:
        os.umask(old)
    assert (tmp_path / "p.pdf").read_bytes() == b"%PDF-new" and stale.read_bytes() == b"someone else's"
    assert (tmp_path / "p.pdf").stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == [stale.name, "p.pdf"]
