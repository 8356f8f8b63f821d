"""The bundled sample is a realistic, fictional by-election."""

from __future__ import annotations

import datetime as dt

import pytest
from shapely import Point
from sqlalchemy import select

from electionplan.db import models as m
from electionplan.geo.shapes import from_wkb


@pytest.mark.presentation
def test_sample_holds_the_promised_texture(sample_plan):
    with sample_plan.session() as s:
        seats = s.scalars(select(m.Constituency)).all()
        assert len(seats) == 1
        boundary = from_wkb(seats[0].boundary_wkb)
        # BNG metres: a seat of some tens of square kilometres, inside Great Britain.
        assert 100e6 < boundary.area < 600e6
        minx, miny, maxx, maxy = boundary.bounds
        assert 0 < minx < maxx < 700_000 and 0 < miny < maxy < 1_250_000

        stations = s.scalars(select(m.PollingStation)).all()
        assert 45 <= len(stations) <= 70
        located = [st for st in stations if st.easting is not None]
        assert all(boundary.contains(Point(st.easting, st.northing)) for st in located)
        assert all(st.postcode and st.address_1 for st in stations)
        assert all(st.constituency_id == seats[0].id for st in located)

        candidates = s.scalars(select(m.Candidate)).all()
        assert 6 <= len(candidates) <= 9
        former = [c for c in candidates if c.former_mp]
        assert former and any(len(c.threat_reports) >= 2 for c in former)
        independents = [c for c in candidates if c.party == "Independent"]
        assert any(
            any("abuse" in t.kind.lower() for t in c.threat_reports) and "abuse" in c.concerns_raised
            for c in independents
        )
        assert any(
            not c.threat_reports and not c.intelligence_notes and not c.concerns_raised
            and not c.sitting_mp and not c.former_mp and c.prominence == 0
            for c in candidates
        )

        events = s.scalars(select(m.Event)).all()
        hustings = [e for e in events if e.kind == "hustings"]
        assert 6 <= len(hustings) <= 10
        assert any(h.ticketed for h in hustings) and any(not h.ticketed for h in hustings)
        assert any(h.outdoor for h in hustings)
        assert {"count", "declaration"} <= {e.kind for e in events}
        protests = [e for e in events if e.kind == "protest"]
        assert protests
        protest = protests[0]
        near = [
            h for h in hustings
            if Point(h.venue.easting, h.venue.northing).distance(Point(protest.venue.easting, protest.venue.northing)) < 500
        ]
        assert near

        election = s.scalars(select(m.Election)).one()
        days = {row.day for row in s.scalars(select(m.OfficerCapacity))}
        span = (election.count_date - election.notice_date).days + 1
        assert days == {election.notice_date + dt.timedelta(days=i) for i in range(span)}


@pytest.mark.presentation
def test_sample_people_are_fictional_and_postcodes_invented(sample_plan):
    # The AW postcode area does not exist, so no sample address can be a real one.
    with sample_plan.session() as s:
        postcodes = [st.postcode for st in s.scalars(select(m.PollingStation))]
        postcodes += [v.postcode for v in s.scalars(select(m.Venue))]
        assert all(p.startswith("AW") for p in postcodes)
        addresses = [c.home_address for c in s.scalars(select(m.Candidate))]
        assert all(" AW" in a for a in addresses)
