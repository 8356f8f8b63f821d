"""A returning officer's sign-off binds to the revision it was given: altered or misdirected forms are refused."""

from __future__ import annotations

import shutil

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject
from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.opening import open_store
from electionplan.domain.packs import DECISIONS, NO_DECISION

LONG_COMMENT = "Please move the count's search regime to the north door. " * 40  # far over 100 characters


def _export(cli, plan, target, *extra):
    result = cli("export", plan, "-o", target, "--edition", "returning-officer", *extra)
    assert result.returncode == 0, result.stderr
    return target


def _fill(source, target, **values):
    writer = PdfWriter(clone_from=str(source))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.write(target)
    return target


def _comments(plan) -> list[tuple[str, str]]:
    with open_store(plan, read_only=True) as store, store.session() as session:
        return [(c.revision_number, c.comments) for c in session.scalars(select(m.ReviewComment))]


@pytest.fixture
def issued(sample_plan_path, cli, tmp_path):
    assert cli("revise", sample_plan_path, "-m", "For the returning officer").returncode == 0
    return sample_plan_path, _export(cli, sample_plan_path, tmp_path / "ro-0.1.pdf", "--revision", "0.1")


def test_the_form_offers_a_decision_and_takes_comments_of_any_length(issued):
    _, form = issued
    fields = PdfReader(str(form)).get_fields()
    decision = fields["ro_decision"]
    assert decision["/FT"] == "/Ch" and [str(o) for o in decision["/Opt"]] == [NO_DECISION, *DECISIONS]
    assert "/MaxLen" not in fields["ro_comments"] and fields["ro_comments"]["/Ff"] & 4096  # multi-line
    assert "revision=0.1;hash=" in str(fields["ro_binding"]["/V"])


def test_a_filled_form_comes_back_against_its_revision_whole(issued, cli, tmp_path):
    plan, form = issued
    filled = _fill(form, tmp_path / "filled.pdf", ro_name="Helen Carraway", ro_decision="Approved with comments",
                   ro_comments=LONG_COMMENT, ro_date="06/01/2027")
    result = cli("import", plan, "review", filled)
    assert result.returncode == 0, result.stderr
    [(revision, text)] = _comments(plan)
    assert revision == "0.1" and text == f"Decision: Approved with comments. {LONG_COMMENT.strip()}"


def _rebind(source, target, old: str, new: str):
    """The binding edited in place, as someone trying to move a sign-off to another revision would."""
    writer = PdfWriter(clone_from=str(source))
    for page in writer.pages:
        for annotation in page.get("/Annots") or []:
            field = annotation.get_object()
            if field.get("/T") == "ro_binding":
                field[NameObject("/V")] = TextStringObject(str(field["/V"]).replace(old, new))
    writer.write(target)
    return target


def _rekey(source, target, old: str, new: str):
    writer = PdfWriter(clone_from=str(source))
    keywords = str(PdfReader(str(source)).metadata.get("/Keywords"))
    writer.add_metadata({"/Keywords": keywords.replace(old, new)})
    writer.write(target)
    return target


@pytest.mark.parametrize("tamper", ["keywords", "binding", "decision"])
def test_an_altered_form_is_refused_in_one_line_and_records_nothing(issued, cli, tmp_path, tamper):
    plan, form = issued
    assert cli("revise", plan, "-m", "Second issue").returncode == 0
    filled = _fill(form, tmp_path / "filled.pdf", ro_name="Helen Carraway", ro_comments="Fine.",
                   ro_decision="Approved")
    altered = tmp_path / "altered.pdf"
    if tamper == "keywords":
        _rekey(filled, altered, "revision=0.1", "revision=0.2")
    elif tamper == "binding":
        _rebind(filled, altered, "revision=0.1", "revision=0.2")
    else:
        _fill(filled, altered, ro_decision="Rubber-stamped")
    result = cli("import", plan, "review", altered)
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert ("Rubber-stamped" in result.stderr and "is not one of" in result.stderr) if tamper == "decision" \
        else "altered" in result.stderr
    assert _comments(plan) == []


@pytest.mark.file_store  # a copy of the plan file, diverging from the original
def test_a_form_for_other_content_under_the_same_number_is_refused(issued, cli, tmp_path):
    plan, form = issued
    # A copy of the plan made before that revision, which then issues a different 0.1 of its own.
    with open_store(plan) as store, store.session(write=True) as session:
        session.query(m.Revision).delete()
    other = tmp_path / "other.eplan"
    shutil.copyfile(plan, other)
    assert cli("edit", other, "candidate", "1", "--set", "police_contact=PC Someone Else").returncode == 0
    assert cli("revise", other, "-m", "A different 0.1").returncode == 0
    filled = _fill(form, tmp_path / "filled.pdf", ro_name="Helen Carraway", ro_comments="Fine.")
    result = cli("import", other, "review", filled)
    assert result.returncode == 1 and "holds different content" in result.stderr
    assert _comments(other) == []
