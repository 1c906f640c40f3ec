"""An edition folder's files: a batch replaces only what its previous manifest lists, and tidies
what an interrupted or killed batch left behind (hidden `.SLUG.partial-PID` folders).
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

from generator.errors import PrinciplesError

PARTIAL = ".partial-"


def read_manifest(path: Path) -> dict | None:
    """A manifest's contents; None where there is none or it is not one of ours. JSON is parsed
    only where there is a file (most single products are made where there is none)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) and isinstance(data.get("files"), list) else None


def up_to_date(manifest_path: Path, digest: str) -> bool:
    """The last run had these inputs and every file it lists is still there."""
    manifest = read_manifest(manifest_path)
    if manifest is None or manifest.get("inputs_digest") != digest:
        return False
    return all((manifest_path.parent / str(f.get("file", ""))).is_file() for f in manifest["files"])


def commit(temp: Path, target: Path) -> None:
    """Move a finished edition into its folder, replacing only files the previous manifest lists.

    Files of earlier runs that this run did not remake (say the cards, after `--products poster`)
    stay and stay listed. A file of the same name that no manifest lists is someone else's: the
    row fails rather than overwrite it. The manifest is written first without a digest (so an
    edition stopped half-way is remade next time) and last with it; signals wait meanwhile.
    """
    import json

    from generator.build import MANIFEST, write_atomically

    new = json.loads((temp / MANIFEST).read_text(encoding="utf-8"))
    old = read_manifest(target / MANIFEST) or {"files": []}
    previous = {str(f.get("file")): f for f in old["files"] if isinstance(f, dict)}
    names = [f["file"] for f in new["files"]]
    for name in names:
        if (target / name).exists() and name not in previous:
            raise PrinciplesError(
                f"{target / name} was not made by an earlier batch (its manifest.json does not list it): "
                "move or rename it, then run again"
            )
    kept = [
        {**f, "inputs_digest": f.get("inputs_digest", old.get("inputs_digest"))}
        for name, f in previous.items()
        if name not in names and (target / name).is_file()
    ]
    merged = {**new, "files": new["files"] + kept}
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        target.mkdir(parents=True, exist_ok=True)
        write_atomically(target / MANIFEST, _manifest_bytes({**merged, "inputs_digest": None}))
        for name in names:
            os.replace(temp / name, target / name)
        write_atomically(target / MANIFEST, _manifest_bytes(merged))
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _manifest_bytes(body: dict) -> bytes:
    import json

    return (json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def remove_partials(out_dir: Path) -> None:
    """Remove temporary edition folders that no running process owns (left by a crash or kill)."""
    if not out_dir.is_dir():
        return
    for folder in out_dir.iterdir():
        if not (folder.name.startswith(".") and folder.is_dir()):
            continue
        for marker in (PARTIAL, ".old-"):
            pid = folder.name.rpartition(marker)[2] if marker in folder.name else ""
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours, from before: this process is not making it now
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
