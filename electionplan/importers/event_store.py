"""Writing an events file's checked rows: new events inserted, changed ones updated, the rest left alone.

An event is the plan's event of the same name (ignoring case), start and venue.
Columns the file does not have leave the plan's values as they are, and a
candidate the file lists is added to the event, never taken off it: a SPOC's
own additions survive a re-sent list.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from electionplan.db import audit
from electionplan.db import models as m
from electionplan.db.models import event_candidate, table_of
from electionplan.db.record_kinds import kind_of
from electionplan.domain.timefmt import fmt_datetime
from electionplan.importers.sent_names import query_frame
from electionplan.importers.sent_table import SentImportReport, SentTable

ALWAYS_COMPARED = ("kind", "end", "constituency_id")
OPTIONAL = ("expected_attendance", "ticketed", "outdoor", "organiser", "topics", "notice_received")
_NO_VENUE = -1
_CHUNK = 5_000  # ids a statement lists, within every SQLite build's limit on parameters


def _key(frame: pd.DataFrame) -> pd.Series:
    venue = frame["venue_id"].map(lambda v: _NO_VENUE if v is None or pd.isna(v) else int(v))
    return frame["name"].str.lower() + "|" + frame["start"].astype("datetime64[ns]").astype(str) + "|" + venue.astype(str)


def _held(session: Session) -> pd.DataFrame:
    event = table_of(m.Event)
    columns = ["id", "name", "start", "venue_id", *ALWAYS_COMPARED, *OPTIONAL]
    return query_frame(session, select(*[event.c[c] for c in columns]), columns)


def _python(value):
    if value is None or (not isinstance(value, (list, str)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.generic):
        return value.item()
    return value


def _record(row: dict, columns: tuple[str, ...]) -> dict:
    return {c: _python(row[c]) for c in columns}


def _same(new: pd.Series, held: pd.Series, column: str) -> np.ndarray:
    """Whether each stored value equals the file's, compared as the column's type (a whole column at once)."""
    if column in ("end", "notice_received"):
        a, b = pd.to_datetime(new), pd.to_datetime(held)
        return ((a == b) | (a.isna() & b.isna())).to_numpy()
    if column == "topics":
        return (new.map(tuple) == held.map(lambda value: tuple(value or ()))).to_numpy()
    if column in ("ticketed", "outdoor"):
        return new.astype(bool).to_numpy() == held.astype(bool).to_numpy()
    if column in ("constituency_id", "expected_attendance"):
        a, b = pd.to_numeric(new, errors="coerce").to_numpy(float), pd.to_numeric(held, errors="coerce").to_numpy(float)
        return (a == b) | (np.isnan(a) & np.isnan(b))
    return new.astype(str).to_numpy() == held.fillna("").astype(str).to_numpy()


def _shown(value) -> str:
    value = _python(value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return fmt_datetime(value)
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(value)


def _changed(new: pd.DataFrame, held: pd.DataFrame, compared: tuple[str, ...]) -> tuple[np.ndarray, list[tuple]]:
    """(rows that differ, each differing cell as (position, column, held, file's)) a column at a time."""
    differs = np.zeros(len(new), dtype=bool)
    cells: list[tuple] = []
    for column in compared:
        unlike = ~_same(new[column], held[f"{column}_held"], column)
        differs |= unlike
        cells += [(int(i), column, held[f"{column}_held"].iat[i], new[column].iat[i]) for i in np.flatnonzero(unlike)]
    return differs, sorted(cells, key=lambda cell: cell[0])


def _overwritten(old: pd.DataFrame, cells: list[tuple], table: SentTable, session: Session) -> list[str]:
    """Each value the file replaces, audited with its old value and said in the report: a value the SPOC set
    in the plan since the list was last imported is overwritten by a re-sent list, and must not go unseen."""
    audit.record_many(session, "import", "Event", [(int(old["id"].iat[i]), column, _shown(was), _shown(now))
                                                   for i, column, was, now in cells])
    lines = table.frame["_line"][old.index]
    return [f"row {int(lines.iat[i])}: '{old['name'].iat[i]}' {column.replace('_', ' ')} was {_shown(was) or 'empty'}, "
            f"now {_shown(now) or 'empty'}" for i, column, was, now in cells[:50]]


def store_events(session: Session, values: pd.DataFrame, links: pd.DataFrame, table: SentTable,
                 report: SentImportReport) -> None:
    """Insert and update in a few statements; count what was added and changed."""
    event = table_of(m.Event)
    compared = ALWAYS_COMPARED + tuple(c for c in OPTIONAL if table.has(c))
    held = _held(session)
    held_ids = dict(zip(_key(held), held["id"], strict=True)) if not held.empty else {}
    values = values.assign(id=_key(values).map(held_ids))
    new = values["id"].isna().to_numpy()
    stored = ("name", "kind", "start", "end", "venue_id", "constituency_id", *OPTIONAL)
    kind_of(m.Event).check_settable((*stored, "notes", "candidate_ids"))
    if new.any():
        records = [{**_record(r, stored), "notes": "", "version_id": 1} for r in values[new].to_dict("records")]
        ids = session.execute(insert(event).returning(event.c.id, sort_by_parameter_order=True), records).scalars().all()
        values.loc[new, "id"] = ids
    old = values[~new]
    changed = np.zeros(len(old), dtype=bool)
    if not old.empty:
        previous = held.set_index("id").loc[old["id"].astype(int), list(compared)].add_suffix("_held")
        changed, cells = _changed(old.reset_index(drop=True), previous.reset_index(drop=True), compared)
        report.notes += _overwritten(old, cells, table, session)
        if changed.any():
            session.execute(update(event).where(event.c.id == bindparam("_id"))
                            .values({**{c: bindparam(c) for c in compared}, "version_id": event.c.version_id + 1}),
                            [{**_record(r, compared), "_id": int(r["id"])} for r in old[changed].to_dict("records")])
    report.notes += _moved(values[new], held, table)
    linked_old = _link(session, values, links, set(held["id"].tolist()))
    report.added = int(new.sum())
    report.changed = int((changed | old["id"].isin(linked_old).to_numpy()).sum())
    if report.added or report.changed:
        audit.record(session, "import", "Event", None, "file", "",
                     f"{report.rows} events from {report.file}: {report.added} new, {report.changed} changed")


def _moved(added: pd.DataFrame, held: pd.DataFrame, table: SentTable) -> list[str]:
    """New events the plan already holds under the same name at the same venue, at another time: moved, perhaps."""
    if added.empty or held.empty:
        return []
    place = ["name_key", "venue_key"]
    new = added.assign(name_key=added["name"].str.lower(), venue_key=added["venue_id"].astype(object).fillna(_NO_VENUE),
                       line=table.frame["_line"][added.index])
    old = held.assign(name_key=held["name"].astype(str).str.lower(), venue_key=held["venue_id"].fillna(_NO_VENUE))
    pairs = new.merge(old[[*place, "start"]].rename(columns={"start": "held_start"}), on=place)
    pairs = pairs.drop_duplicates("line")
    return [f"row {line}: '{name}' is added at {fmt_datetime(start)}; the plan also has it at {fmt_datetime(was)} at "
            "the same venue: if it has moved, delete the old one"
            for line, name, start, was in zip(pairs["line"], pairs["name"], pairs["start"], pairs["held_start"],
                                              strict=True)][:50]


def _link(session: Session, values: pd.DataFrame, links: pd.DataFrame, held_events: set[int]) -> set[int]:
    """Add the links the file names that the plan lacks; the existing events that gained one."""
    if links.empty:
        return set()
    wanted = pd.DataFrame({"event_id": values["id"].to_numpy()[links["row"].astype(int).to_numpy()].astype(int),
                           "candidate_id": links["candidate_id"].astype(int).to_numpy()})
    # Only events the plan held before can have links already.
    asked = sorted(set(wanted["event_id"].tolist()) & held_events)
    held = pd.concat([pd.DataFrame({"event_id": [], "candidate_id": []}, dtype="int64")] + [
        query_frame(session, select(event_candidate.c.event_id, event_candidate.c.candidate_id)
                    .where(event_candidate.c.event_id.in_(asked[start:start + _CHUNK])), ["event_id", "candidate_id"])
        for start in range(0, len(asked), _CHUNK)]).astype("int64")
    missing = wanted.merge(held, how="left", indicator=True)
    missing = missing[missing["_merge"] == "left_only"][["event_id", "candidate_id"]]
    if missing.empty:
        return set()
    session.execute(insert(event_candidate), missing.astype(int).to_dict("records"))
    return set(missing["event_id"])
