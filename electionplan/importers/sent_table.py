"""Reading the spreadsheets a SPOC is sent (events, threat reports, duty capacity), bounded as they stream.

A file from a community group or a party agent is untrusted: it is read a
line at a time, and its size, its number of rows and the length of every line
and field are checked before anything bigger is held, so a file of a million
rows or one 50 MB cell is refused in one line without being loaded. Columns
are found by the same loose matcher the station import uses; every problem is
kept as "row N, column C: reason" and any problem refuses the whole file.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from electionplan.domain.errors import ImportFailed
from electionplan.domain.text import clean_text
from electionplan.importers.matching import match_columns
from electionplan.importers.tabular import MAX_FIELD, MAX_XLSX_COLUMNS, _delimiter, decode
from electionplan.system.limits import check_unpacked_size

MAX_SENT_BYTES = 64_000_000  # a national list of 100,000 rows is a few MB
MAX_SENT_ROWS = 100_000
MAX_LINE_CHARS = 200_000  # a row of many full-length fields; anything longer is not a spreadsheet row
MAX_PROBLEMS = 1_000  # enough to fix a file by; a file of a million bad rows keeps only these
_SAMPLE_BYTES = 65_536
# Characters that show as nothing and have no part in any script: in a sent list they only make one name
# look like another ("Town\u200bHall" a second venue beside the plan's "TownHall"), so they are dropped.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\u180e\ufeff\u00ad"))
# A list from a returning officer often has a title, a date or a marking above its header row.
HEADER_SEARCH_ROWS = 10


@dataclass
class RowProblems:
    """What is wrong with a file, row by row, capped so a hostile file cannot fill memory with them."""

    found: list[tuple[int, str]] = field(default_factory=list)
    total: int = 0

    @property
    def items(self) -> list[str]:
        """The problems in the order of the file's rows."""
        return [text for _, text in sorted(self.found, key=lambda item: item[0])]

    def add(self, line: int, column: str, reason: str) -> None:
        self.total += 1
        if len(self.found) < MAX_PROBLEMS:
            self.found.append((line, f"row {line}, column {column}: {reason}"))

    def add_rows(self, lines, mask, column: str, reasons) -> None:
        """One problem for each row the mask marks; `reasons` is one text or one per row."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        picked = np.asarray(lines)[mask]
        texts = [reasons] * len(picked) if isinstance(reasons, str) else list(np.asarray(reasons, dtype=object)[mask])
        for line, reason in zip(picked[:MAX_PROBLEMS], texts[:MAX_PROBLEMS], strict=False):
            self.add(int(line), column, str(reason))
        self.total += max(0, len(picked) - MAX_PROBLEMS)

    def refuse_if_any(self, name: str) -> None:
        if self.total:
            raise ImportFailed(f"{name} has {self.total:,} problem(s); nothing was imported.", self.items)


@dataclass
class SentTable:
    """The file's rows as text, one column per field it has (`_line` the row as the user numbers it)."""

    name: str
    format: str
    frame: pd.DataFrame
    columns: dict[str, str]  # field -> the file's own header text, for messages

    def has(self, name: str) -> bool:
        return name in self.columns

    def column(self, name: str) -> pd.Series:
        """The field's cells, or empty text where the file has no such column."""
        if name in self.frame:
            return self.frame[name]
        return pd.Series("", index=self.frame.index, dtype=object)

    def label(self, name: str) -> str:
        return self.columns.get(name, name)


def _source(path: Path | str, what: str, synonyms: Mapping[str, tuple[str, ...]], required: tuple[str, ...]
            ) -> tuple[str, list[str], Iterator[tuple[int, list[str]]], dict[str, str]]:
    """(format, header, rows as they stream, field -> lower-cased column) of a file that claims to be a list."""
    path = Path(path)
    if not path.is_file():
        raise ImportFailed(f"{path} does not exist." if not path.exists() else f"{path} is not a file.")
    size = path.stat().st_size
    if size == 0:
        raise ImportFailed(f"{path.name} is empty.")
    if size > MAX_SENT_BYTES:
        raise ImportFailed(f"{path.name} is {size // 1_000_000:,} MB; {what} files over "
                           f"{MAX_SENT_BYTES // 1_000_000} MB are refused.")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        label, header, rows = _xlsx_source(path, synonyms, required)
    else:
        label, header, rows = _csv_source(path, synonyms, required)
    columns = match_columns(header, synonyms)
    missing = [name for name in required if name not in columns]
    if missing:
        raise ImportFailed(f"{path.name} is not {what} file: it has no {', '.join(missing)} column "
                           f"(its columns are {', '.join(h for h in header if h)[:300] or 'none'}).")
    return label, header, rows, columns


