"""The window opens on a plan and renders offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from electionplan.gui.main_window import MainWindow


@pytest.mark.slow
def test_screenshot_of_sample_is_a_real_nonblank_picture(tmp_path, cli):
    out = tmp_path / "out.png"
    result = cli("gui", "--sample", "--screenshot", out, env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)  # a force laptop's screen by default
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 29)}
    assert len(colours) > 5


@pytest.mark.slow
def test_screenshot_size_is_chosen_with_size_and_checked(tmp_path, cli):
    out = tmp_path / "small.png"
    result = cli("gui", "--sample", "--screenshot", out, "--size", "1024x700", "--page", "deployment",
                 env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert (QImage(str(out)).width(), QImage(str(out)).height()) == (1024, 700)
    bad = cli("gui", "--sample", "--screenshot", out, "--size", "huge")
    assert bad.returncode == 2 and "1366x768" in bad.stderr


def test_overview_shows_the_plan(qtbot, sample_plan_path):
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_plan(sample_plan_path)
    overview = window.overview
    assert overview.title.text() == "Wyvernbridge and Ashcombe parliamentary by-election"
    assert overview.count_cards["stations"].value_label.text() == "55"
    assert overview.date_cards["polling_day"].value_label.text() == "21/01/2027"
    # The count is dated by its own event's start (22:15 on polling night), as the PDF's key dates
    # line dates it, not by the day after polling that the plan records as its count date.
    snapshot = window.controller.snapshot
    assert snapshot is not None
    count = min(e.start for e in snapshot.events if e.kind == "count")
    assert snapshot.election.count_date != count.date()
    assert overview.date_cards["count_date"].value_label.text() == count.strftime("%d/%m/%Y")
    assert str(sample_plan_path) in window.status_file.text()
