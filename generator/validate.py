"""`principles validate`: whatever `build` would refuse, found without rendering, in one report.

Content rules (load.py), glyphs no font can draw (naming file and key), and the fit of every
product and size in the default build set (page plans composed, nothing drawn).
"""

from __future__ import annotations

from pathlib import Path

from generator.content.model import Content
from generator.errors import ContentError, GlyphError, PrinciplesError
from generator.products.registry import default_build
from generator.settings import Settings

NOT_PRINTED = {"id", "language", "link_url"}  # identifiers and addresses, not printed text


def content_fields(content_dir: Path) -> list[tuple[str, str, str]]:
    """Every printed string in the content folder's TOML files as (file, key, text), keys as the
    files write them (document.title, practices[2].prompt); read even when other rules fail.
    """
    from generator.content.load import parse_toml

    out: list[tuple[str, str, str]] = []

    def walk(file: str, value, key: str) -> None:
        if isinstance(value, str):
            out.append((file, key, value))
        elif isinstance(value, dict):
            for k, v in value.items():
                moment_ids = k == "moments" and isinstance(v, list) and all(isinstance(i, str) for i in v)
                if k not in NOT_PRINTED and not moment_ids:
                    walk(file, v, f"{key}.{k}" if key else k)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(file, v, f"{key}[{i}]")

    root = Path(content_dir)
    for path in sorted(root.rglob("*.toml")):
        try:
            data = parse_toml(path.read_bytes())
        except (OSError, ValueError):  # unreadable files are reported by the loader
            continue
        walk(str(path), data, "")
    return out


def glyph_problems(content_dir: Path, fonts) -> list[tuple[str, str, str]]:
    """Each field with a character that neither the main nor the fallback font can draw."""
    fields = content_fields(content_dir)
    try:
        fonts.prepare_fallback([(file, text) for file, _, text in fields])
        return []
    except GlyphError:
        pass
    problems = []
    for file, key, text in fields:
        if not fonts.missing_from_main(text):
            continue
        try:
            fonts.prepare_fallback([(file, text)])
        except GlyphError as exc:
            problems.append((file, key, str(exc).removeprefix(f"{file}: ")))
    return problems


def fit_problems(content: Content, fonts, settings: Settings) -> list[tuple[str, str, str]]:
    """Compose every job of the default build set (page plans only) and collect what does not fit."""
    from generator.build import compose

    found: dict[tuple[str, str], list[str]] = {}
    for job in default_build(Path("output")):
        label = f"{job.path.stem}"
        try:
            compose(job, content, fonts, settings, None)
        except GlyphError:
            continue  # already reported, by field
        except PrinciplesError as exc:
            source = getattr(exc, "source", "") or content.document.source
            found.setdefault((source, str(exc)), []).append(label)
    return [(source, "", f"{message} (in {', '.join(jobs)})") for (source, message), jobs in found.items()]


def validate(settings: Settings) -> Content:
    """Everything build would refuse about the content; raises ContentError listing it all."""
    from generator.content.load import load_content
    from generator.fonts import Fonts

    fonts = Fonts.shared()
    try:
        content = load_content(settings.content_dir)
    except ContentError as exc:  # the rules, and the glyphs too: one report
        if not Path(settings.content_dir).is_dir():
            raise
        raise ContentError(exc.problems + glyph_problems(settings.content_dir, fonts)) from None
    problems = glyph_problems(settings.content_dir, fonts)
    problems += fit_problems(content, fonts, settings)
    if problems:
        raise ContentError(problems)
    return content
