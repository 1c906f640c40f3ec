"""Press colour from FOGRA39 measurement data: Lab and ΔE2000, the printed colour of a CMYK build,
and sRGB -> CMYK for logos and brand colours with black kept on the black plate.

The data files in assets/colour/ are made once, offline, by assets/colour/make_fogra39.py from
FOGRA39L.ti3 (see assets/colour/README.md); nothing here downloads or builds anything.
"""

from __future__ import annotations

import bisect
import itertools
import math
from functools import lru_cache
from pathlib import Path

GRID_FILE = "fogra39-cmyk-lab.txt.gz"  # CMYK -> Lab (D50, media-relative), on GRID_LEVELS^4
LUT_FILE = "srgb-to-fogra39.lut"  # LUT_SIZE^3 x CMYK bytes, red fastest: sRGB -> CMYK for images
GRID_LEVELS = (0, 5, 10, 15, 20, 30, 40, 50, 60, 70, 80, 90, 100)
LUT_SIZE = 33
D50 = (0.96422, 1.0, 0.82521)
# sRGB (D65) -> XYZ adapted to D50 with Bradford, as ICC profiles do.
SRGB_TO_XYZ_D50 = (
    (0.4360747, 0.3850649, 0.1430804),
    (0.2225045, 0.7168786, 0.0606169),
    (0.0139322, 0.0971045, 0.7141733),
)
PRESS_BLACK = (0, 0, 0, 100)  # what sRGB black becomes in images: the black plate alone
BPC_CHROMA = 40.0  # images: greys are fitted above PRESS_BLACK's lightness, colours from this chroma are not
TOTAL_INK = 300.0  # percent: FOGRA39's total area coverage limit
MIN_TINT = 5.0  # percent: the smallest dot a plate holds reliably
TEXT_COLOURS = ("ink", "muted")  # house colours used for small text: a second build in at most TEXT_PLATES
TEXT_PLATES = 2
SMALL_TEXT_PT = 12.0  # text under this size prints from at most TEXT_PLATES plates
DARK_L, DARK_CHROMA = 40.0, 30.0  # darks this close to neutral are built black-led
PALETTE_AIM = 2.0  # ΔE2000 the palette builds aim for (the limit is PALETTE_LIMIT)
PALETTE_LIMIT = 3.0
LOGO_LIMIT = 5.0

Lab = tuple[float, float, float]


def assets_dir() -> Path:
    """assets/colour: inside the installed package, or the checkout's."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "_assets" / "colour", package.parent / "assets" / "colour"):
        if (candidate / GRID_FILE).is_file():
            return candidate
    return package.parent / "assets" / "colour"


# --- Lab and ΔE2000 ---------------------------------------------------------------------------


def hex_to_rgb(hex_value: str) -> tuple[float, float, float]:
    return tuple(int(hex_value[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def xyz_to_lab(xyz: tuple[float, float, float]) -> Lab:
    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(v / w) for v, w in zip(xyz, D50))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def srgb_to_lab(rgb: tuple[float, float, float] | str) -> Lab:
    """Lab (D50) of an sRGB colour (0-1 channels or #rrggbb), as a screen shows it."""
    if isinstance(rgb, str):
        rgb = hex_to_rgb(rgb)
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    xyz = tuple(sum(m * c for m, c in zip(row, lin)) for row in SRGB_TO_XYZ_D50)
    return xyz_to_lab(xyz)  # type: ignore[arg-type]


def delta_e_2000(lab1: Lab, lab2: Lab) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1)."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar**7 / (c_bar**7 + 25.0**7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dl, dc = L2 - L1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    else:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    d_big_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_bar, c_bar_p = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_bar = (h1p + h2p) / 2
    else:
        h_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_bar - 30))
        + 0.24 * math.cos(math.radians(2 * h_bar))
        + 0.32 * math.cos(math.radians(3 * h_bar + 6))
        - 0.20 * math.cos(math.radians(4 * h_bar - 63))
    )
    sl = 1 + 0.015 * (l_bar - 50) ** 2 / math.sqrt(20 + (l_bar - 50) ** 2)
    sc = 1 + 0.045 * c_bar_p
    sh = 1 + 0.015 * c_bar_p * t
    rt = (
        -2
        * math.sqrt(c_bar_p**7 / (c_bar_p**7 + 25.0**7))
        * math.sin(math.radians(60 * math.exp(-(((h_bar - 275) / 25) ** 2))))
    )
    return math.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (d_big_h / sh) ** 2 + rt * (dc / sc) * (d_big_h / sh))


