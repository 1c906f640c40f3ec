"""Local editions: the brand file (name, logo, contact, web address, accent, edition line).

Reads and checks the brand TOML and the logo; the logo is verified with Pillow here, and
prepared for its target (flattened, CMYK, downsampled) by the press stage.
"""

from __future__ import annotations

import hashlib
import io
import re
import tomllib
import warnings
from pathlib import Path

from generator.content.load import unknown_key_message
from generator.errors import ContentError
from generator.records import frozen
from generator.theme import PAPER, Colour, contrast_ratio

KEYS = ("name", "logo", "contact", "url", "accent", "edition", "show_name")
LOGO_FORMATS = {"PNG", "JPEG", "TIFF", "MPO"}
MAX_LOGO_PIXELS = 50_000_000  # larger logos are refused before they are decoded
_HEX = re.compile(r"#[0-9a-fA-F]{6}")

EXAMPLE = """# A brand file makes a local edition: pass it to any command with --brand FILE.
# Only `name` is required.

# Your organisation's name, as it should be printed.
name = "Riverside Community Mind"

# Your logo: PNG, JPEG or TIFF (not SVG or PDF), relative to this file. For print, supply it
# at 300 ppi at the size it is printed: about 600 pixels wide for a poster footer.
logo = "logo.png"

# One or two lines of contact details.
contact = ["01234 567890", "hello@riverside-mind.org.uk"]

# A web address (http or https) for the QR code; it is printed beside the code too.
url = "https://www.riverside-mind.org.uk/what-matters"

# Optional: an accent colour for your edition, #rrggbb. White text is set on it, so it must
# be dark enough for a contrast of 4.5:1 (WCAG AA).
accent = "#005EB8"

# Optional: a line saying who adapted this edition.
edition = "Adapted by Riverside Community Mind, 2026"

# Optional: with a logo, the name is not typeset again beside it (the logo carries it).
# Set this to true to print the name beside the logo as well.
# show_name = true
"""


@frozen
class Logo:
    """A verified logo: the file's bytes and its pixel size after EXIF orientation."""

    data: bytes
    width: int
    height: int
    source: str

    @property
    def aspect(self) -> float:
        return self.width / self.height


@frozen
class Brand:
    """An organisation's edition: name, logo, contact lines, web address and accent colour."""

    name: str
    logo: Logo | None
    contact: tuple[str, ...]
    url: str | None
    accent: Colour | None
    edition: str | None
    source: str
    show_name: bool | None = None  # None: the name is printed only where there is no logo

    @property
    def shown_url(self) -> str:
        """The web address as printed: without its scheme, as addresses are printed (the link and the
        QR code keep it)."""
        return (self.url or "").split("://", 1)[-1]

    @property
    def shows_name(self) -> bool:
        """Whether the name is typeset beside the logo: always without one, with one if asked."""
        return self.logo is None or bool(self.show_name)

    def digest(self) -> str:
        """Identifies the brand's inputs (logo bytes included) for manifests and batch re-runs."""
        h = hashlib.sha256()
        for part in (
            self.name,
            "\n".join(self.contact),
            self.url or "",
            self.accent.hex if self.accent else "",
            self.edition or "",
        ):
            h.update(part.encode() + b"\0")
        if self.show_name is not None:
            h.update(f"show_name={self.show_name}".encode() + b"\0")
        h.update(self.logo.data if self.logo else b"")
        return h.hexdigest()

    def texts(self) -> list[tuple[str, str]]:
        return [(self.source, t) for t in (self.name, *self.contact, self.url or "", self.edition or "")]


