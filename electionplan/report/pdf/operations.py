"""The body of the plan in IIMARCH order: information, intention, method,
administration, risk assessment, communications, human rights."""

from __future__ import annotations

from functools import cached_property

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer, Table

from electionplan import __version__
from electionplan.domain.timefmt import fmt_date
from electionplan.report.document import SeatFigures
from electionplan.report.editions import ASSESSMENT_WITHHELD
from electionplan.report.pdf.at_scale import ScaleSections, seat_text
from electionplan.report.pdf.cells import cell_bullets, cell_lines, unbroken
from electionplan.report.pdf.core import para, written
from electionplan.report.pdf.deployment import deployment_story, seat_deployment
from electionplan.report.pdf.maps import seat_map_story
from electionplan.report.pdf.order import template_paragraphs
from electionplan.report.rows import EventRow, StationRow
from electionplan.risk.results import LEVEL_LABELS

COUNT_NOTE = (
    "Officers attend from the close of poll until the declaration and the venue is clear. Entry is "
    "by the returning officer's accreditation only; a search regime is agreed with the returning officer. "
    "Candidates with a high risk profile are met on arrival and escorted between the car park and the hall."
)
BRIEFING_NOTE = (
    "All officers deployed receive a briefing from this plan before each shift, covering the flashpoints of the "
    "day, the polling stations they cover and the named contacts below. Every candidate is offered a security "
    "briefing and a named police contact:"
)
ARTICLES_10_11 = (
    "Article 10 (freedom of expression) and Article 11 (freedom of assembly and association) of the European "
    "Convention on Human Rights are engaged by hustings, canvassing, campaign events and protest. Any restriction "
    "on them must be lawful, necessary and proportionate. Police will facilitate peaceful protest, including "
    "protest near hustings and counts, and will act only where there is a risk of disorder, intimidation, "
    "harassment or a criminal offence."
)
IMPARTIALITY = (
    "This plan gives no political advantage to any candidate or party. Risk is assessed by a published, "
    "versioned ruleset from facts about candidates' circumstances, events and places; a candidate's party is "
    "recorded only to identify them and is never an input to any score. The same ruleset applies to every "
    "candidate."
)


STATIONS_NOTE = ("Stations are rated red, amber or green by the ruleset; reasons are given for every station that is "
                 "not green. Grid references are 8-figure OS references.")


def _by_seat(rows) -> dict[int | None, list]:
    """Rows grouped by constituency, in their given order (stations red first, events by risk)."""
    grouped: dict[int | None, list] = {}
    for row in rows:
        grouped.setdefault(row.constituency_id, []).append(row)
    return grouped


def _venue(e: EventRow) -> str:
    return e.venue or "No venue recorded"


def _station_place(r: StationRow) -> str:
    return ", ".join(p for p in (r.address, r.postcode) if p)


def _grid_ref(r: StationRow) -> str:
    return unbroken(r.grid_ref_text)


def _council(r: StationRow) -> str:
    return f"Council: {r.council or 'not recorded'}"


def _named(r: StationRow, several: bool) -> list[str]:
    """A station's name, its polling district when the file gave one, and its council when the plan has several."""
    return ([r.name] + ([f"District: {r.district}"] if r.district and r.district != r.number else [])
            + ([_council(r)] if several else []))


def _electors(r: StationRow) -> str:
    return f"{r.electorate:,}" if r.electorate else ""


def _figures_row(name: str, f: SeatFigures, incidents: bool, police: bool) -> list:
    flashpoints = f"{f.flashpoints:,} ({f.breakdown})" if f.flashpoints else "0"
    row: list = [name, f"{f.events:,}", flashpoints, f"{f.stations:,}", f"{f.red:,}", f"{f.amber:,}"]
    return row + [f"{f.incidents:,}"] * incidents + [f"{f.candidates:,}", f"{f.high_risk_candidates:,}"] * police


def _levels_total(seats) -> tuple[tuple[str, int], ...]:
    totals: dict[str, int] = {}
    for seat in seats:
        for level, count in seat.figures.flashpoint_levels:
            totals[level] = totals.get(level, 0) + count
    return tuple((key, totals[key]) for key in reversed(LEVEL_LABELS) if key in totals)


