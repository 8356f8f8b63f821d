"""The demand chart's dates stay readable however many days the campaign has."""

from __future__ import annotations

import datetime as dt

from electionplan.gui.charts import DemandChart
from electionplan.gui.rows import DayDemand


def days(count: int, short_on: int | set[int]) -> list[DayDemand]:
    first = dt.date(2029, 3, 29)
    short = short_on if isinstance(short_on, set) else {short_on}
    return [DayDemand(first + dt.timedelta(days=n), required=300 + n, available=1200,
                      shortfall=900 if n in short else 0) for n in range(count)]


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


def test_a_campaign_short_on_most_days_still_has_dates_that_clear_each_other(qtbot):
    # The national plan is short on 28 of its 36 days: naming every short day ran them into one another.
    chart = DemandChart()
    qtbot.addWidget(chart)
    chart.resize(1100, 320)
    chart.set_days(days(36, short_on=set(range(36)) - {5, 12, 19, 26, 27, 30, 31, 33}))
    labels = chart.date_labels()
    rects = [rect for rect, _text, _short in labels]
    assert all(a.right() <= b.left() for a, b in zip(rects, rects[1:], strict=False)), "dates overlap"
    assert len(labels) >= 6
    assert any(short for _rect, _text, short in labels)  # short days still claim the room first


def test_a_national_peak_keeps_its_axis_figures_clear_of_the_bars(qtbot):
    """A national plan's polling day needs 10,000 officers: the axis reads "15,000", and the bars (and the dates
    under them) begin to its right, not over it."""
    chart = DemandChart()
    qtbot.addWidget(chart)
    chart.resize(1100, 320)
    national = days(36, short_on=35)
    national[-1] = DayDemand(national[-1].date, required=10_100, available=7_500, shortfall=2_600)
    chart.set_days(national)
    widest = chart.fontMetrics().horizontalAdvance("15,000")
    first, _text, _short = chart.date_labels()[0]
    slot_half = first.center().x() - chart._left()
    assert chart._left() >= widest + 6  # room for the figure and a gap before the first bar
    assert slot_half > 0 and first.center().x() >= widest + slot_half  # the first date sits under the first bar
    chart.grab()  # and it paints