def read_sent_table(path: Path | str, what: str, synonyms: Mapping[str, tuple[str, ...]],
                    required: tuple[str, ...]) -> SentTable:
    """The file as a table of the fields it has; refused in one line when it is not what it claims."""
    label, header, rows, columns = _source(path, what, synonyms, required)
    written = {h.lower(): h for h in header}
    return _table(Path(path).name, label, header, rows, {f: written[c] for f, c in columns.items()}, columns)


def preview_sent_table(path: Path | str, what: str, synonyms: Mapping[str, tuple[str, ...]], required: tuple[str, ...],
                       limit: int) -> tuple[list[str], list[list[str]], str, dict[str, str]]:
    """(header, the first rows, format, field -> column) read no further than `limit` rows."""
    label, header, rows, columns = _source(path, what, synonyms, required)
    shown: list[list[str]] = []
    try:
        for _, row in rows:
            if len(shown) >= limit:
                break
            if any(cell.strip() for cell in row):
                shown.append([cell[:200] for cell in (row + [""] * len(header))[: len(header)]])
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    return header, shown, label, columns


def _table(name: str, label: str, header: list[str], rows: Iterator[tuple[int, list[str]]],
           written: dict[str, str], columns: dict[str, str]) -> SentTable:
    positions = {h.lower(): i for i, h in reversed(list(enumerate(header)))}
    wanted = [(f, positions[c]) for f, c in columns.items()]
    kept: list[list[str]] = []
    lines: list[int] = []
    problems = RowProblems()
    for line, row in rows:
        if len(kept) >= MAX_SENT_ROWS:
            raise ImportFailed(f"{name} has more than {MAX_SENT_ROWS:,} rows; no list a force is sent is so long, "
                               "so it is refused. Split it first.")
        if not any(cell.strip() for cell in row):
            continue
        too_long = next((i for i, cell in enumerate(row) if len(cell) > MAX_FIELD), None)
        if too_long is not None:
            column = header[too_long] if too_long < len(header) else f"{too_long + 1}"
            raise ImportFailed(f"{name} row {line}, column {column}: a value of {len(row[too_long]):,} characters, "
                               f"more than {MAX_FIELD:,}; nothing was imported.")
        if len(row) < len(header) and any(p >= len(row) for _, p in wanted):
            problems.add(line, "(all)", f"has {len(row)} of {len(header)} columns")
            continue
        kept.append([row[p].strip() if p < len(row) else "" for _, p in wanted])
        lines.append(line)
    problems.refuse_if_any(name)
    if not kept:
        raise ImportFailed(f"{name} has a header but no rows.")
    frame = pd.DataFrame(kept, columns=[f for f, _ in wanted], dtype=object)
    frame["_line"] = np.asarray(lines, dtype=np.int64)
    return SentTable(name, label, frame, written)


def _encoding(path: Path) -> str:
    """The file's encoding, judged from its start (the rest is decoded strictly as it streams)."""
    with path.open("rb") as handle:
        sample = handle.read(_SAMPLE_BYTES)
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and b"\x00" not in sample:
        cut = sample.rfind(b"\n")
        sample = sample[: cut + 1] if cut > 0 and len(sample) == _SAMPLE_BYTES else sample
    return decode(sample, path.name)[1]


def _lines(path: Path, encoding: str) -> Iterator[str]:
    with path.open(encoding=encoding, newline="") as handle:
        number = 0
        while True:
            try:
                line = handle.readline(MAX_LINE_CHARS + 1)
            except UnicodeDecodeError:
                raise ImportFailed(f"{path.name} line {number + 1} is not {encoding} text like the lines "
                                   "before it; save the file as UTF-8 and import it again.") from None
            if not line:
                return
            number += 1
            if len(line) > MAX_LINE_CHARS:
                raise ImportFailed(f"{path.name} line {number} is longer than {MAX_LINE_CHARS:,} characters; "
                                   "no row of a real list is, so the file is refused.")
            if "\x00" in line:
                raise ImportFailed(f"{path.name} is not a text file.")
            # Cleaned a line at a time: the same as cleaning each cell, since tabs and line breaks are kept.
            yield clean_text(line).translate(INVISIBLE)


