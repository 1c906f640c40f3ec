"""`principles validate`: whatever `build` would refuse, found without rendering, in one report.

Content rules (load.py), glyphs no font can draw (naming file and key), and the fit of every
product and size in the default build set (page plans composed, nothing drawn).
"""

from __future__ import annotations

from pathlib import Path

from generator.content.model import Content
from generator.errors import ContentError, GlyphError, PrinciplesError
from generator.settings import Settings, default_build


def content_fields(content: Content) -> list[tuple[str, str, str]]:
    """Every printed content string as (file, key, text), keys as the TOML names them."""
    d = content.document
    out = [
        (d.source, f"document.{k}", getattr(d, k))
        for k in ("title", "subtitle", "statement", "developed_by", "developed_with", "published", "link_label")
    ]
    for p in content.principles:
        out += [(p.source, k, getattr(p, k)) for k in ("title", "summary") if getattr(p, k)]
        out += [(p.source, "context", p.context)] if p.context else []
        out += [(p.source, f"body[{i}]", t) for i, t in enumerate(p.body)]
        out += [(p.source, f"quotes[{i}]", t) for i, t in enumerate(p.quotes)]
        for i, pr in enumerate(p.practices):
            out += [(p.source, f"practices[{i}].text", pr.text), (p.source, f"practices[{i}].prompt", pr.prompt)]
    source = _moments_source(content)
    for i, m in enumerate(content.moments):
        out += [(source, f"moments[{i}].label", m.label), (source, f"moments[{i}].short", m.short)]
    uses_source = str(Path(d.source).with_name("uses.toml"))
    for i, u in enumerate(content.uses):
        out += [(uses_source, f"uses[{i}].{k}", getattr(u, k)) for k in ("title", "text", "quote", "quote_by")]
    w = content.worksheets
    out += [
        (w.source, f"worksheets.{k}", getattr(w, k))
        for k in (
            "title",
            "how_to_heading",
            "question",
            "evidence_label",
            "try_label",
            "moments_label",
            "priorities_heading",
            "blank_page",
        )
    ]
    out += [(w.source, f"worksheets.how_to[{i}]", t) for i, t in enumerate(w.how_to)]
    out += [(w.source, f"worksheets.cover_fields[{i}]", t) for i, t in enumerate(w.cover_fields)]
    for i, r in enumerate(w.ratings):
        out += [(w.source, f"worksheets.ratings[{i}].{k}", getattr(r, k)) for k in ("label", "meaning")]
    return out


def _moments_source(content: Content) -> str:
    return str(Path(content.document.source).with_name("moments.toml"))


def glyph_problems(content: Content, fonts) -> list[tuple[str, str, str]]:
    """Each field with a character that neither the main nor the fallback font can draw."""
    fields = content_fields(content)
    try:
        fonts.prepare_fallback([(f"{file}: {key}", text) for file, key, text in fields])
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

    content = load_content(settings.content_dir)  # its own problems, all at once
    fonts = Fonts.shared()
    problems = glyph_problems(content, fonts)
    problems += fit_problems(content, fonts, settings)
    if problems:
        raise ContentError(problems)
    return content
