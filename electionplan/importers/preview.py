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
    if kind == "boundaries":
        from electionplan.geo.boundaries import list_layers, read_boundary_file

        frame = read_boundary_file(path, layer)
        header = [c for c in frame.columns if c != frame.geometry.name]
        rows = [[str(v) for v in row] for row in frame[header].head(PREVIEW_ROWS).itertuples(index=False)]
        layers = list_layers(path)
        return Preview(f"Boundary file ({frame.crs.to_string() if frame.crs else 'no CRS stated'})", header, rows,
                       note=f"{len(frame)} features" + (f"; layers: {', '.join(layers)}" if len(layers) > 1 else ""),
                       layers=layers if len(layers) > 1 else [])
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
