"""Benchmark (not a test): what tagging costs each screen and office PDF of the build set.

Run: python tests/benchmarks/bench_tagging.py [--runs 100] [--brand my-trust/brand.toml]
Renders every page plan untagged and tagged, interleaved, and prints the least CPU time of
each (process time: other people's load on a shared machine counts less), the time spent
writing the tags after ReportLab has saved, and the file sizes.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=100)  # fewer leave a lucky minimum a point or two either way
    parser.add_argument("--brand", type=Path)
    args = parser.parse_args()

    import generator.pdf.tags as tags
    from generator.brand import load_brand
    from generator.build import plan_jobs, press_options
    from generator.content.load import load_content
    from generator.geometry import Target
    from generator.pdf.render import render
    from generator.products.registry import default_build
    from generator.settings import Settings

    settings = Settings()
    content = load_content(settings.content_dir)
    brand = load_brand(args.brand) if args.brand else None
    jobs = [j for j in default_build(Path("output")) if j.target is not Target.PRESS]
    finish, spent = tags.finish_document, [0.0]

    def timed(*a):
        start = time.process_time()
        out = finish(*a)
        spent[0] += time.process_time() - start
        return out

    tags.finish_document = timed
    print(f"{'file':36s} {'untagged':>9s} {'tagged':>9s} {'cost':>7s} {'writing':>8s}   size")
    for job, plan in plan_jobs(jobs, settings, lambda m: None, brand, content):
        options = press_options(job, settings, content)
        plain, tagged, writing = [], [], []
        for _ in range(args.runs):
            start = time.process_time()
            a = render(plan, replace(options, tagged=False))
            plain.append(time.process_time() - start)
            spent[0] = 0.0
            start = time.process_time()
            b = render(plan, options)
            tagged.append(time.process_time() - start)
            writing.append(spent[0])
        u, t, w = min(plain) * 1000, min(tagged) * 1000, min(writing) * 1000
        print(
            f"{job.path.name:36s} {u:7.1f}ms {t:7.1f}ms {(t / u - 1) * 100:+6.1f}% {w:6.1f}ms"
            f"   {len(a) / 1024:.0f} -> {len(b) / 1024:.0f} KB ({(len(b) / len(a) - 1) * 100:+.0f}%)"
        )


if __name__ == "__main__":
    main()
