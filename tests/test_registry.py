"""One place for each fact: the product registry, target profiles, labels from content, fit always measured."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from generator.build import build, compose
from generator.check.preflight import FAIL, check_pdf
from generator.cli import main
from generator.content.load import LABELS, load_content
from generator.errors import ContentError, SettingsError
from generator.fonts import Fonts
from generator.products.registry import PRODUCTS, default_build
from generator.settings import Settings
from generator.targets import PROFILES, TARGET_NAMES, Target

ROOT = Path(__file__).resolve().parent.parent


def every_job(out: Path) -> list:
    """Each product at its default options for every target it allows."""
    jobs = []
    for product in PRODUCTS.values():
        defaults = {o.name: o.default for o in product.options if o.default is not None}
        for target in Target:
            try:
                jobs.append(product.job(target=target, path=None, out_dir=out, **defaults))
            except SettingsError:
                continue  # a combination the product refuses for this target, with a message
    return jobs


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(path)
    try:
        text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    return re.sub(r"\s+", " ", text)


def test_every_product_is_one_registry_entry_with_its_whole_recipe():
    assert list(PRODUCTS) == ["poster", "cards", "worksheets", "leaflet", "discussion-cards"]
    for name, product in PRODUCTS.items():
        assert product.name == name and product.default_jobs(Path("x")), name
        assert all(job.product == name for job in product.default_jobs(Path("x")))
        assert "Example" in product.help  # every command's help has an example
    import click

    commands = set(main.list_commands(click.Context(main)))
    assert set(PRODUCTS) <= commands


def test_every_target_is_one_profile():
    assert set(PROFILES) == set(Target) and TARGET_NAMES == ("press", "office", "screen")
    press, office, screen = (PROFILES[t] for t in Target)
    assert press.bleed and press.marks and press.cmyk and press.pdfx and not press.tagged
    assert not office.cmyk and office.edge_clearance == 5.0 and office.tagged and screen.tagged
    assert press.pdf_version == "1.4" and screen.pdf_version == "1.7"


def test_no_module_but_the_profiles_asks_which_target_it_is():
    """`target is Target.PRESS` or `target == "press"` outside targets.py would be a second place for a fact."""
    pattern = re.compile(r"is (not )?Target\.|== \"(press|office|screen)\"|in \(\"(press|office|screen)\"")
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "generator").rglob("*.py"))
        if path.name != "targets.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_pyproject_lists_every_package():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "generator").rglob("__init__.py")} | {
        "generator._content",
        "generator._assets",
    }
    assert found and listed == found


def test_page_plans_compose_without_a_pdf(tmp_path):
    """Every job of the default set composes to plans whose text all lies on its page."""
    content = load_content(ROOT / "content")
    fonts = Fonts.shared()
    fonts.prepare_fallback(content.all_text())
    jobs = default_build(tmp_path)
    assert len(jobs) >= 12
    for job in jobs:
        plan = compose(job, content, fonts, Settings())
        texts = [t for page in plan.pages for t in page.texts()]
        assert plan.pages and texts, job.path.name
        for page in plan.pages:
            for item in page.texts():
                for line in item.lines:
                    assert -0.01 <= line.x and line.x + line.width <= page.spec.trim_w + 0.01, (
                        job.path.name,
                        line.text,
                    )


# --- every printed word from content ---------------------------------------------------------


@pytest.fixture(scope="module")
def marker_build(tmp_path_factory):
    """Every product and target built from content whose every label is replaced by a marker."""
    root = tmp_path_factory.mktemp("markers")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    table = tomllib.loads((content / "labels.toml").read_text(encoding="utf-8"))["labels"]
    lines = ["[labels]"]
    for n, key in enumerate(LABELS):
        fields = re.findall(r"\{[a-z_]+\}", table[key])
        lines.append(f'{key} = "Zq{n}z' + "".join(" " + f for f in fields) + '"')
    lines.append("action_columns = " + str([f"Zc{n}z" for n in range(5)]).replace("'", '"'))
    lines.append("months = " + str([f"Zm{n}z" for n in range(12)]).replace("'", '"'))
    (content / "labels.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = root / "out"
    jobs = every_job(out)
    build(jobs, Settings(content_dir=content))
    return table, content, [job.path for job in jobs]


def test_marker_labels_replace_every_default_label(marker_build):
    defaults, content_dir, paths = marker_build
    assert len(paths) >= 10
    content = load_content(content_dir)
    others = " ".join(text for source, text in content.all_text() if not source.endswith("labels.toml"))
    phrases = set()
    for value in defaults.values():
        if isinstance(value, str):
            for piece in re.split(r"\{[a-z_]+\}", value):
                piece = piece.strip(" :,.()")
                if len(piece) > 3 and piece not in others:  # the seed's own text may say it too
                    phrases.add(piece)
    assert "When it matters most" in phrases and "Principles on this card" in phrases
    seen_markers = set()
    for path in paths:
        text = pdf_text(path)
        left = sorted(p for p in phrases if p in text)
        assert left == [], (path.name, left)
        seen_markers |= set(re.findall(r"Z[qcm]\d+z", text))
    assert len(seen_markers) >= 10  # the markers are what got printed


# --- fit is always measured ------------------------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


LONG_LABEL = "When meeting for the first time, in a room, with a friend an"  # 60 characters
LONG_TITLE = (
    "Understand and cater to context for people, families, carers and the teams around them, wherever they are "
    "and whatever t"
)  # 120 characters


@pytest.mark.parametrize("product", list(PRODUCTS))
@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("moments.toml", 'label = "When meeting for the first time"', f'label = "{LONG_LABEL}"'),
        (
            "principles/2-understand-and-cater-to-context.toml",
            'title = "Understand and cater to context"',
            f'title = "{LONG_TITLE}"',
        ),
    ],
    ids=["60-character moment label", "120-character heading"],
)
def test_long_text_fits_or_is_a_fit_error_naming_element_and_file(tmp_path, product, file, old, new):
    assert len(LONG_LABEL) == 60 and len(LONG_TITLE) == 120
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    _edit(content / file, old, new)
    out = tmp_path / "out"
    for target in ("office", "press"):
        result = CliRunner().invoke(
            main, [product, "--content", str(content), "--target", target, "-o", str(out / "x.pdf")]
        )
        if result.exit_code == 1:
            line = result.output.strip().splitlines()[-1]
            assert line.startswith(f"error: {product} (x.pdf): ") and "does not fit" in line, line
            assert Path(file).name in line  # the file to shorten
            assert not out.exists() or not any(out.iterdir())  # nothing written
        else:
            assert result.exit_code == 0, result.output
            report = check_pdf(out / "x.pdf", target)
            assert not [f for f in report.findings if f.check == "safe area" and f.status == FAIL], product
            assert new.split('"')[1].split()[-1] in pdf_text(out / "x.pdf") or product != "poster"


def test_the_poster_refuses_a_moment_name_it_cannot_set(tmp_path):
    """A name with no place to break it, wider than the whole poster (the poster prints the short names)."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    _edit(content / "moments.toml", 'short = "First meeting"', f'short = "{"Firstmeeting" * 15}"')
    result = CliRunner().invoke(main, ["poster", "--content", str(content), "-o", str(tmp_path / "p.pdf")])
    assert result.exit_code == 1, result.output
    line = result.output.strip().splitlines()[-1]
    assert line.startswith("error: poster (p.pdf): the first-meeting moment's short name") and "does not fit" in line, (
        line
    )
    assert "moments.toml" in line and not (tmp_path / "p.pdf").exists()


