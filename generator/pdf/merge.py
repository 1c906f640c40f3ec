"""Lays a brand overlay over a shared template: two PDFs from our own press stage become one.

A batch draws what every edition shares once (the template) and only the brand per edition
(the overlay). Each overlay page becomes a Form XObject drawn on top of the template page, with
its own resources, so nothing in the template is touched but the page dictionaries. Both inputs
are ReportLab files with a classic xref table; this is not a general PDF tool.
"""

from __future__ import annotations

import re

from generator.pdf.objects import REF as _REF
from generator.pdf.objects import ParsedPdf, deflate, stream_data
from generator.pdf.objects import find as _find

_SUBSET = re.compile(rb"/([A-Z]{6})\+")
_FONT_ENTRY = re.compile(rb"/(F\d+\+\d+) (\d+) 0 R")
_BFCHAR = re.compile(rb"beginbfchar\r?\n(.*?)endbfchar", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>")
_TEMPLATE_REF = re.compile(rb"(\d+) 0 T\b")
FORM_NAME = b"BrandOverlay"
_BRACKETS = re.compile(rb"<<|>>")
_LENGTH = re.compile(rb"/Length \d+")


def _dict_part(body: bytes) -> tuple[bytes, bytes]:
    """(dictionary text, stream part) of an object body."""
    at = body.find(b"stream\n") if body.startswith(b"<<") else -1
    if at < 0 or not body.rstrip().endswith(b"endstream"):
        return body, b""
    return body[:at], body[at:]


def _balanced(text: bytes, key: bytes) -> tuple[int, int] | None:
    """Start and end of the dictionary that follows `key` in text."""
    at = text.find(key + b" <<")
    if at < 0:
        return None
    start, depth = text.index(b"<<", at), 0
    for bracket in _BRACKETS.finditer(text, start):  # from one << or >> to the next
        depth += 1 if bracket.group() == b"<<" else -1
        if depth == 0:
            return start, bracket.end()
    raise ValueError("unbalanced dictionary")


def merge(template: ParsedPdf, overlay: ParsedPdf, page_map: dict[int, int]) -> bytes:
    """The template with overlay page page_map[i] drawn on top of template page i.

    One overlay document can serve several templates (all of an edition's products), so its
    fonts are subset once per edition.
    """
    return lay_over(template, overlay, {i: [j] for i, j in page_map.items()}).write()


def lay_over(
    template: ParsedPdf,
    overlay: ParsedPdf,
    page_map: dict[int, list[int]],
    marks: dict[int, list[str]] | None = None,
) -> ParsedPdf:
    """The merged document, not yet written: over template page i, overlay pages page_map[i] in
    order, each painted as a form. marks (tagged output): for each such page, the marked-content
    operators before each brand item and after the last; each item is then a form of its own,
    cut from the overlay page where its drawing marked the items (generator.pdf.render.BRAND_ITEM),
    and painted inside its marks, so the brand is tagged on the page itself (a form holding MCIDs
    of its own is valid PDF, but pdf.js reads MCIDs as the page's and dropped the brand from
    Firefox's accessibility tree). An overlay page's annotations (a tagged brand's link) join the
    template page's, after its own, in order."""
    shift = max(template.objects)
    renumber = lambda text: _REF.sub(lambda m: b"%d 0 R" % (int(m.group(1)) + shift), text)  # noqa: E731

    objects = dict(template.objects)
    wanted: list[int] = []
    forms: dict[int, list[int]] = {}  # overlay page -> its form objects (one an item, where marked)
    spare = shift + max(overlay.objects) + 1  # numbers for the forms cut from a page after its first
    annotations: dict[int, list[int]] = {}  # template page -> the overlay's annotations on it
    used = sorted({j for painted in page_map.values() for j in painted})
    shared = _shared_fonts(template, overlay, used)
    for overlay_index in used:
        page = overlay.objects[overlay.pages[overlay_index]]
        content = int(_find(rb"/Contents (\d+) 0 R", page).group(1))
        span = _balanced(page, b"/Resources")
        resources = page[span[0] : span[1]] if span else b"<< >>"
        box = _find(rb"/MediaBox (\[[^\]]*\])", page).group(1)
        head, stream = _dict_part(overlay.objects[content])
        resources = _template_fonts(resources, shared)
        form = head.replace(
            b"<<", b"<< /Type /XObject /Subtype /Form /BBox " + box + b" /Resources " + resources + b" ", 1
        )
        wanted += [int(m.group(1)) for m in _REF.finditer(resources)]
        head = _TEMPLATE_REF.sub(rb"\1 0 R", _rename_subsets(renumber(_dict_part(form + stream)[0])))
        if marks is None:
            forms[overlay_index] = [content + shift]
            objects[content + shift] = head + stream
            continue
        numbers = forms[overlay_index] = []
        for piece in _items(stream_data(overlay.objects[content])[1]):
            packed = deflate(piece, 1)
            number = content + shift if not numbers else spare
            spare += number != content + shift
            numbers.append(number)
            objects[number] = _LENGTH.sub(b"/Length %d" % len(packed), head, count=1) + (
                b"stream\n%s\nendstream" % packed
            )
    for index, painted in page_map.items():
        for overlay_index in painted:
            links = overlay.annots(overlay.pages[overlay_index])
            if links:
                wanted += links
                annotations.setdefault(index, []).extend(n + shift for n in links)
    # everything the forms' resources and the annotations reach: fonts, images, colour spaces
    seen: set[int] = set()
    while wanted:
        number = wanted.pop()
        if number in seen:
            continue
        seen.add(number)
        head, stream = _dict_part(overlay.objects[number])
        head = _template_fonts(head, shared)  # ReportLab's font dictionary is an object of its own
        wanted += [int(m.group(1)) for m in _REF.finditer(head)]
        objects[number + shift] = _TEMPLATE_REF.sub(rb"\1 0 R", _rename_subsets(renumber(head))) + stream
    next_number = max(objects) + 1
    for index, painted in sorted(page_map.items()):
        numbers = [number for j in painted for number in forms[j]]
        names = [FORM_NAME + b"%d" % k for k in range(len(numbers))]
        ops = marks.get(index) if marks else None
        if ops is not None and len(ops) != len(names) + 1:
            raise ValueError(f"page {index + 1}: {len(names)} brand items drawn, {len(ops) - 1} marked")
        if ops is None:
            draw = b"\n".join(b"q /" + name + b" Do Q" for name in names)
        else:  # each form inside its marks (an empty one: it carries on the sequence before it)
            parts = [part for op, name in zip(ops, names) for part in (op.encode("latin-1"), b"/" + name + b" Do")]
            draw = b"\n".join(part for part in (*parts, ops[-1].encode("latin-1")) if part)
        objects[next_number] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(draw) + 1, draw)
        page_number = template.pages[index]
        entries = b" ".join(b"/%s %d 0 R" % (name, number) for name, number in zip(names, numbers))
        objects[page_number] = _place(objects[page_number], entries, next_number)
        next_number += 1
        if index in annotations:
            _annotate(objects, page_number, annotations[index])
    return ParsedPdf(template.header, objects, template.root, template.info, template.pages)


