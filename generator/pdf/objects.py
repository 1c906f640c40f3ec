"""Reads and rewrites our own ReportLab files object by object: the overlay merge and the tagger share it.

Both work on files this tool has just made (a classic xref table, one object per `N 0 obj`), so a
small reader is enough and keeps the bytes as ReportLab wrote them; this is not a general PDF tool.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import operator
import re
import struct
import zlib
from dataclasses import dataclass, field

PACK = 200  # objects per object stream: a reader inflates one stream to reach any of them
_ROW = struct.Struct(">BIH")  # one xref stream row
_IN_STREAM, _INDEX = struct.Struct(">BI"), [struct.pack(">H", i) for i in range(PACK)]  # a packed object's row
_HEADER = [b" ".join([b"%d %d"] * n) + b"\n" for n in range(PACK + 1)]  # an object stream's numbers and offsets
REF = re.compile(rb"(?<![\d.])(\d+) 0 R(?![A-Za-z])")


try:  # ISA-L's deflate: the same Flate streams, 4 to 8 times quicker than zlib's quickest level
    from isal.isal_zlib import compress as _isal_compress
except ImportError:  # a platform python-isal has no wheel for (pyproject.toml): the standard zlib
    _isal_compress = None  # type: ignore[assignment]


def deflate(data: bytes, level: int = 6) -> bytes:
    """Flate-compressed data for a PDF stream. With python-isal (ISA-L), its level 2 whatever
    `level` says: smaller than zlib's level 1 and quicker, and within about 5% of zlib's level 6
    on our content streams and fonts (a worksheet pack's 172 KB: 0.36 ms against 2.4). Without
    it, zlib at `level`, with a window no larger than the data: the same compression, and a small
    stream's setup (zeroing a 32 KB window and its tables each call) far cheaper."""
    if _isal_compress is not None:
        return _isal_compress(data, 2)
    z = zlib.compressobj(level, zlib.DEFLATED, min(15, max(9, (len(data) - 1).bit_length())))
    return z.compress(data) + z.flush()


def find(pattern: bytes, data: bytes, flags: int = 0) -> re.Match[bytes]:
    found = re.search(pattern, data, flags)
    if found is None:
        raise ValueError(f"not a ReportLab file this tool made: no {pattern!r}")
    return found


@dataclass
class ParsedPdf:
    header: bytes
    objects: dict[int, bytes]  # number -> what stands between "N 0 obj" and "endobj"
    root: int
    info: int
    pages: tuple[int, ...]
    _next: int = field(default=0, repr=False)
    # what readers work out from the objects once (generator.pdf.merge: fonts, codes shown)
    memo: dict = field(default_factory=dict, repr=False, compare=False)

    def allocate(self, count: int = 1) -> int:
        """A new object number, the first of `count` in a row (the caller fills them in before writing)."""
        if not self._next:
            self._next = max(self.objects) + 1
        self._next += count
        return self._next - count

    def annots(self, page: int) -> list[int]:
        found = re.search(rb"/Annots (?:\[(.*?)\]|(\d+) 0 R)", self.objects[page], re.S)
        if not found:
            return []
        array = found.group(1) if found.group(1) is not None else self.objects[int(found.group(2))]
        return [int(m.group(1)) for m in REF.finditer(array)]

    def set_annots(self, page: int, numbers: list[int]) -> None:
        """A page's /Annots, in its dictionary (replacing an array it had there or referred to)."""
        body = self.objects[page]
        array = b"/Annots [ " + b" ".join(b"%d 0 R" % n for n in numbers) + b" ]"
        found = re.search(rb"/Annots (?:\[.*?\]|\d+ 0 R)", body, re.S)
        if found:
            self.objects[page] = body[: found.start()] + array + body[found.end() :]
        else:
            self.add_keys(page, array)

    def add_keys(self, number: int, keys: bytes) -> None:
        """Put keys at the start of a dictionary object (ReportLab writes page dictionaries once)."""
        body = self.objects[number]
        at = body.index(b"<<") + 2
        self.objects[number] = body[:at] + b" " + keys + b" " + body[at:]

    def write(self, objects: dict[int, bytes] | None = None) -> bytes:
        """The file with `objects` (default: its own), a fresh xref table and an ID from the contents."""
        objects = self.objects if objects is None else objects
        out = bytearray(self.header)
        offsets = {}
        for number in sorted(objects):
            offsets[number] = len(out)
            out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
        size = max(objects) + 1
        digest = hashlib.md5(bytes(out)).hexdigest().encode()  # noqa: S324 - a file identifier, not security
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for number in range(1, size):
            out += (b"%010d 00000 n \n" % offsets[number]) if number in offsets else b"0000000000 65535 f \n"
        out += b"trailer\n<<\n/ID [<%s><%s>]\n/Info %d 0 R\n/Root %d 0 R\n/Size %d\n>>\nstartxref\n%d\n%%%%EOF\n" % (
            digest,
            digest,
            self.info,
            self.root,
            size,
            xref,
        )
        return bytes(out)

    def write_packed(self, run: tuple[int, list[bytes]] = (0, [])) -> bytes:
        """The file (PDF 1.5 and later) with every object that is not a stream packed into compressed
        object streams, and an xref stream: structure trees are hundreds of small dictionaries,
        which this keeps to a fraction of their size. run: (first number, bodies) of objects in a
        row that are not in `objects` (a structure tree's elements, handed over as a list)."""
        objects = self.objects
        first_run, run_bodies = run
        numbers = sorted(objects)
        info = self.info
        # streams stay loose, and the Info dictionary: its dates stay readable
        kept = [number for number in numbers if number == info or objects[number].endswith(b"endstream")]
        keep = set(kept)
        loose = [number for number in numbers if number not in keep]
        bodies = [objects[number] for number in loose]
        if run_bodies:  # the run's numbers take their place in order among the others
            at = bisect.bisect_left(loose, first_run)
            loose[at:at] = range(first_run, first_run + len(run_bodies))
            bodies[at:at] = run_bodies
        last = max(numbers[-1], first_run + len(run_bodies) - 1)
        out = bytearray(self.header)
        size = last + 1 + -(-len(loose) // PACK) + 1  # the objects, their streams, the xref stream
        rows = bytearray(7 * size)  # the xref stream's rows: type, offset or stream, index (W [ 1 4 2 ])
        rows[0:7] = b"\x00\x00\x00\x00\x00\xff\xff"
        row = _ROW.pack_into
        for number in kept:
            row(rows, 7 * number, 1, len(out), 0)
            out += b"%d 0 obj\n" % number
            out += objects[number]
            out += b"\nendobj\n"
        stream_number = last + 1
        for start in range(0, len(loose), PACK):
            chunk = loose[start : start + PACK]
            pieces = bodies[start : start + PACK]
            # each object's offset: the lengths before it, and a line end after each
            offsets = map(operator.add, itertools.accumulate(map(len, pieces), initial=0), itertools.count())
            first = _HEADER[len(chunk)] % tuple(itertools.chain.from_iterable(zip(chunk, offsets)))
            in_stream = _IN_STREAM.pack(2, stream_number)  # a row: this, then the object's index (2 bytes)
            # the rows of each run of numbers in a row at once: number - index is the same along a run
            steps = list(map(operator.sub, chunk, range(len(chunk))))
            at = 0
            while at < len(chunk):
                end = bisect.bisect_right(steps, steps[at], at)
                rows[7 * chunk[at] : 7 * chunk[end - 1] + 7] = in_stream + in_stream.join(_INDEX[at:end])
                at = end
            pieces.append(b"")  # a line end after the last object too
            packed = deflate(first + b"\n".join(pieces), 1)  # zlib: level 1, a third of the time, 5% bigger
            row(rows, 7 * stream_number, 1, len(out), 0)
            out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
                stream_number,
                len(chunk),
                len(first),
                len(packed),
            )
            out += packed
            out += b"\nendstream\nendobj\n"
            stream_number += 1
        xref_number = stream_number
        row(rows, 7 * xref_number, 1, len(out), 0)
        digest = hashlib.sha256(out).hexdigest()[:32].encode()  # an identifier: SHA-256 is the quickest hash here
        table = deflate(bytes(rows), 1)  # a few KB of rows (zlib: level 1, a third of the time, 8% bigger)
        xref = len(out)
        out += (
            b"%d 0 obj\n<< /Type /XRef /Size %d /W [ 1 4 2 ] /Root %d 0 R /Info %d 0 R /ID [<%s><%s>]"
            b" /Filter /FlateDecode /Length %d >>\nstream\n"
            % (xref_number, size, self.root, self.info, digest, digest, len(table))
        )
        out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref
        return bytes(out)


def pdf_string(text: str) -> bytes:
    """A PDF text string: literal when ASCII, otherwise UTF-16BE with its byte order mark."""
    if text.isascii():
        data = text.encode("ascii")
        if b"\\" in data or b"(" in data or b")" in data:
            data = data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        return b"(" + data + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def stream_data(body: bytes) -> tuple[bytes, bytes]:
    """(dictionary, decoded data) of a stream object."""
    found = re.search(rb">>\s*stream\r?\n", body)  # the first: the data after it may hold any bytes
    if found is None:
        raise ValueError("not a stream object")
    head = body[: found.start() + 2]
    raw = body[found.end() :]
    length = re.search(rb"/Length (\d+)", head)
    if length:  # the data may itself end in a line-end byte: its length says where it stops
        raw = raw[: int(length.group(1))]
    else:
        raw = raw[: raw.rindex(b"endstream")].rstrip(b"\r\n")
    if b"/ASCII85Decode" in head:  # ReportLab's default elsewhere (ours write binary streams)
        import base64

        text = raw.strip().removeprefix(b"<~").removesuffix(b"~>")
        raw = base64.a85decode(text)
    return head, zlib.decompress(raw) if b"/FlateDecode" in head else raw


def parse(data: bytes) -> ParsedPdf:
    """Read a ReportLab PDF's objects through its xref table."""
    start = int(find(rb"startxref\s+(\d+)\s+%%EOF\s*$", data[-64:]).group(1))  # the end: no scan of the file
    head = find(rb"^xref\r?\n0 (\d+)\r?\n", data[start:])
    count, table = int(head.group(1)), start + head.end()
    offsets = {}
    for i in range(1, count):
        line = data[table + 20 * i : table + 20 * i + 20]
        if line[17:18] == b"n":
            offsets[i] = int(line[:10])
    trailer = data[table + 20 * count :]
    ordered = sorted(offsets.items(), key=lambda item: item[1])
    objects = {}
    for index, (number, offset) in enumerate(ordered):
        end = ordered[index + 1][1] if index + 1 < len(ordered) else start
        chunk = data[offset:end]
        label = b"%d 0 obj" % number
        if not chunk.startswith(label):
            raise ValueError(f"object {number} is not where the xref table says")
        objects[number] = chunk[len(label) : chunk.rindex(b"endobj")].strip(b"\r\n")
    root = int(find(rb"/Root (\d+) 0 R", trailer).group(1))
    info = int(find(rb"/Info (\d+) 0 R", trailer).group(1))
    return parsed(data[: min(offsets.values())], objects, root, info)


def parsed(header: bytes, objects: dict[int, bytes], root: int, info: int) -> ParsedPdf:
    """A document of these objects (read from a file, or from ReportLab: generator.pdf.rl.save_objects)."""
    pages_ref = int(find(rb"/Pages (\d+) 0 R", objects[root]).group(1))
    kids = find(rb"/Kids \[(.*?)\]", objects[pages_ref], re.S).group(1)
    pages = tuple(int(m.group(1)) for m in REF.finditer(kids))
    return ParsedPdf(header, objects, root, info, pages)
