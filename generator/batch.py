"""`principles batch`: one edition per organisation in a CSV, in parallel, skipping what is up to date.

Each organisation's files are made in a hidden temporary folder and moved into its edition folder
only when all of them (and their manifest) are done. A batch replaces only the files its previous
manifest lists: whatever else is in an edition folder (notes, logos, earlier products) stays. An
interrupted batch (Ctrl-C, SIGTERM) stops its workers, removes its temporary folders and ends
with one line.
"""

from __future__ import annotations

import gc
import os
import shutil
import signal
import time
from dataclasses import replace
from pathlib import Path

from generator.edition_files import PARTIAL, commit, remove_partials, up_to_date
from generator.errors import ContentError, FitError, PrinciplesError
from generator.images import forget as forget_images
from generator.organisations import Organisations, Row, read_organisations, slugify
from generator.products.registry import PRODUCTS, default_build
from generator.records import frozen
from generator.settings import Job, Settings

__all__ = ["Row", "read_organisations", "read_rows", "slugify", "run_batch", "results_table", "Interrupted", "PRODUCTS"]

MADE, UP_TO_DATE, FAILED = "made", "up to date", "failed"


@frozen
class Outcome:
    row: Row
    status: str
    detail: str
    seconds: float = 0.0


class Interrupted(Exception):
    """The batch was stopped by SIGINT or SIGTERM; its temporary folders are gone."""

    def __init__(self, made: int, total: int):
        self.made, self.total = made, total
        super().__init__(
            f"interrupted: {made} of {total} editions finished, nothing half-made left behind; "
            "run the same command again to make the rest"
        )


def read_rows(csv_path: Path) -> list[Row]:
    """The organisations in a CSV (see generator.organisations)."""
    return list(read_organisations(csv_path).rows)


# --- work in each process ---------------------------------------------------------------------

_STATE: dict = {}


def _init_worker(
    settings: Settings, csv_dir: Path, out_dir: Path, products: tuple[str, ...], force: bool, worker: bool = True
) -> None:
    """Load what every organisation shares once per process: content, fonts, digests."""
    from generator.content.load import content_digest, load_content
    from generator.fonts import Fonts

    _STATE.clear()  # a second batch in one process draws from its own content, never the last run's templates

    if worker:
        _worker_signals()

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


def _worker_signals() -> None:
    """A worker's signals (all a forked worker needs: the rest it has from the process that forked
    it). The main process alone answers Ctrl-C, and SIGTERM from it ends a worker silently. Both
    were blocked while the workers started (run_batch): a Ctrl-C meanwhile is dropped here."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def _jobs(folder: Path) -> list[Job]:
    return [job for job in default_build(folder) if job.product in _STATE["products"]]


def make_edition(row: Row) -> Outcome:
    """Make (or skip) one organisation's edition; never raises for a bad row."""
    from generator.brand import brand_from_values
    from generator.build import MANIFEST, build_inputs, write_build

    start = time.perf_counter()
    if row.problem:
        return Outcome(row, FAILED, row.problem)
    out_dir: Path = _STATE["out_dir"]
    target = out_dir / row.slug
    temp = out_dir / f".{row.slug}{PARTIAL}{os.getpid()}"
    settings: Settings = _STATE["settings"]
    warnings: list[str] = []
    try:
        label = f"row {row.line} ({row.name or 'no name'})"
        brand = brand_from_values(row.values, _STATE["csv_dir"], label)
        _, digest = build_inputs(_jobs(target), settings, target, brand.digest(), _STATE["content_hash"])
        if not _STATE["force"] and up_to_date(target / MANIFEST, digest):
            return Outcome(row, UP_TO_DATE, "", time.perf_counter() - start)
        shutil.rmtree(temp, ignore_errors=True)
        temp.mkdir(parents=True)
        rendered = _render_edition(_jobs(temp), brand, warnings.append)
        write_build(rendered, settings, temp, brand, _STATE["content_hash"])
        commit(temp, target)
        detail = "; ".join(w.removeprefix("warning: ") for w in warnings if w.startswith("warning: "))[:200]
        return Outcome(row, MADE, detail, time.perf_counter() - start)
    except ContentError as exc:
        detail = "; ".join(f"{key}: {message}" if key else message for _, key, message in exc.problems)
        return Outcome(row, FAILED, _with_reading(row, detail or str(exc)), time.perf_counter() - start)
    except PrinciplesError as exc:
        return Outcome(row, FAILED, _with_reading(row, str(exc)), time.perf_counter() - start)
    except Exception as exc:  # noqa: BLE001 - one organisation's bug must not stop the others
        return Outcome(row, FAILED, f"unexpected {type(exc).__name__}: {exc}", time.perf_counter() - start)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
        forget_images()


def _with_reading(row: Row, detail: str) -> str:
    """A failed row's problem, with how its values were read where they may have moved along."""
    return f"{detail} ({row.read_as})" if row.read_as else detail


