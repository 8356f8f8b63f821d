"""Writing files so a reader never sees half of one, and nobody else sees any of it.

Output is written to a temporary "part" file in the target's folder, flushed to
disk, then renamed over the target in one step; a failure leaves the target as
it was. Every file is owner-only (0600) from its first byte: part files are
created with that mode, and while any file is being written the process umask
is 077, so even a library that creates its own file (GDAL writing a
GeoPackage) cannot make it readable by others.

A part file's name carries the writing process's id, `.NAME.PID.XXXX.part`, so
one left behind by a killed process is recognised and removed later.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from electionplan.domain.errors import ElectionPlanError

# A part file, and the journal SQLite may keep beside one.
PART_PATTERN = re.compile(r"^\..+\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.part(?:\.[A-Za-z0-9]+)?(?:-journal|-wal|-shm)?$")


class OutputError(ElectionPlanError):
    pass


_umask_lock = threading.Lock()
_umask_users = 0
_umask_before = 0


@contextlib.contextmanager
def private_files() -> Iterator[None]:
    """Files created meanwhile, by this process's code or any library, are owner-only.

    The umask is process-wide, so nested and concurrent writers share one
    restriction and the last to finish puts the old umask back.
    """
    global _umask_users, _umask_before
    with _umask_lock:
        if _umask_users == 0:
            _umask_before = os.umask(0o077)
        _umask_users += 1
    try:
        yield
    finally:
        with _umask_lock:
            _umask_users -= 1
            if _umask_users == 0:
                os.umask(_umask_before)


def part_file(target: Path, suffix: str = "") -> Path:
    """A new, empty, owner-only part file beside target, named for this process."""
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=f".part{suffix}", dir=target.parent)
    os.close(fd)
    return Path(name)


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (one of another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def remove_stray_parts(folder: Path) -> int:
    """Remove part files that a killed process left in folder; those of live processes are left alone."""
    removed = 0
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            match = PART_PATTERN.match(entry.name)
            if match and int(match.group("pid")) != os.getpid() and not process_alive(int(match.group("pid"))):
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed += 1
    return removed


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
def atomic_output(target: Path | str, mode: int = 0o600, *, fresh: bool = False) -> Iterator[Path]:
    """Yield a part file to write; on success it replaces target.

    With fresh=True the part file is handed over absent, for writers (such as
    GDAL) that must create the file themselves; it is still owner-only.
    """
    from electionplan.system.faults import fault_point

    target = Path(target)
    _check_target(target)
    with private_files():
        try:
            temp = part_file(target, target.suffix)
        except OSError as exc:
            raise OutputError(f"Cannot write {target}: {exc.strerror or exc}.") from None
        try:
            if fresh:
                temp.unlink()
            yield temp
            if not temp.exists():
                raise OutputError(f"Nothing was written for {target}.")
            with open(temp, "rb+") as handle:
                os.fsync(handle.fileno())
            os.chmod(temp, mode)
            fault_point("output-written")
            os.replace(temp, target)
        except OSError as exc:
            raise OutputError(f"Cannot write {target}: {exc.strerror or exc}.") from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()


def atomic_write_bytes(target: Path | str, data: bytes, mode: int = 0o600) -> None:
    with atomic_output(target, mode) as temp:
        temp.write_bytes(data)
