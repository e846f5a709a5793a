"""Evaluation results and reports, read back: ranks with ties, trend, the unit's report
(PDF text), the ranking with a sheet per axis, the comparison and the blank form."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from pr_desk.reports.registry import render_report
from pr_desk.services import evaluation as ev
from pr_desk.services import report_catalog  # noqa: F401 - registers every report kind
from tests.reports.helpers import pdftotext_pages, squash
from tests.services.evaluation.factories import districts, full_scores, small_template, staff


def _approved(db, people, period, unit, scores, visit=False):  # type: ignore[no-untyped-def]
    form = ev.open_form(db, people.admin, period_id=period.id, unit_id=unit.id)
    ev.save_scores(db, people.admin, form.id, lines=full_scores(form, scores, [str(Decimal(s) + 1) if Decimal(s) < 5 else s for s in scores]))
    if visit:
        ev.save_field_visit(db, people.admin, form.id, visited_on="1403/08/15", people_met="مدیر روابط عمومی",
                            findings="پرتال به‌روز است", recommendations="آموزش خبرنویسی")
    ev.submit_form(db, people.admin, form.id)
    return ev.approve_form(db, people.supervisor, form.id)


def test_results_and_every_report_kind(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    template = small_template(db, admin)
    d1, d2, d3 = districts(db, admin)
    units = [d1.id, d2.id, d3.id]
    h1 = ev.open_period(db, people.supervisor, kind="half", year=1403, number=1, template_id=template.id, unit_ids=units)
    h2 = ev.open_period(db, people.supervisor, kind="half", year=1403, number=2, template_id=template.id, unit_ids=units)
    ev.assign_inspector(db, people.supervisor, period_id=h2.id, unit_ids=[d1.id], inspector_id=people.inspector.user_id)
    _approved(db, people, h1, d1, ["5", "2", "10"])
    _approved(db, people, h1, d2, ["9", "5", "18"])
    _approved(db, people, h2, d1, ["8", "4", "16"], visit=True)  # 4.8+3.2+8 = 16/20 → 80.00, up from 48.00
    _approved(db, people, h2, d2, ["8", "4", "16"])  # a tie with d1; down from 92.00

    results = {r.unit_id: r for r in ev.period_results(db, people.clerk, period_id=h2.id)}
    assert results[d1.id].total == results[d2.id].total == Decimal("80.00")
    assert results[d1.id].rank == results[d2.id].rank == 1 and results[d1.id].ranked_among == 2
    assert results[d3.id].rank is None and results[d3.id].total is None
    assert results[d1.id].trend is ev.Trend.UP and results[d1.id].change == Decimal("32.00")
    assert results[d2.id].trend is ev.Trend.DOWN and results[d1.id].grade is ev.Grade.GOOD
    assert [h.total for h in ev.unit_history(db, admin, unit_id=d1.id)] == [Decimal("48.00"), Decimal("80.00")]
    assert [r.unit_id for r in ev.period_results(db, people.inspector, period_id=h2.id)] == [d1.id]
    ev.set_grade_bands(db, admin, excellent="95", good="85", fair="80")
    assert ev.period_results(db, admin, period_id=h2.id)[0].grade is ev.Grade.FAIR
    comparison = ev.compare_periods(db, admin)
    assert [p.id for p in comparison.periods] == [h1.id, h2.id]
    assert {r.unit_id: r.totals for r in comparison.rows}[d2.id] == (Decimal("92.00"), Decimal("80.00"))

    params = {"db": db, "actor": people.supervisor, "period": "1403-H2", "unit": d1.code}
    pdf = render_report("evaluation-unit", params, tmp_path / "unit.pdf")
    text = "\n".join(pdftotext_pages(pdf))
    for phrase in ("گزارش ارزیابی عملکرد روابط عمومی", "(D01)", "شش‌ماهه دوم ۱۴۰۳", "حسین کریمی",
                   "۸۰٫۰۰", "متوسط", "پرتال به‌روز است", "آموزش خبرنویسی", "انتشار خبر", "صعودی",
                   "شش‌ماهه اول ۱۴۰۳", "معاون روابط عمومی"):
        assert squash(phrase) in squash(text), phrase
    xlsx = render_report("evaluation-unit", params, tmp_path / "unit.xlsx")
    assert len(load_workbook(xlsx).sheetnames) >= 2

    ranking = render_report("evaluation-ranking", {"db": db, "actor": admin, "period": "1403-H2"}, tmp_path / "rank.xlsx")
    wb = load_workbook(ranking)
    assert wb.sheetnames[1:] == ["پوشش خبری", "آموزش", "نمودارها"]  # a sheet per axis, the charts last
    values = [[c for c in row] for row in wb.worksheets[0].iter_rows(values_only=True)]
    assert any("روابط عمومی منطقه ۲" in row and 80 in row for row in values)
    text = "\n".join(pdftotext_pages(render_report("evaluation-ranking", {"db": db, "actor": admin, "period": "1403-H2"}, tmp_path / "rank.pdf")))
    assert squash("رتبه‌بندی روابط عمومی‌ها") in squash(text) and "نزولی" in text

    comp = load_workbook(render_report("evaluation-comparison", {"db": db, "actor": admin}, tmp_path / "comp.xlsx"))
    header = next(r for r in comp.worksheets[0].iter_rows(values_only=True) if "شش‌ماهه اول ۱۴۰۳" in r)
    assert "شش‌ماهه دوم ۱۴۰۳" in header

    blank = render_report("evaluation-blank-form", {"db": db, "actor": admin, "period": "1403-H2", "unit": d3.code}, tmp_path / "blank.pdf")
    text = "\n".join(pdftotext_pages(blank))
    assert squash("فرم ارزیابی عملکرد روابط عمومی") in squash(text) and "دوره‌های آموزشی" in text and "راهنما" in text
