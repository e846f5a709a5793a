"""The Jalali calendar: conversions, leap years, parsing and formatting."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pr_desk.domain import jalali
from pr_desk.domain.errors import UserError
from pr_desk.domain.jalali import (
    MAX_YEAR,
    MIN_YEAR,
    MONTH_NAMES,
    MONTH_NAMES_EN,
    WEEKDAY_NAMES,
    WEEKDAY_NAMES_EN,
    JalaliDate,
    days_in_month,
    days_in_year,
    format_jalali,
    format_jalali_datetime,
    is_leap,
    month_grid,
    month_range,
    parse_jalali,
)

MB = 1024 * 1024


def rule_33(year: int) -> bool:
    """The plain 33-year rule (jdatetime's isleap)."""
    return year % 33 in (1, 5, 9, 13, 17, 22, 26, 30)


def qt_rule(year: int) -> bool:
    """Qt's QCalendar::Jalali (2820-year cycle)."""
    return ((year + 2346) * 683) % 2820 < 683


# --- known facts ------------------------------------------------------------------------

@pytest.mark.parametrize(("year", "leap"), [(1399, True), (1400, False), (1403, True), (1404, False),
                                            (1405, False), (1408, True), (1395, True), (1393, False),
                                            (1436, True), (1437, False), (1469, True), (1470, False)])
def test_known_leap_years(year, leap):
    assert is_leap(year) is leap
    assert days_in_month(year, 12) == (30 if leap else 29)
    assert days_in_year(year) == (366 if leap else 365)


@pytest.mark.parametrize(
    ("jalali_ymd", "gregorian"),
    [
        ((1403, 1, 1), dt.date(2024, 3, 20)),
        ((1404, 1, 1), dt.date(2025, 3, 21)),
        ((1403, 12, 30), dt.date(2025, 3, 20)),
        ((1399, 1, 1), dt.date(2020, 3, 20)),
        ((1400, 1, 1), dt.date(2021, 3, 21)),
        ((1357, 11, 22), dt.date(1979, 2, 11)),
        ((1360, 5, 26), dt.date(1981, 8, 17)),
        ((1391, 10, 21), dt.date(2013, 1, 10)),
        ((1393, 5, 13), dt.date(2014, 8, 4)),
        ((1405, 9, 6), dt.date(2026, 11, 27)),
        ((1437, 1, 1), dt.date(2058, 3, 21)),  # Qt says 2058-03-20
        ((1470, 1, 1), dt.date(2091, 3, 21)),  # Qt says 2091-03-20
    ],
)
def test_known_conversions(jalali_ymd, gregorian):
    jd = JalaliDate(*jalali_ymd)
    assert jd.to_gregorian() == gregorian
    assert JalaliDate.from_gregorian(gregorian) == jd


def test_years_where_others_disagree_1200_1600():
    """Documents the disagreement; see the module docstring of pr_desk.domain.jalali."""
    years = range(1200, 1601)
    assert [y for y in years if rule_33(y) != is_leap(y)] == []  # jdatetime agrees here
    assert [y for y in years if qt_rule(y) != is_leap(y)] == [
        1209, 1210, 1242, 1243, 1275, 1276, 1436, 1437, 1469, 1470,
        1502, 1503, 1535, 1536, 1564, 1565, 1568, 1569, 1597, 1598,
    ]
    # outside 1178..1633 the plain 33-year rule drifts from the equinox
    assert [y for y in range(1100, 1700) if rule_33(y) != is_leap(y)] == [1176, 1177, 1634, 1635, 1667, 1668]


def test_jdatetime_differs_only_where_documented():
    jdatetime = pytest.importorskip("jdatetime")
    differs = [y for y in range(1200, 1601) if jdatetime.date(y, 1, 1).isleap() != is_leap(y)]
    assert differs == []
    for year in (1300, 1403, 1404, 1436, 1437, 1469, 1470, 1500):
        assert jdatetime.date(year, 1, 1).togregorian() == JalaliDate(year, 1, 1).to_gregorian()


def test_qt_differs_only_where_documented():
    qtcore = pytest.importorskip("PySide6.QtCore")
    cal = qtcore.QCalendar(qtcore.QCalendar.System.Jalali)
    assert all(cal.isLeapYear(y) == qt_rule(y) for y in range(1200, 1601))
    qd = qtcore.QDate(1437, 1, 1, cal)
    assert (qd.year(), qd.month(), qd.day()) == (2058, 3, 20)  # one day before the truth


# --- every day of 1300..1500 --------------------------------------------------------------

def test_every_day_1300_1500_round_trips_and_is_consecutive():
    expected_ordinal = JalaliDate(1300, 1, 1).toordinal()
    count = 0
    for year in range(1300, 1501):
        for month in range(1, 13):
            for day in range(1, days_in_month(year, month) + 1):
                jd = JalaliDate(year, month, day)
                g = jd.to_gregorian()
                assert g.toordinal() == expected_ordinal
                assert JalaliDate.from_gregorian(g) == jd
                expected_ordinal += 1
                count += 1
    assert count == sum(days_in_year(y) for y in range(1300, 1501))
    assert 73_000 < count < 73_500


def test_year_lengths_match_nowruz_to_nowruz():
    for year in range(MIN_YEAR, MAX_YEAR):
        gap = JalaliDate(year + 1, 1, 1).toordinal() - JalaliDate(year, 1, 1).toordinal()
        assert gap == days_in_year(year), year


def test_nowruz_is_always_in_march_near_the_equinox():
    for year in range(1300, 1501):
        g = JalaliDate(year, 1, 1).to_gregorian()
        assert (g.month, g.year) == (3, year + 621)
        assert 19 <= g.day <= 22


ordinals = st.integers(JalaliDate(MIN_YEAR, 1, 1).toordinal(), JalaliDate(MAX_YEAR, 12, 29).toordinal() - 1)


@given(st.dates(min_value=dt.date(1921, 3, 21), max_value=dt.date(2122, 3, 20)))
def test_gregorian_round_trip(g):
    jd = JalaliDate.from_gregorian(g)
    assert jd.to_gregorian() == g
    assert 1300 <= jd.year <= 1500


@given(ordinals)
def test_consecutive_days_are_consecutive(o):
    a, b = JalaliDate.from_ordinal(o), JalaliDate.from_ordinal(o + 1)
    assert a < b
    assert b.to_gregorian() - a.to_gregorian() == dt.timedelta(days=1)
    assert a.add_days(1) == b and b.add_days(-1) == a
    if b.day == 1:
        assert a.day == days_in_month(a.year, a.month)
    else:
        assert (b.year, b.month, b.day - 1) == (a.year, a.month, a.day)


@given(ordinals, st.integers(-20_000, 20_000))
def test_add_days_matches_gregorian(o, n):
    jd = JalaliDate.from_ordinal(o)
    try:
        target = jd.to_gregorian() + dt.timedelta(days=n)
        expected = JalaliDate.from_gregorian(target)
    except (ValueError, OverflowError):
        return
    assert jd.add_days(n) == expected


@given(st.integers(1300, 1500), st.integers(1, 12))
def test_weekday_matches_python(year, month):
    jd = JalaliDate(year, month, 1)
    assert jd.weekday() == (jd.to_gregorian().weekday() + 2) % 7


# --- the value type -------------------------------------------------------------------------

def test_weekday_and_names():
    assert JalaliDate(1405, 9, 6).weekday() == 6  # 2026-11-27 is a Friday
    assert WEEKDAY_NAMES[JalaliDate(1405, 9, 7).weekday()] == "شنبه"
    assert len(MONTH_NAMES) == len(MONTH_NAMES_EN) == 12
    assert len(WEEKDAY_NAMES) == len(WEEKDAY_NAMES_EN) == 7
    assert (MONTH_NAMES[0], MONTH_NAMES[-1]) == ("فروردین", "اسفند")
    assert (MONTH_NAMES_EN[0], MONTH_NAMES_EN[-1]) == ("Farvardin", "Esfand")
    assert (WEEKDAY_NAMES[0], WEEKDAY_NAMES[6]) == ("شنبه", "جمعه")
    assert WEEKDAY_NAMES_EN[6] == "Friday"


def test_format_and_str():
    jd = JalaliDate(1405, 9, 6)
    assert jd.format() == "۱۴۰۵/۰۹/۰۶" == str(jd)
    assert jd.format(persian_digits=False) == "1405/09/06"
    assert jd.format_long() == "۶ آذر ۱۴۰۵"
    assert jd.format_long(weekday=True, persian_digits=False) == "جمعه 6 آذر 1405"


def test_ordering_and_hashing():
    assert JalaliDate(1404, 12, 29) < JalaliDate(1405, 1, 1) < JalaliDate(1405, 1, 2)
    assert len({JalaliDate(1405, 1, 1), JalaliDate(1405, 1, 1)}) == 1
    with pytest.raises(AttributeError):
        JalaliDate(1405, 1, 1).year = 1406  # type: ignore[misc]


@pytest.mark.parametrize("ymd", [(1404, 12, 30), (1405, 13, 1), (1405, 0, 1), (1405, 1, 0), (1405, 7, 31),
                                 (0, 1, 1), (MAX_YEAR + 1, 1, 1), (1405, 1, 32), (1405, -1, 1)])
def test_invalid_dates_raise_user_error(ymd):
    with pytest.raises(UserError) as info:
        JalaliDate(*ymd)
    assert info.value.field == "date"


def test_fields_must_be_int():
    with pytest.raises(TypeError):
        JalaliDate("1405", 1, 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        JalaliDate(1405, True, 1)


def test_add_months_clamps():
    assert JalaliDate(1405, 6, 31).add_months(1) == JalaliDate(1405, 7, 30)
    assert JalaliDate(1403, 11, 30).add_months(1) == JalaliDate(1403, 12, 30)
    assert JalaliDate(1404, 11, 30).add_months(1) == JalaliDate(1404, 12, 29)
    assert JalaliDate(1405, 1, 15).add_months(-1) == JalaliDate(1404, 12, 15)
    assert JalaliDate(1405, 1, 15).add_months(24) == JalaliDate(1407, 1, 15)


def test_day_of_year_and_month_edges():
    assert JalaliDate(1405, 1, 1).day_of_year() == 1
    assert JalaliDate(1405, 7, 1).day_of_year() == 187
    assert JalaliDate(1403, 12, 30).day_of_year() == 366
    assert JalaliDate(1405, 9, 6).first_of_month() == JalaliDate(1405, 9, 1)
    assert JalaliDate(1403, 12, 6).last_of_month() == JalaliDate(1403, 12, 30)


def test_today_is_tehran_today():
    before = dt.datetime.now(jalali.TEHRAN).date()
    today = JalaliDate.today().to_gregorian()
    after = dt.datetime.now(jalali.TEHRAN).date()
    assert before <= today <= after


def test_month_range_and_grid():
    assert month_range(1403, 12) == (dt.date(2025, 2, 19), dt.date(2025, 3, 20))
    assert month_range(1405, 1) == (dt.date(2026, 3, 21), dt.date(2026, 4, 20))
    grid = month_grid(1405, 9)
    assert len(grid) == 6 and all(len(week) == 7 for week in grid)
    flat = [d for week in grid for d in week]
    assert all(d.weekday() == i % 7 for i, d in enumerate(flat))
    assert JalaliDate(1405, 9, 1) in grid[0]
    in_month = [d for d in flat if d.month == 9]
    assert in_month == [JalaliDate(1405, 9, d) for d in range(1, 31)]
    assert all(b.toordinal() - a.toordinal() == 1 for a, b in zip(flat, flat[1:], strict=False))


# --- parsing ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    ["۱۴۰۵/۹/۶", "1405-09-06", "۱۴۰۵.۰۹.۰۶", "  1405/09/06  ", "١٤٠٥/٠٩/٠٦", "۱۴۰۵ / ۰۹ / ۰۶",
     "\u200f۱۴۰۵/۰۹/۰۶\u200e", "۱۴۰۵٫۰۹٫۰۶", "1405/9/6", "14۰5/09/06"],
)
def test_parse_jalali_accepts(text):
    assert parse_jalali(text) == JalaliDate(1405, 9, 6)


