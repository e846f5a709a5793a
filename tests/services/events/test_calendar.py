"""The year's calendar (slice A): a Jalali month's days with events, occasions, holidays
and meeting sessions; the year list; and the deadlines' working calendar fed by the
official calendar and the office's holiday occasions (the hand-typed list still counts)."""

from __future__ import annotations

import datetime as dt

from pr_desk.domain.event_calendar import clean_official_name
from pr_desk.domain.jalali import JalaliDate, office_today
from pr_desk.services import meetings, office_settings
from pr_desk.services.events import calendar, catalogue
from pr_desk.services.events import events as ev
from tests.services.evaluation.factories import staff
from tests.services.events.calendar_helpers import first_type, quiet_day


def test_the_marker_of_an_estimated_date_leaves_the_name() -> None:
    assert clean_official_name("عید سعید فطر (تخمینی)") == ("عید سعید فطر", True)
    assert clean_official_name("جشن نوروز") == ("جشن نوروز", False)


def test_month_data(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    t = first_type(db, people.clerk)
    day = quiet_day()
    jd = JalaliDate.from_gregorian(day)
    e = ev.create_event(db, people.clerk, type_id=t.id, title="جشنواره سه‌روزه", start_on=day, end_on=day + dt.timedelta(days=2))
    deputy = meetings.add_official(db, admin, name="ابوذر کریمی", title="معاون")
    meetings.create_session(db, admin, official_id=deputy.id, session_date=day, start_time="10:00", end_time="12:00",
                            place="ساختمان مرکزی", capacity=10)
    catalogue.save_occasion(db, people.clerk, name="روز شهر", on_date=day, holiday=True)
    month = calendar.month_data(db, people.clerk, year=jd.year, month=jd.month)
    assert len(month.weeks) == 6 and all(len(w) == 7 for w in month.weeks)
    assert all(w[0].jalali.weekday() == 0 for w in month.weeks)  # Saturday first
    assert all(w[6].weekend for w in month.weeks)  # Friday
    assert [d.jalali.day for d in month.days] == list(range(1, len(month.days) + 1))
    cell = month.day(day)
    assert [x.id for x in cell.events] == [e.id] and cell.holiday
    assert [s.official for s in cell.sessions] == ["ابوذر کریمی"]
    assert [o.name for o in cell.occasions] == ["روز شهر"] and not cell.occasions[0].official
    for i in (1, 2):
        other = day + dt.timedelta(days=i)
        if month.weeks[0][0].day <= other <= month.weeks[-1][-1].day:
            assert [x.id for x in month.day(other).events] == [e.id]
    # an official holiday: Nowruz
    nowruz = calendar.month_data(db, people.clerk, year=jd.year + 1, month=1)
    first_day = nowruz.days[0]
    assert first_day.holiday and any(o.official and not o.estimated for o in first_day.occasions)


def test_year_list(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    t = first_type(db, people.clerk)
    day = quiet_day()
    year = JalaliDate.from_gregorian(day).year
    e = ev.create_event(db, people.clerk, type_id=t.id, title="همایش سالانه", start_on=day)
    catalogue.save_occasion(db, people.clerk, name="روز روابط عمومی", jalali_month=2, jalali_day=27)
    rows = calendar.year_list(db, people.clerk, year=year)
    assert [r.on for r in rows] == sorted(r.on for r in rows)
    assert [r.event_id for r in rows if r.kind == "event"] == [e.id]
    pr_day = [r for r in rows if r.title == "روز روابط عمومی"]
    assert [r.on for r in pr_day] == [JalaliDate(year, 2, 27).to_gregorian()] and not pr_day[0].official
    assert any(r.official and r.holiday for r in rows)
    assert not [r for r in calendar.year_list(db, people.clerk, year=year, occasions=False) if r.kind == "occasion"]
    week = catalogue.save_occasion(db, people.clerk, name="هفته دفاع مقدس", jalali_month=6, jalali_day=31, lasts_days=7)
    merged = [r for r in calendar.year_list(db, people.clerk, year=year) if r.title == "هفته دفاع مقدس"]
    start = JalaliDate(year, 6, 31).to_gregorian()
    assert [(r.on, r.end_on) for r in merged] == [(start, start + dt.timedelta(days=6))] and week.lasts_days == 7


def test_deadlines_count_the_official_calendar_and_the_office_holidays(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    year = office_today().year + 1
    nowruz = dt.date(year, 3, 21)
    cal = office_settings.work_calendar(db, admin)
    assert not cal.is_working_day(nowruz) and not cal.is_working_day(dt.date(year, 3, 22))  # no typing needed
    day = quiet_day()
    assert cal.is_working_day(day)
    catalogue.save_occasion(db, people.clerk, name="تعطیلی اداره", on_date=day, holiday=True)
    assert not office_settings.work_calendar(db, admin).is_working_day(day)
    typed = quiet_day(10, from_day=day)
    office_settings.update_office_settings(db, admin, holidays=[typed])
    cal = office_settings.work_calendar(db, admin)
    assert not cal.is_working_day(typed) and not cal.is_working_day(nowruz)  # the hand-typed list still counts
    office_settings.update_office_settings(db, admin, official_calendar=False)
    cal = office_settings.work_calendar(db, admin)
    assert cal.is_working_day(day) and not cal.is_working_day(typed)
    assert office_settings.get_office_settings(db, admin).official_calendar is False
