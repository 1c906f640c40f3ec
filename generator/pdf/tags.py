"""Tagged PDF (PDF/UA-1) for the screen and office editions: structure from the plans' roles.

While the pages are drawn, the Tagger hands out marked-content operators around every item
(an MCID for content, /Artifact for decoration and pagination) and remembers which element each
MCID, widget and link belongs to. `finish` then writes what ReportLab cannot: the structure
tree and its ParentTree, /StructParents, /Tabs, XMP metadata, the form font and clean ToUnicode
maps. Products never see any of this; they only give their items roles.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from xml.sax.saxutils import escape

from generator.pdf.objects import ParsedPdf, parse
from generator.pdf.objects import find as _find
from generator.plan import Group, Image, Item, PlanDocument, Role, Tag, TextItem

_FIGURE, _PAGINATION, _ARTIFACT = Tag.FIGURE, Tag.PAGINATION, Tag.ARTIFACT
# the marked-content tag of an element's content
_MARK = {tag: "Span" if tag in (Tag.LINK, Tag.FORM) else tag.value for tag in Tag}


@dataclass(slots=True)
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
        if role.tag is _FIGURE and not role.alt and isinstance(item, Image):
            role = Role(Tag.FIGURE, role.groups, alt=item.alt, order=role.order)
        return role

    def begin(self, item: Item, index: int) -> str:
        role = item.role
        tag = role.tag
        if tag is _PAGINATION:
            return "/Artifact <</Type /Pagination>> BDC\n"
        if tag is _ARTIFACT or (role.printed and self.fillable):
            return "/Artifact BMC\n"  # a printed form box is an artifact where its widget is drawn
        mcid = self._mcid
        self._mcid += 1
        self.pages[-1].append(_Piece(self.role(item), index, mcid))
        return f"/{_MARK[tag]} <</MCID {mcid}>> BDC\n"

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

    def link_of(self, item: Item) -> str:
        """The address a text item links to, or ''."""
        return item.role.href if isinstance(item, TextItem) and item.role.tag is Tag.LINK else ""

    def spaced_lines(self, item: TextItem) -> range:
        """The lines that end with a space: all but the last, and the last too where the element
        reads on into another piece (a list label, a heading drawn in two parts); none in an address."""
        if is_address(item):
            return range(0)
        n = len(item.lines)
        return range(n if item.role.key or item.role.tag is Tag.LBL else n - 1)


def is_address(item: TextItem) -> bool:
    """A web address broken after its punctuation: its lines join without spaces."""
    if len(item.lines) < 2 or item.lines[0].runs[-1].text[-1:] not in "/.-?&=_":
        return False
    lines = [line.text for line in item.lines]
    return not any(" " in text for text in lines) and all(text[-1:] in "/.-?&=_" for text in lines[:-1])


# --- the structure tree -------------------------------------------------------------------------


@dataclass(slots=True)
class _Node:
    tag: str
    parent: _Node | None
    alt: str = ""
    scope: str = ""
    printed: str = ""
    number: int = 0  # its object number, once written
    kids: list = field(default_factory=list)  # _Node, ("mcid", page, n) or ("annot", page, n)


def structure(tagger: Tagger) -> _Node:
    """The document's element tree, in reading order: each page by (order, drawing order)."""
    root = _Node("Document", None)
    groups: dict[str, _Node] = {"": root}  # a chain of groups, as text -> its innermost element
    leaves: dict[tuple, _Node] = {}
    chains: dict[int, str] = {}  # id(role.groups) -> its chain as text: groups are hashed once
    for page, pieces in enumerate(tagger.pages):
        for piece in sorted(pieces, key=lambda p: (p.role.order, p.index)):
            role = piece.role
            chain = chains.get(id(role.groups))
            if chain is None:
                chain = chains[id(role.groups)] = "".join(f"/{g.tag._value_} {g.key!r} {g.scope}" for g in role.groups)
            parent = groups.get(chain)
            if parent is None:
                parent, prefix = root, ""
                for g in role.groups:
                    prefix += f"/{g.tag._value_} {g.key!r} {g.scope}"
                    if prefix not in groups:
                        groups[prefix] = _group_node(g, parent)
                    parent = groups[prefix]
            key = (chain, role.tag, role.key) if role.key else None
            leaf = leaves.get(key) if key else None
            if leaf is None:
                leaf = _Node(role.tag._value_, parent, alt=role.alt, scope=role.scope)
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
    node = _Node(g.tag._value_, parent, scope=g.scope)
    parent.kids.append(node)
    return node


