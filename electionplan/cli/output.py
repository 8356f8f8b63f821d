"""What every command shares: opening the plan and printing JSON."""

from __future__ import annotations

import json
import sys


def print_json(data) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


def open_plan(path):
    from electionplan.db.planfile import open_plan_file

    return open_plan_file(path)