def _render_edition(jobs: list[Job], brand, warn) -> list[tuple[Job, bytes, int]]:
    """One edition's PDFs. Every job is laid out and drawn once per process with empty brand slots
    (press ones checked in full then), and each edition's brand is drawn once per colour mode and
    laid over them. In tagged files (screen, office) each brand item is a form of its own (cut
    from its overlay page), painted on the page inside the marked content a single build would
    give it (its MCIDs after the page's own), and the structure tree comes from the whole plan
    (generator.pdf.render.retag): the brand's logo, address and link take their place in the
    order a screen reader follows.
    """
    from dataclasses import replace as with_

    from generator.build import check_images, compose, preflight_press, press_options
    from generator.fonts import Fonts
    from generator.pdf.merge import lay_over, merge
    from generator.pdf.objects import parse
    from generator.pdf.render import brand_marks, render, retag
    from generator.pdf.tags import finish_document
    from generator.plan import PlanDocument
    from generator.products.branding import fill_brand

    settings, content, fonts = _STATE["settings"], _STATE["content"], Fonts.shared()
    fonts.prepare_fallback(brand.texts())
    templates = _STATE.setdefault("templates", {})
    overlays: dict[tuple[bool, bool], list] = {}  # (cmyk, tagged) -> brand pages: one overlay for each
    shared: dict[tuple[bool, bool], dict] = {}  # ... and the overlay page drawn for each kind of brand page
    planned = []
    for job in jobs:
        key = (job.product, job.size, job.target, job.options)
        tagged = job.target.profile.tagged
        options = press_options(job, settings, content)
        if key not in templates:  # laid out with slots, drawn without the brand: once
            plan = compose(job, content, fonts, settings, brand)
            bare = with_(plan, pages=tuple(with_(page, brand=()) for page in plan.pages))
            if tagged:
                data = render(bare, with_(options, marked_only=True))
                counts = tuple(len(mcids) for mcids in retag(bare, options.fillable).page_mcids)
            else:
                data = render(bare, options)
                preflight_press([(job, data, len(plan.pages))], settings.allow_low_res)
                counts = ()
            templates[key] = (plan, parse(data), counts)
            gc.freeze()  # the templates live for the whole batch: keep the collector off them
        slots, parsed, counts = templates[key]
        try:
            plan = fill_brand(slots, brand, fonts)
        except FitError as exc:
            raise exc.in_file(job.path.name) from None
        check_images(job, plan, settings.allow_low_res, warn)
        mode = (job.target.cmyk, tagged)
        pages = overlays.setdefault(mode, [])
        drawn = shared.setdefault(mode, {})
        page_map: dict[int, list[int]] = {}  # template page -> the overlay pages painted over it
        marks: dict[int, list[str]] = {}  # ... and the marked content around each (tagged)
        for i, page in enumerate(plan.pages):
            if not page.brand:
                continue
            page_map[i] = [_overlay_page(pages, drawn, page, page.brand, tagged)]
            if tagged:  # each item a form of its own, inside the marks a single build gives it
                marks[i] = brand_marks(page, options.fillable, counts[i])
        planned.append((job, options, plan, parsed, page_map, marks, mode))
    overlay_pdfs = {}
    for mode, pages in overlays.items():
        if pages:
            cmyk, tagged = mode
            first = next(o for _, o, _, _, _, _, m in planned if m == mode)  # the overlay's colours, fonts, dates
            options = with_(first, overlay=True, bookmarks=False, fillable=False)
            data = render(PlanDocument("brand overlay", tuple(pages)), with_(options, marked_only=tagged))
            if cmyk and not tagged:  # the shared part was checked with its template; check what this edition adds
                _check_overlay(data, settings.allow_low_res)
            overlay_pdfs[mode] = parse(data)
    out = []
    for job, options, plan, parsed, page_map, marks, mode in planned:
        if not page_map:  # nothing of the brand's on any page: the template is the file
            data = render(plan, options)
        elif mode[1]:
            merged = lay_over(parsed, overlay_pdfs[mode], page_map, marks)
            tagger = retag(plan, options.fillable)
            data = finish_document(merged, tagger, plan, options.author, options.creator, options.epoch)
        else:
            data = merge(parsed, overlay_pdfs[mode], {i: j for i, (j,) in page_map.items()})  # one page a page
        out.append((job, data, len(plan.pages)))
    return out


def _overlay_page(pages: list, drawn: dict, page, items: tuple, tagged: bool) -> int:
    """The overlay page that draws these brand items of a page: a new one, or one drawn before
    for the same items on a page of the same size (a worksheet pack's footers, however many
    pages and files show them, are one overlay page and one form in each file)."""
    key = _shareable(page, items, tagged)
    if key is not None and key in drawn:
        return drawn[key]
    pages.append(replace(page, items=(), brand=items))
    if key is not None:
        drawn[key] = len(pages) - 1
    return len(pages) - 1


