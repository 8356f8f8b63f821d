"""Every role uses electionplan with its own login: a reviewer reads, an editor edits, an approver approves.

And what the server records of who did it cannot be forged from an editor's login.
"""

from __future__ import annotations

import json

import psycopg
import pytest
from psycopg import errors

from electionplan.db import models as m
from electionplan.db.opening import open_store
from tests.store.roles import Store

# These tests carry the sample from its file into PostgreSQL themselves.
pytestmark = pytest.mark.file_store

AS_AT = "2026-11-21"


def test_store_init_makes_the_three_group_roles_without_logins(shared):
    with psycopg.connect(shared.admin) as db:
        roles = db.execute("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'electionplan_%' "
                           "ORDER BY rolname").fetchall()
        approver_edits = db.execute("SELECT pg_has_role('electionplan_approver', 'electionplan_editor', 'MEMBER')")
        assert approver_edits.fetchone()[0]
    assert roles == [("electionplan_approver", False), ("electionplan_editor", False), ("electionplan_reviewer", False)]


def test_a_reviewers_login_runs_info_revisions_assess_its_edition_and_national(shared, tmp_path):
    shared.ok("revise", shared.url(), "-m", "First issue for the returning officer")
    reviewer = shared.url("ro")
    whole = json.loads(shared.ok("info", shared.url(), "--json").stdout)
    seen = json.loads(shared.ok("info", reviewer, "--json").stdout)
    assert seen["counts"]["candidates"] == whole["counts"]["candidates"] > 0
    assert "0.1" in shared.ok("revisions", reviewer).stdout
    assessing = shared.ok("assess", reviewer, "--json", "--as-at", AS_AT)
    assert "without its restricted fields" in assessing.stderr  # told that risk resting on them is not shown
    assessed = json.loads(assessing.stdout)
    assert len(assessed["candidates"]) == whole["counts"]["candidates"]
    edition = tmp_path / "ro.pdf"
    shared.ok("export", reviewer, "--edition", "returning-officer", "-o", edition)
    assert edition.stat().st_size > 10_000
    national = tmp_path / "national.json"
    shared.ok("national", reviewer, "-o", national, "--as-at", AS_AT)
    assert json.loads(national.read_text())["totals"]["forces"] == 1
    # What the reviewer's login reads has every restricted value blank, whatever the plan holds.
    with open_store(reviewer, read_only=True) as plan, plan.session() as session:
        candidates = session.query(m.Candidate).all()
        assert candidates and all(c.home_address == "" and c.intelligence_notes == "" for c in candidates)
        assert session.query(m.ThreatReport).count() == 0 and session.query(m.AuditEntry).count() == 0
    with open_store(shared.url(), read_only=True) as plan, plan.session() as session:
        assert any(c.home_address for c in session.query(m.Candidate))


def test_a_reviewers_login_is_told_in_one_line_it_cannot_edit_and_nothing_changes(shared):
    says = shared.refused("edit", shared.url("ro"), "candidate", "1", "--set", "agent=Someone")
    assert "reviewer" in says and shared.login("ro") in says
    with open_store(shared.url(), read_only=True) as plan, plan.session() as session:
        assert session.get(m.Candidate, 1).agent != "Someone"


def test_an_editor_edits_and_issues_drafts_but_the_server_refuses_its_approval(shared):
    editor = shared.url("ed")
    shared.ok("edit", editor, "candidate", "1", "--set", "agent=Alice Byrne")
    shared.ok("revise", editor, "-m", "Draft after the nominations closed")
    says = shared.refused("--as", "Ch Supt A Okoro", "revise", editor, "-m", "Approved", "--approve")
    assert "electionplan_approver" in says and "nothing was changed" in says
    listed = shared.ok("revisions", editor).stdout
    assert "0.1" in listed and "1.0" not in listed
    assert f"[server: {shared.login('ed')} " in listed


def test_an_approvers_login_approves_and_the_server_records_who(shared):
    shared.ok("--as", "Ch Supt A Okoro", "revise", shared.url("ap"), "-m", "Approved for polling day", "--approve")
    line = next(line for line in shared.ok("revisions", shared.url("ed")).stdout.splitlines() if "1.0" in line)
    assert "approved" in line and f"[server: {shared.login('ap')} " in line


def test_grant_approver_refuses_a_reviewer_in_one_line(shared):
    says = shared.refused("store", "grant-approver", shared.url(), shared.login("ro"))
    assert "reviewer" in says


def _as_editor(shared: Store) -> psycopg.Connection:
    return psycopg.connect(shared.url("ed").split("?")[0], options="-c search_path=wyvern_2026,public",
                           autocommit=True)


