"""Raster images for the press stage: oriented, downsampled to what print needs, flattened to CMYK for press."""

from __future__ import annotations

import io
import math
from functools import lru_cache

TARGET_PPI = 450  # larger images are scaled down to this at their placed size
MM_PER_INCH = 25.4


def effective_ppi(px_w: int, px_h: int, w_mm: float, h_mm: float) -> float:
    """The resolution an image has when printed at w_mm x h_mm."""
    return min(px_w / (w_mm / MM_PER_INCH), px_h / (h_mm / MM_PER_INCH))


@lru_cache(maxsize=4)
def _decoded(data: bytes):
    """The image decoded and turned upright, once for all the sizes it is placed at."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as opened:
        image = ImageOps.exif_transpose(opened)
        image.load()
    return image


def describe(data: bytes) -> str:
    """What press output does to this image, in words; empty when nothing changes."""
    image = _decoded(data)
    alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    changes = ["its transparency is flattened onto white paper"] if alpha else []
    if image.mode != "CMYK":
        changes.append("it is converted to CMYK")
    return "is changed for print: " + " and ".join(changes) if changes else ""


@lru_cache(maxsize=64)
def prepare(data: bytes, w_mm: float, h_mm: float, cmyk: bool):
    """The image as it should be embedded: upright, at most TARGET_PPI, CMYK and opaque for press."""
    from PIL import Image

    image = _decoded(data)
    max_w = math.ceil(w_mm / MM_PER_INCH * TARGET_PPI)
    max_h = math.ceil(h_mm / MM_PER_INCH * TARGET_PPI)
    if image.width > max_w * 1.05 or image.height > max_h * 1.05:
        scale = min(max_w / image.width, max_h / image.height)
        image = image.resize(
            (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
            Image.Resampling.LANCZOS,
            reducing_gap=2.0,
        )
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if image.mode not in ("RGB", "RGBA", "L", "CMYK"):
        image = image.convert("RGBA" if has_alpha else "RGB")
    if cmyk:
        if has_alpha:  # no transparency in PDF/X-1a: flatten onto the paper
            rgba = image.convert("RGBA")
            paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            image = Image.alpha_composite(paper, rgba)
        from generator.colour import to_press

        return to_press(image)  # FOGRA39 through the measured table, black on the black plate
    return image if image.mode in ("RGB", "RGBA", "L") else image.convert("RGB")
