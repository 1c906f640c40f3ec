"""The one place that reaches into ReportLab's private API; everything else uses its public calls.

ReportLab has no public way to set the document's timestamp, add keys to the catalog, replace the
info dictionary or choose the zlib level. Each of those is a small function here, so a ReportLab
upgrade that moves them breaks one module, and its tests, rather than the PDF stage.
"""

from __future__ import annotations

import contextvars
import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def set_timestamp(canvas: Any, epoch: int) -> None:
    """Dates in the file come from `epoch`, never from the clock, so builds are reproducible."""
    from reportlab.lib.utils import TimeStamp

    stamp = TimeStamp(invariant=True)
    stamp.t = epoch
    stamp.lt = time.gmtime(epoch)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    canvas._doc._timeStamp = stamp


def timestamp_of(document: Any) -> Any:
    """The timestamp a ReportLab document writes its dates from."""
    return document._timeStamp


def add_to_catalog(canvas: Any, key: str, value: Any) -> None:
    """Set a key of the document catalog (a PDF object from reportlab.pdfbase.pdfdoc)."""
    catalog = canvas._doc.Catalog
    if key not in type(catalog).__NoDefault__:
        catalog.__NoDefault__ = [*type(catalog).__NoDefault__, key]
    setattr(catalog, key, value)


def replace_info(canvas: Any, info: Any) -> None:
    """Swap the document info dictionary for `info`, keeping what was set on the canvas."""
    for key, value in canvas._doc.info.__dict__.items():
        setattr(info, key, value)
    canvas._doc.info = info


def date_formatter(info: Any) -> Any:
    return info._dateFormatter


@contextmanager
def compression(quick: bool) -> Iterator[None]:
    """ReportLab's streams (pages, fonts, images) compressed by generator.pdf.objects.deflate:
    ISA-L where installed, else zlib, at level 1 when `quick`. ReportLab has no setting for its
    compressor, so its module's zlib is swapped while this lasts."""
    import types
    import zlib

    from reportlab.pdfbase import pdfdoc

    from generator.pdf.objects import deflate

    level = 1 if quick else 6
    saved = pdfdoc.zlib
    pdfdoc.zlib = types.SimpleNamespace(compress=lambda data: deflate(data, level), decompress=zlib.decompress)
    try:
        yield
    finally:
        pdfdoc.zlib = saved


def save_objects(canvas: Any) -> tuple[bytes, dict[int, bytes], int, int]:
    """canvas.save() up to ReportLab's formatted objects, without the file around them: (header,
    {number: what stands between "N 0 obj" and "endobj"}, root, info), as
    generator.pdf.objects.parse reads them from the saved file. A tagged file is rewritten object
    by object, so ReportLab's cross-reference table and trailer, and reading them back, would be
    work thrown away. ReportLab's PDFDocument.format, whose loop this is, is swapped for the call."""
    from reportlab.pdfbase import pdfdoc

    if len(canvas._code):
        canvas.showPage()
    doc = canvas._doc
    taken: list = []

    def objects_only() -> bytes:
        doc.encrypt.prepare(doc)
        numbers = doc.idToObjectNumberAndVersion
        root, info = numbers[doc.Reference(doc.Catalog).name][0], numbers[doc.Reference(doc.info).name][0]
        bodies, number, ids = {}, 1, doc.numberToId
        while number in ids:  # objects made while formatting join the end: the loop takes them too
            name = ids[number]
            formatted = pdfdoc.PDFIndirectObject(name, doc.idToObject[name]).format(doc)
            bodies[number] = formatted[len(b"%d 0 obj" % number) : formatted.rindex(b"endobj")].strip(b"\r\n")
            number += 1
        taken.extend((pdfdoc.PDFFile(doc._pdfVersion).format(doc), bodies, root, info))
        return b""

    doc.format = objects_only  # the last step of GetPDFData
    try:
        doc.GetPDFData(canvas)
    finally:
        del doc.format
    header, bodies, root, info = taken
    return header, bodies, root, info


_FONT: contextvars.ContextVar[tuple[bytes, list[list[int]]] | None] = contextvars.ContextVar("font", default=None)


