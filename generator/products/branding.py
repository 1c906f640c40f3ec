"""Fills the brand slots that products keep: the only per-organisation layout work.

Products lay out BrandSlot items; this turns them into the brand's logo, name, address and QR
code. A single build fills them straight away; a batch lays out once and fills them per edition.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from generator.brand import Brand
from generator.fonts import Fonts
from generator.plan import BrandSlot, PlanDocument
from generator.products.registry import PRODUCTS


@cache
def resolvers() -> dict:
    """Slot kind -> its filler, from every product's recipe (only a brand to fill loads them all)."""
    return {kind: fill for p in PRODUCTS.values() for kind, fill in p.brand_slots.items()}


def fill_brand(plan: PlanDocument, brand: Brand | None, fonts: Fonts) -> PlanDocument:
    """The plan with every brand slot replaced by the brand's items (or emptied without a brand)."""
    cache: dict = {}
    pages = []
    for page in plan.pages:
        items = []
        for item in page.brand:
            if not isinstance(item, BrandSlot):
                items.append(item)
            elif brand is not None:
                # the same slot at another place (cards on a sheet) is filled once and moved there
                key = (item.kind, item.rect.w, item.rect.h, item.params)
                if key not in cache:
                    origin = replace(item, rect=replace(item.rect, x=0.0, y=0.0))
                    cache[key] = resolvers()[item.kind](origin, brand, fonts)
                groups = item.role.groups  # the elements the slot's items are read in (a card's section)
                items += [_grouped(_moved(i, item.rect.x, item.rect.y), groups) for i in cache[key]]
        pages.append(replace(page, brand=tuple(items)))
    return replace(plan, pages=tuple(pages))


def _grouped(item, groups: tuple):
    return replace(item, role=item.role.inside(*groups)) if groups else item


def _moved(item, dx: float, dy: float):
    from generator.plan import translate

    return translate(item, dx, dy) if dx or dy else item
