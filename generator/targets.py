"""What each output target means, in one table: layout, the PDF stage and preflight all read it.

No other module asks which target it is: they ask the profile for the fact they need.
"""

from __future__ import annotations

from enum import Enum

from generator.records import frozen


class Target(str, Enum):
    """Where a PDF is going: the key of its profile."""

    PRESS = "press"
    OFFICE = "office"
    SCREEN = "screen"

    @property
    def profile(self) -> TargetProfile:
        return PROFILES[self]

    # The facts most callers want, read from the profile.
    @property
    def cmyk(self) -> bool:
        return self.profile.cmyk

    @property
    def has_bleed(self) -> bool:
        return self.profile.bleed

    @property
    def bookmarks(self) -> bool:
        return self.profile.bookmarks

    @property
    def edge_clearance(self) -> float:
        return self.profile.edge_clearance


@frozen
class TargetProfile:
    """One target's rules. Distances in mm, resolutions in ppi, sizes in pt."""

    name: str
    help: str  # one line for the CLI's --target help
    bleed: bool  # pages carry bleed (and its range below)
    marks: bool  # crop marks outside the bleed
    cmyk: bool  # colour model: CMYK (True) or RGB
    edge_clearance: float  # mm at the paper edge kept clear of ink (desktop printers)
    pdf_version: str
    pdfx: bool  # PDF/X-1a:2003 keys and output intent
    tagged: bool  # tagged PDF (PDF/UA-1)
    bookmarks: bool  # an outline even for short documents
    forms: bool  # form fields allowed (fillable worksheets)
    sheet_layouts: bool  # n-up sheets for cutting at the desk (cards) are allowed
    desk_printed: bool  # printed on a desktop printer: sheet layouts are the default (leaflet imposed)
    safe_text: float  # preflight: text this close to the trim (or paper edge) fails
    ppi_fail: int | None  # preflight: images under this fail (None: never)
    ppi_warn: int | None  # preflight: images under this warn
    # images more detailed than image_ppi_above at their placed size are scaled down to image_ppi
    # (a logo is often 1000-5000 px wide: more than a page needs, and slow to convert and embed)
    image_ppi: float
    image_ppi_above: float
    transparency_allowed: bool
    rgb_allowed: bool
    preflight: bool  # build runs the full PDF preflight before writing (the plan's safe-area check runs always)


DEFAULT_BLEED = 3.0  # mm: what print shops ask for
BLEED_RANGE = (3.0, 20.0)  # mm: under 3 a shop's preflight rejects the file; over 20 is a mistake
DEFAULT_OUTPUT_INTENT = "fogra39"
DEFAULT_TARGET = "office"
LOGO_PPI_MIN = 150  # a press logo under this is refused (unless --allow-low-res)
LOGO_PPI_GOOD = 300  # under this it is warned about

PROFILES: dict[Target, TargetProfile] = {
    Target.PRESS: TargetProfile(
        name="press",
        help="press: bleed, crop marks, CMYK (PDF/X-1a).",
        bleed=True,
        marks=True,
        cmyk=True,
        edge_clearance=0.0,
        pdf_version="1.4",
        pdfx=True,
        tagged=False,
        bookmarks=False,
        forms=False,
        sheet_layouts=False,
        desk_printed=False,
        safe_text=3.0,
        ppi_fail=LOGO_PPI_MIN,
        ppi_warn=LOGO_PPI_GOOD,
        image_ppi=450,  # offset plates are imaged at 2400 dpi and up: 450 keeps fine lettering crisp
        image_ppi_above=472.5,
        transparency_allowed=False,
        rgb_allowed=False,
        preflight=True,
    ),
    Target.OFFICE: TargetProfile(
        name="office",
        help="office: RGB, 5 mm margin.",
        bleed=False,
        marks=False,
        cmyk=False,
        edge_clearance=5.0,
        pdf_version="1.7",
        pdfx=False,
        tagged=True,
        bookmarks=False,
        forms=True,
        sheet_layouts=True,
        desk_printed=True,
        safe_text=5.0,
        ppi_fail=None,
        ppi_warn=LOGO_PPI_MIN,
        image_ppi=300,  # what office printers resolve (as Acrobat's Press Quality: 300 above 450)
        image_ppi_above=450,
        transparency_allowed=True,
        rgb_allowed=True,
        preflight=False,
    ),
    Target.SCREEN: TargetProfile(
        name="screen",
        help="screen: RGB, bookmarks.",
        bleed=False,
        marks=False,
        cmyk=False,
        edge_clearance=0.0,
        pdf_version="1.7",
        pdfx=False,
        tagged=True,
        bookmarks=True,
        forms=True,
        sheet_layouts=True,
        desk_printed=False,
        safe_text=0.0,
        ppi_fail=None,
        ppi_warn=None,
        image_ppi=300,  # sharp at 300% zoom on a laptop screen, and printed at the desk
        image_ppi_above=450,
        transparency_allowed=True,
        rgb_allowed=True,
        preflight=False,
    ),
}


def profile(name: str | Target) -> TargetProfile:
    """The profile for a target name ('press', 'office', 'screen')."""
    return Target(name.value if isinstance(name, Target) else name.lower()).profile


TARGET_NAMES = tuple(t.value for t in Target)
