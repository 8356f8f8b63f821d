"""Whether Qt can open a window here, asked before Qt is started, and said in one line if not.

When a system library Qt's display plugin needs is missing (a minimal Debian
without libxcb-cursor0), Qt aborts the process, and the message it leaves
names neither the library nor the package. Loading the plugin ourselves first
gives the loader's own reason, which names the missing library; the Debian
package that holds it is named in the line the user reads.
"""

from __future__ import annotations

import ctypes
import os
import re
import sys
from pathlib import Path

# Libraries whose Debian package name does not follow from the library name.
_PACKAGES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libglib-2.0.so.0": "libglib2.0-0",
}
_MISSING = re.compile(r"([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file")
# What Qt's display plugins need on a minimal Debian, for when the exact library is not known.
QT_RUNTIME_PACKAGES = "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxkbcommon-x11-0 libegl1"


def package_of(library: str) -> str:
    """The Debian package holding a shared library: libxcb-icccm.so.4 -> libxcb-icccm4."""
    if library in _PACKAGES:
        return _PACKAGES[library]
    match = re.fullmatch(r"(lib[\w.+-]+?)\.so\.(\d+).*", library)
    if match is None:
        return library
    name, version = match.group(1).lower(), match.group(2)
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def missing_library_message(loader_error: str) -> str | None:
    """One line for the user from the loader's reason, or None if it names no missing library."""
    found = _MISSING.search(loader_error)
    if found is None:
        return None
    library = found.group(1)
    return (f"electionplan: error: the window cannot open because the system library {library} is missing; "
            f"install it with 'sudo apt-get install {package_of(library)}' (on Debian or Ubuntu) and start again.")


def _platform_plugin() -> Path | None:
    """The display plugin Qt will load on Linux (xcb unless another platform is chosen), if installed."""
    if not sys.platform.startswith("linux"):
        return None
    platform = (os.environ.get("QT_QPA_PLATFORM") or "xcb").split(":")[0].split(";")[0]
    import PySide6  # the package alone, not Qt itself

    folders = [Path(p) for p in os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep) if p]
    folders.append(Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms")
    for folder in folders:
        plugin = folder / f"libq{platform}.so"
        if plugin.exists():
            return plugin
    return None


def platform_problem() -> str | None:
    """The one line to print if Qt's display plugin cannot be loaded here, else None."""
    plugin = _platform_plugin()
    if plugin is None:
        return None  # not Linux, or no plugin to try: Qt's own failure is caught as it happens
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        return missing_library_message(str(exc))
    return None


def fatal_qt_message() -> str:
    """The one line for a failure Qt reports as fatal (no platform plugin could be started); Qt's words go to the log."""
    return ("electionplan: error: the window cannot open: Qt could not start a display plugin; install Qt's runtime "
            "libraries with "
            f"'sudo apt-get install {QT_RUNTIME_PACKAGES}' (on Debian or Ubuntu), or set QT_QPA_PLATFORM=offscreen "
            "to take screenshots without a display.")
