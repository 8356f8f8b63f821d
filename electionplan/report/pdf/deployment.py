"""The plan's deployment by shift: the order of priorities, each shift's account, what is not covered, and the patrols.

Each shift is printed as the command line and the app print it: the same
figures and the same sentence, then every item it does not cover, once, with
its reason.
"""

from __future__ import annotations

from electionplan.domain.display import plural
from electionplan.report.document import DeploymentSection
from electionplan.report.pdf.at_scale import ScaleSections
from electionplan.report.pdf.cells import unbroken
from electionplan.report.pdf.core import para

PRIORITIES_NOTE = ("Within a priority the officers go where they leave the least risk, weighted by each event's score "
                   "(an optimising solver, HiGHS, with the ruleset's weights). Residual risk is the weighted risk left "
                   "uncovered; a visit the plan does not recommend counts only a little.")


MET = "The recommended presence is met."
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
    return [[head if n == 0 else "", str(n + 1), f"{s.number} {s.name}".strip(), s.council or "–", unbroken(s.postcode),
             unbroken(s.grid_ref), str(s.visits), s.times] for n, s in enumerate(p.stops)]


def deployment_story(r: ScaleSections, section: DeploymentSection | None, chapters: bool = False) -> list:
    """The deployment section; in a force plan (`chapters`) each constituency's items are in its own chapter."""
    if section is None or not (section.shifts or section.patrols):
        return []
    story: list = [para("Deployment by shift", r.s["Heading2"])]
    if section.shifts:
        story += _shifts(r, section, chapters)
    patrols = [p for p in section.patrols if not chapters or p.constituency_id is None]
    story.append(para("Polling-day patrol plan", r.s["Heading3"]))
    if not chapters:
        return story + _patrol_table(r, patrols)
    story.append(para("Each constituency's patrols are counted in its chapter, and every route, stop by stop, is "
                      "in the companion sheet \u201cPatrol routes\u201d." if r.at_scale else
                      "Each constituency's patrols are in its chapter, under its deployment.", r.s["Note"]))
    if patrols:  # a heading over nothing would send a reader looking for stations there are none of
        story += [para("Polling stations in no constituency", r.s["SmallBold"]), *_patrol_table(r, patrols)]
    return story


def seat_deployment(r: ScaleSections, section: DeploymentSection | None, seat_id: int, seat_name: str) -> list:
    """A constituency chapter's own deployment: what its shifts leave uncovered, and its patrols."""
    if section is None or not (section.shifts or section.patrols):
        return []
    accepted = [a for a in section.accepted if a.constituency_id == seat_id]
    patrols = [p for p in section.patrols if p.constituency_id == seat_id]
    story: list = [para(f"Deployment in {seat_name}", r.s["Heading3"])]
    if section.shifts:
        story += _uncovered(r, accepted, f"None: every item in {seat_name} is covered on every shift.")
    story.append(para(f"Polling-day patrol plan for {seat_name}", r.s["SmallBold"]))
    return story + _patrol_table(r, patrols)


def _patrol_table(r: ScaleSections, patrols) -> list:
    if not patrols:
        return [para("No patrols are deployed to polling stations here.", r.s["Body"])]
    return [para(PATROL_NOTE, r.s["Note"]),
            r.table(["Patrol", "Stop", "Polling station", "Council", "Postcode", "Grid ref", "Visits", "Times"],
                    [row for p in patrols for row in _patrol_rows(p)],
                    [0.19, 0.05, 0.2, 0.11, 0.09, 0.14, 0.06, 0.16], long=True)]


def _uncovered(r: ScaleSections, accepted, none: str) -> list:
    if not accepted:
        return [para(none, r.s["Body"])]
    rows = [[f"{a.date} {a.shift}", a.item, a.kind, a.level, a.cover, a.category, a.reason] for a in accepted]
    return [r.table(["Shift", "Item", "Kind", "Level", "Cover", "Listed as", "Why"], rows,
                    [0.11, 0.2, 0.11, 0.08, 0.13, 0.1, 0.27], long=True)]


def _shift_rows(section: DeploymentSection) -> list[list[str]]:
    """The shifts that ask something, one a row, then the quiet ones in one row, and all of them totalled."""
    rows = [[x.date, x.shift, x.officers, f"{x.needed:,}", f"{x.deployed:,}", f"{x.spare:,}", f"{x.residual:g}",
             x.status] for x in section.shifts if not x.quiet]
    quiet = section.quiet
    if quiet is not None:
        rows.append([quiet.span.replace(" to ", "–\n"), f"{quiet.shifts:,} quiet", f"{quiet.on_duty:,}", "0", "0", f"{quiet.spare:,}",
                     f"{quiet.residual_risk:g}", "Nothing needed"])
    return rows


def _total(section: DeploymentSection) -> str:
    """Every shift's figures added up: deployed and spare make the officers on duty."""
    shifts = section.shifts
    return (f"All {plural(len(shifts), 'shift')}: {sum(x.on_duty for x in shifts):,} on duty, "
            f"{sum(x.deployed for x in shifts):,} deployed, {sum(x.spare for x in shifts):,} spare.")


def _shifts(r: ScaleSections, section: DeploymentSection, chapters: bool) -> list:
    story: list = [
        para("A shift short of officers is filled in the ruleset's order of priorities, each in whole units (a PSU, "
             "a crew, a double-crewed patrol) and kept before the next is considered. " + section.priorities,
             r.s["Body"]),
        para(PRIORITIES_NOTE, r.s["Note"]),
        r.table(["Date", "Shift", "On duty", "Needed", "Deployed", "Spare", "Residual risk", "Status"],
                _shift_rows(section), [0.13, 0.09, 0.17, 0.1, 0.11, 0.09, 0.13, 0.18], long=True),
        para(_total(section), r.s["Note"]),
        para("Each shift's account", r.s["Heading3"]),
    ]
    # At scale a shift whose recommended presence is met with nothing left uncovered is counted, not told.
    asking = [x for x in section.shifts if not x.quiet]
    told = [x for x in asking if not (r.at_scale and x.summary.endswith(MET) and x.status == "Covered")]
    story += [para(f"{x.date} {x.shift}: {x.status}. {x.summary}", r.s["Body"]) for x in told]
    if len(told) < len(asking):
        story.append(para(f"The other {len(asking) - len(told):,} shifts that need officers are covered, with the "
                          "recommended presence met.", r.s["Body"]))
    if section.quiet is not None:
        story.append(para(f"Shifts that ask nothing: {section.quiet.summary}", r.s["Body"]))
    story += [para("Accepted risks and stations not patrolled", r.s["Heading3"]), para(section.accepted_by, r.s["Body"])]
    if section.scoped:
        story.append(para("The shifts above are the whole force's; the items below are this constituency's.",
                          r.s["Note"]))
    if r.at_scale and section.accepted:  # every constituency's, grouped, so the whole picture leads
        return story + r.grouped_accepted(list(section.accepted), seats=chapters)
    accepted = [a for a in section.accepted if not chapters or a.constituency_id is None]
    if chapters and section.accepted:
        # "None" under this note would read as nothing uncovered anywhere: it is said only when there is something.
        story.append(para("Each constituency's items are listed in its chapter, under its deployment" +
                          ("; these lie in no constituency." if accepted else "."), r.s["Note"]))
        if not accepted:
            return story
    none = ("None: every item in this constituency is covered." if section.scoped else
            "None: every shift covers every item, recommended or not.")
    return story + _uncovered(r, accepted, none)
