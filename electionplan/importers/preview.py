"""What an import dialog shows before importing: format, columns and first rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from electionplan.importers import stations as station_formats
from electionplan.importers.tabular import read_table, read_xlsx_table

PREVIEW_ROWS = 20


@dataclass
class Preview:
    format: str
    header: list[str]
    rows: list[list[str]]
    mapping: dict[str, str] = field(default_factory=dict)  # station field -> column (lower case)
    mapping_editable: bool = False
    encoding: str = ""
    note: str = ""
    layers: list[str] = field(default_factory=list)  # a GeoPackage's layers, when it has several


def preview_file(kind: str, path: Path | str, layer: str | None = None) -> Preview:
    path = Path(path)
    if kind in ("boundaries", "wards"):  # a ward file is a boundary file, read the same way
        from electionplan.geo.boundaries import list_layers, read_boundary_file

        frame = read_boundary_file(path, layer)
        header = [c for c in frame.columns if c != frame.geometry.name]
        rows = [[str(v) for v in row] for row in frame[header].head(PREVIEW_ROWS).itertuples(index=False)]
        layers = list_layers(path)
        return Preview(f"Boundary file ({frame.crs.to_string() if frame.crs else 'no CRS stated'})", header, rows,
                       note=f"{len(frame)} features" + (f"; layers: {', '.join(layers)}" if len(layers) > 1 else ""),
                       layers=layers if len(layers) > 1 else [])
    if kind in SENT_KINDS:
        return _sent_preview(kind, path)
    if kind == "stations" and path.suffix.lower() == ".json":
        label, encoding, rows, _, _ = station_formats.read_station_rows(path)
        header = ["council_id", "name", "address_1", "postcode", "lat", "lon"]
        shown = rows.reindex(columns=header).fillna("").head(PREVIEW_ROWS)
        return Preview(label, header, shown.astype(str).to_numpy().tolist(), encoding=encoding)
    if kind == "stations" and path.suffix.lower() == ".xlsx":
        table = read_xlsx_table(path)
    else:
        if kind == "postcodes":
            return Preview("Postcode file (Code-Point Open or ONSPD)", [], [], note="Loaded in full on import.")
        if kind == "review":
            return Preview("Returning officer's sign-off (PDF)", [], [], note="The sign-off form is read on import.")
        if path.suffix.lower() == ".json":
            return Preview("JSON records", [], [], note="Read and checked in full on import.")
        table = read_table(path)
    rows = [[row.get(h.lower(), "") for h in table.header] for _, row in table.rows[:PREVIEW_ROWS]]
    preview = Preview("", table.header, rows, encoding=table.encoding)
    delimiter = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe", "": ""}.get(table.delimiter, table.delimiter)
    if kind == "stations":
        spec = station_formats.detect_format(table.header)
        if spec is not None:
            preview.format = spec.label
            lowered = {h.lower() for h in table.header}
            preview.mapping = {t: next((n for n in names if n in lowered), "") for t, names in spec.columns.items()}
        else:
            preview.format = "Plain station list (check the column mapping)"
            preview.mapping = station_formats.plain_mapping(table.header)
            preview.mapping_editable = True
    elif kind == "candidates":
        from electionplan.importers.candidate_lists import recognise

        preview.format = recognise(table).label  # refuses, with the reason, what is not a candidate list
    else:
        preview.format = kind.capitalize()
    preview.note = f"{len(table.rows)} rows; {table.encoding}, {delimiter}-separated"
    if table.problems:
        preview.note += f"; {len(table.problems)} row(s) will be skipped"
    return preview


SENT_KINDS = ("events", "threats", "capacity")


def _sent_preview(kind: str, path: Path) -> Preview:
    """The first rows of a sent list and the columns recognised, read no further than the preview needs."""
    from electionplan.importers.sent_table import preview_sent_table

    columns, required = _sent_columns(kind)
    what = {"events": "an events", "threats": "a threat reports", "capacity": "a duty capacity"}[kind]
    header, rows, label, mapping = preview_sent_table(path, what, columns, required, PREVIEW_ROWS)
    written = {h.lower(): h for h in header}
    recognised = "; ".join(f"{written[column]} as {field.replace('_', ' ')}" for field, column in mapping.items())
    ignored = [h for h in header if h and h.lower() not in mapping.values()]
    note = f"Columns read: {recognised}." + (f" Not read: {', '.join(ignored)}." if ignored else "")
    return Preview(label, header, rows, note=note + " Every row is checked on import; one bad row refuses the file.")


def _sent_columns(kind: str) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    if kind == "events":
        from electionplan.importers import events

        return events.EVENT_COLUMNS, events.REQUIRED
    if kind == "threats":
        from electionplan.importers import threats

        return threats.THREAT_COLUMNS, threats.REQUIRED
    from electionplan.importers import capacity

    return capacity.CAPACITY_COLUMNS, capacity.REQUIRED
