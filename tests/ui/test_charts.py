"""The demand chart's dates stay readable however many days the campaign has."""

from __future__ import annotations

import datetime as dt

from electionplan.gui.charts import DemandChart
from electionplan.gui.rows import DayDemand


def days(count: int, short_on: int) -> list[DayDemand]:
    first = dt.date(2029, 3, 29)
    return [DayDemand(first + dt.timedelta(days=n), required=300 + n, available=1200,
                      shortfall=900 if n == short_on else 0) for n in range(count)]


def test_five_weeks_of_dates_on_a_laptop_never_run_into_each_other(qtbot):
    chart = DemandChart()
    qtbot.addWidget(chart)
    chart.resize(1100, 320)  # the overview's chart at 1366×768
    chart.set_days(days(36, short_on=35))
    labels = chart.date_labels()
    rects = [rect for rect, _text, _short in labels]
    assert all(a.right() <= b.left() for a, b in zip(rects, rects[1:], strict=False)), "dates overlap"
    assert len(labels) >= 6  # still a readable scale, not one date
    assert ("03/05", True) in [(text, short) for _rect, text, short in labels]  # the short day is always named


def test_a_few_days_are_all_dated(qtbot):
    chart = DemandChart()
    qtbot.addWidget(chart)
    chart.resize(1100, 320)
    chart.set_days(days(7, short_on=-1))
    assert [text for _rect, text, _short in chart.date_labels()] == ["29/03", "30/03", "31/03", "01/04", "02/04", "03/04",
                                                                    "04/04"]
