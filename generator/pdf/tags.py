"""Tagged PDF (PDF/UA-1) for the screen and office editions: structure from the plans' roles.

While the pages are drawn, the Tagger hands out marked-content operators around every item
(an MCID for content, /Artifact for decoration and pagination) and remembers which element each
MCID, widget and link belongs to. `finish` then writes what ReportLab cannot: the structure
tree and its ParentTree, /StructParents, /Tabs, XMP metadata, the form font and clean ToUnicode
maps. Products never see any of this; they only give their items roles.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from xml.sax.saxutils import escape

from generator.plan import Field, Group, Image, Item, PlanDocument, Role, Tag, TextItem

FORM_FONT = "AtkR"  # the name of the embedded form font in /DR and every /DA


@dataclass
class _Piece:
    """One tagged item on one page: its role, drawing index, MCID and annotation (if any)."""

    role: Role
    index: int
    mcid: int | None = None
    annot: int | None = None  # its place among the page's annotations


@dataclass
class Tagger:
    """Marked-content operators for each item as it is drawn, and what each one belongs to."""

    fillable: bool = False
    pages: list[list[_Piece]] = field(default_factory=list)
    _mcid: int = 0
    _annots: int = 0

    def new_page(self) -> None:
        self.pages.append([])
        self._mcid = self._annots = 0

    def role(self, item: Item) -> Role:
        role = item.role
        if isinstance(item, Image) and role.tag is Tag.FIGURE and not role.alt:
            role = Role(Tag.FIGURE, role.groups, alt=item.alt, order=role.order)
        return role

    def begin(self, item: Item, index: int) -> str:
        role = self.role(item)
        if role.tag is Tag.PAGINATION:
            return "/Artifact <</Type /Pagination>> BDC\n"
        if role.artifact or isinstance(item, Field) or (self.fillable and role.printed):
            return "/Artifact BMC\n"  # a printed form box is an artifact where its widget is drawn
        piece = _Piece(role, index, mcid=self._mcid)
        self._mcid += 1
        self.pages[-1].append(piece)
        name = "Span" if role.tag in (Tag.LINK, Tag.FORM) else role.tag.value
        return f"/{name} <</MCID {piece.mcid}>> BDC\n"

    def end(self) -> str:
        return "EMC\n"

    def annotation(self, item: Item, index: int) -> None:
        """The item just drawn (a link) or about to be (a widget) made one annotation on the page."""
        pieces = self.pages[-1]
        if pieces and pieces[-1].index == index and pieces[-1].annot is None:
            pieces[-1].annot = self._annots
        else:
            pieces.append(_Piece(self.role(item), index, annot=self._annots))
        self._annots += 1


def link_of(item: Item) -> str:
    """The address a text item links to, or ''."""
    return item.role.href if isinstance(item, TextItem) and item.role.tag is Tag.LINK else ""


def is_address(item: TextItem) -> bool:
    """A web address broken after its punctuation: its lines join without spaces."""
    return len(item.lines) > 1 and " " not in item.text.replace(" ", "", len(item.lines) - 1)


# --- the structure tree -------------------------------------------------------------------------


@dataclass
class _Node:
    tag: str
    parent: _Node | None
    alt: str = ""
    scope: str = ""
    printed: str = ""
    page: int | None = None
    kids: list = field(default_factory=list)  # _Node, ("mcid", page, n) or ("annot", page, n)


def structure(tagger: Tagger) -> _Node:
    """The document's element tree, in reading order: each page by (order, drawing order)."""
    root = _Node("Document", None)
    groups: dict[tuple, _Node] = {}
    leaves: dict[tuple, _Node] = {}
    for page, pieces in enumerate(tagger.pages):
        for piece in sorted(pieces, key=lambda p: (p.role.order, p.index)):
            parent, chain = root, ()
            for g in piece.role.groups:
                chain = (*chain, (g.tag.value, g.key, g.scope))
                if chain not in groups:
                    groups[chain] = _group_node(g, parent)
                parent = groups[chain]
            role = piece.role
            key = (*chain, (role.tag.value, role.key)) if role.key else None
            leaf = leaves.get(key) if key else None
            if leaf is None:
                leaf = _Node(role.tag.value, parent, alt=role.alt, scope=role.scope)
                if piece.mcid is not None and role.printed:
                    leaf.printed = role.printed
                parent.kids.append(leaf)
                if key:
                    leaves[key] = leaf
            if piece.mcid is not None:
                leaf.kids.append(("mcid", page, piece.mcid))
            if piece.annot is not None:
                leaf.kids.append(("annot", page, piece.annot))
    return root


