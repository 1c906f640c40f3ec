"""Tagged PDF (PDF/UA-1) for the screen and office editions: structure from the plans' roles.

While the pages are drawn, the Tagger hands out marked-content operators around every item
(an MCID for content, /Artifact for decoration and pagination) and remembers which element each
MCID, widget and link belongs to. `finish_document` then writes what ReportLab cannot: the structure
tree and its ParentTree, /StructParents, /Tabs, XMP metadata, the form font and clean ToUnicode
maps. Products never see any of this; they only give their items roles.
"""

from __future__ import annotations

import re
from functools import lru_cache

from generator.pdf.objects import ParsedPdf, deflate, pdf_string
from generator.pdf.objects import find as _find
from generator.pdf.objects import stream_data as _stream
from generator.plan import Field, Image, Item, PlanDocument, Role, Tag, TextItem

_FIGURE, _PAGINATION, _ARTIFACT, _LBL, _LINK = Tag.FIGURE, Tag.PAGINATION, Tag.ARTIFACT, Tag.LBL, Tag.LINK
# the marked-content tag of an element's content
# (no line end: ReportLab writes one after each literal)
_ARTIFACT_BEGIN, _PAGINATION_BEGIN = "/Artifact BMC", "/Artifact <</Type /Pagination>> BDC"
_MARK = {tag: "Span" if tag in (Tag.LINK, Tag.FORM) else tag.value for tag in Tag}


class _Node:
    """One structure element: its kids are elements, MCIDs on its own page (int) or
    ("mcr" | "annot", page, n); number counts from 0 in the order elements are made, and parent
    is its parent's number (-1 for the root): no reference cycles, so a finished tree is freed
    at once instead of waiting for the cycle collector."""

    __slots__ = ("tag", "parent", "alt", "scope", "printed", "number", "page", "kids")

    def __init__(
        self, tag: str, parent: int, number: int, alt: str = "", scope: str = "", printed: str = "", page: int = -1
    ) -> None:
        self.tag, self.parent, self.number, self.alt, self.scope = tag, parent, number, alt, scope
        self.printed = printed
        self.page = page  # the page of its first content: its /Pg
        self.kids: list = []