# --- writing it into the file -------------------------------------------------------------------


def finish(data: bytes, tagger: Tagger, plan: PlanDocument, author: str, creator: str, epoch: int) -> bytes:
    """The saved ReportLab file with its structure tree, metadata, form font and clean fonts.

    ReportLab's files are simple (a classic xref table, no object streams), so the new objects
    are written as text beside the old ones: much quicker than a round trip through a PDF library.
    """
    doc = parse(data)
    pages = doc.pages
    annots = [doc.annots(page) for page in pages]
    tree = structure(tagger)
    root_number = doc.allocate()
    nodes: list[_Node] = []
    stack = [tree]
    while stack:  # number the elements in document order
        node = stack.pop()
        node.number = doc.allocate()
        nodes.append(node)
        stack += reversed([kid for kid in node.kids if type(kid) is _Node])
    page_mcids: dict[int, dict[int, int]] = {}
    annot_parents: list[tuple[int, int, int]] = []  # (page, annotation, element)
    for node in nodes:
        me = node.number
        parent = node.parent.number if node.parent is not None else root_number
        kids, first_page = [], None
        for kid in node.kids:
            if type(kid) is _Node:
                kids.append(b"%d 0 R" % kid.number)
                continue
            kind, page, n = kid
            first_page = page if first_page is None else first_page
            if kind == "mcid":
                page_mcids.setdefault(page, {})[n] = me
                kids.append(
                    b"%d" % n if page == first_page else b"<< /Type /MCR /Pg %d 0 R /MCID %d >>" % (pages[page], n)
                )
            else:
                annot_parents.append((page, n, me))
                kids.append(b"<< /Type /OBJR /Obj %d 0 R /Pg %d 0 R >>" % (annots[page][n], pages[page]))
        parts = [b"<< /S /%s /P %d 0 R" % (node.tag.encode(), parent)]  # /Type /StructElem is optional
        if first_page is not None:
            parts.append(b"/Pg %d 0 R" % pages[first_page])
        if node.alt:
            parts.append(b"/Alt " + pdf_string(node.alt))
        if node.scope:
            parts.append(b"/A << /O /Table /Scope /%s >>" % node.scope.encode())
        if node.printed:  # a form printed for pen and paper: its kind, in place of a widget
            parts.append(b"/A << /O /PrintField /Role /%s >>" % node.printed.encode())
        parts.append(b"/K [ " + b" ".join(kids) + b" ] >>")
        doc.objects[me] = b" ".join(parts)
    nums = []
    for page, by_mcid in sorted(page_mcids.items()):
        doc.add_keys(pages[page], b"/StructParents %d" % page)
        nums.append(b"%d [ %s ]" % (page, b" ".join(b"%d 0 R" % by_mcid[i] for i in range(len(by_mcid)))))
    key = len(pages)
    for page, n, element in annot_parents:
        annot = annots[page][n]
        extra = b"/StructParent %d" % key
        uri = re.search(rb"/URI \((.*?)(?<!\\)\)", doc.objects[annot])
        if b"/Subtype /Link" in doc.objects[annot] and b"/Contents" not in doc.objects[annot] and uri:
            extra += b" /Contents " + pdf_string("Link to " + uri.group(1).decode("latin-1"))
        doc.add_keys(annot, extra)
        nums.append(b"%d %d 0 R" % (key, element))
        key += 1
    for page, found in zip(pages, annots):
        if found:
            doc.add_keys(page, b"/Tabs /S")
    parent_tree = doc.allocate()
    doc.objects[parent_tree] = b"<< /Nums [ " + b"\n".join(nums) + b" ] >>"
    doc.objects[root_number] = b"<< /Type /StructTreeRoot /K [ %d 0 R ] /ParentTree %d 0 R /ParentTreeNextKey %d >>" % (
        tree.number,
        parent_tree,
        key,
    )
    metadata = doc.allocate()
    body = xmp(plan, author, creator, epoch)
    doc.objects[metadata] = b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream" % (len(body), body)
    doc.add_keys(
        doc.root,
        b"/MarkInfo << /Marked true >> /StructTreeRoot %d 0 R /Metadata %d 0 R" % (root_number, metadata),
    )
    if b"/Lang" not in doc.objects[doc.root]:
        doc.add_keys(doc.root, b"/Lang " + pdf_string(plan.language))
    _clean_to_unicode(doc)
    _form_font(doc)
    return doc.write()


