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


def deployment_story(r: RendererCore, section: DeploymentSection | None) -> list:
    if section is None or not (section.shifts or section.patrols):
        return []
    story: list = [para("Deployment by shift", r.s["Heading2"])]
    if section.shifts:
        story += _shifts(r, section)
    story.append(para("Polling-day patrol plan", r.s["Heading3"]))
    if section.patrols:
        rows = [[p.date, p.shift, p.patrol, str(p.officers) if p.officers else "Not patrolled", p.stations]
                for p in section.patrols]
        story.append(r.table(["Date", "Shifts", "Patrol", "Officers", "Stations visited"], rows,
                             [0.12, 0.12, 0.17, 0.12, 0.47], long=True))
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
