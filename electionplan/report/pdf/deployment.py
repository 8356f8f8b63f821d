"""The plan's deployment by shift: the order of priorities, each shift's account, what is not covered, and the patrols.

Each shift is printed as the command line and the app print it: the same
figures and the same sentence, then every item it does not cover, once, with
its reason.
"""

from __future__ import annotations

from electionplan.report.document import DeploymentSection
from electionplan.report.pdf.core import RendererCore, para

PRIORITIES_NOTE = ("Within a priority the officers go where they leave the least risk, weighted by each event's score "
                   "(an optimising solver, HiGHS, with the ruleset's weights). Residual risk is the weighted risk left "
                   "uncovered; a visit the plan does not recommend counts only a little.")


PATROL_NOTE = ("Each patrol drives its route as a beat, out and back, its passes spread across the polling hours of "
               "its shift; amber stations are visited twice a shift, red three times. Distances and driving times are "
               "for one pass, by road (straight-line distance times the ruleset's circuity, at its urban or rural "
               "speed).")


def _patrol_rows(p) -> list[list[str]]:
    """A patrol's rows: who and when in the first column, then its stations in visiting order."""
    staffed = f"{p.officers} officers" if p.officers else "Not patrolled"
    head = f"{p.patrol}\n{p.date} {p.shift}: {staffed}"
    if not p.stops:
        return [[head, "", p.stations, "", "", "", "", ""]]
    head += f"\n{p.km:.1f} km, {p.drive_min} min driving a pass"
    return [[head if n == 0 else "", str(n + 1), f"{s.number} {s.name}".strip(), s.council, s.postcode, s.grid_ref,
             str(s.visits), s.times] for n, s in enumerate(p.stops)]


def deployment_story(r: RendererCore, section: DeploymentSection | None) -> list:
    if section is None or not (section.shifts or section.patrols):
        return []
    story: list = [para("Deployment by shift", r.s["Heading2"])]
    if section.shifts:
        story += _shifts(r, section)
    story.append(para("Polling-day patrol plan", r.s["Heading3"]))
    if section.patrols:
        story += [para(PATROL_NOTE, r.s["Note"]),
                  r.table(["Patrol", "Stop", "Polling station", "Council", "Postcode", "Grid ref", "Visits", "Times"],
                          [row for p in section.patrols for row in _patrol_rows(p)],
                          [0.2, 0.05, 0.21, 0.12, 0.09, 0.12, 0.06, 0.15], long=True)]
    else:
        story.append(para("No patrols are deployed to polling stations.", r.s["Body"]))
    return story


def _shifts(r: RendererCore, section: DeploymentSection) -> list:
    story: list = [
        para("A shift short of officers is filled in the ruleset's order of priorities, each in whole units (a PSU, "
             "a crew, a double-crewed patrol) and kept before the next is considered. " + section.priorities,
             r.s["Body"]),
        para(PRIORITIES_NOTE, r.s["Note"]),
        r.table(["Date", "Shift", "On duty", "Needed", "Deployed", "Spare", "Residual risk", "Status"],
                [[x.date, x.shift, x.officers, f"{x.needed:,}", f"{x.deployed:,}", f"{x.spare:,}", f"{x.residual:g}",
                  x.status] for x in section.shifts], [0.13, 0.09, 0.17, 0.1, 0.11, 0.09, 0.13, 0.18], long=True),
        para("Each shift's account", r.s["Heading3"]),
    ]
    story += [para(f"{x.date} {x.shift}: {x.status}. {x.summary}", r.s["Body"]) for x in section.shifts]
    story += [para("Accepted risks and stations not patrolled", r.s["Heading3"]), para(section.accepted_by, r.s["Body"])]
    if section.scoped:
        story.append(para("The shifts above are the whole force's; the items below are this constituency's.",
                          r.s["Note"]))
    if section.accepted:
        rows = [[f"{a.date} {a.shift}", a.item, a.kind, a.level, a.cover, a.category, a.reason]
                for a in section.accepted]
        story.append(r.table(["Shift", "Item", "Kind", "Level", "Cover", "Listed as", "Why"], rows,
                             [0.11, 0.2, 0.11, 0.08, 0.13, 0.1, 0.27], long=True))
    else:
        story.append(para("None: " + ("every item in this constituency is covered." if section.scoped else
                                      "every shift covers every item, recommended or not."), r.s["Body"]))
    return story