def test_parse_jalali_leap_day():
    assert parse_jalali("1403/12/30") == JalaliDate(1403, 12, 30)


@pytest.mark.parametrize(
    ("text", "msgid"),
    [
        ("", jalali.MSG_EMPTY),
        ("   ", jalali.MSG_EMPTY),
        ("hello", jalali.MSG_FORMAT),
        ("1405/09", jalali.MSG_FORMAT),
        ("1405/09/06/01", jalali.MSG_FORMAT),
        ("1405/09-06", jalali.MSG_FORMAT),
        ("1405/009/06", jalali.MSG_FORMAT),
        ("-1405/09/06", jalali.MSG_FORMAT),
        ("۱۴۰۵/۰۹/۰۶ ۱۲:۰۰", jalali.MSG_FORMAT),
        ("1404/12/30", jalali.MSG_DAY_RANGE),
        ("1405/07/31", jalali.MSG_DAY_RANGE),
        ("1405/13/01", jalali.MSG_MONTH_RANGE),
        ("1405/00/01", jalali.MSG_MONTH_RANGE),
        ("1405/01/00", jalali.MSG_DAY_ZERO),
        ("05/09/06", jalali.MSG_YEAR_DIGITS),
        ("14050/09/06", jalali.MSG_YEAR_DIGITS),
        ("06/09/1405", jalali.MSG_YEAR_FIRST),
        ("1199/01/01", jalali.MSG_YEAR_RANGE),
        ("1601/01/01", jalali.MSG_YEAR_RANGE),
        ("2026/11/27", jalali.MSG_YEAR_RANGE),
        ("۱۴۰۵/۰۹/۰۶" * 1000, jalali.MSG_FORMAT),
        ("\u202e1405/09/06\u202cx", jalali.MSG_FORMAT),
    ],
)
def test_parse_jalali_rejects(text, msgid):
    with pytest.raises(UserError) as info:
        parse_jalali(text)
    assert info.value.message == msgid
    assert info.value.field == "date"
    assert len(str(info.value)) < 300


