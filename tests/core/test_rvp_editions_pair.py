"""Need to know, proved by pairs: two plans alike but for the RVPs (a count's own, the plan's) give the returning
officer's edition and a candidate's pack alike, word for word and row for row; the police edition differs."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import pdf_words

COUNT_RVP = "Wyvernbridge Leisure Centre=Fire station yard; Kestrel Quarry Road; SJ 8790 1890"
PLAN_RVP = ("--set", "rvp_name=Ashcombe depot", "--set", "rvp_address=Quarry Lane", "--set", "rvp_grid_ref=SJ 8700 1800")


def _outputs(cli, plan, folder) -> dict[str, bytes | str]:
    folder.mkdir()
    made: dict[str, bytes | str] = {}
    for name, flags in (("ro.pdf", ("--edition", "returning-officer")), ("ro.json", ("--edition", "returning-officer")),
                        ("ro.csv", ("--edition", "returning-officer")),
                        ("pack.pdf", ("--edition", "candidate", "--candidate", "Margaret Ellery-Stone")),
                        ("police.pdf", ())):
        target = folder / name
        result = cli("export", plan, "-o", target, *flags)
        assert result.returncode == 0, result.stderr
        made[name] = pdf_words(target) if name.endswith(".pdf") else target.read_bytes()
    return made


@pytest.mark.file_store
def test_rvps_change_the_police_edition_and_nothing_the_returning_officer_or_a_candidate_receives(
        sample_plan_path, cli, tmp_path):
    with_rvps = tmp_path / "with-rvps.eplan"
    shutil.copyfile(sample_plan_path, with_rvps)
    assert cli("order", with_rvps, "--count-rvp", COUNT_RVP).returncode == 0
    assert cli("order", with_rvps, *PLAN_RVP).returncode == 0
    without, within = _outputs(cli, sample_plan_path, tmp_path / "a"), _outputs(cli, with_rvps, tmp_path / "b")
    assert within["police.pdf"] != without["police.pdf"] and "Firestationyard" in str(within["police.pdf"])
    for name in ("ro.pdf", "ro.json", "ro.csv", "pack.pdf"):
        assert within[name] == without[name], name
