"""Page plans -> PDF bytes: page boxes, bleed, crop marks, colour space, bookmarks, metadata.

Knows nothing about principles; everything print-specific lives here.
"""

from __future__ import annotations

import gc
import io

from generator.geometry import PageSpec
from generator.pdf import rl
from generator.plan import Field, Image, Page, Path, PlanDocument, Shape, Stroke, TextItem
from generator.records import frozen
from generator.targets import PROFILES, Target
from generator.theme import Colour
from generator.units import mm_to_pt

MARK_WIDTH_PT = 0.25
_PRESS = PROFILES[Target.PRESS]
PRESS_IMAGE_PPI = (_PRESS.image_ppi, _PRESS.image_ppi_above)
CREATOR = "principles"


@frozen
class PressOptions:
    """How a plan is drawn into a file: colour mode, tagging, forms, metadata and dates."""

    cmyk: bool
    bookmarks: bool
    epoch: int  # seconds since 1970 for the document dates; never the clock
    author: str = ""
    creator: str = CREATOR
    fillable: bool = False  # draw form fields over the boxes
    output_intent: str | None = None  # press: write PDF/X-1a:2003 with this registered condition
    overlay: bool = False  # brand items only, no crop marks: to be laid over a shared template
    pdf_version: str = "1.4"
    tagged: bool = False  # PDF/UA-1 on PDF 1.7: structure tree, marked content, artifacts (generator.pdf.tags)
    marked_only: bool = False  # tagged: the marked content alone, its structure written later (batch, by retag)
    image_ppi: tuple[float, float] = PRESS_IMAGE_PPI  # images scaled down to [0] where over [1] (the target's profile)


def render(plan: PlanDocument, options: PressOptions) -> bytes:
    """Draw every page of the plan and return the PDF file's bytes."""
    enabled = gc.isenabled()
    gc.disable()  # a render's objects live until it ends: the cycle collector would only walk them
    try:
        return _render(plan, options)
    finally:
        if enabled:
            gc.enable()


def _render(plan: PlanDocument, options: PressOptions) -> bytes:
    from reportlab import rl_config
    from reportlab.pdfgen.canvas import Canvas

    from generator.fonts import Fonts

    rl_config.useA85 = 0  # binary streams: smaller and quicker than ASCII85
    from generator.pdf.rl import use_content_subset_tags

    use_content_subset_tags()  # a distinct, reproducible subset tag per font and file, never AAAAAA+
    fonts = Fonts.shared()  # registers the embedded fonts; the canvas must never fall back to Helvetica
    buffer = io.BytesIO()
    first = plan.pages[0].spec
    canvas = Canvas(
        buffer,
        pagesize=(mm_to_pt(first.media_w), mm_to_pt(first.media_h)),
        invariant=1,
        pageCompression=1,
        initialFontName=fonts.names["regular"],
        initialFontSize=10,
        lang=plan.language,
        pdfVersion=_version(options.pdf_version),
    )
    rl.set_timestamp(canvas, options.epoch)
    canvas.setTitle(plan.title)
    canvas.setSubject(plan.subject)
    canvas.setAuthor(options.author)
    canvas.setCreator(options.creator)
    canvas.setProducer(options.creator)
    canvas.setKeywords(", ".join(plan.keywords))
    canvas.setViewerPreference("DisplayDocTitle", "true")
    if options.output_intent:
        from generator.pdf.pdfx import apply_pdfx, output_intent

        apply_pdfx(canvas, output_intent(options.output_intent))
    bookmarks = options.bookmarks or plan.always_bookmarks
    placements = [(id(i.data), round(i.rect.w, 3), round(i.rect.h, 3)) for p in plan.pages for i in p.images()]
    if placements:
        from generator.images import derived_from, shared_sizes

        sizes = shared_sizes(placements)
        canvas.__dict__["_principles_image_sizes"] = sizes
        canvas.__dict__["_principles_image_parents"] = derived_from((key[0], *made) for key, made in sizes.items())
    tagger = None
    if options.tagged:
        from generator.pdf.tags import Tagger

        tagger = Tagger(fillable=options.fillable)
    # a file to finish object by object (its structure tree, its form): ReportLab's objects only
    rewritten = (options.fillable or tagger is not None) and not options.marked_only
    with rl.compression(quick=options.overlay):  # without ISA-L, overlays take zlib's quickest level
        for number, page in enumerate(plan.pages):
            _draw_page(canvas, page, options, number, bookmarks, tagger)
        if bookmarks and any(t.bookmark for p in plan.pages for t in p.texts()):
            canvas.showOutline()
        if not rewritten:
            canvas.save()
            return buffer.getvalue()
        from generator.pdf.objects import parsed

        doc = parsed(*rl.save_objects(canvas))
    if tagger is None:  # fillable and untagged: no target does this today, forms are on tagged ones
        from generator.pdf.fields import add_fields

        add_fields(doc, plan, None)
        # written as a tagged one is (object streams from PDF 1.5): hundreds of widget dictionaries
        return doc.write_packed() if _version(options.pdf_version) >= (1, 5) else doc.write()
    from generator.pdf.tags import finish_document

    return finish_document(doc, tagger, plan, options.author, options.creator, options.epoch)


