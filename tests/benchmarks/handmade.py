"""The benchmark's yardsticks: the same products written by hand, with ReportLab or with Typst.

Not the project's code and not a test: each job reads the bundled content with tomllib and
draws about what the project draws (the A2 press poster with bleed and CMYK, A6 pocket cards a
page per side, an A4 worksheet pack with a row of boxes per practice), in Atkinson Hyperlegible,
embedded. It has none of the project's fitting, checking, tagging or brand handling, which is the
point: it is what the same pages cost without them.

Run: python tests/benchmarks/handmade.py reportlab|typst poster|three OUT_DIR
     python tests/benchmarks/handmade.py typst-batch ORGS.csv OUT_DIR JOBS
"""

from __future__ import annotations

import csv
import json
import sys
import tomllib
from pathlib import Path

CONTENT = Path(__file__).resolve().parents[2] / "content"
MM = 72 / 25.4


def load() -> dict:
    principles = [tomllib.loads(p.read_text(encoding="utf-8")) for p in sorted((CONTENT / "principles").glob("*.toml"))]
    moments = tomllib.loads((CONTENT / "moments.toml").read_text(encoding="utf-8"))
    document = tomllib.loads((CONTENT / "document.toml").read_text(encoding="utf-8"))
    return {
        "title": document["document"]["title"],
        "principles": [
            {
                "number": p["number"],
                "title": p["title"],
                "summary": p["summary"],
                "practices": [
                    {"text": q["text"], "prompt": q["prompt"], "moments": q["moments"]} for q in p["practices"]
                ],
            }
            for p in principles
        ],
        "moments": [{"id": m["id"], "label": m["label"]} for m in moments["moments"] if m["id"] != "always"],
    }


def font_dir() -> Path:
    import fontpkg_atkinson_hyperlegible as pkg

    return Path(pkg.ROOT) / "files"


# --- ReportLab ---------------------------------------------------------------------------------

COLOURS = [(0.9, 0.3, 0, 0.1), (0.1, 0.7, 0, 0), (0.7, 0, 0.5, 0.1), (0, 0.5, 0.9, 0), (0.5, 0.5, 0, 0.2)]


def reportlab_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in (("A", "Regular"), ("A-Bold", "Bold")):
        pdfmetrics.registerFont(TTFont(name, str(font_dir() / f"AtkinsonHyperlegible-{file}.ttf")))


def lines(text: str, font: str, size: float, width: float) -> list[str]:
    from reportlab.lib.utils import simpleSplit

    return simpleSplit(text, font, size, width)


