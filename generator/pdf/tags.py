"""Tagged PDF (PDF/UA-1) for the screen and office editions: structure from the plans' roles.

While the pages are drawn, the Tagger hands out marked-content operators around every item
(an MCID for content, /Artifact for decoration and pagination) and remembers which element each
MCID, widget and link belongs to. `finish` then writes what ReportLab cannot: the structure
tree and its ParentTree, /StructParents, /Tabs, XMP metadata, the form font and clean ToUnicode
maps. Products never see any of this; they only give their items roles.
"""

from __future__ import annotations

import re
from functools import lru_cache

from generator.pdf.objects import ParsedPdf, deflate, parse
from generator.pdf.objects import find as _find
from generator.pdf.objects import stream_data as _stream
from generator.plan import Image, Item, PlanDocument, Role, Tag, TextItem

_FIGURE, _PAGINATION, _ARTIFACT = Tag.FIGURE, Tag.PAGINATION, Tag.ARTIFACT
# the marked-content tag of an element's content
_ARTIFACT_BEGIN, _PAGINATION_BEGIN = "/Artifact BMC\n", "/Artifact <</Type /Pagination>> BDC\n"
_MARK = {tag: "Span" if tag in (Tag.LINK, Tag.FORM) else tag.value for tag in Tag}


class _Node:
    """One structure element: its kids are elements, MCIDs on its own page (int) or
    ("mcr" | "annot", page, n); number counts from 0 in the order elements are made, and parent
    is its parent's number (-1 for the root): no reference cycles, so a finished tree is freed
    at once instead of waiting for the cycle collector."""

    __slots__ = ("tag", "parent", "alt", "scope", "printed", "number", "page", "kids")

    def __init__(self, tag: str, parent: int, number: int, alt: str = "", scope: str = "") -> None:
        self.tag, self.parent, self.number, self.alt, self.scope = tag, parent, number, alt, scope
        self.printed = ""
        self.page = -1  # the page of its first content: its /Pg
        self.kids: list = []


