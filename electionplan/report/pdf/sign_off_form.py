"""The returning officer's fillable sign-off form, sealed to the revision and edition it was exported from."""

from __future__ import annotations

from reportlab.lib.units import mm

from electionplan.domain.packs import DECISIONS, NO_DECISION, SIGN_OFF_LIMITS, binding_parts
from electionplan.report.fonts import FONT
from electionplan.report.pdf.core import CONTENT_W
from electionplan.report.pdf.form_base import FIELD_LOOK, FillableForm
from electionplan.report.pdf.tagging import form_field, marked
from electionplan.report.styles import GREY


class SignOffFields(FillableForm):
    """The fillable sign-off form the app reads back later, bound to the revision it was exported from."""

    def __init__(self, styles, binding: str = ""):
        super().__init__()
        self.styles = styles
        self.binding = binding
        self.height = 124 * mm

    def draw(self):
        form = self.canv.acroForm
        look = dict(FIELD_LOOK, fontName="Helvetica", fontSize=10)
        y = self.height
        for label, name, height in (("Name", "ro_name", 9 * mm), ("Role", "ro_role", 9 * mm),
                                    ("Date (DD/MM/YYYY)", "ro_date", 9 * mm)):
            y -= 5 * mm
            self._label(y, label)
            y -= height + 2 * mm
            with form_field(self.canv, label):
                form.textfield(name=name, tooltip=label, x=0, y=y, width=CONTENT_W, height=height,
                               maxlen=SIGN_OFF_LIMITS[name], **look)
        y -= 5 * mm
        self._label(y, "Decision")
        y -= 9 * mm + 2 * mm
        with form_field(self.canv, "Decision"):
            form.choice(name="ro_decision", tooltip="Decision", value=NO_DECISION, options=[NO_DECISION, *DECISIONS],
                        x=0, y=y, width=CONTENT_W * 0.5, height=9 * mm, fieldFlags="combo", **look)
        y -= 5 * mm
        self._label(y, "Comments (as long as you need; the box scrolls)")
        y -= 55 * mm + 2 * mm
        # No length cap: a returning officer's comments are as long as they need to be.
        with form_field(self.canv, "Comments"):
            form.textfield(name="ro_comments", tooltip="Comments", x=0, y=y, width=CONTENT_W, height=55 * mm,
                           maxlen=0, fieldFlags="multiline doNotSpellCheck", **look)
        if self.binding:
            self._binding(form, y)

    def _binding(self, form, y: float) -> None:
        # Read back on import: the plan, the revision and its content, sealed.
        form.textfield(name="ro_binding", value=self.binding, x=0, y=0, width=1, height=1, maxlen=0,
                       fieldFlags="readOnly", annotationFlags="hidden", relative=True, borderWidth=0)
        revision, content = binding_parts(self.binding)
        with marked(self.canv, "P"):
            self.canv.setFont(FONT, 8)
            self.canv.setFillColor(GREY)
            self.canv.drawString(0, y - 5 * mm, "This form is from the working draft and cannot be returned."
                                 if revision == "Draft" else
                                 f"This form is bound to revision {revision}, content hash {content[:16]}; "
                                 "changing that makes it unreadable to the plan.")
