"""The polling-day patrol plan's table leaves no cell blank: a stop whose station records no council says so."""

from __future__ import annotations

import pytest

from tests.core.pdfstructure import StructureTree, words


@pytest.mark.presentation
def test_a_patrol_stop_with_no_council_recorded_says_so_rather_than_leaving_its_cell_blank(sample_plan_path, cli,
                                                                                         tmp_path):
    police = tmp_path / "police.pdf"
    assert cli("export", sample_plan_path, "-o", police).returncode == 0
    tables = [e for e in StructureTree(police).walk() if e.role == "Table" and e.kids
              and [words(c.text) for c in e.kids[0].kids][:4] == ["Patrol", "Stop", "Polling station", "Council"]]
    rows = [row for table in tables for row in table.kids[1:] if len(row.kids) > 3]
    assert rows  # the sample's polling-day patrols, stop by stop
    assert all(words(row.kids[3].text) for row in rows)  # the sample's stations record no council: "–", not blank
