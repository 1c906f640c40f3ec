"""`principles preview`: PNGs of pages as a reader sees them, rendered by PDFium.

Press files are cropped to the trim box, so the picture is what comes back from the guillotine.
"""

from __future__ import annotations

from pathlib import Path

SHEET_COLUMNS = 4
SHEET_GAP = 16  # px between pages on a contact sheet


def render_pages(path: Path, dpi: float, grey: bool) -> list:
    """One Pillow image per page, cropped to the TrimBox where the file has one."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    boxes = []
    for page in PdfReader(path).pages:
        media = [float(v) for v in page.mediabox]
        trim = [float(v) for v in page.trimbox] if "/TrimBox" in page else media
        boxes.append((media, trim))
    pdf = pdfium.PdfDocument(path)
    scale = dpi / 72
    images = []
    try:
        for index, (media, trim) in enumerate(boxes):
            page = pdf[index]
            crop = (trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3])
            image = page.render(scale=scale, crop=crop, grayscale=grey).to_pil()
            images.append(image.convert("L") if grey else image.convert("RGB"))
    finally:
        pdf.close()
    return images


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
