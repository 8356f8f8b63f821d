"""The plan PDF at any size: every shift visible in the demand chart, labels apart, 650 constituencies export."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from electionplan.report.document import DemandLine
from electionplan.report.fonts import FONT
from electionplan.report.pdf.charts import SHORT_RED, demand_chart
from tests.conftest import REPO


def _campaign(days: int) -> tuple[DemandLine, ...]:
    start = dt.date(2029, 3, 5)
    lines = []
    for n in range(days):
        for shift, required in (("early", 10), ("late", 14), ("night", 6)):
            # Day 20's late shift is 5 short, though the day as a whole has officers to spare.
            available = 9 if (n == 20 and shift == "late") else 30
            lines.append(DemandLine(start + dt.timedelta(days=n), shift, required, available,
                                    max(required - available, 0), ()))
    return tuple(lines)


def test_a_short_shift_is_red_even_when_its_day_has_officers_to_spare():
    drawing = demand_chart(_campaign(36))
    red = [s for s in drawing.contents if isinstance(s, Rect) and s.fillColor == SHORT_RED and s.y == 30]
    assert len(red) == 1  # the one short shift, not its day's sum (30 required against 69 available)


@pytest.mark.parametrize("days", [36, 60])
def test_date_labels_never_overprint_and_are_legible(days):
    drawing = demand_chart(_campaign(days))
    labels = sorted((s for s in drawing.contents if isinstance(s, String) and s.text.count("/") == 1
                     and len(s.text) == 5), key=lambda s: s.x)
    assert len(labels) >= 8  # the campaign is still readable along the axis
    spans = [(s.x - stringWidth(s.text, FONT, s.fontSize) / 2, s.x + stringWidth(s.text, FONT, s.fontSize) / 2)
             for s in labels]
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert min(s.fontSize for s in drawing.contents if isinstance(s, String)) >= 8


@pytest.mark.slow
def test_a_650_constituency_plan_exports_in_both_editions(tmp_path, cli):
    plan = tmp_path / "national.eplan"
    made = subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_synthetic.py"), str(plan), "--constituencies", "650",
                           "--stations", "1300", "--candidates", "650", "--events", "650", "--seed", "4"],
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    for edition in ("police", "returning-officer"):
        target = tmp_path / f"{edition}.pdf"
        result = cli("export", plan, "-o", target, "--edition", edition)
        assert result.returncode == 0, result.stderr
        reader = PdfReader(str(target))
        first = reader.pages[0].extract_text()
        assert "650 constituencies" in first and len(reader.pages) > 650
        titles = [item.title for item in reader.outline if not isinstance(item, list)]
        assert "1. Information" in titles and "3. Method" in titles
