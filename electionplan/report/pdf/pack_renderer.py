"""A candidate's security pack laid out as a short personal PDF with a fillable return.

It is fed a CandidatePack (already cut to the candidate edition's allow-list)
and never reads the plan. The return's fields carry the names the importer
reads back, and a read-only field carries the seal that ties the return to
this candidate in this plan.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, PageTemplate, Spacer

from electionplan import __version__
from electionplan.domain.packs import CONSENT_CHOICES, RETURN_FIELDS, RETURN_LIMITS, SEAL_FIELD
from electionplan.domain.timefmt import fmt_date
from electionplan.report.pack_document import URGENT_ADVICE, WHAT_TO_REPORT, CandidatePack
from electionplan.report.pdf.cells import unbroken
from electionplan.report.pdf.core import CONTENT_W, MARGIN, NumberedCanvas, RendererCore, para
from electionplan.report.pdf.form_base import FIELD_LOOK, FillableForm
from electionplan.report.pdf.lists import bullets
from electionplan.report.pdf.tag_tree import build_tagged
from electionplan.report.pdf.tagging import TaggedDocTemplate, TaggedFrame, form_field
from electionplan.report.styles import stylesheet

# Field name -> (height, multiline); the consent question is a choice, drawn apart.
_BOXES = {"return_from": (9 * mm, False), "return_events": (38 * mm, True), "return_concerns": (38 * mm, True),
          "return_briefing": (14 * mm, True)}


class ReturnFields(FillableForm):
    """The fillable return: what `import contributions` reads back against the candidate."""

    def __init__(self, seal_token: str):
        super().__init__()
        self.seal_token = seal_token
        self.height = sum(h + 7 * mm for h, _ in _BOXES.values()) + 16 * mm

    def draw(self):
        form = self.canv.acroForm
        style = dict(FIELD_LOOK)
        y = self.height
        for name, (height, multiline) in _BOXES.items():
            y -= 5 * mm
            self._label(y, RETURN_FIELDS[name])
            y -= height + 2 * mm
            with form_field(self.canv, RETURN_FIELDS[name]):
                # As long as the importer reads back, and no longer: never ReportLab's default of 100.
                form.textfield(name=name, tooltip=RETURN_FIELDS[name], x=0, y=y, width=CONTENT_W, height=height,
                               fontName="Helvetica", fontSize=10, maxlen=RETURN_LIMITS[name],
                               fieldFlags="multiline" if multiline else "", **style)
        y -= 5 * mm
        self._label(y, RETURN_FIELDS["return_consent"])
        y -= 9 * mm
        with form_field(self.canv, RETURN_FIELDS["return_consent"]):
            form.choice(name="return_consent", tooltip=RETURN_FIELDS["return_consent"], value=CONSENT_CHOICES[0],
                        options=list(CONSENT_CHOICES), x=0, y=y, width=70 * mm, height=7 * mm, fontName="Helvetica",
                        fontSize=10, fieldFlags="combo", **style)
        # The seal: a hidden, read-only field, carried with the return but never shown or read out.
        form.textfield(name=SEAL_FIELD, value=self.seal_token, x=0, y=y, width=1, height=1, relative=True,
                       fieldFlags="readOnly", annotationFlags="hidden", borderWidth=0, fontName="Helvetica",
                       fontSize=1, maxlen=0)


def _ballot_row(ballot_id: str) -> tuple[str, str]:
    """A ballot paper id ("parl.wyvernbridge-and-ashcombe.by.2027-01-21") is a data key, read aloud as punctuation:
    the candidate is told its polling day instead, where the id ends with one."""
    found = re.search(r"\.(\d{4})-(\d{2})-(\d{2})$", ballot_id)
    if found:
        try:
            return "Polling day", fmt_date(dt.date(*map(int, found.groups())))
        except ValueError:
            pass
    return "Ballot", ballot_id or "–"


def _event_label(name: str, kind: str) -> str:
    """The event's name, with its kind where the name does not already say it."""
    return name if kind.casefold() in name.casefold() else f"{name} ({kind})"


