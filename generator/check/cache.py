"""The preflight's findings for our own output, kept by the file's SHA-256.

The same inputs always make the same bytes, so a file checked once need not be read again: a
second `principles build` of unchanged content skips the parsing libraries altogether. The key
also covers the target and the checking code itself (its source), so a changed check never
answers from an old result. The cache lives in $PRINCIPLES_CACHE, else $XDG_CACHE_HOME/principles,
else ~/.cache/principles; PRINCIPLES_CACHE=off turns it off. A cache that cannot be read or written
is ignored: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from functools import lru_cache
from pathlib import Path

CHECK_SOURCES = ("preflight.py", "report.py", "scan.py", "plates.py", "access.py", "cache.py")
_memory: dict[str, list[dict]] = {}


def cache_dir() -> Path | None:
    setting = os.environ.get("PRINCIPLES_CACHE", "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting) / "preflight"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "principles" / "preflight"


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """What the findings depend on besides the file: the checks' code and the target profiles."""
    from generator import __version__

    here = Path(__file__).parent
    digest = hashlib.sha256(__version__.encode())
    for name in CHECK_SOURCES:
        digest.update((here / name).read_bytes())
    for module in ("targets.py", "colour.py"):
        digest.update((here.parent / module).read_bytes())
    return digest.hexdigest()[:16]


def key_for(data: bytes, target: str) -> str:
    return f"{hashlib.sha256(data).hexdigest()}-{target}-{_code_digest()}"


def checked(data: bytes, target: str, name: str):
    """check_pdf's report for our own bytes, from the cache when these bytes were checked before."""
    from generator.check.report import Finding, Report

    key = key_for(data, target)
    folder = cache_dir()
    found = _memory.get(key)
    if found is None and folder is not None:
        found = _read(folder / f"{key}.findings")
    if found is not None:
        return Report(name, target, [Finding(**f) for f in found])
    from generator.check.preflight import check_pdf

    report = check_pdf(data, target, name=name)
    findings = [dict(vars(f)) for f in report.findings]
    _memory[key] = findings
    if folder is not None:
        _write(folder / f"{key}.findings", findings)
    return report


def _read(path: Path) -> list[dict] | None:
    """Findings kept with marshal: built in (json costs 1.5 ms a process to import) and quick; a
    file another Python wrote, or a damaged one, reads as no answer."""
    try:
        found = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    fields = {"check", "status", "message", "page"}
    if isinstance(found, list) and all(isinstance(f, dict) and set(f) == fields for f in found):
        return found
    return None


def _write(path: Path, findings: list[dict]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
        tmp.write_bytes(marshal.dumps(findings))
        os.replace(tmp, path)
    except OSError:
        pass
