"""`restore` and `unlock`: backups and open-by markers; then the record commands (`edit`, `add`, `delete`)."""

from __future__ import annotations

from electionplan.cli.records import register_records
from electionplan.domain.display import plural


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
    print(f"Cleared {plural(len(cleared), 'marker')} from {plan.name}." if cleared else f"There was no marker on {plan.name}.")
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

    register_records(sub)
