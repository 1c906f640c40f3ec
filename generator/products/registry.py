"""The one list of products: the CLI, build, batch and branding read their recipes from here."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from generator.errors import SettingsError
from generator.products.recipe import Product
from generator.settings import Job

# each product's name (its command, and its PRODUCT's name) and its module, in the registry's order
_MODULES = {
    "poster": "poster",
    "cards": "cards",
    "worksheets": "worksheets",
    "leaflet": "leaflet",
    "discussion-cards": "discussion",
}


class _Registry(Mapping[str, Product]):
    """name -> recipe, in the registry's order. A product's module is imported the first time its
    recipe is asked for, so `principles poster` loads no other product (15-25 ms a process)."""

    def __getitem__(self, name: str) -> Product:
        module = importlib.import_module(f"generator.products.{_MODULES[name]}")
        return module.PRODUCT

    def __contains__(self, name: object) -> bool:
        return name in _MODULES

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


PRODUCTS: Mapping[str, Product] = _Registry()


def product(name: str) -> Product:
    try:
        return PRODUCTS[name]
    except KeyError:
        raise SettingsError(f"unknown product '{name}': expected one of {', '.join(PRODUCTS)}") from None


def default_build(out_dir: Path, products: tuple[str, ...] | None = None) -> list[Job]:
    """The set `principles build` makes (optionally only some products), in the registry's order."""
    return [job for p in PRODUCTS.values() if products is None or p.name in products for job in p.default_jobs(out_dir)]
