"""Events core (slice A) through its services, on SQLite and PostgreSQL: codes per Jalali
year, edits with an optimistic lock, the list's filters, the status steps per role, the
officials, files, the next event; every bad input refused with the database unchanged."""

from __future__ import annotations

import datetime as dt

import pytest

from pr_desk.domain.errors import PermissionDenied, StaleRecord, UserError
from pr_desk.domain.events import EventStatus
from pr_desk.domain.jalali import JalaliDate
from pr_desk.services import meetings, units
from pr_desk.services.events import catalogue
from pr_desk.services.events import events as ev
from tests.services.evaluation.factories import staff
from tests.services.events.calendar_helpers import first_type, quiet_day

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_codes_per_jalali_year_and_the_detail(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    day = quiet_day()
    t = first_type(db, people.clerk)
    unit = units.list_units(db, admin)[0]
    e1 = ev.create_event(db, people.clerk, type_id=t.id, title="جشنواره مطبوعات", start_on=day, end_on=day + dt.timedelta(days=2),
                         start_time=dt.time(9), end_time=dt.time(17), organiser_unit_id=unit.id, description="سه روز")
    year = JalaliDate.from_gregorian(day).year
    assert e1.code == f"E{year}-001" and e1.jalali_year == year
    assert e1.status is EventStatus.IDEA and e1.status_on == ev.today()
    assert e1.type_name == t.name and e1.organiser_name == unit.name and e1.description == "سه روز"
    e2 = ev.create_event(db, people.clerk, type_id=t.id, title="همایش", start_on=day)
    assert e2.code == f"E{year}-002" and e2.end_on == day
    next_year = JalaliDate(year + 1, 2, 10).to_gregorian()
    e3 = ev.create_event(db, people.clerk, type_id=t.id, title="سال بعد", start_on=next_year)
    assert e3.code == f"E{year + 1}-001"
    assert ev.find_event(db, people.clerk, e2.code.replace(str(year), "".join("۰۱۲۳۴۵۶۷۸۹"[int(c)] for c in str(year)))).id == e2.id
    assert ev.get_event(db, people.clerk, e1.id) == e1


def test_bad_input_leaves_nothing(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    day = quiet_day()
    t = first_type(db, people.clerk)
    with pytest.raises(UserError) as err:
        ev.create_event(db, people.clerk, type_id=t.id, title="x", start_on=day, end_on=day - dt.timedelta(days=1))
    assert "پیش از" in str(err.value) or "قبل" in str(err.value)
    with pytest.raises(UserError):
        ev.create_event(db, people.clerk, type_id=t.id, title="x", start_on=day, start_time=dt.time(12), end_time=dt.time(10))
    with pytest.raises(UserError):
        ev.create_event(db, people.clerk, type_id=t.id, title="   ", start_on=day)
    with pytest.raises(UserError):
        ev.create_event(db, people.clerk, type_id=t.id, title="x", start_on=day, expected_guests=-3)
    with pytest.raises(UserError):
        ev.create_event(db, people.clerk, type_id=t.id, title="x", start_on=day, status=EventStatus.APPROVED)
    with pytest.raises(PermissionDenied):
        ev.create_event(db, people.inspector, type_id=t.id, title="x", start_on=day)
    with pytest.raises(PermissionDenied):
        ev.list_events(db, people.inspector)
    assert ev.count_events(db, people.clerk) == 0
    e = ev.create_event(db, people.clerk, type_id=t.id, title="نخست", start_on=day)
    assert e.code.endswith("-001")  # refused saves issued no code


def test_edit_with_the_lock_and_the_list(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    day = quiet_day()
    types = catalogue.list_event_types(db, people.clerk)
    a = ev.create_event(db, people.clerk, type_id=types[0].id, title="جشنواره فیلم شهر", start_on=day)
    b = ev.create_event(db, people.clerk, type_id=types[3].id, title="همایش روابط عمومی", start_on=day + dt.timedelta(days=40))
    a2 = ev.update_event(db, people.clerk, a.id, expected_version=a.version, title="جشنواره فیلم کوتاه شهر",
                         end_on=day + dt.timedelta(days=1))
    assert a2.title == "جشنواره فیلم کوتاه شهر" and a2.end_on == day + dt.timedelta(days=1) and a2.version > a.version
    with pytest.raises(StaleRecord):
        ev.update_event(db, people.clerk, a.id, expected_version=a.version, title="کهنه")
    with pytest.raises(UserError):
        ev.update_event(db, people.clerk, a.id, expected_version=a2.version, end_on=day - dt.timedelta(days=3))
    assert ev.get_event(db, people.clerk, a.id).end_on == day + dt.timedelta(days=1)
    assert [e.id for e in ev.list_events(db, people.clerk, search="فيلم")] == [a.id]  # Arabic ی finds Persian
    assert [e.id for e in ev.list_events(db, people.clerk, type_id=types[3].id)] == [b.id]
    jd = JalaliDate.from_gregorian(day)
    first, last = jd.first_of_month().to_gregorian(), jd.last_of_month().to_gregorian()
    assert a.id in [e.id for e in ev.list_events(db, people.clerk, first=first, last=last)]
    assert [e.id for e in ev.list_events(db, people.clerk, sort_key="start", descending=True)] == [b.id, a.id]
    assert [e.id for e in ev.list_events(db, people.clerk, limit=1, offset=1)] == [b.id]
    assert ev.count_events(db, people.clerk, year=jd.year) >= 1
    assert ev.list_events(db, people.clerk, status=EventStatus.APPROVED) == []
    with pytest.raises(UserError):
        ev.list_events(db, people.clerk, sort_key="nonsense")


def test_status_steps_per_role(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    day = ev.today()
    t = first_type(db, people.clerk)
    e = ev.create_event(db, people.clerk, type_id=t.id, title="افتتاحیه پل", start_on=day, clash_reason="امروز")
    e = ev.change_status(db, people.clerk, e.id, status=EventStatus.PLANNED, expected_version=e.version)
    with pytest.raises(PermissionDenied):
        ev.change_status(db, people.clerk, e.id, status=EventStatus.APPROVED, expected_version=e.version)
    with pytest.raises(UserError):  # idea → held is not a step
        ev.change_status(db, people.clerk, e.id, status=EventStatus.REPORTED, expected_version=e.version)
    e = ev.change_status(db, people.supervisor, e.id, status=EventStatus.APPROVED, expected_version=e.version,
                         on=day - dt.timedelta(days=1))
    assert e.status is EventStatus.APPROVED and e.status_on == day - dt.timedelta(days=1)
    with pytest.raises(UserError):
        ev.change_status(db, people.clerk, e.id, status=EventStatus.CANCELLED, expected_version=e.version, reason=" ")
    e = ev.change_status(db, people.clerk, e.id, status=EventStatus.HELD, expected_version=e.version)
    e = ev.change_status(db, people.clerk, e.id, status=EventStatus.REPORTED, expected_version=e.version)
    with pytest.raises(UserError):
        ev.update_event(db, people.clerk, e.id, expected_version=e.version, title="دیگر")
    e = ev.update_event(db, people.clerk, e.id, expected_version=e.version, lessons="صدا زودتر آزموده شود")
    assert e.lessons == "صدا زودتر آزموده شود"
    f = ev.create_event(db, people.clerk, type_id=t.id, title="لغو", start_on=quiet_day())
    f = ev.change_status(db, people.clerk, f.id, status=EventStatus.CANCELLED, expected_version=f.version, reason="بودجه نرسید")
    assert f.cancel_reason == "بودجه نرسید"
    with pytest.raises(UserError):
        ev.update_event(db, people.clerk, f.id, expected_version=f.version, title="x")
    f = ev.change_status(db, people.clerk, f.id, status=EventStatus.IDEA, expected_version=f.version)
    assert f.status is EventStatus.IDEA and f.cancel_reason == ""
    future = ev.create_event(db, people.clerk, type_id=t.id, title="آینده", start_on=quiet_day())
    future = ev.change_status(db, people.clerk, future.id, status=EventStatus.PLANNED, expected_version=future.version)
    future = ev.change_status(db, people.admin, future.id, status=EventStatus.APPROVED, expected_version=future.version)
    with pytest.raises(UserError):  # not held before its day
        ev.change_status(db, people.clerk, future.id, status=EventStatus.HELD, expected_version=future.version)


def test_officials_files_and_next_event(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    mayor = meetings.add_official(db, admin, name="علیرضا زاکانی", title="شهردار تهران")
    deputy = meetings.add_official(db, admin, name="ابوذر کریمی", title="معاون اجتماعی و فرهنگی")
    t = first_type(db, people.clerk)
    assert ev.next_event(db, people.clerk) is None
    day = quiet_day()
    e = ev.create_event(db, people.clerk, type_id=t.id, title="روز شهر", start_on=day, official_ids=[mayor.id],
                        official_roles={mayor.id: "سخنران"})
    assert [(o.name, o.role) for o in e.officials] == [("علیرضا زاکانی", "سخنران")]
    e = ev.set_officials(db, people.clerk, e.id, official_ids=[deputy.id, mayor.id], expected_version=e.version)
    assert set(e.official_ids) == {mayor.id, deputy.id}
    e = ev.set_officials(db, people.clerk, e.id, official_ids=[deputy.id], expected_version=e.version)
    assert e.official_ids == (deputy.id,)
    e = ev.set_officials(db, people.clerk, e.id, official_ids=[mayor.id, deputy.id], expected_version=e.version)
    assert set(e.official_ids) == {mayor.id, deputy.id}
    a = ev.add_attachment(db, people.clerk, e.id, file_name="برنامه.pdf", content=PDF)
    with pytest.raises(UserError):
        ev.add_attachment(db, people.clerk, e.id, file_name="x.exe", content=b"MZ\x90\x00")
    assert ev.attachment_content(db, people.clerk, a.id)[2] == PDF
    assert [x.file_name for x in ev.get_event(db, people.clerk, e.id).attachments] == [a.file_name]
    ev.remove_attachment(db, people.clerk, a.id)
    assert ev.get_event(db, people.clerk, e.id).attachments == ()
    later = ev.create_event(db, people.clerk, type_id=t.id, title="بعدتر", start_on=day + dt.timedelta(days=30))
    past = ev.create_event(db, people.clerk, type_id=t.id, title="گذشته", start_on=day - dt.timedelta(days=400))
    nxt = ev.next_event(db, people.clerk)
    assert nxt is not None and nxt.id == e.id
    assert ev.next_event(db, people.clerk, on=day + dt.timedelta(days=100)).id == later.id  # none ahead: the latest
    assert past.id != nxt.id
