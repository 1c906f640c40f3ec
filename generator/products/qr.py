"""QR codes for web addresses, encoded by zxing-cpp (a C++ encoder and decoder), drawn as one path."""

from __future__ import annotations

from functools import lru_cache

from generator.plan import Item, Path, Role, Shape
from generator.theme import INK, PAPER
from generator.units import Rect

QUIET_MODULES = 4  # the quiet zone the QR standard asks for, on every side


@lru_cache(maxsize=256)
def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The code's modules, dark = True, at error correction level M (15% of the code can be lost).

    zxing-cpp encodes in about 0.1 ms what ReportLab's pure-Python encoder took 7 ms for (it
    tries all eight mask patterns in Python): a batch draws one code an edition."""
    import zxingcpp

    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    symbol = code.to_image(scale=1, add_quiet_zones=False)  # a byte a module: 0 is dark
    n, pixels = symbol.shape[0], bytes(symbol)  # type: ignore[call-overload]  # it is a buffer
    return tuple(tuple(pixels[r * n + c] == 0 for c in range(n)) for r in range(n))


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
