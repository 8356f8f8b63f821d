"""The operational order's parts: its name, Gold's strategy, command, briefings, channels, standard sections.

Built from the order the snapshot holds, so an issued revision prints the order
as it stood then, with the standard sections of the template then in force.
"""

from __future__ import annotations

from electionplan.domain.count_rvp import CountRvp, count_rvps
from electionplan.domain.order import OrderContent, command_roles, rvp_place, with_recorded_rvp
from electionplan.domain.plandata import ContactRecord, OrderRecord, PlanSnapshot
from electionplan.domain.timefmt import fmt_datetime
from electionplan.report.document import ChannelLine, CommandLine, OrderBriefingLine, OrderSection, StandardText
from electionplan.report.order_template import parse_order_template
from electionplan.risk.ruleset_optional import rvp_distances
from electionplan.risk.ruleset_schema import RvpRules


def order_content(order: OrderRecord, communications: str, contacts: tuple[ContactRecord, ...] = ()) -> OrderContent:
    """The order's content as a snapshot holds it; a command role it leaves empty is filled from the contacts."""
    template = parse_order_template(order.template_toml)
    return OrderContent(order.operation_name, order.gold_strategy, order.tactical_parameters, order.escalation,
                        communications, command_roles(order.roles, contacts), order.briefings, order.channels,
                        template, order.rvp_name, order.rvp_address, order.rvp_postcode, order.rvp_grid_ref)


def order_count_rvps(snapshot: PlanSnapshot, rvp_rules: RvpRules) -> tuple[CountRvp, ...]:
    """Each count venue's RVP (its own, or the plan's standing in) with its check, at the ruleset's distances."""
    order = snapshot.order
    if order is None:
        return ()
    plan_rvp = (rvp_place(order.rvp_name, order.rvp_address, order.rvp_postcode, order.rvp_grid_ref), order.rvp_grid_ref)
    return count_rvps(snapshot.venues, snapshot.events, order.count_rvps, plan_rvp, *rvp_distances(rvp_rules))


def build_order(order: OrderRecord | None, communications: str,
                contacts: tuple[ContactRecord, ...] = (), counts: tuple[CountRvp, ...] = ()) -> OrderSection | None:
    """The order as printed; a command role it leaves empty is filled from the contact recorded in it.
    `counts`: each count venue's RVP, printed beside its count."""
    if order is None:
        return None
    content = order_content(order, communications, contacts)
    template = content.template
    # A grid reference is read as one unit: it never wraps inside a line.
    rvp = rvp_place(order.rvp_name, order.rvp_address, order.rvp_postcode, order.rvp_grid_ref.replace(" ", "\u00a0"))
    # Count security names the RVP once: the plan's, and where counts have their own, says so.
    if any(c.own for c in counts):
        security_rvp = (f"{rvp}, for a count without its own; each count's own is given with the count" if rvp
                        else "each count's own, given with the count")
    else:
        security_rvp = rvp
    return OrderSection(
        operation_name=content.operation_name.strip(),
        gold_strategy=content.gold_strategy.strip(),
        tactical_parameters=content.tactical_parameters.strip(),
        escalation=content.escalation.strip(),
        command=tuple(CommandLine(r.label, r.name, r.call_sign, r.contact) for r in content.roles),
        briefings=tuple(OrderBriefingLine(fmt_datetime(b.at), b.place, b.audience, b.lead)
                        for b in content.briefings),
        channels=tuple(ChannelLine(c.name, c.channel, c.call_sign, c.purpose) for c in content.channels),
        # A recorded RVP takes the place of the template's "named at briefing" in count security.
        standard=tuple(StandardText(s.key, s.title, with_recorded_rvp(s.paragraphs, security_rvp)
                                    if s.key == "count_security" else s.paragraphs) for s in template.sections),
        glossary=template.glossary,
        template=f"{template.name}, version {template.version}",
        gaps=tuple(content.missing()),
        rvp=rvp,
        rvp_where=rvp_place(order.rvp_name, order.rvp_address, order.rvp_postcode, ""),
        rvp_grid_ref=order.rvp_grid_ref,
        count_rvps=counts,
    )
