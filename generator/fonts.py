"""Registers the fonts with ReportLab and splits text into runs the fonts can draw.

The main family is Atkinson Hyperlegible. Characters it lacks (Welsh ŵ ŷ ẁ ẃ ẅ ỳ, for one)
are drawn from Noto Sans; characters neither has stop the run with an error.
"""

from __future__ import annotations

import io
import zlib
from functools import cache
from pathlib import Path

from generator.errors import AssetError, GlyphError

STYLES = ("regular", "bold", "italic", "bolditalic")
MAIN_FAMILY = "Atkinson Hyperlegible"
FALLBACK_FAMILY = "Noto Sans"
_MAIN_FILES = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bolditalic": "BoldItalic"}
_WEIGHT = {"regular": 400, "bold": 700, "italic": 400, "bolditalic": 700}
# Characters that never need a glyph (line breaks are handled by the layout).
_INVISIBLE = {"\n", "\r", "\t"}


def _main_metrics() -> tuple[float, float, float]:
    """Ascent, descent and cap height of the main font as shares of its em, read from the font's own
    `head`, `hhea` and `OS/2` tables (a few bytes of the file; no font library needed)."""
    import struct

    data = _main_path("regular").read_bytes()
    tables = {
        data[12 + 16 * i : 16 + 16 * i]: struct.unpack(">I", data[20 + 16 * i : 24 + 16 * i])[0]
        for i in range(struct.unpack(">H", data[4:6])[0])
    }
    units = struct.unpack(">H", data[tables[b"head"] + 18 : tables[b"head"] + 20])[0]
    ascender, descender = struct.unpack(">hh", data[tables[b"hhea"] + 4 : tables[b"hhea"] + 8])
    cap = struct.unpack(">h", data[tables[b"OS/2"] + 88 : tables[b"OS/2"] + 90])[0]
    return ascender / units, -descender / units, cap / units


def _main_path(style: str) -> Path:
    try:
        import fontpkg_atkinson_hyperlegible as pkg
    except ImportError:
        raise AssetError("the font package fontpkg-atkinson-hyperlegible is not installed: run pip install .") from None
    return pkg.ROOT / "files" / f"AtkinsonHyperlegible-{_MAIN_FILES[style]}.ttf"


def _fallback_path(italic: bool) -> Path:
    try:
        import fontpkg_noto_sans as pkg
    except ImportError:
        raise AssetError("the font package fontpkg-noto-sans is not installed: run pip install .") from None
    name = "NotoSans-Italic[wdth,wght].ttf" if italic else "NotoSans[wdth,wght].ttf"
    return pkg.ROOT / "files" / name


ASCENT, DESCENT, CAP_HEIGHT = _main_metrics()  # shares of the em: above, below the baseline; capitals


