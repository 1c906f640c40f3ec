"""Raster images for the press stage: oriented, downsampled to what print needs, flattened to CMYK for press."""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from functools import lru_cache

SHARE = 1.25  # an image prepared for one size is placed at sizes down to 1/SHARE of it (up to 560 ppi)
MM_PER_INCH = 25.4


def effective_ppi(px_w: int, px_h: int, w_mm: float, h_mm: float) -> float:
    """The resolution an image has when printed at w_mm x h_mm."""
    return min(px_w / (w_mm / MM_PER_INCH), px_h / (h_mm / MM_PER_INCH))


@lru_cache(maxsize=4)
def decoded(data: bytes):
    """The image decoded, turned upright and in one of the modes the PDF stage takes: once for
    all the sizes it is placed at, and for generator.brand.load_logo, which opens it first.
    """
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as opened:
        opened.load()
        cmyk_source = opened.mode == "CMYK"
        image = normalise(ImageOps.exif_transpose(opened))
    image.info["principles_cmyk_source"] = cmyk_source
    return image


def has_alpha(image) -> bool:
    """Whether any pixel can be see-through: an alpha channel or a transparent colour."""
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info


def normalise(image):
    """Any mode a design tool exports -> L, RGB, RGBA or CMYK (8 bits a channel).

    1 -> L; LA, PA and P, L or RGB with a transparent colour -> RGBA; P -> RGB; 16- and 32-bit
    greyscale (I;16 in either byte order, I, F) -> L, scaled from their own range.
    """
    mode = image.mode
    if mode in ("L", "RGB", "RGBA", "CMYK") and "transparency" not in image.info:
        return image
    if mode == "1":
        return image.convert("L")
    if mode.startswith("I;16") or mode in ("I", "F"):
        return _deep_grey(image)
    if has_alpha(image):
        return image.convert("RGBA")
    return image.convert("RGB")


def _deep_grey(image):
    """A 16-bit, 32-bit or floating-point greyscale image as 8-bit L."""
    if image.mode.startswith("I;16"):
        image = image.convert("I")  # Pillow reads I;16, I;16L and I;16B into 32-bit I
    low, high = image.getextrema()
    if image.mode == "F" and high <= 1.0:  # floating point in 0..1
        scale = 255.0
    elif high > 255:  # 16 bits (or more)
        scale = 255.0 / (65535 if high <= 65535 else high)
    else:
        scale = 1.0
    return image.point(lambda v: v * scale).convert("L") if scale != 1.0 else image.convert("L")


def describe(data: bytes) -> str:
    """What press output does to this image, in words; empty when nothing changes."""
    image = decoded(data)
    alpha = has_alpha(image)
    changes, lacks = (["its transparency is flattened onto white paper"], ["transparency"]) if alpha else ([], [])
    if not image.info.get("principles_cmyk_source"):
        changes.append("it is converted to CMYK")
        lacks.append("RGB")
    if not changes:
        return ""
    allows = "neither " + " nor ".join(lacks) if len(lacks) > 1 else "no " + lacks[0]
    return f"is changed for print: {' and '.join(changes)} (PDF/X-1a allows {allows})"


def shared_sizes(placements: list[tuple[int, float, float]]) -> dict[tuple[int, float, float], tuple[float, float]]:
    """For each (image, w_mm, h_mm) placement, the size to prepare it at: the largest placements
    are prepared as they are, and a smaller one of the same shape within SHARE of a prepared size
    reuses that image, scaled down when placed. A batch's overlay places each logo at seven sizes;
    this prepares, converts and embeds four."""
    chosen: dict[tuple[int, float, float], tuple[float, float]] = {}
    prepared: dict[int, list[tuple[float, float]]] = {}
    for key in sorted(set(placements), key=lambda p: (p[0], -p[1] * p[2])):
        image, w, h = key
        for pw, ph in prepared.setdefault(image, []):
            if w * SHARE >= pw and h * SHARE >= ph and abs(pw * h - ph * w) <= 0.01 * pw * h:
                chosen[key] = (pw, ph)
                break
        else:
            prepared[image].append((w, h))
            chosen[key] = (w, h)
    return chosen