class Tagger:
    """Marked-content operators for each item of a page, and the element each belongs to.

    Before a page is drawn, `page` works out in one tight loop what every item takes: its
    operators (an MCID for content, /Artifact for decoration and pagination) and its place in the
    structure tree, in reading order: items are read by (order, drawing order). Doing it a page at
    a time, rather than between ReportLab's drawing calls, keeps the tree's dictionaries in the
    CPU's caches. Decoration drawn in a row (a page's boxes and rules) shares one artifact
    sequence, and pieces of one keyed element drawn in a row share one MCID: fewer operators to
    write and to read, the same meaning.
    """

    def __init__(self, fillable: bool = False) -> None:
        self.fillable = fillable  # widgets are drawn (and printed boxes where they stand are artifacts)
        self.root = _Node("Document", -1, 0)
        self.nodes = [self.root]  # parents before their kids
        self.page_mcids: list[list[int]] = []  # per page: the element of each MCID
        self.annot_parents: list[tuple[int, int, int]] = []  # (page, annotation, element)
        self.widgets: dict[int, list[int]] = {}  # page -> which of its annotations are widgets (generator.pdf.fields)
        self.spaced: dict[int, tuple[bool, ...]] = {}  # the last page's wrapped texts: which lines end with a space
        self.links: list[int] = []  # the last page's items that have a link annotation (a Link role's href)
        self._children: dict[tuple, _Node] = {}  # (parent, group) -> the group's element
        self._leaves: dict[tuple, _Node] = {}  # (parent, tag, key) -> the element of keyed items
        self._parents: dict[tuple, _Node] = {(): self.root}  # a chain of groups -> its innermost element

    def page(self, items, first_mcid: int = 0) -> list[str]:
        """The operators to write before each of a page's items (and, last, after them all), as
        the page is drawn in this order; the items join the tree. first_mcid: the first MCID, where
        the page's own content already has that many (a batch's brand, drawn apart and painted over
        a template page by generator.pdf.merge with these operators around each of its forms).

        A content item's sequence ends where the next item's begins (or the page ends): nothing
        is drawn between them. Each annotation (a link over its text, a widget) is numbered in
        drawing order, as ReportLab adds them to the page."""
        fillable = self.fillable
        ops = [""] * (len(items) + 1)
        self.spaced = spaced = {}  # item index -> which of its lines end with a space (render's pen.text)
        self.links = links = []  # the items with a link annotation, in drawing order
        # the page's [role, MCID, annotations or None] in drawing order; the MCID is -1 for none
        # (a widget)
        entries: list[list] = []
        ranked = False  # an item is read out of drawing order
        mcid, annots = first_mcid, 0
        open_ = ""  # the sequence open since the last item began: its BMC/BDC line, or ""
        last_role = None  # the keyed role of the open sequence: its next pieces share it
        for index, item in enumerate(items):
            if type(item) is Field:  # (its role is not even looked at where it is not drawn)
                if fillable:  # a widget: an entry of its own
                    role = self._role(item)
                    ranked = ranked or bool(role.order)
                    entries.append([role, -1, [annots]])
                    self.widgets.setdefault(len(self.page_mcids), []).append(annots)
                    annots += 1
                    last_role = None
                continue
            role = item.role
            tag = role.tag
            if tag is _PAGINATION or tag is _ARTIFACT or (role.printed and fillable):
                # a printed form box is an artifact where its widget is drawn
                op = _PAGINATION_BEGIN if tag is _PAGINATION else _ARTIFACT_BEGIN
                if open_ is not op:
                    ops[index] = "EMC\n" + op if open_ else op
                    open_ = op
                last_role = None
                continue
            if role is last_role and open_:
                entry = entries[-1]  # the next piece of one keyed element drawn straight after its last
            else:
                before = "EMC\n" if open_ else ""
                last_role = role if role.key else None
                if tag is _FIGURE:
                    role = self._role(item)
                if role.order:
                    ranked = True
                entry = [role, mcid, None]
                entries.append(entry)
                open_ = f"/{_MARK[tag]} <</MCID {mcid}>> BDC"
                mcid += 1
                ops[index] = before + open_
            if type(item) is not TextItem:
                continue
            lines = item.lines
            if len(lines) == 1:  # most text: one line, ending with a space where its element reads on
                if role.key or tag is _LBL:
                    text = lines[0].runs[-1].text
                    spaced[index] = _SPACED if text[-1:] not in _BREAKS else (not ends_in_address(text),)
            else:
                spaced[index] = self.spaced_lines(item)
            if tag is _LINK and role.href:  # its link annotation, drawn by generator.pdf.render
                if entry[2] is None:
                    entry[2] = []
                entry[2].append(annots)
                annots += 1
                links.append(index)
        if open_:
            ops[-1] = "EMC"
        self._join(entries, ranked, mcid)
        return ops

    def _join(self, entries: list[list], ranked: bool, count: int) -> None:
        """A page's entries join the tree, by rank and then drawing order: `count` MCIDs."""
        if ranked:
            entries.sort(key=lambda entry: entry[0].order)  # stable: drawing order within a rank
        page = len(self.page_mcids)
        by_mcid = [0] * count
        self.page_mcids.append(by_mcid)
        leaves, annot_parents, nodes = self._leaves, self.annot_parents, self.nodes
        parents, find_parent = self._parents, self._parent
        for role, mcid, annots in entries:
            parent = parents.get(role.groups)  # items in one chain of groups walk it once
            if parent is None:
                parent = find_parent(role.groups)
            key = role.key
            if key:
                key = (parent.number, role.tag, key)
                leaf = leaves.get(key)
            else:
                leaf = None
            if leaf is None:  # a new element (items with the same key are one: a paragraph in pieces)
                leaf = _Node(
                    role.tag._value_,
                    parent.number,
                    len(nodes),
                    role.alt,
                    role.scope,
                    role.printed if mcid >= 0 else "",
                    page,
                )
                nodes.append(leaf)
                parent.kids.append(leaf)
                if key:
                    leaves[key] = leaf
            if mcid >= 0:
                by_mcid[mcid] = leaf.number
                leaf.kids.append(mcid if leaf.page == page else ("mcr", page, mcid))
            if annots:
                for n in annots:
                    annot_parents.append((page, n, leaf.number))
                    leaf.kids.append(("annot", page, n))

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
        """The innermost element of a chain of groups, made where it is new (_join looks in
        _parents first, for a chain it has seen): the element of the chain's outer groups, then
        its last group's element in that one."""
        outer = groups[:-1]
        parent = self._parents.get(outer) or self._parent(outer)  # () -> the root
        last = groups[-1]
        key = (parent.number, last)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = self._node(last.tag._value_, parent, scope=last.scope)
        self._parents[groups] = child
        return child

    def spaced_lines(self, item: TextItem) -> tuple[bool, ...]:
        """Which lines end with a space: all but the last, and the last too where the element
        reads on into another piece (a list label, a heading drawn in two parts); never a line
        that breaks a web address ("Read the full document: q.health.org.uk/" + "q-improvement-lab")."""
        lines = item.lines
        n = len(lines)
        role = item.role
        last = n if role.key or role.tag is _LBL else n - 1
        if last <= 0:
            return ()
        if last == 1:  # most items: one line of a keyed element, or two lines
            first = not ends_in_address(lines[0].runs[-1].text)
            return (first,) if n == 1 else (first, False)
        return tuple([i < last and not ends_in_address(line.runs[-1].text) for i, line in enumerate(lines)])


