"""What the controllers may ask of the window they work in, as two small typed interfaces.

A controller is handed the window as a `Shell` (say something in the status
bar, report a refused service call, redraw, reach the open plan's
PlanController) and, where it fills or reads pages, as the `WindowPages` it
uses. It never depends on the concrete MainWindow, so a controller can be
driven with any object that offers the same few things.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtWidgets import QLabel, QListWidget, QStackedWidget, QWidget

if TYPE_CHECKING:
    from electionplan.gui.attention_view import AttentionView
    from electionplan.gui.controller import PlanController
    from electionplan.gui.deployment_view import DeploymentPage
    from electionplan.gui.order_view import OrderPage
    from electionplan.gui.overview_view import OverviewView
    from electionplan.gui.pages import (
        ConstituenciesPage,
        FlashpointsPage,
        IncidentsPage,
        ResourcesPage,
        RevisionsPage,
    )
    from electionplan.gui.side_panes import CandidatesWithReasons, StationsWithReasons
    from electionplan.gui.timeline_view import TimelineView
    from electionplan.gui.widgets import TablePage

T = TypeVar("T")


class Shell(Protocol):
    """The window as its controllers see it."""

    @property
    def controller(self) -> PlanController:
        """The open plan's controller: its store, view, undo stack and commands."""
        ...

    @property
    def dialog_parent(self) -> QWidget:
        """The widget a controller's dialogs and message boxes belong to."""
        ...

    def show_status(self, text: str, timeout_ms: int = 8000) -> None:
        """Say something in the status bar for a while (0: until something else is said)."""
        ...

    def add_status_widget(self, widget: QWidget) -> None:
        """Keep a widget in the status bar (shown while something runs)."""
        ...

    def show_error(self, message: str) -> None:
        """Tell the user, in one message, why something was refused."""
        ...

    def try_call(self, work: Callable[[], T]) -> T | None:
        """Run a service call; a refusal (ElectionPlanError) is shown, and gives None."""
        ...

    def refresh(self) -> None:
        """Redraw every page from the controller's current view."""
        ...

    def open_plan(self, location: Path | str) -> None:
        """Open a plan file or a shared plan's address, raising what refuses it."""
        ...

    def show_page(self, key: str) -> None:
        """Bring a page to the front by its key (as --page names it)."""
        ...


class WindowPages(Protocol):
    """The pages the display and insight controllers fill and read."""

    nav: QListWidget
    stack: QStackedWidget
    banner: QLabel
    status_revision: QLabel
    overview: OverviewView
    attention: AttentionView
    constituencies: ConstituenciesPage
    stations: TablePage
    station_panes: StationsWithReasons
    events: TablePage
    venues: TablePage
    candidates: TablePage
    candidate_panes: CandidatesWithReasons
    incidents: IncidentsPage
    flashpoints: FlashpointsPage
    resources: ResourcesPage
    deployment: DeploymentPage
    order: OrderPage
    revisions: RevisionsPage
    timeline: TimelineView

    def show_current_page(self) -> None:
        """The page chosen in the navigation, or the notice shown while a plan opens."""
        ...

    @staticmethod
    def page_keys() -> list[str]:
        """Every page's key, in navigation order."""
        ...
