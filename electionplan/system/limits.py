"""Limits on what a file from outside may make the app do, checked before it is read."""

from __future__ import annotations

import zipfile
from pathlib import Path

from electionplan.domain.errors import ImportFailed

# No real workbook or zipped boundary file unpacks to more than this.
MAX_UNPACKED_BYTES = 400_000_000
# A workbook's parts, one by one. Sheets are streamed, but the shared strings are held whole, and the other
# parts (the workbook, its styles, its relationships) are read whole too.
MAX_SHEET_BYTES = 300_000_000
MAX_SHARED_STRINGS_BYTES = 40_000_000
MAX_OTHER_PART_BYTES = 20_000_000


def _part_limit(name: str) -> int:
    if name.startswith("xl/worksheets/"):
        return MAX_SHEET_BYTES
    return MAX_SHARED_STRINGS_BYTES if name.lower().endswith("sharedstrings.xml") else MAX_OTHER_PART_BYTES


def check_workbook_parts(path: Path) -> None:
    """Refuse a workbook any of whose parts, the shared strings included, unpacks to more than a real one's."""
    check_unpacked_size(path)
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
    for info in parts:
        if info.file_size > _part_limit(info.filename):
            raise ImportFailed(f"{path.name}: its part {info.filename[:80]} unpacks to {info.file_size // 1_000_000:,} MB, "
                               f"more than any real workbook's ({_part_limit(info.filename) // 1_000_000} MB); "
                               "it is refused.")


def check_unpacked_size(path: Path, limit: int = MAX_UNPACKED_BYTES) -> None:
    """Refuse a zip (a workbook, a zipped shapefile) that unpacks to more than any real file would."""
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise ImportFailed(f"{path.name} is not a readable zip file.") from None
    if unpacked > limit:
        raise ImportFailed(f"{path.name} unpacks to {unpacked // 1_000_000:,} MB, more than any real file "
                           f"({limit // 1_000_000} MB); it is refused.")
