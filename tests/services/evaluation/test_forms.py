"""Evaluation: templates and versions, periods and assignments, forms and their life,
permissions, wrong input and stale saves — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pr_desk.domain.errors import (
    NotFound,
    PermissionDenied,
    StaleRecord,
    UserError,
    ValidationError,
)
from pr_desk.services import evaluation as ev
from tests.services.evaluation.factories import districts, full_scores, small_template, staff

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_default_template_is_seeded_with_open_period_and_weighs_100(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    assert ev.list_templates(db, admin) == []
    period = ev.open_period(db, people.supervisor, kind="quarter", year=1404, number=2)
    assert (period.starts_on, period.ends_on) == (dt.date(2025, 6, 22), dt.date(2025, 9, 22))
    assert period.label == "سه‌ماهه دوم ۱۴۰۴" and period.code == "1404-Q2"
    template = ev.get_template(db, admin, period.template_id)
    assert template.name == ev.DEFAULT_TEMPLATE_NAME and template.total_weight == Decimal(100)
    assert len(template.axes) == 6 and all(a.indicators for a in template.axes)
    assert period.unit_count >= 22  # every district at least
    assert ev.ensure_default_template(db, admin).id == template.id  # not made twice
    with pytest.raises(UserError):
        ev.open_period(db, people.supervisor, kind="quarter", year=1404, number=2)
    with pytest.raises(UserError):
        ev.open_period(db, people.supervisor, kind="quarter", year=1404, number=5)
    with pytest.raises(PermissionDenied):
        ev.open_period(db, people.inspector, kind="half", year=1404, number=1)


def test_editing_a_template_in_use_makes_a_new_version(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    t1 = small_template(db, admin)
    axes = [ev.AxisInput(a.name, [ev.IndicatorInput(i.name, i.weight, i.max_score, i.guide, i.evidence_required) for i in a.indicators]) for a in t1.axes]
    # Not used yet: edited in place, same id, its version moves on.
    t1b = ev.update_template(db, admin, t1.id, name=t1.name, axes=axes[:1], expected_version=t1.version)
    assert t1b.id == t1.id and t1b.template_version == 1 and len(t1b.axes) == 1 and t1b.version > t1.version
    with pytest.raises(StaleRecord):
        ev.update_template(db, admin, t1.id, name=t1.name, axes=axes, expected_version=t1.version)
    period = ev.open_period(db, people.supervisor, kind="year", year=1403, template_id=t1.id, unit_ids=[u.id for u in districts(db, admin, 1)])
    t2 = ev.update_template(db, admin, t1.id, name=t1.name, axes=axes, expected_version=t1b.version)
    assert t2.id != t1.id and t2.template_version == 2 and t2.supersedes_id == t1.id and len(t2.axes) == 2
    assert ev.get_template(db, admin, t1.id).status == "superseded"
    assert ev.get_period(db, admin, period.id).template_id == t1.id  # the period keeps its version
    assert [t.id for t in ev.list_templates(db, admin)] == [t2.id]
    with pytest.raises(UserError):
        ev.update_template(db, admin, t1.id, name="x", axes=axes)  # an old version is not edited
    with pytest.raises(PermissionDenied):
        ev.create_template(db, people.supervisor, name="x", axes=axes)
    bad = [ev.AxisInput("محور", [ev.IndicatorInput("شاخص", "-1", "10")])]
    with pytest.raises(UserError) as err:
        ev.create_template(db, admin, name="بد", axes=bad)
    assert err.value.field == "axes[0].indicators[0].weight"


def test_form_life_scores_submit_approve_lock_revise(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    template = small_template(db, admin)
    d1, d2, _d3 = districts(db, admin)
    period = ev.open_period(db, people.supervisor, kind="half", year=1404, number=1, template_id=template.id, unit_ids=[d1.id, d2.id])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[d1.id], inspector_id=people.inspector.user_id)

    form = ev.open_form(db, people.inspector, period_id=period.id, unit_id=d1.id)
    assert form.status is ev.FormStatus.DRAFT and form.form.number.startswith("EVA-1404-")
    assert form.inspector_name == "حسین کریمی"
    # 6×8/10 + 4×5/5 + 10×15/20 = 4.8 + 4 + 7.5 = 16.3 of 20 → 81.50
    saved = ev.save_scores(db, people.inspector, form.id, lines=full_scores(form, ["8", "۵", "15"], ["9", "5", "20"]), expected_version=form.version)
    assert saved.form.total == Decimal("81.50") and saved.form.self_total == Decimal("97.00")
    assert saved.gap == Decimal("15.50") and saved.form.grade is ev.Grade.GOOD
    assert {a.name: a.inspector_score for a in saved.axes} == {"پوشش خبری": Decimal("88.00"), "آموزش": Decimal("75.00")}
    with pytest.raises(StaleRecord):
        ev.save_scores(db, people.inspector, form.id, lines=full_scores(form, ["1", "1", "1"]), expected_version=form.version)

    ev.add_attachment(db, people.inspector, form.id, file_name="photo.png", content=PNG, indicator_id=form.lines[0].indicator_id)
    visit = ev.save_field_visit(db, people.inspector, form.id, visited_on="1404/03/10", people_met="مدیر روابط عمومی",
                                findings="بولتن منظم", recommendations="آموزش بیشتر")
    assert visit.visited_on == dt.date(2025, 5, 31)

    with pytest.raises(PermissionDenied):
        ev.approve_form(db, people.inspector, form.id)  # only a supervisor approves
    submitted = ev.submit_form(db, people.inspector, form.id)
    assert submitted.status is ev.FormStatus.SUBMITTED and submitted.submitted_by_name == "حسین کریمی"
    with pytest.raises(UserError):
        ev.save_scores(db, people.inspector, form.id, lines=full_scores(form, ["1", "1", "1"]))  # submitted: locked
    returned = ev.return_form(db, people.supervisor, form.id, comments="مستندات پایش رسانه کامل شود")
    assert returned.status is ev.FormStatus.RETURNED and returned.return_comments
    edited = ev.save_scores(db, people.inspector, form.id, lines=[ev.ScoreInput(form.lines[1].indicator_id, "5", "4", "")])
    assert edited.status is ev.FormStatus.DRAFT  # a returned form goes back to draft when edited
    ev.submit_form(db, people.inspector, form.id)
    approved = ev.approve_form(db, people.supervisor, form.id)
    assert approved.status is ev.FormStatus.APPROVED and not approved.editable and approved.approved_by_name == "مریم احمدی"

    with pytest.raises(UserError, match="تأیید"):
        ev.save_scores(db, people.inspector, form.id, lines=full_scores(form, ["1", "1", "1"]))  # approved: locked
    with pytest.raises(UserError):
        ev.add_attachment(db, people.inspector, form.id, file_name="p.png", content=PNG)
    with pytest.raises(UserError):
        ev.revise_form(db, people.inspector, form.id, reason="  ")  # a revision needs its reason
    revision = ev.revise_form(db, people.inspector, form.id, reason="خطای ثبت امتیاز آموزش")
    assert revision.form.revision == 2 and revision.form.number == form.form.number + "-2"
    assert revision.revision_of_id == form.id and revision.status is ev.FormStatus.DRAFT
    assert len(revision.attachments) == 1 and len(revision.visits) == 1
    old = ev.get_form(db, admin, form.id)
    assert old.status is ev.FormStatus.APPROVED and not old.form.is_current and old.form.total == approved.form.total
    assert [f.revision for f in ev.form_revisions(db, admin, form.id)] == [1, 2]
    # While the revision is a draft, the approved revision still stands as the result.
    results = {r.unit_id: r for r in ev.period_results(db, people.supervisor, period_id=period.id)}
    assert results[d1.id].total == approved.form.total and results[d1.id].rank == 1
    assert results[d2.id].total is None and results[d2.id].rank is None


def test_wrong_scores_are_refused_and_nothing_is_saved(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    template = small_template(db, admin)
    (d1,) = districts(db, admin, 1)
    period = ev.open_period(db, people.supervisor, kind="quarter", year=1404, number=1, template_id=template.id, unit_ids=[d1.id])
    form = ev.open_form(db, admin, period_id=period.id, unit_id=d1.id)
    first = form.lines[0].indicator_id
    for bad, words in (("11", "بیشتر"), ("-1", "کمتر"), ("7.125", "دو رقم"), ("هفت", "عدد")):
        with pytest.raises(ValidationError) as err:
            ev.save_scores(db, admin, form.id, lines=[ev.ScoreInput(first, "5", bad)])
        assert words in err.value.translated(), err.value.translated()
        assert err.value.field == "lines[0].inspector_score"
    assert ev.get_form(db, admin, form.id).version == form.version  # nothing was written
    # Missing scores and missing required evidence block the submit.
    ev.save_scores(db, admin, form.id, lines=[ev.ScoreInput(first, "5", "7", "")])
    with pytest.raises(ValidationError) as err:
        ev.submit_form(db, admin, form.id)
    assert set(err.value.problems) == {"lines[0].evidence_note", "lines[1].inspector_score", "lines[2].inspector_score"}
    with pytest.raises(UserError):
        ev.add_attachment(db, admin, form.id, file_name="virus.png", content=b"MZ\x90\x00" + b"\x00" * 40)
    with pytest.raises(UserError):
        ev.add_attachment(db, admin, form.id, file_name="big.pdf", content=b"%PDF-" + b"\x00" * (5 * 1024 * 1024))
    info = ev.add_attachment(db, admin, form.id, file_name="گزارش.pdf", content=b"%PDF-1.4 evidence", indicator_id=first)
    assert info.mime_type == "application/pdf"
    ev.save_scores(db, admin, form.id, lines=[ev.ScoreInput(form.lines[1].indicator_id, None, "0"),
                                                ev.ScoreInput(form.lines[2].indicator_id, None, "20")])
    assert ev.submit_form(db, admin, form.id).status is ev.FormStatus.SUBMITTED  # the file is the evidence


def test_an_evidence_note_too_long_is_refused_not_cut(office) -> None:  # type: ignore[no-untyped-def]
    """A pasted note longer than the limit was saved cut at 4,000 characters without a word:
    it is refused on its line (like a bad score), nothing written; at the limit it is kept whole."""
    from pr_desk.services.evaluation.forms import MAX_NOTE

    db, admin = office
    template = small_template(db, admin)
    (d1,) = districts(db, admin, 1)
    period = ev.open_period(db, admin, kind="quarter", year=1404, number=1, template_id=template.id, unit_ids=[d1.id])
    form = ev.open_form(db, admin, period_id=period.id, unit_id=d1.id)
    first, second = form.lines[0].indicator_id, form.lines[1].indicator_id
    with pytest.raises(ValidationError) as err:
        ev.save_scores(db, admin, form.id, lines=[ev.ScoreInput(first, "5", "7", "گزارش " * 700),
                                                  ev.ScoreInput(second, None, "3", "کوتاه")])
    assert set(err.value.problems) == {"lines[0].evidence_note"}
    assert form.lines[0].name in err.value.problems["lines[0].evidence_note"]
    assert ev.get_form(db, admin, form.id).version == form.version  # nothing was written
    whole = "ن" * MAX_NOTE
    saved = ev.save_scores(db, admin, form.id, lines=[ev.ScoreInput(first, "5", "7", whole)])
    assert saved.lines[0].evidence_note == whole


def test_inspectors_see_and_edit_only_their_units_and_clerks_read(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    template = small_template(db, admin)
    d1, d2, d3 = districts(db, admin)
    period = ev.open_period(db, people.supervisor, kind="year", year=1404, template_id=template.id, unit_ids=[d1.id, d2.id, d3.id])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[d1.id, d2.id], inspector_id=people.inspector.user_id)
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[d3.id], inspector_id=people.other_inspector.user_id)
    with pytest.raises(UserError):
        ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[d1.id], inspector_id=people.clerk.user_id)
    mine = ev.open_form(db, people.inspector, period_id=period.id, unit_id=d1.id)
    with pytest.raises(PermissionDenied):
        ev.open_form(db, people.inspector, period_id=period.id, unit_id=d3.id)
    theirs = ev.open_form(db, people.other_inspector, period_id=period.id, unit_id=d3.id)
    with pytest.raises(PermissionDenied):
        ev.get_form(db, people.inspector, theirs.id)
    with pytest.raises(PermissionDenied):
        ev.save_scores(db, people.inspector, theirs.id, lines=[])
    assert [f.id for f in ev.list_forms(db, people.inspector)] == [mine.id]
    assert ev.count_forms(db, people.inspector) == 1 and ev.count_forms(db, people.clerk) == 2
    assert [p.unit_id for p in ev.period_progress(db, people.inspector, period_id=period.id)] == [d1.id, d2.id]
    summary = ev.progress_summary(db, people.supervisor, period_id=period.id)
    assert (summary.not_started, summary.draft, summary.total) == (1, 2, 3)
    assert ev.get_form(db, people.clerk, mine.id).id == mine.id  # clerks read
    with pytest.raises(PermissionDenied):
        ev.save_scores(db, people.clerk, mine.id, lines=[])
    with pytest.raises(PermissionDenied):
        ev.open_form(db, people.clerk, period_id=period.id, unit_id=d2.id)
    with pytest.raises(NotFound):
        ev.find_period(db, people.clerk, "1399-Y")
    assert ev.find_period(db, people.clerk, "۱۴۰۴-y").id == period.id