def _items(data: bytes) -> list[bytes]:
    """A tagged overlay page's content cut into its items' drawings, each with what the page draws
    before its first item and after its last (its origin, saved and restored), so each is a whole
    content stream."""
    from generator.pdf.render import BRAND_END, BRAND_ITEM

    lines = data.split(b"\n")
    item, end = BRAND_ITEM.encode(), BRAND_END.encode()
    starts = [i for i, line in enumerate(lines) if line == item]
    last = lines.index(end)
    before, after = lines[: starts[0]] if starts else [], lines[last + 1 :]
    bounds = [*starts, last]
    return [b"\n".join(before + lines[a + 1 : b] + after) for a, b in zip(bounds, bounds[1:])]


def _annotate(objects: dict[int, bytes], page_number: int, added: list[int]) -> None:
    """Append annotations to a page's /Annots (an array in the page, or one it refers to, or none yet)."""
    refs = b" ".join(b"%d 0 R" % n for n in added)
    page = objects[page_number]
    inline = re.search(rb"/Annots \[", page)
    if inline:
        end = page.index(b"]", inline.end())
        objects[page_number] = page[:end] + b" " + refs + b" " + page[end:]
        return
    indirect = re.search(rb"/Annots (\d+) 0 R", page)
    if indirect:
        number = int(indirect.group(1))
        array = objects[number]
        objects[number] = array[: array.rindex(b"]")] + b" " + refs + b" ]"
        return
    at = page.index(b"<<") + 2
    objects[page_number] = page[:at] + b" /Annots [ " + refs + b" ]" + page[at:]


def _template_fonts(resources: bytes, shared: dict[int, int]) -> bytes:
    """The overlay's font resources with the template's fonts where they can stand in, marked
    "N 0 T" (renumbering leaves those alone; they become references once the form is written)."""

    def entry(m: re.Match[bytes]) -> bytes:
        number = int(m.group(2))
        return b"/%s %d 0 T" % (m.group(1), shared[number]) if number in shared else m.group(0)

    return _FONT_ENTRY.sub(entry, resources) if shared else resources


