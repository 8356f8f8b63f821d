"""A returning officer's sign-off binds to the revision it was given: altered or misdirected forms are refused."""

from __future__ import annotations

import shutil

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject
from sqlalchemy import select

from electionplan.db import models as m
from electionplan.db.opening import open_store
from electionplan.db.queries import get_plan_row, plan_pack_key
from electionplan.domain.packs import DECISIONS, NO_DECISION, binding_fields, review_binding
from tests.conftest import SAMPLE_PLAN_NAME, call_cli, database_copy_of, pdf_pages, plan_sql

LONG_COMMENT = "Please move the count's search regime to the north door. " * 40  # far over 100 characters


def _export(cli, plan, target, *extra):
    result = cli("export", plan, "-o", target, "--edition", "returning-officer", *extra)
    assert result.returncode == 0, result.stderr
    return target


def _fill(source, target, **values):
    """The form filled in and saved as a PDF reader saves it: the changes appended to the file as it was."""
    writer = PdfWriter(str(source), incremental=True)
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.write(target)
    return target


def _comments(plan) -> list[tuple[str, str]]:
    with open_store(plan, read_only=True) as store, store.session() as session:
        return [(c.revision_number, c.comments) for c in session.scalars(select(m.ReviewComment))]


@pytest.fixture(scope="module")
def issued_template(sample_plan_template, tmp_path_factory):
    """The sample with revision 0.1 issued and its returning officer's edition exported, made once a module."""
    from tests.core.pairs import as_test_user

    folder = tmp_path_factory.mktemp("issued")
    plan = folder / "sample.eplan"
    shutil.copyfile(sample_plan_template, plan)
    with as_test_user(folder):
        assert call_cli("revise", plan, "-m", "For the returning officer").returncode == 0
        return plan, _export(call_cli, plan, folder / "ro-0.1.pdf", "--revision", "0.1")


@pytest.fixture
def issued(store, issued_template, tmp_path, request):
    """A copy of the issued sample (a file, or on the database run the same plan in PostgreSQL, whose revision's
    content must hash alike for the form to come back) and a copy of its form."""
    template, form = issued_template
    if store == "postgresql":
        plan = database_copy_of(request, template, SAMPLE_PLAN_NAME)
    else:
        plan = tmp_path / "sample.eplan"
        shutil.copyfile(template, plan)
    shutil.copyfile(form, tmp_path / form.name)
    return plan, tmp_path / form.name


def test_the_form_offers_a_decision_and_takes_comments_of_any_length(issued):
    _, form = issued
    fields = PdfReader(str(form)).get_fields()
    decision = fields["ro_decision"]
    assert decision["/FT"] == "/Ch" and [str(o) for o in decision["/Opt"]] == [NO_DECISION, *DECISIONS]
    assert "/MaxLen" not in fields["ro_comments"] and fields["ro_comments"]["/Ff"] & 4096  # multi-line
    assert "revision=0.1;edition=returning-officer;hash=" in str(fields["ro_binding"]["/V"])


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
@pytest.mark.store_once
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


def _recorded(plan) -> int:
    """How many reviews the plan holds, counted in its own table."""
    db = plan_sql(plan)
    try:
        return db.execute("SELECT COUNT(*) FROM review_comment").fetchone()[0]
    finally:
        db.close()


def _refused(result, *phrases: str) -> str:
    """The import failed, saying so in one line that carries each phrase."""
    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0 and len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert all(phrase in lines[0] for phrase in phrases), lines[0]
    return lines[0]


def test_the_same_form_imported_twice_is_recorded_once(issued, cli, tmp_path):
    plan, form = issued
    filled = _fill(form, tmp_path / "RO.pdf", ro_name="Helen Carraway", ro_decision="Approved", ro_comments="Fine.")
    assert cli("import", plan, "review", filled).returncode == 0
    _refused(cli("import", plan, "review", filled), "RO.pdf is already recorded", "revision 0.1")
    renamed = tmp_path / "RO copy.pdf"
    shutil.copyfile(filled, renamed)  # the same form under another name is the same review
    _refused(cli("import", plan, "review", renamed), "already recorded")
    assert _recorded(plan) == 1
    # The same reviewer changing their mind on the same revision is a second review, and is recorded.
    second = _fill(form, tmp_path / "RO-2.pdf", ro_name="Helen Carraway", ro_decision="Not approved",
                   ro_comments="On reflection, the count needs a second search arch.")
    assert cli("import", plan, "review", second).returncode == 0
    assert _recorded(plan) == 2


