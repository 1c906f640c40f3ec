"""Plain exceptions for problems a user can fix; the CLI turns them into one-line messages."""

from __future__ import annotations


class PrinciplesError(Exception):
    """Base of every error a user can act on (bad content, assets, options or fit)."""


class ContentError(PrinciplesError):
    """One or more problems in the content folder, each naming file, key and expectation."""

    def __init__(self, problems: list[tuple[str, str, str]]):
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{file}: {key}: {message}" if key else f"{file}: {message}" for file, key, message in self.problems]


class SettingsError(PrinciplesError):
    """An option value that cannot be used."""


class AssetError(PrinciplesError):
    """A font or image that cannot be used."""


class FitError(PrinciplesError):
    """Text that does not fit its box even at the product's minimum size."""

    def __init__(self, product: str, element: str, source: str, detail: str, plural: bool = False):
        self.product, self.element, self.source, self.detail, self.plural = product, element, source, detail, plural
        verb = "do" if plural else "does"  # "the principles on pages 2 and 3 do not fit"
        super().__init__(f"{product}: {element} {verb} not fit ({detail}); shorten the text in {source}")

    def in_file(self, name: str) -> FitError:
        """The same error naming the file being made (one size of a product may fit and another not)."""
        return FitError(f"{self.product} ({name})", self.element, self.source, self.detail, self.plural)


class GlyphError(PrinciplesError):
    """Text needs characters that neither the main font nor the fallback font has."""
