"""The evaluation demo (issue 18, items 16 and 18): only the current period is open, the
earlier ones closed; no form is approved by someone who scored it."""

from __future__ import annotations

import random

from pr_desk.services import evaluation as ev
from pr_desk.services.evaluation.demo import build_demo
from pr_desk.services.evaluation.forms import scorers
from tests.services.evaluation.factories import staff


def _approved_by_a_scorer(db) -> list[str]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from pr_desk.data.evaluation.models import EvaluationForm
    from pr_desk.services.context import read

    with read(db) as session:
        forms = session.scalars(select(EvaluationForm).where(EvaluationForm.approved_by.is_not(None))).all()
        assert forms
        return [f.number for f in forms if f.approved_by in scorers(session, f)]


def test_demo_leaves_only_the_current_period_open_and_approves_with_other_eyes(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    staff(db, admin)
    build_demo(db, admin, size="small", rng=random.Random(1405))
    periods = ev.list_periods(db, admin)  # newest first
    assert len(periods) >= 3
    assert [p.status for p in periods] == ["open"] + ["closed"] * (len(periods) - 1)
    assert _approved_by_a_scorer(db) == []


def test_demo_with_only_an_administrator_leaves_forms_submitted(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    build_demo(db, admin, size="small", rng=random.Random(7))
    forms = ev.list_forms(db, admin)
    assert forms and not [f for f in forms if f.status is ev.FormStatus.APPROVED]
