"""The options of a run, with their defaults in one place, validated as a whole."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.load import default_content_dir
from generator.errors import SettingsError
from generator.geometry import SHEETS, Target

POSTER_SIZES = ("a4", "a3", "a2", "a1", "a0", "letter", "tabloid")
CARD_FORMATS = ("a6", "a7", "id1")
CARD_LAYOUTS = ("single", "sheet")
CARD_SHEETS = ("a4", "letter")
WORKSHEET_PAPERS = ("a4", "letter")
DEFAULT_OUTPUT = Path("output")


@dataclass(frozen=True)
class Job:
    """One PDF to make: which product, at which size, for which target, written where."""

    product: str
    size: str
    target: Target
    path: Path
    layout: str = "single"  # cards: "single" (one card a page) or "sheet" (n-up for office printers)
    sheet: str = "a4"  # cards: the sheet for the sheet layout
    moments: tuple[str, ...] = ()  # cards: a subset of moments; empty for all
    full_text: bool = False  # cards: the practices' full text instead of their prompts
    punch: bool = True  # cards: keep clear of a lanyard slot punch (ID-1)
    duplex: bool = False  # worksheets: blank pages so each section starts on a right-hand page
    fillable: bool = False  # worksheets: form fields over the boxes


@dataclass(frozen=True)
class Settings:
    content_dir: Path = field(default_factory=default_content_dir)
    bleed: float = 3.0  # mm, press target only
    output_intent: str = "fogra39"  # press target only: the printing condition named in the PDF/X file
    source_date_epoch: int | None = None  # from SOURCE_DATE_EPOCH; else the content's date
    quiet: bool = False
    brand_path: Path | None = None  # a brand TOML file for a local edition
    allow_low_res: bool = False  # let a logo under 150 ppi through to press files (with a warning)

    def __post_init__(self) -> None:
        if not 0 <= self.bleed <= 20:
            raise SettingsError(f"--bleed {self.bleed:g}: expected 0 to 20 mm")


def epoch_from_environment() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise SettingsError(f"SOURCE_DATE_EPOCH '{value}' is not a whole number of seconds") from None


def poster_job(size: str, target: Target, path: Path | None, out_dir: Path = DEFAULT_OUTPUT) -> Job:
    size = size.lower()
    if size not in POSTER_SIZES or size not in SHEETS:
        raise SettingsError(f"unknown poster size '{size}': expected one of {', '.join(POSTER_SIZES)}")
    return Job("poster", size, target, path or out_dir / f"poster-{size}-{target.value}.pdf")


def cards_job(
    fmt: str,
    target: Target,
    path: Path | None,
    out_dir: Path = DEFAULT_OUTPUT,
    layout: str = "single",
    sheet: str = "a4",
    moments: tuple[str, ...] = (),
    full_text: bool = False,
    punch: bool = True,
) -> Job:
    fmt, layout, sheet = fmt.lower(), layout.lower(), sheet.lower()
    if fmt not in CARD_FORMATS:
        raise SettingsError(f"unknown card format '{fmt}': expected one of {', '.join(CARD_FORMATS)}")
    if layout == "sheet" and target is Target.PRESS:
        raise SettingsError(
            "the sheet layout is for office printers and screens: for a print shop use --layout single --target press"
        )
    name = f"cards-{fmt}-{layout}{f'-{sheet}' if layout == 'sheet' else ''}-{target.value}.pdf"
    return Job(
        "cards",
        fmt,
        target,
        path or out_dir / name,
        layout=layout,
        sheet=sheet,
        moments=tuple(m.lower() for m in moments),
        full_text=full_text,
        punch=punch,
    )


def worksheets_job(
    paper: str,
    target: Target,
    path: Path | None,
    out_dir: Path = DEFAULT_OUTPUT,
    duplex: bool = False,
    fillable: bool = False,
) -> Job:
    paper = paper.lower()
    if paper not in WORKSHEET_PAPERS:
        raise SettingsError(f"unknown paper '{paper}': expected one of {', '.join(WORKSHEET_PAPERS)}")
    if fillable and target is Target.PRESS:
        raise SettingsError("form fields are for filling in on screen: use --target screen or office with --fillable")
    name = f"worksheets-{paper}-{target.value}{'-fillable' if fillable else ''}{'-duplex' if duplex else ''}.pdf"
    return Job("worksheets", paper, target, path or out_dir / name, duplex=duplex, fillable=fillable)


def default_build(out_dir: Path) -> list[Job]:
    """The set `principles build` makes."""
    return [
        poster_job("a2", Target.PRESS, None, out_dir),
        poster_job("a3", Target.OFFICE, None, out_dir),
        poster_job("a4", Target.OFFICE, None, out_dir),
        cards_job("a6", Target.OFFICE, None, out_dir, layout="sheet", sheet="a4"),
        cards_job("id1", Target.OFFICE, None, out_dir, layout="sheet", sheet="a4"),
        cards_job("a6", Target.PRESS, None, out_dir, layout="single"),
        worksheets_job("a4", Target.OFFICE, None, out_dir),
        worksheets_job("a4", Target.SCREEN, None, out_dir, fillable=True),
    ]
