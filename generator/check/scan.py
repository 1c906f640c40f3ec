"""Reading what a PDF draws: colour spaces, images and their placement, transparency, fonts
and character boxes. The preflight's eyes; it never uses the generator's own plans.
"""

from __future__ import annotations

import zlib

RGB_OPERATORS = {"rg", "RG"}


def quick_press_problems(data: bytes) -> list[str]:
    """A fast scan of a press PDF's objects for RGB, soft masks and fonts that are not embedded.

    For a batch: each edition's shared part is fully checked once; what an edition adds (its
    brand overlay, a ReportLab file of our own) gets this scan, object by object through the file's
    cross-reference table (a scan of the raw bytes misread ReportLab's plain dictionaries).
    """
    import re

    from generator.pdf.objects import parse, stream_data

    try:
        objects = parse(data).objects
    except ValueError:
        return ["a file this scan cannot read"]
    problems = set()
    for body in objects.values():
        stream = body.endswith(b"endstream")
        head = body[: body.find(b"stream")] if stream else body
        if b"/SMask" in head:
            problems.add("an image with a soft mask (transparency)")
        if b"/Subtype /Image" in head:
            if b"RGB" in head:
                problems.add("an RGB image")
            continue  # its dictionary says it all: its pixels need no inflating
        if re.search(rb"/Type\s*/Font(?![A-Za-z])", head) and not re.search(rb"/Subtype\s*/(Type0|Type3)", head):
            descriptor = re.search(rb"/FontDescriptor (\d+) 0 R", head)
            if descriptor is None or b"/FontFile" not in objects.get(int(descriptor.group(1)), b""):
                problems.add("a font that is not embedded")
        if b"/DeviceRGB" in head:
            problems.add("an RGB colour space")
        if not stream or b"/Length1" in head or b"/Subtype /Type1C" in head or b"/Subtype /OpenType" in head:
            continue  # not drawing: a dictionary, or a font program
        try:
            _, content = stream_data(body)
        except (ValueError, zlib.error):
            continue
        if re.search(rb"[\d.]+ [\d.]+ [\d.]+ (rg|RG)(?![A-Za-z])", content):
            problems.add("an RGB colour operator")
    return sorted(problems)


def operations(contents, pdf, owner=None) -> list:
    """The parsed operators of a page's (or form's) content. The colour scan and the plate walk
    read the same streams: parsed once per reader, keyed by the owning object's reference.
    """
    from pypdf.generic import ContentStream

    reference = getattr(owner, "indirect_reference", None)
    key = (reference.idnum, reference.generation) if reference is not None else None
    memo = pdf.__dict__.setdefault("_principles_operations", {}) if pdf is not None else {}
    if key is None or key not in memo:
        stream = contents if isinstance(contents, ContentStream) else ContentStream(contents, pdf)
        found = stream.operations
        if key is None:
            return found
        memo[key] = found
    return memo[key]


def fonts_of(resources, seen: set) -> list:
    fonts: list = []
    if not resources:
        return fonts
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        fonts.append(font.get_object())
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
            seen.add(id(xobject))
            fonts += fonts_of(xobject.get("/Resources"), seen)
    return fonts


