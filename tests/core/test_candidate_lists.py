"""Candidate lists recognised from real data, and national lists imported in one command."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select

from electionplan.db import models as m
from electionplan.importers.candidates import import_candidates
from tests.conftest import location_of

HOC = "candidates/HoC-GE2024-results-by-candidate.csv"


def hoc(shared_data) -> pd.DataFrame:
    return pd.read_csv(shared_data / HOC, dtype=str).fillna("")


def candidates_by_seat(plan) -> pd.DataFrame:
    with plan.session() as s:
        rows = s.execute(select(m.Candidate.name, m.Candidate.sitting_mp, m.Candidate.former_mp, m.Constituency.gss_code)
                         .join(m.Constituency)).all()
    return pd.DataFrame(rows, columns=["name", "sitting_mp", "former_mp", "gss"])


def test_commons_library_list_imports_every_seat_in_one_command(national_plan, shared_data, cli):
    source = hoc(shared_data)
    result = cli("import", location_of(national_plan), "candidates", shared_data / HOC)
    assert result.returncode == 0, result.stderr
    assert f"Imported {len(source)} candidates ({len(source)} new, 0 updated; House of Commons Library results by " \
           f"candidate) in {source['ONS ID'].nunique()} constituencies." in result.stdout
    stored = candidates_by_seat(national_plan)
    assert len(stored) == len(source) == 4515
    assert stored.groupby("gss").size().sort_index().equals(source.groupby("ONS ID").size().sort_index().rename_axis("gss"))
    assert stored["sitting_mp"].sum() == (source["Sitting MP"] == "Yes").sum()
    assert stored["former_mp"].sum() == ((source["Former MP"] == "Yes") | (source["Sitting MP"] == "Yes")).sum()


def test_candidates_for_seats_not_in_the_plan_are_counted_and_left_out(national_plan, shared_data, tmp_path):
    source = hoc(shared_data)
    with national_plan.session() as s:
        s.execute(m.Constituency.__table__.delete().where(m.Constituency.gss_code.like("S14%")))
    report = import_candidates(national_plan, shared_data / HOC)
    scottish = source["ONS ID"].str.startswith("S14")
    assert report.not_in_plan == scottish.sum()
    assert report.count == (~scottish).sum()


def test_democracy_club_csv_with_ballots_and_no_codes(national_plan, shared_data, tmp_path):
    source = hoc(shared_data)
    # Democracy Club's slugs drop accents: "Ynys Môn" is parl.ynys-mon.2024-07-04.
    plain = source["Constituency name"].map(lambda n: unicodedata.normalize("NFKD", n).encode("ascii", "ignore").decode())
    slug = plain.map(lambda n: re.sub(r"[^a-z0-9]+", "-", n.lower()).strip("-"))
    dc = pd.DataFrame({
        "person_id": source["DC Person ID"], "person_name": source["Candidate first name"] + " " + source["Candidate surname"],
        "election_id": "parl.2024-07-04", "ballot_paper_id": "parl." + slug + ".2024-07-04", "election_date": "2024-07-04",
        "election_current": "False", "party_name": source["Party name"], "party_id": "", "post_label": source["Constituency name"],
        "cancelled_poll": "False", "seats_contested": "1",
    })
    path = tmp_path / "dc.csv"
    dc.to_csv(path, index=False)
    report = import_candidates(national_plan, path)
    assert report.format == "Democracy Club candidates"
    assert report.count == len(source) and report.not_in_plan == 0


def test_electoral_commission_spending_returns(national_plan, shared_data, tmp_path):
    source = hoc(shared_data)
    returns = pd.DataFrame({"Forename": source["Candidate first name"], "Surname": source["Candidate surname"],
                            "Party Name": source["Party name"], "Constituency Name": source["Constituency name"],
                            "GSS Code": source["ONS ID"], "Total Spend (£)": "0.00"})
    path = tmp_path / "spending.csv"
    returns.to_csv(path, index=False)
    report = import_candidates(national_plan, path)
    assert report.format == "Electoral Commission candidate spending returns"
    assert report.count == len(source)


def test_national_list_with_other_column_names_flags_sitting_mps(national_plan, shared_data, tmp_path):
    source = hoc(shared_data)
    renamed = pd.DataFrame({"Candidate": source["Candidate first name"] + " " + source["Candidate surname"],
                            "Seat": source["Constituency name"], "Constituency code": source["ONS ID"],
                            "Party": source["Party name"], "Incumbent": np.where(source["Sitting MP"] == "Yes", "TRUE", "")})
    path = tmp_path / "national.csv"
    renamed.to_csv(path, index=False)
    report = import_candidates(national_plan, path, constituency="E14001455")
    assert report.format == "National candidate list keyed by constituency code"
    assert len(report.added) == (source["ONS ID"] == "E14001455").sum()
    assert candidates_by_seat(national_plan).query("sitting_mp")["name"].tolist() == ["Mike Amesbury"]


@pytest.mark.parametrize("kind", ["constituencies", "no_codes", "stations"])
@pytest.mark.store_once
def test_lists_not_in_a_supported_format_are_refused(national_plan, shared_data, tmp_path, cli, kind):
    source = hoc(shared_data)
    path = tmp_path / f"{kind}.csv"
    if kind == "constituencies":
        seats = source.drop_duplicates("ONS ID")
        pd.DataFrame({"code": seats["ONS ID"], "name": seats["Constituency name"], "region": seats["Region name"]}).to_csv(path, index=False)
        reason = "this looks like a list of constituencies"
    elif kind == "no_codes":
        source[["Constituency name", "Candidate first name", "Candidate surname", "Party name"]].to_csv(path, index=False)
        reason = "no column of constituency codes"
    else:
        path.write_bytes((shared_data / "stations/trafford_polling_stations_lonlat.csv").read_bytes())
        reason = "no column of constituency codes"
    result = cli("import", location_of(national_plan), "candidates", path)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and reason in result.stderr
    with national_plan.session() as s:
        assert s.scalar(select(func.count()).select_from(m.Candidate)) == 0
