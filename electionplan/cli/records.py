"""`edit`, `add` and `delete`: one record at a time, of the kinds and with the fields the registry of record kinds
(`db/record_kinds.py`) lists, checked by the same rules as the app's forms and the imports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from electionplan.cli.output import open_plan


class _RecordKinds:
    """The registry's kinds of record a command offers; read only when asked for, so that `--help` loads no
    database layer."""

    def __init__(self, offered: Callable[[Any], bool] = lambda kind: True) -> None:
        self.offered = offered

    def _names(self) -> list[str]:
        from electionplan.db.record_kinds import KINDS

        return sorted(name for name, kind in KINDS.items() if self.offered(kind))

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())


_TYPE_NAMES = {"text": "str", "words": "list", "ids": "list"}
_YES, _NO = ("1", "yes", "true", "y"), ("0", "no", "false", "n")


def _yes_or_no(text: str) -> bool:
    """A yes or a no; anything else ("maybe", a typo) is refused rather than read as no."""
    word = text.strip().lower()
    if word not in _YES + _NO:
        raise ValueError(text)
    return word in _YES


def _typed(field, text: str):
    """A value typed on the command line as the field holds it."""
    from electionplan.domain.errors import ValidationError
    from electionplan.domain.timefmt import parse_date, parse_datetime

    if text == "" and field.nullable:
        return None
    try:
        if field.value == "bool":
            return _yes_or_no(text)
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
        if field.value == "bool":
            raise ValidationError(f"{field.key}: '{text}' is not yes or no.", field.key) from None
        raise ValidationError(f"{field.key}: '{text}' is not a valid {_TYPE_NAMES.get(field.value, field.value)}.",
                              field.key) from None
    return text


def _values(kind, settings: list[str]) -> dict[str, Any]:
    from electionplan.db.models import system_fields
    from electionplan.domain.errors import ValidationError

    values = {}
    for item in settings:
        if "=" not in item:
            raise ValidationError(f"--set takes FIELD=VALUE, not '{item}'.", "set")
        key, value = item.split("=", 1)
        # A field electionplan keeps itself goes on to the record rules, which refuse it and say why.
        if key in system_fields(kind.model):
            values[key] = value
            continue
        kind.check_settable((key,))
        values[key] = _typed(kind.field(key), value)
    return values


def cmd_edit(args) -> int:
    from electionplan.db.record_kinds import record_kind
    from electionplan.services.editing import update_record

    kind = record_kind(args.kind)
    changes = _values(kind, args.set)
    with open_plan(args.plan) as plan:
        update_record(plan, kind.model, args.id, changes, expected_version=args.expect_version)
    print(f"Updated {args.kind} {args.id}: {', '.join(changes)}.")
    return 0


def cmd_add(args) -> int:
    from electionplan.db.record_kinds import record_kind
    from electionplan.services.editing import create_record

    kind = record_kind(args.kind)
    values = _values(kind, args.set)
    with open_plan(args.plan) as plan:
        record_id = create_record(plan, kind.model, values)
    print(f"Added {args.kind} {record_id}: {', '.join(values)}.")
    return 0


def cmd_delete(args) -> int:
    from electionplan.db.record_kinds import record_kind
    from electionplan.db.records import LINKED, LinkedRecords
    from electionplan.domain.errors import ValidationError
    from electionplan.services.editing import delete_record, linked_consequence

    kind = record_kind(args.kind)
    with open_plan(args.plan) as plan:
        consequence = linked_consequence(plan, kind.model, args.id, done=True)
        try:
            was = delete_record(plan, kind.model, args.id, with_linked=args.with_linked)
        except LinkedRecords as refused:
            raise ValidationError(f"{refused} Nothing was deleted; give --with-linked to delete it so.",
                                  "id") from None
    name = was.get("name") or was.get("reference") or ""
    print(f"Deleted {args.kind} {args.id}" + (f" ('{name}')" if name else "") + "; the audit keeps what it held.")
    if was.get(LINKED):
        print(f"With it: {consequence}.")
    return 0


def _record_id(text: str) -> int:
    """A record's id as typed: a whole number a plan could hold, else a usage error in one line."""
    import argparse

    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= 2_147_483_647:
        raise argparse.ArgumentTypeError(f"'{text}' is not a record's id (a whole number from 1)")
    return number


def register_records(sub) -> None:
    kinds = "the kind of record: station, event, candidate, … (a kind it does not know lists them all)"
    p = sub.add_parser("edit", help="change fields of one record")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("kind", choices=_RecordKinds(), metavar="KIND", help=kinds)
    p.add_argument("id", type=_record_id)
    p.add_argument("--set", action="append", required=True, metavar="FIELD=VALUE")
    p.add_argument("--expect-version", type=int, metavar="N",
                   help="refuse the edit if the record is no longer at this version")
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser("add", help="add one record (a contact, a venue, an event, …)")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("kind", choices=_RecordKinds(lambda kind: kind.added), metavar="KIND", help=kinds)
    p.add_argument("--set", action="append", required=True, metavar="FIELD=VALUE")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("delete", help="delete one record (the audit keeps what it held)")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("kind", choices=_RecordKinds(lambda kind: kind.deleted), metavar="KIND", help=kinds)
    p.add_argument("id", type=_record_id)
    p.add_argument("--with-linked", action="store_true",
                   help="also delete what goes with it (a candidate's threat reports) and unlink what names it")
    p.set_defaults(func=cmd_delete)
