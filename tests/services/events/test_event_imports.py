"""Importing the year's events and a guest list from Excel: the templates read back, all
rows or none, every problem of every row named with its row, column and value, and the
database unchanged after a refusal (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from pr_desk.data.events.models import Event, Guest, ProtocolRank, Venue
from pr_desk.domain.errors import UserError
from pr_desk.domain.event_imports import EventImportRow, GuestImportRow
from pr_desk.domain.importing import ImportRejected, RowProblem, problem_lines
from pr_desk.domain.jalali import JalaliDate, format_jalali, office_today
from pr_desk.domain.roles import Role
from pr_desk.services import audit_log
from pr_desk.services.context import read, write
from pr_desk.services.events import importing as imp
from tests.services.meetings.factories import actor


def _jalali(day: dt.date) -> str:
    return format_jalali(day, persian_digits=False)


def _setup(db, admin, *, capacity: int = 0, seating: tuple[int, int] = (0, 0)) -> None:  # type: ignore[no-untyped-def]
    with write(db, admin) as s:
        s.add(Venue(name="تالار وحدت", name_search="تالاروحدت", capacity=capacity))
        s.add(Venue(name="سالن همایش‌های برج میلاد", name_search="", capacity=2000))
        for order, name in enumerate(("وزیر", "استاندار", "شهردار", "مدیر کل", "سایر")):
            s.add(ProtocolRank(name=name, sort_order=order))


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    with read(db) as s:
        return s.query(model).count()


def _where(problems: list[RowProblem]) -> list[tuple[int, str, str]]:
    return [(p.row_number, p.column, p.value) for p in problems]


def _event(db, admin, code: str = "", *, groups: int = 0, per_group: int = 0, venue: str = "تالار وحدت") -> str:  # type: ignore[no-untyped-def]
    soon = office_today() + dt.timedelta(days=20)
    result = imp.import_events(db, admin, [EventImportRow(2, code, "جشن", "جشن روز تهران", "", _jalali(soon), "10:00", "", "12:00",
                                                          venue, "", "")])
    if groups:
        with write(db, admin) as s:
            e = s.query(Event).filter_by(code=result.codes[0]).one()
            e.seating_groups, e.seats_per_group = groups, per_group
    return result.codes[0]


def test_events_import_issues_codes_per_year_and_writes_all_rows(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    _setup(db, admin)
    year = JalaliDate.today().year
    rows = [
        EventImportRow(2, "", "جشنواره", "جشنواره مطبوعات", "", f"{year}/02/27", "09:00", f"{year}/02/29", "13:00", "تالار وحدت",
                       "", "سه روز"),
        EventImportRow(3, f"E{year}-050", "همایش و نشست", "همایش روابط عمومی", "", f"{year}/03/10", "", "", "", "", "planned", ""),
        EventImportRow(4, "", "opening", "افتتاح بوستان", "", f"{year + 1}/01/20", "", "", "", "", "", ""),
        EventImportRow(5, "", "جشن", "جشن نوروز", "", f"{year}/03/12", "", "", "", "", "", ""),
    ]
    clerk = actor(db, admin, "clerk1", Role.CLERK)
    before = audit_log.count_entries(db, admin)
    result = imp.import_events(db, clerk, rows)
    assert result.codes == (f"E{year}-051", f"E{year}-050", f"E{year + 1}-001", f"E{year}-052")
    with read(db) as s:
        festival = s.query(Event).filter_by(code=f"E{year}-051").one()
        assert (festival.start_time, festival.end_time, festival.status) == (dt.time(9), dt.time(13), "idea")
        assert festival.venue_id is not None and (festival.end_on - festival.start_on).days == 2
        assert s.query(Event).filter_by(code=f"E{year}-050").one().status == "planned"
    assert audit_log.count_entries(db, admin) >= before + 4  # one entry per event (and the default types)


def test_an_events_file_names_every_problem_and_writes_nothing(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    _setup(db, admin)
    year = JalaliDate.today().year
    clerk = actor(db, admin, "clerk1", Role.CLERK)
    taken = _event(db, admin, f"E{year}-007")
    rows = [
        EventImportRow(2, "", "جشن", "جشن خوب", "", f"{year}/05/01", "", "", "", "", "", ""),
        EventImportRow(3, "", "کنسرت", "=HYPERLINK(\"x\")", "ZZ9", f"{year}/05/10", "10:00", f"{year}/05/09", "", "تالار ناشناخته",
                       "cancelled", ""),
        EventImportRow(4, "", "جشن", "روزی که نیست", "", "1404/12/30", "25:00", "", "", "", "", ""),
        EventImportRow(5, taken, "جشن", "کد تکراری", "", f"{year}/06/01", "", "", "", "", "", ""),
        EventImportRow(6, f"E{year}-300", "جشن", "الف", "", f"{year}/06/01", "", "", "", "", "", "a\x07b"),
        EventImportRow(7, f"E{year}-300", "جشن", "ب", "", f"{year}/06/01", "", "", "", "", "", ""),
        EventImportRow(8, "", "جشن", "پایان پیش از آغاز", "", f"{year}/06/01", "12:00", f"{year}/06/01", "09:00", "", "", ""),
        EventImportRow(9, "", "جشن", "برگزار شده", "", f"{year + 1}/06/01", "", "", "", "", "held", ""),
        EventImportRow(10, "", "جشن", "x" * 400, "", f"{year}/06/01", "", "", "", "", "", ""),
    ]
    before = (_count(db, Event), audit_log.count_entries(db, admin))
    with pytest.raises(ImportRejected) as refused:
        imp.import_events(db, clerk, rows)
    where = _where(refused.value.problems)
    assert [w for w in where if w[0] == 3] == [(3, "نوع رویداد", "کنسرت"), (3, "عنوان رویداد", '=HYPERLINK("x")'),
                                               (3, "واحد برگزارکننده", "ZZ9"), (3, "مکان", "تالار ناشناخته"),
                                               (3, "وضعیت رویداد", "cancelled")]
    assert (4, "تاریخ شروع", "1404/12/30") in where and (4, "ساعت شروع", "25:00") in where
    assert (5, "کد رویداد", taken) in where
    assert (6, "توضیحات", "a\x07b") in where or any(w[:2] == (6, "توضیحات") for w in where)
    assert any(w[:2] == (7, "کد رویداد") for w in where) and not any(w[:2] == (6, "کد رویداد") for w in where)
    assert any(w[0] == 8 and w[1] == "ساعت پایان" for w in where)
    assert any(w[:2] == (9, "وضعیت رویداد") for w in where)  # a clerk, and an event in the future
    assert any(w[:2] == (10, "عنوان رویداد") for w in where)
    assert 2 not in {w[0] for w in where}
    assert (_count(db, Event), audit_log.count_entries(db, admin)) == before
    lines = problem_lines(refused.value.problems)
    assert lines[0].startswith("ردیف ۳") and all("\n" not in line for line in lines)
    assert imp.check_events_import(db, clerk, rows) == refused.value.problems
    # The end before its start, in words.
    assert any("پیش از" in p.message or "قبل از" in p.message for p in refused.value.problems if p.row_number == 8)


def test_a_guest_list_imports_whole_with_seats_ranks_and_honorifics(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    _setup(db, admin, capacity=100)
    code = _event(db, admin, groups=5, per_group=10)
    clerk = actor(db, admin, "clerk1", Role.CLERK)
    rows = [
        GuestImportRow(2, "جناب آقای دکتر", "علی رضایی", "معاون شهردار", "شهرداری تهران", "۰۹۱۲ ۱۲۳ ۴۵۶۷", "شهردار", "دعوت شده", "R1-1"),
        GuestImportRow(3, "سرکار خانم", "مریم احمدی", "", "", "", "", "", "r1-2"),
        GuestImportRow(4, "", "انجمن صنفی روزنامه‌نگاران", "", "", "", "سایر", "", ""),
    ]
    result = imp.import_guests(db, clerk, rows, event_code=code.replace("E", "e"))
    assert (result.event_code, result.guests_added, result.seated) == (code, 3, 2)
    with read(db) as s:
        guests = {g.full_name: g for g in s.query(Guest).all()}
        ali = guests["علی رضایی"]
        assert (ali.honorific, ali.mobile, ali.invitation, ali.seat) == ("dr_mr", "09121234567", "invited", "R1-1")
        assert ali.invited_on is not None and ali.rank_id is not None
        assert guests["مریم احمدی"].seat == "R1-2" and guests["انجمن صنفی روزنامه‌نگاران"].honorific == "none"


def test_a_guest_mobile_written_with_plus_98_is_imported(office) -> None:  # type: ignore[no-untyped-def]
    """+98 is how many lists (and phones) write a mobile, and the guest window takes it: the
    import does too, stored as 09…, while a mobile cell that is not a number is still named."""
    db, admin = office
    _setup(db, admin)
    code = _event(db, admin)
    rows = [GuestImportRow(2, "جناب آقای", "Ali محمدی", "", "شرکت Green Tech", "+98 912 765 4321", "", "", ""),
            GuestImportRow(3, "", "مریم کاظمی", "", "", "+989351112233", "", "", "")]
    assert imp.import_guests(db, admin, rows, event_code=code).guests_added == 2
    with read(db) as s:
        assert {g.full_name: g.mobile for g in s.query(Guest).all()} == {"Ali محمدی": "09127654321", "مریم کاظمی": "09351112233"}
    with pytest.raises(ImportRejected) as refused:
        imp.import_guests(db, admin, [GuestImportRow(2, "", "ب", "", "", "+cmd|calc", "", "", "")], event_code=code)
    assert _where(refused.value.problems) == [(2, "تلفن همراه", "+cmd|calc")]


def test_a_guest_list_imported_again_is_refused_row_by_row(office) -> None:  # type: ignore[no-untyped-def]
    """The same file imported twice (or a longer list with the first rows again) would have
    doubled every guest, their cards and seats: each guest already on the list, or twice in
    the file, is named with its row; the new ones alone import."""
    db, admin = office
    _setup(db, admin)
    code = _event(db, admin)
    rows = [GuestImportRow(2, "جناب آقای", "Ali محمدی", "", "شرکت Green Tech", "09127654321", "", "", ""),
            GuestImportRow(3, "", "مریم کاظمی", "", "", "", "", "", "")]
    imp.import_guests(db, admin, rows, event_code=code)
    longer = [*rows, GuestImportRow(4, "", "حسن رحیمی", "", "", "", "", "", ""),
              GuestImportRow(5, "", "حسن رحیمی", "", "", "", "", "", "")]
    before = _count(db, Guest)
    with pytest.raises(ImportRejected) as refused:
        imp.import_guests(db, admin, longer, event_code=code)
    assert _where(refused.value.problems) == [(2, "نام مهمان", "Ali محمدی"), (3, "نام مهمان", "مریم کاظمی"),
                                              (5, "نام مهمان", "حسن رحیمی")]
    assert "۴" in refused.value.problems[-1].message  # the row it repeats
    assert _count(db, Guest) == before
    result = imp.import_guests(db, admin, [longer[2], GuestImportRow(3, "", "Ali محمدی", "", "", "09351112233", "", "", "")],
                               event_code=code)
    assert result.guests_added == 2  # the other Ali محمدی has a mobile of his own


def test_a_guest_file_names_every_problem(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    _setup(db, admin)
    code = _event(db, admin, groups=2, per_group=5)
    imp.import_guests(db, admin, [GuestImportRow(2, "", "نشسته پیشین", "", "", "", "", "", "R1-1")], event_code=code)
    rows = [
        GuestImportRow(2, "عالیجناب", "", "", "", "0912", "سلطان", "شاید", "R1-1"),
        GuestImportRow(3, "", "الف", "", "", "", "", "", "R2-2"),
        GuestImportRow(4, "", "ب", "", "@evil", "", "", "", "R2-2"),
        GuestImportRow(5, "", "پ", "", "", "", "", "", "R9-1"),
        GuestImportRow(6, "", "ت", "", "", "", "", "", "صندلی"),
    ]
    before = (_count(db, Guest), audit_log.count_entries(db, admin))
    with pytest.raises(ImportRejected) as refused:
        imp.import_guests(db, admin, rows, event_code=code)
    assert _where(refused.value.problems) == [
        (2, "عنوان احترام", "عالیجناب"), (2, "نام مهمان", ""), (2, "تلفن همراه", "0912"), (2, "رده تشریفات", "سلطان"),
        (2, "وضعیت دعوت", "شاید"), (2, "صندلی", "R1-1"), (4, "سازمان", "@evil"), (4, "صندلی", "R2-2"),
        (5, "صندلی", "R9-1"), (6, "صندلی", "صندلی")]
    assert (_count(db, Guest), audit_log.count_entries(db, admin)) == before
    with pytest.raises(UserError) as unknown:
        imp.import_guests(db, admin, rows[1:2], event_code="E1399-999")
    assert "E1399-999" in unknown.value.translated()


def test_seating_more_guests_than_the_venue_holds_is_refused(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    _setup(db, admin, capacity=2)
    code = _event(db, admin, groups=2, per_group=5)
    rows = [GuestImportRow(n, "", f"مهمان {n}", "", "", "", "", "", f"R1-{n}") for n in range(2, 5)]
    with pytest.raises(UserError) as refused:
        imp.import_guests(db, admin, rows, event_code=code)
    assert "۳" in refused.value.translated() or "3" in refused.value.translated()
    assert _count(db, Guest) == 0


def test_templates_read_back_and_are_right_to_left(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    _setup(db, admin)
    lists = imp.template_lists(db, admin)
    events = imp.save_events_template(tmp_path / "events.xlsx", lists)
    guests = imp.save_guests_template(tmp_path / "guests.xlsx", lists)
    wb = load_workbook(events)
    ws = wb.worksheets[0]
    assert ws.sheet_view.rightToLeft and ws["C1"].value == "عنوان رویداد"
    assert any(s.title == "راهنما" for s in wb.worksheets)
    assert ws.data_validations.dataValidation
    wb = load_workbook(guests)
    assert wb.worksheets[0]["A1"].value == "عنوان احترام" and wb.worksheets[0].data_validations.dataValidation
    preview = imp.preview_events_file(db, admin, events)
    assert preview.row_count == 1 and preview.clean, preview.problems
    code = imp.import_events(db, admin, preview.content).codes[0]
    preview = imp.preview_guests_file(db, admin, guests, event_code=code)
    assert preview.clean and preview.rows[0].full_name == "علی رضایی"


def test_an_events_sheet_with_a_missing_column_names_it(sqlite_office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    book = Workbook()
    book.active.append(["نوع رویداد", "تاریخ شروع"])
    book.active.append(["جشن", "1405/01/01"])
    book.save(tmp_path / "e.xlsx")
    with pytest.raises(UserError) as refused:
        imp.preview_events_file(db, admin, tmp_path / "e.xlsx")
    assert "«عنوان رویداد»" in refused.value.translated()


def test_inspectors_cannot_import(sqlite_office) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    inspector = actor(db, admin, "insp", Role.INSPECTOR)
    with pytest.raises(UserError):
        imp.import_events(db, inspector, [EventImportRow(2, "", "جشن", "x", "", "1405/01/01")])
    with pytest.raises(UserError):
        imp.import_guests(db, inspector, [GuestImportRow(2, "", "x")], event_code="E1405-001")
