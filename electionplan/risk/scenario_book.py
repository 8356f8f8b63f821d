"""The scenario book's vignettes: small plan fragments with the outcome a SPOC expects.

Each vignette is a TOML file in `resources/scenarios/`: a few candidates,
venues, events, threat reports, incidents and polling stations, referred to by
short keys, and the one record whose outcome it is about, with its expected
level (or RAG), whether it is a flashpoint, and the least presence it needs.
The fragment becomes a PlanSnapshot in memory; no plan file is involved.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from electionplan.domain import plandata as pd
from electionplan.domain.errors import RulesetError
from electionplan.system.paths import resources_dir

POLLING_DAY = dt.date(2027, 1, 21)
AS_AT = dt.date(2027, 1, 5)  # a fortnight before polling day, as most vignettes are read
SUBJECT_KINDS = ("candidate", "event", "station")


def default_book_dir() -> Path:
    return resources_dir() / "scenarios"


@dataclass(frozen=True)
class Expected:
    subject: str  # "candidate:KEY", "event:KEY" or "station:KEY"
    level: str  # a level for a candidate or event, a RAG for a station
    flashpoint: bool | None  # events only
    min_presence: str | None  # events and stations


@dataclass(frozen=True)
class Vignette:
    key: str  # the file's name
    title: str
    category: str
    as_at: dt.date
    parties: tuple[str, ...]  # more than one: the outcome must be the same under each
    expected: Expected
    data: dict[str, Any]


def _fail(path: Path, message: str) -> RulesetError:
    return RulesetError(f"{path.name}: {message}")


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _datetime(value: Any) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def load_vignette(path: Path) -> Vignette:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        meta, expect = data["vignette"], data["expect"]
        subject = str(expect["subject"])
        if subject.split(":", 1)[0] not in SUBJECT_KINDS:
            raise _fail(path, f"expect.subject '{subject}' is not candidate:KEY, event:KEY or station:KEY")
        expected = Expected(subject, str(expect["level"]), expect.get("flashpoint"), expect.get("min_presence"))
        vignette = Vignette(path.stem, str(meta["title"]), str(meta["category"]), _date(meta.get("as_at", AS_AT)),
                            tuple(meta.get("parties", ())), expected, data)
        subject_id(vignette)  # the subject must be one of the fragment's records
        fragment_snapshot(vignette)
        return vignette
    except (tomllib.TOMLDecodeError, KeyError, ValueError, TypeError) as exc:
        raise _fail(path, f"not a vignette ({exc.__class__.__name__}: {exc})") from None


def load_book(folder: Path | None = None) -> list[Vignette]:
    folder = folder or default_book_dir()
    paths = sorted(folder.glob("*.toml"))
    if not paths:
        raise RulesetError(f"{folder} holds no vignettes (*.toml)")
    return [load_vignette(path) for path in paths]


class _Keys:
    """Short keys in a vignette to record ids, numbered from 1 in the order they are written."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.ids = {str(row["key"]): n for n, row in enumerate(rows, start=1)}

    def get(self, key: Any) -> int | None:
        return None if key is None else self.ids[str(key)]


def _candidates(rows: list[dict[str, Any]], parties: tuple[str, ...], turn: int) -> tuple:
    out = []
    for n, c in enumerate(rows, start=1):
        party = parties[(n - 1 + turn) % len(parties)] if parties else str(c.get("party", ""))
        out.append(pd.CandidateRecord(
            n, str(c.get("name", f"Candidate {n}")), party, 1, "", "", "", "", "",
            bool(c.get("sitting_mp", False)), bool(c.get("former_mp", False)), int(c.get("prominence", 0)), "",
            None, None, tuple(c.get("protective_measures", ())), str(c.get("intelligence", "")),
            str(c.get("concerns", ""))))
    return tuple(out)


