"""Reproducible builds: same inputs, same bytes and manifest; dates never from the clock."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from conftest import working_tree_env

from generator.build import content_epoch


def run_build(folder: Path, epoch: str | None) -> dict[str, bytes]:
    """`principles build` in its own process, importing this checkout (not an installed copy)."""
    env = working_tree_env(**({"SOURCE_DATE_EPOCH": epoch} if epoch is not None else {}))
    folder.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "generator", "-q", "build", "-o", str(folder)], env=env, check=True, cwd=folder.parent
    )
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_two_builds_in_different_folders_are_identical(tmp_path):
    a = run_build(tmp_path / "one" / "out", "1700000000")
    b = run_build(tmp_path / "two" / "elsewhere", "1700000000")
    assert a.keys() == b.keys() and "manifest.json" in a
    for name in a:
        assert a[name] == b[name], name
    manifest = json.loads(a["manifest.json"])
    assert len(manifest["files"]) == 12
    for entry in manifest["files"]:
        assert entry["sha256"] == hashlib.sha256(a[entry["file"]]).hexdigest()
        assert entry["bytes"] == len(a[entry["file"]])
    assert {e["product"] for e in manifest["files"]} == {"poster", "cards", "worksheets", "leaflet", "discussion-cards"}
    assert len(manifest["inputs_digest"]) == 64
    assert b"D:20231114221320" in a["poster-a2-press.pdf"]  # the date is SOURCE_DATE_EPOCH's


def test_without_source_date_epoch_the_date_comes_from_the_content(default_set, content):
    folder, _ = default_set  # built without SOURCE_DATE_EPOCH
    assert content_epoch(content) == 1572566400  # 1 November 2019, the publication month
    assert b"D:20191101000000" in (folder / "poster-a4-office.pdf").read_bytes()


def test_manifest_digest_follows_the_inputs(tmp_path, content_copy):
    """The digest written to manifest.json changes with the date setting and with one word of content."""
    from generator.build import build_inputs
    from generator.products.registry import default_build
    from generator.settings import Settings

    out = tmp_path / "out"

    def digest(**settings) -> str:
        return build_inputs(default_build(out), Settings(content_dir=content_copy, **settings), out)[1]

    first = digest(source_date_epoch=1)
    assert digest(source_date_epoch=1) == first
    assert digest(source_date_epoch=2) != first
    assert digest(source_date_epoch=1, bleed=5.0) != first
    principle = next((content_copy / "principles").glob("1-*.toml"))
    text = principle.read_text(encoding="utf-8")
    principle.write_text(text.replace('title = "Cultivate enabling', 'title = "Cultivate enabled', 1), encoding="utf-8")
    assert digest(source_date_epoch=1) != first
