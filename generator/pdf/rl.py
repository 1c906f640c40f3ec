"""Where the PDF stage reaches into ReportLab's private API: kept here, as functions, so a
ReportLab upgrade has one module to check."""

from __future__ import annotations

import contextvars
import hashlib

_FONT: contextvars.ContextVar[tuple[bytes, list[list[int]]] | None] = contextvars.ContextVar("font", default=None)


def subset_tag(face_name: bytes, subset_number: int, codes: list[int]) -> bytes:
    """Six capital letters derived from the font's name and the characters in the subset: the same
    subset always gets the same tag (builds stay reproducible), different ones differ."""
    digest = hashlib.sha256(face_name + b"\0" + str(subset_number).encode() + b"\0" + bytes(str(codes), "ascii")).digest()
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
