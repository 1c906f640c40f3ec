"""Tagged PDF (PDF/UA-1) for screen and office: conformance, and structure that means something."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.layout.text import typographic
from generator.plan import ARTIFACT, PAGINATION, Group, GroupTag, Role, Tag, TextItem

page = pytest.importorskip("page", reason="page-validation (the PDF/UA-1 validator) is in the test extra")

BRAND_NAME = "Riverside Community Mind"
BRAND_URL = "https://www.riverside-mind.org.uk/what-matters"


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The default build set, a branded one and the sizes and forms the set leaves out."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from test_brand import make_logo

    base = tmp_path_factory.mktemp("tagged")
    make_logo(base / "logo.png")
    brand = base / "brand.toml"
    brand.write_text(
        f'name = "{BRAND_NAME}"\nlogo = "logo.png"\ncontact = ["01234 567890"]\nurl = "{BRAND_URL}"\n'
        'accent = "#005EB8"\nedition = "Adapted by Riverside, 2026"\n'
    )
    run("build", "-q", "-o", base / "plain")
    run("build", "-q", "--brand", brand, "-o", base / "branded")
    extra = base / "extra"
    run("-q", "poster", "--size", "a2", "--target", "screen", "-o", extra / "poster-a2-screen.pdf")
    run("-q", "cards", "--format", "a6", "--target", "screen", "-o", extra / "cards-a6-screen.pdf")
    run("-q", "cards", "--format", "a7", "--layout", "sheet", "--target", "office", "-o", extra / "cards-a7.pdf")
    run("-q", "worksheets", "--target", "screen", "-o", extra / "worksheets-screen.pdf")
    run("-q", "worksheets", "--target", "office", "--fillable", "--duplex", "-o", extra / "worksheets-office-f.pdf")
    return base


def readable(built: Path) -> list[Path]:
    return sorted(p for p in built.rglob("*.pdf") if "press" not in p.name)


def test_every_screen_and_office_pdf_passes_pdf_ua(built):
    files = readable(built)
    assert len(files) >= 17
    failed = {}
    for path in files:
        report = page.validate_pdf(str(path), profile="ua1")
        if report.to_dict()["rules"]["failed"]:
            failed[path.name] = sorted({f.rule_id for f in report.failures})
    assert not failed


def test_check_accepts_ours_and_fails_an_untagged_pdf(built, tmp_path):
    from generator.check.preflight import FAIL, check_pdf

    for path in readable(built):
        report = check_pdf(path, "screen")
        assert report.status != FAIL, [f for f in report.findings if f.status == FAIL]
    untagged = next(built.rglob("poster-a2-press.pdf"))
    report = check_pdf(untagged, "screen")
    failing = {f.check for f in report.findings if f.status == FAIL}
    assert {"tagged", "title shown", "content tagged"} <= failing


def test_check_reads_through_forms_drawn_outside_marked_content(built, tmp_path):
    """A form drawn outside any sequence (a batch's brand overlay) passes where its own content is
    tagged, and fails where it paints untagged."""
    from generator.check.preflight import FAIL, check_pdf

    def with_form(content: bytes, name: str) -> Path:
        path = tmp_path / name
        with pikepdf.open(built / "plain" / "poster-a4-office.pdf") as pdf:
            page0 = pdf.pages[0]
            form = pdf.make_stream(content, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, 10, 10])
            if "/XObject" not in page0.Resources:
                page0.Resources.XObject = pikepdf.Dictionary()
            page0.Resources.XObject.Extra = form
            page0.contents_add(pdf.make_stream(b"q /Extra Do Q"), prepend=False)
            pdf.save(path)
        return path

    def content_finding(path: Path) -> str:
        return next(f.status for f in check_pdf(path, "office").findings if f.check == "content tagged" and f.page)

    assert content_finding(with_form(b"0 0 5 5 re f", "bare.pdf")) == FAIL
    tagged = with_form(b"/Artifact BMC 0 0 5 5 re f EMC", "marked.pdf")
    assert all(f.status != FAIL for f in check_pdf(tagged, "office").findings if f.check == "content tagged")


def test_every_list_item_has_one_label_and_one_body_at_most(built):
    """A moment's name and its principle badges are one LBody (the poster made one per piece)."""
    for path in readable(built):
        for item in find(tree(path), "LI"):
            tags = [kid[0] for kid in item[2]]
            assert tags.count("LBody") <= 1 and tags.count("Lbl") <= 1, (path.name, tags)


def test_press_stays_untagged_pdf_x(built):
    for path in built.rglob("*press*.pdf"):
        data = path.read_bytes()
        assert data.startswith(b"%PDF-1.4")
        with pikepdf.open(path) as pdf:
            assert "/StructTreeRoot" not in pdf.Root and "/MarkInfo" not in pdf.Root
            assert pdf.trailer.Info.GTS_PDFXVersion == "PDF/X-1:2003"
        assert b"BDC" not in b"".join(p.get_contents().get_data() for p in _pypdf_pages(path))


def _pypdf_pages(path):
    from pypdf import PdfReader

    return PdfReader(path).pages


# --- the structure tree ----------------------------------------------------------------------


def tree(path: Path) -> list:
    """(tag, text-free attributes, kids) for every element, from the file."""
    with pikepdf.open(path) as pdf:
        return _element(pdf.Root.StructTreeRoot.K[0])


def _kids(e) -> list:
    """An element's kids: /K is an array, or its one kid alone."""
    k = e.get("/K", [])
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _element(e) -> list:
    kids = [_element(k) for k in _kids(e) if isinstance(k, pikepdf.Dictionary) and "/S" in k]
    attrs = {}
    if "/Alt" in e:
        attrs["alt"] = str(e.Alt)
    if "/A" in e:
        attrs.update({k[1:]: str(v) for k, v in e.A.items() if k != "/O"})
    objr = [k for k in _kids(e) if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]
    if objr:
        attrs["objr"] = len(objr)
    return [str(e.S)[1:], attrs, kids]


def find(node, tag: str) -> list:
    found = [node] if node[0] == tag else []
    for kid in node[2]:
        found += find(kid, tag)
    return found


def struct_text(path: Path) -> str:
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    return subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True).stdout


