"""`restore`, `unlock` and `edit`: backups, open-by markers and single version-checked edits."""

from __future__ import annotations

from electionplan.cli.output import open_plan
from electionplan.domain.timefmt import parse_date


def _refuse_database_plan(location: str, command: str, why: str) -> None:
    from electionplan.db.store import is_database_location
    from electionplan.domain.errors import PlanFileError

    if is_database_location(location):
        raise PlanFileError(f"'{command}' works on plan files; {why}.")


def cmd_restore(args) -> int:
    from pathlib import Path

    from electionplan.db.backups import list_backups, restore_backup

    _refuse_database_plan(args.plan, "restore", "a database plan is restored from the server's own backups")
    plan = Path(args.plan)
    backups = list_backups(plan)
    if args.list or not args.backup:
        if not backups:
            print(f"No backups of {plan.name} were found beside it.")
        for n, backup in enumerate(backups, start=1):
            print(f"{n:>3}  {backup.label}")
        if not args.list and backups:
            print("Restore one with: electionplan restore PLAN BACKUP (a number from this list or a file name)")
        return 0
    chosen = args.backup
    if chosen.isdigit():
        number = int(chosen)
        if not 1 <= number <= len(backups):
            from electionplan.domain.errors import NotFound

            raise NotFound(f"There is no backup number {number}; there are {len(backups)}.")
        chosen = str(backups[number - 1].path)
    safety = restore_backup(plan, chosen, force=args.force)
    print(f"Restored {Path(chosen).name} to {plan}. The plan as it was is kept in {safety.name}.")
    return 0


def cmd_unlock(args) -> int:
    from pathlib import Path

    from electionplan.db.openers import clear, current

    _refuse_database_plan(args.plan, "unlock", "in a database, who has the plan open clears when they close it")
    plan = Path(args.plan)
    if not args.force:
        live = current(plan)
        if not live:
            print(f"Nobody else has {plan.name} open.")
            return 0
        for opener in live:
            print(f"Open by {opener.label}")
        print("Check with them, then clear the marker with: electionplan unlock PLAN --force")
        return 0
    cleared = clear(plan)
    print(f"Cleared {len(cleared)} marker(s) from {plan.name}." if cleared else f"There was no marker on {plan.name}.")
    return 0


class _RecordKinds:
    """The registry's kinds of record, as `edit` offers them; read only when asked for, so that `--help` loads no
    database layer."""

    @staticmethod
    def _names() -> list[str]:
        from electionplan.db.record_kinds import KINDS

        return sorted(KINDS)

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __iter__(self):
        return iter(self._names())


_TYPE_NAMES = {"text": "str", "words": "list", "ids": "list"}


def _typed(field, text: str):
    from electionplan.domain.errors import ValidationError
    from electionplan.domain.timefmt import parse_datetime

    if text == "" and field.nullable:
        return None
    try:
        if field.value == "bool":
            return text.strip().lower() in ("1", "yes", "true", "y")
        if field.value in ("int", "float"):
            return int(text) if field.value == "int" else float(text)
        if field.value == "datetime":
            return parse_datetime(text, field.key)
        if field.value == "date":
            return parse_date(text, field.key)
        if field.value in ("words", "ids"):
            parts = [part.strip() for part in text.split(",") if part.strip()]
            return [int(part) for part in parts] if field.value == "ids" else parts
    except ValueError:
        raise ValidationError(f"{field.key}: '{text}' is not a valid {_TYPE_NAMES.get(field.value, field.value)}.",
                              field.key) from None
    return text


def cmd_edit(args) -> int:
    from electionplan.db.models import system_fields
    from electionplan.db.record_kinds import record_kind
    from electionplan.domain.errors import ValidationError
    from electionplan.services.editing import update_record

    kind = record_kind(args.kind)
    changes = {}
    for item in args.set:
        if "=" not in item:
            raise ValidationError(f"--set takes FIELD=VALUE, not '{item}'.", "set")
        key, value = item.split("=", 1)
        # A field electionplan keeps itself goes on to the record rules, which refuse it and say why.
        changes[key] = value if key in system_fields(kind.model) else _typed(kind.field(key), value)
    with open_plan(args.plan) as plan:
        update_record(plan, kind.model, args.id, changes, expected_version=args.expect_version)
    print(f"Updated {args.kind} {args.id}: {', '.join(changes)}.")
    return 0


def register_safety(sub) -> None:
    p = sub.add_parser("restore", help="list the plan's backups, or restore one")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("backup", metavar="BACKUP", nargs="?", help="a number from the list, or a backup file")
    p.add_argument("--list", action="store_true", help="only list the backups")
    p.add_argument("--force", action="store_true",
                   help="restore even though the plan is open in electionplan elsewhere (its unsaved view is lost)")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("unlock", help="show who else has the plan open, or clear a stale marker")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("--force", action="store_true", help="clear every marker")
    p.set_defaults(func=cmd_unlock)

    p = sub.add_parser("edit", help="change fields of one record")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("kind", choices=_RecordKinds(), metavar="KIND",
                   help="the kind of record: station, event, candidate, … (a kind it does not know lists them all)")
    p.add_argument("id", type=int)
    p.add_argument("--set", action="append", required=True, metavar="FIELD=VALUE")
    p.add_argument("--expect-version", type=int, metavar="N",
                   help="refuse the edit if the record is no longer at this version")
    p.set_defaults(func=cmd_edit)
