"""PlanPdfRenderer: a plan document laid out as a police planning document.

It is fed a (redacted) PlanDocument and draws it; it never reads the database.
Sections follow police planning practice: cover, document control, summary,
IIMARCH, risk register, human rights, changes and sign-off.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, PageTemplate

from electionplan import __version__
from electionplan.report.pdf.closing import ClosingSections
from electionplan.report.pdf.contents import ContentsPage
from electionplan.report.pdf.core import MARGIN, NumberedCanvas, PlanDocTemplate
from electionplan.report.pdf.decisions import DecisionSections
from electionplan.report.pdf.front import FrontSections
from electionplan.report.pdf.operations import OperationsSections
from electionplan.report.pdf.order import OrderSections
from electionplan.report.pdf.tag_tree import build_tagged
from electionplan.report.pdf.tagging import TaggedFrame


class PlanPdfRenderer(DecisionSections, FrontSections, OperationsSections, OrderSections, ClosingSections):
    def story(self) -> list:
        return (self.cover() + self.contents() + self.decisions() + self.companion_files() + self.document_control() + self.order_gaps() + [PageBreak()] + self.summary()
                + self.information() + self.intention() + self.order_intention() + self.command_structure()
                + self.method() + self.administration() + self.briefing_schedule() + self.risk_register()
                + self.communications() + self.channels() + self.human_rights() + self.standard_sections()
                + self.glossary() + self.changes() + self.annexes() + self.sign_off())

    def contents(self) -> list:
        """A plan of more than one constituency prints its contents, with page numbers, after the cover."""
        return [ContentsPage(), PageBreak()] if len(self.doc.information.threat_picture) > 1 else []

    def render(self) -> bytes:
        buffer = io.BytesIO()
        cover, edition = self.doc.cover, self.doc.edition
        template = PlanDocTemplate(
            buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=20 * mm, bottomMargin=20 * mm,
            title=f"{cover.title}: {cover.election} ({edition.label}, revision {cover.revision})",
            author=cover.prepared_by or cover.force, subject=f"{edition.marking} · {cover.reference}",
            creator=f"electionplan {__version__}", lang="en-GB", displayDocTitle=1,
            keywords=f"electionplan;ref={cover.reference};revision={cover.revision};edition={edition.key}",
        )
        frame = TaggedFrame(template.leftMargin, template.bottomMargin, template.width, template.height, id="body")
        template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        document = self.doc
        return build_tagged(template, self.story(), buffer, lambda *a, **k: NumberedCanvas(*a, document=document, **k))
