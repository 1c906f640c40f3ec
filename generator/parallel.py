"""Several PDFs of one run made side by side, one per CPU: the same bytes as one process makes.

`principles build` makes a dozen files whose layout and drawing are pure Python; on a machine with
more than one core they are made in forked worker processes, which start with the content, fonts
and code already loaded. Each worker returns a file's bytes, its page count and what it would have
said; the main process says it, in the order of the jobs, and raises the first job's error.
"""

from __future__ import annotations

import io
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
    from generator.fonts import Fonts

    Fonts.shared().prepare_fallback(content.all_text() + (brand.texts() if brand else []))  # once, before the fork
    _load_before_the_fork(jobs)
    _SHARED.update(jobs=jobs, settings=settings, brand=brand, content=content)
    order = sorted(range(len(jobs)), key=lambda i: -_weight(jobs[i]))  # the longest first: the workers end together
    try:
        results = _forked(order, min(processes, len(jobs)))
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


def _forked(order: list[int], workers: int) -> dict[int, tuple]:
    """Each job's result, made in `workers` forked processes. The job numbers wait in one pipe,
    longest first, a byte each: a worker takes the next when it is free. Each sends its results
    back on a pipe of its own, read here as they come. (multiprocessing's Pool does the same
    with a task queue and three threads: 8-10 ms a run more, a twentieth of a build.)"""
    import select
    import signal

    if len(order) > 255:
        raise ValueError("at most 255 jobs a run")
    tickets, to_tickets = os.pipe()
    os.write(to_tickets, bytes(order))
    os.close(to_tickets)  # a worker that finds the pipe empty is done
    children: dict[int, int] = {}  # pid -> the end its results arrive on
    try:
        for _ in range(workers):
            results, to_results = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: it never returns from here
                status = 1
                try:
                    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process answers Ctrl-C
                    os.close(results)
                    with os.fdopen(to_results, "wb") as out:
                        while ticket := os.read(tickets, 1):
                            pickle.dump(_make(ticket[0]), out, protocol=pickle.HIGHEST_PROTOCOL)
                    status = 0
                finally:
                    os._exit(status)
            os.close(to_results)
            children[pid] = results
        received = {fd: bytearray() for fd in children.values()}
        waiting = list(received)
        while waiting:
            for fd in select.select(waiting, [], [])[0]:
                chunk = os.read(fd, 1 << 20)
                if chunk:
                    received[fd] += chunk
                else:
                    waiting.remove(fd)
        failed = [pid for pid in children if os.waitpid(pid, 0)[1]]
    except BaseException:  # Ctrl-C, or a failure here: no worker is left behind
        for pid in children:
            try:
                os.kill(pid, signal.SIGTERM)
                os.waitpid(pid, 0)
            except OSError:
                pass
        raise
    finally:
        os.close(tickets)
        for fd in children.values():
            try:
                os.close(fd)
            except OSError:
                pass
    died = PrinciplesError("a worker process ended unexpectedly: run again with --jobs 1 to see why")
    if failed:  # its last result may be cut short
        raise died
    made: dict[int, tuple] = {}
    for data in received.values():
        stream = io.BytesIO(data)
        while stream.tell() < len(data):
            index, result = pickle.load(stream)
            made[index] = result
    if len(made) != len(order):
        raise died
    return made


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