def _shareable(page, items: tuple, tagged: bool):
    """What makes items drawn on a page the same as on another (the page's size and what they
    draw), or None where they must be drawn for their page. Their marks, in tagged output, are
    on the page that paints them (generator.pdf.merge), so what a reader hears shares too; a
    link's annotation (tagged output) belongs to one page, so a linked text is drawn for its own."""
    from generator.plan import TextItem

    if tagged and any(type(item) is TextItem and item.link for item in items):
        return None
    spec = page.spec
    key = (spec.trim_w, spec.trim_h, spec.bleed, spec.marks, tuple(_drawn(item) for item in items))
    try:
        hash(key)
    except TypeError:  # an item that cannot be compared as a whole: drawn for its page
        return None
    return key


def _drawn(item):
    """What of an item shows on the page: a text's lines and colour, not the box it was fitted in
    (a footer's box is narrower beside "Page 10 of 16" than beside "Page 9 of 16")."""
    from generator.plan import TextItem

    if isinstance(item, TextItem) and not item.bookmark:
        return (item.lines, item.colour, item.role)
    return item


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


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def run_batch(
    organisations: Organisations,
    out_dir: Path,
    settings: Settings,
    jobs: int,
    products: tuple[str, ...],
    force: bool,
    on_done=lambda outcome: None,
) -> list[Outcome]:
    """Make every organisation's edition across `jobs` processes; outcomes in CSV order.

    Raises Interrupted on SIGINT or SIGTERM, after the workers have stopped and every
    temporary folder is removed.
    """
    rows = list(organisations.rows)
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_partials(out_dir)
    args = (replace(settings, brand_path=None), organisations.path.parent, out_dir, products, force)
    outcomes: dict[int, Outcome] = {}
    previous_term = signal.signal(signal.SIGTERM, _raise_interrupt)
    previous_int = signal.getsignal(signal.SIGINT)
    try:
        forking = jobs > 1 and len(rows) > 1 and hasattr(os, "fork")
        here = forking or jobs <= 1 or len(rows) <= 1  # else (no fork) every edition in a spawned worker
        done = 0
        if here:
            _init_worker(*args, worker=False)
        while here and done < len(rows):
            outcomes[done] = make_edition(rows[done])
            on_done(outcomes[done])
            done += 1
            # forking: here until an edition is made, whose templates, fonts and imports every
            # worker then has from its start (each made its own: 0.35 s a worker)
            if forking and outcomes[done - 1].status == MADE and len(rows) - done > 1:
                break
        numbered = list(enumerate(rows))[done:]
        if numbered:
            import multiprocessing

            context = multiprocessing.get_context("fork" if forking else "spawn")
            start, start_args = (_worker_signals, ()) if forking else (_init_worker, args)
            # Ctrl-C or SIGTERM while the workers start waits until they have: one landing in the
            # middle of a fork is lost (Python runs the fork's handlers, which drop it)
            blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
            try:
                pool = context.Pool(min(jobs, len(numbered)), initializer=start, initargs=start_args)
            except BaseException:
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
                raise
            with pool:  # ... and lands here, where leaving stops the workers
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
                for i, outcome in pool.imap_unordered(_make_numbered, numbered, chunksize=1):
                    outcomes[i] = outcome
                    on_done(outcome)
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not stop the clean-up
        remove_partials(out_dir)
        made = sum(o.status != FAILED for o in outcomes.values())
        raise Interrupted(made, len(rows)) from None
    finally:
        signal.signal(signal.SIGTERM, previous_term)
        signal.signal(signal.SIGINT, previous_int)
    return [outcomes[i] for i in range(len(rows))]


def _make_numbered(item: tuple[int, Row]) -> tuple[int, Outcome]:
    return item[0], make_edition(item[1])


def results_table(outcomes: list[Outcome], out_dir: Path, quiet: bool) -> list[str]:
    """The lines a batch prints: a row per organisation (only failures with quiet), then a total."""
    counts = {status: sum(o.status == status for o in outcomes) for status in (MADE, UP_TO_DATE, FAILED)}
    lines = []
    if not quiet or counts[FAILED]:
        width = max([len(o.row.slug) for o in outcomes] + [6])
        lines.append(f"{'line':>4}  {'folder':<{width}}  {'result':<10}  detail")
        lines += [
            f"{o.row.line:>4}  {o.row.slug:<{width}}  {o.status:<10}  {o.detail}"
            for o in outcomes
            if not quiet or o.status == FAILED
        ]
    if not quiet:
        rows = lambda n: f"{n} row{'s' if n != 1 else ''}"  # noqa: E731
        if counts[MADE] == 0 and counts[UP_TO_DATE] == 0:
            lines.append(f"nothing made: {'the' if counts[FAILED] == 1 else 'all'} {rows(counts[FAILED])} failed")
        elif counts[MADE] == 0:
            failed = f" ({rows(counts[FAILED])} failed)" if counts[FAILED] else ""
            lines.append(f"nothing made: all {counts[UP_TO_DATE]} editions were up to date{failed}")
        else:
            lines.append(f"{counts[MADE]} made, {counts[UP_TO_DATE]} up to date, {counts[FAILED]} failed in {out_dir}")
    return lines
