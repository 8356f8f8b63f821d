"""Council names for local authority GSS codes, from the table the app ships (resources/councils).

A station file may name its council only by code; the plan keeps what the file
said (it is half of each station's key) and every output shows the name.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from electionplan.system.paths import resources_dir

_AUTHORITY_CODE_RE = re.compile(r"^[EWSN]\d{8}$")


@lru_cache(maxsize=1)
def council_names() -> dict[str, str]:
    """GSS code -> council name."""
    with (resources_dir() / "councils" / "gss_councils.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row["name"] for row in csv.DictReader(handle)}


def council_label(value: str | None) -> str:
    """A council as people read it: its name for a known code, otherwise what was recorded."""
    text = (value or "").strip()
    if _AUTHORITY_CODE_RE.match(text):
        return council_names().get(text, text)
    return text


def _words(text: str) -> str:
    return " " + " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split()) + " "


def council_in_name(file_stem: str) -> str | None:
    """The code of the council a file's name names ('halarose_south_lakeland' -> E07000031), if exactly one fits best."""
    words = _words(file_stem)
    found = [(len(name), code) for code, name in council_names().items() if _words(name) in words]
    if not found:
        return None
    found.sort(reverse=True)
    return found[0][1] if len(found) == 1 or found[0][0] > found[1][0] else None
