"""QR codes for web addresses, encoded by ReportLab's own QR encoder, drawn as one path."""

from __future__ import annotations

from functools import lru_cache

from generator.plan import Item, Path, Role, Shape
from generator.theme import INK, PAPER
from generator.units import Rect

QUIET_MODULES = 4  # the quiet zone the QR standard asks for, on every side


@lru_cache(maxsize=256)
def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The code's modules, dark = True, from ReportLab's QR encoder (the one its QrCodeWidget uses).

    The encoder module is loaded on its own: importing it through its package would load every
    barcode and ReportLab's page-layout engine, which nothing here needs (a poster starts quicker)."""
    qrencoder = _encoder()
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    n = code.getModuleCount()
    return tuple(tuple(bool(code.isDark(r, c)) for c in range(n)) for r in range(n))


@lru_cache(maxsize=1)
def _encoder():
    """reportlab/graphics/barcode/qrencoder.py (it imports only re and itertools), without its package."""
    import importlib.util
    from pathlib import Path

    import reportlab

    path = Path(reportlab.__file__).parent / "graphics" / "barcode" / "qrencoder.py"
    spec = importlib.util.spec_from_file_location("generator._qrencoder", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