_BREAKS = "/.-?&=_"  # where the layout may break a web address
_SPACED: tuple[bool, ...] = (True,)  # one line that ends with a space


def ends_in_address(text: str) -> bool:
    """Whether a line ends part-way through a web address (broken after its punctuation): the
    next line carries on without a space."""
    if text[-1:] not in _BREAKS:
        return False
    token = text.rsplit(" ", 1)[-1]
    return "/" in token or "www." in token or "@" in token


def structure(tagger: Tagger) -> _Node:
    """The document's element tree (its root), once every page has been drawn."""
    return tagger.root


# --- writing it into the file -------------------------------------------------------------------


def finish_document(
    doc: ParsedPdf,
    tagger: Tagger,
    plan: PlanDocument,
    author: str,
    creator: str,
    epoch: int,
) -> bytes:
    """The document ReportLab drew (generator.pdf.rl.save_objects; in a batch, its template with
    the brand laid over it) as a file, with its structure tree, metadata, form font and clean
    fonts. Its objects are plain text, so the new ones are written beside them: much quicker than
    a round trip through a PDF library. Dictionaries (the tree's hundreds of elements among them)
    go into compressed object streams."""
    fonts = [number for number in sorted(doc.objects) if b"/Type /Font" in doc.objects[number]]
    _clean_to_unicode(doc, fonts)
    pages = doc.pages
    page_refs = [b"%d 0 R" % page for page in pages]
    # each annotation's key in the ParentTree: after the pages', in the order they were drawn
    annot_keys = {(page, n): len(pages) + i for i, (page, n, _) in enumerate(tagger.annot_parents)}
    if tagger.fillable:  # the widgets join the links the pages have, in drawing order, their keys in them
        from generator.pdf.fields import add_fields

        annots = add_fields(doc, plan, tagger.widgets, annot_keys)
    else:
        annots = [doc.annots(page) for page in pages]
    root_number = doc.allocate()
    structure(tagger)
    nodes = tagger.nodes
    base = doc.allocate(len(nodes))  # element n is object base + n
    objects = doc.objects
    refs = [b"%d 0 R" % number for number in range(base, base + len(nodes))]

    def attribute_object(attribute: bytes) -> bytes:
        """An attribute object, shared by every element with the same (hundreds of cells and boxes,
        a few kinds)."""
        number = doc.allocate()
        objects[number] = attribute
        return b"/A %d 0 R" % number

    root_ref = b"%d 0 R" % root_number
    on_page = [b"/Pg " + ref for ref in page_refs]
    # written compactly (delimiters need no spaces): a tree is hundreds of these, and every byte is packed
    heads: dict[str, bytes] = {}  # "<</S/Form/P " for each tag

    def kid_bytes(kid) -> bytes:
        kind = type(kid)
        if kind is _Node:
            return refs[kid.number]
        if kind is int:
            return b"%d" % kid
        if kid[0] == "mcr":
            return b"<</Type/MCR/Pg %s/MCID %d>>" % (page_refs[kid[1]], kid[2])
        return b"<</Type/OBJR/Obj %d 0 R/Pg %s>>" % (annots[kid[1]][kid[2]], page_refs[kid[1]])

    scopes: dict[str, bytes] = {}  # "Column" -> its attribute's "/A n 0 R"
    roles: dict[str, bytes] = {}  # "rb" -> its attribute's "/A n 0 R"
    tree: list[bytes] = []  # element n's dictionary: object base + n
    add = tree.append
    for node in nodes:
        head = heads.get(node.tag)
        if head is None:
            head = heads[node.tag] = b"<</S/" + node.tag.encode() + b"/P "
        extra = b"/Alt" + pdf_string(node.alt) if node.alt else b""
        if node.scope:
            scope = node.scope  # a header cell's
            extra += scopes.get(scope) or scopes.setdefault(
                scope, attribute_object(b"<</O/Table/Scope/%s>>" % scope.encode())
            )
        if node.printed:
            printed = node.printed  # a form printed for pen and paper: its kind, in place of a widget
            extra += roles.get(printed) or roles.setdefault(
                printed, attribute_object(b"<</O/PrintField/Role/%s>>" % printed.encode())
            )
        parent = refs[node.parent] if node.parent >= 0 else root_ref
        pg = on_page[node.page] if node.page >= 0 else b""  # /Type /StructElem is optional
        kids = node.kids
        if len(kids) != 1:
            listed = [refs[kid.number] if type(kid) is _Node else kid_bytes(kid) for kid in kids]
            add(b"%s%s%s%s/K[%s]>>" % (head, parent, pg, extra, b" ".join(listed)))
        elif type(kids[0]) is int:  # most elements: one MCID
            add(b"%s%s%s%s/K %d>>" % (head, parent, pg, extra, kids[0]))
        else:
            add(b"%s%s%s%s/K %s>>" % (head, parent, pg, extra, kid_bytes(kids[0])))
    nums = []
    for page, by_mcid in enumerate(tagger.page_mcids):
        if by_mcid:
            doc.add_keys(pages[page], b"/StructParents %d" % page)
            nums.append(b"%d [ %s ]" % (page, b" ".join([refs[element] for element in by_mcid])))
    widgets = {(page, n) for page, numbers in tagger.widgets.items() for n in numbers}
    for page, n, element in tagger.annot_parents:
        key = annot_keys[page, n]
        nums.append(b"%d %s" % (key, refs[element]))
        if (page, n) in widgets:
            continue  # written with its key (generator.pdf.fields)
        annot = annots[page][n]
        extra = b"/StructParent %d" % key
        body = objects[annot]
        if b"/Subtype /Link" in body and b"/Contents" not in body:
            uri = re.search(rb"/URI \((.*?)(?<!\\)\)", body)
            if uri:
                extra += b" /Contents " + pdf_string("Link to " + uri.group(1).decode("latin-1"))
        doc.add_keys(annot, extra)
    key = len(pages) + len(tagger.annot_parents)
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
    return doc.write_packed(run=(base, tree))


def _xml_text(text: str) -> str:
    """Text for XML content and attributes (xml.sax.saxutils.escape would import urllib and http,
    16 ms a process)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


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


def _flate(data: bytes) -> bytes:
    packed = deflate(data)
    return b"<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(packed), packed)


def _rewrite_cmap(text: bytes) -> bytes:
    """Drop the bfchar entries that map to U+0000 and correct each block's count."""

    def block(m: re.Match) -> bytes:
        entries = [line for line in m.group(2).splitlines(keepends=True) if not _UNUSED.fullmatch(line)]
        if not entries:
            return b""
        return b"%d beginbfchar\n" % len(entries) + b"".join(entries) + b"endbfchar\n"

    return re.sub(rb"(\d+) beginbfchar\r?\n(.*?)endbfchar\r?\n", block, text, flags=re.S)