@pytest.mark.parametrize(("values", "phrase"), [
    ({"ro_name": "Helen Carraway", "ro_comments": "Fine."}, "the form has no decision chosen; choose Approved"),
    ({"ro_name": "Helen Carraway", "ro_decision": NO_DECISION, "ro_comments": "Fine."}, "no decision chosen"),
    ({"ro_decision": "Approved", "ro_comments": "Fine."}, "the form has no reviewer's name"),
    ({"ro_name": "   ", "ro_decision": "Approved"}, "no reviewer's name"),
], ids=["no-decision", "not-yet-decided", "no-name", "blank-name"])
@pytest.mark.store_once
def test_a_form_without_a_decision_or_a_name_is_refused(issued, cli, tmp_path, values, phrase):
    plan, form = issued
    filled = _fill(form, tmp_path / "RO.pdf", **values)
    _refused(cli("import", plan, "review", filled), f"RO.pdf: {phrase}" if phrase.startswith("the form") else phrase)
    assert _recorded(plan) == 0


def test_only_the_returning_officers_edition_carries_a_form_and_its_seal_names_the_edition(issued, cli, tmp_path):
    plan, form = issued
    police = cli("export", plan, "-o", tmp_path / "police.pdf", "--revision", "0.1", "--edition", "police")
    assert police.returncode == 0, police.stderr
    assert not PdfReader(str(tmp_path / "police.pdf")).get_fields()  # nothing to return
    # A form sealed for another edition (as an old police edition's was), relabelled as the returning officer's.
    with open_store(plan, read_only=True) as store, store.session() as session:
        key, reference = plan_pack_key(session), get_plan_row(session).reference
    binding = str(PdfReader(str(form)).get_fields()["ro_binding"]["/V"])
    content = binding_fields(binding)["hash"]
    filled = _fill(form, tmp_path / "filled.pdf", ro_name="Helen Carraway", ro_decision="Approved", ro_comments="Fine.")
    relabelled = _rebind(filled, tmp_path / "relabelled.pdf", binding,
                         review_binding(key, reference, "0.1", content, "police"))
    result = cli("import", plan, "review", relabelled)
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1 and "altered" in result.stderr
    assert _recorded(plan) == 0
    assert cli("import", plan, "review", filled).returncode == 0 and _recorded(plan) == 1


def test_a_form_for_a_revision_not_in_the_plan_says_so(issued, cli, tmp_path):
    plan, form = issued
    filled = _fill(form, tmp_path / "RO.pdf", ro_name="Helen Carraway", ro_decision="Approved", ro_comments="Fine.")
    with open_store(plan) as store, store.session(write=True) as session:
        session.query(m.Revision).delete()
    message = _refused(cli("import", plan, "review", filled), "revision 0.1, which is not in this plan",
                       "made from another plan")
    assert "different content" not in message and "altered" not in message
    assert _recorded(plan) == 0


@pytest.mark.parametrize("issued_first", [False, True], ids=["no-revision-yet", "revision-plus-changes"])
def test_a_form_from_the_working_draft_says_only_an_issued_revision_can_be_signed_off(
        sample_plan_path, cli, tmp_path, issued_first):
    plan = sample_plan_path
    if issued_first:
        assert cli("revise", plan, "-m", "First issue").returncode == 0
    draft = _export(cli, plan, tmp_path / "draft.pdf")
    filled = _fill(draft, tmp_path / "RO.pdf", ro_name="Helen Carraway", ro_decision="Approved", ro_comments="Fine.")
    message = _refused(cli("import", plan, "review", filled), "RO.pdf was made from the plan's unissued working draft",
                       "only an issued revision can be signed off")
    assert "altered" not in message
    assert _recorded(plan) == 0


