"""Several PDFs of one run made side by side, one per CPU: the same bytes as one process makes.

`principles build` makes a dozen files whose layout and drawing are pure Python; on a machine with
more than one core they are made in forked worker processes, which start with the content, fonts
and code already loaded. Each worker returns a file's bytes, its page count and what it would have
said; the main process says it, in the order of the jobs, and raises the first job's error.
"""

from __future__ import annotations

import os
import pickle
from typing import Any

from generator.content.model import Content
from generator.errors import PrinciplesError
from generator.settings import Job, Settings

_SHARED: dict[str, Any] = {}  # set before the fork: the workers inherit it


def cpus() -> int:
    """The processes a run may use: the CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def render_in_processes(
    jobs: list[Job], settings: Settings, warn, brand, content: Content, processes: int
) -> list[tuple[Job, bytes, int]]:
    import multiprocessing

    from generator.fonts import Fonts

    Fonts.shared().prepare_fallback(content.all_text() + (brand.texts() if brand else []))  # once, before the fork
    _load_before_the_fork(jobs)
    _SHARED.update(jobs=jobs, settings=settings, brand=brand, content=content)
    order = sorted(range(len(jobs)), key=lambda i: -_weight(jobs[i]))  # the longest first: the workers end together
    results: dict[int, tuple] = {}
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(processes, len(jobs))) as pool:
            for index, result in pool.imap_unordered(_make, order):
                results[index] = result
    finally:
        _SHARED.clear()
    out = []
    for index, job in enumerate(jobs):
        data, pages, said, error = results[index]
        for message in said:
            warn(message)
        if error is not None:
            raise pickle.loads(error)
        out.append((job, data, pages))
    return out


def _load_before_the_fork(jobs: list[Job]) -> None:
    """Import what every worker needs once, in the main process, instead of once in each worker."""
    import importlib

    from generator.products.registry import product

    for job in jobs:
        product(job.product)  # the product's module
    importlib.import_module("reportlab.pdfgen.canvas")
    importlib.import_module("generator.pdf.render")
    if any(job.target.profile.tagged for job in jobs):
        importlib.import_module("generator.pdf.tags")


def _weight(job: Job) -> float:
    """A rough relative cost, so the longest jobs start first (a worksheet pack is the longest)."""
    from generator.products.registry import product

    return product(job.product).weight(job)


def _make(index: int) -> tuple[int, tuple]:
    from generator.build import plan_jobs, press_options
    from generator.pdf.render import render

    job = _SHARED["jobs"][index]
    settings, content = _SHARED["settings"], _SHARED["content"]
    said: list[str] = []
    try:
        [(job, plan)] = plan_jobs([job], settings, said.append, _SHARED["brand"], content)
        data = render(plan, press_options(job, settings, content))
        return index, (data, len(plan.pages), said, None)
    except Exception as exc:  # raised again in the main process, in the order of the jobs
        return index, (b"", 0, said, _portable(exc))


def _portable(exc: Exception) -> bytes:
    """The error, pickled; one whose arguments do not survive pickling keeps its message."""
    try:
        data = pickle.dumps(exc)
        pickle.loads(data)
        return data
    except Exception:
        if isinstance(exc, PrinciplesError):
            return pickle.dumps(PrinciplesError(str(exc)))
        import traceback

        return pickle.dumps(RuntimeError("".join(traceback.format_exception(exc))))
