"""`principles check`: a print shop's preflight for any PDF, read with parsing libraries.

It never uses what the generator knows about its own drawing, so it catches the generator's
mistakes as well as other people's files.
"""

from __future__ import annotations

import io
from pathlib import Path

from generator.check import quiet_libraries
from generator.check.report import FAIL, PASS, WARN, Finding, Report
from generator.check.scan import ContentScan, fonts_of, text_geometry
from generator.targets import BLEED_RANGE, profile

__all__ = ["FAIL", "PASS", "WARN", "Finding", "Report", "check_pdf"]
PT_PER_MM = 72 / 25.4
MIN_BLEED_MM = BLEED_RANGE[0]
SMALLEST_TEXT_WARN = 6.0  # pt


def check_pdf(source: Path | bytes, target: str | None, name: str | None = None) -> Report:
    """Preflight one PDF for a target (press, office or screen); None infers it from the file."""
    label = name or (str(source) if isinstance(source, Path) else "<memory>")
    with quiet_libraries():
        return _check(source, target, label)


def _check(source: Path | bytes, target: str | None, label: str) -> Report:
    from pypdf import PdfReader

    report = Report(label, target or "office")
    try:
        data = source.read_bytes() if isinstance(source, Path) else source
    except OSError as exc:
        report.add("file", FAIL, f"cannot read: {exc.strerror}")
        return report
    if b"%PDF-" not in data[:1024]:
        report.add("file", FAIL, "not a PDF: it does not begin with %PDF-")
        return report
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            report.add("file", FAIL, "password protected: a print shop cannot open it; save a copy without a password")
            return report
        pages = list(reader.pages)
    except Exception as exc:  # noqa: BLE001 - any file at all: pypdf raises many types for damaged ones
        report.add("file", FAIL, f"not a readable PDF: {_one_line(exc)}")
        return report
    if not pages:
        report.add("file", FAIL, "no pages")
        return report
    if target is None:
        report.target, report.inferred = infer_target(reader)
    try:
        _document_checks(reader, report, report.target)
        geometry = text_geometry(data)
        for number, page in enumerate(pages, start=1):
            _page_checks(page, number, report, report.target, geometry.get(number, []))
        if profile(report.target).tagged:  # editions people read on screen must work with a screen reader
            from generator.check.access import access_checks

            access_checks(data, report)
        if profile(report.target).cmyk:  # what the separations will show: plates, overprint, tints, marks, ink
            from generator.check.plates import plate_checks

            plate_checks(data, report, reader)
    except Exception as exc:  # noqa: BLE001 - a damaged file is a finding, not a crash
        report.add("file", FAIL, f"damaged PDF: {_one_line(exc)}")
    return report


def infer_target(reader) -> tuple[str, str]:
    """press when the file names an output intent and its pages a TrimBox; otherwise office."""
    intents = reader.trailer["/Root"].get("/OutputIntents")
    trim = all("/TrimBox" in page for page in reader.pages)
    if intents and trim:
        return "press", "output intent and trim box"
    return "office", "no output intent" if not intents else "no trim box"


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


# --- document ---------------------------------------------------------------------------------


