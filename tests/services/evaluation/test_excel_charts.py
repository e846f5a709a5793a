"""The evaluation's Excel reports carry what their PDFs have (issue 18, item 20): the
ranking's bar chart and the unit's radar as openpyxl charts drawn from cells of the
workbook, and the signature boxes; read back with openpyxl."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.chart import BarChart, RadarChart

from pr_desk.reports.registry import render_report
from pr_desk.services import evaluation as ev
from pr_desk.services import report_catalog  # noqa: F401 - registers every report kind
from tests.services.evaluation.factories import districts, full_scores, small_template, staff

CHARTS = "نمودارها"


def _approved(db, people, period, unit, scores):  # type: ignore[no-untyped-def]
    form = ev.open_form(db, people.inspector, period_id=period.id, unit_id=unit.id)
    ev.save_scores(db, people.inspector, form.id, lines=full_scores(form, scores, [str(Decimal(s) + 1) for s in scores]))
    ev.submit_form(db, people.inspector, form.id)
    return ev.approve_form(db, people.supervisor, form.id)


def _cells(wb, ref: str) -> list[object]:  # type: ignore[no-untyped-def]
    """The values of a chart's reference such as 'نمودارها'!$B$3:$B$5."""
    sheet, cells = ref.rsplit("!", 1)
    ws = wb[sheet.strip("'")]
    found = ws[cells.replace("$", "")]
    if not isinstance(found, tuple):
        return [found.value]
    return [row[0].value if isinstance(row, tuple) else row.value for row in found]


def _cat(series) -> str:  # type: ignore[no-untyped-def]
    ref = series.cat.strRef or series.cat.numRef  # openpyxl writes categories as a number reference
    return str(ref.f)


def _office(db, admin):  # type: ignore[no-untyped-def]
    people = staff(db, admin)
    template = small_template(db, admin)
    d1, d2, d3 = districts(db, admin)
    period = ev.open_period(db, people.supervisor, kind="half", year=1403, number=2, template_id=template.id,
                            unit_ids=[d1.id, d2.id, d3.id])
    ev.assign_inspector(db, people.supervisor, period_id=period.id, unit_ids=[d1.id, d2.id, d3.id],
                        inspector_id=people.inspector.user_id)
    _approved(db, people, period, d1, ["9", "4", "16"])  # 5.4 + 3.2 + 8 = 16.6 of 20 → 83.00
    _approved(db, people, period, d2, ["5", "2", "10"])  # 48.00
    return people, (d1, d2, d3)


def test_the_ranking_workbook_has_its_bar_chart_over_its_own_cells(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    people, (d1, d2, _d3) = _office(db, admin)
    path = render_report("evaluation-ranking", {"db": db, "actor": people.supervisor, "period": "1403-H2"}, tmp_path / "rank.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames[-1] == CHARTS and wb[CHARTS].sheet_view.rightToLeft
    (chart,) = wb[CHARTS]._charts
    assert isinstance(chart, BarChart) and chart.type == "bar"  # horizontal: the names read whole
    (series,) = chart.series
    categories = _cells(wb, _cat(series))
    values = _cells(wb, series.val.numRef.f)
    assert values == [83, 48]  # best first, as the PDF's chart
    assert "منطقه ۱" in str(categories[0]) and "منطقه ۲" in str(categories[1])
    assert series.val.numRef.f.startswith(f"'{CHARTS}'!$B$")
    texts = [str(t.t) for t in chart.title.tx.rich.p[0].r] if chart.title and chart.title.tx.rich else []
    assert "".join(texts) == "امتیاز کل هر واحد"


def test_the_unit_workbook_has_its_radar_and_signature_boxes(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    people, (d1, _d2, _d3) = _office(db, admin)
    params = {"db": db, "actor": people.supervisor, "period": "1403-H2", "unit": d1.code}
    wb = load_workbook(render_report("evaluation-unit", params, tmp_path / "unit.xlsx"))
    (radar,) = wb[CHARTS]._charts
    assert isinstance(radar, RadarChart) and len(radar.series) == 2
    inspector, own = radar.series
    assert _cells(wb, _cat(inspector)) == ["پوشش خبری", "آموزش"]
    assert _cells(wb, inspector.val.numRef.f) == [86, 80]  # (5.4 + 3.2) of 10 → 86 of 100; 16 of 20 → 80
    assert _cells(wb, inspector.tx.strRef.f) == ["امتیاز بازرس"]
    assert _cells(wb, own.tx.strRef.f) == ["خودارزیابی"]
    assert radar.y_axis.scaling.max == 100
    rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    roles = next(i for i, r in enumerate(rows) if "بازرس" in r and "سرپرست" in r)
    assert "حسین کریمی" in rows[roles + 1] and "مریم احمدی" in rows[roles + 1]
    assert rows[roles + 4].count("امضا و تاریخ") == 3
    assert rows[roles].index("سرپرست") - rows[roles].index("بازرس") == 2  # the boxes stand apart


def test_a_report_without_charts_has_no_chart_sheet(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    _office(db, admin)
    path = render_report("evaluation-comparison", {"db": db, "actor": admin}, tmp_path / "comp.xlsx")
    assert CHARTS not in load_workbook(path).sheetnames


def test_the_report_of_every_unit_signs_the_first_units_table_once(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    people, _units = _office(db, admin)
    params = {"db": db, "actor": people.supervisor, "period": "1403-H2"}  # no unit: every unit, one after the other
    wb = load_workbook(render_report("evaluation-unit", params, tmp_path / "every.xlsx"))
    rows = [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    assert sum(r.count("امضا و تاریخ") for r in rows) == 3  # one block of three boxes, the first unit's
    assert [type(c).__name__ for c in wb[CHARTS]._charts] == ["RadarChart", "RadarChart"]
