"""The audit worksheet pack read back from its PDF: content, fixed row geometry, fields, duplex."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pdfcheck
import pytest

from generator.build import build
from generator.geometry import MARK_ROOM, Target
from generator.products.worksheets import worksheets_job
from generator.settings import Settings
from generator.theme import INK

MM = pdfcheck.MM
PAPER = {"a4": (210, 297), "letter": (215.9, 279.4)}


@pytest.fixture(scope="module")
def make_pack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("packs")
    cache: dict = {}

    def make(paper="a4", target="office", duplex=False, fillable=False, content_dir=None) -> Path:
        key = (paper, target, duplex, fillable, str(content_dir))
        if key not in cache:
            path = folder / f"pack-{len(cache)}.pdf"
            settings = Settings(content_dir=content_dir) if content_dir else Settings()
            build([worksheets_job(paper, Target(target), path, duplex=duplex, fillable=fillable)], settings)
            cache[key] = path
        return cache[key]

    return make


def sections(path: Path, content) -> dict[int, str]:
    """Text of each principle's section, pages joined, found by the title in the band."""
    out: dict[int, list[str]] = defaultdict(list)
    for text in pdfcheck.page_texts(path):
        for p in content.principles:
            if text.startswith(f"{p.number} {p.title}"):
                out[p.number].append(text)
    return {n: " ".join(pages) for n, pages in out.items()}


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_practice_in_its_section_in_order(make_pack, content, paper):
    found = sections(make_pack(paper), content)
    assert sorted(found) == [1, 2, 3, 4, 5]
    total = 0
    for p in content.principles:
        text, at = found[p.number], -1
        for i, pr in enumerate(p.practices, start=1):
            here = text.find(f"{p.number}.{i} {pdfcheck.printed(pr.text)}")
            assert here > at, (p.number, pr.id)
            at = here
            total += 1
        assert content.worksheets.question in text
    assert total == 25


def test_pack_order_footer_and_bookmarks(make_pack, content):
    from pypdf import PdfReader

    path = make_pack()
    texts = pdfcheck.page_texts(path)
    n = len(texts)
    for i, text in enumerate(texts, start=1):
        assert text.endswith(f"What matters to me? Service review worksheets Page {i} of {n}")
    assert texts[0].startswith("What matters to me? Service review worksheets")
    assert "Service or team" in texts[0] and "Who took part" in texts[0]
    assert texts[1].startswith("How to use this pack")
    assert texts[-2].startswith("Summary") and "Our three priorities" in texts[-2]
    assert texts[-1].startswith("Action plan")
    reader = PdfReader(path)
    outline = [(o.title, reader.get_destination_page_number(o)) for o in reader.outline]
    titles = [t for t, _ in outline]
    assert titles == [
        "Cover",
        "How to use this pack",
        *[f"{p.number}. {p.title}" for p in content.principles],
        "Summary",
        "Action plan",
    ]