def test_poster_structure(built, content):
    path = built / "plain" / "poster-a4-office.pdf"
    doc = tree(path)
    top = [kid[0] for kid in doc[2]]
    assert top[:3] == ["H1", "P", "P"]
    sects = [kid for kid in doc[2] if kid[0] == "Sect"]
    assert [s[2][0][0] for s in sects] == ["H2"] * 6  # five principles, then the moments
    assert [kid[0] for kid in sects[5][2]] == ["H2", "L"]
    assert [li[0] for li in sects[5][2][1][2]] == ["LI"] * len(content.moments)
    quotes = [kid for s in sects[:5] for kid in s[2] if kid[0] == "BlockQuote"]  # a quote sits in its principle
    assert quotes and top[-1] == "Link"
    text = struct_text(path)
    # number and title are drawn one after the other: one marked-content sequence, read as one
    headings = re.findall(r'H2 \(block\)\n\s+"(\d) ([^"]+?) "', text)
    assert headings == [(str(p.number), p.title) for p in content.principles]
    for p in content.principles:  # wrapped lines keep their spaces: "problems and", never "problemsand"
        assert f'"{typographic(p.summary)}"' in text


def test_every_branded_screen_and_office_file_links_the_brand_s_address(built):
    """Printed without its scheme, linked with it, in every product (the leaflet and discussion
    cards printed it as plain text)."""
    for path in readable(built / "branded"):
        with pikepdf.open(path) as pdf:
            uris = {str(a.A.URI) for p in pdf.pages for a in p.get("/Annots", []) if a.Subtype == "/Link"}
        assert BRAND_URL in uris, path.name
        assert "Link" in [e[0] for e in find(tree(path), "Link")], path.name