def _header(path: Path, line: str) -> tuple[str, list[str]]:
    delimiter = _delimiter(line)
    try:
        return delimiter, [h.strip() for h in next(csv.reader([line], delimiter=delimiter), [])]
    except csv.Error:
        raise ImportFailed(f"{path.name} has no readable header row.") from None


def _csv_source(path: Path, synonyms: Mapping[str, tuple[str, ...]], required: tuple[str, ...]
                ) -> tuple[str, list[str], Iterator[tuple[int, list[str]]]]:
    """The file's header and rows; a title line above the header (a workbook saved as CSV) is passed over."""
    encoding = _encoding(path)
    lines = _lines(path, encoding)
    top = list(itertools.islice(lines, HEADER_SEARCH_ROWS))
    if not any(line.strip() for line in top):
        raise ImportFailed(f"{path.name} has no header row.")
    at = next((n for n, line in enumerate(top) if line.strip() and all(
        name in match_columns(_header(path, line)[1], synonyms) for name in required)), 0)
    delimiter, header = _header(path, top[at])

    def rows() -> Iterator[tuple[int, list[str]]]:
        csv.field_size_limit(MAX_LINE_CHARS)
        reader = csv.reader(itertools.chain(top[at + 1:], lines), delimiter=delimiter)
        try:
            for row in reader:
                yield reader.line_num + at + 1, row
        except csv.Error as exc:
            raise ImportFailed(f"{path.name} line {reader.line_num + at + 1}: {exc}.") from None

    names = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}
    return f"CSV ({encoding}, {names.get(delimiter, delimiter)}-separated)", header, rows()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value)).translate(INVISIBLE)


def _xlsx_source(path: Path, synonyms: Mapping[str, tuple[str, ...]], required: tuple[str, ...]
                 ) -> tuple[str, list[str], Iterator[tuple[int, list[str]]]]:
    """The first sheet whose header has the required columns: a cover or notes sheet before it is passed over.

    The header is the first of the sheet's top rows that has them, so the title rows above it are passed over
    and the rows keep the numbers the spreadsheet shows.
    """
    check_unpacked_size(path, MAX_SENT_BYTES * 4)  # shared strings and XML cost a few times the cells they hold
    try:
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise ImportFailed(f"{path.name} is not a readable XLSX workbook.") from None
    for sheet in book.worksheets:
        top = sheet.iter_rows(values_only=True, max_row=HEADER_SEARCH_ROWS, max_col=MAX_XLSX_COLUMNS)
        for number, cells in enumerate(top, start=1):
            header = [_cell(c).strip() for c in cells]
            if all(name in match_columns(header, synonyms) for name in required):
                if (sheet.max_row or 0) > MAX_SENT_ROWS + number:
                    book.close()
                    raise ImportFailed(f"{path.name} sheet '{sheet.title}' declares {sheet.max_row:,} rows, more than "
                                       f"{MAX_SENT_ROWS:,}; it is refused.")
                return f"XLSX workbook, sheet '{sheet.title}'", header, _sheet_rows(book, sheet, number + 1)
    titles = ", ".join(f"'{s.title}'" for s in book.worksheets)
    book.close()
    raise ImportFailed(f"{path.name}: none of its sheets ({titles}) has the columns {', '.join(required)} in one of "
                       f"its first {HEADER_SEARCH_ROWS} rows.")


def _sheet_rows(book, sheet, first: int) -> Iterator[tuple[int, list[str]]]:
    try:
        for number, row in enumerate(sheet.iter_rows(min_row=first, values_only=True, max_col=MAX_XLSX_COLUMNS),
                                     start=first):
            yield number, [_cell(c) for c in row]
    finally:
        book.close()


@dataclass
class SentImportReport:
    """What an import of a sent file did: rows read, records added and changed, and what it noted."""

    file: str
    format: str
    rows: int
    added: int = 0
    changed: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> int:
        return self.rows - self.added - self.changed


def repeated_rows(table: SentTable, keys: list[pd.Series]) -> tuple[np.ndarray, np.ndarray]:
    """(rows repeating an earlier row's key, that earlier row's line) over whole columns."""
    frame = pd.DataFrame({f"k{i}": key.to_numpy() for i, key in enumerate(keys)})
    repeated = frame.duplicated(keep="first").to_numpy()
    first = table.frame["_line"].groupby([frame[c] for c in frame], dropna=False).transform("first").to_numpy()
    return repeated, first
