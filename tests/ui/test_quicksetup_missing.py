"""Quick setup says everything still missing, and the Needs attention page shows the same list."""

from __future__ import annotations

from electionplan.db.planfile import open_plan_file
from electionplan.gui.main_window import MainWindow
from electionplan.services.attention import MISSING, Target
from electionplan.services.order import read_order
from tests.core.conftest import ONS

HOC = "candidates/HoC-GE2024-results-by-candidate.csv"


def still_missing_lines(stdout: str) -> list[str]:
    lines = stdout.splitlines()
    start = lines.index("Still missing:") + 1
    return [line[4:] for line in lines[start:] if line.startswith("  - ")]


def test_quicksetups_list_is_the_orders_gaps_and_the_plans_and_the_app_shows_it(qtbot, shared_data, tmp_path, cli):
    plan_path = tmp_path / "stretford.eplan"
    result = cli("quicksetup", plan_path, "--constituency", "E14001528", "--boundaries", shared_data / ONS,
                 "--stations", shared_data / "stations/trafford_polling_stations_lonlat.csv",
                 "--candidates", shared_data / HOC, "--polling-day", "2027-03-04")
    assert result.returncode == 0, result.stderr
    listed = still_missing_lines(result.stdout)
    with open_plan_file(plan_path) as plan:
        gaps = read_order(plan).missing()
    assert len(gaps) == 8
    assert listed[:len(gaps)] == [
        "The operational order does not yet give its operation name.",
        "The operational order does not yet give its Gold strategy.",
        "The operational order does not yet give its tactical parameters.",
        "The operational order does not yet give its escalation route.",
        "The operational order's command structure does not name the Strategic commander (Gold).",
        "The operational order's command structure does not name the Tactical commander (Silver).",
        "The operational order has no briefing scheduled.",
        "The operational order has no communications channel.",
    ]
    stations = result.stdout.split("Polling stations: ")[1].split(" stations kept")[0]
    for line in (f"{stations} stations have no electorate recorded.", "No officer capacity entered yet, so demand cannot be checked.",
                 "No named SPOC contact entered.", "No hustings entered yet.", "The count venue is not known."):
        assert line in listed
    assert not any("no station number" in line for line in listed)  # Trafford's ids are its station numbers

    window = MainWindow()
    qtbot.addWidget(window)
    window.open_plan(plan_path)
    window.show_page("attention")
    shown = [item for item in window.attention._items if item.category == MISSING]
    assert [item.text for item in shown] == listed
    capacity = next(item for item in shown if item.text.startswith("No officer capacity"))
    assert capacity.target == Target("page", "resources")
    window.attention.open_requested.emit(capacity.target)
    assert window.page_keys()[window.nav.currentRow()] == "resources"
    # Naming the operation in the order takes it off the list, as the order's own gaps say.
    assert cli("order", plan_path, "--set", "operation_name=Operation Kestrel").returncode == 0
    window.open_plan(plan_path)
    now = [item.text for item in window.attention._items if item.category == MISSING]
    assert now == [line for line in listed if line != "The operational order does not yet give its operation name."]
    window.controller.undo_stack.setClean()