# --- dates and languages from content --------------------------------------------------------


def test_published_is_iso_and_printed_with_the_content_month_names(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    _edit(content / "labels.toml", 'with {developed_with}, {year}."', 'with {developed_with}, {published}."')
    _edit(content / "labels.toml", '"November"', '"Tachwedd"')
    loaded = load_content(content)
    assert loaded.document.published_month == (2019, 11)
    assert loaded.attribution.endswith("people with lived experience, Tachwedd 2019.")
    out = tmp_path / "p.pdf"
    assert CliRunner().invoke(main, ["poster", "--content", str(content), "-o", str(out)]).exit_code == 0
    assert "Tachwedd 2019" in pdf_text(out)


@pytest.mark.parametrize("value", ["Tachwedd 2019", "2019-13", "November"])
def test_an_unparseable_date_is_a_content_error_naming_file_and_key(tmp_path, value):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    _edit(content / "document.toml", 'published = "2019-11"', f'published = "{value}"')
    with pytest.raises(ContentError) as caught:
        load_content(content)
    assert any(f.endswith("document.toml") and key == "document.published" for f, key, _ in caught.value.problems)


def test_a_label_with_an_unknown_placeholder_is_refused(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    _edit(content / "labels.toml", '"Page {page} of {pages}"', '"Page {page} of {total}"')
    with pytest.raises(ContentError) as caught:
        load_content(content)
    assert [(key, message) for _, key, message in caught.value.problems] == [
        ("labels.page_of", "unknown placeholder {total}: it may use {page}, {pages}")
    ]


def test_welsh_edition_labels_and_language(tmp_path):
    """A Welsh fixture: labels with ŵ and ŷ (drawn from the fallback font) and the PDF's language from content."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    _edit(content / "labels.toml", '"When it matters most"', '"Pryd mae’n bwysicaf: ŵyr ac ŷd"')
    _edit(content / "document.toml", 'language = "en-GB"', 'language = "cy"')
    out = tmp_path / "p.pdf"
    result = CliRunner().invoke(main, ["poster", "--target", "screen", "--content", str(content), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "ŵyr ac ŷd" in pdf_text(out)
    with pikepdf.open(out) as pdf:
        assert pdf.Root.Lang == "cy"
