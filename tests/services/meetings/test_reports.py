"""The meeting queue's reports, built from a small real database, written as PDF and Excel
and read back: masking on the pages that leave the office, full data on the internal ones,
and a valid "nothing to show" report from an empty database."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from pr_desk.domain.errors import PermissionDenied, UserError
from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.roles import Role
from pr_desk.domain.text import to_persian_digits
from pr_desk.reports.registry import list_reports, render_report
from pr_desk.services import meetings, report_catalog, units
from tests.reports.helpers import pdftotext_pages
from tests.services.meetings.factories import actor, national_code

KINDS = ("meeting-receipt", "meeting-agenda", "meeting-minutes", "meeting-notify", "meeting-follow-up", "meeting-monthly")
MARKS = str.maketrans("", "", "\u202a\u202c\u200e\u200f")


def fa(text: Any) -> str:
    return to_persian_digits(str(text))


def pdf_text(path: Path) -> str:
    return "\n".join(pdftotext_pages(path)).replace("\u200c", "")


def sheet_values(path: Path) -> dict[str, list[Any]]:
    """Every sheet's non-empty values (bidi marks dropped), after checking each sheet is
    right to left and holds no formula."""
    wb = load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        assert ws.sheet_view.rightToLeft, ws.title
        values = []
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                values.append(cell.value.translate(MARKS) if isinstance(cell.value, str) else cell.value)
        out[ws.title] = values
    return out


def all_values(path: Path) -> list[Any]:
    return [v for values in sheet_values(path).values() for v in values]


def both(kind: str, params: dict[str, Any], tmp_path: Path, name: str | None = None) -> tuple[str, Path]:
    stem = name or kind
    pdf = render_report(kind, params, tmp_path / f"{stem}.pdf")
    xlsx = render_report(kind, params, tmp_path / f"{stem}.xlsx")
    return pdf_text(pdf), xlsx


@dataclass
class Desk:
    db: Any
    admin: Any
    clerk: Any
    inspector: Any
    mayor: Any
    codes: list[str]
    mobiles: list[str]
    names: list[str]
    earlier: Any  # the held request of citizen 0, with an order
    current: Any  # citizen 0's new request, on the planned session
    held: Any  # the held session
    planned: Any  # the planned session (in the future)
    order: Any
    unit_name: str

    def p(self, who: Any = None, **filters: Any) -> dict[str, Any]:
        return {"db": self.db, "actor": who or self.clerk, **filters}


@pytest.fixture
def desk(office) -> Desk:  # type: ignore[no-untyped-def]
    db, admin = office
    clerk = actor(db, admin, "clerk1", Role.CLERK)
    inspector = actor(db, admin, "insp1", Role.INSPECTOR)
    mayor = meetings.add_official(db, admin, name="رضا کریمی", title="شهردار منطقه ۵", district=5)
    names = [("مریم", "=احمدی"), ("علی", "رضایی"), ("زهرا", "موسوی"), ("حسن", "کاظمی")]
    codes = [national_code(1234567 + i) for i in range(4)]
    mobiles = [f"0912345678{i}" for i in range(4)]
    citizens = [
        meetings.add_citizen(db, clerk, national_code=codes[i], first_name=first, last_name=last, mobile=mobiles[i], district=5 + i)
        for i, (first, last) in enumerate(names)
    ]
    today = JalaliDate.today()
    earlier = meetings.register_request(db, clerk, citizen_id=citizens[0].id, official_id=mayor.id, subject_category="traffic",
                                        channel="phone", description="ترافیک خیابان اصلی").request
    held = meetings.create_session(db, clerk, official_id=mayor.id, session_date=today.add_days(-3).format(False), start_time="09:00",
                                   end_time="10:00", place="سالن جلسات", capacity=2)
    entry = meetings.fill_session(db, clerk, session_id=held.id)[0]
    meetings.check_in(db, clerk, entry_id=entry.id)
    meetings.call_next(db, clerk, session_id=held.id)
    meetings.finish_meeting(db, clerk, entry_id=entry.id)
    meetings.close_session(db, clerk, session_id=held.id)
    unit = units.list_units(db, admin, search="منطقه ۵")[0]
    order = meetings.add_order(db, clerk, request_id=earlier.id, text="بررسی و رفع مشکل ترافیک", unit_id=unit.id, deadline_days=3)
    current = meetings.register_request(db, clerk, citizen_id=citizens[0].id, official_id=mayor.id, subject_category="green_space",
                                        channel="in_person", description="درخت‌کاری کوچه", confirm_duplicate=True).request
    for c in citizens[1:]:
        meetings.register_request(db, clerk, citizen_id=c.id, official_id=mayor.id, subject_category="building_permits",
                                  channel="portal", description="پروانه ساختمانی")
    planned = meetings.create_session(db, clerk, official_id=mayor.id, session_date=today.add_days(20).format(False),
                                      start_time="09:00", end_time="10:00", place="دفتر شهردار منطقه", capacity=3)
    meetings.fill_session(db, clerk, session_id=planned.id)
    return Desk(db, admin, clerk, inspector, mayor, codes, mobiles, [f"{a} {b}" for a, b in names], earlier, current,
                meetings.get_session(db, clerk, session_id=held.id), meetings.get_session(db, clerk, session_id=planned.id),
                order, unit.name)


def test_every_meeting_kind_is_registered_with_its_filters() -> None:
    names = {k.name for k in list_reports()}
    assert set(KINDS) <= names
    assert report_catalog.FILTERS["meeting-receipt"] == {"tracking_code": report_catalog.FILTERS["meeting-receipt"]["tracking_code"]}
    assert set(report_catalog.FILTERS["meeting-agenda"]) == {"session", "official", "date"}
    assert set(report_catalog.FILTERS["meeting-monthly"]) == {"year", "month"}


def test_receipt_masks_the_citizens_national_code_and_mobile(desk: Desk, tmp_path: Path) -> None:
    text, xlsx = both("meeting-receipt", desk.p(tracking_code=desk.current.tracking_code.lower()), tmp_path)
    code, mobile = desk.codes[0], desk.mobiles[0]
    masked_code, masked_mobile = f"{code[:4]}****{code[-2:]}", f"{mobile[:4]}***{mobile[-4:]}"
    assert "رسید درخواست ملاقات" in text and fa(desk.current.tracking_code) in text
    assert "مریم =احمدی" in text and "رضا کریمی" in text and "فضای سبز" in text
    assert fa(masked_code) in text and fa(masked_mobile) in text  # digits in reading order, left to right
    assert fa(code) not in text and code not in text and fa(mobile) not in text and mobile not in text
    assert "راه پیگیری" in text and "کد رهگیری" in text
    values = all_values(xlsx)
    assert fa(masked_code) in values and fa(masked_mobile) in values
    assert not any(code in str(v) or mobile in str(v) or fa(code) in str(v) for v in values)
    assert f"کد رهگیری: {fa(desk.current.tracking_code)}" in values
    # without a filter: the latest request
    latest, _x = both("meeting-receipt", desk.p(), tmp_path, "latest")
    assert fa(meetings.find_requests(desk.db, desk.clerk, limit=1)[0].tracking_code) in latest
    with pytest.raises(UserError):
        render_report("meeting-receipt", desk.p(tracking_code="Z99-999999"), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_agenda_is_internal_full_data_with_earlier_requests_and_orders(desk: Desk, tmp_path: Path) -> None:
    text, xlsx = both("meeting-agenda", desk.p(), tmp_path)  # default: the next planned session
    assert "دستور جلسه ملاقات مردمی" in text and "دفتر شهردار منطقه" in text
    for i in range(3):
        assert desk.names[i] in text and fa(desk.codes[i]) in text and fa(desk.mobiles[i]) in text
    assert fa(desk.earlier.tracking_code) in text and "بررسی و رفع مشکل ترافیک" in text and desk.unit_name in text
    sheets = sheet_values(xlsx)
    main = next(iter(sheets.values()))
    # time boxes: 60 minutes shared by 3 citizens
    assert f"{fa('09:00')} تا {fa('09:20')}" in main and f"{fa('09:40')} تا {fa('10:00')}" in main
    assert desk.codes[0] in main and desk.mobiles[1] in main  # Latin digits as text, leading zero kept
    assert "=احمدی" not in main and "مریم =احمدی" in main  # a name starting with "=" stays text
    assert any("بررسی و رفع مشکل ترافیک" in values for values in sheets.values())
    # the same session named by the official and the date, or by its id
    day = JalaliDate.from_gregorian(desk.planned.session_date).format(False)
    by_official, _x = both("meeting-agenda", desk.p(official="شهردار منطقه ۵", date=fa(day)), tmp_path, "by-official")
    assert desk.names[2] in by_official
    by_id, _x = both("meeting-agenda", desk.p(session=str(desk.held.id)), tmp_path, "by-id")
    assert desk.names[0] in by_id and desk.names[1] not in by_id
    with pytest.raises(UserError):
        render_report("meeting-agenda", desk.p(official="کسی که نیست"), tmp_path / "bad.pdf")
    with pytest.raises(UserError):
        render_report("meeting-agenda", desk.p(date="1405/13/01"), tmp_path / "bad.pdf")


def test_minutes_list_the_orders_with_unit_and_deadline_and_signatures(desk: Desk, tmp_path: Path) -> None:
    text, xlsx = both("meeting-minutes", desk.p(), tmp_path)  # default: the latest held session
    assert "صورت‌جلسه ملاقات مردمی".replace("\u200c", "") in text
    assert desk.names[0] in text and fa(desk.earlier.tracking_code) in text
    assert "بررسی و رفع مشکل ترافیک" in text and desk.unit_name in text
    assert JalaliDate.from_gregorian(desk.order.due_date).format() in text
    assert "دبیر جلسه" in text and "امضا و تاریخ" in text
    sheets = sheet_values(xlsx)
    orders = [values for values in sheets.values() if "بررسی و رفع مشکل ترافیک" in values]
    assert orders and JalaliDate.from_gregorian(desk.order.due_date).format() in orders[0]
    assert desk.order.due_date in [v.date() if isinstance(v, dt.datetime) else v for v in orders[0]]


def test_notify_list_for_the_sms_panel(desk: Desk, tmp_path: Path) -> None:
    text, xlsx = both("meeting-notify", desk.p(session=str(desk.planned.id)), tmp_path)
    assert fa(desk.mobiles[1]) in text and desk.names[1] in text and "دفتر شهردار منطقه" in text
    wb = load_workbook(xlsx)
    ws = wb.worksheets[0]
    assert ws.sheet_view.rightToLeft
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(r for r in rows if "تلفن همراه" in r)
    data = rows[rows.index(header) + 1:]
    mobile_col = header.index("تلفن همراه")
    assert [r[mobile_col] for r in data] == [desk.mobiles[0], desk.mobiles[1], desk.mobiles[2]]
    date_col = header.index("تاریخ")
    assert data[0][date_col] == JalaliDate.from_gregorian(desk.planned.session_date).format()
    assert data[0][date_col + 1].date() == desk.planned.session_date  # a real date cell beside the Jalali text
    assert any(isinstance(v, str) and v.startswith("مریم =احمدی گرامی") for v in data[0])
    message = next(v for v in data[0] if isinstance(v, str) and v.startswith("مریم =احمدی گرامی"))
    assert re.search("کد رهگیری: [A-Z][۰-۹]{2}-[۰-۹]{6}", message), message  # the code as the screen and receipt show it


def test_follow_up_by_unit_overdue_first_with_reminder_levels(desk: Desk, tmp_path: Path) -> None:
    later = JalaliDate.from_gregorian(desk.order.due_date).add_days(30).format(False)
    text, xlsx = both("meeting-follow-up", desk.p(desk.inspector, on=later), tmp_path)  # inspectors may print it
    assert "وضعیت پیگیری دستورات به تفکیک واحد" in text and desk.unit_name in text
    assert fa(desk.earlier.tracking_code) in text and "ارجاع به سرپرست" in text and "به سرپرست گزارش شود" in text
    assert desk.names[0] not in text and fa(desk.codes[0]) not in text
    values = all_values(xlsx)
    assert "ارجاع به سرپرست" in values and desk.unit_name in values
    on_time, _x = both("meeting-follow-up", desk.p(on=JalaliDate.from_gregorian(desk.order.given_on).format(False)), tmp_path, "early")
    assert "در مهلت" in on_time
    none, _x = both("meeting-follow-up", desk.p(unit="منطقه ۲۲"), tmp_path, "other-unit")
    assert fa(desk.earlier.tracking_code) not in none and "هنوز دستوری به واحدی ارجاع نشده است" in none


def test_monthly_statistics_figures_without_personal_data(desk: Desk, tmp_path: Path) -> None:
    today = JalaliDate.today()
    text, xlsx = both("meeting-monthly", desk.p(desk.inspector), tmp_path)  # default: this month
    from pr_desk.domain.jalali import MONTH_NAMES

    assert "آمار ماهانه ملاقات مردمی" in text and f"{MONTH_NAMES[today.month - 1]} {fa(today.year)}" in text
    assert "منطقه ۵" in text and "منطقه ۲۲" in text and "شهردار منطقه ۵" in text
    assert "درخواستها به تفکیک منطقه" in text and "درخواستها به تفکیک موضوع" in text
    for i in range(4):
        assert desk.names[i] not in text and fa(desk.codes[i]) not in text and fa(desk.mobiles[i]) not in text
    stats = meetings.monthly_statistics(desk.db, desk.clerk, year=today.year, month=today.month)
    assert stats.requests == 5
    values = all_values(xlsx)
    assert 5 in values and not any(desk.codes[0] in str(v) or desk.names[0] in str(v) for v in values)
    named, _x = both("meeting-monthly", desk.p(year=fa(today.year), month=str(today.month)), tmp_path, "named")
    assert "آمار ماهانه ملاقات مردمی" in named
    empty, _x = both("meeting-monthly", desk.p(year="1400", month="1"), tmp_path, "empty-month")
    assert "در این ماه درخواست ملاقاتی ثبت نشده است" in empty
    with pytest.raises(UserError) as bad:
        render_report("meeting-monthly", desk.p(month="13"), tmp_path / "bad.pdf")
    assert bad.value.field == "month"


def test_inspectors_cannot_print_personal_data(desk: Desk, tmp_path: Path) -> None:
    for kind in ("meeting-receipt", "meeting-agenda", "meeting-minutes", "meeting-notify"):
        with pytest.raises(PermissionDenied):
            render_report(kind, desk.p(desk.inspector), tmp_path / f"{kind}.pdf")
        assert not (tmp_path / f"{kind}.pdf").exists()


def test_every_kind_builds_from_an_empty_database_without_filters(office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    for kind in KINDS:
        text, xlsx = both(kind, {"db": db, "actor": admin}, tmp_path)
        assert text.strip(), kind
        assert any(word in text for word in ("هنوز", "ثبت نشده", "موردی برای نمایش")), (kind, text)
        assert load_workbook(xlsx).worksheets[0].sheet_view.rightToLeft