def _events(rows: list[dict[str, Any]], venues: _Keys, candidates: _Keys) -> tuple:
    out = []
    for n, e in enumerate(rows, start=1):
        start = _datetime(e["start"])
        end = _datetime(e["end"]) if "end" in e else start + dt.timedelta(hours=2)
        notice = start - dt.timedelta(hours=float(e["notice_hours"])) if "notice_hours" in e else None
        out.append(pd.EventRecord(
            n, str(e.get("name", f"Event {n}")), str(e["kind"]), start, end, venues.get(e.get("venue")), 1,
            int(e.get("attendance", 0)), bool(e.get("ticketed", False)), bool(e.get("outdoor", False)), "", notice,
            tuple(e.get("topics", ())), "", tuple(sorted(candidates.ids[str(k)] for k in e.get("candidates", ())))))
    return tuple(out)


def _threats(rows: list[dict[str, Any]], keys: dict[str, _Keys]) -> tuple:
    return tuple(pd.ThreatReportRecord(
        n, keys["candidates"].get(t.get("candidate")), _date(t["reported"]), str(t.get("kind", "Threat")),
        str(t["severity"]), "", "", "", keys["events"].get(t.get("event")), keys["venues"].get(t.get("venue")),
        _date(t["from"]) if "from" in t else None, _date(t["to"]) if "to" in t else None,
    ) for n, t in enumerate(rows, start=1))


def _incidents(rows: list[dict[str, Any]], keys: dict[str, _Keys]) -> tuple:
    return tuple(pd.IncidentRecord(
        n, _datetime(i["at"]), str(i.get("kind", "Disorder")), str(i.get("severity", "medium")), "open",
        keys["events"].get(i.get("event")), keys["stations"].get(i.get("station")), keys["venues"].get(i.get("venue")),
        keys["candidates"].get(i.get("candidate")), i.get("easting"), i.get("northing"), "", "",
    ) for n, i in enumerate(rows, start=1))


def fragment_snapshot(vignette: Vignette, turn: int = 0) -> pd.PlanSnapshot:
    """The vignette as a one-constituency plan; `turn` rotates the parties among its candidates."""
    d = vignette.data
    tables = {name: list(d.get(name, [])) for name in ("candidates", "venues", "events", "stations")}
    keys = {name: _Keys(rows) for name, rows in tables.items()}
    venues = tuple(pd.VenueRecord(n, str(v.get("name", f"Venue {n}")), "", "", v.get("easting"), v.get("northing"),
                                  1, "") for n, v in enumerate(tables["venues"], start=1))
    stations = tuple(pd.StationRecord(
        n, "Scenario council", str(n), str(n), str(s.get("name", f"Station {n}")), "", "", "", "", "", "",
        s.get("easting"), s.get("northing"), s.get("electorate"), 1, "", bool(s.get("intimidation_history", False)),
        str(s.get("concerns", "")), "", "") for n, s in enumerate(tables["stations"], start=1))
    return pd.PlanSnapshot(
        election=pd.ElectionFacts("Scenario by-election", "by-election", "Scenario Police",
                                  POLLING_DAY - dt.timedelta(days=25), POLLING_DAY, POLLING_DAY + dt.timedelta(days=1)),
        plan=pd.PlanFacts("EP-SCENARIO", "", "", "", "", (), 7, None),
        constituencies=(pd.ConstituencyRecord(1, "E14000000", "Scenario", None, 70000, "", ""),),
        contacts=(), stations=stations, venues=venues,
        events=_events(tables["events"], keys["venues"], keys["candidates"]),
        candidates=_candidates(tables["candidates"], vignette.parties, turn),
        threat_reports=_threats(list(d.get("threats", [])), keys),
        incidents=_incidents(list(d.get("incidents", [])), keys),
        capacity=(), contributions=(), review_comments=(),
    )


def subject_id(vignette: Vignette) -> tuple[str, int]:
    kind, key = vignette.expected.subject.split(":", 1)
    return kind, _Keys(list(vignette.data.get(kind + "s", []))).ids[key]
