"""How generalised a boundary file is, and so how far off its edges may be.

ONS publishes each boundary set at four resolutions: full (BFC/BFE), and
generalised to 20 m (BGC), 200 m (BSC) and 500 m (BUC). A generalised edge can
cut a real station out of its seat, so a station that close to the edge is
judged by what its own data says, not by the line alone. The file's name says
which set it is when it follows ONS naming; otherwise the spacing of the
boundary's points does (about 30 m on Boundary-Line, about 2 km on BUC).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import shapely

# ONS's suffixes and the generalisation each stands for, in metres.
_ONS_SETS = {"BUC": ("ultra-generalised", 500.0), "BSC": ("super-generalised", 200.0),
             "BGC": ("generalised", 20.0), "BFC": ("full resolution", 0.0), "BFE": ("full resolution", 0.0)}
_NAMED_RE = re.compile(r"(?i)(?<![A-Z])(BUC|BSC|BGC|BFC|BFE)(?![A-Z])")
_WORDED_RE = re.compile(r"(?i)generali[sz]ed|simplified")
# Points further apart than this on average mean the edge was generalised.
_GENERALISED_SPACING = 100.0
_MIN_TOLERANCE, MAX_TOLERANCE = 10.0, 1_000.0


@dataclass(frozen=True)
class Generalisation:
    generalised: bool
    label: str  # "ultra-generalised (ONS BUC)", "full resolution", ...
    spacing_m: float  # mean distance between boundary points
    tolerance_m: float  # how far outside the edge a station is still judged by its own data

    def describe(self, source_name: str) -> str:
        spacing = f"about {self.spacing_m:,.0f} m between boundary points"
        if not self.generalised:
            return f"{source_name} is {self.label}, {spacing}."
        return (f"{source_name} is {self.label}, {spacing}: a station up to {self.tolerance_m:,.0f} m outside the seat "
                "is kept when its row, its ward or its postcode's ward puts it inside.")


def generalisation_of(geometries: np.ndarray, source_name: str, metadata: str = "") -> Generalisation:
    """Judge the file by its name or its own metadata first (ONS's suffixes), then by the spacing of its points."""
    lengths = shapely.length(geometries)
    points = shapely.get_num_coordinates(geometries)
    spacing = float(lengths.sum() / max(int(points.sum()), 1))
    by_spacing = min(max(spacing / 4, _MIN_TOLERANCE), MAX_TOLERANCE)
    if (named := _NAMED_RE.search(source_name) or _NAMED_RE.search(metadata)) is not None:
        label, nominal = _ONS_SETS[named.group(1).upper()]
        generalised = nominal > 0
        tolerance = max(nominal, by_spacing) if generalised else _MIN_TOLERANCE
        return Generalisation(generalised, f"{label} (ONS {named.group(1).upper()})", spacing, tolerance)
    if spacing > _GENERALISED_SPACING or _WORDED_RE.search(source_name) or _WORDED_RE.search(metadata):
        return Generalisation(True, "generalised", spacing, by_spacing)
    return Generalisation(False, "full resolution", spacing, _MIN_TOLERANCE)
