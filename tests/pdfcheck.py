"""Helpers that read PDFs with pypdf and pdfplumber, never with the generator's own knowledge."""

from __future__ import annotations

import re
from pathlib import Path

MM = 72 / 25.4


def boxes(path: Path, page: int = 0) -> dict[str, list[float]]:
    from pypdf import PdfReader

    p = PdfReader(path).pages[page]
    return {name: [float(v) for v in getattr(p, name)] for name in ("mediabox", "trimbox", "bleedbox")}


def fonts(path: Path) -> list[tuple[str, bool]]:
    """(base font, embedded?) for every font resource on every page, descendants included."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(path).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            out.append((str(font.get("/BaseFont")), embedded))
    return out


def content_operators(path: Path) -> set[str]:
    """Colour operators used in every page's content stream."""
    from pypdf import PdfReader

    ops = set()
    for page in PdfReader(path).pages:
        data = page.get_contents().get_data().decode("latin-1")
        ops |= set(re.findall(r"(?<![A-Za-z])(rg|RG|k|K|g|G|sc|SC|scn|SCN|cs|CS)(?![A-Za-z])", data))
    return ops


def text(path: Path) -> str:
    """All text in content-stream order (so side-by-side columns do not interleave)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def chars(path: Path, page: int = 0) -> list[dict]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return list(pdf.pages[page].chars)


def normalise(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def printed(s: str) -> str:
    """Content text as the products print it: straight quotes and apostrophes made typographic."""
    from generator.layout.text import typographic

    return typographic(s)


def filled(path: Path, page: int, rgb: tuple[float, float, float], tol: float = 0.01) -> list[dict]:
    """Filled curves and rectangles of one RGB colour, as pdfplumber objects (bbox in points)."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        p = pdf.pages[page]
        shapes = list(p.curves) + list(p.rects)
    out = []
    for s in shapes:
        colour = s.get("non_stroking_color")
        if s.get("fill") and colour and len(colour) == 3 and all(abs(a - b) <= tol for a, b in zip(colour, rgb)):
            out.append(s)
    return out


def page_texts(path: Path) -> list[str]:
    """Each page's text, whitespace folded, in content-stream order."""
    from pypdf import PdfReader

    return [normalise(p.extract_text() or "") for p in PdfReader(path).pages]


def chars_in(chars: list[dict], box: tuple[float, float, float, float]) -> str:
    x0, top, x1, bottom = box
    return "".join(
        c["text"]
        for c in chars
        if c["x0"] >= x0 - 0.5 and c["x1"] <= x1 + 0.5 and c["top"] >= top - 0.5 and c["bottom"] <= bottom + 0.5
    )
