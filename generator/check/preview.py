"""`principles preview`: PNGs of pages as a reader sees them, rendered by PDFium.

Press files are cropped to the trim box, so the picture is what comes back from the guillotine.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

SHEET_COLUMNS = 4
SHEET_GAP = 16  # px between pages on a contact sheet


PIXEL_BUDGET = 100_000_000  # pixels a page (and a contact sheet): about 300 MB of RGB while rendering
MIN_DPI, MAX_DPI = 10, 1200


def check_dpi(dpi: float) -> float:
    """A resolution a render can use; anything else is a usage error (the CLI turns it into one)."""
    if not math.isfinite(dpi) or not MIN_DPI <= dpi <= MAX_DPI:
        raise ValueError(f"{dpi:g} is not a resolution: expected a number of dots per inch from {MIN_DPI} to {MAX_DPI}")
    return dpi


def page_boxes(path: Path) -> list[tuple[list[float], list[float]]]:
    """Each page's MediaBox and TrimBox (the MediaBox where there is none), in points. A file that
    is not a PDF says so in one line (what `check` says), and pypdf's own complaints stay quiet."""
    from pypdf import PdfReader

    from generator.check import quiet_libraries
    from generator.errors import PrinciplesError

    with path.open("rb") as fh:
        if b"%PDF-" not in fh.read(1024):
            raise PrinciplesError(f"{path}: not a PDF: it does not begin with %PDF-")
    boxes = []
    with quiet_libraries():
        for page in PdfReader(path).pages:
            media = [float(v) for v in page.mediabox]
            trim = [float(v) for v in page.trimbox] if "/TrimBox" in page else media
            boxes.append((media, trim))
    return boxes


def _pixels(trim: list[float], dpi: float) -> tuple[int, int]:
    return round(abs(trim[2] - trim[0]) / 72 * dpi), round(abs(trim[3] - trim[1]) / 72 * dpi)


def _largest_dpi(area_pt2: float) -> int:
    return max(1, math.floor(72 * math.sqrt(PIXEL_BUDGET / area_pt2)))


def check_budget(path: Path, boxes, dpi: float, sheet: bool) -> None:
    """Refuse, before anything is rendered, a page (or contact sheet) over the pixel budget."""
    from generator.errors import SettingsError

    areas = [abs(t[2] - t[0]) * abs(t[3] - t[1]) for _, t in boxes]
    for n, (_, trim) in enumerate(boxes, start=1):
        w, h = _pixels(trim, dpi)
        if w * h > PIXEL_BUDGET:
            raise SettingsError(
                f"{path}: page {n} at {dpi:g} dpi would be {w} x {h} px ({w * h / 1e6:.0f} megapixels), over the "
                f"{PIXEL_BUDGET // 1_000_000} megapixels a preview may use: use --dpi {_largest_dpi(areas[n - 1])} or less"
            )
    total = sum(w * h for w, h in (_pixels(t, dpi) for _, t in boxes))
    if sheet and total > PIXEL_BUDGET:
        raise SettingsError(
            f"{path}: a contact sheet of {len(boxes)} pages at {dpi:g} dpi would be {total / 1e6:.0f} megapixels, over "
            f"{PIXEL_BUDGET // 1_000_000}: use --dpi {_largest_dpi(sum(areas))} or less"
        )


def render_pages(path: Path, dpi: float, grey: bool, sheet: bool = False) -> Iterator:
    """One Pillow image per page, cropped to the TrimBox where the file has one, made one at a
    time so that only one page is held in memory (unless they are for a contact sheet).
    """
    import pypdfium2 as pdfium

    check_dpi(dpi)
    boxes = page_boxes(path)
    check_budget(path, boxes, dpi, sheet)
    pdf = pdfium.PdfDocument(path)
    scale = dpi / 72
    try:
        for index, (media, trim) in enumerate(boxes):
            page = pdf[index]
            crop = (trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3])
            image = page.render(scale=scale, crop=crop, grayscale=grey).to_pil()
            yield image.convert("L") if grey else image.convert("RGB")
    finally:
        pdf.close()


def contact_sheet(images: list, grey: bool):
    """All pages on one image, in rows of four, scaled to the same height."""
    from PIL import Image

    height = max(i.height for i in images)
    scaled = [i if i.height == height else i.resize((round(i.width * height / i.height), height)) for i in images]
    rows = [scaled[i : i + SHEET_COLUMNS] for i in range(0, len(scaled), SHEET_COLUMNS)]
    width = max(sum(i.width for i in row) + SHEET_GAP * (len(row) + 1) for row in rows)
    total_h = len(rows) * (height + SHEET_GAP) + SHEET_GAP
    sheet = Image.new("L" if grey else "RGB", (width, total_h), 200 if grey else (200, 200, 200))
    y = SHEET_GAP
    for row in rows:
        x = SHEET_GAP
        for image in row:
            sheet.paste(image, (x, y))
            x += image.width + SHEET_GAP
        y += height + SHEET_GAP
    return sheet


def png_bytes(image) -> bytes:
    import io

    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