def test_parse_jalali_huge_input():
    with pytest.raises(UserError) as info:
        parse_jalali("1" * MB)
    assert len(info.value.params["text"]) <= 41


def test_parse_error_message_is_readable():
    from pr_desk.i18n import set_language

    with pytest.raises(UserError) as info:
        parse_jalali("1404/12/30")
    set_language("en")
    assert str(info.value) == "“1404/12/30” is not a date: month 12 of year 1404 has 29 days."
    set_language("fa")  # translated when shown, so a language switch shows at once
    assert str(info.value) == "«\u20661404/12/30\u2069» تاریخ درستی نیست: ماه ۱۲ سال ۱۴۰۴، ۲۹ روز دارد."


@given(st.integers(1200, 1600), st.integers(1, 12), st.integers(1, 31))
def test_parse_round_trips_format(year, month, day):
    if day > days_in_month(year, month):
        return
    jd = JalaliDate(year, month, day)
    assert parse_jalali(jd.format()) == jd
    assert parse_jalali(jd.format(persian_digits=False)) == jd


# --- formatting Gregorian values ---------------------------------------------------------------

def test_format_jalali():
    assert format_jalali(dt.date(2026, 11, 27)) == "۱۴۰۵/۰۹/۰۶"
    assert format_jalali(dt.date(2026, 11, 27), persian_digits=False) == "1405/09/06"
    assert format_jalali(None) == ""
    assert format_jalali(JalaliDate(1405, 9, 6)) == "۱۴۰۵/۰۹/۰۶"
    assert format_jalali(dt.datetime(2026, 11, 27, 23, 0)) == "۱۴۰۵/۰۹/۰۶"


