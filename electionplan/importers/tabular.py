"""Reading the delimited text files councils and campaigns send.

Handles UTF-8 with or without a BOM, UTF-16 and windows-1252; tab or comma
whatever the extension says; a truncated last row; and refuses files too big
or too binary to be what they claim. Every importer reads through here.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from electionplan.domain.errors import ImportFailed
from electionplan.system.limits import check_workbook_parts

MAX_BYTES = 200_000_000
MAX_FIELD = 20_000
# A row's longest line in the file: its fields at their longest, with room for quoting.
MAX_LINE_BYTES = MAX_FIELD * 10
MAX_ROWS = 2_000_000
MAX_JSON_BYTES = 50_000_000
MAX_JSON_RECORDS = 200_000
# A workbook's rows and columns are counted as they stream, never loaded first
# (what it unpacks to is checked before it is opened: system.limits).
MAX_XLSX_ROWS = 200_000
MAX_XLSX_COLUMNS = 200
# What a workbook's sheets and shared strings may unpack to: 200,000 rows of a
# council's widest export is about 100 MB of sheet XML.
MAX_XLSX_SHEET_BYTES = 120_000_000
_XLSX_PARTS = re.compile(r"^xl/(worksheets/[^/]+\.xml|sharedStrings\.xml)$", re.IGNORECASE)
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]*\d+:?[A-Z]*(\d*)\"")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


@dataclass
class Table:
    name: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number, row by lower-cased header)
    encoding: str
    delimiter: str
    problems: list[str] = field(default_factory=list)  # rows skipped, with reasons

    def column(self, *names: str) -> str | None:
        """The first of these header names the file has (case-insensitive)."""
        lowered = {h.lower(): h.lower() for h in self.header}
        for name in names:
            if name.lower() in lowered:
                return name.lower()
        return None


def decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ImportFailed(f"{name} claims to be UTF-16 but is not readable as it.") from None
    sample = data[:4000]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a BOM: every other byte of ASCII text is zero.
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text[:2000]:
                return text, encoding
        raise ImportFailed(f"{name} is not a text file.")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    if text.count("\ufffd") > max(5, len(text) // 100):
        raise ImportFailed(f"{name} is not a text file in a known encoding (UTF-8, UTF-16 or windows-1252).")
    return text, "windows-1252"


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def check_line_lengths(path: Path) -> None:
    """Refuse a file with a line longer than any real row, found while streaming it, before it is decoded or
    parsed: a single 50 MB field would otherwise be copied many times over on its way to a refusal."""
    line, length = 1, 0  # the line being read, and how many bytes of it have been seen
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            ends = np.flatnonzero(np.frombuffer(chunk, dtype=np.uint8) == 10)
            starts = np.concatenate([[0], ends + 1])
            lengths = np.append(ends, len(chunk)) - starts
            lengths[0] += length
            long = np.flatnonzero(lengths[:-1] > MAX_LINE_BYTES) if len(ends) else np.array([], dtype=int)
            if len(long) or lengths[-1] > MAX_LINE_BYTES:
                at = line + (int(long[0]) if len(long) else len(ends))
                raise ImportFailed(f"{path.name}: line {at:,} is longer than {MAX_LINE_BYTES:,} characters, longer "
                                   "than any real row, so the file is refused.")
            line += len(ends)
            length = int(lengths[-1])


def _read_text(path: Path) -> tuple[str, str]:
    """(text, encoding) of a file that may hold a table; refused in one line if it cannot."""
    if not path.exists():
        raise ImportFailed(f"{path} does not exist.")
    if path.is_dir():
        raise ImportFailed(f"{path} is a folder, not a file.")
    size = path.stat().st_size
    if size == 0:
        raise ImportFailed(f"{path.name} is empty.")
    if size > MAX_BYTES:
        raise ImportFailed(f"{path.name} is {size // 1_000_000} MB; files over {MAX_BYTES // 1_000_000} MB are refused.")
    check_line_lengths(path)
    data = path.read_bytes()
    text, encoding = decode(data, path.name)
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise ImportFailed(f"{path.name} is not a text file.")
    return text, encoding


def read_table(path: Path | str, *, required_any: bool = True) -> Table:
    path = Path(path)
    text, encoding = _read_text(path)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ImportFailed(f"{path.name} has no header row.")
    delimiter = _delimiter(lines[0])
    csv.field_size_limit(MAX_FIELD * 10)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = next(reader)
    except (csv.Error, StopIteration):
        raise ImportFailed(f"{path.name} could not be read as a delimited text file.") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    lowered = [h.lower() for h in header]
    table = Table(path.name, header, [], encoding, delimiter)
    ends_cleanly = text.endswith(("\n", "\r"))
    raw_rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if len(raw_rows) >= MAX_ROWS:
                raise ImportFailed(f"{path.name} has more than {MAX_ROWS:,} rows; split it first.")
            raw_rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise ImportFailed(f"{path.name} line {reader.line_num}: {exc}.") from None
    for index, (line, row) in enumerate(raw_rows):
        if not row or all(not cell.strip() for cell in row):
            continue
        last = index == len(raw_rows) - 1
        if len(row) < len(header):
            reason = "truncated (the file ends part-way through it)" if last and not ends_cleanly else f"has {len(row)} of {len(header)} columns"
            table.problems.append(f"row {line}: {reason}; not imported")
            continue
        too_long = next((h for h, cell in zip(header, row, strict=False) if len(cell) > MAX_FIELD), None)
        if too_long:
            table.problems.append(f"row {line}, column {too_long}: value longer than {MAX_FIELD:,} characters; not imported")
            continue
        table.rows.append((line, {name: cell.strip() for name, cell in zip(lowered, row, strict=False)}))
    return table


def read_json_records(path: Path | str) -> list[dict]:
    path = Path(path)
    if not path.exists():
        raise ImportFailed(f"{path} does not exist.")
    if path.stat().st_size > MAX_JSON_BYTES:
        # Parsed whole, JSON costs several times its size in memory: a record list is never this big.
        raise ImportFailed(f"{path.name} is {path.stat().st_size // 1_000_000} MB; JSON files over "
                           f"{MAX_JSON_BYTES // 1_000_000} MB are refused.")
    text, _ = decode(path.read_bytes(), path.name)
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"{path.name} is not valid JSON (line {exc.lineno}: {exc.msg}); it may be truncated.") from None
    except RecursionError:
        raise ImportFailed(f"{path.name} is nested too deeply to be a list of records.") from None
    except ValueError:  # a number of thousands of digits
        raise ImportFailed(f"{path.name} holds a number too long to be real data.") from None
    if isinstance(data, dict):
        for key in ("results", "data", "items", "records", "stations", "contributions", "incidents"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise ImportFailed(f"{path.name} does not hold a list of records.")
    if len(data) > MAX_JSON_RECORDS:
        raise ImportFailed(f"{path.name} holds more than {MAX_JSON_RECORDS:,} records; split it first.")
    return data


@dataclass
class FrameTable:
    """A delimited file read column-wise: cells as stripped text, `_line` the file line of each row."""

    name: str
    header: list[str]
    frame: pd.DataFrame  # columns by lower-cased header, plus _line
    encoding: str
    delimiter: str
    problems: list[str] = field(default_factory=list)


def frame_from_table(table: Table) -> FrameTable:
    lowered = [h.lower() for h in table.header]
    frame = pd.DataFrame.from_records([row for _, row in table.rows], columns=lowered).fillna("")
    frame["_line"] = [line for line, _ in table.rows]
    return FrameTable(table.name, table.header, frame, table.encoding, table.delimiter, list(table.problems))


@dataclass(frozen=True)
class _Shape:
    fields: np.ndarray  # fields on each line
    longest_line: int
    padded: bool  # some cell has spaces or tabs at its ends


def _shape_of(text: str, unquoted_text: str, delimiter: str) -> _Shape | None:
    """Fields per line, and whether cells need stripping, over the whole text at once (no loop per row)."""
    try:
        raw = np.frombuffer(unquoted_text.encode("utf-8"), dtype=np.uint8)
        quoted = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    except UnicodeEncodeError:
        return None
    if raw.size == 0 or len(delimiter.encode()) != 1:
        return None
    line_end = np.flatnonzero(raw == 10)
    if (raw == 13).any() and (raw[line_end - 1] == 13).sum() != (raw == 13).sum():
        return None  # lone carriage returns: leave them to the careful reader
    ends = np.concatenate([line_end, [raw.size]]) if raw[-1] != 10 else line_end
    delimiters = np.flatnonzero(raw == ord(delimiter))
    fields = np.diff(np.concatenate([[0], np.searchsorted(delimiters, ends)])) + 1
    space = (raw == 32) | (raw == 9)
    edge = (raw == ord(delimiter)) | (raw == 10) | (raw == 13)
    quote_space = ((quoted[:-1] == 34) & ((quoted[1:] == 32) | (quoted[1:] == 9))) | \
                  (((quoted[:-1] == 32) | (quoted[:-1] == 9)) & (quoted[1:] == 34))
    padded = bool(space[0] or (space[:-1] & edge[1:]).any() or (edge[:-1] & space[1:]).any() or quote_space.any())
    # Line lengths in bytes of the text as written: an upper bound on any cell's length.
    bounds = np.concatenate([[-1], np.flatnonzero(quoted == 10), [quoted.size]])
    return _Shape(fields, int(np.diff(bounds).max()), padded)


def read_frame(path: Path | str) -> FrameTable:
    """Like read_table, but through pandas' C parser for national-size files.

    Files whose rows do not map one-to-one onto lines (quoted line breaks,
    blank or short rows) go through read_table, which reports each problem row.
    """
    path = Path(path)
    text, encoding = _read_text(path)
    lines = text.splitlines()
    if not lines or not text.endswith(("\n", "\r")) or any(not line.strip() for line in lines):
        return frame_from_table(read_table(path))
    delimiter = _delimiter(lines[0])
    header = [h.strip() for h in next(csv.reader([lines[0]], delimiter=delimiter))]
    table = Table(path.name, header, [], encoding, delimiter)
    data_lines = len(lines) - 1
    unquoted_text = re.sub(r'"(?:[^"]|"")*"', "", text)
    shape = _shape_of(text, unquoted_text, delimiter)
    if shape is None or len(shape.fields) != len(lines) or (shape.fields != len(header)).any():
        return frame_from_table(read_table(path))  # short or long rows: reported row by row there
    try:
        frame = pd.read_csv(io.StringIO(text, newline=""), sep=table.delimiter, dtype=str, keep_default_na=False,
                            na_filter=False, header=0, names=[h.lower() for h in table.header], engine="c",
                            quoting=csv.QUOTE_MINIMAL, skip_blank_lines=False)
    except (pd.errors.ParserError, ValueError, csv.Error):
        return frame_from_table(read_table(path))
    if len(frame) != data_lines or len(frame) > MAX_ROWS or shape.longest_line > MAX_FIELD:
        return frame_from_table(read_table(path))  # an over-long value is reported there
    if shape.padded:
        frame = frame.apply(lambda column: column.str.strip())
    frame["_line"] = np.arange(2, len(frame) + 2)
    return FrameTable(table.name, table.header, frame, table.encoding, table.delimiter)


def check_xlsx_sheets(path: Path) -> None:
    """Refuse a workbook whose sheets unpack too large or hold too many rows, before any XML is parsed.

    A zip member never unpacks to more than its declared size, so the declared
    sizes bound the work; the rows are then counted from the sheet's own
    dimension and by scanning its row tags, which takes a second where parsing
    them would take minutes. The workbook as a whole is bounded first (check_workbook_parts).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = [info for info in archive.infolist() if _XLSX_PARTS.match(info.filename)]
            unpacked = sum(info.file_size for info in parts)
            if unpacked > MAX_XLSX_SHEET_BYTES:
                raise ImportFailed(f"{path.name}: its sheets unpack to {unpacked // 1_000_000:,} MB, more than a council's "
                                   f"file ({MAX_XLSX_SHEET_BYTES // 1_000_000} MB); it is refused.")
            for info in parts:
                if info.filename.lower().startswith("xl/worksheets/"):
                    _count_sheet_rows(archive, info, path.name)
    except zipfile.BadZipFile:
        raise ImportFailed(f"{path.name} is not a readable XLSX workbook.") from None