def pdf_string(text: str) -> bytes:
    """A PDF text string: literal when ASCII, otherwise UTF-16BE with its byte order mark."""
    if text.isascii():
        return b"(" + text.encode("ascii").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


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


def _clean_to_unicode(doc: ParsedPdf) -> None:
    """ReportLab maps a subset's unused codes to U+0000; readers (and PDF/UA) want them left out."""
    for number in sorted(doc.objects):
        body = doc.objects[number]
        if b"/ToUnicode" not in body or b"/Type /Font" not in body:
            continue
        cmap = int(_find(rb"/ToUnicode (\d+) 0 R", body).group(1))
        doc.objects[cmap] = _clean_cmap(doc.objects[cmap])


@lru_cache(maxsize=256)
def _clean_cmap(body: bytes) -> bytes:
    """A ToUnicode stream object without its U+0000 entries (the same subsets recur file after file)."""
    _, text = _stream(body)
    return _flate(_rewrite_cmap(text)) if b"<0000>" in text else body


def _stream(body: bytes) -> tuple[bytes, bytes]:
    """(dictionary, decoded data) of a stream object."""
    found = re.search(rb">>\s*stream\r?\n", body)  # the first: the data after it may hold any bytes
    if found is None:
        raise ValueError("not a stream object")
    head = body[: found.start() + 2]
    raw = body[found.end() :]
    raw = raw[: raw.rindex(b"endstream")].rstrip(b"\r\n")
    length = re.search(rb"/Length (\d+)", head)
    if length:
        raw = raw[: int(length.group(1))]
    return head, zlib.decompress(raw) if b"/FlateDecode" in head else raw


def _flate(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data)
    return b"<< /Filter /FlateDecode /Length %d%s >>\nstream\n%s\nendstream" % (len(packed), extra, packed)


def _rewrite_cmap(text: bytes) -> bytes:
    """Drop the bfchar entries that map to U+0000 and correct each block's count."""

    def block(m: re.Match) -> bytes:
        entries = [line for line in m.group(2).splitlines(keepends=True) if not _UNUSED.fullmatch(line)]
        if not entries:
            return b""
        return b"%d beginbfchar\n" % len(entries) + b"".join(entries) + b"endbfchar\n"

    return re.sub(rb"(\d+) beginbfchar\r?\n(.*?)endbfchar\r?\n", block, text, flags=re.S)


def _form_font(doc: ParsedPdf) -> None:
    """Typed answers in Atkinson Hyperlegible: ReportLab's form font (/Helv, Helvetica, not embedded)
    becomes the embedded font under the same resource name, in /DR and every appearance stream."""
    shared = None  # (descriptor, widths): one font program however many appearance streams use it
    for number in sorted(doc.objects):
        body = doc.objects[number]
        if not (b"/BaseFont /Helvetica" in body and b"/Type /Font" in body and b"/Name /Helv" in body):
            continue
        program, widths, metrics = _font_program()
        if shared is None:
            file = doc.allocate()
            doc.objects[file] = program
            descriptor, widths_array = doc.allocate(), doc.allocate()
            doc.objects[widths_array] = b"[ " + " ".join(map(str, widths)).encode() + b" ]"
            shared = descriptor, widths_array
            doc.objects[descriptor] = (
                b"<< /Type /FontDescriptor /FontName /%s /Flags 32 /FontBBox [ %s ] /ItalicAngle 0 /Ascent %d"
                b" /Descent %d /CapHeight %d /StemV 80 /FontFile2 %d 0 R >>"
                % (
                    metrics["name"].encode(),
                    " ".join(map(str, metrics["bbox"])).encode(),
                    metrics["ascent"],
                    metrics["descent"],
                    metrics["cap"],
                    file,
                )
            )
        doc.objects[number] = (
            b"<< /Type /Font /Subtype /TrueType /BaseFont /%s /Name /Helv /FirstChar 32 /LastChar 255"
            b" /Widths %d 0 R /Encoding /WinAnsiEncoding /FontDescriptor %d 0 R >>"
            % (metrics["name"].encode(), shared[1], shared[0])
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
    program = path.read_bytes()
    return _flate(program, b" /Length1 %d" % len(program)), widths, metrics
