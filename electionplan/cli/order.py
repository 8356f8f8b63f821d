"""`electionplan order`: the operational order's own content, shown and edited."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from electionplan.domain.count_rvp import CountRvp
from electionplan.domain.errors import UsageError, ValidationError
from electionplan.domain.order import OrderContent
from electionplan.domain.timefmt import fmt_datetime, parse_datetime

if TYPE_CHECKING:  # the service (SQLAlchemy and the models) loads only when an order command runs
    from electionplan.services.order import OrderEdit


def _parts(text: str, option: str) -> tuple[str, str, str, str]:
    """'KEY=a; b; c' -> (KEY, a, b, c), padded with empty strings."""
    count = 3
    if "=" not in text:
        raise UsageError(f"electionplan order: {option} takes KEY=VALUE; VALUE; …, not '{text}'")
    key, rest = text.split("=", 1)
    values = [part.strip() for part in rest.split(";")]
    if len(values) > count:
        raise UsageError(f"electionplan order: {option} takes at most {count} values separated by ';'")
    a, b, c = [*values, *[""] * (count - len(values))]
    return key.strip(), a, b, c


def _briefing(text: str) -> tuple:
    values = [part.strip() for part in text.split(";")]
    if len(values) > 4:
        raise UsageError("electionplan order: --briefing takes 'WHEN; PLACE; AUDIENCE; LEAD'")
    when, place, audience, lead = [*values, *[""] * (4 - len(values))]
    return parse_datetime(when, "briefing time"), place, audience, lead


def _edit_from(args) -> OrderEdit:
    from electionplan.services.order import OrderEdit

    text = {}
    for item in args.set:
        if "=" not in item:
            raise UsageError(f"electionplan order: --set takes FIELD=VALUE, not '{item}'")
        field, value = item.split("=", 1)
        text[field.strip()] = value
    return OrderEdit(
        text=text,
        roles=tuple(_parts(r, "--role") for r in args.role),
        briefings=tuple(_briefing(b) for b in args.briefing),
        channels=tuple(_parts(c, "--channel") for c in args.channel),
        count_rvps=tuple(_parts(c, "--count-rvp") for c in args.count_rvp),
    )


def count_rvp_json(rvp: CountRvp) -> dict:
    return {"venue_id": rvp.venue_id, "venue": rvp.venue, "counts": list(rvp.counts), "own": rvp.own,
            "rvp": rvp.place, "grid_ref": rvp.grid_ref,
            "distance_m": round(rvp.distance_m) if rvp.distance_m is not None else None, "check": rvp.flag}


def print_count_rvps(rvps: tuple[CountRvp, ...]) -> None:
    """Each count venue's RVP, whose it is, and what a commander must check, flagged."""
    print("Count RVPs:" if rvps else "Count RVPs: (no count or declaration entered)")
    for rvp in rvps:
        print(f"  {rvp.venue} ({', '.join(rvp.counts)}): {rvp.said}")
        if rvp.flag:
            print(f"    CHECK: {rvp.flag}.")


def order_json(order: OrderContent) -> dict:
    return {
        "operation_name": order.operation_name,
        "gold_strategy": order.gold_strategy,
        "tactical_parameters": order.tactical_parameters,
        "escalation": order.escalation,
        "communications": order.communications,
        "command_structure": [
            {"id": r.id, "role": r.role, "label": r.label, "name": r.name, "call_sign": r.call_sign, "contact": r.contact}
            for r in order.roles
        ],
        "briefings": [
            {"id": b.id, "at": fmt_datetime(b.at), "place": b.place, "audience": b.audience, "lead": b.lead} for b in order.briefings
        ],
        "channels": [
            {"id": c.id, "name": c.name, "channel": c.channel, "call_sign": c.call_sign, "purpose": c.purpose} for c in order.channels
        ],
        "rvp": {"name": order.rvp_name, "address": order.rvp_address, "postcode": order.rvp_postcode,
                "grid_ref": order.rvp_grid_ref},
        "template": {
            "name": order.template.name, "version": order.template.version,
            "sha256": order.template.sha256, "force_copy": order.template.is_force_copy,
        },
    }


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "(not written)"
    return line if len(line) <= 90 else line[:89] + "…"