def practice_rows(path: Path, page: int, width_mm: float):
    """(row top, boxes relative to it) for each practice row on a page, from the PDF's drawings."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        p = pdf.pages[page]
        rows_tops = sorted(
            round(line["top"], 2)
            for line in p.lines
            if abs((line["x1"] - line["x0"]) - (width_mm - 24) * MM) < 1 and line["linewidth"] > 0.9
        )
        boxes = [r for r in p.rects if r["stroke"] and not r["fill"]]
        footer = max(line["top"] for line in p.lines)
    rows = []
    for i, top in enumerate(rows_tops):
        bottom = rows_tops[i + 1] if i + 1 < len(rows_tops) else footer
        mine = sorted(
            (round(b["x0"], 2), round(b["top"] - top, 2), round(b["width"], 2), round(b["height"], 2))
            for b in boxes
            if top <= b["top"] < bottom
        )
        if any(w < 20 for _, _, w, _ in mine):  # has tick boxes: a practice row, not the question
            assert all(top + y + h <= footer for _, y, _, h in mine)  # nothing crosses the page foot
            rows.append((top, tuple(mine)))
    return rows


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_fixed_row_geometry(make_pack, content, paper):
    path = make_pack(paper)
    texts = pdfcheck.page_texts(path)
    geometry, tops_by_page = set(), []
    count = 0
    for i, text in enumerate(texts):
        if not any(text.startswith(f"{p.number} {p.title}") for p in content.principles):
            continue
        rows = practice_rows(path, i, PAPER[paper][0])
        count += len(rows)
        geometry |= {boxes for _, boxes in rows}
        tops_by_page.append([top for top, _ in rows])
    assert count == 25
    geometry = sorted(geometry)
    boxes = geometry[0]
    for other in geometry:  # the same boxes, at the same places, in every row (to 0.05 pt)
        assert len(other) == len(boxes)
        assert all(abs(a - b) <= 0.05 for ra, rb in zip(other, boxes) for a, b in zip(ra, rb))
    ticks = [b for b in boxes if b[2] < 20]
    writes = [b for b in boxes if b[2] >= 20]
    assert len(ticks) == 4 and len(writes) == 2
    assert all(5 * MM - 0.01 <= b[2] <= 6 * MM + 0.01 and 5 * MM - 0.01 <= b[3] <= 6 * MM + 0.01 for b in ticks)
    # the ratings stand on the write-in boxes' grid: the first and the third start where the boxes do
    xs = sorted(b[0] for b in ticks)
    assert {round(xs[0], 1), round(xs[2], 1)} == {round(b[0], 1) for b in writes}
    assert all(b[3] >= 2 * 8 * MM for b in writes)  # room for at least two handwritten lines
    longest = max(tops_by_page, key=len)
    for tops in tops_by_page:  # rows start at the same y on every page
        assert tops == pytest.approx(longest[: len(tops)], abs=0.05)


def test_body_at_least_11pt_and_inside_safe_area(make_pack):
    for paper, target in (("a4", "office"), ("letter", "office"), ("a4", "press")):
        path = make_pack(paper, target)
        w, h = PAPER[paper]
        o = 3 + MARK_ROOM if target == "press" else 0
        for page in range(len(pdfcheck.page_texts(path))):
            for c in pdfcheck.chars(path, page):
                assert c["size"] >= 11 - 1e-6
                assert c["x0"] >= (o + 5) * MM and c["x1"] <= (o + w - 5) * MM
                assert c["top"] >= (o + 5) * MM and c["bottom"] <= (o + h - 5) * MM


def test_duplex_starts_every_section_on_an_odd_page(make_pack, content):
    from pypdf import PdfReader

    path = make_pack(duplex=True)
    reader = PdfReader(path)
    starts = [reader.get_destination_page_number(o) + 1 for o in reader.outline]
    assert len(starts) == 9 and all(n % 2 == 1 for n in starts)
    texts = pdfcheck.page_texts(path)
    blanks = [i for i, t in enumerate(texts, start=1) if t.startswith(content.worksheets.blank_page)]
    assert blanks and all(n % 2 == 0 for n in blanks)
    assert len(texts) % 2 == 0 or len(texts) == starts[-1]


def test_fillable_fields(make_pack, content):
    import pdfplumber
    from pypdf import PdfReader

    path = make_pack(target="screen", fillable=True)
    reader = PdfReader(path)
    fields = reader.get_fields()
    radios = {k: v for k, v in fields.items() if v.get("/FT") == "/Btn"}
    assert sorted(radios) == sorted(
        f"p{p.number}.practice{i}.rating" for p in content.principles for i in range(1, len(p.practices) + 1)
    )
    for field in radios.values():
        assert field["/_States_"] == ["/not", "/partly", "/fully", "/na"]
    widgets = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    names = [w.get("/T") or w["/Parent"]["/T"] for w in widgets if w.get("/FT") == "/Tx" or "/T" in w]
    assert len(names) == len(set(names))  # every text field has a name of its own
    # every drawn write-in box has a text field exactly over it
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages):
            rects = [
                [float(v) for v in w["/Rect"]]
                for w in (a.get_object() for a in reader.pages[number].get("/Annots", []))
            ]
            height = float(page.height)
            for box in page.rects:
                is_input = box["width"] >= 20 * MM or number >= 2  # the guidance page's ticks are a legend
                if box["stroke"] and not box["fill"] and is_input:
                    want = [box["x0"], height - box["bottom"], box["x1"], height - box["top"]]
                    assert any(all(abs(a - b) <= 0.5 for a, b in zip(r, want)) for r in rects), (number, want)


def test_printed_look_same_without_fields(make_pack):
    from pypdf import PdfReader

    plain = PdfReader(make_pack(target="screen"))
    fillable = PdfReader(make_pack(target="screen", fillable=True))
    assert plain.get_fields() is None and "/AcroForm" not in plain.trailer["/Root"]
    assert len(plain.pages) == len(fillable.pages)
    # the ink is the same but for the guide lines, which a typed answer does not need
    import pdfplumber

    with (
        pdfplumber.open(make_pack(target="screen")) as a,
        pdfplumber.open(make_pack(target="screen", fillable=True)) as b,
    ):
        for pa, pb in zip(a.pages, b.pages):
            assert pa.extract_text() == pb.extract_text()
            assert [(r["x0"], r["top"], r["width"], r["height"]) for r in pa.rects] == [
                (r["x0"], r["top"], r["width"], r["height"]) for r in pb.rects
            ]
            guides = lambda page: [ln for ln in page.lines if ln["linewidth"] < 0.7]  # noqa: E731
            assert not guides(pb)
        assert any(guides(page) for page in a.pages)


def test_a_filled_in_pack_keeps_its_answers(make_pack, tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=make_pack(target="screen", fillable=True))
    answers = {
        "cover.service_or_team": "Back pain service, Leeds",
        "p4.practice3.evidence": "We use what-if plans",
        "actions.row1.action": "Add decision aids to clinic rooms",
        "summary.p4.partly": "3",
    }
    for page in writer.pages:
        writer.update_page_form_field_values(page, answers, auto_regenerate=False)
    writer.update_page_form_field_values(writer.pages[4], {"p2.practice1.rating": "/partly"}, auto_regenerate=False)
    out = tmp_path / "filled.pdf"
    with out.open("wb") as fh:
        writer.write(fh)
    fields = PdfReader(out).get_fields()
    for name, value in answers.items():
        assert fields[name]["/V"] == value
    assert fields["p2.practice1.rating"]["/V"] == "/partly"


def test_practice_too_long_for_its_row_names_the_practice(content_copy, tmp_path):
    from generator.errors import FitError

    path = next((content_copy / "principles").glob("2-*.toml"))
    text = path.read_text(encoding="utf-8")
    text = text.replace('text = "Understand the hopes', 'text = "' + "Listen well. " * 40 + "Understand the hopes")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FitError) as info:
        build([worksheets_job("a4", Target.OFFICE, tmp_path / "w.pdf")], Settings(content_dir=content_copy))
    assert str(info.value).startswith("worksheets (w.pdf): practice 'hopes-and-goals' (2.2) does not fit")
    assert str(path) in str(info.value)
    assert not (tmp_path / "w.pdf").exists()


def test_fillable_press_is_refused():
    from generator.errors import SettingsError

    with pytest.raises(SettingsError, match="form fields are for filling in on screen"):
        worksheets_job("a4", Target.PRESS, None, fillable=True)


def test_boxes_are_dark_enough_for_a_photocopy(make_pack):
    import pdfplumber

    with pdfplumber.open(make_pack()) as pdf:
        page = pdf.pages[2]
        boxes = [r for r in page.rects if r["stroke"] and not r["fill"]]
    assert boxes
    for b in boxes:
        assert b["linewidth"] >= 0.8  # 0.3 mm
        assert tuple(round(c, 3) for c in b["stroking_color"]) == tuple(round(c, 3) for c in INK.rgb)


def test_closing_boxes_have_one_height(make_pack, content):
    """The section-closing question's box: full width, the same height in every section."""
    import pdfplumber

    path = make_pack()
    heights = []
    with pdfplumber.open(path) as pdf:
        for page, text in zip(pdf.pages, pdfcheck.page_texts(path)):
            if content.worksheets.question not in text:
                continue
            wide = [r for r in page.rects if r["stroke"] and not r["fill"] and r["width"] > 150 * MM]
            heights += [round(r["height"] / MM, 2) for r in wide]
    assert len(heights) == 5 and len(set(heights)) == 1, heights


