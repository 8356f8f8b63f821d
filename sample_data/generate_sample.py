"""Writes the fictional Wyvernbridge and Ashcombe by-election sample.

Every place, person, party and postcode here is invented (the AW postcode area
does not exist). The output files are committed; run this only to change them:

    python sample_data/generate_sample.py
"""

from __future__ import annotations

import csv
import json
import math
import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
CENTRE = (386_500.0, 318_500.0)
GSS = "E14099901"


def boundary_ring() -> list[tuple[float, float]]:
    # A lobed outline about 19 km by 14 km, like a mixed town-and-country seat.
    points = []
    for step in range(96):
        angle = 2 * math.pi * step / 96
        radius = 7_200 + 1_300 * math.sin(3 * angle + 0.6) + 700 * math.cos(5 * angle) + 350 * math.sin(11 * angle)
        points.append(
            (round(CENTRE[0] + 1.25 * radius * math.cos(angle), 1), round(CENTRE[1] + 0.95 * radius * math.sin(angle), 1))
        )
    points.append(points[0])
    return points


def inside(point, ring) -> bool:
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            result = not result
    return result


TOWNS = [
    # name, offset from centre (m), number of stations, postcode district
    ("Wyvernbridge", (0, 0), 20, "AW1"),
    ("Ashcombe Magna", (-5_600, 2_400), 10, "AW4"),
    ("Hollinsby", (5_200, 3_300), 7, "AW2"),
    ("Caldermoor", (2_300, -4_600), 7, "AW3"),
    ("Brackenholt", (-4_400, -3_300), 5, "AW5"),
    ("Fennick St Mary", (-7_600, 3_000), 3, "AW6"),
    ("Otterley", (8_200, 200), 3, "AW2"),
]

STREETS = [
    "Church Street", "High Street", "Mill Lane", "Station Road", "Chapel Walk", "Orchard Rise", "Victoria Road",
    "Meadow Close", "School Lane", "Market Street", "Bridge Street", "Park Avenue", "Kiln Lane", "Tanners Row",
    "Beacon Way", "Priory Road", "Wharf Street", "Cross Lane", "Hawthorn Drive", "Quarry Bank",
]

STATION_PLACES = [
    "St Aldhelm's Church Hall", "Community Centre", "Primary School", "Methodist Church Hall", "Scout Hut",
    "Village Hall", "Library", "Sports Pavilion", "Youth Centre", "Baptist Church Schoolroom", "Memorial Hall",
    "Bowling Club", "Cricket Club Pavilion", "Infant School", "Parish Rooms", "Miners' Welfare Institute",
    "Royal British Legion Hall", "Leisure Centre Annexe", "Women's Institute Hall", "Family Hub",
]


def write_boundary(ring) -> None:
    feature = {
        "type": "Feature",
        "properties": {"PCON24CD": GSS, "PCON24NM": "Wyvernbridge and Ashcombe"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }
    collection = {
        "type": "FeatureCollection",
        "name": "wyvernbridge_and_ashcombe",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
        "features": [feature],
    }
    (HERE / "boundary.geojson").write_text(json.dumps(collection, indent=1) + "\n", encoding="utf-8")


def write_stations(ring, rng: random.Random) -> list[dict]:
    rows, postcodes = [], {}
    number = 0
    for town, (dx, dy), count, district in TOWNS:
        places = rng.sample(STATION_PLACES, k=min(count, len(STATION_PLACES)))
        for index in range(count):
            number += 1
            while True:
                spread = 1_600 if count > 8 else 900
                point = (CENTRE[0] + dx + rng.gauss(0, spread), CENTRE[1] + dy + rng.gauss(0, spread * 0.8))
                if inside(point, ring):
                    break
            place = places[index % len(places)]
            if index >= len(places):
                place = f"{place} (Room {index // len(places) + 1})"
            postcode = f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXY')}{rng.choice('ABDEFGHJLNPQRSTUWXY')}"
            prefix = "WA" if town == "Wyvernbridge" else town[:2].upper()
            rows.append(
                {
                    "id": f"PS{number:03d}",
                    "station_number": f"{prefix}{index + 1}",
                    "name": f"{town} {place}" if not place.startswith("St ") else f"{place}, {town}",
                    "address_1": f"{rng.randint(1, 140)} {rng.choice(STREETS)}",
                    "address_2": town,
                    "address_3": "",
                    "postcode": postcode,
                    "uprn": str(100_070_000_000 + rng.randint(0, 999_999)),
                    "easting": round(point[0]),
                    "northing": round(point[1]),
                    "electorate": rng.randrange(900, 2_600, 10),
                    "intimidation_history": "",
                    "concerns": "",
                    "notes": "",
                }
            )
            postcodes[postcode.replace(" ", "")] = (round(point[0]), round(point[1]))
    rows[3]["intimidation_history"] = "yes"
    rows[3]["notes"] = "Campaigners obstructed the entrance at the May 2024 poll; words of advice given to two people."
    rows[17]["concerns"] = "Presiding officer asked for a police visit after abuse of tellers in 2022."
    rows[24]["easting"], rows[24]["northing"] = "", ""  # the council file left this one unlocated
    postcodes.pop(rows[24]["postcode"].replace(" ", ""), None)
    rows[30]["electorate"] = 3_450
    rows[30]["notes"] = "Two stations share this hall; expect queues at 17:00-19:00."
    fields = list(rows[0])
    with (HERE / "polling_stations.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    with (HERE / "postcodes.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        for code, (e, n) in sorted(postcodes.items()):
            writer.writerow([code, 10, e, n, "E92000001", "", "", "", "E06099901", ""])
    return rows


def main() -> None:
    rng = random.Random(20270121)
    ring = boundary_ring()
    write_boundary(ring)
    write_stations(ring, rng)


if __name__ == "__main__":
    main()