class OperationsSections(ScaleSections):
    def information(self) -> list:
        info, edition = self.doc.information, self.doc.edition
        story = [para("1. Information", self.s["Heading1"]), para("Threat picture", self.s["Heading2"])]
        if len(info.threat_picture) > 1:
            story += self.threat_table(info.threat_picture)
        for seat in info.threat_picture[:1] if len(info.threat_picture) == 1 else ():
            story.append(para(f"{seat.name} ({seat.code})", self.s["Heading3"]))
            story.append(para(seat_text(seat), self.s["Body"]))
        if edition.candidate_risk_summary and info.candidates:
            story.append(para("Candidates' risk summary", self.s["Heading2"]))
            story.append(para("OFFICIAL-SENSITIVE personal data (DPA 2018 Part 3, sensitive processing). Party is shown "
                              "for identification only and plays no part in any score.", self.s["Note"]))
            shown, notes = (self.compact_candidates(info.candidates, "in Annex A") if self.at_scale
                            else (info.candidates, []))
            story += notes
            rows = [[c.name, c.party, self.chip(c.level), f"{c.score:.1f}",
                     cell_bullets(c.factors or ["No risk factors recorded."])] for c in shown]
            story += [] if self.at_scale else [  # at scale the very high are listed once, in Annex A
                self.table(["Candidate", "Party (identification)", "Level", "Score", "Factors and weights"], rows,
                           [0.18, 0.16, 0.1, 0.07, 0.49])]
        story.append(PageBreak())
        return story

    def threat_table(self, seats) -> list:
        """A force plan's threat picture: a row a constituency, and the force's totals."""
        police = self.doc.edition.candidate_risk_summary
        if not self.doc.edition.event_risk:
            lines = [(f"All {len(seats)} constituencies", [seat.figures for seat in seats])]
            lines += [(f"{seat.name}\n{seat.code}", [seat.figures]) for seat in seats]
            rows = [[name, *(f"{sum(getattr(f, key) for f in figures):,}" for key in ("events", "stations", "red", "amber"))]
                    for name, figures in lines]
            return [para(ASSESSMENT_WITHHELD, self.s["Note"]),
                    self.table(["Constituency", "Public events", "Stations", "Red", "Amber"], rows,
                               [0.46, 0.14, 0.14, 0.13, 0.13], long=True, total_first=True)]
        incidents = any(seat.figures.incidents for seat in seats)
        header = ["Constituency", "Events", "Flashpoints", "Stations", "Red", "Amber"]
        header += ["Earlier incidents"] * incidents + ["Candidates", "High risk"] * police
        widths = [0.24 if self.at_scale else 0.34, 0.07, 0.28 if self.at_scale else 0.19, 0.08, 0.05, 0.06] \
            + [0.08] * incidents + [0.08, 0.06] * police
        counted = {name: sum(getattr(seat.figures, name) for seat in seats)
                   for name in SeatFigures.__dataclass_fields__ if name != "flashpoint_levels"}
        total = SeatFigures(flashpoint_levels=_levels_total(seats), **counted)
        # The force's totals lead, so they are read first and never left alone at the top of a page.
        rows = [_figures_row(f"All {len(seats)} constituencies", total, incidents, police)]
        rows += [_figures_row(self.seat_row_name(seat), seat.figures, incidents, police) for seat in seats]
        note = para("Flashpoints are broken down by assessed level. Stations with no location, and events and stations "
                    "in no constituency, are listed in section 3 as needing attention.", self.s["Note"])
        return [note, self.table(header, rows, [w / sum(widths) for w in widths], long=True, total_first=True)]

    def intention(self) -> list:
        return [para("2. Intention", self.s["Heading1"]), para(self.doc.intention, self.s["Body"])]

    def method(self) -> list:
        # The method opens with a map: heading, constituency and map start a page together.
        story = [CondPageBreak(175 * mm), para("3. Method", self.s["Heading1"])]
        if len(self.doc.information.threat_picture) > 1:  # a force plan: a chapter a constituency
            return story + self.seat_chapters() + self.count_events() + self.deployment()
        for seat in self.doc.information.threat_picture:
            story += [para(f"{seat.name} ({seat.code})", self.s["Heading2"]),
                      *self.seat_map(seat),
                      Spacer(1, 3 * mm)]
            if self.doc.edition.event_risk:
                story.append(para("Flashpoints", self.s["Heading3"]))
                story.append(self.event_table(seat.flashpoints) if seat.flashpoints else
                             para("No flashpoints are assessed in this constituency.", self.s["Body"]))
        others = [e for e in self.doc.method.events if not e.flashpoint]
        story += [para("Other events" if self.doc.edition.event_risk else "Public events", self.s["Heading2"])]
        if not self.doc.edition.event_risk:
            story.append(para(ASSESSMENT_WITHHELD, self.s["Note"]))
        story.append(self.event_table(others) if others else para("None.", self.s["Body"]))
        return story + self.stations() + self.count_events() + self.deployment()

    def seat_map(self, seat) -> list:
        return seat_map_story(seat, self.s)

    def seat_chapters(self) -> list:
        """A force plan's method: one chapter a constituency, then whatever lies in none of them."""
        method = self.doc.method
        events, stations = _by_seat(method.events), _by_seat(method.stations)
        story: list = [para(STATIONS_NOTE, self.s["Note"])] + (self.chapter_key_note() if self.at_scale else [])
        for n, seat in enumerate(self.doc.information.threat_picture):
            # Each constituency starts a page of its own; the first follows the section heading. At scale a chapter
            # is half a page, so it starts one only when its heading and map would not fit.
            story += [] if self.at_scale or not n else [PageBreak()]
            chapter = self.compact_chapter if self.at_scale else self.seat_chapter
            story += chapter(seat, events.get(seat.id, []), stations.get(seat.id, []))
        loose_events, loose_stations = events.get(None, []), stations.get(None, [])
        if loose_events or loose_stations:
            story += [PageBreak(), para("Not in any constituency: needs attention", self.s["Heading2"]),
                      para("These lie outside every constituency boundary in the plan, or have no location yet. "
                           "They are planned for here until they are placed.", self.s["Body"])]
            if loose_events:
                story += [para("Events", self.s["Heading3"]), self.event_table(loose_events)]
            if loose_stations:
                story += [para("Polling stations", self.s["Heading3"]),
                          self.flagged_stations(loose_stations, len(self._plan_councils) > 1)]
        return story

    def seat_chapter(self, seat, events: list[EventRow], stations: list[StationRow]) -> list:
        flashpoints = [e for e in events if e.flashpoint]
        others = [e for e in events if not e.flashpoint]
        flagged = [r for r in stations if r.rag != "green"]
        quiet = [r for r in stations if r.rag == "green"]
        unlocated = [r for r in stations if r.easting is None or r.northing is None]
        story = [para(f"{seat.name} ({seat.code})", self.s["Heading2"]), para(seat_text(seat), self.s["Body"]),
                 *self.seat_map(seat)]
        if unlocated:
            story.append(para("Not on the map, with no location yet (needs attention): "
                              + ", ".join(f"{r.number} {r.name}".strip() for r in unlocated) + ".", self.s["Body"]))
        if self.doc.edition.event_risk:
            story.append(para(f"Flashpoints in {seat.name}", self.s["Heading3"]))
            story.append(self.event_table(flashpoints) if flashpoints else
                         para("No flashpoints are assessed in this constituency.", self.s["Body"]))
        story.append(para(f"{'Other' if self.doc.edition.event_risk else 'Public'} events in {seat.name}",
                          self.s["Heading3"]))
        story.append(self.event_table(others) if others else para("None.", self.s["Body"]))
        # Numbers are unique only within a council: a chapter whose stations come from one council
        # names it once, in its heading; one with several names each station's.
        councils = {r.council for r in stations}
        several = len(councils) > 1
        named = f" ({next(iter(councils))})" if len(self._plan_councils) > 1 and len(councils) == 1 and all(councils) else ""
        story.append(para(f"Polling stations in {seat.name}{named}: {len(flagged)} red or amber, {len(quiet)} green",
                          self.s["Heading3"]))
        if flagged:
            story.append(self.flagged_stations(flagged, several))
        if quiet:
            # Its own label, kept with its first rows, so its header never stands alone at the foot of a page.
            story += [CondPageBreak(30 * mm), para(f"Rated green ({len(quiet)})", self.s["SmallBold"]),
                      self.green_stations(quiet, several)]
        if not stations:
            story.append(para("No polling station is recorded in this constituency yet.", self.s["Body"]))
        return story + seat_deployment(self, self.doc.deployment, seat.id, seat.name)

    def deployment(self) -> list:
        return deployment_story(self, self.doc.deployment, chapters=len(self.doc.information.threat_picture) > 1)

    def stations(self) -> list:
        stations = self.doc.method.stations
        story = [para("Polling stations", self.s["Heading2"]), para(STATIONS_NOTE, self.s["Note"])]
        councils = sorted(self._plan_councils - {""})
        if len(councils) == 1:  # one council's file: its numbers, said once here rather than on every row
            story.append(para(f"Station numbers and polling districts are {councils[0]}'s.", self.s["Note"]))
        flagged = [r for r in stations if r.rag != "green"]
        quiet = [r for r in stations if r.rag == "green"]
        story.append(para("Rated red or amber", self.s["Heading3"]))
        several = len(self._plan_councils) > 1
        story.append(self.flagged_stations(flagged, several) if flagged else
                     para("No station is rated red or amber.", self.s["Body"]))
        story.append(para(f"Rated green ({len(quiet)})", self.s["Heading3"]))
        if quiet:
            story.append(self.green_stations(quiet, several))
        return story

    @cached_property
    def _plan_councils(self) -> set[str]:
        return {r.council for r in self.doc.method.stations}

    @cached_property
    def _map_keys(self) -> dict[int, str]:
        """Each mapped station's number on its map, which its row must show."""
        return {p.id: p.key for seat in self.doc.information.threat_picture for p in seat.map.points
                if p.entity == "station" and p.key}

    def _keyed(self, rows: list[StationRow], header: list[str], cells: list[list], widths: list[float]):
        """The table as it is when the map numbers stations by their own numbers; otherwise led by a Map
        column giving each station's key on the map (numbers missing, repeated between councils, or too long)."""
        keys = self._map_keys
        if all(keys.get(r.id, r.number) == r.number for r in rows):
            return header, cells, widths
        return (["Map", *header], [[keys.get(r.id, "–"), *row] for r, row in zip(rows, cells, strict=True)],
                [0.05, *(w * 0.95 for w in widths)])

    def flagged_stations(self, rows: list[StationRow], several: bool) -> Table:
        """Red and amber stations; `several` names each station's council, as numbers repeat between councils."""
        # Plain text, wrapped by the table helper: a paragraph a cell is too slow for 40,000 stations.
        cells = [[r.number, cell_lines(_named(r, several) + [_station_place(r)]),
                  _grid_ref(r), _electors(r), self.chip(r.rag), r.presence,
                  cell_bullets(r.concern_reasons)] for r in rows]
        return self.table(*self._keyed(rows, ["No.", "Station", "Grid ref", "Electors", "RAG", "Presence", "Reasons"],
                                       cells, [0.07, 0.24, 0.12, 0.09, 0.08, 0.16, 0.24]), long=True)

    def green_stations(self, rows: list[StationRow], several: bool) -> Table:
        cells = [[r.number, cell_lines(_named(r, several)), _station_place(r),
                  _grid_ref(r), _electors(r), r.presence] for r in rows]
        return self.table(*self._keyed(rows, ["No.", "Station", "Address", "Grid ref", "Electors", "Presence"],
                                       cells, [0.07, 0.27, 0.30, 0.12, 0.09, 0.15]), long=True)

    def count_events(self) -> list:
        story = [para("Verification, count and declaration", self.s["Heading2"])]
        order = self.doc.order
        # An order words count security from its template (accreditation, search, cordons, RVP, contingencies);
        # a revision issued before the order was plan data keeps the note it was issued with.
        security = next((sec for sec in order.standard if sec.key == "count_security"), None) if order else None
        words = ([para(security.title, self.s["Heading3"]), *template_paragraphs(security.paragraphs, self.s["Body"])]
                 if security else [para(COUNT_NOTE, self.s["Body"])])
        if not self.doc.method.count_events:
            return story + [para("No count or declaration has been entered yet.", self.s["Body"])] + (
                words if security else [])
        if self.at_scale:
            story.append(self.count_table(self.doc.method.count_events))
        for e in () if self.at_scale else self.doc.method.count_events:
            assessed = [("Assessed risk", f"{LEVEL_LABELS[e.level]} (score {e.score})")] if self.doc.edition.event_risk \
                else []
            # The RVP is police business: an edition that may not see it has none to print.
            rvp = self.count_rvp_rows(e)
            story.append(self.kv_table([("Event", e.name), ("When", e.when), ("Venue", _venue(e) + (f" ({e.grid_ref})" if e.grid_ref else "")),
                                        *assessed, ("Presence", e.presence or "To be agreed with the police"), *rvp]))
            story.append(Spacer(1, 3 * mm))
        return story + words

    def event_table(self, events) -> Table:
        if not self.doc.edition.event_risk:
            return self.public_event_table(events)
        rows = [[cell_lines([e.name, e.kind_label, e.when, _venue(e) + (f" ({e.grid_ref})" if e.grid_ref else "")]),
                 self.chip(e.level), e.score, cell_bullets(e.reasons), e.presence] for e in events]
        return self.table(["Event", "Level", "Score", "Reasons", "Presence"], rows, [0.26, 0.09, 0.07, 0.4, 0.18],
                          long=True)

    def administration(self) -> list:
        admin = self.doc.administration
        story = [PageBreak(), para("4. Administration", self.s["Heading1"]), para("Briefings", self.s["Heading2"]),
                 para(BRIEFING_NOTE, self.s["Body"])]
        if self.at_scale:
            story += self.briefings_by_seat() + [para("Timeline", self.s["Heading2"])]
            story += self.timeline_by_day(admin.timeline)
        else:
            story.append(self.table(["Candidate", "Description", "Security briefing offered", "Accepted",
                                     "Named police contact"],
                                    [[b.name, b.party, b.offered, b.accepted, b.police_contact] for b in admin.briefings]
                                    or [["–", "", "", "", ""]], [0.24, 0.2, 0.18, 0.14, 0.24]))
            story.append(para("Timeline", self.s["Heading2"]))
            story.append(self.table(["Date", "Time", "Item"],
                                    [[fmt_date(t.date), t.time, t.label] for t in admin.timeline],
                                    [0.15, 0.1, 0.75], long=True))
        # Whom each contact serves is its own column; the organisation sits under the name, so the
        # telephone number and the email address keep the width to stay whole.
        listed, notes = self.force_contacts(admin.contacts) if self.at_scale else (admin.contacts, [])
        contacts = self.table(["Role", "Contact", "Serves", "Telephone", "Email"],
                              [[c.role, cell_lines(p for p in (c.name, c.organisation) if p), c.serves or "Whole force",
                                unbroken(c.phone), c.email] for c in listed]
                              or [["–", "", "", "", ""]], [0.17, 0.24, 0.16, 0.15, 0.28]) \
            if listed or not self.at_scale else para("No contact is recorded for the whole force.", self.s["Body"])
        # A short contact list stays on one page with its heading.
        block = [para("Named contacts", self.s["Heading2"]), *notes, contacts]
        story += [KeepTogether(block)] if len(listed) <= 20 else block
        return story

    def public_event_table(self, events) -> Table:
        """Events as their public facts: when, where, kind, organiser and attendance, in time order."""
        rows = [[cell_lines([e.name, e.kind_label]), e.when, _venue(e) + (f" ({e.grid_ref})" if e.grid_ref else ""),
                 e.organiser or "Not recorded", f"{e.attendance:,}" if e.attendance else "Not known"]
                for e in sorted(events, key=lambda e: (e.start, e.id))]
        return self.table(["Event", "When", "Where", "Organiser", "Expected attendance"], rows,
                          [0.27, 0.17, 0.28, 0.16, 0.12], long=True)

    def risk_register(self) -> list:
        register = self.doc.register
        if not self.doc.edition.event_risk:
            return [PageBreak(), para("5. Risk assessment", self.s["Heading1"]),
                    para("Each risk and the controls in place, with no likelihood, impact or score. "
                         + ASSESSMENT_WITHHELD, self.s["Note"]),
                    self.table(["Risk", "Controls", "Owner"], [[r.risk, r.controls, r.owner] for r in register],
                               [0.3, 0.5, 0.2], long=True)]
        shown, notes = self.compact_register(register) if self.at_scale else (register, [])
        rows = [[r.risk, r.likelihood, r.impact, r.score, r.controls, self.chip(r.residual), r.owner] for r in shown]
        return [PageBreak(), para("5. Risk assessment", self.s["Heading1"]),
                para("Likelihood and impact are scored 1 to 5; residual risk is the level once the controls are in place.",
                     self.s["Note"]), *notes,
                self.table(["Risk", "L", "I", "Score", "Controls", "Residual", "Owner"], rows,
                           [0.26, 0.04, 0.04, 0.06, 0.34, 0.1, 0.16], long=True)]

    def communications(self) -> list:
        return [para("6. Communications", self.s["Heading1"]), *written(self.doc.communications, self.s["Body"])]

    def human_rights(self) -> list:
        r = self.doc.control.ruleset
        order = self.doc.order
        # An order's template words the rights in full (Articles 2, 3, 8, 10, 11, 14 and A3P1).
        rights = next((sec for sec in order.standard if sec.key == "human_rights"), None) if order else None
        said = ([para(ARTICLES_10_11, self.s["Body"])] if rights is None
                else template_paragraphs(rights.paragraphs, self.s["Body"]))
        return [
            para("7. Human rights and impartiality", self.s["Heading1"]),
            *said,
            para(IMPARTIALITY, self.s["Body"]),
            self.kv_table([("Ruleset", r.name), ("Version", r.version), ("SHA-256", r.hash),
                           ("Produced by", f"electionplan {__version__}")]),
        ]
