"""Form fields for fillable output, written as PDF objects once ReportLab has saved the pages.

ReportLab's AcroForm builds each widget as nested Python objects and formats them one call per
key when it saves: 45 ms of a 68 ms fillable worksheet pack (272 widgets). Here each field is a
few bytes from a template: the same names, kinds, export values, tooltips and rectangles, one
appearance stream for each distinct box (ticks share theirs), typed answers in the embedded
Atkinson Hyperlegible (never an unembedded Helvetica), and no field drawn on the page itself, so
the printed look is the same with and without fields. The tagger (generator.pdf.tags) gives each
widget its place in the structure tree.
"""

from __future__ import annotations

from functools import lru_cache

from generator.pdf.objects import ParsedPdf, deflate, pdf_string
from generator.plan import Field, PlanDocument
from generator.units import mm_to_pt

FORM_FONT = b"Helv"  # the resource name of typed answers' font (what viewers expect of a form)
ANSWER_RGB = b".1 .1 .1"  # typed answers and ticks: near-black, as ReportLab's forms had them
_RADIO_FLAGS = 49152  # radio (bit 16) and no toggle to off (bit 15): one of the group stays chosen
_MULTILINE_FLAG = 4096  # bit 13
_PRINT = 4  # annotation flag: printed with the page


def add_fields(
    doc: ParsedPdf,
    plan: PlanDocument,
    widget_numbers: dict[int, list[int]] | None,
    struct_parents: dict[tuple[int, int], int] | None = None,
) -> list[list[int]]:
    """Write the plan's fields into doc and its /AcroForm; returns each page's annotations in the
    order they were drawn: the file's own (links) and the new widgets, which the page's /Annots
    then lists in that order.

    widget_numbers: for each page, the places among its annotations (counted in drawing order)
    that are widgets, as generator.pdf.tags.Tagger counted them; None where the file has no
    other annotations (untagged output has no links). struct_parents: (page, annotation) -> the
    widget's /StructParent key in tagged output."""
    objects, pages = doc.objects, doc.pages
    if not any(type(item) is Field for page in plan.pages for item in page.items):
        return [doc.annots(page) for page in pages]
    font = _font(doc)
    from reportlab.lib.rl_accel import fp_str  # numbers as ReportLab writes them

    shared: dict[tuple, bytes] = {}  # (kind, size) -> an appearance stream's reference
    names: dict[str, bytes] = {}  # export values as names
    groups: dict[str, tuple[int, bytes, list[bytes]]] = {}  # radio group -> (its object, its keys, its kids)
    fields: list[bytes] = []  # the /AcroForm's /Fields: text widgets and radio groups, in drawing order
    out = []
    for number, (page, page_ref) in enumerate(zip(plan.pages, pages)):
        existing = doc.annots(page_ref)
        drawn = [item for item in page.items if type(item) is Field]
        if not drawn:
            out.append(existing)
            continue
        spec = page.spec
        origin, top = mm_to_pt(spec.offset), mm_to_pt(spec.trim_h)
        made = []
        places = widget_numbers.get(number, []) if widget_numbers is not None else list(range(len(drawn)))
        if len(places) != len(drawn):
            raise ValueError(f"page {number + 1}: {len(drawn)} fields, but {len(places)} widgets were counted")
        for item, place in zip(drawn, places):
            r = item.rect
            x, y = origin + mm_to_pt(r.x), origin + top - mm_to_pt(r.bottom)
            w, h = mm_to_pt(r.w), mm_to_pt(r.h)
            widget = doc.allocate()
            made.append(widget)
            common = b"/Type /Annot /Subtype /Widget /F %d /P %d 0 R /Rect [ %s ]" % (
                _PRINT,
                page_ref,
                fp_str(x, y, x + w, y + (h if item.kind != "radio" else w)).encode(),
            )
            if struct_parents is not None:
                common += b" /StructParent %d" % struct_parents[number, place]
            if item.kind == "radio":
                group = groups.get(item.name)
                if group is None:
                    head = b"/FT /Btn /Ff %d /T %s" % (_RADIO_FLAGS, pdf_string(item.name))
                    if item.tooltip:
                        head += b" /TU " + pdf_string(item.tooltip)
                    group = groups[item.name] = (doc.allocate(), head, [])
                    fields.append(b"%d 0 R" % group[0])
                group[2].append(b"%d 0 R" % widget)
                # a tick and an empty box, shared by every option of this size (no viewer writes into them)
                on = shared.get(("tick", w)) or _appearance(doc, shared, "tick", w, w)
                off = shared.get(("empty", w)) or _appearance(doc, shared, "empty", w, w)
                option = item.role.alt  # its name (the printed label, and what it rates): tooltip and screen readers
                objects[widget] = (
                    b"<< %s /Parent %d 0 R%s /AS /Off /H /N /MK << /CA (4) >> /AP << /N << /%s %s /Off %s >> >> >>"
                    % (
                        common,
                        group[0],
                        b" /TU " + pdf_string(option) if option else b"",
                        names.get(item.value) or names.setdefault(item.value, _name(item.value)),
                        on,
                        off,
                    )
                )
            else:
                # its own appearance: a viewer that fills the field may write its answer into it
                box = _appearance(doc, None, "text", w, h, font)
                size = fp_str(item.size).encode()
                objects[widget] = (
                    b"<< %s /FT /Tx /Ff %d /T %s%s /V () /DV () /DA (/%s %s Tf %s rg) /AP << /N %s >> >>"
                    % (
                        common,
                        _MULTILINE_FLAG if item.multiline else 0,
                        pdf_string(item.name),
                        b" /TU " + pdf_string(item.tooltip) if item.tooltip else b"",
                        FORM_FONT,
                        size,
                        ANSWER_RGB,
                        box,
                    )
                )
                fields.append(b"%d 0 R" % widget)
        at = set(places)
        new, old = iter(made), iter(existing)
        combined = [next(new) if n in at else next(old) for n in range(len(made) + len(existing))]
        doc.set_annots(page_ref, combined)
        out.append(combined)
    for number, head, kids in groups.values():
        objects[number] = b"<< %s /Kids [ %s ] >>" % (head, b" ".join(kids))
    form = doc.allocate()
    objects[form] = b"<< /Fields [ %s ] /DA (/%s 0 Tf 0 g) /DR << /Font << /%s %d 0 R >> >> >>" % (
        b" ".join(fields),
        FORM_FONT,
        FORM_FONT,
        font,
    )
    doc.add_keys(doc.root, b"/AcroForm %d 0 R" % form)
    return out


