"""The throwaway server really is PostgreSQL with PostGIS."""

import psycopg


def test_the_throwaway_server_has_postgis(database_url):
    with psycopg.connect(database_url) as connection:
        version = connection.execute("SELECT postgis_version()").fetchone()[0]
        srid = connection.execute("SELECT srid FROM spatial_ref_sys WHERE srid = 27700").fetchone()
    assert version.split()[0].startswith("3")
    assert srid == (27700,)