def test_every_printed_document_address_is_a_link(built, content):
    """Wherever a screen or office file prints the document's address (poster, worksheets,
    leaflet: the leaflet printed it as plain text), it is a link to it, in the structure tree."""
    import pypdfium2 as pdfium

    address = content.document.link_label
    printing = []
    for path in readable(built / "plain"):
        document = pdfium.PdfDocument(path)
        shown = "".join(p.get_textpage().get_text_range() for p in document).replace("\r\n", "").replace(" ", "")
        document.close()
        if address.replace(" ", "") not in shown:
            continue
        printing.append(path.name.split("-")[0])
        with pikepdf.open(path) as pdf:
            uris = {str(a.A.URI) for p in pdf.pages for a in p.get("/Annots", []) if a.Subtype == "/Link"}
        assert content.document.link_url in uris, path.name
        assert find(tree(path), "Link"), path.name
    assert {"poster", "worksheets", "leaflet"} <= set(printing)


def test_poster_link_and_branded_figures(built):
    with pikepdf.open(built / "branded" / "poster-a4-office.pdf") as pdf:
        links = [a for a in pdf.pages[0].Annots if a.Subtype == "/Link"]
        assert {str(a.A.URI) for a in links} == {"http://q.health.org.uk/q-improvement-lab", BRAND_URL}
        # one QR code, the call to action's; the brand's address is printed and linked
        assert all(str(a.Contents).startswith("Link to ") and "/StructParent" in a for a in links)
    doc = tree(built / "branded" / "poster-a4-office.pdf")
    alts = [f[1].get("alt") for f in find(doc, "Figure")]
    assert f"{BRAND_NAME} logo" in alts and "QR code for http://q.health.org.uk/q-improvement-lab" in alts
    assert [kid[1].get("objr") for kid in find(doc, "Link")] == [1, 1]
    top = [kid[0] for kid in doc[2]]
    assert top[-2:] == ["P", "Link"]  # the attribution and document link are read last, after the brand band


def test_worksheet_structure(built):
    doc = tree(built / "plain" / "worksheets-a4-screen-fillable.pdf")
    assert doc[2][0][0] == "H1"
    assert len(find(doc, "H2")) == 1 + 5 + 2  # guidance, one per principle, summary and action plan
    sections = [s for s in doc[2] if s[0] == "Sect"]
    assert len(sections) == 5
    practices = [kid for kid in sections[0][2] if kid[0] == "Sect"]
    assert practices and all(
        [k[0] for k in p[2]].count("Form") == 6 for p in practices
    )  # four ratings and two write-in boxes
    tables = find(doc, "Table")
    assert len(tables) == 2
    for table in tables:
        head, *rows = table[2]
        assert {c[0] for c in head[2]} == {"TH"} and all(c[1]["Scope"] == "/Column" for c in head[2])
        assert len({len(r[2]) for r in table[2]}) == 1  # every row spans the same columns
    summary_rows = tables[0][2][1:]
    assert [r[2][0][1]["Scope"] for r in summary_rows] == ["/Row"] * 5
    forms = find(doc, "Form")
    with pikepdf.open(built / "plain" / "worksheets-a4-screen-fillable.pdf") as pdf:
        widgets = [a for p in pdf.pages for a in p.get("/Annots", []) if a.Subtype == "/Widget"]
        assert all(p.obj.Tabs == "/S" for p in pdf.pages if "/Annots" in p.obj)
    assert len(forms) == len(widgets) and all(f[1].get("objr") == 1 for f in forms)
    ratings = [f[1]["alt"] for f in practices[0][2] if f[0] == "Form"][:4]
    # each option named by its printed label and the practice it rates: the name pdf.js gives the
    # button is this one, not the field's tooltip
    assert ratings == [
        f"Rating for practice 1.1: {label}"
        for label in ("Not in place", "Partly in place", "Fully in place", "Not applicable")
    ]
    text = struct_text(built / "plain" / "worksheets-a4-screen-fillable.pdf")
    assert "Notapplicable" not in text  # a header wrapped after "Not" keeps its space


