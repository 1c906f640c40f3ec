"""The orchestrator: load, check, compose, render, then write; nothing is written unless all succeed."""

from __future__ import annotations

import calendar
import os
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from generator.content.load import load_content
from generator.content.model import Content
from generator.errors import PrinciplesError
from generator.geometry import PageSpec, Target, sheet_size
from generator.settings import Job, Settings

_MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}


@dataclass(frozen=True)
class Written:
    path: Path
    pages: int
    size_bytes: int


def _poster(job: Job, content: Content, fonts, settings: Settings, brand):
    from generator.products.poster import compose_poster

    w, h = sheet_size(job.size)
    spec = PageSpec.make(w, h, job.target, bleed=settings.bleed, safe_margin=5.0)
    return compose_poster(content, fonts, spec, brand)


def _cards(job: Job, content: Content, fonts, settings: Settings, brand):
    from generator.layout.impose import sheet_card_safe, sheet_pages, sheet_slots, single_pages
    from generator.plan import PlanDocument
    from generator.products.cards import CARD_SAFE, CardOptions, card_format, compose_cards, die_line

    fmt = card_format(job.size)
    base = CardOptions(fmt, job.moments, job.full_text, job.punch, brand=brand)
    if job.layout == "sheet":
        w, h = sheet_size(job.sheet)
        spec = PageSpec.make(w, h, job.target, safe_margin=5.0)
        safe = sheet_card_safe(sheet_slots(fmt.w, fmt.h, w, h), w, h, CARD_SAFE)
        cards = compose_cards(content, fonts, replace(base, safe=safe))
        pages = sheet_pages([(c.front, c.back) for c in cards], fmt.w, fmt.h, spec)
    else:
        spec = PageSpec.make(fmt.w, fmt.h, job.target, bleed=settings.bleed, safe_margin=CARD_SAFE)
        options = replace(base, safe=spec.safe_margin, full_bleed=job.target.has_bleed)
        cards = compose_cards(content, fonts, options)
        cut = (die_line(fmt, options.punch),) if job.target.has_bleed and fmt.radius else ()
        pages = single_pages(
            [(c.front, c.back) for c in cards], spec, [f"{c.moment.short} {c.index} of {c.count}" for c in cards], cut
        )
    doc = content.document
    return PlanDocument(
        title=f"{doc.title} Pocket cards ({fmt.name.upper()})",
        pages=tuple(pages),
        subject=doc.subtitle,
        language=doc.language,
        keywords=("service principles", "cards"),
    )


def _worksheets(job: Job, content: Content, fonts, settings: Settings, brand):
    from generator.products.worksheets import compose_worksheets

    w, h = sheet_size(job.size)
    spec = PageSpec.make(w, h, job.target, bleed=settings.bleed, safe_margin=5.0)
    return compose_worksheets(content, fonts, spec, duplex=job.duplex, brand=brand)


PRODUCTS = {"poster": _poster, "cards": _cards, "worksheets": _worksheets}


def _compose(job: Job, content: Content, fonts, settings: Settings, brand=None):
    """Look up the product and compose its page plans."""
    try:
        make = PRODUCTS[job.product]
    except KeyError:
        raise PrinciplesError(f"unknown product '{job.product}'") from None
    return make(job, content, fonts, settings, brand)


def check_images(job: Job, plan, allow_low_res: bool, warn) -> None:
    """Every image's resolution at its placed size: press needs 300 ppi, and at least 150."""
    from generator.images import effective_ppi

    seen = set()
    for page in plan.pages:
        for image in page.images():
            ppi = effective_ppi(image.px_w, image.px_h, image.rect.w, image.rect.h)
            key = (image.source, round(ppi))
            if key in seen:
                continue
            seen.add(key)
            where = (
                f"{image.source} is {image.px_w} x {image.px_h} px: {ppi:.0f} ppi at "
                f"{image.rect.w:.0f} x {image.rect.h:.0f} mm in {job.path.name}"
            )
            if job.target is Target.PRESS and ppi < 150 and not allow_low_res:
                raise PrinciplesError(
                    f"{where}; print needs 300 ppi and at least 150: supply a larger logo (or use --allow-low-res)"
                )
            if job.target is Target.PRESS and ppi < 300:
                warn(f"warning: {where}; print needs 300 ppi: it may look soft")
            if job.target is Target.PRESS:
                _note_conversion(image, job, warn, seen)


def _note_conversion(image, job: Job, warn, seen: set) -> None:
    """Say once per logo and file what press output changes: transparency and RGB."""
    from generator.images import describe

    changes = describe(image.data)
    if changes and (image.source, job.path) not in seen:
        seen.add((image.source, job.path))
        warn(f"note: {image.source} {changes} for {job.path.name} (PDF/X-1a allows neither)")


def content_epoch(content: Content) -> int:
    """The first day of the content's publication month, so dates never come from the clock."""
    match = re.fullmatch(r"\s*(?:([A-Za-z]+)\s+)?(\d{4})\s*", content.document.published)
    month = _MONTHS.get((match.group(1) or "January").capitalize(), 1) if match else 1
    year = int(match.group(2)) if match else content.document.year
    return calendar.timegm((year, month, 1, 0, 0, 0))


def _no_warnings(message: str) -> None:
    pass