def _count_sheet_rows(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    refusal = f"{name} has more than {MAX_XLSX_ROWS:,} rows; no council's stations need so many, so it is refused."
    with archive.open(info) as stream:
        head = stream.read(65_536)
        declared = _DIMENSION.search(head)
        if declared and declared.group(1) and int(declared.group(1)) > MAX_XLSX_ROWS:
            raise ImportFailed(f"{name} declares {int(declared.group(1)):,} rows, more than {MAX_XLSX_ROWS:,}; no "
                               "council's stations need so many, so it is refused.")
        rows, tail, chunk = 0, b"", head
        while chunk:
            block = tail + chunk
            rows += len(_ROW_TAG.findall(block)) - len(_ROW_TAG.findall(tail))
            if rows > MAX_XLSX_ROWS:
                raise ImportFailed(refusal)
            tail, chunk = block[-16:], stream.read(4_194_304)


def read_xlsx_table(path: Path) -> Table:
    """The first sheet of a workbook as a table, streamed and capped."""
    check_workbook_parts(path)  # every part, shared strings included
    check_xlsx_sheets(path)  # the sheets together, and their rows
    try:
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise ImportFailed(f"{path.name} is not a readable XLSX workbook.") from None
    try:
        rows = _xlsx_rows(book.worksheets[0], path.name)
    finally:
        book.close()
    if not rows:
        raise ImportFailed(f"{path.name} is empty.")
    header = [str(h or "").strip() for h in rows[0]]
    table = Table(path.name, header, [], "xlsx", "")
    for n, row in enumerate(rows[1:], start=2):
        if row is None or all(c in (None, "") for c in row):
            continue
        table.rows.append((n, {h.lower(): "" if c is None else str(c).strip() for h, c in zip(header, row, strict=False)}))
    return table


def _xlsx_rows(sheet, name: str) -> list[tuple]:
    """The sheet's rows, streamed and counted: a sheet claiming millions of rows is refused as it goes."""
    declared = sheet.max_row or 0  # from the sheet's own dimension, read without loading a row
    if declared > MAX_XLSX_ROWS:
        raise ImportFailed(f"{name} declares {declared:,} rows, more than {MAX_XLSX_ROWS:,}; no council's stations "
                           "need so many, so it is refused.")
    rows = []
    for row in sheet.iter_rows(values_only=True, max_col=MAX_XLSX_COLUMNS):
        rows.append(row)
        if len(rows) > MAX_XLSX_ROWS:
            raise ImportFailed(f"{name} has more than {MAX_XLSX_ROWS:,} rows; no council's stations need so many, "
                               "so it is refused.")
    return rows
