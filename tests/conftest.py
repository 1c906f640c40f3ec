"""Shared fixtures: the bundled content, fonts, and PDFs made once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.content.load import default_content_dir, load_content

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


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
