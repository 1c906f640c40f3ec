"""Where a run finds its content, and `principles init`: a folder to make your own edition in.

The rule, in order: the folder given with --content; else a `content/` folder in the working
directory; else the content bundled with the tool. Every making command says which it used.
"""

from __future__ import annotations

from pathlib import Path

from generator.content.load import default_content_dir
from generator.errors import PrinciplesError

LOCAL_CONTENT = Path("content")

SAMPLE_CSV = """name,logo,contact,url,accent,edition
Riverside Community Mind,logo.png,01234 567890 | hello@riverside-mind.org.uk,https://www.riverside-mind.org.uk/what-matters,#005EB8,"Adapted by Riverside Community Mind, 2026"
Hillside Back Pain Service,logo.png,01234 567891,https://www.hillside.example.org,#00594F,
"""


def find_content(given: Path | None) -> tuple[Path, str]:
    """The content folder for a run, and a few words saying why it is that one."""
    if given is not None:
        return given, "from --content"
    if LOCAL_CONTENT.is_dir():
        return LOCAL_CONTENT, "the content folder in the working directory"
    return default_content_dir(), "the bundled content: 'principles init DIR' makes a copy to edit"


def placeholder_logo() -> bytes:
    """A plain logo to replace: 1200 x 480 px, 300 ppi at 100 mm wide, in the example accent colour."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 480), (0, 94, 184))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((60, 60, 1140, 420), radius=60, outline=(255, 255, 255), width=24)
    draw.ellipse((150, 150, 330, 330), fill=(255, 255, 255))
    for i, width in enumerate((700, 520)):
        draw.rounded_rectangle((400, 170 + i * 100, 400 + width, 230 + i * 100), radius=30, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def init_files(folder: Path) -> list[tuple[Path, bytes]]:
    """What `principles init` writes: an editable copy of the content, a brand file whose logo is
    there, and a sample organisations CSV for `principles batch`.
    """
    from generator.brand import EXAMPLE

    source = default_content_dir()
    files = [(folder / "content" / p.relative_to(source), p.read_bytes()) for p in sorted(source.rglob("*.toml"))]
    files += [
        (folder / "brand.toml", EXAMPLE.encode()),
        (folder / "logo.png", placeholder_logo()),
        (folder / "organisations.csv", SAMPLE_CSV.encode()),
    ]
    return files


def refuse_to_overwrite(files: list[tuple[Path, bytes]], force: bool) -> None:
    existing = [path for path, _ in files if path.exists()]
    if existing and not force:
        shown = ", ".join(str(p) for p in existing[:3]) + (
            f" and {len(existing) - 3} more" if len(existing) > 3 else ""
        )
        raise PrinciplesError(f"{shown} already exist{'s' if len(existing) == 1 else ''}: use --force to overwrite")
