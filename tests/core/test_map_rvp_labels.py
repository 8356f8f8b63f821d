"""The plan's RVP and a count venue's own are told apart on the police map: each drawn with its own short label,
and the map's caption (its alternative text) naming which place each is. Neither name reaches the returning
officer's edition."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from tests.core.pdfstructure import StructureTree

VENUE = "Wyvernbridge Leisure Centre"  # the sample's count and declaration venue


def _map_alt(path) -> str:
    (alt,) = [e.alt for e in StructureTree(path).walk() if e.role == "Figure" and e.alt.startswith("Map of Wyvernbridge")
              and "enlarged" not in e.alt]
    return alt


@pytest.mark.presentation
def test_the_plans_rvp_and_a_counts_own_are_each_labelled_and_named_on_the_map(sample_plan_path, cli, tmp_path):
    assert cli("order", sample_plan_path, "--set", "rvp_name=Wyvernbridge police station",
               "--set", "rvp_grid_ref=SJ 8650 1950").returncode == 0
    assert cli("order", sample_plan_path, "--count-rvp",
               f"{VENUE}=Fire station yard; Kestrel Quarry Road; SJ 8790 1890").returncode == 0
    police = tmp_path / "police.pdf"
    assert cli("export", sample_plan_path, "-o", police).returncode == 0
    labelled = _map_alt(police).split("labelled: ")[1]
    assert "RVP (Wyvernbridge police station)" in labelled and "Count RVP (Fire station yard)" in labelled
    # Drawn on the page as the caption says: the short labels, each once.
    page = next(p for p in PdfReader(police).pages if "Map of Wyvernbridge" in p.extract_text())
    drawn = page.extract_text()
    assert drawn.count("Count RVP") >= 2  # on the map, and in its caption
    ro = tmp_path / "ro.pdf"
    assert cli("export", sample_plan_path, "-o", ro, "--edition", "returning-officer").returncode == 0
    text = " ".join(p.extract_text() for p in PdfReader(ro).pages)
    assert "Fire station yard" not in text and "Wyvernbridge police station" not in text and "Count RVP" not in text