# --- FOGRA39: what a CMYK build prints as -----------------------------------------------------


@lru_cache(maxsize=1)
def _grid() -> list[Lab]:
    import gzip

    with gzip.open(assets_dir() / GRID_FILE, "rt", encoding="ascii") as f:
        rows = [line.split() for line in f if line.strip() and not line.startswith("#")]
    grid = [(float(L), float(a), float(b)) for L, a, b in rows]
    if len(grid) != len(GRID_LEVELS) ** 4:
        raise ValueError(f"{GRID_FILE}: expected {len(GRID_LEVELS) ** 4} rows, found {len(grid)}")
    return grid


def _locate(value: float) -> tuple[int, float]:
    """The grid cell a value (percent) falls in and how far across it."""
    value = min(max(value, 0.0), 100.0)
    i = min(bisect.bisect_right(GRID_LEVELS, value) - 1, len(GRID_LEVELS) - 2)
    lo, hi = GRID_LEVELS[i], GRID_LEVELS[i + 1]
    return i, (value - lo) / (hi - lo)


_CORNERS = [tuple((corner >> (3 - axis)) & 1 for axis in range(4)) for corner in range(16)]


def cmyk_to_lab(cmyk: tuple[float, float, float, float]) -> Lab:
    """The printed colour (D50 Lab, paper white = L 100) of a CMYK build in percent, under FOGRA39."""
    grid, n = _grid(), len(GRID_LEVELS)
    (ic, tc), (im, tm), (iy, ty), (ik, tk) = (_locate(v) for v in cmyk)
    base = ((ic * n + im) * n + iy) * n + ik
    L = a = b = 0.0
    for bc, bm, by, bk in _CORNERS:
        weight = (tc if bc else 1 - tc) * (tm if bm else 1 - tm) * (ty if by else 1 - ty) * (tk if bk else 1 - tk)
        if weight:
            node = grid[base + ((bc * n + bm) * n + by) * n + bk]
            L += weight * node[0]
            a += weight * node[1]
            b += weight * node[2]
    return L, a, b


def press_delta_e(hex_value: str, cmyk: tuple[float, float, float, float]) -> float:
    """ΔE2000 between a screen colour and a CMYK build (fractions 0-1) as FOGRA39 prints it."""
    return delta_e_2000(srgb_to_lab(hex_value), cmyk_to_lab(tuple(v * 100 for v in cmyk)))  # type: ignore[arg-type]


def read_ti3(path: Path) -> list[tuple[tuple[float, ...], Lab]]:
    """Measurements from an ArgyllCMS/CGATS .ti3 file: (CMYK percent, media-relative Lab D50)."""
    fields: list[str] = []
    rows: list[list[str]] = []
    in_data = in_format = False
    for line in path.read_text(encoding="latin-1").splitlines():
        word = line.split()[0] if line.split() else ""
        if word == "BEGIN_DATA_FORMAT":
            in_format = True
        elif word == "END_DATA_FORMAT":
            in_format = False
        elif word == "BEGIN_DATA":
            in_data = True
        elif word == "END_DATA":
            in_data = False
        elif in_format:
            fields += line.split()
        elif in_data and word:
            rows.append(line.split())
    col = {name: i for i, name in enumerate(fields)}
    xyz = [tuple(float(r[col[k]]) for k in ("XYZ_X", "XYZ_Y", "XYZ_Z")) for r in rows]
    paper = min(
        range(len(rows)), key=lambda i: sum(float(rows[i][col[k]]) for k in ("CMYK_C", "CMYK_M", "CMYK_Y", "CMYK_K"))
    )
    white = xyz[paper]
    out = []
    for r, (x, y, z) in zip(rows, xyz):
        cmyk = tuple(float(r[col[k]]) for k in ("CMYK_C", "CMYK_M", "CMYK_Y", "CMYK_K"))
        relative = (x / white[0] * D50[0], y / white[1] * D50[1], z / white[2] * D50[2])  # paper white -> D50
        out.append((cmyk, xyz_to_lab(relative)))
    return out