class Fonts:
    """The registered fonts; measures text and splits it into drawable runs."""

    _shared: Fonts | None = None

    @classmethod
    def shared(cls) -> Fonts:
        """One instance per process, so measurements are remembered across products and editions."""
        if cls._shared is None:
            cls._shared = cls()
        return cls._shared

    def __init__(self) -> None:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        self._pdfmetrics = pdfmetrics
        self.names = {}
        for style in STYLES:
            name = f"Atkinson-{_MAIN_FILES[style]}"
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, _main_path(style)))
            self.names[style] = name
        self.coverage = frozenset(chr(c) for c in pdfmetrics.getFont(self.names["regular"]).face.charToGlyph)
        self.fallback_names: dict[str, str] = {}
        self.fallback_coverage: frozenset[str] = frozenset()
        self.memo: dict = {}  # measurements repeat across products and editions: keep them

    def missing_from_main(self, text: str) -> set[str]:
        if self.coverage.issuperset(text):  # the usual case, tested at C speed
            return set()
        return {c for c in text if c not in self.coverage and c not in _INVISIBLE}

    def prepare_fallback(self, texts: list[tuple[str, str]]) -> None:
        """Check every (source, text) pair; register fallback faces for what the main font lacks.

        Raises GlyphError naming the characters and files that no font can draw.
        """
        needed: dict[str, set[str]] = {c: set() for c in self.fallback_coverage}
        for source, text in texts:
            for c in self.missing_from_main(text):
                needed.setdefault(c, set()).add(source)
        if not needed or set(needed) == set(self.fallback_coverage):
            return
        chars = "".join(sorted(needed))
        faces = _fallback_faces(chars)
        covered = set(faces["regular"][1])
        unknown = {c: srcs for c, srcs in needed.items() if c not in covered}
        if unknown:
            where = sorted({s for srcs in unknown.values() for s in srcs})
            listed = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in sorted(unknown))
            raise GlyphError(
                f"{', '.join(where)}: no font has a glyph for {listed}: "
                f"neither {MAIN_FAMILY} nor {FALLBACK_FAMILY} can draw "
                f"{'it' if len(unknown) == 1 else 'them'}; replace or remove "
                f"{'it' if len(unknown) == 1 else 'them'}"
            )
        for style in STYLES:
            name, _ = faces[style]
            self.fallback_names[style] = name
        self.fallback_coverage = frozenset(covered)

    def runs(self, text: str, style: str) -> list[tuple[str, str]]:
        """Split text into (font name, text) runs, switching to the fallback where needed."""
        main, fallback = self.names[style], self.fallback_names.get(style)
        if self.coverage.issuperset(text):  # the usual case: one run, tested at C speed
            return [(main, text)] if text else []
        out: list[tuple[str, str]] = []
        for c in text:
            if c in self.coverage or c in _INVISIBLE:
                font = main
            elif fallback and c in self.fallback_coverage:
                font = fallback
            else:
                raise GlyphError(f"no font has a glyph for '{c}' (U+{ord(c):04X})")
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + c)
            else:
                out.append((font, c))
        return out

    def font_width(self, text: str, font: str, size: float) -> float:
        """Width in points of text in one registered font."""
        return self._pdfmetrics.stringWidth(text, font, size)

    def width(self, text: str, style: str, size: float) -> float:
        """Width in points of text set in the given style and size."""
        key = ("w", text, style, size)
        found = self.memo.get(key)
        if found is None:
            sw = self._pdfmetrics.stringWidth
            if not self.missing_from_main(text):
                found = sw(text, self.names[style], size)
            else:
                found = sum(sw(t, f, size) for f, t in self.runs(text, style))
            self.memo[key] = found
        return found


@cache
def _fallback_faces(chars: str) -> dict[str, tuple[str, frozenset[str]]]:
    """Register the fallback faces for `chars`.

    Regular and italic are the variable fonts' default instances, read as they are; bold ones
    are instanced at weight 700 from a copy reduced to `chars`, which keeps that step quick.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    faces = {}
    for style in STYLES:
        italic = "italic" in style
        if _WEIGHT[style] == 400:
            name = f"NotoSans-{_MAIN_FILES[style]}"
            source: Path | io.BytesIO = _fallback_path(italic)
        else:
            name = f"NotoSans-{_MAIN_FILES[style]}-{zlib.crc32(chars.encode()):08x}"
            source = _bold_instance(_fallback_path(italic), chars, f"NotoSans-{_MAIN_FILES[style]}")
        if name not in pdfmetrics.getRegisteredFontNames():
            data = io.BytesIO(source.read_bytes()) if isinstance(source, Path) else source  # no file left open
            pdfmetrics.registerFont(TTFont(name, data))
        face = pdfmetrics.getFont(name).face
        faces[style] = (name, frozenset(c for c in chars if ord(c) in face.charToGlyph))
    return faces


def _bold_instance(path: Path, chars: str, postscript_name: str) -> io.BytesIO:
    """A static weight-700 copy of the variable font, reduced to chars, under its own name.

    The name matters: ReportLab keeps faces by PostScript name, so an instance still called
    NotoSans-Regular would be swapped for the regular face.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont as FTFont
    from fontTools.varLib import instancer

    font = FTFont(io.BytesIO(path.read_bytes()), lazy=True)  # no file left open
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars + " ")
    subsetter.subset(font)
    font = instancer.instantiateVariableFont(font, {"wght": 700, "wdth": 100})
    for record in font["name"].names:
        if record.nameID in (4, 6):
            record.string = postscript_name
    data = io.BytesIO()
    font.save(data)
    data.seek(0)
    return data
