"""`add` and `delete` on a force's shared plan, by each role's own login: a reviewer is refused in one line, an
editor deletes what a candidate's threat reports hang on only when told what goes, and no editor names an approver."""

from __future__ import annotations

from electionplan.db import models as m
from electionplan.db.opening import open_store
from tests.store.roles import Store


def _counts(store: Store) -> tuple[int, int, int]:
    with open_store(store.url(), read_only=True) as plan, plan.session() as session:
        return (session.query(m.Venue).count(), session.query(m.ThreatReport).count(),
                session.query(m.Candidate).count())


def test_a_reviewer_adds_and_deletes_nothing_and_is_told_so_in_one_line(shared):  # noqa: F811
    before = _counts(shared)
    shared.refused("add", shared.url("ro"), "venue", "--set", "name=Drill hall")
    shared.refused("delete", shared.url("ro"), "threat_report", "1")
    shared.refused("delete", shared.url("ro"), "candidate", "1", "--with-linked")
    assert _counts(shared) == before


def test_an_editor_deletes_a_candidate_with_threat_reports_only_when_told_and_the_audit_keeps_each(shared):  # noqa: F811
    editor = shared.url("ed")
    venues, threats, candidates = _counts(shared)
    says = shared.refused("delete", editor, "candidate", "1")
    assert "threat reports would be deleted with it" in says and "--with-linked" in says
    assert _counts(shared) == (venues, threats, candidates)
    done = shared.ok("delete", editor, "candidate", "1", "--with-linked").stdout
    assert "threat reports deleted with it" in done
    assert _counts(shared)[1:] == (threats - 3, candidates - 1)
    audit = shared.ok("audit", editor, "--last", "30").stdout
    assert audit.count("delete  ThreatReport") == 3


def test_an_editor_cannot_name_an_approver_by_an_edit(shared):  # noqa: F811
    says = shared.refused("edit", shared.url("ed"), "plan", "1", "--set", "approved_by=Ch Supt A Okoro")
    assert "recorded when an approved revision is issued" in says
    with open_store(shared.url(), read_only=True) as plan, plan.session() as session:
        assert session.query(m.Plan).one().approved_by != "Ch Supt A Okoro"