# --- sRGB -> CMYK for images and brand colours ------------------------------------------------


@lru_cache(maxsize=1)
def _lut():
    from PIL import ImageFilter

    raw = (assets_dir() / LUT_FILE).read_bytes()
    if len(raw) != LUT_SIZE**3 * 4:
        raise ValueError(f"{LUT_FILE}: expected {LUT_SIZE**3 * 4} bytes, found {len(raw)}")
    return ImageFilter.Color3DLUT(LUT_SIZE, [b / 255 for b in raw], channels=4, target_mode="CMYK")


def to_press(image):
    """An RGB (or greyscale) Pillow image converted to CMYK for FOGRA39 through the lookup table:
    greys and black on the black plate, colours with their grey component in K (full GCR)."""
    if image.mode == "CMYK":
        return limit_ink(image)
    return image.convert("RGB").filter(_lut())


def limit_ink(image, limit: float = TOTAL_INK):
    """A CMYK image with any pixel over `limit` percent total ink brought down to it: C, M and Y
    scaled down together, K kept (a supplied CMYK logo's rich black, say)."""
    from PIL import Image, ImageMath

    c, m, y, k = image.split()
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
    most = limit / 100 * 255
    if total.getextrema()[1] <= most:
        return image

    def scaled(channel):
        return ImageMath.lambda_eval(
            lambda a: a["convert"](
                a["min"](
                    a["float"](a["x"]), a["float"](a["x"]) * (most - a["k"]) / a["max"](a["c"] + a["m"] + a["y"], 1)
                ),
                "L",
            ),
            x=channel,
            c=c,
            m=m,
            y=y,
            k=k,
        )

    return Image.merge("CMYK", [scaled(c), scaled(m), scaled(y), k])


@lru_cache(maxsize=256)
def press_cmyk(hex_value: str) -> tuple[float, float, float, float]:
    """A screen colour's CMYK build for FOGRA39 (fractions 0-1), through the same table as logos,
    with any plate under MIN_TINT dropped."""
    from PIL import Image

    pixel = to_press(Image.new("RGB", (1, 1), tuple(round(c * 255) for c in hex_to_rgb(hex_value))))
    values = [v / 255 for v in pixel.getpixel((0, 0))]
    return tuple(round(v, 2) if v * 100 >= MIN_TINT else 0.0 for v in values)  # type: ignore[return-value]


@lru_cache(maxsize=64)
def text_build(hex_value: str) -> tuple[float, float, float, float] | None:
    """For text under SMALL_TEXT_PT: the build in at most TEXT_PLATES plates nearest the screen
    colour (ΔE2000), or None when press_cmyk already has no more plates than that."""
    if sum(1 for v in press_cmyk(hex_value) if v) <= TEXT_PLATES:
        return None
    target = srgb_to_lab(hex_value)
    best: tuple[float, tuple[float, ...]] = (math.inf, (0.0, 0.0, 0.0, 100.0))

    def consider(cmyk: tuple[float, ...]) -> None:
        nonlocal best
        de = delta_e_2000(target, cmyk_to_lab(cmyk))  # type: ignore[arg-type]
        if de < best[0]:
            best = (de, cmyk)

    used = [i for i, v in enumerate(press_cmyk(hex_value)) if v]
    steps = [0.0, *range(10, 101, 10)]
    for pair in itertools.combinations(used, 2):
        for a in steps:
            for b in steps:
                cmyk = [0.0] * 4
                cmyk[pair[0]], cmyk[pair[1]] = a, b
                consider(tuple(cmyk))
    improved = True
    while improved:  # then 1% at a time, one plate at a time, while it gets closer
        improved = False
        centre, before = best[1], best[0]
        for i in (i for i, v in enumerate(centre) if v):
            for d in (-5, -2, -1, 1, 2, 5):
                cmyk = list(centre)
                cmyk[i] = min(100.0, max(MIN_TINT, cmyk[i] + d))
                consider(tuple(cmyk))
        improved = best[0] < before - 1e-9
    return tuple(round(v / 100, 2) for v in best[1])  # type: ignore[return-value]