class ContentScan:
    """Walks a page's content (and its forms) for colour spaces, images and transparency."""

    def __init__(self, page):
        self.page = page
        self.spaces: set[str] = set()
        self.images: list[tuple[str, int, int, float, float, str]] = []  # name, px w, px h, pt w, pt h, space
        self.transparency: set[str] = set()

    def run(self) -> None:
        resources = self.page.get("/Resources")
        group = self.page.get("/Group")
        if group is not None and group.get_object().get("/S") == "/Transparency":
            self.transparency.add("page transparency group")
        self._walk(self.page.get_contents(), resources, [1, 0, 0, 1, 0, 0], set(), self.page)

    def _walk(self, contents, resources, ctm, seen: set, owner) -> None:
        if contents is None:
            return
        resources = resources.get_object() if resources is not None else {}
        stack, matrix = [], list(ctm)
        for operands, raw_op in operations(contents, self.page.pdf, owner):
            op = raw_op.decode("latin-1") if isinstance(raw_op, bytes) else raw_op
            if op == "q":
                stack.append(list(matrix))
            elif op == "Q" and stack:
                matrix = stack.pop()
            elif op == "cm":
                matrix = multiply([float(v) for v in operands], matrix)
            elif op in RGB_OPERATORS:
                self.spaces.add("DeviceRGB")
            elif op in ("k", "K"):
                self.spaces.add("DeviceCMYK")
            elif op in ("g", "G"):
                self.spaces.add("DeviceGray")
            elif op in ("cs", "CS"):
                self.spaces.add(self._space_name(operands[0], resources))
            elif op == "gs":
                self._ext_gstate(operands[0], resources)
            elif op == "Do":
                self._xobject(operands[0], resources, matrix, seen)
            elif op == "INLINE IMAGE":
                self.spaces.add("inline image")

    def _space_name(self, name, resources) -> str:
        name = str(name)
        if name in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray"):
            return name[1:]
        space = (resources.get("/ColorSpace") or {}).get(name)
        return _describe_space(space.get_object() if space is not None else None)

    def _ext_gstate(self, name, resources) -> None:
        state = (resources.get("/ExtGState") or {}).get(str(name))
        if state is None:
            return
        state = state.get_object()
        for key in ("/CA", "/ca"):
            if key in state and float(state[key]) < 1:
                self.transparency.add(f"opacity {float(state[key]):g}")
        if state.get("/SMask", "/None") != "/None":
            self.transparency.add("soft mask")
        if str(state.get("/BM", "/Normal")) not in ("/Normal", "/Compatible"):
            self.transparency.add(f"blend mode {state['/BM']}")

    def _xobject(self, name, resources, matrix, seen: set) -> None:
        xobject = (resources.get("/XObject") or {}).get(str(name))
        if xobject is None:
            return
        xobject = xobject.get_object()
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            space = _describe_space(xobject.get("/ColorSpace").get_object() if xobject.get("/ColorSpace") else None)
            if xobject.get("/ImageMask"):
                space = "image mask"
            self.spaces.add(space)
            if "/SMask" in xobject:
                self.transparency.add(f"image {name} has a soft mask (alpha)")
            w_pt = (matrix[0] ** 2 + matrix[1] ** 2) ** 0.5
            h_pt = (matrix[2] ** 2 + matrix[3] ** 2) ** 0.5
            self.images.append((str(name), int(xobject["/Width"]), int(xobject["/Height"]), w_pt, h_pt, space))
        elif subtype == "/Form" and id(xobject) not in seen:
            seen.add(id(xobject))
            form_matrix = [float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])]
            group = xobject.get("/Group")
            if group is not None and group.get_object().get("/S") == "/Transparency":
                self.transparency.add(f"form {name} transparency group")
            self._walk(xobject, xobject.get("/Resources") or resources, multiply(form_matrix, matrix), seen, xobject)


def _describe_space(space) -> str:
    if space is None:
        return "unknown"
    if not isinstance(space, list):
        return str(space).lstrip("/")
    kind = str(space[0]).lstrip("/")
    if kind == "ICCBased":
        n = int(space[1].get_object().get("/N", 0))
        return {1: "ICCBased gray", 3: "ICCBased RGB", 4: "ICCBased CMYK"}.get(n, "ICCBased")
    if kind in ("Separation", "DeviceN"):
        alternate = _describe_space(space[2].get_object() if hasattr(space[2], "get_object") else space[2])
        return f"{kind} ({alternate})"
    if kind == "Indexed":
        return f"Indexed ({_describe_space(space[1].get_object() if hasattr(space[1], 'get_object') else space[1])})"
    return kind


def multiply(a: list[float], b: list[float]) -> list[float]:
    """a x b for PDF matrices [a b c d e f]."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def text_geometry(data: bytes) -> dict[int, list[dict]]:
    """Every character's box and size, per page, in PDF coordinates, read with pypdfium2.

    The boxes are pdfminer's (as pdfplumber gives them): x from the glyph's advance, y from the
    font's descent below the baseline to one font size above that, size scaled by the text and
    graphics matrices. pdfium reads them 10-20 times faster than pdfplumber and imports faster.
    """
    import ctypes
    import math

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    out: dict[int, list[dict]] = {}
    pdf = pdfium.PdfDocument(data)
    descent, width = ctypes.c_float(), ctypes.c_float()
    x, y = ctypes.c_double(), ctypes.c_double()
    matrix = raw.FS_MATRIX()
    try:
        for number in range(1, len(pdf) + 1):
            page = pdf[number - 1]
            textpage = page.get_textpage()
            chars = []
            for i in range(textpage.count_chars()):
                text = chr(raw.FPDFText_GetUnicode(textpage.raw, i))
                if not text.strip():
                    continue
                size = raw.FPDFText_GetFontSize(textpage.raw, i)
                raw.FPDFText_GetMatrix(textpage.raw, i, matrix)
                scale = math.hypot(matrix.c, matrix.d) or 1.0
                font = raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(textpage.raw, i))
                raw.FPDFFont_GetDescent(font, ctypes.c_float(size), descent)
                raw.FPDFText_GetCharOrigin(textpage.raw, i, x, y)
                raw.FPDFFont_GetGlyphWidth(font, raw.FPDFText_GetUnicode(textpage.raw, i), ctypes.c_float(size), width)
                bottom, advance = y.value + descent.value * scale, width.value * math.hypot(matrix.a, matrix.b)
                chars.append(
                    {
                        "text": text,
                        "size": size * scale,
                        "x0": x.value,
                        "x1": x.value + advance,
                        "y0": bottom,
                        "y1": bottom + size * scale,
                    }
                )
            out[number] = chars
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return out
