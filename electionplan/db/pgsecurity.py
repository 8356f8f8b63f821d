"""What PostgreSQL itself enforces on a plan: its group roles, their grants, and a reviewer's readable copy.

Three group roles (no login) carry every right; a person's login is made a
member of one of them. Editors change the plan; approvers are editors who may
also issue an approved revision; reviewers read what is not restricted.

A reviewer's login reads the plan through a schema of views beside it
(`<plan>__readable`): every table as it stands, with each restricted column
blank and each restricted table empty. The views run with their owner's
rights, so a reviewer's own grants stay column by column on nothing
restricted, and electionplan reads the plan whole, as it reads any plan.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from electionplan.db.models import Base, part_columns, restricted_fields, restricted_part_of, table_of

EDITOR_ROLE = "electionplan_editor"
APPROVER_ROLE = "electionplan_approver"
REVIEWER_ROLE = "electionplan_reviewer"
GROUP_ROLES = (EDITOR_ROLE, APPROVER_ROLE, REVIEWER_ROLE)
READABLE_SUFFIX = "__readable"
# The polling stations as a point layer for QGIS: nothing restricted, so a reviewer may read it.
STATION_LAYER = "polling_station_layer"
# Revisions, the audit and returning officers' sign-offs are a record: editors add to them, never rewrite them.
HISTORY_TABLES = ("revision", "audit_entry", "review_comment")


def readable_schema(plan: str) -> str:
    return f"{plan}{READABLE_SUFFIX}"


def restricted_tables() -> frozenset[str]:
    """Tables the models mark RESTRICTED in full (threat reports, the audit)."""
    return frozenset(table.name for table in Base.metadata.sorted_tables if table.info.get("restricted"))


def restricted_columns() -> dict[str, set[str]]:
    """Table name to its restricted column names, from the models' own RESTRICTED marking."""
    restricted = restricted_fields()
    columns: dict[str, set[str]] = {}
    for mapper in Base.registry.mappers:
        for column in mapper.columns:
            if (mapper.class_.__name__, column.key) in restricted:
                columns.setdefault(table_of(mapper.class_).name, set()).add(column.name)
    return columns


# An incident's link to a candidate is restricted, and so are its kind and severity. They are withheld from every
# incident, not only the linked ones: blanks on just those would tell a reviewer which incidents concern a candidate.
LINKED_TO_CANDIDATE = {"incident": ("kind", "severity")}


def withheld_columns() -> dict[str, set[str]]:
    """What a reviewer may not read, table by table: the RESTRICTED columns and what would betray them.

    A record's version moves whenever any of its own columns is edited, so where
    a record keeps restricted fields an edit may change in its own row, its
    version is withheld too. A candidate keeps them in its restricted part
    instead, so its version stays readable and moves only with what a reviewer reads.
    So is a revision's content hash: it covers the police plan, restricted inputs included.
    """
    columns = {table: set(names) for table, names in restricted_columns().items()}
    for table, names in columns.items():
        own = Base.metadata.tables[table].c
        if "version_id" in own and any(not own[name].info.get("system") for name in names):
            names.add("version_id")
    for table, linked in LINKED_TO_CANDIDATE.items():
        columns.setdefault(table, set()).update({"candidate_id", *linked})
    # A revision's content hash covers the police plan, restricted inputs and all: two issues alike in everything
    # a reviewer reads but with different hashes would tell that a candidate's risk was recorded.
    columns.setdefault("revision", set()).add("content_hash")
    return columns


def _snapshot_withheld() -> dict[str, set[str]]:
    """What a reviewer may not read of each kind of record in a revision's stored snapshot, whose records
    hold their restricted parts' fields as their own."""
    columns = withheld_columns()
    for mapper in Base.registry.mappers:
        part = restricted_part_of(mapper.class_)
        if part is not None:
            columns.setdefault(table_of(mapper.class_).name, set()).update(part_columns(part))
    return columns