class Tagger:
    """Marked-content operators for each item as it is drawn, and the element each belongs to.

    While a page is drawn, each item only takes its operators and a place in the page's list;
    when the page ends, the list joins the structure tree in reading order: items are read by
    (order, drawing order). Building the tree in one tight loop a page, rather than between
    ReportLab's drawing calls, costs a third as much: its dictionaries stay in the CPU's caches.
    Decoration drawn in a row (a page's boxes and rules) shares one artifact sequence: fewer
    operators to write and to read, the same meaning.
    """

    def __init__(self, fillable: bool = False) -> None:
        self.fillable = fillable
        self.root = _Node("Document", -1, 0)
        self.nodes = [self.root]  # parents before their kids
        self.page_mcids: list[list[int]] = []  # per page: the element of each MCID
        self.form_mcids: dict[int, list[int]] = {}  # page -> the element of each MCID in its overlay form
        self.annot_parents: list[tuple[int, int, int]] = []  # (page, annotation, element)
        self._children: dict[tuple, _Node] = {}  # (parent, tag, key, scope) -> the group's element
        self._leaves: dict[tuple, _Node] = {}  # (parent, tag, key) -> the element of keyed items
        self._parents: dict[int, tuple[tuple, _Node]] = {}  # id of a groups tuple -> (it, its element)
        # this page's [role, MCID, annotations or None] in drawing order; the MCID is -1 for none
        # (a widget), -2 - n for MCID n in the page's overlay form (see enter_form)
        self._items: list[list] = []
        self._ranked = False  # an item on this page is read out of drawing order
        self._last_index = -1  # the index of the item that took the last entry
        self._page = -1
        self._mcid = self._annots = 0  # this page's (or its form's) next MCID, and next annotation
        self._form = False  # this page's items are now drawn in a form laid over it
        self._page_count = 0  # the page's own MCIDs, once its form has begun
        self._open = ""  # the sequence open since the last item began: its BMC/BDC line, or ""
        self._last_role: Role | None = None  # the keyed role of the open sequence: its items share it

    def new_page(self) -> None:
        self.flush()
        self._page += 1
        self.page_mcids.append([])
        self._mcid = self._annots = 0
        self._open, self._last_index, self._form, self._last_role = "", -1, False, None

    def enter_form(self) -> None:
        """The page's items from here on are drawn in a form XObject laid over the page (a batch's
        brand overlay, generator.pdf.merge): their MCIDs count from 0 in the form's own stream."""
        self._page_count, self._mcid, self._form, self._last_role = self._mcid, 0, True, None

    def flush(self) -> None:
        """The page's items join the tree, by rank and then drawing order."""
        items = self._items
        if not items:
            return
        if self._ranked:
            items.sort(key=lambda entry: entry[0].order)  # stable: drawing order within a rank
        page = self._page
        by_mcid = self.page_mcids[page]
        by_mcid.extend([0] * (self._page_count if self._form else self._mcid))
        in_form = [0] * self._mcid if self._form else []
        if self._form:
            self.form_mcids[page] = in_form
        leaves, annot_parents, nodes = self._leaves, self.annot_parents, self.nodes
        parents, find_parent = self._parents, self._parent
        for role, mcid, annots in items:
            groups = role.groups
            found = parents.get(id(groups))  # items that share a groups tuple walk its chain once
            parent = found[1] if found is not None and found[0] is groups else find_parent(groups)
            key = role.key
            leaf = leaves.get((parent.number, role.tag, key)) if key else None
            if leaf is None:  # a new element (items with the same key are one: a paragraph in pieces)
                leaf = _Node(role.tag._value_, parent.number, len(nodes), role.alt, role.scope)
                nodes.append(leaf)
                parent.kids.append(leaf)
                if mcid >= 0 and role.printed:
                    leaf.printed = role.printed
                if key:
                    leaves[(parent.number, role.tag, key)] = leaf
                leaf.page = page
            if mcid >= 0:
                by_mcid[mcid] = leaf.number
                leaf.kids.append(mcid if leaf.page == page else ("mcr", page, mcid))
            elif mcid < -1:
                in_form[-2 - mcid] = leaf.number
                leaf.kids.append(("stm", page, -2 - mcid))
            if annots:
                for n in annots:
                    annot_parents.append((page, n, leaf.number))
                    leaf.kids.append(("annot", page, n))
        self._items, self._ranked = [], False

    def _role(self, item: Item) -> Role:
        role = item.role
        if role.tag is _FIGURE and not role.alt and isinstance(item, Image):
            role = Role(Tag.FIGURE, role.groups, alt=item.alt, order=role.order)
        return role

    def _node(self, tag: str, parent: _Node, alt: str = "", scope: str = "") -> _Node:
        made = _Node(tag, parent.number, len(self.nodes), alt, scope)
        self.nodes.append(made)
        parent.kids.append(made)
        return made

    def _parent(self, groups: tuple) -> _Node:
        """The innermost element of a chain of groups, made where it is new (flush looks in
        _parents first, for a groups tuple it has seen)."""
        parent, children = self.root, self._children
        for g in groups:
            key = (parent.number, g.tag._value_, g.key, g.scope)
            child = children.get(key)
            if child is None:
                child = children[key] = self._node(g.tag._value_, parent, scope=g.scope)
            parent = child
        self._parents[id(groups)] = (groups, parent)
        return parent

    def begin(self, item: Item, index: int) -> str:
        """The operators that close the sequence before (where it is another) and open the item's.

        A content item's sequence ends where the next item's begins (or the page's last sequence
        ends, by `close`): nothing is drawn between them, so one call per item is enough."""
        role = item.role
        tag = role.tag
        if tag is _PAGINATION or tag is _ARTIFACT or (role.printed and self.fillable):
            # a printed form box is an artifact where its widget is drawn
            op = _PAGINATION_BEGIN if tag is _PAGINATION else _ARTIFACT_BEGIN
            if self._open is op:
                return ""
            before = "EMC\n" if self._open else ""
            self._open, self._last_role = op, None
            return before + op
        if role is self._last_role and self._open:
            # the next piece of one keyed element drawn straight after its last: the same sequence
            self._last_index = index
            return ""
        before = "EMC\n" if self._open else ""
        self._last_role = role if role.key else None
        if tag is _FIGURE:
            role = self._role(item)
        if role.order:
            self._ranked = True
        mcid = self._mcid
        self._mcid = mcid + 1
        self._items.append([role, -2 - mcid if self._form else mcid, None])
        self._last_index = index
        self._open = op = f"/{_MARK[tag]} <</MCID {mcid}>> BDC\n"
        return before + op

    def close(self) -> str:
        """The operators that end the page's last sequence."""
        before, self._open, self._last_role = ("EMC\n" if self._open else ""), "", None
        return before

    def annotation(self, item: Item, index: int) -> None:
        """The item just drawn (a link) or about to be (a widget) made one annotation on the page."""
        n = self._annots
        self._annots += 1
        if self._last_index == index:  # a link: the text item just begun
            entry = self._items[-1]
            if entry[2] is None:
                entry[2] = []
            entry[2].append(n)
        else:  # a widget: an entry of its own
            self._last_role = None
            role = self._role(item)
            if role.order:
                self._ranked = True
            self._items.append([role, -1, [n]])
        self._last_index = -1

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