def load_brand(path: Path | str) -> Brand:
    """Read a brand TOML file; raises ContentError listing every problem."""
    path = Path(path)
    label = str(path)
    from generator.content.load import parse_toml

    try:
        data = parse_toml(path.read_bytes())
    except FileNotFoundError:
        raise ContentError([(label, "", "brand file not found")]) from None
    except IsADirectoryError:
        raise ContentError([(label, "", "is a folder: expected a brand file (TOML)")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ContentError([(label, "", f"TOML syntax error: {exc}")]) from None
    except UnicodeDecodeError:
        raise ContentError([(label, "", "not UTF-8 text: save the file as UTF-8")]) from None
    return brand_from_values(data, path.parent, label)


def brand_from_values(values: dict, base: Path, label: str) -> Brand:
    """Check brand values (from TOML or a CSV row); logo paths are relative to `base`."""
    problems: list[tuple[str, str, str]] = []
    unknown = sorted(set(values) - set(KEYS))
    for key in unknown:
        problems.append((label, key, unknown_key_message(key, KEYS)))

    def text(key: str, required: bool = False) -> str | None:
        value = values.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                problems.append((label, key, "missing: expected some text"))
            return None
        if not isinstance(value, str):
            problems.append((label, key, "expected text"))
            return None
        return value.strip()

    name = text("name", required=True)
    contact_raw = values.get("contact")
    contact: tuple[str, ...] = ()
    if isinstance(contact_raw, str) and contact_raw.strip():
        contact = tuple(part.strip() for part in contact_raw.split(" | ") if part.strip())
    elif isinstance(contact_raw, list) and all(isinstance(c, str) for c in contact_raw):
        contact = tuple(c.strip() for c in contact_raw if c.strip())
    elif contact_raw not in (None, ""):
        problems.append((label, "contact", "expected one or two lines of text"))
    if len(contact) > 2:
        problems.append((label, "contact", f"{len(contact)} lines: expected one or two"))
    url = text("url")
    if url and re.match(r"[^\s/:]+\.[^\s/:]+(/\S*)?$", url):  # printed as people write it: www.example.org/x
        url = "https://" + url
    if url and not re.match(r"https?://[^\s/]+\.[^\s]+$", url):
        problems.append((label, "url", f"'{url}' is not a web address: expected http:// or https:// and a domain"))
        url = None
    accent = None
    accent_raw = text("accent")
    if accent_raw:
        if not _HEX.fullmatch(accent_raw):
            problems.append((label, "accent", f"'{accent_raw}' is not a colour: expected #rrggbb"))
        else:
            accent = accent_colour(accent_raw)
            ratio = contrast_ratio(PAPER, accent)
            if ratio < 4.5:
                problems.append(
                    (
                        label,
                        "accent",
                        f"{accent_raw} with white text has a contrast of {ratio:.2f}:1; "
                        "WCAG AA needs 4.5:1: choose a darker colour",
                    )
                )
                accent = None
    logo = None
    logo_raw = text("logo")
    if logo_raw:
        try:
            logo = load_logo(base / logo_raw, label)
        except ContentError as exc:
            problems += [(label, "logo", message) for _, _, message in exc.problems]
    show_name = _flag(values.get("show_name"), label, "show_name", problems)
    if problems:
        raise ContentError(problems)
    return Brand(name or "", logo, contact, url, accent, text("edition"), label, show_name)


def _flag(value, label: str, key: str, problems: list[tuple[str, str, str]]) -> bool | None:
    """A true/false key from TOML (a boolean) or a CSV cell (true, false, yes, no; empty: not set)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "yes", "false", "no"):
        return value.strip().lower() in ("true", "yes")
    problems.append((label, key, f"'{value}' is not true or false"))
    return None


def accent_colour(hex_value: str) -> Colour:
    """A brand colour with its FOGRA39 press build (and a two-plate build for small text)."""
    from generator.colour import press_cmyk, text_build

    return Colour("accent", hex_value.upper(), press_cmyk(hex_value), text_cmyk=text_build(hex_value))


def load_logo(path: Path, label: str) -> Logo:
    """Open and verify a logo with Pillow; refuse vector files, non-images and decompression bombs."""
    from PIL import Image, UnidentifiedImageError

    shown = str(path)
    suffix = path.suffix.lower()
    if suffix in (".svg", ".svgz", ".pdf", ".eps", ".ai"):
        raise ContentError(
            [
                (
                    label,
                    "",
                    f"{shown}: {suffix[1:].upper()} logos are not supported: "
                    "export a PNG at 300 ppi at the printed size",
                )
            ]
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ContentError([(label, "", f"{shown}: file not found")]) from None
    except OSError as exc:
        raise ContentError([(label, "", f"{shown}: cannot read: {exc.strerror}")]) from None
    head = data[:512].lstrip()
    if head.startswith(b"%PDF") or b"<svg" in head:
        raise ContentError(
            [
                (
                    label,
                    "",
                    f"{shown}: vector logos (SVG, PDF) are not supported: export a PNG at 300 ppi at the printed size",
                )
            ]
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None  # opening reads the header only
            try:
                probe = Image.open(io.BytesIO(data))
            finally:
                Image.MAX_IMAGE_PIXELS = limit
            with probe:
                fmt, (w, h) = probe.format, probe.size
                if w * h > MAX_LOGO_PIXELS:  # refuse before anything is decoded
                    raise ContentError(
                        [
                            (
                                label,
                                "",
                                f"{shown}: {w} x {h} pixels is too large to open safely "
                                f"(at most {MAX_LOGO_PIXELS // 1_000_000} million pixels): scale it down",
                            )
                        ]
                    )
                probe.verify()
            from generator.images import decoded

            w, h = decoded(data).size  # decoded and turned upright once, for the pages too
    except ContentError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ContentError([(label, "", f"{shown}: too many pixels to open safely: scale it down")]) from None
    except UnidentifiedImageError:
        raise ContentError([(label, "", f"{shown}: not an image: expected a PNG, JPEG or TIFF file")]) from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise ContentError([(label, "", f"{shown}: damaged image ({exc}): export it again")]) from None
    if fmt not in LOGO_FORMATS:
        raise ContentError([(label, "", f"{shown}: {fmt} images are not supported: expected PNG, JPEG or TIFF")])
    return Logo(data, w, h, shown)
