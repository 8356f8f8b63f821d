import os

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture
def window(qtbot, sample_plan_path):
    """The main window on a fresh copy of the sample plan, at a force laptop's 1366×768."""
    from electionplan.gui.main_window import MainWindow

    # Closed here rather than by qtbot, whose teardown runs first and would meet
    # the "unsaved changes" question with nobody to answer it.
    win = MainWindow()
    win.open_plan(sample_plan_path)
    win.resize(1366, 768)
    win.show()
    yield win
    win.controller.undo_stack.setClean()
    win.close()
    win.deleteLater()
