"""The operational order's parts: its name, Gold's strategy, command, briefings, channels, standard sections.

Built from the order the snapshot holds, so an issued revision prints the order
as it stood then, with the standard sections of the template then in force.
"""

from __future__ import annotations

from electionplan.domain.order import OrderContent, command_roles, rvp_place, with_recorded_rvp
from electionplan.domain.plandata import ContactRecord, OrderRecord
from electionplan.domain.timefmt import fmt_datetime
from electionplan.report.document import ChannelLine, CommandLine, OrderBriefingLine, OrderSection, StandardText
from electionplan.report.order_template import parse_order_template


def _content(order: OrderRecord, communications: str, contacts: tuple[ContactRecord, ...]) -> OrderContent:
    template = parse_order_template(order.template_toml)
    return OrderContent(order.operation_name, order.gold_strategy, order.tactical_parameters, order.escalation,
                        communications, command_roles(order.roles, contacts), order.briefings, order.channels,
                        template, order.rvp_name, order.rvp_address, order.rvp_postcode, order.rvp_grid_ref)


def build_order(order: OrderRecord | None, communications: str,
                contacts: tuple[ContactRecord, ...] = ()) -> OrderSection | None:
    """The order as printed; a command role it leaves empty is filled from the contact recorded in it."""
    if order is None:
        return None
    content = _content(order, communications, contacts)
    template = content.template
    # A grid reference is read as one unit: it never wraps inside a line.
    rvp = rvp_place(order.rvp_name, order.rvp_address, order.rvp_postcode, order.rvp_grid_ref.replace(" ", "\u00a0"))
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
        standard=tuple(StandardText(s.key, s.title, with_recorded_rvp(s.paragraphs, rvp)
                                    if s.key == "count_security" else s.paragraphs) for s in template.sections),
        glossary=template.glossary,
        template=f"{template.name}, version {template.version}",
        gaps=tuple(content.missing()),
        rvp=rvp,
        rvp_where=rvp_place(order.rvp_name, order.rvp_address, order.rvp_postcode, ""),
        rvp_grid_ref=order.rvp_grid_ref,
    )
