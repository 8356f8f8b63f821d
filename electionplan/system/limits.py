"""Limits on what a file from outside may make the app do, checked before it is read."""

from __future__ import annotations

import zipfile
from pathlib import Path

from electionplan.domain.errors import ImportFailed

# No real workbook or zipped boundary file unpacks to more than this.
MAX_UNPACKED_BYTES = 400_000_000


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
