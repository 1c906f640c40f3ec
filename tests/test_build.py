"""Reproducible builds: same inputs, same bytes and manifest; dates never from the clock."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from generator.build import content_epoch


def run_build(folder: Path, epoch: str | None) -> dict[str, bytes]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
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
    for entry in manifest["files"]:
        assert entry["sha256"] == hashlib.sha256(a[entry["file"]]).hexdigest()
        assert entry["bytes"] == len(a[entry["file"]])
    assert {e["product"] for e in manifest["files"]} == {"poster", "cards", "worksheets", "leaflet", "discussion-cards"}
    assert len(manifest["inputs_digest"]) == 64
    assert b"D:20231114221320" in a["poster-a2-press.pdf"]  # the date is SOURCE_DATE_EPOCH's


def test_without_source_date_epoch_the_date_comes_from_the_content(tmp_path, content):
    files = run_build(tmp_path / "out", None)
    assert content_epoch(content) == 1572566400  # 1 November 2019, the publication month
    assert b"D:20191101000000" in files["poster-a4-office.pdf"]


def test_manifest_digest_follows_the_inputs(tmp_path, content_copy):
    first = json.loads(run_build(tmp_path / "a", "1")["manifest.json"])
    again = json.loads(run_build(tmp_path / "b", "1")["manifest.json"])
    assert first["inputs_digest"] == again["inputs_digest"]
    other = json.loads(run_build(tmp_path / "c", "2")["manifest.json"])
    assert other["inputs_digest"] != first["inputs_digest"]
