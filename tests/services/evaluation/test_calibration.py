"""Calibration (issue 18, item 17): a second inspector scores the same unit; the supervisor
sees both forms side by side with the indicators that differ by more than the margin
flagged, and decides which counts. Only the counted form enters results and ranks (the
main one until the decision). SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pr_desk.domain.calibration import Counted
from pr_desk.domain.errors import PermissionDenied, UserError
from pr_desk.services import audit_log
from pr_desk.services import evaluation as ev
from tests.services.evaluation.factories import districts, full_scores, small_template, staff


def _scene(db, admin):  # type: ignore[no-untyped-def]
    """1404-H1 with three districts: D1 and D2 to the first inspector; the second inspector
    is asked to score D1 too."""
    people = staff(db, admin)
    template = small_template(db, admin)
    d1, d2, d3 = districts(db, admin)
    period = ev.open_period(db, people.supervisor, kind="half", year=1404, number=1, template_id=template.id,
                            unit_ids=[d1.id, d2.id, d3.id])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[d1.id, d2.id], inspector_id=people.inspector.user_id)
    return people, period, (d1, d2, d3)


def _sent(db, actor, period, unit, scores):  # type: ignore[no-untyped-def]
    form = ev.open_form(db, actor, period_id=period.id, unit_id=unit.id)
    ev.save_scores(db, actor, form.id, lines=full_scores(form, scores))
    return ev.submit_form(db, actor, form.id)


def _audit_count(db, admin) -> int:  # type: ignore[no-untyped-def]
    return audit_log.count_entries(db, admin)


def test_a_second_inspector_scores_blind_and_the_supervisor_decides_which_form_counts(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people, period, (d1, d2, _d3) = _scene(db, admin)
    sup, first, second = people.supervisor, people.inspector, people.other_inspector

    asked = ev.request_calibration(db, sup, period_id=period.id, unit_id=d1.id, inspector_id=second.user_id)
    assert (asked.second_inspector_name, asked.main_inspector_name) == ("فاطمه مرادی", "حسین کریمی")
    assert asked.main_form is None and asked.second_form is None and asked.counted is None and not asked.ready

    # Each inspector opens their own form of D1; neither reaches the other's.
    main = _sent(db, first, period, d1, ["8", "4", "15"])
    calib = _sent(db, second, period, d1, ["6", "4", "19"])
    assert not main.form.calibration and calib.form.calibration and main.id != calib.id
    with pytest.raises(PermissionDenied):
        ev.get_form(db, first, calib.id)
    with pytest.raises(PermissionDenied):
        ev.get_form(db, second, main.id)
    with pytest.raises(PermissionDenied):  # the second inspector sees no result of D1 before deciding
        ev.unit_result(db, second, period_id=period.id, unit_id=d1.id)
    assert ev.find_form(db, second, period_id=period.id, unit_id=d1.id).id == calib.id
    assert ev.find_form(db, sup, period_id=period.id, unit_id=d1.id).id == main.id
    assert ev.find_form(db, sup, period_id=period.id, unit_id=d1.id, calibration=True).id == calib.id
    # The second inspector's list holds D1 only, as their calibration form; the supervisor's
    # list each unit once, with the second inspector named.
    theirs = ev.period_progress(db, second, period_id=period.id)
    assert [(u.unit_id, u.calibration, u.form_id) for u in theirs] == [(d1.id, True, calib.id)]
    assert ev.count_period_units(db, second, period_id=period.id) == 1
    assert ev.progress_summary(db, second, period_id=period.id).submitted == 1
    assert [f.id for f in ev.list_forms(db, second)] == [calib.id]
    rows = {u.unit_id: u for u in ev.period_progress(db, sup, period_id=period.id)}
    assert len(rows) == 3 and rows[d1.id].form_id == main.id and rows[d1.id].calibration_inspector_name == "فاطمه مرادی"
    assert ev.progress_summary(db, sup, period_id=period.id).total == 3

    # Side by side: a margin of 10% of each maximum (10, 5, 20 -> 1, 0.5, 2).
    seen = ev.get_calibration(db, sup, period_id=period.id, unit_id=d1.id)
    assert seen.ready and seen.margin_percent == Decimal(10)
    assert [(line.main_score, line.second_score, line.difference, line.flagged) for line in seen.lines] == [
        (Decimal(8), Decimal(6), Decimal(-2), True), (Decimal(4), Decimal(4), Decimal(0), False),
        (Decimal(15), Decimal(19), Decimal(4), True)]
    assert seen.flagged_count == 2
    ev.set_calibration_margin(db, sup, percent="۲۰")  # 20%: 2 and 4 are within
    assert ev.get_calibration(db, sup, period_id=period.id, unit_id=d1.id).flagged_count == 0
    ev.set_calibration_margin(db, sup, percent="10")

    # Until the decision the main form counts, and the result says a calibration is pending.
    before = {r.unit_id: r for r in ev.period_results(db, sup, period_id=period.id, include_unapproved=True)}
    assert before[d1.id].form_id == main.id and before[d1.id].calibration == "pending"
    assert before[d2.id].calibration == ""

    ev.approve_form(db, sup, main.id)
    ev.approve_form(db, sup, calib.id)
    decided = ev.decide_calibration(db, sup, period_id=period.id, unit_id=d1.id, counted="calibration",
                                    reason="بازدید دوم دقیق‌تر بود", expected_version=seen.version)
    assert decided.counted is Counted.CALIBRATION and decided.decided_by_name == "مریم احمدی"
    assert decided.decided_at is not None and decided.decision_reason == "بازدید دوم دقیق‌تر بود"
    assert audit_log.count_entries(db, admin, actions=["calibration_request"]) == 1
    assert audit_log.count_entries(db, admin, actions=["calibration_decide"]) == 1
    decision = audit_log.list_entries(db, admin, actions=["calibration_decide"])[0]
    assert decision.action_label == "تعیین فرم ملاک" and "calibration" in decision.summary

    # One rule everywhere: the results (screen, reports, CLI all read these) use the chosen form.
    after = {r.unit_id: r for r in ev.period_results(db, sup, period_id=period.id)}
    assert after[d1.id].form_id == calib.id and after[d1.id].calibration == "calibration"
    assert after[d1.id].total == ev.get_form(db, sup, calib.id).form.total
    assert after[d1.id].rank == 1 and after[d1.id].ranked_among == 1
    assert ev.unit_result(db, sup, period_id=period.id, unit_id=d1.id).form_id == calib.id
    assert [h.form_id for h in ev.unit_history(db, sup, unit_id=d1.id)] == [calib.id]
    compared = ev.compare_periods(db, sup, period_ids=[period.id], unit_id=d1.id)
    assert compared.rows[0].totals == (after[d1.id].total,)

    # The decision can be changed back, the same way.
    again = ev.decide_calibration(db, sup, period_id=period.id, unit_id=d1.id, counted="main")
    assert again.counted is Counted.MAIN and again.decision_reason == ""
    assert ev.unit_result(db, sup, period_id=period.id, unit_id=d1.id).form_id == main.id


def test_bad_requests_and_decisions_are_refused_with_one_sentence_and_nothing_written(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people, period, (d1, d2, d3) = _scene(db, admin)
    sup, first, second = people.supervisor, people.inspector, people.other_inspector

    def refused(call, match: str) -> None:  # type: ignore[no-untyped-def]
        before = _audit_count(db, admin)
        with pytest.raises(UserError, match=match):
            call()
        assert _audit_count(db, admin) == before

    # the same inspector twice, someone who is not an inspector
    refused(lambda: ev.request_calibration(db, sup, period_id=period.id, unit_id=d1.id, inspector_id=first.user_id),
            "بازرس دیگری")
    refused(lambda: ev.request_calibration(db, sup, period_id=period.id, unit_id=d1.id, inspector_id=people.clerk.user_id),
            "فقط بازرس فعال")
    # deciding on a unit with one form; comparing it
    refused(lambda: ev.decide_calibration(db, sup, period_id=period.id, unit_id=d2.id, counted="main"), "فقط یک فرم")
    refused(lambda: ev.get_calibration(db, sup, period_id=period.id, unit_id=d2.id), "فقط یک فرم")
    ev.request_calibration(db, sup, period_id=period.id, unit_id=d1.id, inspector_id=second.user_id)
    # a third form
    users_third = staff_third(db, admin)
    refused(lambda: ev.request_calibration(db, sup, period_id=period.id, unit_id=d1.id, inspector_id=users_third),
            "حداکثر دو فرم")
    # the main inspector may not become the second one's unit's inspector either
    refused(lambda: ev.assign_inspector(db, sup, period_id=period.id, unit_ids=[d1.id], inspector_id=second.user_id),
            "بازرس دیگری")
    # deciding before both forms are sent
    _sent(db, first, period, d1, ["8", "4", "15"])
    refused(lambda: ev.decide_calibration(db, sup, period_id=period.id, unit_id=d1.id, counted="main"), "هر دو بازرس")
    # a margin that is not a number, a choice that is neither form
    for bad in ("ده", "", "-1", "150", "1e999"):
        refused(lambda bad=bad: ev.set_calibration_margin(db, sup, percent=bad), "باید عددی از ۰ تا ۱۰۰")
    assert ev.calibration_margin(db, sup) == Decimal(10)
    _sent(db, second, period, d1, ["8", "4", "15"])
    refused(lambda: ev.decide_calibration(db, sup, period_id=period.id, unit_id=d1.id, counted="both"), "کدام فرم")
    # whoever scored one of the forms does not decide (an administrator who scored D1's main form)
    refused(lambda: ev.withdraw_calibration(db, sup, period_id=period.id, unit_id=d1.id), "شروع کرده")
    # roles: inspectors and clerks neither ask, compare nor decide
    for who in (first, second, people.clerk):
        with pytest.raises(PermissionDenied):
            ev.get_calibration(db, who, period_id=period.id, unit_id=d1.id)
        with pytest.raises(PermissionDenied):
            ev.decide_calibration(db, who, period_id=period.id, unit_id=d1.id, counted="main")
        with pytest.raises(PermissionDenied):
            ev.request_calibration(db, who, period_id=period.id, unit_id=d3.id, inspector_id=second.user_id)


def test_whoever_scored_a_form_does_not_decide_and_a_withdrawn_request_can_be_made_again(office) -> None:  # type: ignore[no-untyped-def]
    from pr_desk.domain.roles import Role
    from pr_desk.services import auth, users
    from tests.services.evaluation.factories import PASSWORD

    db, admin = office
    people, period, (d1, _d2, d3) = _scene(db, admin)
    sup, second = people.supervisor, people.other_inspector
    asked = ev.request_calibration(db, sup, period_id=period.id, unit_id=d3.id, inspector_id=second.user_id)
    ev.withdraw_calibration(db, sup, period_id=period.id, unit_id=d3.id, expected_version=asked.version)
    with pytest.raises(PermissionDenied):  # withdrawn: D3 is not theirs any more
        ev.open_form(db, second, period_id=period.id, unit_id=d3.id)
    ev.request_calibration(db, sup, period_id=period.id, unit_id=d3.id, inspector_id=second.user_id)
    # D3 has no main inspector: the administrator scores its main form, and may not decide
    main = _sent(db, admin, period, d3, ["5", "5", "5"])
    _sent(db, second, period, d3, ["5", "5", "5"])
    with pytest.raises(UserError, match="خودتان"):
        ev.decide_calibration(db, admin, period_id=period.id, unit_id=d3.id, counted="main")
    users.add_user(db, admin, username="sup2", display_name="ناظر دوم", role=Role.SUPERVISOR, password=PASSWORD)
    sup2 = auth.login(db, "sup2", PASSWORD)
    assert ev.decide_calibration(db, sup2, period_id=period.id, unit_id=d3.id, counted="main").counted is Counted.MAIN
    assert ev.unit_result(db, sup, period_id=period.id, unit_id=d3.id, include_unapproved=True).form_id == main.id
    # a unit with a second inspector cannot be taken out of the period
    with pytest.raises(UserError):
        ev.set_period_units(db, sup, period.id, unit_ids=[d1.id])
    # a closed period's decision stays as it was
    ev.set_period_status(db, sup, period.id, open=False)
    with pytest.raises(UserError, match="بسته"):
        ev.decide_calibration(db, sup2, period_id=period.id, unit_id=d3.id, counted="calibration")
    assert ev.get_calibration(db, sup, period_id=period.id, unit_id=d3.id).counted is Counted.MAIN


def staff_third(db, admin):  # type: ignore[no-untyped-def]
    from pr_desk.domain.roles import Role
    from pr_desk.services import users
    from tests.services.evaluation.factories import PASSWORD

    return users.add_user(db, admin, username="insp3", display_name="بازرس سوم", role=Role.INSPECTOR, password=PASSWORD).id


def test_the_demo_shows_one_decided_calibration_and_one_waiting(sqlite_office) -> None:  # type: ignore[no-untyped-def]
    import random

    from pr_desk.services.evaluation.demo import build_demo

    db, admin = sqlite_office
    people = staff(db, admin)
    build_demo(db, admin, size="small", rng=random.Random(1405))
    current = ev.list_periods(db, admin)[0]
    calibrated = [u for u in ev.period_progress(db, people.supervisor, period_id=current.id) if u.calibration_inspector_name]
    assert [u.calibration_counted for u in calibrated] == ["calibration", None]
    decided = ev.get_calibration(db, people.supervisor, period_id=current.id, unit_id=calibrated[0].unit_id)
    assert decided.counted is Counted.CALIBRATION and decided.second_form is not None and decided.decision_reason
    waiting = ev.get_calibration(db, people.supervisor, period_id=current.id, unit_id=calibrated[1].unit_id)
    assert waiting.ready and waiting.counted is None and waiting.flagged_count > 0
    results = {r.unit_id: r for r in ev.period_results(db, people.supervisor, period_id=current.id, include_unapproved=True)}
    assert results[calibrated[0].unit_id].form_id == decided.second_form.id
    assert results[calibrated[1].unit_id].calibration == "pending"