def _version(text: str) -> tuple[int, ...]:
    """ "1.7" -> (1, 7)."""
    return tuple(int(part) for part in text.split("."))


# In a tagged overlay's content, a comment line before each item and one after the last: the
# items' forms are cut there (generator.pdf.merge.lay_over), none of them ever written out
BRAND_ITEM, BRAND_END = "%principles brand item", "%principles brand end"


def retag(plan: PlanDocument, fillable: bool):
    """The tagger a render of the whole plan fills (generator.pdf.tags.Tagger), for a batch
    edition made of a template and a brand overlay drawn apart (options.marked_only): the same
    calls, in the same order, as _draw_page makes, without drawing. The brand's MCIDs follow the
    page's own (generator.pdf.merge writes them around the forms that paint the brand), so the
    tree is a single branded build's."""
    from generator.pdf.tags import Tagger

    tagger = Tagger(fillable=fillable)
    for page in plan.pages:
        tagger.page((*page.items, *page.brand))
    return tagger


def brand_marks(page, fillable: bool, first_mcid: int) -> list[str]:
    """The marked-content operators around each of a page's brand items (and, last, after them
    all), when they are painted as forms after the page's own content, which has first_mcid MCIDs."""
    from generator.pdf.tags import Tagger

    return Tagger(fillable=fillable).page(page.brand, first_mcid)


def _draw_page(canvas, page: Page, options: PressOptions, number: int, bookmarks: bool, tagger=None) -> None:
    spec = page.spec
    canvas.setPageSize((mm_to_pt(spec.media_w), mm_to_pt(spec.media_h)))
    o = mm_to_pt(spec.offset)
    trim = (o, o, o + mm_to_pt(spec.trim_w), o + mm_to_pt(spec.trim_h))
    b = mm_to_pt(spec.bleed)
    canvas.setTrimBox(trim)
    canvas.setBleedBox((trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b))
    canvas.saveState()
    canvas.translate(o, o)
    pen = _Pen(canvas, spec, options.cmyk, options.image_ppi)
    items = (*page.items, *page.brand)
    draw = {Shape: pen.shape, Stroke: pen.stroke, Path: pen.path, Image: pen.image, TextItem: pen.text}
    if tagger is not None:
        ops = tagger.page(items)
        spaced = tagger.spaced
        if options.overlay:  # its marks go on the page that paints it, around each item's form
            ops = [BRAND_ITEM] * len(items) + [BRAND_END]  # where generator.pdf.merge cuts it into forms
        code = rl.content(canvas)  # the page's operators so far: the marked-content ones go straight in
        text = pen.text
        for index, item in enumerate(items):
            kind = type(item)
            if kind is Field:  # its widget is written after the pages (generator.pdf.fields)
                continue
            op = ops[index]
            if op:
                code.append(op)
            if type(item) is TextItem:  # (not `kind`: mypy narrows on this)
                if item.bookmark and bookmarks:
                    _bookmark(pen, item, f"p{number}i{index}")
                text(item, spaced.get(index, ()))
            else:
                drawn = draw.get(kind)  # an empty brand slot draws nothing
                if drawn is not None:
                    drawn(item)  # type: ignore[operator]
        if ops[-1]:
            code.append(ops[-1])
        for index in tagger.links:  # the annotations Tagger.page numbered, in the same order
            _link(pen, items[index], items[index].role.href)
    else:
        for index, item in enumerate(items):
            drawn = draw.get(type(item))  # an empty brand slot and a field draw nothing
            if drawn is None:
                continue
            if bookmarks and type(item) is TextItem and item.bookmark:
                _bookmark(pen, item, f"p{number}i{index}")
            drawn(item)  # type: ignore[operator]
    if not options.overlay:
        pen.crop_marks()
    canvas.restoreState()
    canvas.showPage()