def subset_tag(face_name: bytes, subset_number: int, codes: list[int]) -> bytes:
    """Six capital letters derived from the font's name and the characters in the subset: the same
    subset always gets the same tag (builds stay reproducible), different ones differ."""
    digest = hashlib.sha256(
        face_name + b"\0" + str(subset_number).encode() + b"\0" + bytes(str(codes), "ascii")
    ).digest()
    return bytes(65 + b % 26 for b in digest[:6])


def use_content_subset_tags() -> None:
    """Replace ReportLab's subset prefix (AAAAAA+ for the first subset of every font in every file)
    with subset_tag. A print shop ganging files on one sheet then never mistakes two different
    subsets for one font. ReportLab names subsets through the module-level SUBSETN(n) inside
    TTFont.addObjects, with no access to the font: a wrapper around addObjects supplies it."""
    from reportlab.pdfbase import ttfonts

    if getattr(ttfonts.TTFont.addObjects, "_principles", False):
        return
    plain_add_objects = ttfonts.TTFont.addObjects

    def add_objects(self, doc):
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        token = _FONT.set((self.face.name, subsets))
        try:
            return plain_add_objects(self, doc)
        finally:
            _FONT.reset(token)

    plain_subsetn = ttfonts.SUBSETN

    def subsetn(n, *args, **kwargs):
        current = _FONT.get()
        if current is None or n >= len(current[1]):
            return plain_subsetn(n, *args, **kwargs)
        face_name, subsets = current
        return subset_tag(face_name, n, subsets[n])

    add_objects._principles = True  # type: ignore[attr-defined]
    ttfonts.TTFont.addObjects = add_objects
    ttfonts.SUBSETN = subsetn


def draw_line(canvas: Any, runs: list[tuple[str, float, float, float, str]]) -> None:
    """One line of text, its runs (font name, size, x, y, text) in embedded TrueType fonts, written
    as the text object canvas.beginText(), setFont, setTextOrigin, textOut and drawText write,
    byte for byte, without building one: a worksheet pack draws 400 lines a render, and each
    text object copies the canvas's colours and state (a third of a pack's drawing time)."""
    from reportlab.lib.rl_accel import escapePDF, fp_str
    from reportlab.pdfbase.pdfmetrics import getFont

    doc = canvas._doc
    parts = ["BT 1 0 0 1 0 0 Tm"]
    add = parts.append
    for name, size, x, y, text in runs:
        font = getFont(name)
        add(f"1 0 0 1 {fp_str(x, y)} Tm")
        current = -1  # setFont starts each run with its subset's font
        for subset, chunk in font.splitString(text, doc):
            if subset != current:
                add(f"{font.getSubsetInternalName(subset, doc)} {fp_str(size)} Tf {fp_str(size * 1.2)} TL")
                current = subset
            add(f"({escapePDF(chunk)}) Tj")
    add("ET")
    canvas._code.append(" ".join(parts))


def content(canvas: Any) -> list[str]:
    """The current page's content operators so far, a list of strings: what canvas.addLiteral appends
    to, for callers writing hundreds of ready-made operators (marked content) without its checks."""
    return canvas._code


def draw_image(canvas: Any, name: str, image: Any, width: float, height: float) -> None:
    """canvas.drawImage(ImageReader(image), 0, 0, width, height, mask="auto"), embedded as `name`
    (unique in the document: the caller embeds each prepared image once), without the MD5 digests
    ReportLab takes of its pixels and alpha to name them: a logo is megabytes of pixels, and a
    batch edition embeds five (7 ms of digests an edition). An alpha channel becomes its soft mask."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfdoc

    canvas._currentPageHasImages = 1
    doc = canvas._doc
    reader = ImageReader(image)
    registered = doc.getXObjectName(name)
    embedded = pdfdoc.PDFImageXObject(name, reader, mask=None)  # mask None: no digest, no soft mask yet
    canvas._setXObjects(embedded)
    doc.Reference(embedded, registered)
    doc.addForm(name, embedded)
    if reader._dataA:  # as drawImage's mask="auto" does, named after the image instead of a digest
        alpha = pdfdoc.PDFImageXObject(name + "Alpha", reader._dataA, mask=None)
        alpha._decode = [0, 1]
        canvas._setXObjects(alpha)
        embedded.smask = doc.Reference(alpha, doc.getXObjectName(alpha.name))
    canvas.saveState()
    canvas.scale(width, height)
    canvas._code.append(f"/{registered} Do")
    canvas.restoreState()
    canvas._formsinuse.append(name)