def test_the_forms_fields_are_set_in_the_whole_embedded_dejavu_font_and_welsh_names_come_back(issued, cli, tmp_path):
    from electionplan.report.fonts import register_fonts

    plan, form = issued
    reader = PdfReader(str(form))
    acro = reader.trailer["/Root"]["/AcroForm"]
    font = acro["/DR"]["/Font"]["/DejaVu"].get_object()
    assert font["/Subtype"] == "/TrueType" and font["/BaseFont"] == "/DejaVuSans"
    embedded = font["/FontDescriptor"]["/FontFile2"].get_object()
    register_fonts()
    from reportlab.pdfbase import pdfmetrics

    whole = open(pdfmetrics.getFont("DejaVuSans").face.filename, "rb").read()
    assert embedded.get_data() == whole  # the whole font, so whatever is typed later can be shown
    differences = [str(item) for item in font["/Encoding"]["/Differences"]]
    assert {"/wcircumflex", "/ycircumflex", "/Wcircumflex", "/Ycircumflex"} <= set(differences)
    visible = [f.get_object() for f in acro["/Fields"] if f.get_object()["/T"] != "ro_binding"]
    assert len(visible) == 5 and all(f["/DA"].startswith("/DejaVu ") for f in visible)
    filled = _fill(form, tmp_path / "filled.pdf", ro_name="Rhŷs ap Gruffydd", ro_decision="Approved",
                   ro_comments="Diolch. Gŵyl count arrangements are sound.", ro_date="06/01/2027")
    assert cli("import", plan, "review", filled).returncode == 0
    with open_store(plan, read_only=True) as store, store.session() as session:
        (review,) = session.scalars(select(m.ReviewComment))
        assert review.reviewer == "Rhŷs ap Gruffydd" and "Gŵyl" in review.comments


def test_a_form_resaved_by_a_program_that_drops_the_documents_properties_still_comes_back(issued, cli, tmp_path):
    plan, form = issued
    filled = _fill(form, tmp_path / "filled.pdf", ro_name="Helen Carraway", ro_decision="Approved",
                   ro_comments="Content.", ro_date="06/01/2027")
    writer = PdfWriter()
    writer.append(PdfReader(str(filled)))
    resaved = tmp_path / "resaved.pdf"
    writer.write(resaved)
    assert "ref=" not in str((PdfReader(str(resaved)).metadata or {}).get("/Keywords", ""))
    result = cli("import", plan, "review", resaved)
    assert result.returncode == 0, result.stderr
    assert _comments(plan) == [("0.1", "Decision: Approved. Content.")]


def test_the_one_line_fields_take_as_much_as_the_importer_does(issued):
    from electionplan.domain.packs import SIGN_OFF_LIMITS

    _, form = issued
    widgets = {str(a.get_object()["/T"]): a.get_object() for page in PdfReader(str(form)).pages
               for a in page.get("/Annots", [])}
    assert {name: int(widgets[name]["/MaxLen"]) for name in SIGN_OFF_LIMITS} == SIGN_OFF_LIMITS


def test_the_working_drafts_form_says_it_cannot_be_returned(sample_plan_path, cli, tmp_path):
    text = " ".join(" ".join(pdf_pages(_export(cli, sample_plan_path, tmp_path / "draft.pdf"))[-2:]).split())
    assert "A draft cannot be signed off: this form cannot be returned" in text
    assert "read back into the plan against this revision" not in text


def test_a_protected_form_is_refused_saying_so_and_a_name_with_control_characters_is_kept_readable(
        issued, cli, tmp_path):
    plan, form = issued
    filled = _fill(form, tmp_path / "filled.pdf", ro_name="Jane\x1b[31m Carraway\u202e", ro_decision="Approved",
                   ro_date="06/01/2027")
    # A security policy's permissions lock: anyone may open it, but it is encrypted.
    locked = PdfWriter(clone_from=str(filled))
    locked.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    locked.write(tmp_path / "locked.pdf")
    refused = cli("import", plan, "review", tmp_path / "locked.pdf")
    assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1
    assert "is protected (encrypted)" in refused.stderr and "save it again without security" in refused.stderr
    assert _comments(plan) == []
    assert cli("import", plan, "review", filled).returncode == 0
    with open_store(plan, read_only=True) as store, store.session() as session:
        [reviewer] = session.scalars(select(m.ReviewComment.reviewer)).all()
    assert reviewer == "Jane[31m Carraway"  # the escape and the reordering mark are gone
    again = cli("import", plan, "review", filled)
    assert again.returncode == 1 and "already recorded" in again.stderr
