"""Benchmark (not a test): one branded build, and a batch of 125 generated organisations.

Run: python tests/benchmarks/bench_batch.py [--orgs 125] [--jobs 2]
Prints seconds per organisation, total seconds and peak memory.
"""

from __future__ import annotations

import argparse
import colorsys
import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def make_orgs(folder: Path, count: int) -> Path:
    from PIL import Image, ImageDraw

    rows = []
    for i in range(count):
        r, g, b = (int(255 * c) for c in colorsys.hsv_to_rgb(i / count, 0.8, 0.55))
        logo = Image.new("RGBA", (1000, 400), (0, 0, 0, 0))
        draw = ImageDraw.Draw(logo)
        draw.rounded_rectangle((10, 10, 390, 390), 70, fill=(r, g, b, 255))
        draw.ellipse((450, 60, 730, 340), fill=(b, r, g, 255))
        draw.text((760, 180), f"{i:03d}", fill=(20, 20, 20, 255))
        name = f"logo-{i:03d}.png"
        logo.save(folder / name)
        rows.append(
            {
                "name": f"Local Mind {i:03d}",
                "logo": name,
                "contact": f"0100 000 {i:03d} | hello{i}@example.org",
                "url": f"https://example.org/mind-{i:03d}/what-matters",
                "accent": "#005EB8",
                "edition": f"Adapted by Local Mind {i:03d}, 2026",
            }
        )
    path = folder / "orgs.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=125)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = make_orgs(folder, args.orgs)
        brand = folder / "brand.toml"
        brand.write_text('name = "Local Mind 000"\nlogo = "logo-000.png"\nurl = "https://example.org/m"\n')
        start = time.perf_counter()
        subprocess.run(["principles", "-q", "build", "--brand", str(brand), "-o", str(folder / "one")], check=True)
        one = time.perf_counter() - start
        print(f"principles build (one organisation, 8 PDFs, one process): {one:.2f} s")
        start = time.perf_counter()
        subprocess.run(
            ["principles", "-q", "batch", str(csv_path), "-o", str(folder / "editions"), "--jobs", str(args.jobs)],
            check=True,
        )
        total = time.perf_counter() - start
        print(
            f"principles batch: {args.orgs} organisations, --jobs {args.jobs}: {total:.2f} s in all, "
            f"{total / args.orgs * 1000:.0f} ms per organisation"
        )
        start = time.perf_counter()
        subprocess.run(
            ["principles", "-q", "batch", str(csv_path), "-o", str(folder / "editions"), "--jobs", str(args.jobs)],
            check=True,
        )
        print(f"re-run with nothing changed: {time.perf_counter() - start:.2f} s")
        print(f"peak memory of one process: {peak_mb():.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
