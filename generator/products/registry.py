"""The one list of products: the CLI, build, batch and branding read their recipes from here."""

from __future__ import annotations

from pathlib import Path

from generator.errors import SettingsError
from generator.products import cards, discussion, leaflet, poster, worksheets
from generator.products.recipe import Product
from generator.settings import Job

PRODUCTS: dict[str, Product] = {
    p.name: p
    for p in (
        poster.PRODUCT,
        cards.PRODUCT,
        worksheets.PRODUCT,
        leaflet.PRODUCT,
        discussion.PRODUCT,
    )
}


def product(name: str) -> Product:
    try:
        return PRODUCTS[name]
    except KeyError:
        raise SettingsError(f"unknown product '{name}': expected one of {', '.join(PRODUCTS)}") from None


def default_build(out_dir: Path, products: tuple[str, ...] | None = None) -> list[Job]:
    """The set `principles build` makes (optionally only some products), in the registry's order."""
    return [job for p in PRODUCTS.values() if products is None or p.name in products for job in p.default_jobs(out_dir)]
