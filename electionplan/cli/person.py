"""`electionplan whoami`: the named person the plan records as preparing and approving it."""

from __future__ import annotations

from electionplan.system.preferences import acting_person, login_name, save_preferences, validated


def cmd_whoami(args) -> int:
    if args.name is not None:
        person = validated(args.name, args.role or "")
        save_preferences(person)
        print(f"You are recorded as {person.label}; the audit, revisions and approvals will name you.")
        return 0
    acting = acting_person()
    if acting is None:
        print(f"Nobody is named yet, so the audit records the computer login ({login_name()}).")
        print("Set your name and role: electionplan whoami --name NAME --role ROLE")
    else:
        print(acting.label)
    return 0


def register_person(sub) -> None:
    p = sub.add_parser("whoami", help="show or set the name and role the plan records for you")
    p.add_argument("--name", help="your name as a plan should print it, e.g. 'Insp J Hale'")
    p.add_argument("--role", help="your role, e.g. 'Election SPOC'")
    p.set_defaults(func=cmd_whoami)
