"""The organisations CSV for `principles batch`, read as people make it (Excel, LibreOffice, by hand).

Delimiter sniffed (comma, semicolon or tab), a UTF-8 BOM and CRLF accepted, header names
case-insensitive and trimmed. A broken file stops the batch; a broken row fails only itself.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

from generator.brand import KEYS
from generator.content.load import nearest
from generator.errors import PrinciplesError
from generator.records import frozen

DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}
# Names Windows keeps for devices: a folder called this cannot be opened there.
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


@frozen
class Row:
    line: int  # the CSV line the row starts on
    name: str
    slug: str
    values: dict
    problem: str = ""  # why this row cannot be made (the other rows still are)
    # how a row with more values than columns was read, where the extra ones are empty (Excel's
    # trailing commas, or a stray comma in a value): said beside any problem its values then have
    read_as: str = ""


@frozen
class Organisations:
    path: Path
    rows: tuple[Row, ...]
    delimiter: str

    def describe(self) -> str:
        """One line: what was read and how it was separated."""
        n = len(self.rows)
        return f"read {self.path}: {n} organisation{'s' if n != 1 else ''}, values separated by {DELIMITERS[self.delimiter]}"


def slugify(name: str) -> str:
    """A folder name from an organisation's name: ASCII letters, digits and hyphens, never a name
    Windows reserves for a device.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    if slug in WINDOWS_RESERVED:
        slug = f"{slug}-organisation"
    return slug or "organisation"


def sniff_delimiter(header_line: str) -> str:
    """The delimiter of the header row: whichever of comma, semicolon and tab it uses most."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PrinciplesError(f"{path}: file not found") from None
    except OSError as exc:
        raise PrinciplesError(f"{path}: cannot read: {exc.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PrinciplesError(f"{path}: not UTF-8 text: save the CSV as UTF-8 (in Excel: CSV UTF-8)") from None


def read_organisations(path: Path) -> Organisations:
    """Read every organisation; raises PrinciplesError for a file that cannot be a batch."""
    text = _decode(path)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise PrinciplesError(
            f"{path}: the file is empty: expected a header row ({','.join(KEYS)}) and a row per organisation"
        )
    delimiter = sniff_delimiter(lines[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    for record in reader:
        if any(cell.strip() for cell in record):
            header = [cell.strip().lower() for cell in record]
            break
    if "name" not in header:
        raise PrinciplesError(
            f"{path}: the header row must name the columns, 'name' first: expected some of {', '.join(KEYS)}"
        )
    unknown = [h for h in header if h and h not in KEYS]  # columns with no heading (Excel's trailing ;;) are left out
    if unknown:
        close = {u: nearest(u, KEYS) for u in unknown}
        hints = [f"{u!r} (did you mean {close[u]!r}?)" if close[u] else repr(u) for u in unknown]
        raise PrinciplesError(f"{path}: unknown column {', '.join(hints)}: expected {', '.join(KEYS)}")
    repeated = sorted({h for h in header if h and header.count(h) > 1})
    if repeated:
        raise PrinciplesError(f"{path}: column {', '.join(repr(r) for r in repeated)} named twice in the header row")
    rows: list[Row] = []
    first_line = reader.line_num + 1
    taken: dict[str, Row] = {}
    for record in reader:
        line, first_line = first_line, reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        rows.append(_row(record, header, line, delimiter, taken))
    if not rows:
        raise PrinciplesError(f"{path}: no organisations: the header row is there but no rows follow it")
    return Organisations(path, tuple(rows), delimiter)


def _row(record: list[str], header: list[str], line: int, delimiter: str, taken: dict[str, Row]) -> Row:
    cells = [cell.strip() for cell in record]
    values = {k: v for k, v in zip(header, cells, strict=False) if v and k}
    name = values.get("name", "")
    slug = slugify(name)
    problem = ""
    unheaded = [v for k, v in zip(header, cells, strict=False) if v and not k]
    missing = [h for h in header[len(cells) :] if h]
    sep = "a comma" if delimiter == "," else f"a {DELIMITERS[delimiter][:-1]}"
    read = ", ".join(f"{k} {v!r}" for k, v in zip(header, cells, strict=False) if k)  # where a stray one shows
    read_as = ""
    if len(cells) > len(header) and not any(cells[len(header) :]):
        read_as = (
            f"the row has {len(cells)} values and the header names {len(header)} columns: read as {read}; "
            f'if a value contains {sep}, put it in double quotes ("...")'
        )
    if len(cells) > len(header) and any(cells[len(header) :]):
        extra = ", ".join(repr(c) for c in cells[len(header) :])
        problem = (
            f"{len(cells)} values but the header names {len(header)} columns: read as {read}, then extra {extra}; "
            f'put a value that contains {sep} in double quotes ("...")'
        )
    elif unheaded:
        problem = f"{', '.join(repr(v) for v in unheaded)} in a column with no heading: name it or move the value"
    elif missing:
        problem = f"{len(cells)} values but the header names {len(header)} columns: no value for {', '.join(missing)}"
    elif slug in taken:
        other = taken[slug]
        problem = (
            f"'{name}' (line {line}) and '{other.name}' (line {other.line}) would share the folder '{slug}': "
            "give each organisation a distinct name"
        )
    row = Row(line, name, slug, values, problem, read_as)
    if not problem:
        taken[slug] = row
    return row