def structure(tagger: Tagger) -> _Node:
    """The document's element tree (its root), once every page has been drawn."""
    tagger.flush()
    return tagger.root


# --- writing it into the file -------------------------------------------------------------------


def finish(data: bytes, tagger: Tagger, plan: PlanDocument, author: str, creator: str, epoch: int) -> bytes:
    """The saved ReportLab file with its structure tree, metadata, form font and clean fonts.

    ReportLab's files are simple (a classic xref table, no object streams), so the new objects
    are written as text beside the old ones: much quicker than a round trip through a PDF library.
    Dictionaries (the tree's hundreds of elements among them) go into compressed object streams.
    """
    return finish_document(parse(data), tagger, plan, author, creator, epoch)


def finish_document(
    doc: ParsedPdf,
    tagger: Tagger,
    plan: PlanDocument,
    author: str,
    creator: str,
    epoch: int,
    forms: dict[int, int] | None = None,
) -> bytes:
    """finish, for a document already read (a batch's template with its brand overlay laid over
    it: forms gives the form object drawn on each overlaid page, whose MCIDs the tagger counted
    apart, by Tagger.enter_form)."""
    forms = forms or {}
    fonts = [number for number in sorted(doc.objects) if b"/Type /Font" in doc.objects[number]]
    _clean_to_unicode(doc, fonts)
    _form_font(doc, fonts)
    pages = doc.pages
    page_refs = [b"%d 0 R" % page for page in pages]
    annots = [doc.annots(page) for page in pages]
    root_number = doc.allocate()
    structure(tagger)
    nodes = tagger.nodes
    base = doc.allocate(len(nodes))  # element n is object base + n
    objects = doc.objects
    refs = [b"%d 0 R" % number for number in range(base, base + len(nodes))]
    alts: dict[str, bytes] = {}  # many boxes share one accessible name
    printed: dict[str, bytes] = {}  # ... and one attribute dictionary per kind of printed box
    root_ref = b"%d 0 R" % root_number
    # written compactly (delimiters need no spaces): a tree is hundreds of these, and every byte is packed
    one_kid, kid_array = b"<</S/%s/P %s%s/K %s>>", b"<</S/%s/P %s%s/K[%s]>>"

    def kid_bytes(kid) -> bytes:
        kind = type(kid)
        if kind is _Node:
            return refs[kid.number]
        if kind is int:
            return b"%d" % kid
        if kid[0] == "mcr":
            return b"<</Type/MCR/Pg %s/MCID %d>>" % (page_refs[kid[1]], kid[2])
        if kid[0] == "stm":  # content in the page's overlay form
            return b"<</Type/MCR/Pg %s/Stm %d 0 R/MCID %d>>" % (page_refs[kid[1]], forms[kid[1]], kid[2])
        return b"<</Type/OBJR/Obj %d 0 R/Pg %s>>" % (annots[kid[1]][kid[2]], page_refs[kid[1]])

    for node in nodes:
        extra = b"/Pg " + page_refs[node.page] if node.page >= 0 else b""  # /Type /StructElem is optional
        if node.alt:
            alt = alts.get(node.alt)
            if alt is None:
                alt = alts[node.alt] = b"/Alt" + pdf_string(node.alt)
            extra += alt
        if node.scope:
            extra += b"/A<</O/Table/Scope/%s>>" % node.scope.encode()
        if node.printed:  # a form printed for pen and paper: its kind, in place of a widget
            attribute = printed.get(node.printed)
            if attribute is None:
                attribute = printed[node.printed] = b"/A<</O/PrintField/Role/%s>>" % node.printed.encode()
            extra += attribute
        kids = node.kids
        if len(kids) == 1:  # most elements: one MCID, or one element
            kid = kids[0]
            objects[base + node.number] = one_kid % (
                node.tag.encode(),
                refs[node.parent] if node.parent >= 0 else root_ref,
                extra,
                b"%d" % kid if type(kid) is int else kid_bytes(kid),
            )
        else:
            objects[base + node.number] = kid_array % (
                node.tag.encode(),
                refs[node.parent] if node.parent >= 0 else root_ref,
                extra,
                b" ".join([kid_bytes(kid) for kid in kids]),
            )
    nums = []
    for page, by_mcid in enumerate(tagger.page_mcids):
        if by_mcid:
            doc.add_keys(pages[page], b"/StructParents %d" % page)
            nums.append(b"%d [ %s ]" % (page, b" ".join([refs[element] for element in by_mcid])))
    key = len(pages)
    for page, n, element in tagger.annot_parents:
        annot = annots[page][n]
        extra = b"/StructParent %d" % key
        body = objects[annot]
        if b"/Subtype /Link" in body and b"/Contents" not in body:
            uri = re.search(rb"/URI \((.*?)(?<!\\)\)", body)
            if uri:
                extra += b" /Contents " + pdf_string("Link to " + uri.group(1).decode("latin-1"))
        doc.add_keys(annot, extra)
        nums.append(b"%d %s" % (key, refs[element]))
        key += 1
    for page, by_mcid in sorted(tagger.form_mcids.items()):  # an overlay form's MCIDs, like a page's
        if by_mcid:
            doc.add_keys(forms[page], b"/StructParents %d" % key)
            nums.append(b"%d [ %s ]" % (key, b" ".join([refs[element] for element in by_mcid])))
            key += 1
    for page, found in zip(pages, annots):
        if found:
            doc.add_keys(page, b"/Tabs /S")
    parent_tree = doc.allocate()
    objects[parent_tree] = b"<< /Nums [ " + b"\n".join(nums) + b" ] >>"
    objects[root_number] = b"<< /Type /StructTreeRoot /K [ %d 0 R ] /ParentTree %d 0 R /ParentTreeNextKey %d >>" % (
        base,
        parent_tree,
        key,
    )
    metadata = doc.allocate()
    body = xmp(plan, author, creator, epoch)
    objects[metadata] = b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream" % (len(body), body)
    doc.add_keys(
        doc.root,
        b"/MarkInfo << /Marked true >> /StructTreeRoot %d 0 R /Metadata %d 0 R" % (root_number, metadata),
    )
    if b"/Lang" not in objects[doc.root]:
        doc.add_keys(doc.root, b"/Lang " + pdf_string(plan.language))
    return doc.write_packed()


