"""What a product module declares about itself: its options, its jobs, its composition, its brand slots.

The registry lists the products; the CLI, build, batch and branding read their recipes from it, so
adding a product is one module with a `PRODUCT` recipe and one line in the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.records import frozen

if TYPE_CHECKING:
    from generator.brand import Brand
    from generator.content.model import Content
    from generator.fonts import Fonts
    from generator.plan import Item, PlanDocument
    from generator.settings import Job, Settings


@frozen
class Option:
    """One command-line option of a product's command, as plain data (the CLI turns it into Click).

    kind: "choice" (one of `choices`), "flag" (on/off), "switch" (--name/--no-name, default on)
    or "multiple" (repeatable value).
    """

    name: str  # the keyword the job builder takes
    flag: str  # e.g. "--size"
    kind: str
    help: str
    choices: tuple[str, ...] = ()
    default: Any = None
    metavar: str | None = None


@frozen
class Compose:
    """Everything a product's compose function may use; no files, paths or Click."""

    content: Content
    fonts: Fonts
    settings: Settings
    brand: Brand | None = None


BrandResolver = Callable[[Any, "Brand", "Fonts"], list["Item"]]


@frozen
class Product:
    """One product's whole recipe."""

    name: str  # the command and the `product` of its jobs
    help: str  # the command's help text (first line: what it makes)
    options: tuple[Option, ...]  # the product's own options besides target, bleed, output...
    job: Callable[..., Job]  # (**option values, target=, path=, out_dir=) -> Job, validated
    compose: Callable[[Job, Compose], PlanDocument]
    default_jobs: Callable[[Path], list[Job]]  # its entries in `principles build` (and batch)
    default_name: str  # the default file name shown in --help, e.g. "poster-SIZE-TARGET.pdf"
    brand_slots: dict[str, BrandResolver] = field(default_factory=dict)  # slot kind -> filler
    fillable: Callable[[Job], bool] = lambda job: False  # form fields drawn for this job
    # a job's rough cost against a poster's (1): `build` starts the longest first, so its processes end together
    weight: Callable[[Job], float] = lambda job: 1.0
