"""A plan above the ruleset's size, led by its exceptions: repetitive detail grouped and counted, every row in
the companion files the PDF names (see report.companion).

A constituency's chapter keeps its figures, its map, its flashpoints and red stations, and says its amber and
green stations, its accepted risks and its patrols by group and count. The accepted risks are grouped by shift
and reason, the briefings counted by constituency and the timeline by day.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Spacer

from electionplan.domain.timefmt import fmt_date
from electionplan.report.document import AcceptedRisk, TimelineItem
from electionplan.report.pdf.cells import cell_lines, unbroken
from electionplan.report.pdf.core import RendererCore, para
from electionplan.report.rows import EventRow, StationRow
from electionplan.risk.results import LEVEL_LABELS

NAMED = 6  # constituencies or stations named in a group before the rest are counted
VERY_HIGH = "very_high"


def _named(names: list[str], shown: int = NAMED) -> str:
    if len(names) <= shown:
        return ", ".join(names)
    return ", ".join(names[:shown]) + f" and {len(names) - shown:,} more"


def _reason_key(reason: str) -> str:
    """A reason as its kind ("Large electorate"), without the figures that make each station's differ."""
    return re.split(r" \(|; |: ", reason.rstrip("."), maxsplit=1)[0]


def _groups(accepted: list[AcceptedRisk]) -> list[tuple[AcceptedRisk, list[AcceptedRisk]]]:
    """Accepted risks grouped by shift and reason (and what they are), in the order first met."""
    grouped: dict[tuple, list[AcceptedRisk]] = defaultdict(list)
    for a in accepted:
        grouped[(a.date, a.shift, a.category, a.kind, a.level, a.reason)].append(a)
    return [(items[0], items) for items in grouped.values()]


