"""Hostile PDFs given as a returning officer's sign-off or a candidate's return: one line, bounded, nothing changed.

Each file is built here byte by byte: object streams that unpack to gigabytes
from a couple of megabytes, form-field and page trees that are deep or loop.
"""

from __future__ import annotations

import os
import struct
import zlib

import pytest

from tests.core.hostile import digest, unbounded_refusals


class _Pdf:
    """A PDF written object by object, ending in a classic cross-reference table."""

    def __init__(self, version: bytes = b"1.4"):
        self.out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
        self.offsets: dict[int, int] = {}

    def obj(self, num: int, body: bytes) -> None:
        self.offsets[num] = len(self.out)
        self.out.extend(b"%d 0 obj\n" % num + body + b"\nendobj\n")

    def finish(self, path, root: int = 1) -> None:
        size = max(self.offsets) + 1
        at = len(self.out)
        self.out.extend(b"xref\n0 %d\n" % size)
        for n in range(size):
            self.out.extend(b"%010d 00000 n \n" % self.offsets[n] if n in self.offsets else b"0000000000 65535 f \n")
        self.out.extend(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, at))
        path.write_bytes(bytes(self.out))


def _deflated(data: bytes) -> bytes:
    """data as raw deflate blocks, the last of them final."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(zlib.Z_FINISH)


def _zlib_stream(head: bytes, tail: bytes, packed_tail: bytes) -> bytes:
    """A zlib stream of head + tail (what zlib.compress gives, to any reader), tail packed beforehand: head's
    blocks end in a full flush, so tail's blocks, packed on their own, follow them as they are."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    blocks = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    return b"\x78\xda" + blocks + packed_tail + struct.pack(">I", zlib.adler32(tail, zlib.adler32(head)))