def _xml_text(text: str) -> str:
    """Text for XML content and attributes (xml.sax.saxutils.escape would import urllib and http,
    16 ms a process)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def pdf_string(text: str) -> bytes:
    """A PDF text string: literal when ASCII, otherwise UTF-16BE with its byte order mark."""
    if text.isascii():
        return b"(" + text.encode("ascii").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def xmp(plan: PlanDocument, author: str, creator: str, epoch: int) -> bytes:
    """XMP metadata with the title and the PDF/UA-1 identification; dates from epoch, never the clock."""
    import time

    date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))
    e = _xml_text
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


def _clean_to_unicode(doc: ParsedPdf, fonts: list[int]) -> None:
    """ReportLab maps a subset's unused codes to U+0000; readers (and PDF/UA) want them left out."""
    for number in fonts:
        body = doc.objects[number]
        if b"/ToUnicode" not in body:
            continue
        cmap = int(_find(rb"/ToUnicode (\d+) 0 R", body).group(1))
        doc.objects[cmap] = _clean_cmap(doc.objects[cmap])


@lru_cache(maxsize=256)
def _clean_cmap(body: bytes) -> bytes:
    """A ToUnicode stream object without its U+0000 entries (the same subsets recur file after file)."""
    _, text = _stream(body)
    return _flate(_rewrite_cmap(text)) if b"<0000>" in text else body