class ScaleSections(RendererCore):
    def companion_files(self) -> list:
        """Which files hold every row, what each sheet and layer holds, and how many rows."""
        if not self.at_scale:
            return []
        rows = [[f.name if n == 0 else "", part.name, f"{part.rows:,}", part.holds]
                for f in self.doc.companion for n, part in enumerate(f.parts)]
        return [para("Companion data files", self.s["Heading1"]),
                para("This plan is larger than its ruleset prints in full, so this document leads with the "
                     "exceptions and counts the rest. Every row is in the two files written beside it, in the same "
                     "folder, cut to this edition as this document is: "
                     + " and ".join(f"{f.name} ({f.kind})" for f in self.doc.companion) + ".", self.s["Body"]),
                self.table(["File", "Sheet or layer", "Rows", "What it holds"], rows, [0.3, 0.17, 0.09, 0.44],
                           long=True), PageBreak()]

    def grouped_accepted(self, accepted: list[AcceptedRisk], seats: bool) -> list:
        """Accepted risks by shift and reason, with counts and (`seats`) the constituencies they lie in."""
        names: dict[int | None, str] = {seat.id: seat.name for seat in self.doc.information.threat_picture}
        rows = []
        for first, items in _groups(accepted):
            what = f"{len(items):,} × {first.kind}, {first.level.lower()}"
            where = sorted({names.get(a.constituency_id, "No constituency") for a in items})
            listed = [first.item] if len(items) == 1 else []
            rows.append([f"{first.date} {first.shift}", cell_lines([what, *listed]), first.category, first.reason]
                        + ([f"{len(where):,}: {_named(where, 3)}"] if seats else []))
        header = ["Shift", "Items", "Listed as", "Why"] + (["Constituencies"] if seats else [])
        widths = [0.12, 0.2, 0.12, 0.36, 0.2] if seats else [0.14, 0.26, 0.14, 0.46]
        return [para("Grouped by shift and reason; each item, with its cover, is in the companion sheet "
                     "\u201cAccepted risks\u201d.", self.s["Note"]),
                self.table(header, rows, [w / sum(widths) for w in widths], long=True)]

    def chapter_words(self, seat_name: str, others: list[EventRow], stations: list[StationRow],
                      accepted: list[AcceptedRisk], patrols) -> list[Paragraph]:
        """What a chapter at scale says in words beside its map: the rows it counts rather than lists."""
        red = sum(1 for r in stations if r.rag == "red")
        amber = [r for r in stations if r.rag == "amber"]
        body = self.s["Body"]
        words = [para(f"Polling stations: {len(stations):,}: {red:,} red (listed below), {len(amber):,} amber, "
                      f"{len(stations) - red - len(amber):,} green.", body)]
        if amber:
            by_reason: dict[str, list[str]] = defaultdict(list)
            for r in amber:
                for reason in r.concern_reasons or ("No reason recorded",):
                    by_reason[_reason_key(reason)].append(r.number)
            words.append(para("Amber, by reason: " + "; ".join(
                f"{reason} ({len(numbers)}): {_named(numbers, 16)}" for reason, numbers in by_reason.items()) + ".",
                body))
        if self.doc.edition.event_risk:
            levels = Counter(LEVEL_LABELS[e.level].lower() for e in others)
            said = ", ".join(f"{n} {level}" for level, n in levels.items())
            words.append(para(f"Events not flashpoints: {len(others):,}" + (f" ({said})" if said else "") + ".", body))
        else:
            words.append(para(f"Public events: {len(others):,}.", body))
        return words + self._deployment_words(accepted, patrols)

    def _deployment_words(self, accepted: list[AcceptedRisk], patrols) -> list[Paragraph]:
        body, words = self.s["Body"], []
        if self.doc.deployment is None:
            return []
        if self.doc.deployment.shifts:
            groups = Counter((a.date, a.shift, a.category, f"{a.kind.lower()}, {a.level.lower()}") for a in accepted)
            words.append(para("Not fully covered: " + ("; ".join(
                f"{date} {shift}: {n:,} {what} ({category.lower()})" for (date, shift, category, what), n in groups.items())
                if groups else "none; every item here is covered on every shift") + ".", body))
        if patrols:
            empty = [p for p in patrols if not p.officers]
            left = [s.number for p in empty for s in p.stops]
            words.append(para(f"Polling-day patrols: {len(patrols):,}, visiting {sum(len(p.stops) for p in patrols):,} "
                              "stations" + (f"; {len(empty):,} with no officer, leaving {len(left):,} stations "
                                            f"unpatrolled: {_named(left, 12)}" if empty else "") + ".", body))
        return words

    def chapter_flashpoints(self, seat_name: str, flashpoints: list[EventRow]) -> list:
        if not self.doc.edition.event_risk:
            return []
        if not flashpoints:
            return [para(f"No flashpoints are assessed in {seat_name}.", self.s["Body"])]
        rows = [[e.when, cell_lines([e.name, e.kind_label]), e.venue + (f" ({unbroken(e.grid_ref)})" if e.grid_ref else ""),
                 self.chip(e.level), e.score, e.presence] for e in flashpoints]
        return [*self.label(f"Flashpoints in {seat_name}"),
                self.table(["When", "Event", "Venue", "Level", "Score", "Presence"], rows,
                           [0.17, 0.22, 0.22, 0.1, 0.07, 0.22], long=True)]

    def briefings_by_seat(self) -> list:
        briefings = self.doc.administration.briefings
        counts: dict[str, Counter] = defaultdict(Counter)
        for b in briefings:
            counts[b.constituency or "No constituency"].update(
                candidates=1, offered=b.offered != "Not yet offered", accepted=b.accepted not in ("", "Not accepted"),
                unnamed=b.police_contact == "To be named")
        keys = ("candidates", "offered", "accepted", "unnamed")
        total = Counter[str]()
        for c in counts.values():
            total.update(c)
        rows = [[f"All {len(counts):,} constituencies", *(f"{total[k]:,}" for k in keys)]]
        rows += [[seat, *(f"{c[k]:,}" for k in keys)] for seat, c in counts.items()]
        return [para("Counted by constituency; each candidate's offer, acceptance and named contact is in the "
                     "companion sheet \u201cBriefings\u201d.", self.s["Note"]),
                self.table(["Constituency", "Candidates", "Briefing offered", "Accepted", "Police contact to be named"],
                           rows, [0.4, 0.14, 0.16, 0.14, 0.16], long=True, total_first=True)]

    def timeline_by_day(self, timeline: tuple[TimelineItem, ...]) -> list:
        days: dict = defaultdict(list)
        for item in timeline:
            days[item.date].append(item)
        rows = []
        for day, items in sorted(days.items()):
            keys = [t.label for t in items if t.kind == "key"]
            events = sum(1 for t in items if t.kind != "key")
            # An edition that gives no event a level counts them only.
            levels = Counter(LEVEL_LABELS[t.kind].lower() for t in items if t.kind in LEVEL_LABELS)
            said = f"{events:,} events" + (" (" + ", ".join(f"{n:,} {k}" for k, n in levels.items()) + ")" if levels else "")
            rows.append([fmt_date(day), "; ".join(keys), said if events else ""])
        return [para("Counted by day; each item is in the companion sheet \u201cTimeline\u201d.", self.s["Note"]),
                self.table(["Date", "Key dates", "Events"], rows, [0.14, 0.4, 0.46], long=True)]

    def label(self, text: str) -> list:
        """A small heading over a table, never left alone at the foot of a page."""
        return [CondPageBreak(28 * mm), Spacer(1, 2 * mm), para(text, self.s["SmallBold"])]

    def compact_register(self, register) -> tuple[list, list]:
        """The entries whose residual risk stays high or very high, and a note counting the rest."""
        shown = [r for r in register if r.residual in (VERY_HIGH, "high")]
        note = para(f"{len(register):,} entries; the {len(shown):,} whose residual risk stays high or very high are "
                    f"listed. The other {len(register) - len(shown):,} are in the companion sheet “Risk "
                    "register”.", self.s["Note"])
        return shown, [note]

    def profile_table(self, candidates) -> list:
        """At scale, each very high risk candidate's profile as a row; every profile in full is in the companion."""
        rows = [[cell_lines([c.name, c.party]), f"{c.score:.1f}", c.home_address or "Not recorded",
                 "; ".join(c.protective_measures) or "None",
                 "; ".join(f"{t.date} {t.severity.lower()}: {t.kind}" for t in c.threats) or "None"] for c in candidates]
        return [self.table(["Candidate", "Score", "Home address", "Protective measures", "Threat reports"], rows,
                           [0.22, 0.07, 0.22, 0.24, 0.25], long=True)] if rows else []

    def count_table(self, events: tuple[EventRow, ...]):
        """Every count and declaration, a row each, as a force or the nation has one a constituency."""
        police = self.doc.edition.event_risk
        rows = [[cell_lines([e.name, e.when]), (e.venue or "No venue recorded") + (f" ({unbroken(e.grid_ref)})" if e.grid_ref else "")]
                + ([self.chip(e.level), e.score] if police else []) + [e.presence or "To be agreed with the police"]
                for e in events]
        header = ["Event", "Venue"] + (["Level", "Score"] if police else []) + ["Presence"]
        widths = [0.3, 0.3] + ([0.1, 0.07] if police else []) + [0.23]
        return self.table(header, rows, [w / sum(widths) for w in widths], long=True)

    def compact_candidates(self, candidates) -> tuple[list, list]:
        """The very high risk candidates, and a note counting the rest by level."""
        shown = [c for c in candidates if c.level == VERY_HIGH]
        levels = Counter(LEVEL_LABELS[c.level].lower() for c in candidates)
        note = para(f"{len(candidates):,} candidates: " + ", ".join(f"{n:,} {k}" for k, n in levels.items())
                    + ". Only the very high are listed here; every candidate is in the companion sheet "
                      "\u201cCandidates\u201d.", self.s["Note"])
        return shown, [note]
