"""Lays a brand overlay over a shared template: two PDFs from our own press stage become one.

A batch draws what every edition shares once (the template) and only the brand per edition
(the overlay). Each overlay page becomes a Form XObject drawn on top of the template page, with
its own resources, so nothing in the template is touched but the page dictionaries. Both inputs
are ReportLab files with a classic xref table; this is not a general PDF tool.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_REF = re.compile(rb"(?<![\d.])(\d+) 0 R(?![A-Za-z])")
_SUBSET = re.compile(rb"/([A-Z]{6})\+")
FORM_NAME = b"BrandOverlay"


@dataclass(frozen=True)
class ParsedPdf:
    header: bytes
    objects: dict[int, bytes]  # number -> what stands between "N 0 obj" and "endobj"
    root: int
    info: int
    pages: tuple[int, ...]


def _find(pattern: bytes, data: bytes, flags: int = 0) -> re.Match[bytes]:
    found = re.search(pattern, data, flags)
    if found is None:
        raise ValueError(f"not a ReportLab PDF: no {pattern.decode()}")
    return found


def parse(data: bytes) -> ParsedPdf:
    """Read a ReportLab PDF's objects through its xref table."""
    start = int(_find(rb"startxref\s+(\d+)\s+%%EOF\s*$", data).group(1))
    head = _find(rb"^xref\r?\n0 (\d+)\r?\n", data[start:])
    count, table = int(head.group(1)), start + head.end()
    offsets = {}
    for i in range(1, count):
        line = data[table + 20 * i : table + 20 * i + 20]
        if line[17:18] == b"n":
            offsets[i] = int(line[:10])
    trailer = data[table + 20 * count :]
    ordered = sorted(offsets.items(), key=lambda item: item[1])
    objects = {}
    for index, (number, offset) in enumerate(ordered):
        end = ordered[index + 1][1] if index + 1 < len(ordered) else start
        chunk = data[offset:end]
        label = b"%d 0 obj" % number
        if not chunk.startswith(label):
            raise ValueError(f"object {number} is not where the xref table says")
        objects[number] = chunk[len(label) : chunk.rindex(b"endobj")].strip(b"\r\n")
    root = int(_find(rb"/Root (\d+) 0 R", trailer).group(1))
    info = int(_find(rb"/Info (\d+) 0 R", trailer).group(1))
    pages_ref = int(_find(rb"/Pages (\d+) 0 R", objects[root]).group(1))
    kids = _find(rb"/Kids \[(.*?)\]", objects[pages_ref], re.S).group(1)
    pages = tuple(int(m.group(1)) for m in _REF.finditer(kids))
    return ParsedPdf(data[: min(offsets.values())], objects, root, info, pages)


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
    i, depth = text.index(b"<<", at), 0
    while i < len(text):
        if text.startswith(b"<<", i):
            depth, i = depth + 1, i + 2
        elif text.startswith(b">>", i):
            depth, i = depth - 1, i + 2
            if depth == 0:
                return text.index(b"<<", at), i
        else:
            i += 1
    raise ValueError("unbalanced dictionary")


def merge(template: ParsedPdf, overlay: ParsedPdf, page_map: dict[int, int]) -> bytes:
    """The template with overlay page page_map[i] drawn on top of template page i.

    One overlay document can serve several templates (all of an edition's products), so its
    fonts are subset once per edition.
    """
    shift = max(template.objects)
    renumber = lambda text: _REF.sub(lambda m: b"%d 0 R" % (int(m.group(1)) + shift), text)  # noqa: E731

    objects = dict(template.objects)
    wanted: list[int] = []
    forms: dict[int, int] = {}  # template page -> form object
    for index, overlay_index in sorted(page_map.items()):
        page = overlay.objects[overlay.pages[overlay_index]]
        content = int(_find(rb"/Contents (\d+) 0 R", page).group(1))
        span = _balanced(page, b"/Resources")
        resources = page[span[0] : span[1]] if span else b"<< >>"
        box = _find(rb"/MediaBox (\[[^\]]*\])", page).group(1)
        head, stream = _dict_part(overlay.objects[content])
        form = head.replace(
            b"<<", b"<< /Type /XObject /Subtype /Form /BBox " + box + b" /Resources " + resources + b" ", 1
        )
        overlay_objects_form = form + stream
        wanted += [int(m.group(1)) for m in _REF.finditer(resources)]
        forms[template.pages[index]] = content + shift
        objects[content + shift] = _rename_subsets(renumber(_dict_part(overlay_objects_form)[0])) + stream
    # everything the forms' resources reach: fonts, images, colour spaces
    seen: set[int] = set()
    while wanted:
        number = wanted.pop()
        if number in seen:
            continue
        seen.add(number)
        head, stream = _dict_part(overlay.objects[number])
        wanted += [int(m.group(1)) for m in _REF.finditer(head)]
        objects[number + shift] = _rename_subsets(renumber(head)) + stream
    next_number = max(objects) + 1
    for page_number, form_number in forms.items():
        draw = b"q /" + FORM_NAME + b" Do Q"
        objects[next_number] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(draw) + 1, draw)
        objects[page_number] = _place(objects[page_number], form_number, next_number)
        next_number += 1
    return _write(template, objects)


def _place(page: bytes, form: int, invoke: int) -> bytes:
    """The template page dictionary, drawing the form after its own content."""
    page = re.sub(
        rb"/Contents (\d+) 0 R", lambda m: b"/Contents [ %s 0 R %d 0 R ]" % (m.group(1), invoke), page, count=1
    )
    entry = b"/" + FORM_NAME + b" %d 0 R" % form
    span = _balanced(page, b"/Resources")
    if span is None:
        raise ValueError("a template page without resources")
    resources = page[span[0] : span[1]]
    if b"/XObject <<" in resources:
        resources = resources.replace(b"/XObject <<", b"/XObject << " + entry, 1)
    else:
        resources = b"<< /XObject << " + entry + b" >> " + resources[2:]
    return page[: span[0]] + resources + page[span[1] :]


def _rename_subsets(text: bytes) -> bytes:
    """Overlay font subsets get their own tag (ZAAAAA+...), never the template's (AAAAAA+...)."""
    return _SUBSET.sub(lambda m: b"/Z" + m.group(1)[1:] + b"+", text)


def _write(template: ParsedPdf, objects: dict[int, bytes]) -> bytes:
    out = bytearray(template.header)
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    digest = hashlib.md5(bytes(out)).hexdigest().encode()  # noqa: S324 - a file identifier, not security
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += (b"%010d 00000 n \n" % offsets[number]) if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<<\n/ID [<%s><%s>]\n/Info %d 0 R\n/Root %d 0 R\n/Size %d\n>>\nstartxref\n%d\n%%%%EOF\n" % (
        digest,
        digest,
        template.info,
        template.root,
        size,
        xref,
    )
    return bytes(out)
