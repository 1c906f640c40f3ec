"""The options of a run, with their defaults in one place, validated as a whole."""

from __future__ import annotations

import os
from dataclasses import field
from pathlib import Path
from typing import Any

from generator.content.load import default_content_dir
from generator.errors import SettingsError
from generator.records import frozen
from generator.targets import BLEED_RANGE, DEFAULT_BLEED, DEFAULT_OUTPUT_INTENT, Target

DEFAULT_OUTPUT = Path("output")


@frozen
class Job:
    """One PDF to make: which product, at which size, for which target, written where.

    `options` holds the product's own options (its recipe says which) as sorted (name, value) pairs.
    """

    product: str
    size: str
    target: Target
    path: Path
    options: tuple[tuple[str, Any], ...] = ()

    def option(self, name: str, default: Any = None) -> Any:
        return dict(self.options).get(name, default)

    def describe(self) -> dict[str, Any]:
        """What the manifest records of the job (its path is recorded separately)."""
        return {"product": self.product, "size": self.size, "target": self.target.value, **dict(self.options)}


def make_job(product: str, size: str, target: Target, path: Path, **options: Any) -> Job:
    return Job(product, size, target, path, tuple(sorted(options.items())))


def choose(kind: str, value: str, choices: tuple[str, ...]) -> str:
    """A case-insensitive choice, or a SettingsError naming the choices."""
    value = value.lower()
    if value not in choices:
        raise SettingsError(f"unknown {kind} '{value}': expected one of {', '.join(choices)}")
    return value


@frozen
class Settings:
    """What a run was asked for (content folder, bleed, output intent, ...), from the command line or defaults."""

    content_dir: Path = field(default_factory=default_content_dir)
    bleed: float = DEFAULT_BLEED  # mm, targets with bleed only
    output_intent: str = DEFAULT_OUTPUT_INTENT  # PDF/X targets only: the printing condition named in the file
    source_date_epoch: int | None = None  # from SOURCE_DATE_EPOCH; else the content's date
    quiet: bool = False
    brand_path: Path | None = None  # a brand TOML file for a local edition
    allow_low_res: bool = False  # let a logo under 150 ppi through to press files (with a warning)

    def __post_init__(self) -> None:
        low, high = BLEED_RANGE
        if not low <= self.bleed <= high:
            raise SettingsError(
                f"--bleed {self.bleed:g}: expected {low:g} to {high:g} mm (print shops need at least {low:g} mm)"
            )


def epoch_from_environment() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise SettingsError(f"SOURCE_DATE_EPOCH '{value}' is not a whole number of seconds") from None
