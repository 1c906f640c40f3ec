"""`principles check`: a print shop's preflight for any PDF, read with parsing libraries.

It never uses what the generator knows about its own drawing, so it catches the generator's
mistakes as well as other people's files.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generator.check.scan import ContentScan, fonts_of, text_geometry

PT_PER_MM = 72 / 25.4
PASS, WARN, FAIL = "pass", "warn", "fail"
MIN_BLEED_MM = 3.0
SAFE_MM = {"press": 3.0, "office": 5.0, "screen": 0.0}  # text this close to the trim (or edge) fails
PPI_FAIL, PPI_WARN = 150, 300
SMALLEST_TEXT_WARN = 6.0  # pt


@dataclass
class Finding:
    check: str
    status: str
    message: str
    page: int | None = None  # 1-based; None for the whole document


@dataclass
class Report:
    file: str
    target: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def status(self) -> str:
        statuses = {f.status for f in self.findings}
        return FAIL if FAIL in statuses else WARN if WARN in statuses else PASS

    def add(self, check: str, status: str, message: str, page: int | None = None) -> None:
        self.findings.append(Finding(check, status, message, page))

    def as_dict(self) -> dict:
        return {
            "file": self.file,
            "target": self.target,
            "status": self.status,
            "findings": [asdict(f) for f in self.findings],
        }


def check_pdf(source: Path | bytes, target: str, name: str | None = None) -> Report:
    """Preflight one PDF for a target (press, office or screen)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    label = name or (str(source) if isinstance(source, Path) else "<memory>")
    report = Report(label, target)
    data = source.read_bytes() if isinstance(source, Path) else source
    try:
        reader = PdfReader(io.BytesIO(data))
        pages = list(reader.pages)
    except (PdfReadError, ValueError, KeyError) as exc:
        report.add("file", FAIL, f"not a readable PDF: {exc}")
        return report
    if reader.is_encrypted:
        report.add("file", FAIL, "encrypted: a print shop cannot open it")
        return report
    _document_checks(reader, report, target)
    if target in ("screen", "office"):  # editions people read on screen must work with a screen reader
        from generator.check.access import access_checks

        access_checks(data, report)
    geometry = text_geometry(data)
    for number, page in enumerate(pages, start=1):
        _page_checks(page, number, report, target, geometry.get(number, []))
    return report


# --- document ---------------------------------------------------------------------------------


def _document_checks(reader, report: Report, target: str) -> None:
    root = reader.trailer["/Root"]
    info = reader.metadata or {}
    fields = reader.get_fields() or {}
    if fields:
        report.add(
            "forms",
            FAIL if target == "press" else PASS,
            f"{len(fields)} form fields" + (": not allowed in press files" if target == "press" else ""),
        )
    else:
        report.add("forms", PASS, "no form fields")
    if target != "press":
        report.add(
            "metadata",
            PASS if info.get("/Title") else WARN,
            f"title: {info.get('/Title')}" if info.get("/Title") else "no document title",
        )
        if target == "screen":
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
    if target == "press":
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
    if target == "press":
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
    if target == "press" and rgb:
        report.add("colour", FAIL, "RGB in a press file: " + ", ".join(rgb) + " (convert to CMYK)", n)
    else:
        report.add("colour", PASS, ", ".join(spaces), n)


def _image_checks(scan: ContentScan, n: int, report: Report, target: str) -> None:
    if not scan.images:
        report.add("images", PASS, "no images", n)
        return
    for name, px_w, px_h, w_pt, h_pt, space in scan.images:
        if w_pt <= 0 or h_pt <= 0:
            continue
        ppi = min(px_w / (w_pt / 72), px_h / (h_pt / 72))
        size = f"{name.lstrip('/')} {px_w} x {px_h} px at {w_pt / PT_PER_MM:.0f} x {h_pt / PT_PER_MM:.0f} mm"
        if target == "press" and ppi < PPI_FAIL:
            report.add("images", FAIL, f"{size}: {ppi:.0f} ppi, under {PPI_FAIL} (needs {PPI_WARN})", n)
        elif target == "press" and ppi < PPI_WARN:
            report.add("images", WARN, f"{size}: {ppi:.0f} ppi, under {PPI_WARN}", n)
        elif target == "office" and ppi < PPI_FAIL:
            report.add("images", WARN, f"{size}: {ppi:.0f} ppi, will print soft", n)
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
    margin = SAFE_MM[target] * PT_PER_MM
    edge = trim if target == "press" else media
    safe = (edge[0] + margin, edge[1] + margin, edge[2] - margin, edge[3] - margin)
    outside = [
        c
        for c in chars
        if c["x0"] < safe[0] - 0.5 or c["y0"] < safe[1] - 0.5 or c["x1"] > safe[2] + 0.5 or c["y1"] > safe[3] + 0.5
    ]
    if outside:
        sample = "".join(c["text"] for c in outside[:24])
        where = "in the bleed or within" if target == "press" else "within"
        report.add(
            "safe area",
            FAIL,
            f"{len(outside)} characters {where} {SAFE_MM[target]:g} mm of the "
            f"{'trim' if target == 'press' else 'page edge'}: '{sample}'",
            n,
        )
    else:
        report.add(
            "safe area",
            PASS,
            f"all text at least {SAFE_MM[target]:g} mm inside the {'trim' if target == 'press' else 'page edge'}",
            n,
        )


def format_table(reports: list[Report], verbose: bool = False) -> str:
    """A readable table: one line per finding that is not a pass (all of them with verbose)."""
    lines = []
    for report in reports:
        lines.append(f"{report.file}  [{report.target}]  {report.status.upper()}")
        shown = [f for f in report.findings if verbose or f.status != PASS]
        passes = {f.check for f in report.findings if f.status == PASS} - {f.check for f in shown}
        for f in shown:
            page = f"p{f.page}" if f.page else "doc"
            lines.append(f"  {f.status.upper():<5} {page:<5} {f.check:<14} {f.message}")
        if not verbose and passes:
            lines.append("  PASS  " + ", ".join(sorted(passes)))
    return "\n".join(lines)
