"""Calibration from the command line (`pr-desk evaluation calibrate ask|compare|decide`), run
in-process through the command line's own main: a supervisor asks a second inspector for a
unit of the open period, compares both forms and decides which counts; bad input is one
line, exit 2, and leaves the calibration as it was."""

from __future__ import annotations

import pytest

from pr_desk import cli
from pr_desk.domain.calibration import Counted
from pr_desk.services import audit_log
from pr_desk.services import evaluation as ev
from tests.services.evaluation.factories import (
    PASSWORD,
    districts,
    full_scores,
    small_template,
    staff,
)


def _sent(db, actor, period, unit, scores):  # type: ignore[no-untyped-def]
    form = ev.open_form(db, actor, period_id=period.id, unit_id=unit.id)
    ev.save_scores(db, actor, form.id, lines=full_scores(form, scores))
    return ev.submit_form(db, actor, form.id)


def test_ask_compare_decide_and_bad_input_changes_nothing(sqlite_office, tmp_path, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import ADMIN_PASSWORD

    db, admin = sqlite_office
    path = str(tmp_path / "office.sqlite")
    people = staff(db, admin)
    template = small_template(db, admin)
    d1, d2, d3 = districts(db, admin)
    period = ev.open_period(db, people.supervisor, kind="half", year=1404, number=1, template_id=template.id,
                            unit_ids=[d1.id, d2.id, d3.id])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[d1.id, d2.id],
                        inspector_id=people.inspector.user_id)

    def run(*argv: str, who: str = "sup", password: str = PASSWORD, lang: str = "fa") -> tuple[int, str, str]:
        monkeypatch.setenv("PR_DESK_PASSWORD", password)
        code = cli.main(["evaluation", "calibrate", *argv, "--db", path, "--as", who, "--lang", lang])
        out, err = capsys.readouterr()
        return code, out, err

    def refused(*argv: str, match: str, **kw: str) -> None:
        before = audit_log.count_entries(db, admin, actions=["calibration_request", "calibration_decide"])
        code, out, err = run(*argv, **kw)
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and match in err, (code, out, err)
        assert audit_log.count_entries(db, admin, actions=["calibration_request", "calibration_decide"]) == before

    # asking: the open period is the default
    code, out, err = run("ask", "--unit", d1.code, "--inspector", "insp2")
    assert code == 0 and "فاطمه مرادی" in out and "۱۴۰۴" in out, err
    refused("ask", "--unit", "X-404", "--inspector", "insp2", match="X-404")  # unknown unit
    refused("ask", "--unit", d2.code, "--inspector", "insp", match="بازرس دیگری")  # its own inspector again
    refused("ask", "--unit", d2.code, "--inspector", "nobody", match="nobody")
    refused("ask", "--unit", d2.code, match="--inspector")
    refused("compare", "--unit", d2.code, match="فقط یک فرم")  # one form only
    refused("compare", "--unit", d1.code, "--period", "1404-Q3", match="۱۴۰۴")  # no such period
    assert run("ask", "--unit", d1.code, "--inspector", "insp2", lang="en")[2].startswith("error: ")

    # both inspectors send their forms; the comparison shows totals, difference and flagged lines
    main = _sent(db, people.inspector, period, d1, ["8", "4", "15"])
    second = _sent(db, people.other_inspector, period, d1, ["6", "4", "19"])
    code, out, err = run("compare", "--unit", d1.code, "--period", "1404-H1")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[1].split("\t")[:3] == ["بازرس اصلی", "حسین کریمی", main.form.number]
    assert lines[2].split("\t")[:3] == ["بازرس دوم", "فاطمه مرادی", second.form.number]
    assert lines[3].startswith("اختلاف\t+")  # the second form's total is higher
    assert "۲ از ۳" in lines[4] and len(lines) == 8 and "انتشار خبر" in lines[5] and "-۲٫۰۰" in lines[5]
    assert "تصمیم" in lines[-1]

    # deciding: a form that is neither, one who scored a form, then the supervisor with a reason
    refused("decide", "--unit", d1.code, "--counts", "EV-0000", match="EV-0000")
    refused("decide", "--unit", d1.code, match="--counts")
    ev.request_calibration(db, people.supervisor, period_id=period.id, unit_id=d3.id, inspector_id=people.other_inspector.user_id)
    _sent(db, admin, period, d3, ["5", "5", "5"])  # the administrator scored D3's main form
    _sent(db, people.other_inspector, period, d3, ["5", "5", "5"])
    refused("decide", "--unit", d3.code, "--counts", "main", who="admin", password=ADMIN_PASSWORD, match="خودتان")
    assert ev.get_calibration(db, people.supervisor, period_id=period.id, unit_id=d1.id).counted is None

    code, out, err = run("decide", "--unit", d1.code, "--counts", second.form.number, "--reason", "بازدید دوم دقیق‌تر بود")
    assert code == 0 and "فرم بازرس دوم" in out and "بازدید دوم دقیق‌تر بود" in out, err
    decided = ev.get_calibration(db, people.supervisor, period_id=period.id, unit_id=d1.id)
    assert decided.counted is Counted.CALIBRATION and decided.decided_by_name == "مریم احمدی"
    code, out, _err = run("decide", "--unit", d1.code, "--counts", "main", lang="en")
    assert code == 0 and "The main inspector's form counts" in out and "-2.00" in out