def _flate(data: bytes, extra: bytes = b"") -> bytes:
    packed = deflate(data)
    return b"<< /Filter /FlateDecode /Length %d%s >>\nstream\n%s\nendstream" % (len(packed), extra, packed)


def _rewrite_cmap(text: bytes) -> bytes:
    """Drop the bfchar entries that map to U+0000 and correct each block's count."""

    def block(m: re.Match) -> bytes:
        entries = [line for line in m.group(2).splitlines(keepends=True) if not _UNUSED.fullmatch(line)]
        if not entries:
            return b""
        return b"%d beginbfchar\n" % len(entries) + b"".join(entries) + b"endbfchar\n"

    return re.sub(rb"(\d+) beginbfchar\r?\n(.*?)endbfchar\r?\n", block, text, flags=re.S)


def _form_font(doc: ParsedPdf, fonts: list[int]) -> None:
    """Typed answers in Atkinson Hyperlegible: ReportLab's form font (/Helv, Helvetica, not embedded)
    becomes the embedded font under the same resource name, in /DR and every appearance stream."""
    shared = None  # (descriptor, widths): one font program however many appearance streams use it
    for number in fonts:
        body = doc.objects[number]
        if not (b"/BaseFont /Helvetica" in body and b"/Name /Helv" in body):
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
    """The regular face's whole program, WinAnsi widths and metrics, from the font ReportLab has
    already read for the page text (fontTools would cost 40 ms a process to read them again)."""
    from reportlab.pdfbase import pdfmetrics

    from generator.fonts import Fonts, _main_path

    face = pdfmetrics.getFont(Fonts.shared().names["regular"]).face
    widths = []
    for code in range(32, 256):
        char = bytes([code]).decode("cp1252", errors="ignore")
        widths.append(round(face.charWidths.get(ord(char), face.defaultWidth) if char else face.defaultWidth))
    name = face.name.decode("ascii") if isinstance(face.name, bytes) else str(face.name)
    metrics = {
        "name": name or "AtkinsonHyperlegible-Regular",
        "bbox": [round(v) for v in face.bbox],
        "ascent": round(face.ascent),
        "descent": round(face.descent),
        "cap": round(face.capHeight),
    }
    program = _main_path("regular").read_bytes()
    return _flate(program, b" /Length1 %d" % len(program)), widths, metrics