def _group_node(g: Group, parent: _Node) -> _Node:
    node = _Node(g.tag.value, parent, scope=g.scope)
    parent.kids.append(node)
    return node


def outline(node: _Node, depth: int = 0) -> list[str]:
    """The tree as indented lines (for reports and debugging)."""
    lines = [] if node.parent is None and depth == 0 and node.tag == "" else [("  " * depth) + node.tag]
    for kid in node.kids:
        if isinstance(kid, _Node):
            lines += outline(kid, depth + 1)
    return lines


# --- writing it into the file -------------------------------------------------------------------


def finish(data: bytes, tagger: Tagger, plan: PlanDocument, author: str, creator: str, epoch: int) -> bytes:
    """The saved ReportLab file with its structure tree, metadata, form font and clean fonts."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    pdf = pikepdf.open(io.BytesIO(data))
    pages = list(pdf.pages)
    tree = structure(tagger)
    root_elem = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    parent_tree: dict[int, object] = {}
    page_arrays: dict[int, list] = {}
    annot_keys: list[tuple[int, int, object]] = []

    def make(node: _Node, parent_ref) -> object:
        elem = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + node.tag), P=parent_ref))
        if node.alt:
            elem.Alt = String(node.alt)
        if node.scope:
            elem.A = Dictionary(O=Name.Table, Scope=Name("/" + node.scope))
        if node.printed:  # a form printed for pen and paper: its kind, in place of a widget
            elem.A = Dictionary(O=Name.PrintField, Role=Name("/" + node.printed))
        kids = Array()
        first_page = None
        for kid in node.kids:
            if isinstance(kid, _Node):
                kids.append(make(kid, elem))
                continue
            kind, page, n = kid
            if first_page is None:
                first_page = page
            if kind == "mcid":
                page_arrays.setdefault(page, {})[n] = elem
                kids.append(n if page == first_page else Dictionary(Type=Name.MCR, Pg=pages[page].obj, MCID=n))
            else:
                annot = pages[page].obj.Annots[n]
                annot_keys.append((page, n, elem))
                kids.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=pages[page].obj))
        if first_page is not None:
            elem.Pg = pages[first_page].obj
        elem.K = kids
        return elem

    document = make(tree, root_elem)
    for page, by_mcid in sorted(page_arrays.items()):
        pages[page].obj.StructParents = page
        parent_tree[page] = Array([by_mcid[i] for i in range(len(by_mcid))])
    key = len(pages)
    for page, n, elem in annot_keys:
        annot = pages[page].obj.Annots[n]
        annot.StructParent = key
        parent_tree[key] = elem
        if annot.get("/Subtype") == Name.Link and "/Contents" not in annot:
            annot.Contents = String(f"Link to {annot.A.URI}")
        key += 1
    for page in pages:
        if "/Annots" in page.obj:
            page.obj.Tabs = Name.S
    nums = Array()
    for k in sorted(parent_tree):
        nums.append(k)
        nums.append(parent_tree[k])
    root_elem.K = Array([document])
    root_elem.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    root_elem.ParentTreeNextKey = key
    catalog = pdf.Root
    catalog.StructTreeRoot = root_elem
    catalog.MarkInfo = Dictionary(Marked=True)
    catalog.Lang = String(plan.language)
    catalog.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    catalog.Metadata = pdf.make_stream(xmp(plan, author, creator, epoch), Type=Name.Metadata, Subtype=Name.XML)
    _clean_to_unicode(pdf)
    if "/AcroForm" in catalog:
        _form_font(pdf)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def xmp(plan: PlanDocument, author: str, creator: str, epoch: int) -> bytes:
    """XMP metadata with the title and the PDF/UA-1 identification; dates from epoch, never the clock."""
    import time

    date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
    e = lambda text: escape(text, {'"': "&quot;"})  # noqa: E731
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(plan.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{e(author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(plan.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{e(plan.language)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Producer>{e(creator)}</pdf:Producer>
   <pdf:Keywords>{e(", ".join(plan.keywords))}</pdf:Keywords>
   <xmp:CreatorTool>{e(creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return body.encode("utf-8")


_UNUSED = re.compile(rb"<[0-9A-Fa-f]+> <0000>\r?\n")


def _clean_to_unicode(pdf) -> None:
    """ReportLab maps a subset's unused codes to U+0000; readers (and PDF/UA) want them left out."""
    seen = set()
    for obj in pdf.objects:
        if not isinstance(obj, __import__("pikepdf").Dictionary) or obj.get("/Type") != "/Font":
            continue
        cmap = obj.get("/ToUnicode")
        if cmap is None or cmap.objgen in seen:
            continue
        seen.add(cmap.objgen)
        text = cmap.read_bytes()
        if b"<0000>" not in text:
            continue
        cmap.write(_rewrite_cmap(text))