def ensure_group_roles(connection: Connection) -> None:
    """The three group roles, made once; an approver is an editor too."""
    for role in GROUP_ROLES:
        if connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is None:
            connection.execute(text(f'CREATE ROLE "{role}" NOLOGIN'))
    if not connection.execute(text("SELECT pg_has_role(:a, :e, 'MEMBER')"), {"a": APPROVER_ROLE, "e": EDITOR_ROLE}).scalar():
        connection.execute(text(f'GRANT "{EDITOR_ROLE}" TO "{APPROVER_ROLE}"'))


def group_roles_exist(connection: Connection) -> bool:
    found = connection.execute(text("SELECT count(*) FROM pg_roles WHERE rolname = ANY(:r)"), {"r": list(GROUP_ROLES)})
    return found.scalar() == len(GROUP_ROLES)


def grant_plan(connection: Connection, schema: str) -> None:
    """Every group role's rights on one plan schema (and its readable copy); exact when repeated."""
    _grant_editor(connection, schema)
    _create_readable_views(connection, schema)
    _grant_reviewer(connection, schema)


def _grant_editor(connection: Connection, schema: str) -> None:
    run = connection.execute
    run(text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{EDITOR_ROLE}"'))
    run(text(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{schema}" TO "{EDITOR_ROLE}"'))
    # USAGE is nextval only: an editor cannot set a sequence back under rows already numbered.
    run(text(f'REVOKE ALL ON ALL SEQUENCES IN SCHEMA "{schema}" FROM "{EDITOR_ROLE}"'))
    run(text(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA "{schema}" TO "{EDITOR_ROLE}"'))
    run(text(f'REVOKE UPDATE, DELETE, TRUNCATE ON "{schema}".alembic_version FROM "{EDITOR_ROLE}"'))
    run(text(f'REVOKE INSERT ON "{schema}".alembic_version FROM "{EDITOR_ROLE}"'))
    for table in HISTORY_TABLES:
        run(text(f'REVOKE UPDATE, DELETE, TRUNCATE ON "{schema}".{table} FROM "{EDITOR_ROLE}"'))


def _blank(data_type: str, not_null: bool) -> str:
    """What a reviewer reads in place of a restricted value: empty, never a guess."""
    if not not_null:
        return f"NULL::{data_type}"
    if data_type in ("json", "jsonb"):
        return f"'[]'::{data_type}"
    if data_type == "boolean":
        return "false"
    if data_type in ("integer", "bigint", "smallint", "double precision", "real"):
        return f"0::{data_type}"
    return f"''::{data_type}"


# Where each table's records sit in a revision's stored snapshot, so a reviewer's
# copy of an issued revision is blanked as the live tables are.
SNAPSHOT_LISTS = {"candidate": "candidates", "event": "events", "incident": "incidents",
                  "polling_station": "stations", "venue": "venues", "threat_report": "threat_reports",
                  "contribution": "contributions", "review_comment": "review_comments"}

_BLANK_KEYS = """
CREATE OR REPLACE FUNCTION "{r}".blank_keys(item jsonb, keys text[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(jsonb_object_agg(k, CASE WHEN k <> ALL(keys) THEN v
        WHEN jsonb_typeof(v) = 'array' THEN '[]'::jsonb WHEN jsonb_typeof(v) = 'string' THEN '""'::jsonb
        WHEN jsonb_typeof(v) = 'object' THEN '{{}}'::jsonb ELSE 'null'::jsonb END), '{{}}'::jsonb)
    FROM jsonb_each(item) AS f(k, v)
$$
"""

_BLANK_LIST = """
CREATE OR REPLACE FUNCTION "{r}".blank_list(items jsonb, keys text[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(jsonb_agg("{r}".blank_keys(e, keys) ORDER BY n), '[]'::jsonb)
    FROM jsonb_array_elements(coalesce(items, '[]'::jsonb)) WITH ORDINALITY AS x(e, n)
$$
"""


def _snapshot_blanked() -> str:
    """SQL for a revision's stored snapshot with every restricted value blank and restricted lists empty."""
    hidden, withheld = _snapshot_withheld(), restricted_tables()
    parts = []
    for table, key in SNAPSHOT_LISTS.items():
        if table in withheld:
            parts.append(f"'{key}', '[]'::jsonb")
        elif table in hidden:
            keys = ",".join(sorted(hidden[table]))
            parts.append(f"'{key}', blank_list(i->'{key}', '{{{keys}}}')")
    plan_keys = ",".join(sorted(hidden.get("plan", set())))
    parts.append(f"'plan', blank_keys(i->'plan', '{{{plan_keys}}}')")
    return (f"(SELECT (s || jsonb_build_object('snapshot', i || jsonb_build_object({', '.join(parts)})))::text "
            "FROM (SELECT CAST(snapshot AS jsonb) AS s, CAST(snapshot AS jsonb)->'snapshot' AS i) AS q)")


def _create_readable_views(connection: Connection, schema: str) -> None:
    readable = readable_schema(schema)
    connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{readable}"'))
    connection.execute(text(_BLANK_KEYS.format(r=readable)))
    # Earlier versions blanked an incident's kind and severity only where it named a candidate, with a third
    # argument; that form goes, with the view that used it (made again below).
    connection.execute(text(f'DROP FUNCTION IF EXISTS "{readable}".blank_list(jsonb, text[], text[]) CASCADE'))
    connection.execute(text(_BLANK_LIST.format(r=readable)))
    hidden, withheld = withheld_columns(), restricted_tables()
    snapshot = _snapshot_blanked().replace("blank_", f'"{readable}".blank_')
    for table in ["alembic_version", *(t.name for t in Base.metadata.sorted_tables)]:
        columns = connection.execute(text(
            "SELECT attname, format_type(atttypid, atttypmod), attnotnull FROM pg_attribute "
            "WHERE attrelid = CAST(:t AS regclass) AND attnum > 0 AND NOT attisdropped ORDER BY attnum"),
            {"t": f'"{schema}"."{table}"'}).all()
        shown = ", ".join(
            f'{snapshot} AS "{name}"' if (table, name) == ("revision", "snapshot") else
            f'{_blank(kind, not_null)} AS "{name}"' if name in hidden.get(table, ()) else f'"{name}"'
            for name, kind, not_null in columns)
        where = " WHERE false" if table in withheld else ""
        connection.execute(text(f'DROP VIEW IF EXISTS "{readable}"."{table}"'))
        connection.execute(text(f'CREATE VIEW "{readable}"."{table}" AS SELECT {shown} FROM "{schema}"."{table}"{where}'))


def _grant_reviewer(connection: Connection, schema: str) -> None:
    """Column by column on the plan itself, and the readable views beside it."""
    run = connection.execute
    run(text(f'REVOKE ALL ON ALL TABLES IN SCHEMA "{schema}" FROM "{REVIEWER_ROLE}"'))
    run(text(f'GRANT USAGE ON SCHEMA "{schema}" TO "{REVIEWER_ROLE}"'))
    hidden, withheld = withheld_columns(), restricted_tables()
    for table in Base.metadata.sorted_tables:
        if table.name in withheld:
            continue
        columns = ", ".join(f'"{c.name}"' for c in table.columns if c.name not in hidden.get(table.name, set()))
        run(text(f'GRANT SELECT ({columns}) ON "{schema}"."{table.name}" TO "{REVIEWER_ROLE}"'))
    run(text(f'GRANT SELECT ON "{schema}".alembic_version, "{schema}".{STATION_LAYER} TO "{REVIEWER_ROLE}"'))
    readable = readable_schema(schema)
    run(text(f'GRANT USAGE ON SCHEMA "{readable}" TO "{REVIEWER_ROLE}"'))
    run(text(f'GRANT SELECT ON ALL TABLES IN SCHEMA "{readable}" TO "{REVIEWER_ROLE}"'))


def reads_whole_plan(connection: Connection, schema: str) -> bool:
    """Whether this login may read the plan's restricted tables (an editor), or only the readable copy."""
    return bool(connection.execute(
        text("SELECT has_table_privilege(CAST(:t AS regclass), 'SELECT')"), {"t": f'"{schema}".audit_entry'}).scalar())


def may_read_readable_copy(connection: Connection, schema: str) -> bool:
    found = connection.execute(text(
        "SELECT has_schema_privilege(n.oid, 'USAGE') FROM pg_namespace n WHERE n.nspname = :s"),
        {"s": readable_schema(schema)}).first()
    return bool(found and found[0])