def print_order(order: OrderContent, gaps: list[str]) -> None:
    print(f"Operation: {order.operation_name or '(not named)'}")
    for label, value in (("Gold strategy", order.gold_strategy), ("Tactical parameters", order.tactical_parameters),
                         ("Escalation", order.escalation)):
        print(f"{label}: {_first_line(value)}")
    print(f"Rendezvous point (RVP): {order.rvp or '(not recorded)'}")
    print("Command structure:" if order.roles else "Command structure: (nobody named)")
    for r in order.roles:
        print(f"  {r.label}: {r.name or '(vacant)'}" + (f", call sign {r.call_sign}" if r.call_sign else "")
              + (f", {r.contact}" if r.contact else ""))
    print("Briefings:" if order.briefings else "Briefings: (none scheduled)")
    for b in order.briefings:
        print(f"  {fmt_datetime(b.at)}  {b.place}  {b.audience}" + (f" (led by {b.lead})" if b.lead else ""))
    print("Channels:" if order.channels else "Channels: (none)")
    for c in order.channels:
        print(f"  {c.name}: {c.channel}" + (f", call sign {c.call_sign}" if c.call_sign else "") + (f" ({c.purpose})" if c.purpose else ""))
    kind = "force copy" if order.template.is_force_copy else "national default"
    print(f"Standard sections: {order.template.name} {order.template.version} ({kind}, sha256 {order.template.sha256[:12]})")
    if gaps:
        print("Still to write: " + "; ".join(gaps) + ".")


def cmd_order(args) -> int:
    from electionplan.cli.output import open_plan, print_json
    from electionplan.services.order import edit_order, read_order_whole, set_order_template

    if args.template and args.clear_template:
        raise UsageError("electionplan order: give --template or --clear-template, not both")
    edit = _edit_from(args)
    template_text = None
    if args.template:
        try:
            template_text = Path(args.template).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(f"Cannot read the template {args.template}: {getattr(exc, 'strerror', None) or exc}.", "template") from None
    with open_plan(args.plan) as plan:
        if args.template or args.clear_template:
            template = set_order_template(plan, template_text)
            print(f"Standard sections: {template.name} {template.version}.")
        if edit.text or edit.roles or edit.briefings or edit.channels or edit.count_rvps:
            print(edit_order(plan, edit).summary)
        reading = read_order_whole(plan)
    rvps = reading.count_rvps
    if args.json:
        print_json({**order_json(reading.order), "missing": reading.gaps,
                    "count_rvps": [count_rvp_json(r) for r in rvps]})
    elif not (args.set or args.role or args.briefing or args.channel or args.count_rvp or args.template
              or args.clear_template):
        print_order(reading.order, reading.gaps)
        print_count_rvps(rvps)
    else:  # after an edit, what still needs a commander's eye at the counts
        for rvp in (r for r in rvps if r.flag and args.count_rvp):
            print(f"CHECK: {rvp.venue}: {rvp.flag}.")
    return 0


def register_order(sub) -> None:
    p = sub.add_parser(
        "order", help="show or edit the operational order's content",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "examples:\n"
            "  electionplan order plan.eplan --set operation_name=WYVERN --set 'gold_strategy=Keep the election safe'\n"
            "  electionplan order plan.eplan --role 'gold=Ch Supt A Okoro; G1; 01632 960001'\n"
            "  electionplan order plan.eplan --briefing '02/07/2026 06:00; Wyvernbridge police station; polling-day officers; Insp Hale'\n"
            "  electionplan order plan.eplan --channel 'Ops=Talkgroup 1; WYV; all deployed officers'\n"
            "  electionplan order plan.eplan --set 'rvp_name=Wyvernbridge fire station' --set 'rvp_grid_ref=SJ 795 945'\n"
            "  electionplan order plan.eplan --count-rvp 'Civic Hall=Bus depot yard; Mill Lane, gate 2; SJ 7990 9480'"
        ),
    )
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("--json", action="store_true", help="print the order's content as JSON")
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                   help="operation_name, gold_strategy, tactical_parameters, escalation, communications, or the "
                        "rendezvous point's rvp_name, rvp_address, rvp_postcode and rvp_grid_ref (an OS grid "
                        "reference or 'easting, northing')")
    p.add_argument("--role", action="append", default=[], metavar="ROLE=NAME; CALL SIGN; CONTACT",
                   help="name who holds a command role (gold, silver, bronze_polling, bronze_count, …)")
    p.add_argument("--briefing", action="append", default=[], metavar="WHEN; PLACE; AUDIENCE; LEAD",
                   help="schedule a briefing")
    p.add_argument("--channel", action="append", default=[], metavar="NAME=CHANNEL; CALL SIGN; PURPOSE",
                   help="add or change a communications channel")
    p.add_argument("--count-rvp", action="append", default=[], metavar="VENUE=NAME; DESCRIPTION; GRID REF",
                   help="a count venue's own rendezvous point (the venue by id or name; its RVP's name, address or "
                        "description, and grid reference); 'VENUE=' clears it, and the count uses the plan's RVP")
    p.add_argument("--template", metavar="FILE", help="keep a force's own standard sections (TOML) in the plan")
    p.add_argument("--clear-template", action="store_true", help="go back to the national standard sections")
    p.set_defaults(func=cmd_order)