def _rewrite_cmap(text: bytes) -> bytes:
    """Drop the bfchar entries that map to U+0000 and correct each block's count."""

    def block(m: re.Match) -> bytes:
        entries = [line for line in m.group(2).splitlines(keepends=True) if not _UNUSED.fullmatch(line)]
        if not entries:
            return b""
        return b"%d beginbfchar\n" % len(entries) + b"".join(entries) + b"endbfchar\n"

    return re.sub(rb"(\d+) beginbfchar\r?\n(.*?)endbfchar\r?\n", block, text, flags=re.S)


def _form_font(pdf) -> None:
    """Typed answers in Atkinson Hyperlegible: an embedded font in /DR and every /DA, never Helvetica."""
    from pikepdf import Dictionary, Name

    font = _embedded_font(pdf)
    form = pdf.Root.AcroForm
    form.DR = Dictionary(Font=Dictionary({"/" + FORM_FONT: font}))
    form.DA = _da(str(form.get("/DA", "/Helv 0 Tf 0 g")))
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", []):
            if annot.get("/Subtype") != Name.Widget:
                continue
            if "/DA" in annot:
                annot.DA = _da(str(annot.DA))
            appearances = annot.get("/AP", {})
            for key in ("/N", "/D"):
                ap = appearances.get(key)
                for stream in [ap] if ap is not None and hasattr(ap, "read_bytes") else (ap or {}).values():
                    resources = stream.get("/Resources")
                    if resources is not None and "/Font" in resources:
                        resources.Font = Dictionary({"/" + FORM_FONT: font})


def _da(da: str) -> str:
    from pikepdf import String

    return String(re.sub(r"/\w+ (\d+(?:\.\d+)?) Tf", lambda m: f"/{FORM_FONT} {m.group(1)} Tf", da))


def _embedded_font(pdf):
    """Atkinson Hyperlegible Regular in full (not a subset: answers may use any character), WinAnsi."""
    from pikepdf import Array, Dictionary, Name

    program, widths, metrics = _font_program()
    file = pdf.make_stream(program, Length1=len(program))
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=Name("/" + metrics["name"]),
        Flags=32,
        FontBBox=Array(metrics["bbox"]),
        ItalicAngle=0,
        Ascent=metrics["ascent"],
        Descent=metrics["descent"],
        CapHeight=metrics["cap"],
        StemV=80,
        FontFile2=file,
    )
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.TrueType,
            BaseFont=Name("/" + metrics["name"]),
            FirstChar=32,
            LastChar=255,
            Widths=Array(widths),
            Encoding=Name.WinAnsiEncoding,
            FontDescriptor=pdf.make_indirect(descriptor),
        )
    )


@lru_cache(maxsize=1)
def _font_program() -> tuple[bytes, list[int], dict]:
    from fontTools.ttLib import TTFont

    from generator.fonts import _main_path

    path = _main_path("regular")
    font = TTFont(path)
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    missing = hmtx[".notdef"][0] if ".notdef" in hmtx.metrics else 0
    widths = []
    for code in range(32, 256):
        char = bytes([code]).decode("cp1252", errors="ignore")
        glyph = cmap.get(ord(char)) if char else None
        widths.append(round((hmtx[glyph][0] if glyph else missing) * scale))
    head, os2 = font["head"], font["OS/2"]
    metrics = {
        "name": font["name"].getDebugName(6) or "AtkinsonHyperlegible-Regular",
        "bbox": [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        "ascent": round(os2.sTypoAscender * scale),
        "descent": round(os2.sTypoDescender * scale),
        "cap": round(getattr(os2, "sCapHeight", 700) * scale),
    }
    return path.read_bytes(), widths, metrics
