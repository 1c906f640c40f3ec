"""Offline: turn FOGRA39 characterisation data into the colour data the generator uses.

Run once, by hand, when the data or the method changes (never at build time):

    apt-get install argyll icc-profiles-free       # colprof and xicclu; FOGRA39L.ti3
    pip install numpy scipy
    python assets/colour/make_fogra39.py           # rewrites the files below, prints the palette table

Inputs:  assets/colour/FOGRA39L.ti3 (a copy of Debian icc-profiles-free's file; see LICENSE).
Outputs, all in assets/colour/:
  FOGRA39L-principles.icc   ArgyllCMS colprof's profile fitted to the 1617 measurements (ramp K, TAC 300%)
  fogra39-cmyk-lab.txt.gz   the profile's CMYK -> Lab (D50, media-relative) on a grid, for generator/colour.py
  srgb-to-fogra39.lut       33^3 sRGB -> CMYK for logos and brand colours, full GCR, black kept in K
and a Markdown table of the house palette's press builds (to paste into theme.py and the README).
"""

from __future__ import annotations

import gzip
import itertools
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from generator import colour  # noqa: E402  (the same constants and formulas the generator reads with)

TI3 = HERE / "FOGRA39L.ti3"
ICC = HERE / "FOGRA39L-principles.icc"
GRID = HERE / colour.GRID_FILE
LUT = HERE / colour.LUT_FILE
LEVELS = np.array(colour.GRID_LEVELS, dtype=float)
TAC = colour.TOTAL_INK  # total area coverage limit, percent
LUT_SIZE = colour.LUT_SIZE


# --- the profile and the forward grid ---------------------------------------------------------


def make_profile(work: Path) -> None:
    shutil.copy(TI3, work / "FOGRA39L.ti3")
    subprocess.run(
        [
            "colprof",
            "-v",
            "-qm",
            "-kr",
            f"-l{TAC:g}",
            "-L100",
            "-D",
            "FOGRA39L (principles)",
            "-O",
            str(ICC),
            "FOGRA39L",
        ],
        cwd=work,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def xicclu_lab(cmyk_percent: np.ndarray) -> np.ndarray:
    """CMYK (percent) -> media-relative Lab through the profile's A2B table, with ArgyllCMS."""
    text = "\n".join(" ".join(f"{v / 100:.4f}" for v in row) for row in cmyk_percent) + "\n"
    out = subprocess.run(
        ["xicclu", "-v0", "-ff", "-ir", "-pl", str(ICC)], input=text, capture_output=True, text=True, check=True
    ).stdout
    return np.array([[float(v) for v in line.split()[:3]] for line in out.splitlines() if line.strip()])


def make_grid() -> np.ndarray:
    nodes = np.array(list(itertools.product(LEVELS, repeat=4)))  # C slowest, K fastest
    lab = xicclu_lab(nodes)
    lines = [
        f"# FOGRA39 CMYK -> Lab (D50, media-relative) from {ICC.name}; levels {' '.join(f'{v:g}' for v in LEVELS)}"
    ]
    lines += [f"{L:.2f} {a:.2f} {b:.2f}" for L, a, b in lab]
    with GRID.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(("\n".join(lines) + "\n").encode())
    return lab.reshape((len(LEVELS),) * 4 + (3,))


def forward(grid: np.ndarray, cmyk: np.ndarray) -> np.ndarray:
    """Quadrilinear interpolation of the grid, vectorised (the same sums as colour.cmyk_to_lab)."""
    idx, frac = [], []
    for axis in range(4):
        v = np.clip(cmyk[:, axis], 0, 100)
        i = np.clip(np.searchsorted(LEVELS, v, side="right") - 1, 0, len(LEVELS) - 2)
        idx.append(i)
        frac.append((v - LEVELS[i]) / (LEVELS[i + 1] - LEVELS[i]))
    out = np.zeros((len(cmyk), 3))
    for corner in itertools.product((0, 1), repeat=4):
        w = np.ones(len(cmyk))
        for axis, bit in enumerate(corner):
            w = w * (frac[axis] if bit else 1 - frac[axis])
        out += w[:, None] * grid[idx[0] + corner[0], idx[1] + corner[1], idx[2] + corner[2], idx[3] + corner[3]]
    return out


# --- colour maths, vectorised -----------------------------------------------------------------


def srgb_to_lab(rgb: np.ndarray, black_point: float = 0.0, bpc_chroma: float = 1.0) -> np.ndarray:
    """Lab (D50) of sRGB rows. With black_point (a luminance Y), black point compensation: the
    whole of a grey's range is fitted between that black and paper white, less so as chroma grows
    (full at chroma 0, none from bpc_chroma): saturated darks keep the depth CMY+K can print."""
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = lin @ np.array(colour.SRGB_TO_XYZ_D50).T
    if black_point:
        lab = xyz_to_lab(xyz)
        weight = np.clip(1 - np.hypot(lab[:, 1], lab[:, 2]) / bpc_chroma, 0, 1)[:, None]
        xyz = xyz + weight * black_point * (np.array(colour.D50)[None, :] - xyz)
    return xyz_to_lab(xyz)


def xyz_to_lab(xyz: np.ndarray) -> np.ndarray:
    f = xyz / np.array(colour.D50)
    f = np.where(f > (6 / 29) ** 3, np.cbrt(f), f / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[:, 1] - 16, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], axis=1)


