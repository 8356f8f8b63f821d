"""Writing output files so a reader never sees half of one.

Output is written to a temporary file in the target's folder, flushed to disk,
then renamed over the target in one step; a failure leaves the target as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from electionplan.domain.errors import ElectionPlanError


class OutputError(ElectionPlanError):
    pass


def _check_target(target: Path) -> None:
    if target.is_dir():
        raise OutputError(f"Cannot write {target}: it is a folder.")
    if not target.parent.exists():
        raise OutputError(f"Cannot write {target}: the folder {target.parent} does not exist.")
    if not os.access(target.parent, os.W_OK):
        raise OutputError(f"Cannot write {target}: the folder {target.parent} is not writable.")
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputError(f"Cannot write {target}: the file is read-only.")


@contextlib.contextmanager
def atomic_output(target: Path | str, mode: int = 0o600) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces target."""
    target = Path(target)
    _check_target(target)
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".part{target.suffix}", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"Cannot write {target}: {exc.strerror or exc}.") from None
    os.close(fd)
    temp = Path(temp_name)
    try:
        temp.unlink()  # writers such as GDAL want to create the file themselves
        yield temp
        if not temp.exists():
            raise OutputError(f"Nothing was written for {target}.")
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except OSError as exc:
        raise OutputError(f"Cannot write {target}: {exc.strerror or exc}.") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def atomic_write_bytes(target: Path | str, data: bytes, mode: int = 0o600) -> None:
    with atomic_output(target, mode) as temp:
        temp.write_bytes(data)
