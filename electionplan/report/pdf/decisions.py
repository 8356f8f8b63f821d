"""What needs a decision: the page a force or national plan opens with, led by its exceptions.

Drawn from the document the edition holds (so an edition without deployment
shows none of it): very-high-risk items the officers on duty cannot fully
cover, shifts short of officers, polling stations no patrol reaches, count
RVPs at the venue or too far from it, an overdue review, and candidates not
yet offered a briefing. Each list is cut
short at a handful, with where in the document the rest are.
"""

from __future__ import annotations

from collections import Counter

from reportlab.platypus import PageBreak

from electionplan.domain.timefmt import fmt_date
from electionplan.report.pdf.core import RendererCore, para
from electionplan.report.pdf.lists import bullets

SHOWN = 8  # items of one kind listed before the rest are counted
NOT_OFFERED = "Not yet offered"


def _cut(items: list[str], rest: str) -> list[str]:
    if len(items) <= SHOWN:
        return items
    return [*items[:SHOWN], f"and {len(items) - SHOWN:,} more: {rest}"]


class DecisionSections(RendererCore):
    def decisions(self) -> list:
        """A plan of more than one constituency opens with what needs a decision."""
        if len(self.doc.information.threat_picture) <= 1:
            return []
        parts = [self._uncovered(), self._short(), self._unpatrolled(), self._count_rvps(), self._review(),
                 self._briefings()]
        story = [para("Needs a decision", self.s["Heading1"])]
        found = [part for part in parts if part]
        if not found:
            story.append(para("Nothing in this edition needs a decision: every shift is staffed, every very high "
                              "risk covered, the review is in date and every candidate offered a briefing.",
                              self.s["Body"]))
        for part in found:
            story += part
        return [*story, PageBreak()]

    def _part(self, heading: str, summary: str, items: list[str], rest: str) -> list:
        return [para(heading, self.s["Heading2"]), para(summary, self.s["Body"]),
                *([bullets(_cut(items, rest), self.s["Body"])] if items else [])]

    def _uncovered(self) -> list:
        deployment = self.doc.deployment
        if deployment is None:
            return []
        very_high = [a for a in deployment.accepted if a.level.casefold() == "very high"]
        if not very_high:
            return []
        items = [f"{a.date} {a.shift}: {a.item} ({a.cover})" for a in very_high]
        return self._part("Very high risks not fully covered",
                          f"{len(very_high):,} very high risk item-shifts have fewer officers than they need.",
                          items, "section 3, Deployment by shift, Accepted risks.")

    def _short(self) -> list:
        short = [d for d in self.doc.summary.demand if d.shortfall > 0]
        if not short:
            return []
        items = [f"{fmt_date(d.date)} {d.shift}: short by {d.shortfall:,} ({d.required:,} required, "
                 f"{d.available:,} available)" for d in sorted(short, key=lambda d: -d.shortfall)]
        return self._part("Shifts short of officers",
                          f"{len(short):,} shifts need mutual aid, rest-day working or re-planning; the largest first.",
                          items, "Summary, Officer demand against capacity.")

    def _unpatrolled(self) -> list:
        deployment = self.doc.deployment
        if deployment is None:
            return []
        left = [p for p in deployment.patrols if not p.officers]
        if not left:
            return []
        # By constituency, most first: where a commander must find officers or accept the gap.
        names = {seat.id: seat.name for seat in self.doc.information.threat_picture}
        stations = Counter[tuple[str, str]]()
        for patrol in left:
            where = names.get(patrol.constituency_id, "No constituency") if patrol.constituency_id else "No constituency"
            # Its stops are its stations; a patrol listed without a route names them in words.
            stations[(where, patrol.date)] += len(patrol.stops) or len([s for s in patrol.stations.split(", ") if s])
        items = [f"{where}, {day}: {count:,} polling stations in patrols with no officer"
                 for (where, day), count in stations.most_common()]
        # Whether the plan asks for them at all: a commander finds officers for the one, not for the other.
        asked = sum(p.recommended for p in left)
        seats = len({where for where, _day in stations})
        return self._part("Polling stations no patrol reaches",
                          f"Patrols without officers on a shift: {len(left):,}, of which {asked:,} the plan "
                          f"recommends (red or amber stations) and {len(left) - asked:,} it does not (green stations, "
                          f"patrolled only when officers are spare). {sum(stations.values()):,} polling stations "
                          f"are left unpatrolled in {seats:,} constituenc{'y' if seats == 1 else 'ies'}.",
                          items, "each constituency's chapter in section 3.")

    def _count_rvps(self) -> list:
        """Counts whose RVP is at the venue itself, too far from it or has no grid reference (police business:
        an edition that may not know the RVPs has none)."""
        flagged = [c for c in (self.doc.order.count_rvps if self.doc.order else ()) if c.flag]
        if not flagged:
            return []
        items = [f"{c.venue} ({', '.join(c.counts)}): {c.flag}" for c in flagged]
        said = "1 count venue has" if len(flagged) == 1 else f"{len(flagged):,} count venues have"
        return self._part("Count RVPs to check", f"{said} an RVP a commander should look at again.", items,
                          "section 3, Verification, count and declaration.")

    def _review(self) -> list:
        due = self.doc.control.next_review
        if "OVERDUE" not in due:
            return []
        return [para("Review overdue", self.s["Heading2"]), para(f"The plan's next review was due {due}.",
                                                                  self.s["Body"])]

    def _briefings(self) -> list:
        briefings = self.doc.administration.briefings
        waiting = [b for b in briefings if b.offered == NOT_OFFERED]
        if not waiting:
            return []
        seats = Counter(b.constituency or "No constituency" for b in waiting)
        items = ([f"{seat}: {n:,} candidates" for seat, n in seats.most_common()] if self.at_scale
                 else [b.name for b in waiting])
        return self._part("Briefings not yet offered",
                          f"{len(waiting):,} of {len(briefings):,} candidates have not been offered a security "
                          "briefing" + (f", in {len(seats):,} constituencies." if self.at_scale else "."), items,
                          "section 4, Administration, Briefings.")