def de2000(lab1: np.ndarray, lab2: np.ndarray) -> np.ndarray:
    """CIEDE2000 between rows (broadcasting), the same formula as colour.delta_e_2000."""
    L1, a1, b1 = lab1[..., 0], lab1[..., 1], lab1[..., 2]
    L2, a2, b2 = lab2[..., 0], lab2[..., 1], lab2[..., 2]
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    g = 0.5 * (1 - np.sqrt(c_bar**7 / (c_bar**7 + 25.0**7)))
    a1p, a2p = a1 * (1 + g), a2 * (1 + g)
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dl, dc = L2 - L1, c2p - c1p
    dh = h2p - h1p
    dh = np.where(dh > 180, dh - 360, np.where(dh < -180, dh + 360, dh))
    dh = np.where(c1p * c2p == 0, 0, dh)
    dH = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh / 2))
    l_bar, c_bar_p = (L1 + L2) / 2, (c1p + c2p) / 2
    hs = h1p + h2p
    h_bar = np.where(
        c1p * c2p == 0,
        hs,
        np.where(np.abs(h1p - h2p) <= 180, hs / 2, np.where(hs < 360, (hs + 360) / 2, (hs - 360) / 2)),
    )
    t = (
        1
        - 0.17 * np.cos(np.radians(h_bar - 30))
        + 0.24 * np.cos(np.radians(2 * h_bar))
        + 0.32 * np.cos(np.radians(3 * h_bar + 6))
        - 0.20 * np.cos(np.radians(4 * h_bar - 63))
    )
    sl = 1 + 0.015 * (l_bar - 50) ** 2 / np.sqrt(20 + (l_bar - 50) ** 2)
    sc = 1 + 0.045 * c_bar_p
    sh = 1 + 0.015 * c_bar_p * t
    rt = (
        -2
        * np.sqrt(c_bar_p**7 / (c_bar_p**7 + 25.0**7))
        * np.sin(np.radians(60 * np.exp(-(((h_bar - 275) / 25) ** 2))))
    )
    return np.sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dH / sh) ** 2 + rt * (dc / sc) * (dH / sh))


# --- the house palette ------------------------------------------------------------------------


def plate_values(step: float) -> np.ndarray:
    """0, then 5% and up: nothing under the smallest dot a plate holds."""
    return np.concatenate([[0.0], np.arange(colour.MIN_TINT, 100 + 1e-9, step)])


