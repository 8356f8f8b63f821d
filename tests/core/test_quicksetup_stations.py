"""A by-election quick setup keeps only the constituency's stations and says why it left the rest out."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely
from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.planfile import open_plan_file
from tests.core.conftest import ONS

RUNCORN = "E14001455"
HOC = "candidates/HoC-GE2024-results-by-candidate.csv"


def station_file(shared_data, tmp_path):
    seat = gpd.read_file(shared_data / ONS).to_crs(27700).set_index("PCON24CD").loc[RUNCORN].geometry
    names = [c.strip() for c in (shared_data / "postcodes/header.csv").read_text().strip().split(",")]
    postcodes = pd.read_csv(shared_data / "postcodes/wa.csv", header=None, names=names)
    inside = postcodes[shapely.contains_xy(seat, postcodes.Eastings, postcodes.Northings)].iloc[:300:30]
    rows = [[f"RH{i}", f"Polling station {i}", "Test Road", r.Postcode, r.Eastings, r.Northings, ""]
            for i, r in enumerate(inside.itertuples())]
    rows += [["T1", "Tied Hall", "Church Lane", "", "", "", RUNCORN],
             ["U1", "Orphan Hall", "Mill Lane", "", "", "", ""],
             ["OUT1", "Manchester Town Hall", "Albert Square", "M2 5DB", 383_900, 398_300, ""]]
    path = tmp_path / "stations.csv"
    pd.DataFrame(rows, columns=["id", "name", "address", "postcode", "easting", "northing", "constituency"]).to_csv(path, index=False)
    return path, len(inside)


def test_quicksetup_keeps_inside_and_tied_stations_and_lists_the_rest(shared_data, tmp_path, cli):
    stations, inside = station_file(shared_data, tmp_path)
    layered = tmp_path / "boundaries.gpkg"
    gpd.read_file(shared_data / ONS).to_file(layered, layer="pcon24", driver="GPKG")
    gpd.read_file(shared_data / "boundaries/boundaryline_wards_subset").to_file(layered, layer="wards", driver="GPKG")
    plan_path = tmp_path / "rh.eplan"
    result = cli("quicksetup", plan_path, "--constituency", RUNCORN, "--boundaries", layered, "--layer", "pcon24",
                 "--stations", stations, "--candidates", shared_data / HOC, "--polling-day", "2027-03-04")
    assert result.returncode == 0, result.stderr
    assert "'Orphan Hall' (no postcode) has no location and nothing in its row ties it to Runcorn and Helsby" in result.stdout
    assert "'Manchester Town Hall' (M2 5DB) lies outside Runcorn and Helsby" in result.stdout
    with open_plan_file(plan_path) as plan, plan.session() as s:
        kept = s.execute(select(m.PollingStation.name, m.Constituency.gss_code).outerjoin(m.Constituency)).all()
    assert len(kept) == inside + 1
    assert {gss for _, gss in kept} == {RUNCORN}
    assert "Tied Hall" in {name for name, _ in kept} and "Orphan Hall" not in {name for name, _ in kept}


STRETFORD = "E14001528"


def test_an_unlocated_station_is_tied_by_its_ward_when_the_files_own_stations_place_that_ward(shared_data, tmp_path, cli):
    """Trafford's real file, two stations' coordinates removed: the ward decides, never a guess."""
    from pyproj import Transformer

    frame = pd.read_csv(shared_data / "stations/trafford_polling_stations_lonlat.csv", dtype=str)
    seats = gpd.read_file(shared_data / ONS).to_crs(27700).set_index("PCON24CD")
    east, north = Transformer.from_crs(4326, 27700, always_xy=True).transform(
        frame["lon"].astype(float).to_numpy(), frame["lat"].astype(float).to_numpy())
    seat_of = pd.Series([next((code for code in (STRETFORD, "E14001065") if shapely.contains_xy(seats.loc[code].geometry, x, y)), "")
                         for x, y in zip(east, north, strict=True)], index=frame.index)
    ward_seats = seat_of.groupby(frame["ward_code"]).agg(lambda s: set(s))
    whole_in = {w for w, s in ward_seats.items() if s == {STRETFORD}}
    whole_out = {w for w, s in ward_seats.items() if s == {"E14001065"}}
    inside_row = frame.index[frame["ward_code"].isin(whole_in)][0]
    outside_row = frame.index[frame["ward_code"].isin(whole_out)][0]
    frame.loc[[inside_row, outside_row], ["lon", "lat", "postcode"]] = ""
    stations = tmp_path / "trafford.csv"
    frame.to_csv(stations, index=False)
    plan_path = tmp_path / "stretford.eplan"
    result = cli("quicksetup", plan_path, "--constituency", STRETFORD, "--boundaries", shared_data / ONS,
                 "--stations", stations, "--candidates", shared_data / HOC, "--polling-day", "2027-03-04")
    assert result.returncode == 0, result.stderr
    with open_plan_file(plan_path) as plan, plan.session() as s:
        kept = set(s.scalars(select(m.PollingStation.name)))
    assert frame.loc[inside_row, "name"] in kept
    assert frame.loc[outside_row, "name"] not in kept
    assert f"'{frame.loc[outside_row, 'name']}' (no postcode) has no location and nothing in its row ties it to" in result.stdout
    # Stations just outside the generalised edge whose ward the file places inside are kept, each with its note.
    tied_in = result.stdout.count("m outside Stretford and Urmston on the ultra-generalised (ONS BUC) boundary: its ward")
    assert len(kept) == int((seat_of == STRETFORD).sum()) - (seat_of[inside_row] == STRETFORD) + 1 + tied_in


def code_point(shared_data) -> pd.DataFrame:
    names = [c.strip() for c in (shared_data / "postcodes/header.csv").read_text().strip().split(",")]
    postcodes = pd.read_csv(shared_data / "postcodes/wa.csv", header=None, names=names)
    return postcodes[postcodes["Eastings"] > 0]


def test_a_station_just_outside_a_generalised_edge_is_kept_by_its_postcodes_ward(shared_data, tmp_path, cli):
    """Real WA postcodes: a ward almost wholly in Runcorn and Helsby, one of whose postcodes the BUC edge cuts off."""
    seats = gpd.read_file(shared_data / ONS).to_crs(27700)
    seat = seats.set_index("PCON24CD").loc[RUNCORN].geometry
    postcodes = code_point(shared_data)
    postcodes = postcodes.assign(inside=shapely.contains_xy(seat, postcodes["Eastings"], postcodes["Northings"]))
    share = postcodes.groupby("Admin_ward_code")["inside"].mean()
    ward = share[(share > 0.9) & (share < 1)].index[0]  # mostly inside, but the edge cuts some postcodes off
    in_ward = postcodes[postcodes["Admin_ward_code"] == ward]
    cut_off = in_ward[~in_ward["inside"]].iloc[0]
    near = shapely.shortest_line(seat.buffer(117).exterior, shapely.Point(cut_off["Eastings"], cut_off["Northings"])).coords[0]
    far = shapely.shortest_line(seat.buffer(2_000).exterior, shapely.Point(cut_off["Eastings"], cut_off["Northings"])).coords[0]
    rows = [[f"W{i}", f"Ward Hall {i}", r.Postcode, r.Eastings, r.Northings] for i, r in enumerate(in_ward[in_ward["inside"]].head(4).itertuples())]
    rows += [["NEAR", "Edge Chapel", cut_off["Postcode"], round(near[0], 1), round(near[1], 1)],
             ["FAR", "Far Barn", cut_off["Postcode"], round(far[0], 1), round(far[1], 1)]]
    stations = tmp_path / "halton.csv"
    pd.DataFrame(rows, columns=["id", "name", "postcode", "easting", "northing"]).to_csv(stations, index=False)
    plan_path = tmp_path / "edge.eplan"
    result = cli("quicksetup", plan_path, "--constituency", "runcorn & helsby", "--boundaries", shared_data / ONS,
                 "--stations", stations, "--postcodes", shared_data / "postcodes/wa.csv",
                 "--candidates", shared_data / HOC, "--polling-day", "2027-03-04")
    assert result.returncode == 0, result.stderr
    assert "Boundaries: PCON_July2024_UK_BUC.geojson is ultra-generalised (ONS BUC)" in result.stdout
    assert ("5 stations kept from halton.csv (Plain station list), 1 of them just outside the generalised edge and tied "
            "to the seat (each noted); 1 left out") in result.stdout
    near_m = shapely.distance(seat, shapely.Point(round(near[0], 1), round(near[1], 1)))
    far_point = shapely.Point(round(far[0], 1), round(far[1], 1))
    far_seat = seats[seats.contains(far_point)].iloc[0]
    assert round(near_m) == 117
    note = (f"Kept although {near_m:,.0f} m outside Runcorn and Helsby on the ultra-generalised (ONS BUC) boundary: "
            f"its postcode's ward ({ward}) lies in the seat by the file's other stations.")
    assert f"'Edge Chapel' k{note[1:]}" in result.stdout
    assert (f"'Far Barn' ({cut_off['Postcode']}) lies outside Runcorn and Helsby, "
            f"{shapely.distance(seat, far_point):,.0f} m from its edge, in {far_seat['PCON24NM']} ({far_seat['PCON24CD']})"
            in result.stdout)
    with open_plan_file(plan_path) as plan, plan.session() as s:
        kept = dict(s.execute(select(m.PollingStation.council_id, m.PollingStation.notes)).all())
    assert set(kept) == {"W0", "W1", "W2", "W3", "NEAR"}
    assert kept["NEAR"] == note
    # Moving another station places every station again; the one kept at the edge keeps its seat.
    with open_plan_file(plan_path) as plan, plan.session() as s:
        other = s.scalar(select(m.PollingStation.id).where(m.PollingStation.council_id == "W0"))
    moved = cli("edit", plan_path, "station", other, "--set", f"easting={in_ward.iloc[0]['Eastings'] + 5}")
    assert moved.returncode == 0, moved.stderr
    with open_plan_file(plan_path) as plan, plan.session() as s:
        seats_now = dict(s.execute(select(m.PollingStation.council_id, m.Constituency.gss_code).outerjoin(m.Constituency)).all())
    assert seats_now["NEAR"] == RUNCORN