def _bookmark(pen: _Pen, item: TextItem, key: str) -> None:
    """An outline entry for a heading, just above its first line."""
    pen.canvas.bookmarkHorizontal(key, 0, pen.y(item.box.y) + 2)
    pen.canvas.addOutlineEntry(item.bookmark, key, level=item.level)


def _link(pen: _Pen, item: TextItem, href: str) -> None:
    """A printed web address becomes a link annotation over its lines (tagged output only)."""
    box = item.box
    left = min(line.x for line in item.lines)
    right = max(line.x + line.width for line in item.lines)
    rect = (mm_to_pt(left), pen.y(box.bottom), mm_to_pt(right), pen.y(box.y))
    pen.canvas.linkURL(href, rect, relative=1, thickness=0)


class _Pen:
    """Draws plan items on one page, in trim coordinates (mm, y down) turned into PDF points."""

    def __init__(self, canvas, spec: PageSpec, cmyk: bool, image_ppi: tuple[float, float]):
        self.canvas, self.spec, self.cmyk, self.image_ppi = canvas, spec, cmyk, image_ppi

    def y(self, y_mm: float) -> float:
        return mm_to_pt(self.spec.trim_h - y_mm)

    def colour(self, colour: Colour, text_pt: float | None = None):
        """The colour for this output; press text under 12 pt takes the colour's build in at most two plates."""
        if self.cmyk:
            from reportlab.lib.colors import CMYKColor

            return CMYKColor(*colour.press_cmyk(text_pt))
        from reportlab.lib.colors import Color

        return Color(*colour.rgb)

    def shape(self, s: Shape) -> None:
        r = s.rect
        if s.bleed and self.spec.bleed:
            r = _bleed_out(r, self.spec)
        c = self.canvas
        if s.fill:
            c.setFillColor(self.colour(s.fill))
        if s.stroke:
            c.setStrokeColor(self.colour(s.stroke))
            c.setLineWidth(mm_to_pt(s.stroke_width))
        x, y, w, h = mm_to_pt(r.x), self.y(r.bottom), mm_to_pt(r.w), mm_to_pt(r.h)
        fill, stroke = int(s.fill is not None), int(s.stroke is not None)
        if s.kind == "circle":
            c.circle(x + w / 2, y + h / 2, w / 2, stroke=stroke, fill=fill)
        elif s.radius:
            c.roundRect(x, y, w, h, mm_to_pt(s.radius), stroke=stroke, fill=fill)
        else:
            c.rect(x, y, w, h, stroke=stroke, fill=fill)

    def stroke(self, s: Stroke) -> None:
        c = self.canvas
        c.setStrokeColor(self.colour(s.colour))
        c.setLineWidth(mm_to_pt(s.width))
        c.setLineCap(s.cap)
        c.line(mm_to_pt(s.x1), self.y(s.y1), mm_to_pt(s.x2), self.y(s.y2))

    def path(self, p: Path) -> None:
        if p.reuse:
            return self._reused(p)
        if p.fill and not p.stroke and _all_rectangles(p.ops):
            return self._rectangles(p)
        c = self.canvas
        path = c.beginPath()
        for op in p.ops:
            kind, xy = op[0], [mm_to_pt(v + p.dx) if i % 2 == 0 else self.y(v + p.dy) for i, v in enumerate(op[1:])]
            if kind == "M":
                path.moveTo(*xy)
            elif kind == "L":
                path.lineTo(*xy)
            elif kind == "C":
                path.curveTo(*xy)
            else:
                path.close()
        if p.fill:
            c.setFillColor(self.colour(p.fill))
        if p.stroke:
            c.setStrokeColor(self.spot(p.stroke, p.spot) if p.spot else self.colour(p.stroke))
            c.setLineWidth(mm_to_pt(p.width))
            c.setLineJoin(1)
        if p.spot and self.cmyk:  # a die line: overprinted, so it knocks nothing out of the art below it
            c.saveState()
            c.setStrokeOverprint(True)
            c.setFillOverprint(True)
            c.setOverprintMask(True)
            c.drawPath(path, stroke=int(p.stroke is not None), fill=int(p.fill is not None))
            c.restoreState()
            return
        c.drawPath(path, stroke=int(p.stroke is not None), fill=int(p.fill is not None))

    def _reused(self, p: Path) -> None:
        """Draw the path once per document as a form (its ops around its own origin), then place it."""
        from dataclasses import replace

        c = self.canvas
        forms = c.__dict__.setdefault("_principles_path_forms", {})
        key = (p.reuse, p.fill, p.stroke, self.cmyk)
        name = forms.get(key)
        if name is None:
            name = forms[key] = f"Shape{len(forms)}"
            xs = [v for op in p.ops for v in op[1::2]] or [0.0]
            ys = [v for op in p.ops for v in op[2::2]] or [0.0]
            c.beginForm(
                name, mm_to_pt(min(xs)) - 1, -mm_to_pt(max(ys)) - 1, mm_to_pt(max(xs)) + 1, -mm_to_pt(min(ys)) + 1
            )
            _FormPen(c, self.cmyk, self.image_ppi).path(replace(p, reuse=None, dx=0.0, dy=0.0))
            c.endForm()
        c.saveState()
        c.translate(mm_to_pt(p.dx), self.y(p.dy))
        c.doForm(name)
        c.restoreState()

    def _rectangles(self, p: Path) -> None:
        """A path made only of rectangles (a QR code): written as `re` operators in one go."""
        from reportlab.lib.rl_accel import fp_str

        if p.fill is None:
            return
        self.canvas.setFillColor(self.colour(p.fill))
        if self.cmyk and p.fill is not None and _is_dark(p.fill):  # QR modules: 100% K on white, so
            self.canvas.setFillColor(self._solid_black())  # misregistration cannot blur what a scanner reads
        parts = []
        for i in range(0, len(p.ops), 5):
            (_, x0, y0), (_, x1, _), _, (_, _, y1) = p.ops[i : i + 4]
            x, y = mm_to_pt(min(x0, x1) + p.dx), self.y(max(y0, y1) + p.dy)
            parts.append(f"{fp_str(x, y, mm_to_pt(abs(x1 - x0)), mm_to_pt(abs(y1 - y0)))} re")
        self.canvas.addLiteral("\n".join(parts) + "\nf")

    def spot(self, colour: Colour, name: str):
        """A named spot colour (die lines); CMYK alternate for press, plain RGB elsewhere."""
        if not self.cmyk:
            return self.colour(colour)
        from reportlab.lib.colors import CMYKColorSep

        return CMYKColorSep(*colour.cmyk, spotName=name)

    @staticmethod
    def _solid_black():
        from reportlab.lib.colors import CMYKColor

        return CMYKColor(0, 0, 0, 1)

    def registration(self):
        """Marks print on every plate: the Separation named All (PDF 8.6.6.4); black on screen."""
        if not self.cmyk:
            return self.colour(Colour("registration", "#000000", (0, 0, 0, 1)))
        from reportlab.lib.colors import CMYKColorSep

        return CMYKColorSep(1, 1, 1, 1, spotName="All")

    def image(self, item: Image) -> None:
        """Embed each image once per document and size (as a form) and place it wherever it appears;
        placements close in size share one (images.shared_sizes), scaled down where smaller."""
        r = item.rect
        size = (round(r.w, 3), round(r.h, 3))
        forms = self.canvas.__dict__.setdefault("_principles_image_forms", {})
        shared = self.canvas.__dict__.get("_principles_image_sizes", {})
        made_w, made_h = shared.get((id(item.data), *size), size)
        w, h = mm_to_pt(made_w), mm_to_pt(made_h)
        key = (id(item.data), made_w, made_h)
        name = forms.get(key)
        if name is None:
            from generator.images import prepare

            name = forms[key] = f"Logo{len(forms)}"
            larger = self.canvas.__dict__.get("_principles_image_parents", {}).get((id(item.data), made_w, made_h), ())
            image = prepare(item.data, made_w, made_h, self.cmyk, self.image_ppi, larger)
            self.canvas.beginForm(name, 0, 0, w, h)
            rl.draw_image(self.canvas, f"{name}Image", image, w, h)
            self.canvas.endForm()
        self.canvas.saveState()
        self.canvas.translate(mm_to_pt(r.x), self.y(r.bottom))
        if (made_w, made_h) != size:
            self.canvas.scale(size[0] / made_w, size[1] / made_h)
        self.canvas.doForm(name)
        self.canvas.restoreState()

    def text(self, item: TextItem, spaced: tuple[bool, ...] = ()) -> None:
        """Its lines; in tagged output, those `spaced` end with a space, so words survive extraction."""
        c = self.canvas
        sizes = [run.size for line in item.lines for run in line.runs]
        c.setFillColor(self.colour(item.colour, min(sizes) if sizes else None))
        for n, line in enumerate(item.lines):
            runs = line.runs
            spaced_run = runs[-1] if n < len(spaced) and spaced[n] else None  # the run a space ends
            y = self.y(line.baseline)
            rl.draw_line(
                c,
                [
                    (
                        run.font,
                        run.size,
                        mm_to_pt(line.x + run.x),
                        y,
                        run.text + " " if run is spaced_run and not run.text.endswith(" ") else run.text,
                    )
                    for run in runs
                ],
            )

    def crop_marks(self) -> None:
        lines = self.spec.crop_marks()
        if not lines:
            return
        c = self.canvas
        c.setStrokeColor(self.registration())
        c.setLineWidth(MARK_WIDTH_PT)
        c.setLineCap(0)
        for x1, y1, x2, y2 in lines:
            c.line(mm_to_pt(x1), self.y(y1), mm_to_pt(x2), self.y(y2))


