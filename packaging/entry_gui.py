"""Frozen entry point: the desktop app, with no console window on Windows."""

import sys

# The install folder may be read-only (Program Files, /opt): never write bytecode there.
sys.dont_write_bytecode = True

from electionplan.gui.app import main  # noqa: E402 (after the bytecode switch)

if __name__ == "__main__":
    sys.exit(main())