def rl_poster(data: dict, path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    bleed, w, h = 3 * MM, 420 * MM, 594 * MM
    c = Canvas(str(path), pagesize=(w + 2 * bleed, h + 2 * bleed), pageCompression=1)
    c.setTrimBox((bleed, bleed, bleed + w, bleed + h))
    c.setBleedBox((0, 0, w + 2 * bleed, h + 2 * bleed))
    c.translate(bleed, bleed)
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont("A-Bold", 64)
    c.drawString(30 * MM, h - 50 * MM, data["title"])
    tile_h = (h - 90 * MM) / 5
    for i, p in enumerate(data["principles"]):
        top = h - 70 * MM - i * tile_h
        c.setFillColorCMYK(*COLOURS[i])
        c.rect(30 * MM, top - tile_h + 4 * MM, 40 * MM, tile_h - 4 * MM, stroke=0, fill=1)
        c.setFillColorCMYK(0, 0, 0, 0)
        c.setFont("A-Bold", 72)
        c.drawString(40 * MM, top - 30 * MM, str(p["number"]))
        c.setFillColorCMYK(0, 0, 0, 1)
        c.setFont("A-Bold", 30)
        c.drawString(78 * MM, top - 12 * MM, p["title"])
        y = top - 24 * MM
        for text in [p["summary"]] + [q["text"] for q in p["practices"]][:3]:
            for line in lines(text, "A", 16, w - 110 * MM):
                c.setFont("A", 16)
                c.drawString(78 * MM, y, line)
                y -= 20
            y -= 6
    c.showPage()
    c.save()


def rl_cards(data: dict, path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    w, h = 105 * MM, 148 * MM
    c = Canvas(str(path), pagesize=(w, h), pageCompression=1)
    for moment in data["moments"]:
        c.setFillColorCMYK(0.9, 0.5, 0, 0.2)
        c.rect(0, h - 40 * MM, w, 40 * MM, stroke=0, fill=1)
        c.setFillColorCMYK(0, 0, 0, 0)
        c.setFont("A-Bold", 20)
        c.drawString(8 * MM, h - 25 * MM, moment["label"])
        c.showPage()
        c.setFillColorCMYK(0, 0, 0, 1)
        c.setFont("A-Bold", 14)
        c.drawString(8 * MM, h - 14 * MM, moment["label"])
        y = h - 26 * MM
        for p in data["principles"]:
            for q in p["practices"]:
                if moment["id"] in q["moments"] or "always" in q["moments"]:
                    for line in lines(f"{p['number']}  {q['prompt']}", "A", 9, w - 16 * MM):
                        c.setFont("A", 9)
                        c.drawString(8 * MM, y, line)
                        y -= 11
                    y -= 3
        c.showPage()
    c.save()


def rl_worksheets(data: dict, path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    w, h = 210 * MM, 297 * MM
    c = Canvas(str(path), pagesize=(w, h), pageCompression=1)
    c.setFont("A-Bold", 28)
    c.drawString(20 * MM, h - 60 * MM, data["title"])
    c.showPage()
    for p in data["principles"]:
        for start in range(0, len(p["practices"]), 3):
            c.setFont("A-Bold", 18)
            c.drawString(20 * MM, h - 25 * MM, f"{p['number']}  {p['title']}")
            y = h - 40 * MM
            for q in p["practices"][start : start + 3]:
                c.setFont("A", 11)
                for line in lines(q["text"], "A", 11, w - 40 * MM):
                    c.drawString(20 * MM, y, line)
                    y -= 14
                for k in range(4):
                    c.rect(20 * MM + k * 40 * MM, y - 8 * MM, 5 * MM, 5 * MM)
                c.rect(20 * MM, y - 45 * MM, 80 * MM, 32 * MM)
                c.rect(110 * MM, y - 45 * MM, 80 * MM, 32 * MM)
                y -= 55 * MM
            c.showPage()
    c.save()


# --- Typst -------------------------------------------------------------------------------------

TYPST_POSTER = """
#let d = json(bytes(sys.inputs.data))
#let colours = (cmyk(90%, 30%, 0%, 10%), cmyk(10%, 70%, 0%, 0%), cmyk(70%, 0%, 50%, 10%), cmyk(0%, 50%, 90%, 0%), cmyk(50%, 50%, 0%, 20%))
#set page(width: 420mm, height: 594mm, margin: 30mm)
#set text(font: "Atkinson Hyperlegible", size: 16pt, fill: cmyk(0%, 0%, 0%, 100%))
#text(size: 64pt, weight: "bold")[#d.title]
#for (i, p) in d.principles.enumerate() [
  #grid(columns: (40mm, 1fr), gutter: 8mm,
    block(fill: colours.at(i), width: 40mm, height: 90mm, inset: 8mm, text(size: 72pt, weight: "bold", fill: white)[#p.number]),
    [#text(size: 30pt, weight: "bold")[#p.title] \\ #p.summary #for q in p.practices.slice(0, 3) [ \\ #q.text ]])
]
"""

TYPST_CARDS = """
#let d = json(bytes(sys.inputs.data))
#set page(width: 105mm, height: 148mm, margin: 8mm)
#set text(font: "Atkinson Hyperlegible", size: 9pt)
#for (i, m) in d.moments.enumerate() [
  #if i > 0 { pagebreak() }
  #block(fill: cmyk(90%, 50%, 0%, 20%), width: 100%, inset: 6mm, text(size: 20pt, weight: "bold", fill: white)[#m.label])
  #if sys.inputs.at("name", default: "") != "" [#sys.inputs.name \\ #sys.inputs.url]
  #pagebreak()
  #text(size: 14pt, weight: "bold")[#m.label]
  #for p in d.principles { for q in p.practices { if m.id in q.moments or "always" in q.moments [ #p.number #q.prompt \\ ] } }
]
"""

TYPST_WORKSHEETS = """
#let d = json(bytes(sys.inputs.data))
#set page(paper: "a4", margin: 20mm)
#set text(font: "Atkinson Hyperlegible", size: 11pt)
#text(size: 28pt, weight: "bold")[#d.title]
#if sys.inputs.at("logo", default: "") != "" [ #image(sys.inputs.logo, width: 40mm) #sys.inputs.name ]
#for p in d.principles {
  for (k, q) in p.practices.enumerate() {
    if calc.rem(k, 3) == 0 [ #pagebreak() #text(size: 18pt, weight: "bold")[#p.number #p.title] ]
    [ #q.text \\ #grid(columns: 4, gutter: 35mm, ..range(4).map(_ => box(width: 5mm, height: 5mm, stroke: 0.5pt)))
      #grid(columns: 2, gutter: 10mm, rect(width: 80mm, height: 32mm), rect(width: 80mm, height: 32mm)) ]
  }
}
"""


def typst_make(source: str, out: Path, inputs: dict, root: Path | None = None) -> None:
    import typst

    folder = root or out.parent
    src = out.parent / f".{out.stem}.typ"
    src.write_text(source, encoding="utf-8")
    typst.compile(
        str(src),
        output=str(out),
        root=str(folder),
        font_paths=[str(font_dir())],
        ignore_system_fonts=True,
        sys_inputs=inputs,
    )
    src.unlink()


def typst_edition(args: tuple[dict, Path, dict]) -> None:
    data, out, org = args
    out.mkdir(parents=True, exist_ok=True)
    inputs = {"data": json.dumps(data), **org}
    for name, source in (("poster", TYPST_POSTER), ("cards", TYPST_CARDS), ("worksheets", TYPST_WORKSHEETS)):
        typst_make(source, out / f"{name}.pdf", inputs, root=out.parent)


def main(argv: list[str]) -> None:
    engine, job, out = argv[0], argv[1], Path(argv[-1] if argv[0] != "typst-batch" else argv[2])
    data = load()
    if engine == "reportlab":
        out.mkdir(parents=True, exist_ok=True)
        reportlab_fonts()
        rl_poster(data, out / "poster.pdf")
        if job == "three":
            rl_cards(data, out / "cards.pdf")
            rl_worksheets(data, out / "worksheets.pdf")
    elif engine == "typst":
        out.mkdir(parents=True, exist_ok=True)
        inputs = {"data": json.dumps(data)}
        typst_make(TYPST_POSTER, out / "poster.pdf", inputs)
        if job == "three":
            typst_make(TYPST_CARDS, out / "cards.pdf", inputs)
            typst_make(TYPST_WORKSHEETS, out / "worksheets.pdf", inputs)
    elif engine == "typst-batch":
        from multiprocessing import Pool

        csv_path, jobs = Path(argv[1]), int(argv[3])
        with csv_path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        out.mkdir(parents=True, exist_ok=True)
        for row in rows:  # the logos beside the editions, inside Typst's root
            target = out / row["logo"]
            if not target.exists():
                target.write_bytes((csv_path.parent / row["logo"]).read_bytes())
        work = [
            (data, out / f"edition-{i:03d}", {"name": r["name"], "url": r["url"], "logo": f"/{r['logo']}"})
            for i, r in enumerate(rows)
        ]
        with Pool(jobs) as pool:
            pool.map(typst_edition, work)
    else:
        raise SystemExit(f"unknown engine {engine}")


if __name__ == "__main__":
    main(sys.argv[1:])
