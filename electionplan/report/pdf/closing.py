"""The back of the plan: changes since the last revision, annexes and the sign-off form."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer

from electionplan.domain.packs import binding_parts
from electionplan.report.document import CandidateProfileRow
from electionplan.report.pdf.at_scale import ScaleSections
from electionplan.report.pdf.core import para
from electionplan.report.pdf.sign_off_form import SignOffFields
from electionplan.risk.results import LEVEL_LABELS

DRAFT = "Draft"  # the revision a form made from the working draft is bound to


class ClosingSections(ScaleSections):
    def changes(self) -> list:
        changes = self.doc.changes
        story: list = [PageBreak()]
        if changes is None:
            return story + [para("Changes since the previous revision", self.s["Heading1"]),
                            para("This is the first revision: there is no earlier revision to compare.", self.s["Body"])]
        story.append(para(f"Changes since revision {changes.since}", self.s["Heading1"]))
        sections = [("Added", changes.added), ("Removed", changes.removed), ("Changed", changes.changed),
                    ("Risk levels and RAG ratings that moved", changes.moved)]
        any_rows = False
        for title, entries in sections:
            if entries:
                any_rows = True
                story += [para(title, self.s["Heading2"]),
                          self.table(["Item", "Name", "Detail"], [[c.entity_label, c.name, c.detail] for c in entries],
                                     [0.16, 0.3, 0.54], long=True)]
        if not any_rows:
            story.append(para("Nothing has changed since that revision.", self.s["Body"]))
        return story

    def candidate_profile(self, c: CandidateProfileRow) -> KeepTogether:
        pairs = [("Party (identification only)", c.party), ("Level and score", f"{LEVEL_LABELS[c.level]}, {c.score:.1f}"),
                 ("Home address", c.home_address or "Not recorded"),
                 ("Protective measures", "; ".join(c.protective_measures) or "None"),
                 ("Intelligence notes", c.intelligence_notes or "None"),
                 ("Concerns raised", c.concerns_raised or "None")]
        block = [para(c.name, self.s["Heading3"]), self.kv_table(pairs)]
        if c.threats:
            block.append(Spacer(1, 2 * mm))
            block.append(self.table(["Reported", "Kind", "Severity", "Reported to", "Reference", "Summary"],
                                    [[t.date, t.kind, t.severity, t.reported_to, t.reference, t.summary] for t in c.threats],
                                    [0.11, 0.15, 0.09, 0.17, 0.14, 0.34]))
        return KeepTogether(block)

    def annexes(self) -> list:
        doc = self.doc
        story: list = []
        # Lettered in turn as they are present, so an edition without one has no gap a reader takes for a lost page
        # (the candidates' annex, when present, is always A, as the chapters refer to it).
        letters = iter("ABCDEFGH")
        if doc.information.candidates and doc.edition.candidate_risk_summary:
            story += [PageBreak(), para(f"Annex {next(letters)}. Candidate risk profiles", self.s["Heading1"]),
                      para("Restricted: police edition only.", self.s["Note"])]
            shown, notes = (self.compact_candidates(doc.information.candidates) if self.at_scale
                            else (doc.information.candidates, []))
            story += notes + (self.profile_table(shown) if self.at_scale else [self.candidate_profile(c) for c in shown])
        if doc.incidents:
            logged, notes = self.compact_incidents(doc.incidents) if self.at_scale else (list(doc.incidents), [])
            story += [para(f"Annex {next(letters)}. Incident log", self.s["Heading1"]), *notes,
                      self.table(["When", "Where", "Kind", "Severity", "Status", "Reference", "Description"],
                                 [[i.when, i.where, i.kind, i.severity, i.status, i.reference, i.description]
                                  for i in logged],
                                 [0.12, 0.17, 0.13, 0.08, 0.1, 0.12, 0.28], long=True)]
        if doc.contributions:
            story += [para(f"Annex {next(letters)}. Contributions from candidates and parties", self.s["Heading1"]),
                      self.table(["Received", "From", "Kind", "Contribution"],
                                 [[c.received, c.sender, c.kind, c.text] for c in doc.contributions],
                                 [0.14, 0.22, 0.12, 0.52], long=True)]
        if doc.method.ruleset_terms:
            story += [para(f"Annex {next(letters)}. How the risk was assessed", self.s["Heading1"])]
            story += [para(text, self.s["Body"]) for text in doc.method.ruleset_terms]
        return story

    def sign_off(self) -> list:
        if not self.doc.sign_off_binding:
            return []  # an edition with no form to return (the police's own)
        cover = self.doc.cover
        revision, _hash = binding_parts(self.doc.sign_off_binding)
        if revision == DRAFT:
            # The importer refuses a draft's form, so the page never asks for one to be returned.
            ask = (f"Plan {cover.reference}, working draft. A draft cannot be signed off: this form cannot be "
                   "returned or read back into the plan. Send comments to the election SPOC; once a revision is "
                   "issued, its returning officer's edition carries the form to return.")
        else:
            ask = (f"Plan {cover.reference}, revision {cover.revision}. Please record your comments below, save the "
                   "PDF and return it to the election SPOC; the comments are read back into the plan against this "
                   "revision.")
        return [PageBreak(), para("Returning officer's review and sign-off", self.s["Heading1"]),
                para(ask, self.s["Body"]), Spacer(1, 3 * mm), SignOffFields(self.s, self.doc.sign_off_binding)]