def test_summary_rows_share_a_centre_line(make_pack, content):
    import pdfplumber

    path = make_pack()
    texts = pdfcheck.page_texts(path)
    number = next(i for i, t in enumerate(texts) if t.startswith(content.labels("summary")))
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[number]
        discs = [c for c in page.curves if c.get("fill")]
        boxes = [r for r in page.rects if r["stroke"] and not r["fill"] and r["width"] < 30 * MM]
        words = page.extract_words()
    assert len(discs) == 5
    for disc in discs:
        cy = (disc["top"] + disc["bottom"]) / 2
        row = [b for b in boxes if abs((b["top"] + b["bottom"]) / 2 - cy) < 4 * MM]
        assert len(row) == 4 and all(abs((b["top"] + b["bottom"]) / 2 - cy) <= 0.3 * MM for b in row)
        label = [w for w in words if w["x0"] > disc["x1"] and w["x1"] < row[0]["x0"] and abs(w["top"] - cy) < 6 * MM]
        top, bottom = min(w["top"] for w in label), max(w["bottom"] for w in label)
        assert abs((top + bottom) / 2 - cy) <= 0.6 * MM, (disc["top"], top, bottom)


def test_continued_headings_wrap_instead_of_shrinking(make_pack, content):
    path = make_pack()
    continued = content.labels("continued")
    for page, text in enumerate(pdfcheck.page_texts(path)):
        if continued in text.split("\n")[0] or text.split(" ", 1)[1].startswith(
            tuple(p.title for p in content.principles)
        ):
            sizes = {round(c["size"], 1) for c in pdfcheck.chars(path, page) if c["top"] < 45 * MM and c["size"] > 12}
            assert sizes <= {15.0, 40.0}, (page, sizes)


