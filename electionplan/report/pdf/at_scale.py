"""A plan above the ruleset's size, led by its exceptions: repetitive detail grouped and counted, every row in
the companion files the PDF names (see report.companion).

A constituency's chapter keeps its figures, its map, its flashpoints and red stations, and says its amber and
green stations, its accepted risks and its patrols by group and count. The accepted risks are grouped by shift
and reason, the briefings counted by constituency and the timeline by day.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from functools import cached_property
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer

from electionplan.domain.count_rvp import CountRvp
from electionplan.domain.timefmt import fmt_date
from electionplan.report.document import AcceptedRisk, TimelineItem
from electionplan.report.fonts import FONT_BOLD
from electionplan.report.map_drawing import map_description, map_drawing
from electionplan.report.map_key import LINE_HEIGHT, Symbols, legend_drawing, legend_words, map_symbols
from electionplan.report.pdf.beside import Beside
from electionplan.report.pdf.cells import cell_lines, unbroken
from electionplan.report.pdf.core import CONTENT_W, RendererCore, para
from electionplan.report.rows import EventRow, StationRow, natural_key
from electionplan.risk.results import LEVEL_LABELS

NAMED = 6  # constituencies or stations named in a group before the rest are counted
# A chapter's lines that start a line of their own in its words: each red station, and its shifts' cover.
OWN_LINE = ("Red", "Not fully covered")
VERY_HIGH = "very_high"
NOT_OFFERED = "Not yet offered"
BRIEFING_ROWS = 80  # constituencies listed by briefings not yet offered, most first


def _named(names: list[str], shown: int = NAMED) -> str:
    if len(names) <= shown:
        return ", ".join(names)
    return ", ".join(names[:shown]) + f" and {len(names) - shown:,} more"


def _reason_key(reason: str) -> str:
    """A reason as its kind ("Large electorate"), without the figures that make each station's differ."""
    return re.split(r" \(|; |: ", reason.rstrip("."), maxsplit=1)[0]


def _groups(accepted: list[AcceptedRisk]) -> list[tuple[AcceptedRisk, list[AcceptedRisk]]]:
    """Accepted risks grouped by shift and reason, in the order first met: the reason is said once a group."""
    grouped: dict[tuple, list[AcceptedRisk]] = defaultdict(list)
    for a in accepted:
        grouped[(a.date, a.shift, a.category, a.reason)].append(a)
    return [(items[0], items) for items in grouped.values()]


def _items(items: list[AcceptedRisk]) -> list[str]:
    """A group's items counted by what they are, most first; a lone item by name."""
    kinds = Counter(f"{a.kind}, {a.level.lower()}" for a in items)
    return [f"{n:,} × {kind}" + (f": {items[0].item}" if len(items) == 1 else "") for kind, n in kinds.most_common()]


