"""Every importer under property-based fuzzing on mutated real samples.

Each import must either succeed or fail with a domain error, and a failed
import must change nothing. Examples are bounded and derandomised, so a CI
run is reproducible; no example may hang, because every reader bounds what
it reads.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from electionplan.services.plans import create_plan
from tests.conftest import SHARED_DATA
from tests.core.fuzzing import FUZZ, OUTCOMES, import_either_way, mutate, mutation


@pytest.fixture(scope="module")
def fuzz_plan(tmp_path_factory):
    plan = create_plan(tmp_path_factory.mktemp("fuzz") / "fuzz.eplan", name="Fuzz", kind="general",
                       polling_day=dt.date(2029, 5, 3), force="Test Police")
    yield plan
    plan.close()


def write(tmp_path_factory, name: str, data: bytes) -> Path:
    path = tmp_path_factory.mktemp("case") / name
    path.write_bytes(data)
    return path


STATION_SAMPLES = ["xpress_democracyclub_barnet.csv", "xpress_weblookup_leeds.CSV", "democracy_counts_stations_barnet.csv",
                   "halarose_south_lakeland.csv", "idox_eros_chorley.csv", "trafford_polling_stations_lonlat.csv",
                   "fcs_waltham_forest.json"]


def sample_bytes(relative: str, max_lines: int | None = None) -> bytes:
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip("../shared/data is not present")
    data = path.read_bytes()
    if max_lines:
        data = b"\n".join(data.splitlines()[:max_lines]) + b"\n"
    return data


@pytest.mark.slow
@FUZZ
@given(sample=st.sampled_from(STATION_SAMPLES), how=mutation)
def test_station_importers_survive_mutated_samples(fuzz_plan, tmp_path_factory, sample, how):
    from electionplan.importers.stations import import_stations

    path = write(tmp_path_factory, sample, mutate(sample_bytes(f"stations/{sample}"), how))
    import_either_way(fuzz_plan, lambda: import_stations(fuzz_plan, path))


@FUZZ
@given(how=mutation, code=st.sampled_from(["E14001455", "E14001446", "W07000081", "XX"]))
def test_candidate_importer_survives_mutated_samples(fuzz_plan, tmp_path_factory, how, code):
    from electionplan.importers.candidates import import_candidates

    path = write(tmp_path_factory, "hoc.csv", mutate(sample_bytes("candidates/HoC-GE2024-results-by-candidate.csv", 60), how))
    import_either_way(fuzz_plan, lambda: import_candidates(fuzz_plan, path, constituency=code))


@FUZZ
@given(how=mutation)
def test_postcode_importer_survives_mutated_samples(fuzz_plan, tmp_path_factory, how):
    from electionplan.geo.postcodes import import_postcodes

    path = write(tmp_path_factory, "wa.csv", mutate(sample_bytes("postcodes/wa.csv", 80), how))
    import_either_way(fuzz_plan, lambda: import_postcodes(fuzz_plan, [path]))


INCIDENTS = (b"occurred_at,kind,severity,status,location,reference,description\n"
             b"2027-01-10 20:00,Public disorder,high,open,SJ 8876 1392,WC/1,Scuffle\n"
             b"10/01/2027 21:00,Criminal damage,medium,closed,\"386500, 318500\",WC/2,Window\n")
CONTRIBUTIONS = (b"received,from,organisation,kind,text,candidate,event\n"
                 b"2027-01-05 10:00,Agent,Party,comment,Please cover the count,,Verification and count\n")


@FUZZ
@given(how=mutation, which=st.sampled_from(["incidents", "contributions"]))
def test_incident_and_contribution_forms_survive_mutation(fuzz_plan, tmp_path_factory, how, which):
    from electionplan.importers.contributions import import_contributions
    from electionplan.importers.incidents import import_incidents

    data = INCIDENTS if which == "incidents" else CONTRIBUTIONS
    path = write(tmp_path_factory, f"{which}.csv", mutate(data, how))
    run = import_incidents if which == "incidents" else import_contributions
    import_either_way(fuzz_plan, lambda: run(fuzz_plan, path))


def geometry_strategy():
    coordinate = st.one_of(st.floats(min_value=-1e12, max_value=1e12), st.sampled_from([float("nan"), float("inf")]))
    ring = st.lists(st.tuples(coordinate, coordinate), min_size=0, max_size=40)
    return st.one_of(
        st.builds(lambda r: {"type": "Polygon", "coordinates": [[list(p) for p in r]]}, ring),
        st.just({"type": "Polygon", "coordinates": [[[350000, 380000], [352000, 382000], [352000, 380000], [350000, 382000], [350000, 380000]]]}),
        st.just({"type": "Polygon", "coordinates": [[[50, 80], [51, 80], [51, 81], [50, 80]]]}),
        st.just({"type": "Point", "coordinates": [386000, 318000]}),
        st.just(None),
    )


@FUZZ
@given(geometries=st.lists(geometry_strategy(), min_size=1, max_size=4), code=st.sampled_from(["E14099990", "", "bad", None]),
       crs=st.sampled_from([None, "urn:ogc:def:crs:EPSG::27700", "urn:ogc:def:crs:OGC:1.3:CRS84"]))
def test_boundary_importer_survives_hostile_geometry(fuzz_plan, tmp_path_factory, geometries, code, crs):
    from electionplan.geo.boundaries import import_boundaries

    collection = {"type": "FeatureCollection",
                  "features": [{"type": "Feature", "properties": {"CODE": code, "NAME": f"Area {n}"}, "geometry": g}
                               for n, g in enumerate(geometries)]}
    if crs:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    path = write(tmp_path_factory, "b.geojson", json.dumps(collection, allow_nan=True).encode())
    import_either_way(fuzz_plan, lambda: import_boundaries(fuzz_plan, path))


@pytest.mark.slow
@FUZZ
@given(how=mutation)
def test_boundary_importer_survives_mutated_real_file(fuzz_plan, tmp_path_factory, how):
    from electionplan.geo.boundaries import import_boundaries

    text = sample_bytes("boundaries/PCON_July2024_UK_BUC.geojson")
    data = json.loads(text)
    data["features"] = data["features"][:2]
    path = write(tmp_path_factory, "two.geojson", mutate(json.dumps(data).encode(), how))
    import_either_way(fuzz_plan, lambda: import_boundaries(fuzz_plan, path))


@FUZZ
@given(cut=st.floats(0, 1), noise=st.binary(max_size=64))
def test_review_pdf_reader_survives_broken_pdfs(fuzz_plan, tmp_path_factory, sample_plan_template, cut, noise):
    from electionplan.importers.review_pdf import import_review

    pdf = tmp_path_factory.getbasetemp() / "review-source.pdf"
    if not pdf.exists():
        from electionplan.db.planfile import open_plan_file
        from electionplan.services.export import export_pdf

        with open_plan_file(sample_plan_template) as plan:
            export_pdf(plan, pdf, edition="returning-officer")
    data = pdf.read_bytes()
    at = int(len(data) * cut)
    path = write(tmp_path_factory, "review.pdf", data[:at] + noise + data[at + len(noise):])
    from electionplan.services.export import revision_review_hash

    import_either_way(fuzz_plan, lambda: import_review(fuzz_plan, path, revision_review_hash))


def test_the_fuzzing_exercised_both_outcomes():
    # Runs last in this module: mutations both passed and were refused, so
    # neither branch above was left untested.
    assert OUTCOMES["imported"] > 10 and OUTCOMES["refused"] > 10, OUTCOMES
