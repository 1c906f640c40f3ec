"""Press rows of `principles check`: what the separations will show that PDF/X-1a does not forbid.

Read from the operators of any PDF (pypdf for paths, colours and graphics states, pdfplumber for
text): small text built from many plates, spot-colour strokes (die lines) that knock out the art
under them, tints under the smallest dot a plate holds, marks outside the bleed that do not print
on every plate, and total ink over the limit.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from generator import colour
from generator.check.scan import multiply

PASS, WARN, FAIL = "pass", "warn", "fail"
SMALL_TEXT_PT = colour.SMALL_TEXT_PT  # text under this size should print from at most TEXT_PLATES plates
TEXT_PLATES = colour.TEXT_PLATES
MIN_TINT = colour.MIN_TINT / 100  # a plate under 5% (and over 0) may not hold its dots
TOTAL_INK = colour.TOTAL_INK / 100  # FOGRA39's limit
REGISTRATION = "All"
PAINT_STROKE = {"S", "s", "B", "B*", "b", "b*"}
PAINT_FILL = {"f", "F", "f*", "B", "B*", "b", "b*"}
PAINT = PAINT_STROKE | PAINT_FILL | {"n"}


def plate_checks(data: bytes, report, reader=None) -> None:
    """Add the press plate rows for every page of a PDF to a preflight Report (reading it again
    unless given the reader the other checks used, whose parsed content it then shares).
    """
    if reader is None:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
    walks = []
    for page in reader.pages:
        walk = _Walk(page)
        walk.run()
        walks.append(walk)
    # the operators say which pages have small text in many plates; pdfplumber reads those pages' words
    suspect = {number for number, walk in enumerate(walks, start=1) if walk.small_multi_plate_text}
    texts = _text_plates(data, suspect) if suspect else {}
    for number, walk in enumerate(walks, start=1):
        _report_page(report, number, walk, texts.get(number, []))


def _report_page(report, n: int, walk: _Walk, small: list[tuple[float, int, str]]) -> None:
    if small:
        sizes = sorted({size for size, _, _ in small})
        plates = max(p for _, p, _ in small)
        sample = " ".join("".join(ch for _, _, ch in small[:40]).split())[:32]
        report.add(
            "text plates",
            WARN,
            f"{sum(1 for *_, ch in small if ch.strip())} characters under {SMALL_TEXT_PT:g} pt ({sizes[0]:.1f}-{sizes[-1]:.1f} pt) in up to "
            f"{plates} plates: misregistration will fringe them; use at most {TEXT_PLATES} (K-led): '{sample}'",
            n,
        )
    else:
        report.add("text plates", PASS, f"text under {SMALL_TEXT_PT:g} pt in at most {TEXT_PLATES} plates", n)
    if walk.knockout_spots:
        report.add(
            "die line",
            FAIL,
            f"{_count(walk.knockout_spots, 'stroke')} in spot colour {', '.join(sorted(walk.knockout_names))} without "
            "overprint: each knocks a line out of every plate beneath it (set /OP true /op true /OPM 1)",
            n,
        )
    elif walk.spot_strokes:
        report.add("die line", PASS, f"{_count(walk.spot_strokes, 'spot-colour stroke')}, all overprinted", n)
    if walk.tints:
        shown = ", ".join(sorted(walk.tints)[:4])
        report.add("tints", WARN, f"plates under {MIN_TINT:.0%} (and over 0): {shown}: dots may not hold", n)
    else:
        report.add("tints", PASS, f"every plate used at {MIN_TINT:.0%} or more", n)
    if walk.marks_not_registration:
        report.add(
            "marks",
            WARN,
            f"{_count(walk.marks_not_registration, 'stroke')} outside the bleed not in the Registration (All) separation: "
            "crop marks should print on every plate",
            n,
        )
    elif walk.marks:
        report.add("marks", PASS, f"{walk.marks} marks in Registration (All)", n)
    if walk.max_ink > TOTAL_INK + 1e-6:
        report.add(
            "total ink",
            FAIL,
            f"{_over(walk.max_ink, TOTAL_INK)} total ink in {walk.max_ink_where}: the limit is {TOTAL_INK:.0%}",
            n,
        )
    else:
        report.add("total ink", PASS, f"at most {walk.max_ink:.0%}", n)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _plates(components, space: str) -> int:
    if space.startswith("Separation"):
        return 4 if space.endswith(REGISTRATION) else 1
    if space == "DeviceGray" or space.endswith("gray"):
        return 1 if components and components[0] < 1 else 0
    if space == "DeviceCMYK" or space.endswith("CMYK"):
        return sum(1 for v in components if v > 1e-6)
    return len(components)  # RGB and others: not a press colour; counted as many plates


def _text_plates(data: bytes, pages: set[int]) -> dict[int, list[tuple[float, int, str]]]:
    """Per page (of `pages`), the characters under SMALL_TEXT_PT whose fill uses more than TEXT_PLATES plates."""
    import pdfplumber

    out: dict[int, list[tuple[float, int, str]]] = {}
    with pdfplumber.open(io.BytesIO(data), pages=sorted(pages)) as pdf:
        for page in pdf.pages:
            number = page.page_number
            found = []
            for c in page.chars:
                if float(c["size"]) >= SMALL_TEXT_PT - 1e-6:
                    continue
                colour = c.get("non_stroking_color")
                components = tuple(colour) if isinstance(colour, (tuple, list)) else (colour,) if colour else ()
                plates = _plates(components, _space_label(c.get("ncs") or "", len(components)))
                if plates > TEXT_PLATES:
                    found.append((float(c["size"]), plates, c["text"]))
            out[number] = found
    return out


def _space_label(ncs: str, n: int) -> str:
    if "CMYK" in ncs or n == 4:
        return "DeviceCMYK"
    if "Gray" in ncs or n == 1 and "Separation" not in ncs:
        return "DeviceGray"
    return ncs


@dataclass
class _State:
    ctm: list[float] = field(default_factory=lambda: [1.0, 0, 0, 1.0, 0, 0])
    stroke: tuple[str, tuple[float, ...]] = ("DeviceGray", (0.0,))
    stroke_op: bool = False  # overprint for strokes
    fill_space: str = "DeviceGray"
    stroke_space: str = "DeviceGray"
    fill: tuple[str, tuple[float, ...]] = ("DeviceGray", (0.0,))
    font_size: float = 0.0


class _Walk:
    """Walks a page's content and forms, keeping the graphics state a press check needs."""

    def __init__(self, page):
        self.page = page
        box = page.get("/BleedBox") or page.get("/TrimBox") or page.get("/MediaBox")
        values = [float(v) for v in box]
        self.bleed = (
            min(values[0], values[2]),
            min(values[1], values[3]),
            max(values[0], values[2]),
            max(values[1], values[3]),
        )
        self.spot_strokes = 0
        self.small_multi_plate_text = 0  # text-showing operators under SMALL_TEXT_PT in many plates
        self.knockout_spots = 0
        self.knockout_names: set[str] = set()
        self.tints: set[str] = set()
        self.marks = 0
        self.marks_not_registration = 0
        self.max_ink = 0.0
        self.max_ink_where = ""

    def run(self) -> None:
        self._walk(self.page.get_contents(), self.page.get("/Resources"), _State(), set(), self.page)

    def _walk(self, contents, resources, state: _State, seen: set, owner=None) -> None:
        from generator.check.scan import operations

        if contents is None:
            return
        resources = resources.get_object() if resources is not None else {}
        stack: list[_State] = []
        path: list[tuple[float, float]] = []
        text_matrix = [1.0, 0, 0, 1.0, 0, 0]
        for operands, raw_op in operations(contents, self.page.pdf, owner):
            op: str = raw_op.decode("latin-1") if isinstance(raw_op, bytes) else str(raw_op)
            if op == "q":
                stack.append(_copy(state))
            elif op == "Q" and stack:
                state = stack.pop()
            elif op == "cm":
                state.ctm = multiply([float(v) for v in operands], state.ctm)
            elif op == "gs":
                self._ext_gstate(operands[0], resources, state)
            elif op in ("cs", "CS"):
                space = self._space(operands[0], resources)
                if op == "CS":
                    state.stroke_space = space
                else:
                    state.fill_space = space
            elif op in ("k", "K", "g", "G", "rg", "RG", "sc", "scn", "SC", "SCN"):
                values = tuple(float(v) for v in operands if not hasattr(v, "startswith"))
                space = {"k": "DeviceCMYK", "K": "DeviceCMYK", "g": "DeviceGray", "G": "DeviceGray"}.get(
                    op, "DeviceRGB" if op in ("rg", "RG") else state.stroke_space if op.isupper() else state.fill_space
                )
                self._colour(values, space, f"{op} {' '.join(f'{v:g}' for v in values)}")
                if op.isupper():
                    state.stroke = (space, values)
                else:
                    state.fill = (space, values)
            elif op == "BT":
                text_matrix = [1.0, 0, 0, 1.0, 0, 0]
            elif op == "Tm":
                text_matrix = [float(v) for v in operands]
            elif op == "Tf":
                state.font_size = float(operands[1])
            elif op in ("Tj", "TJ", "'", '"'):
                m = multiply(text_matrix, state.ctm)
                size = state.font_size * abs(m[0] * m[3] - m[1] * m[2]) ** 0.5
                if size < SMALL_TEXT_PT - 1e-6 and _plates(state.fill[1], state.fill[0]) > TEXT_PLATES:
                    self.small_multi_plate_text += 1
            elif op in ("m", "l"):
                path.append(_apply(state.ctm, float(operands[0]), float(operands[1])))
            elif op == "c":
                path.append(_apply(state.ctm, float(operands[4]), float(operands[5])))
            elif op == "re":
                x, y, w, h = (float(v) for v in operands)
                path += [_apply(state.ctm, x, y), _apply(state.ctm, x + w, y + h)]
            elif op in PAINT:
                if op in PAINT_STROKE and path:
                    self._stroke(path, state)
                path = []
            elif op == "Do":
                self._xobject(operands[0], resources, state, seen)

    def _colour(self, values: tuple[float, ...], space: str, where: str) -> None:
        if space == "DeviceCMYK" and len(values) == 4:
            for plate, v in zip("CMYK", values):
                if 1e-6 < v < MIN_TINT - 1e-6:
                    self.tints.add(f"{plate} {v:.0%}")
            if sum(values) > self.max_ink:
                self.max_ink, self.max_ink_where = sum(values), where

    def _stroke(self, path: list[tuple[float, float]], state: _State) -> None:
        space, _ = state.stroke
        is_spot = space.startswith("Separation") and not space.endswith(REGISTRATION)
        if is_spot:
            self.spot_strokes += 1
            if not state.stroke_op:
                self.knockout_spots += 1
                self.knockout_names.add(space.split(" ", 1)[1] if " " in space else space)
        x0, y0, x1, y1 = self.bleed  # marks start at the bleed edge or beyond it
        outside = all(x <= x0 + 0.5 or x >= x1 - 0.5 or y <= y0 + 0.5 or y >= y1 - 0.5 for x, y in path)
        if outside:
            self.marks += 1
            if not space.endswith(REGISTRATION):
                self.marks_not_registration += 1

    def _space(self, name, resources) -> str:
        name = str(name)
        if name in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray"):
            return name[1:]
        space = (resources.get("/ColorSpace") or {}).get(name)
        space = space.get_object() if space is not None else None
        if isinstance(space, list) and space and str(space[0]) == "/Separation":
            return f"Separation {str(space[1]).lstrip('/')}"
        if isinstance(space, list) and space and str(space[0]) == "/ICCBased":
            n = int(space[1].get_object().get("/N", 0))
            return {1: "ICC gray", 3: "ICC RGB", 4: "ICC CMYK"}.get(n, "ICC")
        return str(space[0] if isinstance(space, list) else space).lstrip("/")

    def _ext_gstate(self, name, resources, state: _State) -> None:
        gs = (resources.get("/ExtGState") or {}).get(str(name))
        if gs is None:
            return
        gs = gs.get_object()
        if "/OP" in gs:
            state.stroke_op = bool(gs["/OP"])

    def _xobject(self, name, resources, state: _State, seen: set) -> None:
        xobject = (resources.get("/XObject") or {}).get(str(name))
        if xobject is None:
            return
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Image":
            self._image_ink(xobject, str(name))
        elif xobject.get("/Subtype") == "/Form":
            inner = _copy(state)
            inner.ctm = multiply([float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])], state.ctm)
            key = (id(xobject), tuple(inner.ctm))
            if key not in seen:
                seen.add(key)
                self._walk(xobject, xobject.get("/Resources") or resources, inner, seen, xobject)

    def _image_ink(self, xobject, name: str) -> None:
        """The highest total ink of any pixel of a CMYK image."""
        space = xobject.get("/ColorSpace")
        if space is None or str(space.get_object() if hasattr(space, "get_object") else space) != "/DeviceCMYK":
            return
        try:
            image = xobject.decode_as_image()
        except Exception:  # an image pypdf cannot decode is the scan's business, not ours
            return
        if image is None or image.mode != "CMYK":
            return
        if xobject.get("/Decode") and [float(v) for v in xobject["/Decode"]][:2] == [1.0, 0.0]:
            from PIL import ImageChops

            image = ImageChops.invert(image)
        from PIL import ImageMath

        c, m, y, k = image.split()
        summed = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], c=c, m=m, y=y, k=k)
        total = summed.getextrema()[1] / 255
        if total > self.max_ink:
            self.max_ink, self.max_ink_where = total, f"image {name.lstrip('/')}"


def _copy(state: _State) -> _State:
    return _State(
        list(state.ctm),
        state.stroke,
        state.stroke_op,
        state.fill_space,
        state.stroke_space,
        state.fill,
        state.font_size,
    )


def _apply(m: list[float], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _over(value: float, limit: float) -> str:
    """A share over a limit, with as many decimals as it takes not to read as the limit itself
    (300.4%, not "300% ... the limit is 300%")."""
    for places in range(4):
        shown = f"{value:.{places}%}"
        if float(shown.rstrip("%")) / 100 > limit:
            return shown
    return f"{value:.4%}"