def objstm_bomb(path, streams: int, unpacked_mb: int, kind: bytes = b"/ObjStm", extra: bytes = b"") -> None:
    """A PDF whose form fields each live in an object stream that unpacks to unpacked_mb MB, found through a
    cross-reference stream, as a PDF 1.5 writer packs them."""
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    field_ids = [100 + i for i in range(streams)]

    def obj(num, body: bytes):
        offsets[num] = len(out)
        out.extend(b"%d 0 obj\n" % num + body + b"\nendobj\n")
    obj(1, b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [" + b" ".join(b"%d 0 R" % f for f in field_ids) + b"] >> >>")
    obj(2, b"<< /Type /Pages /Kids [] /Count 0 >>")
    padding = b" " * (unpacked_mb * 1024 * 1024)
    packed_padding = _deflated(padding)  # the same every time: packed once
    for i, fid in enumerate(field_ids):
        body = b"<< /T (f%d) /FT /Tx /V (x) >>" % i
        header = b"%d 0 " % fid
        packed = _zlib_stream(header + body, padding, packed_padding)
        obj(3 + i, b"<< /Type " + kind + extra + b" /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (len(header), len(packed)) + packed + b"\nendstream")
    size = max(field_ids) + 2
    xref_num = size - 1
    rows = []
    for n in range(size):
        if n in offsets:
            rows.append(struct.pack(">BIH", 1, offsets[n], 0))
        elif n in field_ids:
            rows.append(struct.pack(">BIH", 2, 3 + field_ids.index(n), 0))
        elif n == xref_num:
            rows.append(struct.pack(">BIH", 1, len(out), 0))
        else:
            rows.append(struct.pack(">BIH", 0, 0, 0))
    data = b"".join(rows)
    offsets[xref_num] = len(out)
    out.extend(b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % (xref_num, size, len(data)) + data + b"\nendstream\nendobj\n")
    out.extend(b"startxref\n%d\n%%%%EOF\n" % offsets[xref_num])
    path.write_bytes(bytes(out))


def tree_pdf(path, fields: bool, depth: int, cyclic: bool) -> None:
    """A form whose field tree (or page tree) is depth levels deep, or lists a node among its own kids."""
    pdf = _Pdf()
    pdf.obj(1, b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [3 0 R] >> >>")
    kind, leaf = (b"", b"<< /T (ro_comments) /FT /Tx /V (x) >>") if fields else \
        (b"/Type /Pages ", b"<< /Type /Page /MediaBox [0 0 10 10] >>")
    if not fields:
        pdf.obj(3, b"<< /T (ro_comments) /FT /Tx /V (x) >>")
    first = 3 if fields else 2
    if cyclic:
        pdf.obj(first, b"<< %s/T (a) /Kids [4 0 R] /Count 1 >>" % kind)
        pdf.obj(4, b"<< %s/T (b) /Parent %d 0 R /Kids [%d 0 R] /Count 1 >>" % (kind, first, first))
    else:
        for level in range(depth):
            pdf.obj(first if level == 0 else 10 + level,
                    b"<< %s/T (n%d) /Kids [%d 0 R] /Count 1 >>" % (kind, level, 10 + level + 1))
        pdf.obj(10 + depth, leaf)
    if fields:
        pdf.obj(2, b"<< /Type /Pages /Kids [] /Count 0 >>")
    pdf.finish(path)


def hostile_pdfs(tmp_path) -> dict[str, tuple[object, str]]:
    """Case -> (the file, what its one line must say)."""
    objstm_bomb(tmp_path / "bombs.pdf", streams=27, unpacked_mb=70)
    # The type's name written with a #-escape, which a reader takes for the name itself.
    objstm_bomb(tmp_path / "escaped-bombs.pdf", streams=1, unpacked_mb=70, kind=b"/Obj#53tm")
    # Dictionaries that hide their type from a search back from the data: an 'obj' in a string, and a
    # dictionary longer than any plan PDF's.
    objstm_bomb(tmp_path / "disguised-bomb.pdf", streams=1, unpacked_mb=60, extra=b" /Z (obj)")
    objstm_bomb(tmp_path / "forged-header-bomb.pdf", streams=1, unpacked_mb=60, extra=b" /Z (9 0 obj)")
    objstm_bomb(tmp_path / "long-bomb.pdf", streams=1, unpacked_mb=60, extra=b" /Z (" + b"x" * 20_000 + b")")
    for name, fields, depth, cyclic in (("deep-fields", True, 5000, False), ("looping-fields", True, 0, True),
                                        ("deep-pages", False, 5000, False), ("looping-pages", False, 0, True)):
        tree_pdf(tmp_path / f"{name}.pdf", fields, depth, cyclic)
    return {
        "object stream bombs": (tmp_path / "bombs.pdf", "packs objects that unpack to more than any plan PDF's"),
        "escaped object stream bomb": (tmp_path / "escaped-bombs.pdf",
                                       "packs objects that unpack to more than any plan PDF's"),
        "disguised object stream bomb": (tmp_path / "disguised-bomb.pdf",
                                         "packs objects that unpack to more than any plan PDF's"),
        "long-winded object stream bomb": (tmp_path / "long-bomb.pdf",
                                           "packs objects that unpack to more than any plan PDF's"),
        "object stream bomb with a forged header": (tmp_path / "forged-header-bomb.pdf",
                                                    "packs objects that unpack to more than any plan PDF's"),
        "deep field tree": (tmp_path / "deep-fields.pdf", "is not a readable PDF"),
        "looping field tree": (tmp_path / "looping-fields.pdf", ""),
        "deep page tree": (tmp_path / "deep-pages.pdf", ""),
        "looping page tree": (tmp_path / "looping-pages.pdf", ""),
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, tuple[object, str]]:
    """The hostile files, written once (the bombs take seconds to pack) and only ever read."""
    return hostile_pdfs(tmp_path_factory.mktemp("hostile-pdfs"))


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
@pytest.mark.file_store  # the file given to the import is the point, not the store
@pytest.mark.parametrize("kind", ["review", "contributions"])
def test_each_hostile_pdf_gets_one_line_bounded_memory_and_changes_nothing(sample_plan_path, tmp_path, kind, hostile):
    before = digest(sample_plan_path)
    cases = {case: ((kind, path), says) for case, (path, says) in hostile.items()}
    assert unbounded_refusals(tmp_path, sample_plan_path, cases) == {}
    assert digest(sample_plan_path) == before


def test_the_bombs_are_real(hostile):
    """Not vacuous: the object streams do unpack to what the refusal says, far past the limit."""
    from electionplan.importers.pdf_limits import MAX_PACKED_OBJECT_BYTES

    data = hostile["object stream bombs"][0].read_bytes()
    assert len(data) < 2_500_000
    first = data.index(b"stream\n") + len(b"stream\n")
    assert len(zlib.decompressobj().decompress(data[first:], 100_000_000)) > 70_000_000 > MAX_PACKED_OBJECT_BYTES


def test_packed_objects_stored_without_a_filter_count_at_their_own_length(tmp_path):
    """A writer may store a cross-reference or object stream as it is: a small one is read, and one past the
    limit is refused like a bomb."""
    from electionplan.domain.errors import ImportFailed
    from electionplan.importers.pdf_limits import MAX_PACKED_OBJECT_BYTES, check_pdf_before_reading

    def plain_objstm(path, size: int) -> None:
        pdf = _Pdf(b"1.5")
        pdf.obj(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        pdf.obj(2, b"<< /Type /Pages /Kids [] /Count 0 >>")
        content = b"3 0 " + b"<< /T (f) >>" + b" " * size
        pdf.obj(4, b"<< /Type /ObjStm /N 1 /First 4 /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        pdf.finish(path)

    plain_objstm(tmp_path / "small.pdf", 1_000)
    check_pdf_before_reading(tmp_path / "small.pdf")
    plain_objstm(tmp_path / "large.pdf", MAX_PACKED_OBJECT_BYTES + 1)
    with pytest.raises(ImportFailed, match="unpack to more than any plan PDF's"):
        check_pdf_before_reading(tmp_path / "large.pdf")
