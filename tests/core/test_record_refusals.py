"""What `add` and `edit` refuse, as a SPOC typing in a hurry or someone trying to bend the plan meets it: one line
on stderr naming the field, exit 1, and the plan as it was."""

from __future__ import annotations

import pytest

from tests.conftest import plan_fingerprint

HUSTINGS = ("--set", "name=Late hustings", "--set", "kind=hustings", "--set", "start=10/01/2027 19:00",
            "--set", "end=10/01/2027 21:00")

REFUSED = [
    # Ids that name nothing in this plan, on add and on edit, for each kind of link.
    (("add", "contact", "--set", "name=A Duty", "--set", "role=press", "--set", "constituency_id=999"),
     "There is no constituency 999 in this plan."),
    (("add", "event", *HUSTINGS, "--set", "venue_id=9999"), "There is no venue 9999 in this plan."),
    (("add", "incident", "--set", "occurred_at=10/01/2027 19:00", "--set", "kind=Assault", "--set", "severity=low",
      "--set", "event_id=999"), "There is no event 999 in this plan."),
    (("edit", "station", "1", "--set", "constituency_id=999"), "There is no constituency 999 in this plan."),
    (("edit", "candidate", "1", "--set", "constituency_id=5555"), "There is no constituency 5555 in this plan."),
    (("edit", "event", "1", "--set", "candidate_ids=2,9999"), "There is no candidate 9999 in this plan"),
    (("edit", "event", "1", "--set", "candidate_ids=99999999999999999999"),
     "candidate_ids: an id is too large (at most 2,147,483,647)."),
    # Numbers no column holds.
    (("add", "event", *HUSTINGS, "--set", "expected_attendance=99999999999999999999999"),
     "expected_attendance: 99,999,999,999,999,999,999,999 is too large (at most 2,147,483,647)."),
    (("edit", "station", "1", "--set", "electorate=3000000000"),
     "electorate: 3,000,000,000 is too large (at most 2,147,483,647)."),
    (("add", "venue", "--set", "name=Drill hall", "--set", "easting=nan", "--set", "northing=nan"),
     "easting: nan is not a number that can be stored."),
    # A yes-or-no field given neither.
    (("add", "event", *HUSTINGS, "--set", "ticketed=maybe"), "ticketed: 'maybe' is not yes or no."),
    # A second record of what the plan keeps once.
    (("add", "officer_capacity", "--set", "day=21/01/2027", "--set", "shift=early", "--set", "officers=5"),
     "The plan already has an officer capacity with this day and shift"),
    # A contact's role is one of the roles the app offers.
    (("add", "contact", "--set", "name=A Duty", "--set", "role=superintendent"),
     "'superintendent' is not a contact's role"),
    # The approver's name is the record of an approval: no edit writes it.
    (("edit", "plan", "1", "--set", "approved_by=Ch Supt A Okoro"),
     "approved_by cannot be set by an edit or an import: it is recorded when an approved revision is issued"),
    # A ruleset or order template the plan could never read again.
    (("edit", "plan", "1", "--set", "ruleset_toml=[candidate\nx = 1"), "ruleset_toml: not valid TOML"),
    (("edit", "plan", "1", "--set", "ruleset_toml=[ruleset]\nname = 'Force'"), "ruleset_toml: "),
    (("edit", "plan", "1", "--set", "order_template_toml=garbage [[["), "order_template_toml: order template:"),
    # The force every edition names.
    (("edit", "election", "1", "--set", "force=  "), "Police force is required."),
    # A count's RVP stays with a venue that holds a count.
    (("edit", "count_rvp", "1", "--set", "venue_id=1"), "No count or declaration is held at venue 1"),
]


@pytest.mark.file_store
@pytest.mark.parametrize(("args", "words"), REFUSED, ids=[" ".join(a[:3]) + f" #{i}" for i, (a, _) in
                                                          enumerate(REFUSED)])
def test_add_and_edit_refuse_what_the_plan_cannot_keep_in_one_line_and_change_nothing(sample_plan_path, cli, args,
                                                                                      words):
    rvp = cli("order", sample_plan_path, "--count-rvp",
              "Wyvernbridge Leisure Centre=Fire station yard; Kestrel Quarry Road; SJ 8790 1890")
    assert rvp.returncode == 0, rvp.stderr
    before = plan_fingerprint(sample_plan_path)
    verb, *rest = args
    result = cli(verb, sample_plan_path, *rest)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1, result.stdout
    assert len(lines) == 1 and lines[0].startswith("electionplan: error: "), lines
    assert words in lines[0]
    assert "unexpected" not in result.stderr and "Traceback" not in result.stderr
    assert plan_fingerprint(sample_plan_path) == before


@pytest.mark.file_store
def test_what_add_and_edit_refuse_badly_typed_they_take_well_typed(sample_plan_path, cli):
    """The refusals above are of the values, not the fields: the same fields typed sensibly are kept."""
    assert cli("add", sample_plan_path, "event", *HUSTINGS, "--set", "ticketed=no",
               "--set", "expected_attendance=120").returncode == 0
    assert cli("edit", sample_plan_path, "station", "1", "--set", "electorate=2400").returncode == 0
    assert cli("add", sample_plan_path, "contact", "--set", "name=A Duty", "--set", "role=press",
               "--set", "constituency_id=1").returncode == 0
    assert cli("edit", sample_plan_path, "plan", "1", "--set", "prepared_by=Insp R Donnelly").returncode == 0
    audit = cli("audit", sample_plan_path, "--last", "20").stdout
    assert "prepared_by" in audit and "electorate" in audit


@pytest.mark.file_store
@pytest.mark.parametrize("verb", ["edit", "delete"])
@pytest.mark.parametrize("record_id", ["99999999999999999999", "0", "-3", "twelve"])
def test_an_id_no_record_could_have_is_a_usage_error_in_one_line(sample_plan_path, cli, verb, record_id):
    before = plan_fingerprint(sample_plan_path)
    result = cli(verb, sample_plan_path, "station", record_id, *(("--set", "name=X") if verb == "edit" else ()))
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1
    assert f"argument id: '{record_id}' is not a record's id (a whole number from 1)" in lines[0]
    assert plan_fingerprint(sample_plan_path) == before
