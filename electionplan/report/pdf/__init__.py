"""The plan document laid out as a police planning document (PDF).

core: page furniture, styles and table helpers; charts: the drawings;
front, operations, closing: one group of sections each; renderer: assembly.
"""

from electionplan.report.pdf.core import SIGN_OFF_FIELDS
from electionplan.report.pdf.renderer import PlanPdfRenderer

__all__ = ["SIGN_OFF_FIELDS", "PlanPdfRenderer"]
