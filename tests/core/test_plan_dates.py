"""Dates that make sense: a polling day past is warned of, a count before the poll refused, years kept in range."""

from __future__ import annotations

import datetime as dt

import pytest

from electionplan.domain import timefmt
from tests.core.conftest import ONS

HOC = "candidates/HoC-GE2024-results-by-candidate.csv"


@pytest.fixture
def today(monkeypatch):
    def fix(day: dt.date) -> None:
        monkeypatch.setattr(timefmt, "today_london", lambda: day)
    return fix


def quicksetup(cli, shared_data, plan, polling_day):
    return cli("quicksetup", plan, "--constituency", "Stretford and Urmston", "--boundaries", shared_data / ONS,
               "--stations", shared_data / "stations/trafford_polling_stations_lonlat.csv",
               "--candidates", shared_data / HOC, "--polling-day", polling_day)


def test_quicksetup_warns_of_a_polling_day_in_the_past_and_still_builds(shared_data, tmp_path, cli, today):
    today(dt.date(2027, 3, 10))
    past = quicksetup(cli, shared_data, tmp_path / "past.eplan", "2027-03-04")
    assert past.returncode == 0, past.stderr
    assert past.stdout.splitlines()[0] == ("Warning: Polling day 04/03/2027 is in the past (6 days before today, "
                                           "10/03/2027); check the date.")
    assert (tmp_path / "past.eplan").exists()
    today(dt.date(2027, 3, 4))
    same_day = quicksetup(cli, shared_data, tmp_path / "today.eplan", "2027-03-04")
    assert same_day.returncode == 0 and "Warning:" not in same_day.stdout


def test_new_warns_of_a_past_polling_day_and_refuses_a_count_before_it_or_a_year_out_of_range(tmp_path, cli, today):
    today(dt.date(2027, 5, 7))
    args = ["--name", "County elections", "--kind", "local", "--force", "Test"]
    made = cli("new", tmp_path / "a.eplan", *args, "--polling-day", "2027-05-06")
    assert made.returncode == 0
    assert "Warning: Polling day 06/05/2027 is in the past (1 day before today, 07/05/2027); check the date." in made.stdout
    ahead = cli("new", tmp_path / "b.eplan", *args, "--polling-day", "2027-05-07")
    assert ahead.returncode == 0 and "Warning" not in ahead.stdout
    early = cli("new", tmp_path / "c.eplan", *args, "--polling-day", "2027-05-07", "--count-date", "2027-05-06")
    assert early.returncode != 0 and early.stderr.strip().count("\n") == 0
    assert "count cannot be before polling day" in early.stderr and not (tmp_path / "c.eplan").exists()
    for year in ("1899-12-31", "2101-01-01"):
        refused = cli("new", tmp_path / "d.eplan", *args, "--polling-day", year)
        assert refused.returncode != 0 and "give a year from 1900 to 2100" in refused.stderr


def test_the_dates_warning_itself():
    day = dt.date(2027, 5, 6)
    assert timefmt.date_warnings(day, day, day) == []
    assert timefmt.date_warnings(day, day - dt.timedelta(days=1), day) == [
        "The count (05/05/2027) is before polling day (06/05/2027); check the dates."]


def test_info_dates_the_count_by_its_own_events_start_as_the_documents_do(sample_plan_path, cli):
    """The sample's count starts at 22:15 on polling night, a day before the count date the plan records: info, the
    app and the PDF's key dates all give the night it starts; the JSON keeps the recorded date beside it."""
    import json

    info = json.loads(cli("info", sample_plan_path, "--json").stdout)["election"]
    assert info["count_starts"] == info["polling_day"] != info["count_date"]
    said = cli("info", sample_plan_path).stdout
    starts = timefmt.fmt_date(dt.date.fromisoformat(info["count_starts"]))
    assert f"Count: {starts}" in said
