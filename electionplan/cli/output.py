"""What every command shares: opening the plan and printing JSON."""

from __future__ import annotations

import json
import sys


def print_json(data) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def open_plan(location, *, read_only: bool = False):
    """The plan at a path or database URL, through the store seam."""
    from electionplan.db.opening import open_store

    return open_store(location, read_only=read_only)