def best_build(grid: np.ndarray, target: np.ndarray, plates: tuple[int, ...], dark: bool) -> tuple[np.ndarray, float]:
    """The CMYK using only `plates` nearest the target in ΔE2000: coarse search, then 1% around the best."""

    def search(axes: list[np.ndarray]) -> tuple[np.ndarray, float]:
        mesh = np.array(np.meshgrid(*axes, indexing="ij")).reshape(len(plates), -1).T
        cmyk = np.zeros((len(mesh), 4))
        cmyk[:, plates] = mesh
        ok = cmyk.sum(axis=1) <= TAC
        if dark:  # black-led: K is the largest plate of a dark colour
            ok &= cmyk[:, 3] >= cmyk[:, :3].max(axis=1)
        cmyk = cmyk[ok]
        if not len(cmyk):
            return np.zeros(4), np.inf
        de = de2000(forward(grid, cmyk), target[None, :])
        score = de + 0.0005 * cmyk.sum(axis=1)  # among near-equals, less ink
        i = int(np.argmin(score))
        return cmyk[i], float(de[i])

    cmyk, de = search([plate_values(5.0)] * len(plates))
    for _ in range(2):
        axes = []
        for p in plates:
            lo, hi = max(0.0, cmyk[p] - 5), min(100.0, cmyk[p] + 5)
            axes.append(np.array([v for v in np.arange(lo, hi + 1e-9, 1.0) if v == 0 or v >= colour.MIN_TINT]))
        cmyk, de = search(axes)
    return cmyk, de


def _choose(grid: np.ndarray, target: np.ndarray, most: int, dark: bool) -> tuple[np.ndarray, float]:
    """The fewest plates (at most `most`, never all of C, M and Y: the grey component goes in K)
    that come within PALETTE_AIM, else the closest build."""
    by_count = []
    for n in range(1, most + 1):
        combos = [p for p in itertools.combinations(range(4), n) if not {0, 1, 2} <= set(p)]
        by_count.append(min((best_build(grid, target, p, dark) for p in combos), key=lambda b: b[1]))
    good = [b for b in by_count if b[1] <= colour.PALETTE_AIM]
    return good[0] if good else min(by_count, key=lambda b: b[1])


def palette(grid: np.ndarray) -> list[tuple]:
    """Each house colour: (name, hex, old CMYK, old ΔE, new CMYK, new ΔE, text CMYK or None, text ΔE)."""
    from generator import theme

    colours = [theme.INK, theme.MUTED, theme.TINT, theme.RULE, *theme.PRINCIPLE_COLOURS.values()]
    rows = []
    for c in colours:
        target = srgb_to_lab(np.array([c.rgb]))[0]
        dark = target[0] < colour.DARK_L and float(np.hypot(target[1], target[2])) < colour.DARK_CHROMA
        fill = _choose(grid, target, 3, dark)
        text = _choose(grid, target, colour.TEXT_PLATES, dark) if c.name in colour.TEXT_COLOURS else None
        old = np.array([v * 100 for v in c.cmyk])
        old_de = float(de2000(forward(grid, old[None, :]), target[None, :])[0])
        rows.append(
            (
                c.name,
                c.hex,
                tuple(int(round(v)) for v in old),
                old_de,
                tuple(int(round(v)) for v in fill[0]),
                fill[1],
                tuple(int(round(v)) for v in text[0]) if text else None,
                text[1] if text else None,
            )
        )
    return rows


def print_palette(grid: np.ndarray) -> None:
    print("| colour | screen | old CMYK | ΔE00 old | new CMYK | ΔE00 new | text under 12 pt | ΔE00 |")
    print("|---|---|---|---|---|---|---|---|")
    for name, hex_value, old, old_de, new, new_de, text, text_de in palette(grid):
        small = f"{' '.join(map(str, text))} | {text_de:.1f}" if text else "same | "
        print(
            f"| {name} | {hex_value} | {' '.join(map(str, old))} | {old_de:.1f} | {' '.join(map(str, new))} | {new_de:.1f} | {small} |"
        )


# --- the logo table ---------------------------------------------------------------------------


