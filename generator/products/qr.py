"""QR codes for the brand's web address, encoded by ReportLab's own QR widget, drawn as one path."""

from __future__ import annotations

from functools import lru_cache

from generator.plan import Item, Path, Role, Shape
from generator.theme import INK, PAPER
from generator.units import Rect

QUIET_MODULES = 4  # the quiet zone the QR standard asks for, on every side


@lru_cache(maxsize=256)
def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The code's modules, dark = True, from reportlab.graphics.barcode.qr.QrCodeWidget."""
    from reportlab.graphics.barcode.qr import QrCodeWidget

    widget = QrCodeWidget(url, barLevel="M", barBorder=QUIET_MODULES)
    widget.qr.make()
    n = widget.qr.getModuleCount()
    return tuple(tuple(bool(widget.qr.isDark(r, c)) for c in range(n)) for r in range(n))


def qr_size(url: str, symbol_mm: float) -> float:
    """Total width (mm) of a code whose symbol is at least symbol_mm, quiet zone included."""
    n = len(qr_matrix(url))
    return symbol_mm * (n + 2 * QUIET_MODULES) / n


def qr_code(url: str, x: float, y: float, symbol_mm: float, order: int = 0) -> list[Item]:
    """A QR code with its top-left (quiet zone included) at (x, y); dark modules on a paper square.

    It is a figure whose alternative text gives the address; order is its reading rank."""
    matrix = qr_matrix(url)
    n = len(matrix)
    module = symbol_mm / n
    total = module * (n + 2 * QUIET_MODULES)
    ops: list[tuple] = []
    for r, row in enumerate(matrix):
        c = 0
        while c < n:  # one rectangle per run of dark modules in a row
            if not row[c]:
                c += 1
                continue
            start = c
            while c < n and row[c]:
                c += 1
            x0 = (QUIET_MODULES + start) * module
            x1 = (QUIET_MODULES + c) * module
            y0 = (QUIET_MODULES + r) * module
            ops += [("M", x0, y0), ("L", x1, y0), ("L", x1, y0 + module), ("L", x0, y0 + module), ("Z",)]
    return [
        Shape(Rect(x, y, total, total), fill=PAPER),
        Path(
            tuple(ops),
            fill=INK,
            role=Role.figure(f"QR code for {url}").read(order),
            dx=x,
            dy=y,
            reuse=f"qr {symbol_mm:.4f} {url}",
        ),
    ]