def _document_checks(reader, report: Report, target: str) -> None:
    root = reader.trailer["/Root"]
    info = reader.metadata or {}
    fields = reader.get_fields() or {}
    if fields:
        report.add(
            "forms",
            PASS if profile(target).forms else FAIL,
            f"{len(fields)} form fields" + ("" if profile(target).forms else f": not allowed in {target} files"),
        )
    else:
        report.add("forms", PASS, "no form fields")
    if not profile(target).pdfx:
        report.add(
            "metadata",
            PASS if info.get("/Title") else WARN,
            f"title: {info.get('/Title')}" if info.get("/Title") else "no document title",
        )
        lang = root.get("/Lang")
        report.add("language", PASS if lang else WARN, f"language: {lang}" if lang else "no document language")
        return
    version = reader.pdf_header.replace("%PDF-", "")
    report.add(
        "pdf version",
        PASS if version in ("1.3", "1.4") else FAIL,
        f"PDF {version}" + ("" if version in ("1.3", "1.4") else ": PDF/X-1a needs PDF 1.3 or 1.4"),
    )
    pdfx = str(info.get("/GTS_PDFXVersion", ""))
    conformance = str(info.get("/GTS_PDFXConformance", ""))
    ok = pdfx.startswith("PDF/X-1") and (conformance.startswith("PDF/X-1a") or pdfx.startswith("PDF/X-1a"))
    report.add(
        "pdf/x",
        PASS if ok else FAIL,
        f"{pdfx} {conformance}".strip() if ok else "no GTS_PDFXVersion PDF/X-1a keys in the document info",
    )
    intents = [i.get_object() for i in root.get("/OutputIntents", [])]
    pdfx_intents = [i for i in intents if i.get("/S") == "/GTS_PDFX"]
    if len(pdfx_intents) == 1 and pdfx_intents[0].get("/OutputConditionIdentifier"):
        report.add("output intent", PASS, f"GTS_PDFX {pdfx_intents[0]['/OutputConditionIdentifier']}")
    else:
        report.add("output intent", FAIL, "no GTS_PDFX output intent naming a printing condition")
    trapped = str(info.get("/Trapped", ""))
    missing = [k for k in ("/Title", "/CreationDate", "/ModDate") if not info.get(k)]
    if trapped in ("/True", "/False", "True", "False") and not missing:
        report.add("metadata", PASS, f"title, dates and Trapped {trapped.lstrip('/')}")
    else:
        problems = [f"missing {', '.join(k[1:] for k in missing)}"] if missing else []
        problems += [] if trapped in ("/True", "/False", "True", "False") else ["Trapped must be True or False"]
        report.add("metadata", FAIL, "; ".join(problems))
    report.add(
        "document id",
        PASS if "/ID" in reader.trailer else FAIL,
        "trailer ID present" if "/ID" in reader.trailer else "no ID in the trailer",
    )


# --- pages ------------------------------------------------------------------------------------


def _box(page, name: str):
    raw = page.get(f"/{name}")
    if raw is None:
        return None
    values = [float(v) for v in raw.get_object()]
    x0, y0, x1, y1 = values
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _page_checks(page, n: int, report: Report, target: str, chars: list[dict]) -> None:
    media = _box(page, "MediaBox")
    trim, bleed = _box(page, "TrimBox"), _box(page, "BleedBox")
    trim_or_media = trim or media
    if profile(target).bleed:
        if trim is None:
            report.add("page boxes", FAIL, "no TrimBox: the shop cannot tell where to cut", n)
        elif bleed is None:
            report.add("page boxes", FAIL, "no BleedBox", n)
        else:
            margins = [(trim[0] - bleed[0]), (trim[1] - bleed[1]), (bleed[2] - trim[2]), (bleed[3] - trim[3])]
            least = min(margins) / PT_PER_MM
            nested = all(m >= -0.01 for m in margins) and _inside(bleed, media)
            if not nested:
                report.add("page boxes", FAIL, "boxes not nested: TrimBox inside BleedBox inside MediaBox", n)
            elif least < MIN_BLEED_MM - 0.01:
                report.add("page boxes", FAIL, f"bleed {least:.1f} mm: at least {MIN_BLEED_MM:g} mm needed", n)
            else:
                w, h = (trim[2] - trim[0]) / PT_PER_MM, (trim[3] - trim[1]) / PT_PER_MM
                report.add("page boxes", PASS, f"trim {w:.1f} x {h:.1f} mm, bleed {least:.1f} mm", n)
    else:
        w, h = (trim_or_media[2] - trim_or_media[0]) / PT_PER_MM, (trim_or_media[3] - trim_or_media[1]) / PT_PER_MM
        report.add("page boxes", PASS, f"page {w:.1f} x {h:.1f} mm", n)
    _font_checks(page, n, report)
    scan = ContentScan(page)
    scan.run()
    _colour_checks(scan, n, report, target)
    _image_checks(scan, n, report, target)
    if not profile(target).transparency_allowed:
        if scan.transparency:
            report.add("transparency", FAIL, "transparency: " + ", ".join(sorted(scan.transparency)), n)
        else:
            report.add("transparency", PASS, "none", n)
    _text_checks(chars, n, report, target, trim_or_media, media)


def _inside(inner, outer) -> bool:
    return (
        inner[0] >= outer[0] - 0.01
        and inner[1] >= outer[1] - 0.01
        and inner[2] <= outer[2] + 0.01
        and inner[3] <= outer[3] + 0.01
    )