def logo_lut(grid: np.ndarray) -> bytes:
    """33^3 sRGB -> CMYK with full grey component replacement; greys and black in K alone.

    Candidates are builds in which at most two of C, M and Y print (the grey component is all K),
    plus K100 with any C, M, Y under the ink limit for the darkest colours. Each node takes the
    candidate nearest its colour, after the node's lightness is mapped onto the range this press
    black (K100 with at most 60% C+M+Y) can print: the black point compensation a printer expects.
    """
    from scipy.spatial import cKDTree

    step = 2.5
    v = np.arange(0, 100 + 1e-9, step)
    k = np.arange(0, 100 + 1e-9, step)
    faces = []
    for zero in range(3):
        a, b = np.meshgrid(v, v, indexing="ij")
        for kk in k:
            cmyk = np.zeros((a.size, 4))
            others = [i for i in range(3) if i != zero]
            cmyk[:, others[0]], cmyk[:, others[1]], cmyk[:, 3] = a.ravel(), b.ravel(), kk
            faces.append(cmyk)
    c, m, y = np.meshgrid(v, v, v, indexing="ij")
    rich = np.stack([c.ravel(), m.ravel(), y.ravel(), np.full(c.size, 100.0)], axis=1)
    faces.append(rich[rich.sum(axis=1) <= TAC])
    cand = np.unique(np.concatenate(faces), axis=0)
    cand_lab = forward(grid, cand)
    tree = cKDTree(cand_lab)

    black = np.array(colour.PRESS_BLACK, dtype=float)
    black_y = ((forward(grid, black[None, :])[0, 0] + 16) / 116) ** 3
    axis = np.linspace(0, 1, LUT_SIZE)
    b_, g_, r_ = np.meshgrid(axis, axis, axis, indexing="ij")  # red changes fastest, as Color3DLUT reads
    rgb = np.stack([r_.ravel(), g_.ravel(), b_.ravel()], axis=1)
    lab = srgb_to_lab(rgb, black_point=black_y, bpc_chroma=colour.BPC_CHROMA)
    _, nearest = tree.query(lab)
    out = cand[nearest]
    steps = np.round(rgb * (LUT_SIZE - 1))
    # greys, and the nodes next to the grey axis (which interpolation mixes into every grey):
    # K alone on the measured K ramp, so greys carry no stray C, M, Y; black: the press black
    grey = (steps.max(axis=1) - steps.min(axis=1)) <= 1
    k_ramp = np.linspace(0, 100, 401)
    ramp_l = forward(grid, np.stack([np.zeros(401)] * 3 + [k_ramp], axis=1))[:, 0]
    for i in np.nonzero(grey)[0]:
        out[i] = [0, 0, 0, np.interp(-lab[i, 0], -ramp_l, k_ramp)]
    out[np.argmin(rgb.sum(axis=1))] = black
    return bytes(np.clip(np.round(out / 100 * 255), 0, 255).astype(np.uint8).ravel())


def read_grid() -> np.ndarray:
    with gzip.open(GRID, "rt") as f:
        rows = [line.split() for line in f if not line.startswith("#")]
    return np.array(rows, dtype=float).reshape((len(LEVELS),) * 4 + (3,))


def main() -> None:
    if "--palette" in sys.argv or "--lut" in sys.argv:  # from the committed grid, without ArgyllCMS
        grid = read_grid()
        if "--lut" in sys.argv:
            LUT.write_bytes(logo_lut(grid))
        return print_palette(grid)
    with tempfile.TemporaryDirectory() as work:
        make_profile(Path(work))
    grid = make_grid()
    # how closely the grid reproduces the profile between its nodes
    rng = np.random.default_rng(39)
    probe = rng.uniform(0, 100, (2000, 4))
    probe = probe[probe.sum(axis=1) <= TAC]
    err = de2000(forward(grid, probe), xicclu_lab(probe))
    print(f"grid vs profile at {len(probe)} random points: mean ΔE2000 {err.mean():.2f}, max {err.max():.2f}")
    LUT.write_bytes(logo_lut(grid))
    print_palette(grid)


if __name__ == "__main__":
    main()