def seat_text(seat) -> str:
    """A constituency's figures in a sentence, and its candidates' where the edition gives them."""
    return seat.summary + (" " + seat.candidate_summary if seat.candidate_summary else "")


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

    def seat_row_name(self, seat) -> str:
        """A constituency in the threat picture: by name alone at scale (its chapter heading gives its code), so a
        row is one line and 650 take a dozen pages."""
        return seat.name if self.at_scale else f"{seat.name}\n{seat.code}"

    def grouped_accepted(self, accepted: list[AcceptedRisk], seats: bool) -> list:
        """Accepted risks by shift and reason, with counts and (`seats`) the constituencies they lie in."""
        names: dict[int | None, str] = {seat.id: seat.name for seat in self.doc.information.threat_picture}
        rows = []
        for first, items in _groups(accepted):
            where = sorted({names.get(a.constituency_id, "No constituency") for a in items}, key=natural_key)
            rows.append([f"{first.date} {first.shift}", cell_lines(_items(items)), first.category, first.reason]
                        + ([f"{len(where):,}: {_named(where, 3)}"] if seats else []))
        header = ["Shift", "Items", "Listed as", "Why"] + (["Constituencies"] if seats else [])
        widths = [0.11, 0.25, 0.1, 0.34, 0.2] if seats else [0.14, 0.26, 0.14, 0.46]
        return [para("Grouped by shift and reason; each item, with its cover, is in the companion sheet "
                     "\u201cAccepted risks\u201d.", self.s["Note"]),
                self.table(header, rows, [w / sum(widths) for w in widths], long=True)]

    def chapter_words(self, seat_name: str, others: list[EventRow], stations: list[StationRow],
                      accepted: list[AcceptedRisk], patrols, keys: dict[int, str] | None = None) -> list[Paragraph]:
        """What a chapter at scale says in words beside its map: its red stations and contacts, and the rows it
        counts rather than lists. `keys`: each station's number on the map, given where it is not its own."""
        body, words = self.s["Compact"], []

        def number(r: StationRow) -> str:
            key = (keys or {}).get(r.id, r.number)
            return r.number if key == r.number else f"{r.number} (map {key})"

        for r in (r for r in stations if r.rag == "red"):
            words.append(para(f"Red: {number(r)} {r.name}, {r.grid_ref_text}: " + "; ".join(
                reason.rstrip(".") for reason in r.concern_reasons) + f". {r.presence}.", body))
        briefings = [b for b in self.doc.administration.briefings if b.constituency == seat_name]
        if briefings:
            offered = sum(1 for b in briefings if b.offered != NOT_OFFERED)
            unnamed = sum(1 for b in briefings if b.police_contact == "To be named")
            words.append(para(f"Briefings offered: {offered:,} of {len(briefings):,}"
                              + (f"; police contact still to be named: {unnamed:,}" if unnamed else "") + ".", body))
        contacts = [c for c in self.doc.administration.contacts if c.serves == seat_name]
        if contacts:
            words.append(para("Contacts: " + "; ".join(
                ", ".join(p for p in (c.role, c.name, c.phone) if p) for c in contacts) + ".", body))
        by_reason: dict[str, list[str]] = defaultdict(list)
        for r in (r for r in stations if r.rag == "amber"):
            for reason in r.concern_reasons or ("No reason recorded",):
                by_reason[_reason_key(reason)].append(number(r))
        if by_reason:
            # A few are named; more are counted, as the map numbers each of them and a part-list finds none.
            words.append(para("Amber stations by reason: " + "; ".join(
                f"{reason.lower()} {len(numbers)}"
                + (f" ({', '.join(sorted(numbers, key=natural_key))})" if len(numbers) <= NAMED else "")
                for reason, numbers in by_reason.items()) + ".", body))
        if self.doc.edition.event_risk:
            levels = Counter(LEVEL_LABELS[e.level].lower() for e in others)
            said = ", ".join(f"{n} {level}" for level, n in levels.items())
            words.append(para(f"Other events: {len(others):,}" + (f" ({said})" if said else "") + ".", body))
        elif others:
            words.append(para("Each public event, with when and where, is in the companion sheet \u201cEvents\u201d.",
                              body))
        return words + self._deployment_words(accepted, patrols)

    def word_block(self, words: list[Paragraph]) -> Paragraph:
        """The chapter's lines as one paragraph, each led by its subject in bold: each red station on a line of its
        own, then what the constituency holds run on, then what its shifts leave uncovered, so 650 chapters keep
        to a third of a page each."""
        lines: list[list[str]] = []
        previous = ""
        for paragraph in words:
            lead, said, rest = paragraph.getPlainText().partition(": ")
            text = f'<font name="{FONT_BOLD}">{escape(lead)}:</font> {escape(rest)}' if said else escape(lead)
            if not lines or lead in OWN_LINE or previous == "Red":
                lines.append([text])
            else:
                lines[-1].append(text)
            previous = lead
        return Paragraph("<br/>".join(" ".join(line) for line in lines), self.s["Compact"])

    def _deployment_words(self, accepted: list[AcceptedRisk], patrols) -> list[Paragraph]:
        body, words = self.s["Compact"], []
        if self.doc.deployment is None:
            return []
        if self.doc.deployment.shifts:
            shifts: dict[str, Counter] = defaultdict(Counter)
            for a in accepted:
                shifts[f"{a.date} {a.shift}"][f"{a.level.lower()} {a.category.lower()}"] += 1
            words.append(para("Not fully covered: " + ("; ".join(
                f"{shift} {sum(kinds.values()):,} (" + ", ".join(f"{n:,} {k}" for k, n in kinds.items()) + ")"
                for shift, kinds in shifts.items()) if shifts else "none; every item here is covered on every shift")
                + ".", body))
        if patrols:
            left = sorted((s.number for p in patrols if not p.officers for s in p.stops), key=natural_key)
            stops = sum(len(p.stops) for p in patrols)
            if left and len(left) == stops:  # a list of every station would say only "all of them"
                said = f"; none has an officer, so all {stops:,} stations are unpatrolled"
            else:
                said = (f"; {len(left):,} stations unpatrolled, as their patrols have no officer ({_named(left)})"
                        if left else ", each with officers")
            words.append(para(f"Patrols: {len(patrols):,} planned over {stops:,} stations{said}.", body))
        return words

    def chapter_flashpoints(self, seat_name: str, flashpoints: list[EventRow]) -> list:
        if not self.doc.edition.event_risk:
            return []
        if not flashpoints:
            return [para(f"No flashpoints are assessed in {seat_name}.", self.s["Body"])]
        rows = [[e.when, cell_lines([e.name, e.kind_label]), cell_lines([e.venue, unbroken(e.grid_ref)]),
                 self.chip(e.level), e.score, e.presence] for e in flashpoints]
        # Straight under its constituency's map, the table's own header says what it lists: no label over it.
        return [Spacer(1, 1.5 * mm),
                self.table(["When", "Flashpoint", "Venue", "Level", "Score", "Presence"], rows,
                           [0.13, 0.25, 0.16, 0.12, 0.06, 0.28], long=True, tight=True)]

    def briefings_by_seat(self) -> list:
        briefings = self.doc.administration.briefings
        counts: dict[str, Counter] = defaultdict(Counter)
        for b in briefings:
            counts[b.constituency or "No constituency"].update(
                candidates=1, waiting=b.offered == NOT_OFFERED, accepted=b.accepted not in ("", "Not accepted"),
                unnamed=b.police_contact == "To be named")
        keys = ("candidates", "waiting", "accepted", "unnamed")
        total = Counter[str]()
        for c in counts.values():
            total.update(c)
        # Those with most candidates still to be offered one first; each chapter counts its own.
        waiting = sorted((item for item in counts.items() if item[1]["waiting"]), key=lambda item: -item[1]["waiting"])
        rows = [[f"All {len(counts):,} constituencies", *(f"{total[k]:,}" for k in keys)]]
        rows += [[seat, *(f"{c[k]:,}" for k in keys)] for seat, c in waiting[:BRIEFING_ROWS]]
        more = len(waiting) - BRIEFING_ROWS
        return [para(f"Counted by constituency: the {min(len(waiting), BRIEFING_ROWS):,} with most candidates not yet "
                     "offered a briefing" + (f" (and {more:,} more)" if more > 0 else "") + " are listed; each "
                     "constituency's chapter counts its own, and each candidate's offer, acceptance and named contact "
                     "is in the companion sheet \u201cBriefings\u201d.", self.s["Note"]),
                self.table(["Constituency", "Candidates", "Not yet offered", "Accepted", "Police contact to be named"],
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

    def compact_register(self, register) -> tuple[list, list]:
        """Entries alike but for the flashpoint they name grouped into one, with a note saying so."""
        grouped: dict[tuple, list] = defaultdict(list)
        for r in register:
            grouped[(r.likelihood, r.impact, r.score, r.controls, r.residual, r.owner)].append(r)
        shown = []
        for items in grouped.values():
            first = items[0]
            if len(items) > 1 and " at " in first.risk:
                places = [r.risk.split(" at ", 1)[1] for r in items]
                first = replace(first, risk=f"{first.risk.split(' at ', 1)[0]} at {len(items):,} flashpoints: "
                                            + _named(places, 3))
            shown.append(first)
        note = para(f"{len(register):,} entries; those alike but for the flashpoint they name are one row here "
                    f"({len(shown):,} rows). Every entry is in the companion sheet “Risk register”.",
                    self.s["Note"])
        return shown, [note]

    def profile_table(self, candidates) -> list:
        """At scale, each very high risk candidate's profile as a row; every profile in full is in the companion."""
        rows = [[cell_lines([c.name, c.party]), f"{c.score:.1f}", c.home_address or "Not recorded",
                 "; ".join(c.protective_measures) or "None",
                 "; ".join(f"{t.date} {t.severity.lower()}: {t.kind}" for t in c.threats) or "None"] for c in candidates]
        return [self.table(["Candidate", "Score", "Home address", "Protective measures", "Threat reports"], rows,
                           [0.22, 0.07, 0.22, 0.24, 0.25], long=True)] if rows else []

    def count_rvp_of(self, event: EventRow) -> CountRvp | None:
        """The RVP of the count's venue, where this edition may know it."""
        order = self.doc.order
        return next((c for c in order.count_rvps if c.venue_id == event.venue_id), None) if order else None

    def count_rvp_rows(self, event: EventRow) -> list[tuple[str, str]]:
        """A count's RVP in words (whose it is, its grid reference unbroken) and, on a row of its own so it is
        seen, what a commander must check about it; nothing where the edition may not know it."""
        rvp = self.count_rvp_of(event)
        if rvp is None:
            return []
        said = rvp.said.replace(rvp.grid_ref, unbroken(rvp.grid_ref)) if rvp.grid_ref else rvp.said
        return [("Rendezvous point (RVP)", said[:1].upper() + said[1:])] + (
            [("Check the RVP", rvp.flag[:1].upper() + rvp.flag[1:] + ".")] if rvp.flag else [])

    def count_rvp_cell(self, event: EventRow) -> str:
        """The same in one table cell, the check led by "Check:"."""
        rvp, rows = self.count_rvp_of(event), self.count_rvp_rows(event)
        return "\n".join([text for _, text in rows[:1]] + ([f"Check: {rvp.flag}."] if rvp and rvp.flag else []))

    def count_table(self, events: tuple[EventRow, ...]):
        """Every count and declaration, a row each, as a force or the nation has one a constituency; with its RVP
        where the edition may know it."""
        police = self.doc.edition.event_risk
        rvp = any(self.count_rvp_of(e) for e in events)
        rows = [[cell_lines([e.name, e.when]), (e.venue or "No venue recorded") + (f" ({unbroken(e.grid_ref)})" if e.grid_ref else "")]
                + ([self.chip(e.level), e.score] if police else []) + [e.presence or "To be agreed with the police"]
                + ([self.count_rvp_cell(e)] if rvp else [])
                for e in events]
        header = ["Event", "Venue"] + (["Level", "Score"] if police else []) + ["Presence"] + (["RVP"] if rvp else [])
        widths = ([0.17, 0.19] + ([0.09, 0.06] if police else []) + [0.17, 0.32] if rvp else
                  [0.3, 0.3] + ([0.1, 0.07] if police else []) + [0.23])
        return self.table(header, rows, [w / sum(widths) for w in widths], long=True)

    def force_contacts(self, contacts) -> tuple[list, list]:
        """The contacts serving the whole force; each constituency's are in its chapter."""
        listed = [c for c in contacts if not c.serves]
        note = para(f"{len(contacts) - len(listed):,} contacts serving one constituency are named in its chapter; "
                    "every contact is in the companion sheet \u201cContacts\u201d.", self.s["Note"])
        return listed, [note]

    def compact_incidents(self, incidents) -> tuple[list, list]:
        """The high and critical incidents, and a note counting the rest by severity."""
        shown = [i for i in incidents if i.severity.casefold() in ("high", "critical")]
        severities = Counter(i.severity.casefold() for i in incidents)
        note = para(f"{len(incidents):,} incidents: " + ", ".join(f"{n:,} {k}" for k, n in severities.items())
                    + ". The high and critical are listed here; every incident is in the companion sheet "
                      "“Incidents”.", self.s["Note"])
        return shown, [note]

    def compact_candidates(self, candidates, where: str = "here") -> tuple[list, list]:
        """The very high risk candidates, and a note counting the rest by level."""
        shown = [c for c in candidates if c.level == VERY_HIGH]
        levels = Counter(LEVEL_LABELS[c.level].lower() for c in candidates)
        note = para(f"{len(candidates):,} candidates: " + ", ".join(f"{n:,} {k}" for k, n in levels.items())
                    + f". The very high are listed {where}; every candidate, with the factors and weights of their "
                      "score, is in the companion sheet "
                      "\u201cCandidates\u201d.", self.s["Note"])
        return shown, [note]

    @cached_property
    def chapter_symbols(self) -> Symbols:
        """Every symbol any chapter's map draws."""
        return frozenset().union(*(map_symbols(seat.map, flagged_only=True)
                                   for seat in self.doc.information.threat_picture))

    @cached_property
    def page_keyed(self) -> bool:
        """Whether each page keys its chapter maps once, on the line under its header: where every symbol the
        chapters draw fits that one line. Otherwise each map has its own key, as 650 identical keys would not."""
        return legend_drawing(CONTENT_W, symbols=self.chapter_symbols, flagged_only=True, compact=True).height \
            <= LINE_HEIGHT

    def chapter_key_note(self) -> list:
        """Said once, before the chapters, where each page keys its maps: where the key is, and the key in words."""
        if not self.page_keyed:
            return []
        return [para("Each page keys its constituencies' maps once, on the line under its header, naming only the "
                     "symbols drawn on that page. " + legend_words(symbols=self.chapter_symbols, flagged_only=True),
                     self.s["Note"])]

    @cached_property
    def chapter_heading(self) -> ParagraphStyle:
        """A chapter's heading at scale: a second-level heading (its name is its level), with less space about it."""
        return ParagraphStyle("Heading2", parent=self.s["Heading2"], spaceBefore=4, spaceAfter=1.5)

    def compact_chapter(self, seat, events: list[EventRow], stations: list[StationRow]) -> list:
        """A chapter at scale: its map with its figures in words beside it, then its flashpoints and red stations."""
        drawing = map_drawing(seat.map, 0.34 * CONTENT_W, 44 * mm, flagged_only=True)
        section = self.doc.deployment
        accepted = [a for a in section.accepted if a.constituency_id == seat.id] if section else []
        patrols = [p for p in section.patrols if p.constituency_id == seat.id] if section else []
        keys = {p.id: p.key for p in seat.map.points if p.entity == "station"}
        lines = self.chapter_words(seat.name, [e for e in events if not e.flashpoint], stations, accepted, patrols,
                                   keys)
        words = [para(seat_text(seat), self.s["Compact"]), *([self.word_block(lines)] if lines else [])]
        alt = map_description(seat.map, seat.name, drawing.__dict__["drawn_labels"], drawing.__dict__["unnumbered"],
                              drawing.__dict__["wards_named"], flagged_only=True)
        if self.page_keyed:  # the page's one key, under its header, names this map's symbols with its neighbours'
            beside = Beside(drawing, alt, words, None, "", symbols=map_symbols(seat.map, flagged_only=True))
        else:
            beside = Beside(drawing, alt, words, lambda width: legend_drawing(width, scene=seat.map, flagged_only=True),
                            legend_words(seat.map, flagged_only=True))
        # The heading never stands without its map and figures beneath it.
        story = [KeepTogether([para(f"{seat.name} ({seat.code})", self.chapter_heading), beside])]
        return story + self.chapter_flashpoints(seat.name, [e for e in events if e.flashpoint])