def test_addresses_join_and_words_do_not():
    from generator.pdf.tags import Tagger
    from generator.plan import Line, Run

    def item(*lines):
        return TextItem(tuple(Line(0, 0, 0, (Run(t, "f", 9, 0),)) for t in lines), None, None)  # type: ignore[arg-type]

    spaced = Tagger().spaced_lines
    assert spaced(item("www.example.org/", "what-matters")) == (False, False)
    assert spaced(item("Read the full document: q.health.org.uk/", "q-improvement-lab")) == (False, False)
    assert spaced(item("Not", "applicable")) == (True, False) and spaced(item("one line")) == ()
    assert spaced(item("problems and", "persistent back-", "pain.")) == (True, True, False)  # no address there


def test_printed_worksheet_boxes_are_print_fields(built):
    forms = find(tree(built / "plain" / "worksheets-a4-office.pdf"), "Form")
    assert forms and all("objr" not in f[1] and f[1]["Role"] in ("/tv", "/rb") for f in forms)


def test_a_printed_box_s_label_is_read_once(built):
    """On paper a box's printed label is part of its Form element (which its name repeats): a
    reader hears "Not in place" once, not as a paragraph and again as a field. Where a widget
    stands for the box, its Form element holds the widget alone and the label is a paragraph."""
    labels = ["Not in place", "Partly in place", "Fully in place", "Not applicable"]
    labels += ["What we do now (evidence)", "What we could try"]
    practice_1_1 = re.compile(r'"1\.1 "\n()(.*?)"1\.2 "', re.S)  # from practice 1.1's number to 1.2's
    office = struct_text(built / "plain" / "worksheets-a4-office.pdf")
    practice = practice_1_1.search(office)
    assert practice, office[:2000]
    forms = re.findall(r'Form\n\s+"([^"]+?) "', practice.group(2))
    assert forms == labels
    assert not any(f'"{label} "' in re.sub(r'Form\n\s+"[^"]+"', "", practice.group(2)) for label in labels)
    fillable = struct_text(built / "plain" / "worksheets-a4-screen-fillable.pdf")
    practice = practice_1_1.search(fillable)
    assert practice and re.findall(r'P \(block\)\n\s+"(Not in place)"', practice.group(2)) == ["Not in place"]
    assert not re.search(r'Form\n\s+"', practice.group(2))


def test_form_font_is_embedded_atkinson(built):
    with pikepdf.open(built / "plain" / "worksheets-a4-screen-fillable.pdf") as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font":
                if obj.Subtype in ("/TrueType", "/Type0"):
                    descendant = obj.DescendantFonts[0] if obj.Subtype == "/Type0" else obj
                    assert "/FontFile2" in descendant.FontDescriptor, obj.BaseFont
                else:
                    pytest.fail(f"unembedded {obj.Subtype} font {obj.get('/BaseFont')}")
        font = pdf.Root.AcroForm.DR.Font.Helv
        assert font.BaseFont == "/AtkinsonHyperlegible-Regular" and "/FontFile2" in font.FontDescriptor
        for obj in pdf.objects:  # no subset maps an unused code to U+0000
            if isinstance(obj, pikepdf.Dictionary) and "/ToUnicode" in obj:
                assert b"<0000>" not in obj.ToUnicode.read_bytes()


def test_cards_structure(built):
    doc = tree(built / "plain" / "cards-a6-sheet-a4-office.pdf")
    assert doc[2][0][0] == "H1"
    cards = [s for s in doc[2] if s[0] == "Sect"]
    assert len(cards) >= 5
    for card in cards:
        tags = [k[0] for k in card[2]]
        assert tags[0] == "H2" and "L" in tags
        for item in find(card, "LI"):
            assert [k[0] for k in item[2]] == ["Lbl", "LBody"]
    assert any([k[0] for k in card[2]][-2:] == ["H3", "L"] for card in cards)  # "Always" and its list


def test_split_cards_are_told_apart_by_their_headings(built):
    """A moment that takes two cards: "1 of 2" is read in each card's heading (it was an artifact,
    so a listener heard the same heading twice)."""
    text = struct_text(built / "plain" / "cards-a6-sheet-a4-office.pdf")
    headings = re.findall(r'H2 \(block\)\n\s+"([^"]+?) ?"', text)
    assert len(headings) == len(set(headings)) >= 5
    assert any(h.endswith("1 of 2") for h in headings) and any(h.endswith("2 of 2") for h in headings)


