"""What every fillable form in a PDF shares: its width, its labels and the look of its fields."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Flowable

from electionplan.report.fonts import FONT_BOLD
from electionplan.report.pdf.core import CONTENT_W
from electionplan.report.pdf.tagging import marked
from electionplan.report.styles import NAVY, RULE

# The look of a field a reader fills in: a ruled box on a faint fill, black text.
FIELD_LOOK = dict(relative=True, borderColor=RULE, fillColor=colors.HexColor("#fbfcfd"), textColor=colors.black,
                  borderWidth=0.8)


class FillableForm(Flowable):
    """A form the width of the page's content, whose labels are read as paragraphs; it tags its own fields."""

    tags_itself = True
    height: float = 0.0

    def wrap(self, available_width, available_height):
        return CONTENT_W, self.height

    def _label(self, y: float, text: str) -> None:
        with marked(self.canv, "P"):
            self.canv.setFont(FONT_BOLD, 8.5)
            self.canv.setFillColor(NAVY)
            self.canv.drawString(0, y, text)
