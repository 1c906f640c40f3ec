"""The orchestrator: load, check, compose, render, then write; nothing is written unless all succeed."""

from __future__ import annotations

import datetime
import os
from dataclasses import replace
from pathlib import Path

from generator.content.load import load_content
from generator.content.model import Content
from generator.errors import PrinciplesError
from generator.plan import PlanDocument
from generator.records import frozen
from generator.settings import Job, Settings
from generator.targets import DEFAULT_BLEED
from generator.targets import DEFAULT_OUTPUT_INTENT as DEFAULT_INTENT


@frozen
class Written:
    """A file the build wrote: where, how many pages, how big."""

    path: Path
    pages: int
    size_bytes: int


def compose(job: Job, content: Content, fonts, settings: Settings, brand=None) -> PlanDocument:
    """The job's page plans, by its product's recipe, with the brand's slots left unfilled."""
    from generator.products.recipe import Compose
    from generator.products.registry import product

    return product(job.product).compose(job, Compose(content, fonts, settings, brand))


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
            rules = job.target.profile
            if rules.ppi_fail and ppi < rules.ppi_fail and not allow_low_res:
                raise PrinciplesError(
                    f"{where}; print needs {rules.ppi_warn} ppi and at least {rules.ppi_fail}: "
                    "supply a larger logo (or use --allow-low-res)"
                )
            if rules.ppi_warn and ppi < rules.ppi_warn:
                warn(f"warning: {where}; print needs {rules.ppi_warn} ppi: it may look soft")
            if rules.cmyk:
                _note_conversion(image, job, warn, seen)


def _note_conversion(image, job: Job, warn, seen: set) -> None:
    """Say once per logo and file what press output changes: transparency and RGB."""
    from generator.images import describe

    changes = describe(image.data)
    if changes and (image.source, job.path) not in seen:
        seen.add((image.source, job.path))
        warn(ConversionNote(image.source, changes, job.path.name))


class ConversionNote(str):
    """A note that press output changes an image ("note: in FILE, logo.png is changed..."); a
    build says it once for all its files (said_once). It survives pickling, from a worker."""

    source: str
    changes: str
    file: str

    def __new__(cls, source: str, changes: str, file: str) -> ConversionNote:
        note = super().__new__(cls, f"note: in {file}, {source} {changes}")
        note.source, note.changes, note.file = source, changes, file
        return note

    def __getnewargs__(self) -> tuple[str, str, str]:  # type: ignore[override]
        return self.source, self.changes, self.file


def said_once(notes: list[ConversionNote]) -> list[str]:
    """One line per image and change, naming every file it is in, in the order they came."""
    files: dict[tuple[str, str], list[str]] = {}
    for note in notes:
        files.setdefault((note.source, note.changes), []).append(note.file)
    lines = []
    for (source, changes), names in files.items():
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        lines.append(f"note: in {listed}, {source} {changes}")
    return lines


def content_epoch(content: Content) -> int:
    """The first day of the content's publication month, so dates never come from the clock."""
    year, month = content.document.published_month
    return (datetime.date(year, month, 1) - datetime.date(1970, 1, 1)).days * 86400


def _no_warnings(message: str) -> None:
    pass


def render_jobs(
    jobs: list[Job],
    settings: Settings,
    warn=_no_warnings,
    brand=None,
    content: Content | None = None,
    processes: int = 1,
) -> list[tuple[Job, bytes, int]]:
    """Load the content once and make every job's PDF bytes in memory (in `processes` processes)."""
    from generator.pdf.render import render

    content = content or load_content(settings.content_dir)
    notes: list[ConversionNote] = []

    def say(message: str) -> None:  # notes on images wait, to be said once for every file
        if isinstance(message, ConversionNote):
            notes.append(message)
        else:
            warn(message)

    if processes > 1 and len(jobs) > 1 and hasattr(os, "fork"):
        from generator.parallel import render_in_processes

        out = render_in_processes(jobs, settings, say, brand, content, processes)
    else:
        out = []
        for job, plan in plan_jobs(jobs, settings, say, brand, content):
            out.append((job, render(plan, press_options(job, settings, content)), len(plan.pages)))
    for line in said_once(notes):
        warn(line)
    return out


def plan_jobs(jobs: list[Job], settings: Settings, warn, brand, content: Content):
    """Each job's page plans, with its images' resolution checked."""
    from generator.errors import FitError
    from generator.fonts import Fonts

    fonts = Fonts.shared()
    fonts.prepare_fallback(content.all_text() + (brand.texts() if brand else []))
    from generator.products.branding import fill_brand

    plans = []
    for job in jobs:
        try:
            plan = fill_brand(compose(job, content, fonts, settings, brand), brand, fonts)
        except FitError as exc:
            raise exc.in_file(job.path.name) from None
        check_images(job, plan, settings.allow_low_res, warn)
        check_safe_area(job, plan)
        plans.append((job, plan))
    return plans


def check_safe_area(job: Job, plan: PlanDocument) -> None:
    """Every line of text inside its page's safe area, for every target; else a FitError naming it."""
    from generator.errors import FitError
    from generator.fonts import ASCENT, DESCENT
    from generator.units import pt_to_mm

    for number, page in enumerate(plan.pages, start=1):
        spec = page.spec
        keep = max(job.target.profile.safe_text, spec.target.edge_clearance)
        for item in page.texts():
            for line in item.lines:
                size = max((r.size for r in line.runs), default=0.0)
                top, bottom = line.baseline - pt_to_mm(size * ASCENT), line.baseline + pt_to_mm(size * DESCENT)
                clear = min(line.x, top, spec.trim_w - (line.x + line.width), spec.trim_h - bottom)
                if clear < keep - 0.05:
                    text = line.text if len(line.text) <= 40 else line.text[:39] + "…"
                    raise FitError(
                        job.product,
                        f"'{text}' on page {number}",
                        "the content",
                        f"{clear:.1f} mm from the page edge, at least {keep:g} mm needed for {job.target.value}",
                    )