def _name(value: str) -> bytes:
    """A PDF name: its UTF-8 bytes, those outside letters, digits and - _ . as #xx."""
    return b"".join(
        bytes([b]) if chr(b).isascii() and (chr(b).isalnum() or chr(b) in "-_.") else b"#%02X" % b
        for b in value.encode("utf-8")
    )


TICK_INSET = 0.12  # a tick keeps this share of its box clear on each side, inside the printed line


def _tick(size: float) -> bytes:
    """A chosen option's tick, centred in its box (ReportLab's check mark path)."""
    from reportlab.pdfbase.acroform import cbmarks

    return b"q %s rg %s RG\n%s\nQ" % (
        ANSWER_RGB,
        ANSWER_RGB,
        cbmarks["check"].scaledRender(size, size * TICK_INSET).encode(),
    )


def _appearance(doc: ParsedPdf, shared: dict | None, kind: str, w: float, h: float, font: int = 0) -> bytes:
    """A reference to an appearance stream of this kind ("tick", "empty" or "text") and size:
    with `shared`, made the first time, and boxes whose sizes are written alike share it."""
    from reportlab.lib.rl_accel import fp_str

    size = fp_str(w, h).encode()
    ref = shared.get((kind, size)) if shared is not None else None
    if ref is None:
        number = doc.allocate()
        data = _tick(w) if kind == "tick" else b"/Tx BMC\nEMC" if kind == "text" else b""
        resources = b"<< /Font << /%s %d 0 R >> >>" % (FORM_FONT, font) if font else b"<< >>"
        head = b"<< /Type /XObject /Subtype /Form /BBox [ 0 0 %s ] /Resources %s" % (size, resources)
        if len(data) > 200:
            data = deflate(data)
            head += b" /Filter /FlateDecode"
        doc.objects[number] = head + b" /Length %d >>\nstream\n%s\nendstream" % (len(data), data)
        ref = b"%d 0 R" % number
    if shared is not None:
        shared[kind, size] = shared[kind, w] = ref  # the next box of this size finds it at once
    return ref


def _font(doc: ParsedPdf) -> int:
    """The typed answers' font: the regular face of Atkinson Hyperlegible, whole and embedded,
    WinAnsi-encoded (what a viewer can type in)."""
    program, widths, metrics = _font_program()
    file, descriptor, widths_array, font = (doc.allocate() for _ in range(4))
    doc.objects[file] = program
    doc.objects[widths_array] = b"[ " + " ".join(map(str, widths)).encode() + b" ]"
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
    doc.objects[font] = (
        b"<< /Type /Font /Subtype /TrueType /BaseFont /%s /Name /%s /FirstChar 32 /LastChar 255"
        b" /Widths %d 0 R /Encoding /WinAnsiEncoding /FontDescriptor %d 0 R >>"
        % (metrics["name"].encode(), FORM_FONT, widths_array, descriptor)
    )
    return font


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
    packed = deflate(program)
    return (
        b"<< /Filter /FlateDecode /Length %d /Length1 %d >>\nstream\n%s\nendstream"
        % (len(packed), len(program), packed),
        widths,
        metrics,
    )
