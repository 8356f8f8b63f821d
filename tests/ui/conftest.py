"""The UI tests' window: built, sized and closed here, once, for every module.

A module says what the window opens and shows by overriding `window_plan`
(a plan's path or URL, or None for a window with no plan yet) and
`window_page` (the page it starts on); it never builds a window of its own.
"""

import os

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture
def window_plan(sample_plan_path):
    """The plan the window opens: a fresh copy of the sample plan, unless a module says otherwise."""
    return sample_plan_path


@pytest.fixture
def window_page() -> str | None:
    """The page the window starts on: the app's own first page, unless a module says otherwise."""
    return None


@pytest.fixture
def window(qtbot, window_plan, window_page):
    """The main window on window_plan, at a force laptop's 1366×768."""
    from electionplan.gui.main_window import MainWindow

    # Closed here rather than by qtbot, whose teardown runs first and would meet
    # the "unsaved changes" question with nobody to answer it.
    win = MainWindow()
    if window_plan is not None:
        win.open_plan(window_plan)
    win.resize(1366, 768)
    win.show()
    if window_page is not None:
        win.show_page(window_page)
    yield win
    win.controller.undo_stack.setClean()
    win.close()
    win.deleteLater()
