"""Four eyes (issue 18, item 16): the person who approves an evaluation form is never one
who scored it; every role, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from pr_desk.domain.errors import PermissionDenied, UserError
from pr_desk.domain.roles import Role
from pr_desk.services import auth, users
from pr_desk.services import evaluation as ev
from tests.services.evaluation.factories import (
    PASSWORD,
    districts,
    full_scores,
    small_template,
    staff,
)

SENTENCE = "امتیازهای این فرم را خودتان ثبت کرده‌اید"


def _period(db, admin, people):  # type: ignore[no-untyped-def]
    template = small_template(db, admin)
    d1, d2, d3 = districts(db, admin)
    period = ev.open_period(db, people.supervisor, kind="half", year=1404, number=1, template_id=template.id,
                            unit_ids=[d1.id, d2.id, d3.id])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[d1.id, d2.id], inspector_id=people.inspector.user_id)
    return period, (d1, d2, d3)


def _scored(db, actor, period, unit):  # type: ignore[no-untyped-def]
    form = ev.open_form(db, actor, period_id=period.id, unit_id=unit.id)
    ev.save_scores(db, actor, form.id, lines=full_scores(form, ["8", "4", "15"]))
    return ev.submit_form(db, actor, form.id)


def test_whoever_scored_a_form_cannot_approve_it_whatever_their_role(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    users.add_user(db, admin, username="admin2", display_name="مدیر دوم", role=Role.ADMIN, password=PASSWORD)
    admin2 = auth.login(db, "admin2", PASSWORD)
    period, (d1, d2, d3) = _period(db, admin, people)

    # An administrator may score and may approve, but not the same form.
    own = _scored(db, admin, period, d3)
    assert admin.user_id in own.scored_by
    with pytest.raises(UserError, match=SENTENCE) as err:
        ev.approve_form(db, admin, own.id)
    assert err.value.field == "status"
    assert ev.get_form(db, admin, own.id).status is ev.FormStatus.SUBMITTED  # nothing changed
    assert ev.approve_form(db, admin2, own.id).status is ev.FormStatus.APPROVED  # another administrator may
    own2 = _scored(db, admin2, period, d2)
    assert ev.approve_form(db, people.supervisor, own2.id).approved_by_name == "مریم احمدی"

    # An inspector's form: neither the inspector nor a clerk approves (no right to); a
    # supervisor or an administrator who took no part does.
    form = _scored(db, people.inspector, period, d1)
    assert form.scored_by == frozenset({people.inspector.user_id})
    for who in (people.inspector, people.other_inspector, people.clerk):
        with pytest.raises(PermissionDenied):
            ev.approve_form(db, who, form.id)
    # A supervisor cannot score at all, so can never approve their own scoring.
    with pytest.raises(PermissionDenied):
        ev.save_scores(db, people.supervisor, form.id, lines=[])
    ev.return_form(db, people.supervisor, form.id, comments="مستندات کامل شود")

    # An administrator who changed one score of it is one of its scorers from then on.
    ev.save_scores(db, admin, form.id, lines=[ev.ScoreInput(form.lines[1].indicator_id, "4", "3", "")])
    resubmitted = ev.submit_form(db, people.inspector, form.id)
    assert resubmitted.scored_by == frozenset({people.inspector.user_id, admin.user_id})
    with pytest.raises(UserError, match=SENTENCE):
        ev.approve_form(db, admin, form.id)
    approved = ev.approve_form(db, admin2, form.id)
    assert approved.status is ev.FormStatus.APPROVED and approved.approved_by_name == "مدیر دوم"


def test_the_form_of_a_supervisor_approving_is_approved_and_a_revision_keeps_the_rule(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    period, (d1, _d2, _d3) = _period(db, admin, people)
    form = _scored(db, people.inspector, period, d1)
    approved = ev.approve_form(db, people.supervisor, form.id)
    assert approved.status is ev.FormStatus.APPROVED
    # The administrator corrects it: the revision's scores are theirs, so another approves it.
    revision = ev.revise_form(db, admin, form.id, reason="خطای ثبت")
    ev.submit_form(db, admin, revision.id)
    with pytest.raises(UserError, match=SENTENCE):
        ev.approve_form(db, admin, revision.id)
    assert ev.approve_form(db, people.supervisor, revision.id).status is ev.FormStatus.APPROVED
