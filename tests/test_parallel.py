"""`principles build` makes its files side by side, one process per CPU: the same bytes, errors
and warnings as one process, reported in the order of the jobs."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _build(*args) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", *map(str, args)])
    return result.exit_code, result.output


def test_side_by_side_makes_the_same_bytes_as_one_process(tmp_path, monkeypatch):
    import os

    import generator.pdf.render as stage

    pids = tmp_path / "pids"
    plain = stage.render

    def render(*args, **kwargs):
        with open(pids, "a") as fh:  # the workers are forked: they inherit this stand-in
            fh.write(f"{os.getpid()}\n")
        return plain(*args, **kwargs)

    monkeypatch.setattr(stage, "render", render)
    one, two = tmp_path / "one", tmp_path / "two"
    assert _build("-q", "--jobs", "1", "-o", one)[0] == 0
    assert set(pids.read_text().split()) == {str(os.getpid())}
    pids.unlink()
    assert _build("-q", "--jobs", "2", "-o", two)[0] == 0
    assert len(set(pids.read_text().split()) - {str(os.getpid())}) == 2  # two workers made them
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in two.iterdir()) and len(names) >= 13
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    files = json.loads((two / "manifest.json").read_text())["files"]
    assert [f["file"] for f in files] == [f["file"] for f in json.loads((one / "manifest.json").read_text())["files"]]


def test_a_worker_error_is_one_line_naming_the_file_and_nothing_is_written(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    moments = content / "moments.toml"
    text = moments.read_text(encoding="utf-8")
    assert 'short = "First meeting"' in text
    moments.write_text(text.replace('short = "First meeting"', f'short = "{"Firstmeeting" * 15}"'), encoding="utf-8")
    code, output = _build("--jobs", "2", "--content", content, "-o", tmp_path / "out")
    assert code == 1, output
    lines = [line for line in output.strip().splitlines() if line.startswith("error")]
    assert len(lines) == 1 and lines[0].startswith("error: poster (poster-") and "moments.toml" in lines[0], output
    assert "Traceback" not in output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_what_workers_say_reaches_the_user_once_each(tmp_path):
    sys.path.insert(0, str(Path(__file__).parent))
    from test_brand import make_logo

    make_logo(tmp_path / "logo.png", size=(300, 120))  # soft in print: a warning per press file
    brand = tmp_path / "brand.toml"
    brand.write_text('name = "Riverside Mind"\nlogo = "logo.png"\n')
    said = {}
    for jobs in ("1", "2"):
        code, output = _build("--jobs", jobs, "--brand", brand, "--allow-low-res", "-o", tmp_path / f"out{jobs}")
        assert code == 0, output
        said[jobs] = [
            line.replace(f"out{jobs}", "out") for line in output.splitlines() if line[:5] in ("warni", "note:")
        ]
    assert any("poster-a2-press.pdf" in line and "may look soft" in line for line in said["2"]), said["2"]
    assert said["2"] == said["1"]  # the same lines, once each, in the order of the jobs
    assert len(said["2"]) == len(set(said["2"]))


def test_a_worker_that_dies_is_one_line_and_nothing_is_written(tmp_path, monkeypatch):
    """A worker killed part-way (out of memory, say) ends the run with one line, not a hang."""
    import os

    import generator.parallel as parallel

    plain = parallel._make

    def dying(index):
        if parallel._SHARED["jobs"][index].product == "cards":
            os._exit(9)
        return plain(index)

    monkeypatch.setattr(parallel, "_make", dying)
    code, output = _build("--jobs", "2", "--products", "poster,cards", "-o", tmp_path / "out")
    assert code == 1
    assert output.strip().splitlines()[-1] == (
        "error: a worker process ended unexpectedly: run again with --jobs 1 to see why"
    )
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