def test_matters_most_sits_under_its_practice(make_pack, content):
    """The "Matters most" line starts one line gap below the practice text's last line."""
    path = make_pack()
    label = content.worksheets.moments_label
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        pages = [pdf.pages[n].extract_text_lines() for n in range(2, 6)]
    for lines in pages:
        for i, line in enumerate(lines):
            if line["text"].startswith(label) and i:
                gap = line["top"] - lines[i - 1]["bottom"]
                assert gap < 3 * MM, (line["text"], gap / MM)


def test_filling_one_box_fills_no_other_and_options_say_their_label(make_pack, tmp_path):
    """pypdf writes a filled field's answer into its appearance stream: no other box shows it. Each
    rating option's tooltip (what Firefox shows and reads) names the practice and the option, and
    typed answers are set at the pack's body size."""
    import pikepdf
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=make_pack(target="screen", fillable=True))
    writer.update_page_form_field_values(
        writer.pages[0], {"cover.service_or_team": "Riverside Mental Health Team"}, auto_regenerate=False
    )
    out = tmp_path / "filled.pdf"
    with out.open("wb") as fh:
        writer.write(fh)
    with pikepdf.open(out) as pdf:
        widgets = [a for page in pdf.pages for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Widget"]
        showing = [str(a.T) for a in widgets if a.get("/FT") == "/Tx" and b"Riverside" in a["/AP"]["/N"].read_bytes()]
        assert showing == ["cover.service_or_team"]
        ratings = [str(a.TU) for a in widgets if a.get("/AS") is not None][:4]
        assert ratings == [
            f"Rating for practice 1.1: {label}"
            for label in ("Not in place", "Partly in place", "Fully in place", "Not applicable")
        ]
        assert all(str(a.DA).startswith("/Helv 11 Tf") for a in widgets if a.get("/FT") == "/Tx")


def test_every_field_a_screen_reader_reaches_has_a_name_of_its_own(make_pack):
    """Tabbing through a fillable pack, no two fields sound alike: each principle's closing question
    names its principle, each summary cell its principle and rating, each action plan cell its row."""
    import pikepdf

    from generator.content.load import load_content

    with pikepdf.open(make_pack(target="screen", fillable=True)) as pdf:
        names = {}
        for field in pdf.Root.AcroForm.Fields:
            names.setdefault(str(field.TU), []).append(str(field.T))
    shared = {tu: fields for tu, fields in names.items() if len(fields) > 1}
    assert not shared, shared
    question = load_content(Settings().content_dir).worksheets.question
    assert f"Principle 3: {question}" in names
    assert "Principle 2, number of practices Partly in place" in names
    assert "Practice 1.1: What we do now (evidence)" in names and "Action plan row 12: Lead" in names
