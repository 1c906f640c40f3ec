"""Benchmark (not a test): issue 15's table, side by side, in one run.

Run: python tests/benchmarks/bench_table.py [--rounds 15] [--batch-rounds 3] [--orgs 125] [--jobs 2]

Every job is a fresh process (as a user runs it), timed with os.wait4: CPU time (user + system,
the process and every worker it waited for) and wall time; the table shows medians over rounds
in which the contenders alternate, so a busy machine slows each of them alike. CPU time is the
figure to compare on a shared machine; wall time is what a user waits. Peak memory is the
largest single process of the job (ru_maxrss over the process tree). Round 0 is not counted: it
writes the .pyc files (the jobs run without PYTHONDONTWRITEBYTECODE, as an installed tool does)
and fills the caches.

Contenders: the project (`principles`), the same pages written by hand with ReportLab and with
Typst (tests/benchmarks/handmade.py; Typst only where the `typst` package is installed), and the
floor, `python -c "import reportlab.pdfgen.canvas"`. The project's press preflight answers from
its findings cache when the same bytes were checked before: jobs marked "cold" run with
PRINCIPLES_CACHE=off, "warm" with a cache filled by an earlier round.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
HANDMADE = HERE / "handmade.py"


@dataclass
class Row:
    job: str
    contender: str
    commands: list[list[str]]
    env: dict = field(default_factory=dict)
    pages: int = 0  # filled after the first round
    files: int = 0
    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    peak_mib: float = 0.0


class Failed(Exception):
    pass


def run(command: list[str], env: dict) -> tuple[float, float, float]:
    """CPU seconds, wall seconds and peak MiB of one command (and the processes it waited for)."""
    import time

    start = time.perf_counter()
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed: .pyc files
    process = subprocess.Popen(command, env={**environment, **env}, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if process.returncode:
        raise Failed(f"failed ({process.returncode}): {' '.join(command)}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def count_pages(folder: Path) -> tuple[int, int]:
    import pypdfium2 as pdfium

    files = [p for p in folder.rglob("*.pdf")]
    pages = 0
    for path in files:
        pdf = pdfium.PdfDocument(path)
        pages += len(pdf)
        pdf.close()
    return len(files), pages


def principles_command() -> str:
    """The principles script beside this Python (its virtual environment), else on PATH."""
    beside = Path(sys.executable).parent / "principles"
    return str(beside) if beside.exists() else shutil.which("principles") or "principles"


def rows_for(tmp: Path, args) -> list[Row]:
    py, principles = sys.executable, principles_command()
    have_typst = _has_typst()
    out = tmp / "out"
    three = ["poster", "cards", "worksheets"]
    rows = [
        Row("floor", "import reportlab.pdfgen.canvas", [[py, "-c", "import reportlab.pdfgen.canvas"]]),
        Row(
            "one A2 press poster",
            "principles (cold)",
            [[principles, "-q", "poster", "--size", "a2", "--target", "press", "-o", str(out / "p1" / "p.pdf")]],
            {"PRINCIPLES_CACHE": "off"},
        ),
        Row(
            "one A2 press poster",
            "principles (warm)",
            [[principles, "-q", "poster", "--size", "a2", "--target", "press", "-o", str(out / "p2" / "p.pdf")]],
            {"PRINCIPLES_CACHE": str(tmp / "cache")},
        ),
        Row("one A2 press poster", "ReportLab by hand", [[py, str(HANDMADE), "reportlab", "poster", str(out / "p3")]]),
        Row(
            "poster, cards, worksheets",
            "principles, 3 commands",
            [[principles, "-q", name, "-o", str(out / "t1" / f"{name}.pdf")] for name in three],
            {"PRINCIPLES_CACHE": "off"},
        ),
        Row(
            "poster, cards, worksheets",
            "principles build --products",
            [[principles, "-q", "build", "--products", ",".join(three), "-o", str(out / "t2")]],
            {"PRINCIPLES_CACHE": "off"},
        ),
        Row(
            "poster, cards, worksheets",
            "principles build --products (warm)",
            [[principles, "-q", "build", "--products", ",".join(three), "-o", str(out / "t5")]],
            {"PRINCIPLES_CACHE": str(tmp / "cache")},
        ),
        Row(
            "poster, cards, worksheets",
            "ReportLab by hand",
            [[py, str(HANDMADE), "reportlab", "three", str(out / "t3")]],
        ),
        Row(
            "principles build",
            "principles (cold)",
            [[principles, "-q", "build", "-o", str(out / "b1")]],
            {"PRINCIPLES_CACHE": "off"},
        ),
        Row(
            "principles build",
            "principles (warm)",
            [[principles, "-q", "build", "-o", str(out / "b2")]],
            {"PRINCIPLES_CACHE": str(tmp / "cache")},
        ),
    ]
    if have_typst:
        rows.insert(4, Row("one A2 press poster", "Typst", [[py, str(HANDMADE), "typst", "poster", str(out / "p4")]]))
        rows.insert(
            8, Row("poster, cards, worksheets", "Typst", [[py, str(HANDMADE), "typst", "three", str(out / "t4")]])
        )
    return rows


def batch_rows(tmp: Path, args) -> list[Row]:
    sys.path.insert(0, str(HERE))
    from bench_batch import make_orgs

    orgs = tmp / "orgs"
    orgs.mkdir()
    csv_path = make_orgs(orgs, args.orgs)
    principles = principles_command()
    products = "poster,cards,worksheets"
    rows = [
        Row(
            f"batch of {args.orgs}, {args.jobs} processes",
            f"principles ({products})",
            [
                [
                    principles,
                    "-q",
                    "batch",
                    str(csv_path),
                    "--products",
                    products,
                    "--force",
                    "--jobs",
                    str(args.jobs),
                    "-o",
                    str(tmp / "ed1"),
                ]
            ],
            {"PRINCIPLES_CACHE": "off"},
        )
    ]
    if _has_typst():
        rows.append(
            Row(
                f"batch of {args.orgs}, {args.jobs} processes",
                "Typst (3 PDFs an edition)",
                [[sys.executable, str(HANDMADE), "typst-batch", str(csv_path), str(tmp / "ed2"), str(args.jobs)]],
            )
        )
    return rows


def with_before(rows: list[Row], source: Path | None) -> list[Row]:
    """Beside each project row, the same commands run from another checkout (PYTHONPATH=source)."""
    if source is None:
        return rows
    out = []
    for row in rows:
        out.append(row)
        if row.contender.startswith("principles"):  # warm ones too: each checkout's findings have their own keys
            out.append(Row(row.job, row.contender + " [before]", row.commands, {**row.env, "PYTHONPATH": str(source)}))
    return out


def _has_typst() -> bool:
    try:
        import typst  # noqa: F401
    except ImportError:
        return False
    return True


def measure(rows: list[Row], rounds: int) -> None:
    for r in range(rounds + 1):  # round 0 warms the disk cache, the .pyc files and the preflight cache
        for row in list(rows if r % 2 else reversed(rows)):
            cpu = wall = peak = 0.0
            try:
                for command in row.commands:
                    c, w, p = run(command, row.env)
                    cpu, wall, peak = cpu + c, wall + w, max(peak, p)
            except Failed as exc:  # an older version without the command: left out of the table
                print(f"left out: {row.job}, {row.contender}: {exc}", file=sys.stderr)
                rows.remove(row)
                continue
            if r == 0:
                folders = {Path(c[-1]) if not c[-1].endswith(".pdf") else Path(c[-1]).parent for c in row.commands}
                if "typst-batch" in row.commands[0]:
                    folders = {Path(row.commands[0][-2])}
                if row.job != "floor":
                    counts = [count_pages(f) for f in folders]
                    row.files, row.pages = sum(c[0] for c in counts), sum(c[1] for c in counts)
                continue
            row.cpu.append(cpu)
            row.wall.append(wall)
            row.peak_mib = max(row.peak_mib, peak)
        print(f"round {r} of {rounds} done", file=sys.stderr)


def table(rows: list[Row]) -> str:
    floor = next((r for r in rows if r.job == "floor"), None)
    lines = [
        "| job | contender | CPU s (median) | wall s (median) | PDFs | pages | CPU ms a page | peak MiB | CPU x floor |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in (r for r in rows if r.cpu):  # --rounds 0 measures only the batch
        cpu, wall = statistics.median(row.cpu), statistics.median(row.wall)
        per_page = f"{cpu / row.pages * 1000:.2f}" if row.pages else ""
        ratio = f"{cpu / statistics.median(floor.cpu):.1f}" if floor and floor.cpu and row is not floor else ""
        lines.append(
            f"| {row.job} | {row.contender} | {cpu:.3f} | {wall:.3f} | {row.files or ''} | {row.pages or ''} "
            f"| {per_page} | {row.peak_mib:.0f} | {ratio} |"
        )
    return "\n".join(lines)


def ratios(rows: list[Row]) -> list[str]:
    """Each project row against the fastest other contender for the same job (CPU time)."""
    out = []
    for job in dict.fromkeys(r.job for r in rows):
        group = [r for r in rows if r.job == job and r.cpu]
        others = [r for r in group if not r.contender.startswith("principles")]
        for row in (r for r in group if r.contender.startswith("principles")):
            for other in others:
                mine, theirs = statistics.median(row.cpu), statistics.median(other.cpu)
                if row.pages and other.pages:
                    mine, theirs = mine / row.pages, theirs / other.pages
                    what = "per page"
                else:
                    what = "in all"
                out.append(f"{job}: {row.contender} / {other.contender} = {mine / theirs:.2f} ({what})")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--batch-rounds", type=int, default=3, help="0 leaves the batch out")
    parser.add_argument("--orgs", type=int, default=125)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path, help="Also write the raw figures here.")
    parser.add_argument(
        "--before",
        type=Path,
        help="A checkout of an earlier version (git worktree or git archive): its rows run alongside, "
        "alternated, with PYTHONPATH pointing there.",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        rows = with_before(rows_for(tmp, args), args.before)
        measure(rows, args.rounds)
        if args.batch_rounds:
            batch = with_before(batch_rows(tmp, args), args.before)
            measure(batch, args.batch_rounds)
            rows += batch
    print(table(rows))
    print()
    print("\n".join(ratios(rows)))
    if args.json:
        args.json.write_text(json.dumps([{**vars(r), "commands": None} for r in rows], indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