def _shared_fonts(template: ParsedPdf, overlay: ParsedPdf, pages: list[int]) -> dict[int, int]:
    """Overlay font -> the template font that can stand in for it on these overlay pages: the same
    face, and every code their text shows in it mapped to the same character. ReportLab puts the
    printable ASCII range in every first subset under its own codes, so a brand written in ASCII
    shares the template's fonts, and a batch edition carries one copy of each face, not two."""
    used = _used_codes(overlay, pages)
    if used is None:
        return {}
    theirs = _font_maps(template)
    shared = {}
    for number, (face, codes) in _font_maps(overlay).items():
        shown = {code: codes.get(code) for code in used.get(number, set())}
        if None in shown.values():
            continue
        for candidate, (their_face, their_codes) in theirs.items():
            if face == their_face and all(their_codes.get(code) == char for code, char in shown.items()):
                shared[number] = candidate
                break
    return shared


_SHOW = re.compile(rb"/(F\d+\+\d+) [\d.]+ Tf|\(((?:\\.|[^\\()])*)\) Tj|TJ|'|\"")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)
_ESCAPED = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _used_codes(overlay: ParsedPdf, pages: list[int]) -> dict[int, set[bytes]] | None:
    """Font object -> the codes (as hex, like the ToUnicode maps) the pages' text shows in it; None
    where the text is shown in a way this reader does not follow (then nothing is shared)."""
    used: dict[int, set[bytes]] = {}
    for index in pages:
        shown = _page_codes(overlay, index)
        if shown is None:
            return None
        for font, codes in shown.items():
            used.setdefault(font, set()).update(codes)
    return used


def _page_codes(overlay: ParsedPdf, index: int) -> dict[int, set[bytes]] | None:
    """_used_codes for one overlay page, read once (an edition's products share its overlay)."""
    memo = overlay.memo.setdefault("page codes", {})
    if index in memo:
        return memo[index]
    page = overlay.objects[overlay.pages[index]]
    font_dict = re.search(rb"/Font (\d+) 0 R", page)
    fonts = {
        m.group(1): int(m.group(2))
        for m in _FONT_ENTRY.finditer(overlay.objects[int(font_dict.group(1))] if font_dict else page)
    }
    content = int(_find(rb"/Contents (\d+) 0 R", page).group(1))
    used: dict[int, set[bytes]] = {}
    current = None
    for m in _SHOW.finditer(stream_data(overlay.objects[content])[1]):
        if m.group(1) is not None:
            current = fonts.get(m.group(1))
        elif m.group(2) is not None and current is not None:
            text = _ESCAPE.sub(_unescape, m.group(2))
            used.setdefault(current, set()).update(b"%02X" % c for c in text)
        else:  # TJ, ' or " (ReportLab does not write them for us), or text in no known font: never guess
            memo[index] = None
            return None
    memo[index] = used
    return used


def _unescape(m: re.Match[bytes]) -> bytes:
    escaped = m.group(1)
    if escaped[:1].isdigit():
        return bytes([int(escaped, 8) & 0xFF])
    return _ESCAPED.get(escaped, escaped)


def _font_maps(doc: ParsedPdf) -> dict[int, tuple[bytes, dict[bytes, bytes]]]:
    """Each subset font: (its face's name, code -> character), codes mapped to U+0000 left out.
    Read once per document (a batch's templates serve every edition)."""
    if "font maps" in doc.memo:
        return doc.memo["font maps"]
    maps = {}
    for number, body in doc.objects.items():
        if not body.startswith(b"<<") or b"/Type /Font" not in body or b"/ToUnicode" not in body:
            continue
        face = re.search(rb"/BaseFont /[A-Z]{6}\+(\S+)", body)
        cmap = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if face is None or cmap is None:
            continue
        _, text = stream_data(doc.objects[int(cmap.group(1))])
        codes = {
            code.upper(): uni.upper()
            for block in _BFCHAR.findall(text)
            for code, uni in _PAIR.findall(block)
            if int(uni, 16)
        }
        maps[number] = (face.group(1), codes)
    doc.memo["font maps"] = maps
    return maps


def _place(page: bytes, entries: bytes, invoke: int) -> bytes:
    """The template page dictionary, drawing the forms (its XObject entries) after its own content."""
    page = re.sub(
        rb"/Contents (\d+) 0 R", lambda m: b"/Contents [ %s 0 R %d 0 R ]" % (m.group(1), invoke), page, count=1
    )
    span = _balanced(page, b"/Resources")
    if span is None:
        raise ValueError("a template page without resources")
    resources = page[span[0] : span[1]]
    if b"/XObject <<" in resources:
        resources = resources.replace(b"/XObject <<", b"/XObject << " + entries, 1)
    else:
        resources = b"<< /XObject << " + entries + b" >> " + resources[2:]
    return page[: span[0]] + resources + page[span[1] :]


def _rename_subsets(text: bytes) -> bytes:
    """Overlay font subsets get their own tag (ZAAAAA+...), never the template's (AAAAAA+...)."""
    return _SUBSET.sub(lambda m: b"/Z" + m.group(1)[1:] + b"+", text)
