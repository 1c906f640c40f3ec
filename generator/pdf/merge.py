"""Lays a brand overlay over a shared template: two PDFs from our own press stage become one.

A batch draws what every edition shares once (the template) and only the brand per edition
(the overlay). Each overlay page becomes a Form XObject drawn on top of the template page, with
its own resources, so nothing in the template is touched but the page dictionaries. Both inputs
are ReportLab files with a classic xref table; this is not a general PDF tool.
"""

from __future__ import annotations

import re

from generator.pdf.objects import REF as _REF
from generator.pdf.objects import ParsedPdf
from generator.pdf.objects import find as _find

_SUBSET = re.compile(rb"/([A-Z]{6})\+")
FORM_NAME = b"BrandOverlay"


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
    return lay_over(template, overlay, page_map)[0].write()


def lay_over(template: ParsedPdf, overlay: ParsedPdf, page_map: dict[int, int]) -> tuple[ParsedPdf, dict[int, int]]:
    """The merged document, not yet written, and the form object drawn on each overlaid page
    (page index -> object number). An overlay page's annotations (a tagged brand's link) join
    the template page's, after its own."""
    shift = max(template.objects)
    renumber = lambda text: _REF.sub(lambda m: b"%d 0 R" % (int(m.group(1)) + shift), text)  # noqa: E731

    objects = dict(template.objects)
    wanted: list[int] = []
    forms: dict[int, int] = {}  # template page -> form object
    annotations: dict[int, list[int]] = {}  # template page -> the overlay's annotations on it
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
        forms[index] = content + shift
        objects[content + shift] = _rename_subsets(renumber(_dict_part(overlay_objects_form)[0])) + stream
        links = overlay.annots(overlay.pages[overlay_index])
        if links:
            wanted += links
            annotations[index] = [n + shift for n in links]
    # everything the forms' resources and the annotations reach: fonts, images, colour spaces
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
    for index, form_number in forms.items():
        page_number = template.pages[index]
        draw = b"q /" + FORM_NAME + b" Do Q"
        objects[next_number] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(draw) + 1, draw)
        objects[page_number] = _place(objects[page_number], form_number, next_number)
        next_number += 1
        if index in annotations:
            _annotate(objects, page_number, annotations[index])
    merged = ParsedPdf(template.header, objects, template.root, template.info, template.pages)
    return merged, forms


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
