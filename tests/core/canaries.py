"""Canaries: a unique marker in every free-text column of every row of a plan, to find where each one goes."""

from __future__ import annotations

import json
import sqlite3

# Columns that hold a code the plan checks (a vocabulary key, a GSS code, a
# revision number or hash, a stored ruleset), not free text.
CODED = {
    ("alembic_version", "version_num"), ("audit_entry", "action"), ("audit_entry", "entity"),
    ("audit_entry", "field"), ("election", "kind"), ("event", "kind"), ("incident", "severity"),
    ("incident", "status"), ("threat_report", "severity"), ("officer_capacity", "shift"), ("contact", "role"),
    ("command_role", "role"), ("constituency", "gss_code"), ("revision", "number"), ("revision", "content_hash"),
    ("revision", "snapshot"), ("review_comment", "revision_number"), ("plan", "ruleset_toml"),
    ("plan", "order_template_toml"),
}
# Keys the plan keeps for itself (the seal on candidates' packs): no output of
# any edition may carry one, the police's included.
SECRET = {("plan", "pack_key"), ("candidate", "seal_ref")}
# Reference data the plan looks things up in, never a record any output shows.
REFERENCE_TABLES = {"postcode", "alembic_version"}

PRIVATE_KINDS = ("campaign_visit", "canvassing", "surgery")
DEFAULTS = {"INTEGER": 1, "FLOAT": 0.0, "DATE": "2027-01-05", "DATETIME": "2027-01-05 10:00:00.000000",
            "BOOLEAN": 0}


def _text_columns(db: sqlite3.Connection) -> dict[str, list[tuple[str, str, bool]]]:
    tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    columns = {}
    for table in tables:
        info = list(db.execute(f'PRAGMA table_info("{table}")'))
        columns[table] = [(name, kind.upper(), bool(notnull)) for _, name, kind, notnull, _, _ in info]
    return columns


def _is_text(kind: str) -> bool:
    return any(word in kind for word in ("CHAR", "TEXT", "CLOB", "JSON"))


def _add_row_if_empty(db, table: str, columns) -> None:
    if db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]:
        return
    values = {name: ("x" if _is_text(kind) else DEFAULTS.get(kind.split("(")[0], 1))
              for name, kind, notnull in columns if notnull and name != "id"}
    names = ", ".join(f'"{n}"' for n in values)
    db.execute(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" for _ in values)})', list(values.values()))


def plant_canaries(path) -> dict[str, tuple[str, str, int]]:
    """One canary per row of every free-text column: canary -> (table, column, rowid)."""
    canaries: dict[str, tuple[str, str, int]] = {}
    db = sqlite3.connect(path)
    with db:
        for table, columns in _text_columns(db).items():
            if table in REFERENCE_TABLES:
                continue
            _add_row_if_empty(db, table, columns)
            for name, kind, _ in columns:
                if not _is_text(kind) or (table, name) in CODED:
                    continue
                for (rowid,) in db.execute(f'SELECT rowid FROM "{table}"').fetchall():
                    canary = f"ZQ{len(canaries):05d}QZ"
                    value = json.dumps([canary]) if "JSON" in kind else canary
                    if (table, name) in SECRET:
                        value = canary * 4  # a key of full length, or the plan is refused as tampered with
                    db.execute(f'UPDATE "{table}" SET "{name}" = ? WHERE rowid = ?', (value, rowid))
                    canaries[canary] = (table, name, rowid)
    db.close()
    assert len(canaries) > 300  # every row of every table, not a hand-picked few
    return canaries


def found_in(text: str, canaries) -> set[str]:
    return {c for c in canaries if c in text}