def test_principle_numbers_beside_text_are_named(built, content):
    """A badge's bare number is heard with its meaning: a pocket card's prompts are led by
    "Principle 2" (Lbl /Alt), the poster's moments read "Appointments: principles 1, 2, 3, 4"."""
    doc = tree(built / "plain" / "cards-a6-sheet-a4-office.pdf")
    prompts = [li for card in find(doc, "Sect") for lst in card[2][2:] if lst[0] == "L" for li in lst[2]]
    alts = {li[2][0][1].get("alt") for li in prompts}
    assert {content.labels("principle_number", number=n) for n in range(1, 6)} <= alts
    poster = tree(built / "plain" / "poster-a4-office.pdf")
    spoken = [body[1].get("alt") for body in find(poster, "LBody")]
    assert len(spoken) == len(content.moments) and all(s and ": principle" in s for s in spoken)
    assert any(s.endswith("principles 1, 2, 3, 4") for s in spoken), spoken


def test_branded_cards_read_their_brand_in_each_card(built):
    """The QR code, logo and link on a card are read in that card's section, not after all of them."""
    doc = tree(built / "branded" / "cards-a6-sheet-a4-office.pdf")
    assert [kid[0] for kid in doc[2] if kid[0] != "Sect"] == ["H1"]
    for card in (kid for kid in doc[2] if kid[0] == "Sect"):
        tags = [k[0] for k in card[2]]
        assert tags[0] == "H2" and "Figure" in tags and "Link" in tags, tags


def test_discussion_cards_structure(built, content):
    """One H1 (the document), a section for the training card and one per principle, front and
    back together: the principle's H2 ("Principle 1" and its title), its paragraphs, an H3 over
    the quotes, each quote a BlockQuote; the training card's principles a list."""
    for folder in ("plain", "branded"):
        path = built / folder / "discussion-cards-a6-sheet-office.pdf"
        doc = tree(path)
        assert doc[2][0][0] == "H1" and len(find(doc, "H1")) == 1
        sects = [kid for kid in doc[2] if kid[0] == "Sect"]
        assert len(sects) == 1 + len(content.principles) == len(doc[2]) - 1
        training = [k[0] for k in sects[0][2]]
        assert training[0] == "H2" and "BlockQuote" in training
        (principles,) = find(sects[0], "L")
        assert [[k[0] for k in li[2]] for li in principles[2]] == [["Lbl", "LBody"]] * len(content.principles)
        for sect, p in zip(sects[1:], content.principles):
            tags = [k[0] for k in sect[2]]
            assert tags[0] == "H2" and tags.index("H3") > 0, tags
            quotes = [k for k in sect[2] if k[0] == "BlockQuote"]
            assert len(quotes) == len(p.quotes) and all(q[2][0][0] == "P" for q in quotes)
        if folder == "branded":
            assert {"Figure", "Link"} <= {k[0] for k in sects[0][2]}  # the brand on the training card's back
    text = struct_text(built / "plain" / "discussion-cards-a6-sheet-office.pdf")
    for p in content.principles:
        label = content.labels("discussion_principle", number=p.number)
        assert f'H2 (block)\n      "{label} "\n      "{p.title} "' in text


def test_leaflet_structure(built, content):
    """The cover's principles a list; pages 2 and 3 a section under their H2, with a section a
    principle: its H3 ("1 Cultivate enabling relationships"), paragraphs and quote (a BlockQuote
    with who said it); the back page's quote a BlockQuote too."""
    path = built / "plain" / "leaflet-a5-pages-screen.pdf"
    doc = tree(path)
    top = [kid[0] for kid in doc[2]]
    assert top[0] == "H1" and top.count("L") == 1 and top.count("BlockQuote") == 1
    (cover,) = [kid for kid in doc[2] if kid[0] == "L"]
    assert [[k[0] for k in li[2]] for li in cover[2]] == [["Lbl", "LBody"]] * len(content.principles)
    (principles,) = [kid for kid in doc[2] if kid[0] == "Sect"]
    assert [k[0] for k in principles[2]] == ["H2", "P"] + ["Sect"] * len(content.principles)
    for sect in principles[2][2:]:
        tags = [k[0] for k in sect[2]]
        assert tags[0] == "H3" and tags[-1] == "BlockQuote", tags
        assert [k[0] for k in sect[2][-1][2]] == ["P", "P"]
    text = struct_text(path)
    for p in content.principles:
        assert f'H3 (block)\n        "{p.number} {p.title} "' in text  # drawn in a row: one sequence


