"""Frozen entry point: the electionplan command line (and `electionplan gui`)."""

import sys

# The install folder may be read-only (Program Files, /opt): never write bytecode there.
sys.dont_write_bytecode = True

from electionplan.cli import main  # noqa: E402 (after the bytecode switch)

if __name__ == "__main__":
    sys.exit(main())