class _FormPen(_Pen):
    """Draws inside a form whose origin is the plan's (0, 0): y still grows downwards in the plan."""

    def __init__(self, canvas, cmyk: bool, image_ppi: tuple[float, float]):
        self.canvas, self.cmyk, self.image_ppi = canvas, cmyk, image_ppi

    def y(self, y_mm: float) -> float:
        return -mm_to_pt(y_mm)


def _is_dark(colour: Colour) -> bool:
    from generator.theme import relative_luminance

    return relative_luminance(colour) < 0.2


def _all_rectangles(ops: tuple[tuple, ...]) -> bool:
    """True when ops are rectangles only: M, L, L, L, Z repeated, with square corners."""
    if len(ops) % 5:
        return False
    for i in range(0, len(ops), 5):
        m, a, b, c, z = ops[i : i + 5]
        if (m[0], a[0], b[0], c[0], z[0]) != ("M", "L", "L", "L", "Z"):
            return False
        if not (m[2] == a[2] and a[1] == b[1] and b[2] == c[2] and c[1] == m[1]):
            return False
    return True


def _bleed_out(r, spec: PageSpec):
    """Extend the edges of r that lie on the trim out to the bleed edge."""
    from generator.units import Rect

    tol, b = 0.01, spec.bleed
    x0 = r.x - b if r.x <= tol else r.x
    y0 = r.y - b if r.y <= tol else r.y
    x1 = r.right + b if r.right >= spec.trim_w - tol else r.right
    y1 = r.bottom + b if r.bottom >= spec.trim_h - tol else r.bottom
    return Rect(x0, y0, x1 - x0, y1 - y0)
