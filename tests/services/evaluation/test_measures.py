"""Objective measures on SQLite and PostgreSQL: indicators bound to figures computed from real
directives (issued, distributed, acknowledged on time, late or not at all, amended, their
evidence accepted or not) and real meeting orders (closed in time, late, rejected, open);
the exact percentages and suggested scores; accepting through the forms' save path,
overriding only with a reason; bindings kept across template edits; and a field copy that
says the figures are not available, while the synced tables keep their shape."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from pr_desk.domain.errors import PermissionDenied, StaleRecord, UserError
from pr_desk.domain.measures import OFFICE_ONLY, Measure
from pr_desk.i18n import _
from pr_desk.services import directives as dv
from pr_desk.services import evaluation as ev
from pr_desk.services import units
from pr_desk.services.evaluation import measures as em
from pr_desk.services.meetings import orders as mo
from pr_desk.services.meetings import requests as mr
from pr_desk.services.meetings import sessions as ms
from tests.services.evaluation.factories import staff
from tests.services.meetings.factories import national_code

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The synced tables' shape since migration 0010 (the calibration columns of the evaluation
# assignments and forms; SYNC_COMPATIBLE_FROM = "0010"). The objective measures stay
# office-only: they must not change it. A migration that changes a synced table moves this on purpose.
FINGERPRINT = "1746f335a71c028d869cd490de9c5a7073b35b4e70f7d486fe1cd987bd6ef783"
D = dt.date  # the period is 1405 Q2: 2026-06-22 .. 2026-09-22


def _issued(db, people, title: str, on: dt.date):  # type: ignore[no-untyped-def]
    kinds = dv.ensure_default_kinds(db, people.clerk)
    d = dv.create_directive(db, people.clerk, kind_id=kinds[0].id, title=title, issuer="معاونت روابط عمومی", body="ماده ۱ - ...",
                            approved_on=on - dt.timedelta(days=7))
    d = dv.submit(db, people.clerk, d.info.id, expected_version=d.latest.version)
    d = dv.approve(db, people.supervisor, d.info.id, expected_version=d.latest.version)
    return dv.issue(db, people.supervisor, d.info.id, expected_version=d.latest.version, issued_on=on)


def _recipient(db, people, directive_id, unit_id):  # type: ignore[no-untyped-def]
    return next(r for r in dv.list_recipients(db, people.clerk, directive_id) if r.unit_id == unit_id)


def _directives(db, people, unit, other) -> None:  # type: ignore[no-untyped-def]
    """For `unit`, communicated in the period: d1 on time, then evidence not accepted; d2
    acknowledged late; d3 never; d4 on time, evidence accepted; d7 on time for version 1,
    then amended (version 2 not acknowledged). Outside the period: d5 (before), d6 (after)."""
    plan = [("d1", D(2026, 7, 1), D(2026, 7, 4)), ("d2", D(2026, 7, 5), D(2026, 8, 20)), ("d3", D(2026, 8, 1), None),
            ("d4", D(2026, 9, 1), D(2026, 9, 2)), ("d5", D(2026, 5, 1), D(2026, 5, 2)), ("d6", D(2026, 10, 1), D(2026, 10, 2)),
            ("d7", D(2026, 7, 10), D(2026, 7, 11))]
    made = {}
    for name, sent, acked in plan:
        d = _issued(db, people, f"دستورالعمل {name}", D(2026, 4, 1))
        made[name] = d
        dv.distribute(db, people.clerk, d.info.id, unit_ids=[unit.id, other.id], communicated_on=sent, impl_due=sent + dt.timedelta(days=30))
        if acked is not None:
            dv.acknowledge(db, people.clerk, d.info.id, unit.id, by_name="زهرا کاظمی", by_post="مدیر روابط عمومی", on=acked)
        dv.acknowledge(db, people.clerk, d.info.id, other.id, by_name="رضا نوری", on=sent)  # the other unit: always in time
    for name, verdict in (("d1", "not_accepted"), ("d4", "accepted")):
        r = _recipient(db, people, made[name].info.id, unit.id)
        r = dv.record_implementation(db, people.clerk, r.id, expected_version=r.version, on=D(2026, 9, 10), note="برگزاری کارگاه",
                                     evidence_name="گزارش.pdf", evidence=PDF)
        dv.check_evidence(db, people.supervisor, r.id, expected_version=r.version, verdict=verdict,
                          reason="" if verdict == "accepted" else "گزارش ناقص است")
    d7 = made["d7"]
    d7 = dv.amend(db, people.clerk, d7.info.id, change_note="ماده ۲ افزوده شد", body="ماده ۱\nماده ۲")
    d7 = dv.submit(db, people.clerk, d7.info.id, expected_version=d7.latest.version)
    d7 = dv.approve(db, people.supervisor, d7.info.id, expected_version=d7.latest.version)
    dv.issue(db, people.supervisor, d7.info.id, expected_version=d7.latest.version)


def _orders(db, admin, people, unit, other) -> None:  # type: ignore[no-untyped-def]
    """For `unit`, due in the period: one done in time, one rejected (closed) in time, one
    done late, one still open. Due after the period: one; for the other unit: one."""
    mayor = mr.add_official(db, admin, name="شهردار", title="شهردار منطقه ۱", district=1)
    c = mr.add_citizen(db, people.clerk, national_code=national_code(4321), first_name="نرگس", last_name="صالحی", mobile="09120000011", district=1)
    req = mr.register_request(db, people.clerk, citizen_id=c.id, official_id=mayor.id, subject_category="traffic", channel="phone",
                              description="ترافیک خیابان").request
    s = ms.create_session(db, people.clerk, official_id=mayor.id, session_date="۱۴۰۵/۰۹/۱۰", start_time="09:00", end_time="11:00",
                          place="سالن جلسات", capacity=1)
    entry = ms.fill_session(db, people.clerk, session_id=s.id)[0]
    ms.check_in(db, people.clerk, entry_id=entry.id)
    ms.call_next(db, people.clerk, session_id=s.id)
    ms.finish_meeting(db, people.clerk, entry_id=entry.id)
    given = D(2026, 7, 1)
    plan = [(unit, D(2026, 7, 10), "done", D(2026, 7, 9)), (unit, D(2026, 8, 1), "rejected", D(2026, 8, 1)),
            (unit, D(2026, 8, 15), "done", D(2026, 8, 30)), (unit, D(2026, 9, 1), None, None),
            (unit, D(2026, 10, 1), "done", D(2026, 9, 1)), (other, D(2026, 8, 1), None, None)]
    for n, (u, due, closed, on) in enumerate(plan):
        o = mo.add_order(db, people.clerk, request_id=req.id, text=f"دستور {n}", unit_id=u.id, due_date=due, given_on=given)
        if closed == "done":
            mo.complete_order(db, people.clerk, order_id=o.id, done_on=on, expected_version=o.version)
        elif closed == "rejected":
            mo.reject_order(db, people.clerk, order_id=o.id, reason="خارج از اختیار منطقه", done_on=on, expected_version=o.version)


def _template(db, admin):  # type: ignore[no-untyped-def]
    return ev.create_template(db, admin, name="الگوی سنجه‌ها", axes=[
        ev.AxisInput("دستورالعمل‌ها", [
            ev.IndicatorInput("وصول به‌موقع", Decimal(5), Decimal(10)),
            ev.IndicatorInput("اجرای مستند", Decimal(10), Decimal(20)),
        ]),
        ev.AxisInput("ملاقات مردمی", [
            ev.IndicatorInput("دستورات در مهلت", Decimal(7), Decimal(10)),
            ev.IndicatorInput("سنجش رضایت", Decimal(6), Decimal(10)),
        ]),
    ], measures=[Measure.DIRECTIVES_ACKNOWLEDGED, "directives_implemented", Measure.ORDERS_CLOSED, None])


@pytest.fixture
def world(office):  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    unit = units.list_units(db, admin, search="منطقه ۱")[0]
    other = units.list_units(db, admin, search="منطقه ۲")[0]
    _directives(db, people, unit, other)
    _orders(db, admin, people, unit, other)
    template = _template(db, admin)
    period = ev.open_period(db, people.supervisor, kind="quarter", year=1405, number=2, template_id=template.id,
                            unit_ids=[unit.id, other.id])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[unit.id], inspector_id=people.inspector.user_id)
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[other.id], inspector_id=people.other_inspector.user_id)
    form = ev.open_form(db, people.inspector, period_id=period.id, unit_id=unit.id)
    return db, admin, people, unit, other, template, period, form


def test_the_figures_and_suggested_scores_are_exact(world) -> None:  # type: ignore[no-untyped-def]
    db, _admin, people, unit, other, template, period, form = world
    got = em.form_measures(db, people.inspector, form.id)
    assert got.available and got.note == ""
    by_measure = {line.measure: line for line in got.lines}
    assert [line.indicator_name for line in got.lines] == ["وصول به‌موقع", "اجرای مستند", "دستورات در مهلت"]
    ack = by_measure[Measure.DIRECTIVES_ACKNOWLEDGED]  # d1, d4 of d1 d2 d3 d4 d7 (d7's version 2 not acknowledged)
    assert (ack.counted, ack.out_of, ack.figure, ack.suggested_score) == (2, 5, Decimal("40.00"), Decimal("4.00"))
    impl = by_measure[Measure.DIRECTIVES_IMPLEMENTED]  # d4 only (d1's evidence not accepted)
    assert (impl.counted, impl.out_of, impl.figure, impl.suggested_score) == (1, 5, Decimal("20.00"), Decimal("4.00"))
    orders = by_measure[Measure.ORDERS_CLOSED]  # done in time, rejected in time; late; open
    assert (orders.counted, orders.out_of, orders.figure, orders.suggested_score) == (2, 4, Decimal("50.00"), Decimal("5.00"))
    assert orders.figure_text == _("{counted} of {out_of} orders due in the period closed in time").format(counted="۲", out_of="۴")
    assert all(line.score is None and not line.decided for line in got.lines)
    # the other unit: every directive acknowledged in time (5 of 5, d5/d6 outside), one order open
    other_form = ev.open_form(db, people.other_inspector, period_id=period.id, unit_id=other.id)
    theirs = {x.measure: x for x in em.form_measures(db, people.other_inspector, other_form.id).lines}
    assert (theirs[Measure.DIRECTIVES_ACKNOWLEDGED].counted, theirs[Measure.DIRECTIVES_ACKNOWLEDGED].out_of) == (4, 5)
    assert theirs[Measure.ORDERS_CLOSED].figure == Decimal("0.00")
    assert em.unit_figure(db, people.supervisor, measure="orders_closed", unit_id=unit.id, period_id=period.id).percent == Decimal("50.00")
    with pytest.raises(PermissionDenied):  # not the inspector's unit
        em.form_measures(db, people.inspector, other_form.id)


def test_nothing_to_count_is_said_not_zero(world) -> None:  # type: ignore[no-untyped-def]
    db, admin, people, unit, _other, template, _period, _form = world
    empty = ev.open_period(db, people.supervisor, kind="quarter", year=1404, number=1, template_id=template.id, unit_ids=[unit.id])
    form = ev.open_form(db, admin, period_id=empty.id, unit_id=unit.id)
    lines = em.form_measures(db, admin, form.id).lines
    assert [(x.figure, x.suggested_score, x.out_of) for x in lines] == [(None, None, 0)] * 3
    assert lines[0].figure_text == _("No directive was communicated to the unit in the period: there is nothing to count.")
    with pytest.raises(UserError) as refused:
        em.decide_measure(db, admin, form.id, lines[0].indicator_id, accept=True)
    assert str(refused.value) == _(em.NO_SUGGESTION)


def test_accept_sets_the_score_through_the_save_path_and_override_needs_a_reason(world) -> None:  # type: ignore[no-untyped-def]
    db, _admin, people, _unit, _other, _template, _period, form = world
    lines = {x.measure: x for x in em.form_measures(db, people.inspector, form.id).lines}
    orders = lines[Measure.ORDERS_CLOSED]
    with pytest.raises(PermissionDenied):
        em.decide_measure(db, people.clerk, form.id, orders.indicator_id, accept=True)
    with pytest.raises(PermissionDenied):
        em.decide_measure(db, people.other_inspector, form.id, orders.indicator_id, accept=True)
    ev.save_scores(db, people.inspector, form.id, lines=[ev.ScoreInput(orders.indicator_id, "6", None, "گزارش پیگیری")])
    stale = ev.get_form(db, people.inspector, form.id).version
    done = em.decide_measure(db, people.inspector, form.id, orders.indicator_id, accept=True, expected_version=stale)
    line = next(x for x in done.detail.lines if x.indicator_id == orders.indicator_id)
    assert (line.inspector_score, line.self_score, line.evidence_note) == (Decimal("5.00"), Decimal("6.00"), "گزارش پیگیری")
    assert done.detail.version > stale and done.detail.form.total is not None
    decided = done.measures.line(orders.indicator_id)
    assert decided is not None and decided.accepted is True and decided.decided_score == Decimal("5.00")
    assert decided.decided_by_name == people.inspector.display_name and not decided.changed_since_decided
    with pytest.raises(StaleRecord):
        em.decide_measure(db, people.inspector, form.id, orders.indicator_id, accept=True, expected_version=stale)

    ack = lines[Measure.DIRECTIVES_ACKNOWLEDGED]
    with pytest.raises(UserError) as no_score:  # nothing of one's own to keep yet
        em.decide_measure(db, people.inspector, form.id, ack.indicator_id, accept=False, reason="بازدید میدانی")
    assert no_score.value.field == "score"
    ev.save_scores(db, people.inspector, form.id, lines=[ev.ScoreInput(ack.indicator_id, None, "7")])
    before = ev.get_form(db, people.inspector, form.id)
    for blank in ("", "   "):
        with pytest.raises(UserError) as no_reason:
            em.decide_measure(db, people.inspector, form.id, ack.indicator_id, accept=False, reason=blank)
        assert no_reason.value.field == "reason"
    assert ev.get_form(db, people.inspector, form.id) == before  # nothing written
    assert em.form_measures(db, people.inspector, form.id).line(ack.indicator_id).decided is False  # type: ignore[union-attr]
    kept = em.decide_measure(db, people.inspector, form.id, ack.indicator_id, accept=False,
                             reason="رسیدها به‌موقع به دبیرخانه رسید ولی ثبت نشد")
    mine = kept.measures.line(ack.indicator_id)
    assert mine is not None and mine.accepted is False and mine.decided_score == Decimal("7.00") == mine.score
    assert mine.reason == "رسیدها به‌موقع به دبیرخانه رسید ولی ثبت نشد" and mine.suggested_score == Decimal("4.00")
    with pytest.raises(UserError):  # over the maximum
        em.decide_measure(db, people.inspector, form.id, ack.indicator_id, accept=False, score="11", reason="دلیل")
    again = em.decide_measure(db, people.inspector, form.id, ack.indicator_id, accept=False, score="8", reason="بازبینی")
    assert again.measures.line(ack.indicator_id).decided_score == Decimal("8.00")  # type: ignore[union-attr]
    ev.save_scores(db, people.inspector, form.id, lines=[ev.ScoreInput(ack.indicator_id, None, "9")])
    assert em.form_measures(db, people.inspector, form.id).line(ack.indicator_id).changed_since_decided  # type: ignore[union-attr]

    ev.save_scores(db, people.inspector, form.id, lines=[
        ev.ScoreInput(x.indicator_id, None, "5") for x in ev.get_form(db, people.inspector, form.id).lines if x.inspector_score is None])
    submitted = ev.submit_form(db, people.inspector, form.id)
    with pytest.raises(UserError):  # a submitted form no longer changes
        em.decide_measure(db, people.inspector, submitted.id, orders.indicator_id, accept=True)


def test_bindings_follow_template_edits(world) -> None:  # type: ignore[no-untyped-def]
    db, admin, people, _unit, _other, template, period, form = world
    assert sorted(em.template_measures(db, admin, template.id).values()) == sorted(
        [Measure.DIRECTIVES_ACKNOWLEDGED, Measure.DIRECTIVES_IMPLEMENTED, Measure.ORDERS_CLOSED])
    satisfaction = template.axes[1].indicators[1]
    with pytest.raises(PermissionDenied):
        em.bind_measure(db, people.inspector, satisfaction.id, Measure.ORDERS_CLOSED)
    with pytest.raises(UserError):
        em.bind_measure(db, admin, satisfaction.id, "no_such_measure")
    em.bind_measure(db, admin, satisfaction.id, Measure.ORDERS_CLOSED)  # a template in use: no new version
    assert len(em.form_measures(db, people.inspector, form.id).lines) == 4
    em.unbind_measure(db, admin, satisfaction.id)
    assert len(em.form_measures(db, people.inspector, form.id).lines) == 3
    # an edit of the template in use: a new version, each indicator keeps its measure by name
    axes = [ev.AxisInput(a.name, [ev.IndicatorInput(i.name, i.weight, i.max_score) for i in a.indicators]) for a in template.axes]
    newer = ev.update_template(db, admin, template.id, name=template.name, axes=axes, expected_version=template.version)
    assert newer.id != template.id
    carried = em.template_measures(db, admin, newer.id)
    assert [carried.get(i.id) for i in newer.indicators] == [Measure.DIRECTIVES_ACKNOWLEDGED, Measure.DIRECTIVES_IMPLEMENTED,
                                                             Measure.ORDERS_CLOSED, None]
    assert len(em.template_measures(db, admin, template.id)) == 3  # the old version keeps its own
    # edited in place (not in use), with measures given: the old bindings go with the old indicators
    again = ev.update_template(db, admin, newer.id, name=newer.name, axes=axes[1:], expected_version=newer.version,
                               measures=[None, Measure.DIRECTIVES_ACKNOWLEDGED])
    assert again.id == newer.id
    assert [em.template_measures(db, admin, again.id).get(i.id) for i in again.indicators] == [None, Measure.DIRECTIVES_ACKNOWLEDGED]
    with pytest.raises(UserError):  # one measure per indicator
        ev.update_template(db, admin, again.id, name=again.name, axes=axes[1:], expected_version=again.version, measures=[None])
    assert period.template_id == template.id


def test_a_field_copy_says_the_figure_is_not_available_and_the_sync_shape_is_unchanged(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.data.sync import registry
    from tests.services.sync.support import checkout, make_world

    assert registry.schema_fingerprint() == FINGERPRINT
    assert {"evaluation_measure", "evaluation_measure_decision"} <= set(registry.NOT_SYNCED)
    w = make_world(office, tmp_path)
    template = ev.get_template(w.office, w.admin, w.period.template_id)
    first = template.indicators[0]
    em.set_template_measures(w.office, w.admin, template.id, {first.id: Measure.DIRECTIVES_ACKNOWLEDGED})
    form = ev.open_form(w.office, w.inspector, period_id=w.period.id, unit_id=w.units[0].id)
    assert [x.indicator_id for x in em.form_measures(w.office, w.inspector, form.id).lines] == [first.id]
    copy = checkout(w, "laptop")
    try:
        on_laptop = em.form_measures(copy.db, copy.actor, form.id)
        assert not on_laptop.available and on_laptop.lines == () and on_laptop.note == _(OFFICE_ONLY)
        with pytest.raises(UserError) as refused:
            em.decide_measure(copy.db, copy.actor, form.id, first.id, accept=True)
        assert str(refused.value) == _(OFFICE_ONLY)
        ev.save_scores(copy.db, copy.actor, form.id, lines=[ev.ScoreInput(first.id, None, "6")])
        from pr_desk.services import sync

        receipt = sync.apply_import(w.office, w.supervisor, path=copy.export(tmp_path))  # the return file is accepted
        assert receipt is not None
        assert next(x for x in ev.get_form(w.office, w.admin, form.id).lines if x.indicator_id == first.id).inspector_score == Decimal("6.00")
    finally:
        copy.db.dispose()
