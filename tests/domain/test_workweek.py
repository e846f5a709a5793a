"""Working days and deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.workweek import FRIDAY, THURSDAY, WorkCalendar, iranian_weekday

WED = dt.date(2026, 11, 25)  # a Wednesday (1405/09/04)
THU, FRI, SAT, SUN = (WED + dt.timedelta(days=i) for i in range(1, 5))


def naive_add(cal: WorkCalendar, start: dt.date, n: int) -> dt.date:
    d, step = start, (1 if n >= 0 else -1)
    for _ in range(abs(n)):
        d += dt.timedelta(days=step)
        while not cal.is_working_day(d):
            d += dt.timedelta(days=step)
    return d


def naive_between(cal: WorkCalendar, a: dt.date, b: dt.date) -> int:
    if b < a:
        return -naive_between(cal, b, a)
    return sum(cal.is_working_day(a + dt.timedelta(days=i)) for i in range(1, (b - a).days + 1))


def test_weekday_numbering_matches_jalali():
    assert iranian_weekday(FRI) == FRIDAY == JalaliDate.from_gregorian(FRI).weekday()
    assert iranian_weekday(THU) == THURSDAY
    assert iranian_weekday(SAT) == 0


def test_friday_is_the_default_weekend():
    cal = WorkCalendar()
    assert cal.is_working_day(THU) and not cal.is_working_day(FRI) and cal.is_working_day(SAT)
    assert cal.add_working_days(WED, 1) == THU
    assert cal.add_working_days(WED, 2) == SAT
    assert cal.add_working_days(WED, 3) == SUN
    assert cal.add_working_days(WED, 0) == WED
    assert cal.add_working_days(FRI, 0) == FRI
    assert cal.add_working_days(SAT, -1) == THU
    assert cal.working_days_between(WED, SUN) == 3
    assert cal.working_days_between(SUN, WED) == -3
    assert cal.working_days_between(WED, WED) == 0


def test_thursday_and_friday_weekend_and_holidays():
    cal = WorkCalendar(weekend=frozenset({THURSDAY, FRIDAY}), holidays=frozenset({SAT}))
    assert not cal.is_working_day(THU) and not cal.is_working_day(SAT)
    assert cal.add_working_days(WED, 1) == SUN
    assert cal.working_days_between(WED, SUN) == 1


def test_validation():
    with pytest.raises(ValueError):
        WorkCalendar(weekend=frozenset(range(7)))
    with pytest.raises(ValueError):
        WorkCalendar(weekend=frozenset({7}))
    with pytest.raises(TypeError):
        WorkCalendar(holidays=frozenset({dt.datetime(2026, 1, 1)}))
    assert WorkCalendar(weekend={6}, holidays={SAT}).weekend == frozenset({6})  # sets are frozen


def test_large_n_is_fast_and_right():
    holidays = frozenset(dt.date(2026, 1, 1) + dt.timedelta(days=37 * i) for i in range(100))
    cal = WorkCalendar(holidays=holidays)
    end = cal.add_working_days(WED, 100_000)
    assert cal.working_days_between(WED, end) == 100_000
    assert cal.add_working_days(end, -100_000) == WED


calendars = st.builds(
    WorkCalendar,
    weekend=st.frozensets(st.integers(0, 6), max_size=3),
    holidays=st.frozensets(st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)), max_size=40),
)
starts = st.dates(dt.date(2025, 6, 1), dt.date(2027, 6, 1))


@given(calendars, starts, st.integers(-150, 150))
def test_add_working_days_matches_walking(cal, start, n):
    end = cal.add_working_days(start, n)
    assert end == naive_add(cal, start, n)
    if n > 0:
        assert cal.is_working_day(end)
        assert cal.working_days_between(start, end) == n


@given(calendars, starts, starts)
def test_working_days_between_matches_counting(cal, a, b):
    assert cal.working_days_between(a, b) == naive_between(cal, a, b)
