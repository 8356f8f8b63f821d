"""Limits on a PDF from outside (a returning officer's sign-off, a candidate's return), checked before it is read.

Only the form's fields and the document's information are read back, but to
find them the PDF library unpacks the file's object and cross-reference
streams and walks its trees. A file of a few megabytes can hold streams that
unpack to gigabytes, or trees that are deep or loop. So before the library
sees the file, every stream in it that unpacks is unpacked here, a piece at a
time and without keeping what it unpacks to, against two budgets for the whole
file: one for its object and cross-reference streams, and one, scaled to the
file's size, for every stream whatever its dictionary says (which a file can
disguise); and whatever the library itself still refuses (a tree too deep or
looping) ends in the same one line.
"""

from __future__ import annotations

import contextlib
import logging
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from pypdf.errors import PyPdfError

from electionplan.domain.errors import ImportFailed

# A plan's returning officer's edition for a whole nation is tens of megabytes.
MAX_PDF_BYTES = 200_000_000
# All of a file's object and cross-reference streams, unpacked: a 75-seat force's returning officer's edition
# holds about a megabyte of them (a 650-seat plan's, 72 MB, is past it: a returning officer signs off the
# edition for their own area); the library reads them byte by byte, so this also bounds its time.
MAX_PACKED_OBJECT_BYTES = 16_000_000
_PIECE = 1 << 20
_NAME_ESCAPE = re.compile(rb"#([0-9a-fA-F]{2})")
# Where a stream's data begins; its dictionary lies between the object's "obj" and this.
_STREAM_START = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_DICTIONARY_REACH = 8192
_OBJECT_HEADER = re.compile(rb"\d+\s+\d+\s+obj\b")
_ENCRYPTED = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")  # the trailer's security handler
# All of a file's streams, unpacked, for each byte of the file.
MAX_UNPACKED_PER_BYTE = 4


def _unpacked_size(data: bytes, start: int, budget: int) -> int | None:
    """How much the deflated stream at start unpacks to, up to budget + 1; None if it is not deflated data."""
    inflater = zlib.decompressobj()
    total, position = 0, start
    try:
        while not inflater.eof and position < len(data) and total <= budget:
            total += len(inflater.decompress(data[position:position + _PIECE], budget + 1 - total))
            position += _PIECE
            while inflater.unconsumed_tail and total <= budget:
                total += len(inflater.decompress(inflater.unconsumed_tail, budget + 1 - total))
    except zlib.error:
        return None
    return total


def _dictionary_before(data: bytes, stream_start: int) -> bytes | None:
    """The dictionary of the stream whose keyword starts at stream_start, its names unescaped; None where no
    object begins within reach of it (a dictionary longer than any plan PDF's, or a disguised one)."""
    window = data[max(0, stream_start - _DICTIONARY_REACH):stream_start]
    headers = list(_OBJECT_HEADER.finditer(window))
    if not headers:
        return None
    # Names may be written with #-escapes (/Obj#53tm), which the library reads as the name itself; only the
    # dictionary is read so, never the packed data before or after it, which a '#' may hold by chance.
    return _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), window[headers[-1].end():])


def check_pdf_before_reading(path: Path) -> None:
    """Refuse a PDF that is too large, or whose packed objects unpack to more than any real form's."""
    if not path.exists():
        raise ImportFailed(f"{path} does not exist.")
    size = path.stat().st_size
    if size > MAX_PDF_BYTES:
        raise ImportFailed(f"{path.name} is {size // 1_000_000:,} MB, larger than any plan PDF "
                           f"({MAX_PDF_BYTES // 1_000_000} MB); nothing was recorded.")
    data = path.read_bytes()
    if _ENCRYPTED.search(data):
        raise ImportFailed(f"{path.name} is protected (encrypted), as no plan PDF is; save it again without "
                           "security and import that copy. Nothing was recorded.")
    objects = MAX_PACKED_OBJECT_BYTES
    # Every stream that unpacks is counted too, whatever its dictionary says (a file can disguise one): a plan
    # PDF's pages and fonts unpack to about twice the file, a bomb's to hundreds of times it.
    everything = max(MAX_PACKED_OBJECT_BYTES, MAX_UNPACKED_PER_BYTE * size)
    for found in _STREAM_START.finditer(data):
        dictionary = _dictionary_before(data, found.start())
        # No object within reach: the word inside a stream's data (a font's licence), or a disguised dictionary,
        # which the count of everything still holds.
        packed = dictionary is not None and (b"/ObjStm" in dictionary or b"/XRef" in dictionary)
        unpacked = _unpacked_size(data, found.end(), max(objects, everything))
        if unpacked is None and packed and dictionary is not None and b"/Filter" not in dictionary:
            end = data.find(b"endstream", found.end())  # stored as it is (an incremental save may): its length
            unpacked = (len(data) if end < 0 else end) - found.end()
        if unpacked is None:
            if not packed:
                continue  # a picture, or data packed otherwise: the form's fields are read without it
            raise ImportFailed(f"{path.name} packs its objects in a way no plan PDF does; nothing was recorded.")
        objects -= unpacked if packed else 0
        everything -= unpacked
        if objects < 0 or everything < 0:
            raise ImportFailed(f"{path.name} packs objects that unpack to more than any plan PDF's "
                               f"({MAX_PACKED_OBJECT_BYTES // 1_000_000} MB); nothing was recorded.")


@contextlib.contextmanager
def reading_pdf(path: Path) -> Iterator[None]:
    """Read a checked PDF with the library quiet, any refusal of its own (a tree too deep or looping, a damaged
    file) ending in one line."""
    check_pdf_before_reading(path)
    # A damaged or foreign file makes the PDF library log its repairs; the user gets one line from us instead.
    library = logging.getLogger("pypdf")
    before = library.level
    library.setLevel(logging.CRITICAL)
    try:
        yield
    except (PyPdfError, RecursionError, OSError, ValueError, KeyError, TypeError, AttributeError):
        raise ImportFailed(f"{path.name} is not a readable PDF.") from None
    finally:
        library.setLevel(before)