def _font_checks(page, n: int, report: Report) -> None:
    missing = []
    fonts = fonts_of(page.get("/Resources"), set())
    for font in fonts:
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        if font.get("/Subtype") == "/Type3":
            continue  # drawn with PDF operators: nothing to embed
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            missing.append(str(font.get("/BaseFont", "?")).lstrip("/"))
    if missing:
        report.add("fonts", FAIL, "not embedded: " + ", ".join(sorted(set(missing))), n)
    else:
        report.add("fonts", PASS, f"{len(fonts)} fonts, all embedded" if fonts else "no fonts", n)


def _is_rgb(space: str) -> bool:
    return "RGB" in space or space in ("CalRGB", "Lab")


def _colour_checks(scan: ContentScan, n: int, report: Report, target: str) -> None:
    spaces = sorted(scan.spaces) or ["none"]
    rgb = [s for s in spaces if _is_rgb(s)]
    if not profile(target).rgb_allowed and rgb:
        report.add("colour", FAIL, "RGB in a press file: " + ", ".join(rgb) + " (convert to CMYK)", n)
    else:
        report.add("colour", PASS, ", ".join(spaces), n)


def _image_checks(scan: ContentScan, n: int, report: Report, target: str) -> None:
    if not scan.images:
        report.add("images", PASS, "no images", n)
        return
    for name, px_w, px_h, w_pt, h_pt, _space in scan.images:
        if w_pt <= 0 or h_pt <= 0:
            continue
        ppi = min(px_w / (w_pt / 72), px_h / (h_pt / 72))
        size = f"{name.lstrip('/')} {px_w} x {px_h} px at {w_pt / PT_PER_MM:.0f} x {h_pt / PT_PER_MM:.0f} mm"
        rules = profile(target)
        if rules.ppi_fail and ppi < rules.ppi_fail:
            report.add("images", FAIL, f"{size}: {ppi:.0f} ppi, under {rules.ppi_fail} (needs {rules.ppi_warn})", n)
        elif rules.ppi_warn and ppi < rules.ppi_warn:
            advice = f"under {rules.ppi_warn}" if rules.ppi_fail else "will print soft"
            report.add("images", WARN, f"{size}: {ppi:.0f} ppi, {advice}", n)
        else:
            report.add("images", PASS, f"{size}: {ppi:.0f} ppi", n)


def _text_checks(chars: list[dict], n: int, report: Report, target: str, trim, media) -> None:
    if not chars:
        report.add("text", PASS, "no text", n)
        return
    smallest = min(c["size"] for c in chars)
    report.add(
        "text size",
        WARN if smallest < SMALLEST_TEXT_WARN else PASS,
        f"smallest text {smallest:.1f} pt" + (" (hard to read)" if smallest < SMALLEST_TEXT_WARN else ""),
        n,
    )
    keep, bleeds = profile(target).safe_text, profile(target).bleed
    margin = keep * PT_PER_MM
    edge = trim if bleeds else media
    safe = (edge[0] + margin, edge[1] + margin, edge[2] - margin, edge[3] - margin)
    outside = [
        c
        for c in chars
        if c["x0"] < safe[0] - 0.5 or c["y0"] < safe[1] - 0.5 or c["x1"] > safe[2] + 0.5 or c["y1"] > safe[3] + 0.5
    ]
    if outside:
        sample = "".join(c["text"] for c in outside[:24])
        where = "in the bleed or within" if bleeds else "within"
        report.add(
            "safe area",
            FAIL,
            f"{len(outside)} characters {where} {keep:g} mm of the {'trim' if bleeds else 'page edge'}: '{sample}'",
            n,
        )
    else:
        report.add(
            "safe area",
            PASS,
            f"all text at least {keep:g} mm inside the {'trim' if bleeds else 'page edge'}",
            n,
        )


def format_table(reports: list[Report], verbose: bool = False) -> str:
    """A readable table: one line per finding that is not a pass (all of them with verbose)."""
    lines = []
    for report in reports:
        target = f"{report.target}, inferred: {report.inferred}" if report.inferred else report.target
        lines.append(f"{report.file}  [{target}]  {report.status.upper()}")
        shown = [f for f in report.findings if verbose or f.status != PASS]
        passes = {f.check for f in report.findings if f.status == PASS} - {f.check for f in shown}
        for f in shown:
            page = f"p{f.page}" if f.page else "doc"
            lines.append(f"  {f.status.upper():<5} {page:<5} {f.check:<14} {f.message}")
        if not verbose and passes:
            lines.append("  PASS  " + ", ".join(sorted(passes)))
    return "\n".join(lines)