def press_options(job: Job, settings: Settings, content: Content):
    from generator.pdf.render import PressOptions

    epoch = settings.source_date_epoch if settings.source_date_epoch is not None else content_epoch(content)
    return PressOptions(
        cmyk=job.target.cmyk,
        bookmarks=job.target.profile.bookmarks,
        epoch=epoch,
        author=content.document.developed_by,
        fillable=_fillable(job),
        output_intent=settings.output_intent if job.target.profile.pdfx else None,
        tagged=job.target.profile.tagged,
        pdf_version=job.target.profile.pdf_version,
        image_ppi=(job.target.profile.image_ppi, job.target.profile.image_ppi_above),
    )


def _fillable(job: Job) -> bool:
    from generator.products.registry import product

    return product(job.product).fillable(job)


def _folder_for(path: Path) -> None:
    """Make path's folder, naming the real problem when a part of it is a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in reversed(path.parents) if p.exists() and not p.is_dir()), path.parent)
        raise PrinciplesError(f"cannot write {path}: {blocker} is a file, not a folder") from None


def _stage(path: Path, data: bytes) -> Path:
    """Write data to a new hidden file beside path, readable as the umask allows (os.open applies
    it to 0666, as for any file; tempfile's files are 0600, and importing it costs 3 ms a run)."""
    _folder_for(path)
    for attempt in range(1000):
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{attempt}.part")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # never over another file
            break
        except FileExistsError:  # left by an earlier run with this process number
            continue
    else:
        raise FileExistsError(f"no free temporary name beside {path}")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside path, then rename it into place."""
    write_all([(path, data)])


def write_all(outputs: list[tuple[Path, bytes]]) -> None:
    """Write every file to a temporary name first, then rename them all into place: a full disk
    or a file-size limit leaves no partial file and none of the new files.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in outputs:
            try:
                staged.append((_stage(path, data), path))
            except OSError as exc:
                raise PrinciplesError(f"cannot write {path}: {exc.strerror or exc}") from None
        for tmp, path in staged:
            try:
                os.replace(tmp, path)
            except IsADirectoryError:
                raise PrinciplesError(f"cannot write {path}: it is a folder") from None
            except OSError as exc:
                raise PrinciplesError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


def preflight_press(rendered: list[tuple[Job, bytes, int]], allow_low_res: bool = False) -> None:
    """Run `check` on every PDF whose target asks for it (press); any failure stops the build.
    Bytes checked before (the same inputs make the same bytes) answer from the findings cache.
    """
    from generator.check.cache import checked
    from generator.check.report import FAIL

    problems = []
    for job, data, _ in rendered:
        if job.target.profile.preflight:
            report = checked(data, job.target.value, str(job.path))
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
        "jobs": [{**job.describe(), "file": _relative(job.path, out_dir)} for job in jobs],
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
    processes: int = 1,
) -> list[Written]:
    """Make every job, check the press files, then write them all (and the manifest)."""
    if brand is None and settings.brand_path is not None:
        from generator.brand import load_brand

        brand = load_brand(settings.brand_path)
    rendered = render_jobs(jobs, settings, warn, brand, content, processes)
    preflight_press(rendered, settings.allow_low_res)
    return write_build(rendered, settings, manifest_dir, brand, content_hash)


def with_option_names(job: Job, settings: Settings) -> Job:
    """A default file name that also says the options which change the file, so a single
    product never takes the name of a build-set file made differently:
    poster-a2-press-bleed5.pdf, cards-a6-single-office-shared-decisions-full-text.pdf.
    """
    parts = []  # the product's own options are named by its job builder
    if job.target.profile.bleed and settings.bleed != DEFAULT_BLEED:
        parts.append(f"bleed{settings.bleed:g}")
    if job.target.profile.pdfx and settings.output_intent != DEFAULT_INTENT:
        parts.append(settings.output_intent)
    if not parts:
        return job
    return replace(job, path=job.path.with_name(f"{job.path.stem}-{'-'.join(parts)}{job.path.suffix}"))


def _updated_manifests(rendered: list[tuple[Job, bytes, int]]) -> list[tuple[Path, bytes]]:
    """A single product written over a file that a manifest beside it lists: the manifest's
    entry is brought up to date, so it never disagrees with the files.
    """
    import hashlib

    from generator.edition_files import read_manifest

    updated: dict[Path, dict] = {}
    for job, data, pages in rendered:
        path = job.path.parent / MANIFEST
        if path not in updated:
            updated[path] = read_manifest(path) or {}
        for entry in updated[path].get("files", []):
            if isinstance(entry, dict) and entry.get("file") == job.path.name:
                sha = hashlib.sha256(data).hexdigest()
                if entry.get("sha256") != sha:
                    entry.update(sha256=sha, bytes=len(data), pages=pages, made_separately=True)
                    updated[path]["changed"] = True
    if not any(body.get("changed") for body in updated.values()):
        return []
    import json

    return [
        (
            path,
            (
                json.dumps(
                    {k: v for k, v in body.items() if k != "changed"}, indent=2, sort_keys=True, ensure_ascii=False
                )
                + "\n"
            ).encode(),
        )
        for path, body in updated.items()
        if body.get("changed")
    ]


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
    else:
        outputs += _updated_manifests(rendered)
    write_all(outputs)
    return [Written(job.path, pages, len(data)) for job, data, pages in rendered]