def test_history_forged_from_an_editors_login_carries_the_real_login(shared):
    with _as_editor(shared) as db:
        db.execute("INSERT INTO audit_entry (at, who, action, entity, field, old, new, server_user, server_at) "
                   "VALUES ('2026-01-02 09:00', 'Ch Supt A Okoro', 'approve', 'Plan', '', '', 'forged', "
                   "'postgres', '2020-01-01')")
        db.execute("INSERT INTO review_comment (revision_number, reviewer, role, comments, recorded_at, source, "
                   "server_user) VALUES ('1.0', 'J Smith', 'Returning officer', 'Signed off', now(), '', 'ro')")
        db.execute("INSERT INTO revision (number, major, minor, issued_at, author, note, summary, approved, "
                   "content_hash, snapshot) VALUES ('0.9', 0, 9, now(), 'Ch Supt A Okoro', '', '', false, 'x', '{}')")
        stamped = db.execute("SELECT server_user, server_at > now() - interval '1 hour' FROM review_comment "
                             "UNION ALL SELECT server_user, server_at > now() - interval '1 hour' FROM revision "
                             "WHERE number = '0.9'").fetchall()
    assert stamped == [(shared.login("ed"), True)] * 2
    forged = next(line for line in shared.ok("audit", shared.url()).stdout.splitlines() if "forged" in line)
    assert f"[server: {shared.login('ed')} " in forged and "Ch Supt A Okoro" in forged  # the claim, beside the truth


def test_an_editors_login_can_neither_approve_rewrite_history_nor_set_a_sequence(shared):
    with _as_editor(shared) as db:
        for statement in (
            "INSERT INTO revision (number, major, minor, issued_at, author, note, summary, approved, content_hash, "
            "snapshot) VALUES ('1.0', 1, 0, now(), 'Ch Supt A Okoro', '', '', true, 'x', '{}')",
            "UPDATE audit_entry SET who = 'Someone Else'",
            "UPDATE plan SET approved_by = 'Ch Supt A Okoro'",
            "DELETE FROM revision",
            "SELECT setval('audit_entry_id_seq', 1)",
            "ALTER TABLE audit_entry DISABLE TRIGGER electionplan_stamp",
            "CREATE OR REPLACE FUNCTION electionplan_stamp() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                db.execute(statement)
    shared.ok("edit", shared.url("ed"), "candidate", "1", "--set", "agent=Still Audited")  # numbering is intact


def _server_stamp(line: str) -> str:
    return line.split("[server: ", 1)[1].rstrip("]")


def test_a_copied_plans_history_keeps_its_original_stamps_beside_the_copiers(shared):
    editor = shared.url("ed")
    shared.ok("edit", editor, "candidate", "1", "--set", "agent=Alice Byrne")
    shared.ok("revise", editor, "-m", "Draft by the deputy")
    source_revisions = shared.ok("revisions", shared.url()).stdout.splitlines()
    source_audit = shared.ok("audit", shared.url()).stdout.splitlines()
    drafted, edited = source_revisions[-1], next(line for line in source_audit if "Alice Byrne" in line)
    assert _server_stamp(drafted).startswith(f"{shared.login('ed')} ")  # as its own server stamped it
    # The sample came in from a plan file: its history was copied in, with no server's stamp before.
    from_file = next(line for line in source_audit if "Alice Byrne" not in line and "[server: " in line)
    assert _server_stamp(from_file).startswith("copied in by postgres ")
    assert _server_stamp(from_file).endswith(" from a plan with no server stamp")

    copied = shared.url().replace("plan=wyvern_2026", "plan=wyvern_2026_archive")
    shared.ok("copy", shared.url(), copied)
    copy_revisions = shared.ok("revisions", copied).stdout.splitlines()
    copy_audit = shared.ok("audit", copied).stdout.splitlines()
    assert len(copy_revisions) == len(source_revisions) and len(copy_audit) == len(source_audit)
    for original, copy in ((drafted, copy_revisions[-1]),
                           (edited, next(line for line in copy_audit if "Alice Byrne" in line))):
        # What the person claimed is unchanged; the server says who copied it and when, then what it said first.
        assert copy.split("[server: ")[0] == original.split("[server: ")[0]
        stamp = _server_stamp(copy)
        assert stamp.startswith("copied in by postgres ") and stamp.endswith(f"; originally {_server_stamp(original)}")
    # Copied again, the first server's stamp is still the original, not the first copy's.
    again = shared.url().replace("plan=wyvern_2026", "plan=wyvern_2026_again")
    shared.ok("copy", copied, again)
    assert _server_stamp(shared.ok("revisions", again).stdout.splitlines()[-1]).endswith(
        f"; originally {_server_stamp(drafted)}")


def test_an_editor_cannot_pass_a_forged_entry_off_as_copied(shared):
    with _as_editor(shared) as db:
        db.execute("SELECT set_config('electionplan.copying', 'on', false)")
        db.execute("INSERT INTO audit_entry (at, who, action, entity, field, old, new, original_user, original_at) "
                   "VALUES ('2026-01-02 09:00', 'Ch Supt A Okoro', 'approve', 'Plan', '', '', 'forged copy', "
                   "'a_okoro', '2026-01-02 09:00')")
    forged = next(line for line in shared.ok("audit", shared.url()).stdout.splitlines() if "forged copy" in line)
    assert _server_stamp(forged).startswith(f"{shared.login('ed')} ")
    assert "copied" not in _server_stamp(forged) and "a_okoro" not in forged
