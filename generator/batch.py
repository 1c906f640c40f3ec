"""`principles batch`: one edition per organisation in a CSV, in parallel, skipping what is up to date.

Each organisation's files are made in a temporary folder and renamed into place only when all
of them (and their manifest) are done, so a failed row leaves nothing half-made behind.
"""

from __future__ import annotations

import csv
import gc
import json
import os
import re
import shutil
import time
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from generator.brand import KEYS
from generator.errors import ContentError, PrinciplesError
from generator.products.registry import default_build
from generator.settings import Job, Settings

MADE, UP_TO_DATE, FAILED = "made", "up to date", "failed"


@dataclass(frozen=True)
class Row:
    line: int  # the CSV line the row is on
    name: str
    slug: str
    values: dict


@dataclass(frozen=True)
class Outcome:
    row: Row
    status: str
    detail: str
    seconds: float = 0.0


def slugify(name: str) -> str:
    """A folder name from an organisation's name: ASCII letters, digits and hyphens only."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    return slug or "organisation"


def read_rows(csv_path: Path) -> list[Row]:
    """Read the organisations; a broken header stops the batch, a bad row only fails itself."""
    try:
        text = csv_path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PrinciplesError(f"{csv_path}: file not found") from None
    except UnicodeDecodeError:
        raise PrinciplesError(f"{csv_path}: not UTF-8 text: save the CSV as UTF-8") from None
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in (reader.fieldnames or [])]
    if "name" not in header:
        raise PrinciplesError(
            f"{csv_path}: the header row must name the columns, 'name' first: expected some of {', '.join(KEYS)}"
        )
    unknown = [h for h in header if h not in KEYS]
    if unknown:
        raise PrinciplesError(
            f"{csv_path}: unknown column {', '.join(repr(u) for u in unknown)}: expected {', '.join(KEYS)}"
        )
    rows, taken = [], set()
    for record in reader:
        values = {k.strip(): (v or "").strip() for k, v in record.items() if k is not None}
        if not any(values.values()):
            continue
        values = {k: v for k, v in values.items() if v}
        name = values.get("name", "")
        base = slugify(name)
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        rows.append(Row(reader.line_num, name, slug, values))
    return rows


# --- work in each process ---------------------------------------------------------------------

_STATE: dict = {}


def _init_worker(settings: Settings, csv_dir: Path, out_dir: Path, products: tuple[str, ...], force: bool) -> None:
    """Load what every organisation shares once per process: content, fonts, digests."""
    from generator.content.load import content_digest, load_content
    from generator.fonts import Fonts

    content = load_content(settings.content_dir)
    Fonts.shared().prepare_fallback(content.all_text())
    _STATE.update(
        settings=settings,
        csv_dir=csv_dir,
        out_dir=out_dir,
        products=products,
        force=force,
        content=content,
        content_hash=content_digest(settings.content_dir),
    )
    # Editions allocate many short-lived objects and few cycles: collect far less often.
    gc.set_threshold(50_000, 20, 20)


def _jobs(folder: Path) -> list[Job]:
    return [job for job in default_build(folder) if job.product in _STATE["products"]]


def make_edition(row: Row) -> Outcome:
    """Make (or skip) one organisation's edition; never raises."""
    from generator.brand import brand_from_values
    from generator.build import MANIFEST, build_inputs, write_build

    start = time.perf_counter()
    out_dir: Path = _STATE["out_dir"]
    target = out_dir / row.slug
    temp = out_dir / f".{row.slug}.partial-{os.getpid()}"
    settings: Settings = _STATE["settings"]
    warnings: list[str] = []
    try:
        label = f"row {row.line} ({row.name or 'no name'})"
        brand = brand_from_values(row.values, _STATE["csv_dir"], label)
        _, digest = build_inputs(_jobs(target), settings, target, brand.digest(), _STATE["content_hash"])
        if not _STATE["force"] and _manifest_digest(target / MANIFEST) == digest:
            return Outcome(row, UP_TO_DATE, "", time.perf_counter() - start)
        shutil.rmtree(temp, ignore_errors=True)
        temp.mkdir(parents=True)
        rendered = _render_edition(_jobs(temp), brand, warnings.append)
        write_build(rendered, settings, temp, brand, _STATE["content_hash"])
        _swap_in(temp, target)
        detail = "; ".join(w.removeprefix("warning: ") for w in warnings if w.startswith("warning: "))[:200]
        return Outcome(row, MADE, detail, time.perf_counter() - start)
    except ContentError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        detail = "; ".join(f"{key}: {message}" if key else message for _, key, message in exc.problems)
        return Outcome(row, FAILED, detail or str(exc), time.perf_counter() - start)
    except PrinciplesError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        return Outcome(row, FAILED, str(exc), time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - one organisation's bug must not stop the others
        shutil.rmtree(temp, ignore_errors=True)
        return Outcome(row, FAILED, f"unexpected {type(exc).__name__}: {exc}", time.perf_counter() - start)


def _render_edition(jobs: list[Job], brand, warn) -> list[tuple[Job, bytes, int]]:
    """One edition's PDFs: each job's shared template, laid out and drawn once per process,
    with this edition's brand slots filled and laid over it.
    """
    from dataclasses import replace as with_

    from generator.build import check_images, compose, preflight_press, press_options
    from generator.fonts import Fonts
    from generator.pdf.merge import merge, parse
    from generator.pdf.render import render
    from generator.plan import PlanDocument
    from generator.products.branding import fill_brand

    settings, content, fonts = _STATE["settings"], _STATE["content"], Fonts.shared()
    fonts.prepare_fallback(brand.texts())
    templates = _STATE.setdefault("templates", {})
    overlays: dict[bool, list] = {True: [], False: []}  # cmyk -> brand pages; one overlay per colour mode
    planned = []
    for job in jobs:
        key = (job.product, job.size, job.target, job.options)
        if key not in templates:  # laid out with slots, drawn without the brand, checked in full: once
            plan = compose(job, content, fonts, settings, brand)
            bare = with_(plan, pages=tuple(with_(page, brand=()) for page in plan.pages))
            data = render(bare, press_options(job, settings, content))
            preflight_press([(job, data, len(plan.pages))], settings.allow_low_res)
            templates[key] = (plan, parse(data))
            gc.freeze()  # the templates live for the whole batch: keep the collector off them
        slots, parsed = templates[key]
        plan = fill_brand(slots, brand, fonts)
        check_images(job, plan, settings.allow_low_res, warn)
        pages = overlays[job.target.cmyk]
        page_map = {i: len(pages) + n for n, i in enumerate(i for i, p in enumerate(plan.pages) if p.brand)}
        pages += [with_(p, items=()) for p in plan.pages if p.brand]
        planned.append((job, plan, parsed, page_map))
    overlay_pdfs = {}
    for cmyk, pages in overlays.items():
        if pages:
            job = next(j for j, *_ in planned if j.target.cmyk == cmyk)
            options = with_(press_options(job, settings, content), overlay=True, bookmarks=False, fillable=False)
            data = render(PlanDocument("brand overlay", tuple(pages)), options)
            if cmyk:  # the shared part was checked with its template; check what this edition adds
                _check_overlay(data, settings.allow_low_res)
            overlay_pdfs[cmyk] = parse(data)
    out = []
    for job, plan, parsed, page_map in planned:
        data = (
            merge(parsed, overlay_pdfs[job.target.cmyk], page_map)
            if page_map
            else render(plan, press_options(job, settings, content))
        )
        out.append((job, data, len(plan.pages)))
    return out


def _check_overlay(data: bytes, allow_low_res: bool) -> None:
    """The first overlay a process makes gets the full preflight; later ones the quick scan."""
    from generator.check.preflight import FAIL, check_pdf
    from generator.check.scan import quick_press_problems

    if not _STATE.get("overlay_checked"):
        _STATE["overlay_checked"] = True
        report = check_pdf(data, "press", name="brand overlay")
        problems = [
            f"{f.check}: {f.message}"
            for f in report.findings
            if f.status == FAIL and not (allow_low_res and f.check == "images")
        ]
    else:
        problems = quick_press_problems(data)
    if problems:
        raise PrinciplesError("preflight failed for the brand's press pages: " + "; ".join(problems))


def _manifest_digest(path: Path) -> str | None:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("inputs_digest")
    except (OSError, ValueError):
        return None


def _swap_in(temp: Path, target: Path) -> None:
    """Replace the organisation's folder with the finished one in two renames."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    temp.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def run_batch(
    csv_path: Path,
    out_dir: Path,
    settings: Settings,
    jobs: int,
    products: tuple[str, ...],
    force: bool,
    on_done=lambda outcome: None,
) -> list[Outcome]:
    """Make every organisation's edition across `jobs` processes; outcomes in CSV order."""
    rows = read_rows(csv_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    args = (replace(settings, brand_path=None), csv_path.parent, out_dir, products, force)
    outcomes: dict[str, Outcome] = {}
    if jobs <= 1 or len(rows) <= 1:
        _init_worker(*args)
        for row in rows:
            outcomes[row.slug] = make_edition(row)
            on_done(outcomes[row.slug])
    else:
        import multiprocessing

        context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        with context.Pool(min(jobs, len(rows)), initializer=_init_worker, initargs=args) as pool:
            for outcome in pool.imap_unordered(make_edition, rows, chunksize=1):
                outcomes[outcome.row.slug] = outcome
                on_done(outcome)
    return [outcomes[row.slug] for row in rows]