class PackRenderer(RendererCore):
    def __init__(self, pack: CandidatePack):
        self.pack = pack
        self.s = stylesheet()

    def opening(self) -> list:
        p = self.pack
        story = [para(f"Security pack for {p.name}", self.s["Heading1"]),
                 para(f"{p.cover.election}, {p.constituency}"
                      if p.constituency and p.constituency not in p.cover.election else p.cover.election,
                      self.s["Body"]),
                 self.kv_table([("Candidate", p.name), ("Party", p.party or "Not recorded"),
                                ("Constituency", p.constituency or "–"), _ballot_row(p.ballot_id),
                                ("Prepared", f"{p.cover.as_at} by {p.cover.force}")]),
                 Spacer(1, 3 * mm),
                 para(f"This pack is for you personally. It tells you who to contact at {p.cover.force}, how to "
                      "report anything that worries you, and what police presence is planned at the public events "
                      "you are listed to attend. Please keep it private, and use the return at the end to tell the "
                      "police about other events, concerns or a briefing.", self.s["Body"])]
        return story

    def contacts(self) -> list:
        rows = [[c.role, c.name, c.organisation, unbroken(c.phone), c.email] for c in self.pack.contacts]
        story = [para("Your police contacts", self.s["Heading2"])]
        if rows:
            story.append(self.table(["Role", "Name", "Organisation", "Telephone", "Email"], rows,
                                    [0.17, 0.17, 0.17, 0.14, 0.35]))
        else:
            story.append(para("The force has not yet named election contacts; call 101 and ask for the election "
                              "team.", self.s["Body"]))
        return story + [para("Security briefing", self.s["Heading2"]), para(self.pack.briefing, self.s["Body"])]

    def reporting(self) -> list:
        return [para("How to report", self.s["Heading2"]), bullets(URGENT_ADVICE, self.s["Body"]),
                para("What to report", self.s["Heading3"]), bullets(WHAT_TO_REPORT, self.s["Body"])]

    def events(self) -> list:
        story = [para("Your public events and the police presence", self.s["Heading2"])]
        if not self.pack.events:
            return story + [para("You are not yet listed at any public event in the plan. Tell the police about "
                                 "events you plan to attend on the return below.", self.s["Body"])]
        rows = [[e.date, e.time, _event_label(e.name, e.kind_label), e.venue, e.presence] for e in self.pack.events]
        return story + [self.table(["Date", "Time", "Event", "Where", "Police presence"], rows,
                                   [0.115, 0.125, 0.24, 0.29, 0.23], long=True)]

    def form(self) -> list:
        return [PageBreak(), KeepTogether([
            para("Your return to the police", self.s["Heading1"]),
            para("Fill this in on screen, save the PDF and send it to your police contact. Nothing here is shared "
                 "with anyone else unless you say so below.", self.s["Body"]),
            Spacer(1, 2 * mm), ReturnFields(self.pack.seal.token)])]

    def render(self) -> bytes:
        buffer = io.BytesIO()
        pack = self.pack
        template = TaggedDocTemplate(
            buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=20 * mm, bottomMargin=20 * mm,
            title=f"Security pack for {pack.name}: {pack.cover.election}", author=pack.cover.force,
            subject=f"{pack.edition.marking} · {pack.cover.reference}", creator=f"electionplan {__version__}", lang="en-GB", displayDocTitle=1,
            keywords=f"electionplan;ref={pack.cover.reference};edition={pack.edition.key}",
        )
        frame = TaggedFrame(template.leftMargin, template.bottomMargin, template.width, template.height, id="body")
        template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        story = self.opening() + self.contacts() + self.reporting() + self.events() + self.form()
        return build_tagged(template, story, buffer, lambda *a, **k: NumberedCanvas(*a, document=pack, **k))