def test_leaflet_reads_the_local_heading_before_the_logo(built):
    """The back page's local box, a section: its heading, the organisation's name, then the logo
    beside them; read where it is printed, before the attribution and the document's link below it."""
    doc = tree(built / "branded" / "leaflet-a5-pages-screen.pdf")
    (local,) = [k for k in doc[2] if k[0] == "Sect" and any(f[1].get("alt") == f"{BRAND_NAME} logo" for f in k[2])]
    assert [k[0] for k in local[2]][:3] == ["H2", "P", "Figure"]
    top = [k[0] for k in doc[2]]
    assert top[top.index("Sect", top.index("BlockQuote")) :] == ["Sect", "P", "Figure", "Link"]


def test_branded_cards_and_worksheets_have_the_logo_as_a_figure(built):
    for name in ("cards-a6-sheet-a4-office.pdf", "worksheets-a4-office.pdf"):
        alts = [f[1].get("alt") for f in find(tree(built / "branded" / name), "Figure")]
        assert f"{BRAND_NAME} logo" in alts, name


# --- the role model --------------------------------------------------------------------------


def test_roles_from_older_names_and_groups():
    assert Role.of("heading", 1).tag is Tag.H2 and Role.of("decoration").artifact
    role = Role(Tag.LBODY).inside(Group(GroupTag.L, "x"), Group(GroupTag.LI, "1"))
    assert [g.tag for g in role.groups] == [GroupTag.L, GroupTag.LI]
    assert Role.link("example.org/a").href == "https://example.org/a"
    assert PAGINATION.artifact and not Role.figure("a").artifact
    item = TextItem((), None, None, "label")  # type: ignore[arg-type]
    assert item.role.tag is Tag.P


def test_reading_order_need_not_be_drawing_order():
    from generator.pdf.tags import Tagger, structure

    tagger = Tagger()
    late = TextItem((), None, None, Role(Tag.P, order=1))  # type: ignore[arg-type]
    early = TextItem((), None, None, Role(Tag.H1))  # type: ignore[arg-type]
    tagger.page([late, early])
    assert [k.tag for k in structure(tagger).kids] == ["H1", "P"]


def test_pieces_of_one_element_drawn_in_a_row_share_a_sequence():
    """Items with one keyed role drawn one after another are one marked-content sequence (one
    MCID); unkeyed items with equal roles stay elements of their own, and a break ends the run."""
    from generator.pdf.tags import Tagger, structure

    tagger = Tagger()
    keyed, plain = Role(Tag.FORM, key="box", alt="Box"), Role(Tag.P)
    item = lambda role: TextItem((), None, None, role)  # type: ignore[arg-type]  # noqa: E731
    ops = tagger.page([item(r) for r in [keyed, keyed, plain, plain, ARTIFACT, keyed]])
    assert ops[1] == "" and ops[2] and ops[3] and ops[5] and ops[6] == "EMC"
    assert [(k.tag, k.kids) for k in structure(tagger).kids] == [("Form", [0, 3]), ("P", [1]), ("P", [2])]


