"""Shared fixtures: the bundled content, fonts, and PDFs made once per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.content.load import default_content_dir, load_content

ROOT = Path(__file__).resolve().parent.parent
# The seed documents sit beside the checkout (as in CI); tests/mutate.py points here from a copy.
SEEDS = Path(os.environ.get("PRINCIPLES_SEEDS", ROOT.parent / "shared" / "seeds"))


def working_tree_env(**extra: str) -> dict[str, str]:
    """The environment for a subprocess that must import this checkout's generator, not an installed copy."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


@pytest.fixture(scope="session", autouse=True)
def _this_checkout():
    """Every test imports the generator from this checkout; subprocesses get it through working_tree_env."""
    import generator

    if Path(generator.__file__).resolve().parent != ROOT / "generator":
        pytest.exit(f"the tests import {generator.__file__}, not this checkout's: run python -m pytest from {ROOT}")


@pytest.fixture(scope="session")
def content():
    return load_content(default_content_dir())


@pytest.fixture(scope="session")
def fonts(content):
    from generator.fonts import Fonts

    f = Fonts()
    f.prepare_fallback(content.all_text())
    return f


@pytest.fixture()
def content_copy(tmp_path) -> Path:
    """A writable copy of the bundled content, for tests that break or change it."""
    target = tmp_path / "content"
    shutil.copytree(default_content_dir(), target)
    return target


@pytest.fixture(scope="session")
def make_pdf(tmp_path_factory):
    """Build PDFs through the library (not the CLI), caching by job."""
    from generator.build import build
    from generator.geometry import Target
    from generator.products.poster import poster_job
    from generator.settings import Settings

    cache: dict = {}
    folder = tmp_path_factory.mktemp("pdfs")

    def make(size: str, target: str, content_dir: Path | None = None, bleed: float = 3.0) -> Path:
        key = (size, target, str(content_dir), bleed)
        if key not in cache:
            path = folder / f"poster-{size}-{target}-{len(cache)}.pdf"
            kwargs = {"content_dir": content_dir} if content_dir else {}
            build([poster_job(size, Target(target), path)], Settings(bleed=bleed, **kwargs))
            cache[key] = path
        return cache[key]

    return make


@pytest.fixture(scope="session")
def default_set(tmp_path_factory):
    """`principles build` once per session (without SOURCE_DATE_EPOCH): for tests that only read it.

    Returns (folder, the command's output).
    """
    from click.testing import CliRunner

    from generator.cli import main

    out = tmp_path_factory.mktemp("default-set")
    result = CliRunner().invoke(main, ["build", "-o", str(out)], env={"SOURCE_DATE_EPOCH": None})
    assert result.exit_code == 0, result.output
    return out, result.output


PRESS_PRODUCTS = ("poster-a2", "cards-a6", "cards-id1", "worksheets-a4")


@pytest.fixture(scope="session")
def press_set(default_set, tmp_path_factory) -> dict[str, Path]:
    """One press PDF of every product and card format family: the default set's two and two more."""
    from generator.build import build
    from generator.geometry import Target
    from generator.products.cards import cards_job
    from generator.products.worksheets import worksheets_job
    from generator.settings import Settings

    folder, _ = default_set
    extra = tmp_path_factory.mktemp("press-set")
    jobs = [
        cards_job("id1", Target.PRESS, extra / "cards-id1-single-press.pdf"),
        worksheets_job("a4", Target.PRESS, extra / "worksheets-a4-press.pdf"),
    ]
    build(jobs, Settings())
    return {
        "poster-a2": folder / "poster-a2-press.pdf",
        "cards-a6": folder / "cards-a6-single-press.pdf",
        "cards-id1": extra / "cards-id1-single-press.pdf",
        "worksheets-a4": extra / "worksheets-a4-press.pdf",
    }
