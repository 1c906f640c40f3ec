"""A preflight's verdicts: what `check` prints, and what the findings cache keeps for our own files.

Apart from generator.check.preflight so that a cached answer needs none of the checking code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

PASS, WARN, FAIL = "pass", "warn", "fail"


@dataclass
class Finding:
    """One check's verdict on a file, with what it found."""

    check: str
    status: str
    message: str
    page: int | None = None  # 1-based; None for the whole document


@dataclass
class Report:
    """Every finding for one file against one target."""

    file: str
    target: str
    findings: list[Finding] = field(default_factory=list)
    inferred: str = ""  # why the target was chosen, when it was not given

    @property
    def status(self) -> str:
        statuses = {f.status for f in self.findings}
        return FAIL if FAIL in statuses else WARN if WARN in statuses else PASS

    def add(self, check: str, status: str, message: str, page: int | None = None) -> None:
        self.findings.append(Finding(check, status, message, page))

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "target": self.target,
            "target_inferred_from": self.inferred or None,
            "status": self.status,
            "findings": [asdict(f) for f in self.findings],
        }
