"""The events-calendar report (slice A): with no filter the current month as a landscape
grid (Saturday first, Persian words in order) and its list; a month and a year by filter;
Excel right to left with the same lines; bad filters refused in one sentence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pr_desk.domain.errors import PermissionDenied, UserError
from pr_desk.domain.jalali import MONTH_NAMES, JalaliDate
from pr_desk.domain.text import to_persian_digits
from pr_desk.reports.registry import render_report
from pr_desk.services.events import catalogue, reports_calendar
from pr_desk.services.events import events as ev
from tests.reports.helpers import line_text, pdftotext_pages, visual_lines
from tests.services.evaluation.factories import staff
from tests.services.events.calendar_helpers import first_type


@pytest.fixture(autouse=True)
def _registered() -> None:
    reports_calendar.register()


def _pdf_text(path: Path) -> str:
    return "\n".join(pdftotext_pages(path)).replace("\u200c", "")


def test_no_filter_prints_this_month(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    people = staff(db, admin)
    t = first_type(db, people.clerk)
    today = JalaliDate.today()
    day = today.to_gregorian()
    ev.create_event(db, people.clerk, type_id=t.id, title="جشنواره مطبوعات", start_on=day, start_time=dt.time(10),
                    end_time=dt.time(12), clash_reason="آزمون")
    catalogue.save_occasion(db, people.clerk, name="روز شهرداری", on_date=day, holiday=True)
    pdf = tmp_path / "cal.pdf"
    render_report("events-calendar", {"db": db, "actor": people.clerk}, pdf)
    text = _pdf_text(pdf)
    assert "تقویم رویدادها و مناسبت‌ها".replace("\u200c", "") in text
    assert MONTH_NAMES[today.month - 1] in text and to_persian_digits(str(today.year)) in text
    assert "جشنواره مطبوعات" in text and "روز شهرداری" in text
    # Saturday at the right of the grid's header, Friday at the left (the line as printed, left to right)
    header = [line_text(chars) for chars in visual_lines(pdf, 0) if "هعمج" in line_text(chars)]
    assert header and header[0].rfind("هبنش") > header[0].find("هعمج")
    xlsx = tmp_path / "cal.xlsx"
    render_report("events-calendar", {"db": db, "actor": people.clerk}, xlsx)
    book = load_workbook(xlsx)
    sheet = book.worksheets[0]
    assert sheet.sheet_view.rightToLeft
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any("جشنواره مطبوعات" in v for v in values) and any("روز شهرداری" in v for v in values)


def test_a_year_and_bad_filters(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    people = staff(db, admin)
    t = first_type(db, people.clerk)
    year = JalaliDate.today().year + 1
    ev.create_event(db, people.clerk, type_id=t.id, title="همایش سالانه روابط عمومی",
                    start_on=JalaliDate(year, 2, 27).to_gregorian(), clash_reason="روز روابط عمومی")
    pdf = tmp_path / "year.pdf"
    render_report("events-calendar", {"db": db, "actor": people.clerk, "year": to_persian_digits(str(year))}, pdf)
    text = _pdf_text(pdf)
    assert "همایش سالانه روابط عمومی" in text and "نوروز" in text
    month = tmp_path / "month.pdf"
    render_report("events-calendar", {"db": db, "actor": people.clerk, "year": str(year), "month": "۲"}, month)
    assert "همایش سالانه روابط عمومی" in _pdf_text(month) and "اردیبهشت" in _pdf_text(month)
    for bad in ({"month": "13"}, {"year": "99"}, {"month": "فروردین"}):
        with pytest.raises(UserError):
            render_report("events-calendar", {"db": db, "actor": people.clerk, **bad}, tmp_path / "bad.pdf")
    assert not (tmp_path / "bad.pdf").exists()
    with pytest.raises(PermissionDenied):
        render_report("events-calendar", {"db": db, "actor": people.inspector}, tmp_path / "insp.pdf")