def forget() -> None:
    """Drop the decoded and prepared images: a batch calls this after each edition, whose logo it
    will not place again (kept, 125 editions' logos held about 1 MiB each in every worker)."""
    prepare.cache_clear()
    _fitted.cache_clear()
    decoded.cache_clear()


def derived_from(
    sizes: Iterable[tuple[int, float, float]],
) -> dict[tuple[int, float, float], tuple[tuple[float, float], ...]]:
    """For each size an image is prepared at (image, w_mm, h_mm), the larger sizes of the same
    shape it is prepared at, largest first: each is made from the next larger, which is
    already upright, scaled and (for press) flattened and converted, instead of from the source.
    A batch's overlay places each logo at 70 mm and 17 mm for press: the small one is then a
    scaling of the converted large one (1 ms) instead of a scaling, flattening and conversion
    of the source (5 ms)."""
    chains: dict[tuple[int, float, float], tuple[tuple[float, float], ...]] = {}
    larger: dict[int, list[tuple[float, float]]] = {}
    for image, w, h in sorted(set(sizes), key=lambda s: (s[0], -s[1] * s[2])):
        for pw, ph in reversed(larger.setdefault(image, [])):  # the smallest larger one first
            if abs(pw * h - ph * w) <= 0.01 * pw * h:
                chains[(image, w, h)] = (*chains.get((image, pw, ph), ()), (pw, ph))
                break
        larger[image].append((w, h))
    return chains


def _pixels(size: tuple[int, int], w_mm: float, h_mm: float, ppi: tuple[float, float]) -> tuple[int, int]:
    """The pixel size an image of `size` pixels is embedded at for w_mm x h_mm: scaled down to
    ppi[0] where it is more detailed than ppi[1], else as it is."""
    width, height = size
    target, above = ppi
    max_w = math.ceil(w_mm / MM_PER_INCH * target)
    max_h = math.ceil(h_mm / MM_PER_INCH * target)
    if width > max_w * above / target or height > max_h * above / target:
        scale = min(max_w / width, max_h / height)
        return max(1, round(width * scale)), max(1, round(height * scale))
    return width, height


@lru_cache(maxsize=64)
def prepare(
    data: bytes,
    w_mm: float,
    h_mm: float,
    cmyk: bool,
    ppi: tuple[float, float],
    larger: tuple[tuple[float, float], ...] = (),
):
    """The image as it should be embedded: upright, scaled down to ppi[0] where it is more
    detailed than ppi[1] (a target's image_ppi and image_ppi_above), CMYK and opaque for press.
    larger: the larger sizes of the same shape it is also prepared at, largest first
    (derived_from): it is made from the last of them."""
    from PIL import Image

    if larger:
        parent = prepare(data, *larger[-1], cmyk, ppi, larger[:-1])
        size = _pixels(decoded(data).size, w_mm, h_mm, ppi)
        if size == parent.size:
            return parent
        if size[0] < parent.width and size[1] < parent.height:
            if not cmyk:
                return parent.resize(size, Image.Resampling.LANCZOS, reducing_gap=1.0)
            # press: an average of converted pixels (BOX: no ringing), whose plates, each rounded
            # apart, can add up to a little over the ink limit where the larger image sat on it
            from generator.colour import limit_ink

            return limit_ink(parent.resize(size, Image.Resampling.BOX))
    image = _fitted(data, w_mm, h_mm, ppi)
    alpha = has_alpha(image)
    image = normalise(image)
    if cmyk:
        if alpha:  # no transparency in PDF/X-1a: flatten onto the paper
            rgba = image.convert("RGBA")
            paper = Image.new("RGB", rgba.size, (255, 255, 255))
            paper.paste(rgba, mask=rgba)  # blended by its alpha: twice as quick as alpha_composite
            image = paper
        from generator.colour import to_press

        return to_press(image)  # FOGRA39 through the measured table, black on the black plate
    return image if image.mode in ("RGB", "RGBA", "L") else image.convert("RGB")


@lru_cache(maxsize=32)
def _fitted(data: bytes, w_mm: float, h_mm: float, ppi: tuple[float, float]):
    """The decoded image scaled down to ppi[0] at this size where it is more detailed than ppi[1]:
    once for every colour mode that asks the same."""
    from PIL import Image

    image = decoded(data)
    size = _pixels(image.size, w_mm, h_mm, ppi)
    if size != image.size:
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=1.0)
    return image