def test_batch_screen_and_office_editions_read_as_the_single_build_does(built, tmp_path):
    """A batch lays each brand over templates drawn once; its tagged editions must still pass
    PDF/UA and carry the structure tree of the same brand built alone, element for element."""
    from generator.check.preflight import FAIL, check_pdf

    csv = tmp_path / "orgs.csv"
    shutil.copy(built / "logo.png", tmp_path / "logo.png")
    csv.write_text(
        "name,logo,contact,url,accent,edition\n"
        f'{BRAND_NAME},logo.png,01234 567890,{BRAND_URL},#005EB8,"Adapted by Riverside, 2026"\n'
    )
    run("-q", "batch", csv, "-o", tmp_path / "out", "--jobs", "1", "--products", "poster,worksheets,cards")
    edition = next((tmp_path / "out").rglob("poster-a4-office.pdf"))
    assert check_pdf(edition, "office").status != FAIL
    assert f"{BRAND_NAME} logo" in [f[1].get("alt") for f in find(tree(edition), "Figure")]
    made = sorted(p for p in (tmp_path / "out").rglob("*.pdf") if "press" not in p.name)
    assert len(made) >= 5
    for path in made:  # every screen and office edition, as above
        report = page.validate_pdf(str(path), profile="ua1")
        assert not report.to_dict()["rules"]["failed"], (path.name, sorted({f.rule_id for f in report.failures}))
        assert tree(path) == tree(built / "branded" / path.name), path.name
        marked = 0
        with pikepdf.open(path) as pdf:  # each brand item a form, its marks on the page around it
            for p in pdf.pages:
                assert not any("/StructParents" in x for x in p.Resources.get("/XObject", {}).values()), path.name
                ops = pikepdf.parse_content_stream(p)
                mcids = [
                    int(op.operands[1].MCID)
                    for op in ops
                    if str(op.operator) == "BDC"
                    and isinstance(op.operands[1], pikepdf.Dictionary)
                    and "/MCID" in op.operands[1]
                ]
                # one MCID space a page: pdf.js reads no other, and lost MCIDs that forms repeated
                assert len(mcids) == len(set(mcids)), (path.name, mcids)
                marked += sum(
                    str(a.operator) == "BDC"
                    and str(b.operator) == "Do"
                    and str(b.operands[0]).startswith("/BrandOverlay")
                    for a, b in zip(ops, ops[1:])
                )
        assert marked, path.name  # the brand's forms painted inside its marked content


def test_each_annotation_leads_to_its_own_element(built):
    """A widget's /StructParent leads to the Form element holding it, a link's to its Link, on pages
    with both too (the fillable pack's cover: the widgets are written after ReportLab has saved its
    links, in the order the page drew them)."""
    with pikepdf.open(built / "plain" / "worksheets-a4-screen-fillable.pdf") as pdf:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        mixed = 0
        for page in pdf.pages:
            annots = list(page.obj.get("/Annots", []))
            mixed += {str(a.Subtype) for a in annots} == {"/Widget", "/Link"}
            for annot in annots:
                element = parents[int(annot.StructParent)]
                assert element.S == ("/Form" if annot.Subtype == "/Widget" else "/Link")
                kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
                objects = [k.Obj.objgen for k in kids if isinstance(k, pikepdf.Dictionary) and "/Obj" in k]
                assert objects == [annot.objgen] or annot.objgen in objects
        assert mixed >= 1


@pytest.mark.parametrize("name", ["worksheets-a4-office.pdf", "worksheets-a4-screen-fillable.pdf"])
def test_a_branded_cover_reads_the_organisation_before_its_fields(built, name):
    """The organisation's block sits under the subtitle and is drawn last (a batch lays it over
    the page): a reader still meets it there, before the cover's fields and the attribution."""
    top = [(kid[0], kid[1].get("alt", "")) for kid in tree(built / "branded" / name)[2]]
    logo = top.index(("Figure", f"{BRAND_NAME} logo"))
    first_field = next(i for i, (tag, alt) in enumerate(top) if tag == "Form")
    assert [tag for tag, _ in top[:3]] == ["H1", "P", "P"] and logo == 3 < first_field, top[:12]


def test_no_header_cell_of_the_summary_grid_is_empty(built):
    """Its corner heads the principles' column ("Principle"): an empty header cell is read as nothing."""
    text = struct_text(built / "plain" / "worksheets-a4-office.pdf")
    head = text[text.index("Table (block)") :].split("\n    TR")[1]  # the first row
    cells = re.findall(r'TH:\n\s+/Scope /Column\n\s+"([^"]*)"', head)
    assert cells == ["Principle", "Not in place", "Partly in place", "Fully in place", "Not applicable"], head