def test_format_jalali_datetime_converts_to_tehran():
    utc = dt.UTC
    assert format_jalali_datetime(dt.datetime(2026, 11, 27, 11, 0, tzinfo=utc)) == "۱۴۰۵/۰۹/۰۶ ۱۴:۳۰"
    assert format_jalali_datetime(dt.datetime(2026, 11, 27, 11, 0)) == "۱۴۰۵/۰۹/۰۶ ۱۴:۳۰"  # naive = UTC
    assert format_jalali_datetime(dt.datetime(2026, 11, 27, 21, 0), persian_digits=False) == "1405/09/07 00:30"
    berlin = dt.timezone(dt.timedelta(hours=1))
    assert format_jalali_datetime(dt.datetime(2026, 11, 27, 12, 0, tzinfo=berlin), False) == "1405/09/06 14:30"
    assert format_jalali_datetime(None) == ""


def test_outside_supported_years_is_a_value_error():
    last = JalaliDate(MAX_YEAR, 12, days_in_month(MAX_YEAR, 12))
    with pytest.raises(ValueError):
        last.add_days(1)
    with pytest.raises(ValueError):
        JalaliDate(MIN_YEAR, 1, 1).add_days(-1)
    assert JalaliDate.from_ordinal(last.toordinal()) == last
