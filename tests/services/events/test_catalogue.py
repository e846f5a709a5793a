"""Event types, venues and the office's occasions (slice A): defaults seeded on first use,
edits per role, capacities, and occasion dates that do not exist refused in one sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from pr_desk.domain.errors import PermissionDenied, StaleRecord, UserError
from pr_desk.domain.jalali import JalaliDate, office_today
from pr_desk.services.events import catalogue as cat
from tests.services.evaluation.factories import staff


def test_types_seeded_then_edited_by_a_supervisor(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    types = cat.list_event_types(db, people.clerk)
    assert [t.name for t in types] == ["جشنواره", "جشن", "مناسبت", "همایش و نشست", "افتتاحیه", "بازدید"]
    with pytest.raises(PermissionDenied):
        cat.save_event_type(db, people.clerk, name="نمایشگاه")
    with pytest.raises(PermissionDenied):
        cat.list_event_types(db, people.inspector)
    added = cat.save_event_type(db, people.supervisor, name="نمایشگاه")
    assert added.name == "نمایشگاه" and not added.retired
    with pytest.raises(UserError):
        cat.save_event_type(db, people.supervisor, name="جشن")
    renamed = cat.save_event_type(db, people.supervisor, type_id=added.id, name="نمایشگاه شهری", expected_version=added.version)
    with pytest.raises(StaleRecord):
        cat.save_event_type(db, people.supervisor, type_id=added.id, name="کهنه", expected_version=added.version)
    cat.save_event_type(db, people.supervisor, type_id=added.id, name=renamed.name, retired=True, expected_version=renamed.version)
    assert "نمایشگاه شهری" not in [t.name for t in cat.list_event_types(db, people.clerk)]
    assert "نمایشگاه شهری" in [t.name for t in cat.list_event_types(db, people.clerk, include_retired=True)]


def test_venues(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    v = cat.save_venue(db, people.supervisor, name="تالار وحدت", capacity="۷۵۰", address="خیابان حافظ")
    assert v.capacity == 750
    for bad in (-1, "دویست", "12.5"):
        with pytest.raises(UserError):
            cat.save_venue(db, people.supervisor, name="سالن", capacity=bad)
    with pytest.raises(PermissionDenied):
        cat.save_venue(db, people.clerk, name="سالن", capacity=10)
    with pytest.raises(UserError):
        cat.save_venue(db, people.supervisor, name="تالار وحدت", capacity=10)
    v2 = cat.save_venue(db, people.supervisor, venue_id=v.id, name="تالار وحدت", capacity=0, expected_version=v.version)
    assert v2.capacity == 0
    assert [x.name for x in cat.list_venues(db, people.clerk)] == ["تالار وحدت"]


def test_occasions_and_impossible_dates(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    pr_day = cat.save_occasion(db, people.clerk, name="روز روابط عمومی", jalali_month=2, jalali_day=27)
    assert pr_day.yearly and pr_day.on_date is None
    week = cat.save_occasion(db, people.clerk, name="هفته دفاع مقدس", jalali_month=6, jalali_day=31, lasts_days=7)
    one = cat.save_occasion(db, people.clerk, name="سالگرد", on_date="۱۴۰۵/۰۳/۱۰")
    assert one.on_date == JalaliDate(1405, 3, 10).to_gregorian()
    before = cat.list_occasions(db, people.clerk)
    for kwargs in ({"on_date": "1404/12/30"}, {"on_date": (1404, 12, 30)}, {"jalali_month": 13, "jalali_day": 1},
                   {"jalali_month": 7, "jalali_day": 31}, {"jalali_month": 1}, {}, {"jalali_month": 1, "jalali_day": 1, "lasts_days": 0}):
        with pytest.raises(UserError) as err:
            cat.save_occasion(db, people.clerk, name="نادرست", **kwargs)  # type: ignore[arg-type]
        assert str(err.value).count(".") <= 2 and err.value.translated() != err.value.message  # one Persian sentence
    assert "۱۴۰۴" in str(pytest.raises(UserError, cat.save_occasion, db, people.clerk, name="x", on_date=(1404, 12, 30)).value)
    leap = cat.save_occasion(db, people.clerk, name="سی اسفند", on_date=(1403, 12, 30))  # 1403 is a leap year
    assert JalaliDate.from_gregorian(leap.on_date).day == 30
    assert len(cat.list_occasions(db, people.clerk)) == len(before) + 1
    with pytest.raises(PermissionDenied):
        cat.save_occasion(db, people.inspector, name="x", jalali_month=1, jalali_day=1)
    edited = cat.save_occasion(db, people.clerk, occasion_id=pr_day.id, name="روز ارتباطات و روابط عمومی", jalali_month=2,
                               jalali_day=27, holiday=False, expected_version=pr_day.version)
    assert edited.name == "روز ارتباطات و روابط عمومی"
    cat.remove_occasion(db, people.clerk, one.id, expected_version=one.version)
    assert one.id not in [o.id for o in cat.list_occasions(db, people.clerk)]
    # a week across the year's turn shows its days in both years
    start = JalaliDate(1405, 6, 31).to_gregorian()
    days = [o.on for o in cat.occasions_between(db, people.clerk, first=start, last=start + dt.timedelta(days=10))
            if o.occasion_id == week.id]
    assert days == [start + dt.timedelta(days=i) for i in range(7)]


def test_official_occasions_and_a_correction(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    people = staff(db, admin)
    year = office_today().year + 1
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    official = [o for o in cat.occasions_between(db, people.clerk, first=first, last=last) if o.official]
    nowruz = [o for o in official if o.on == dt.date(year, 3, 21)]
    assert nowruz and all(not o.estimated for o in nowruz) and all(o.holiday for o in nowruz)
    estimated = [o for o in official if o.estimated]
    assert estimated and all("تخمینی" not in o.name for o in official)
    guess = estimated[0]
    announced = guess.on + dt.timedelta(days=1)
    fix = cat.save_occasion(db, people.clerk, name=guess.name, on_date=announced, holiday=True, corrects_on=guess.on)
    after = cat.occasions_between(db, people.clerk, first=guess.on, last=announced)
    assert not [o for o in after if o.on == guess.on and o.estimated]
    assert [(o.on, o.official, o.holiday) for o in after if o.occasion_id == fix.id] == [(announced, False, True)]