def render_jobs(
    jobs: list[Job], settings: Settings, warn=_no_warnings, brand=None, content: Content | None = None
) -> list[tuple[Job, bytes, int]]:
    """Load the content once and make every job's PDF bytes in memory."""
    from generator.pdf.render import render

    content = content or load_content(settings.content_dir)
    out = []
    for job, plan in plan_jobs(jobs, settings, warn, brand, content):
        out.append((job, render(plan, press_options(job, settings, content)), len(plan.pages)))
    return out


def plan_jobs(jobs: list[Job], settings: Settings, warn, brand, content: Content):
    """Each job's page plans, with its images' resolution checked."""
    from generator.fonts import Fonts

    fonts = Fonts.shared()
    fonts.prepare_fallback(content.all_text() + (brand.texts() if brand else []))
    from generator.products.branding import fill_brand

    plans = []
    for job in jobs:
        plan = fill_brand(_compose(job, content, fonts, settings, brand), brand, fonts)
        check_images(job, plan, settings.allow_low_res, warn)
        plans.append((job, plan))
    return plans


def press_options(job: Job, settings: Settings, content: Content):
    from generator.pdf.render import PressOptions

    epoch = settings.source_date_epoch if settings.source_date_epoch is not None else content_epoch(content)
    return PressOptions(
        cmyk=job.target.cmyk,
        bookmarks=job.target is Target.SCREEN,
        epoch=epoch,
        author=content.document.developed_by,
        fillable=job.fillable,
        output_intent=settings.output_intent if job.target is Target.PRESS else None,
        tagged=job.target is not Target.PRESS,
    )


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside path, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def preflight_press(rendered: list[tuple[Job, bytes, int]], allow_low_res: bool = False) -> None:
    """Run `check` on every press PDF in memory; any failure stops the build before writing."""
    from generator.check.preflight import FAIL, check_pdf

    problems = []
    for job, data, _ in rendered:
        if job.target is Target.PRESS:
            report = check_pdf(data, "press", name=str(job.path))
            problems += [
                f"{job.path}: {'page ' + str(f.page) if f.page else 'document'}: {f.check}: {f.message}"
                for f in report.findings
                if f.status == FAIL and not (allow_low_res and f.check == "images")
            ]  # already warned about
    if problems:
        raise PrinciplesError("preflight failed, nothing written:\n  " + "\n  ".join(problems))


def build_inputs(
    jobs: list[Job], settings: Settings, out_dir: Path, brand_digest: str = "", content_hash: str | None = None
) -> tuple[dict, str]:
    """What a build is made from (content, brand, options, tool version) and its digest."""
    import hashlib
    import json

    from generator import __version__
    from generator.content.load import content_digest

    options = {
        "bleed_mm": settings.bleed,
        "output_intent": settings.output_intent,
        "source_date_epoch": settings.source_date_epoch,
        "allow_low_res": settings.allow_low_res,
        "jobs": [
            {
                **{k: v for k, v in vars(job).items() if k not in ("path", "target")},
                "target": job.target.value,
                "file": _relative(job.path, out_dir),
            }
            for job in jobs
        ],
    }
    inputs = {
        "content": content_hash or content_digest(settings.content_dir),
        "brand": brand_digest,
        "options": options,
        "tool_version": __version__,
    }
    return inputs, hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def manifest(
    rendered: list[tuple[Job, bytes, int]],
    settings: Settings,
    out_dir: Path,
    brand_digest: str = "",
    content_hash: str | None = None,
) -> bytes:
    """What was made from what: per file its product, size, target, pages and SHA-256."""
    import hashlib
    import json

    from generator import __version__

    inputs, inputs_digest = build_inputs([job for job, _, _ in rendered], settings, out_dir, brand_digest, content_hash)
    files = [
        {
            "file": _relative(job.path, out_dir),
            "product": job.product,
            "size": job.size,
            "target": job.target.value,
            "pages": pages,
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
        for job, data, pages in rendered
    ]
    body = {
        "tool": "principles",
        "version": __version__,
        "inputs_digest": inputs_digest,
        "inputs": inputs,
        "files": files,
    }
    return (json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


MANIFEST = "manifest.json"


def build(
    jobs: list[Job],
    settings: Settings,
    manifest_dir: Path | None = None,
    warn=_no_warnings,
    brand=None,
    content: Content | None = None,
    content_hash: str | None = None,
) -> list[Written]:
    """Make every job, check the press files, then write them all (and the manifest)."""
    if brand is None and settings.brand_path is not None:
        from generator.brand import load_brand

        brand = load_brand(settings.brand_path)
    rendered = render_jobs(jobs, settings, warn, brand, content)
    preflight_press(rendered, settings.allow_low_res)
    return write_build(rendered, settings, manifest_dir, brand, content_hash)


def write_build(
    rendered: list[tuple[Job, bytes, int]],
    settings: Settings,
    manifest_dir: Path | None,
    brand=None,
    content_hash: str | None = None,
) -> list[Written]:
    """Write the made files (and the manifest), each atomically."""
    outputs = [(job.path, data) for job, data, _ in rendered]
    if manifest_dir is not None:
        digest = brand.digest() if brand else ""
        outputs.append((manifest_dir / MANIFEST, manifest(rendered, settings, manifest_dir, digest, content_hash)))
    for path, data in outputs:
        try:
            write_atomically(path, data)
        except OSError as exc:
            raise PrinciplesError(f"cannot write {path}: {exc.strerror}") from None
    return [Written(job.path, pages, len(data)) for job, data, pages in rendered]
