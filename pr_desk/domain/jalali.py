"""The Jalali (Solar Hijri, هجری شمسی) calendar: the ONE source of truth in PR Desk.

Every conversion, leap-year test, month length, weekday and date text in the app comes
from here. The UI must not do date arithmetic with ``QCalendar(QCalendar.System.Jalali)``
(see below); calendar widgets call these functions.

Which years are leap years
--------------------------
The official Iranian calendar is astronomical: 1 Farvardin (Nowruz) is the day on which
the March equinox falls before true noon in Tehran (otherwise the next day), and a year
is a leap year when the next Nowruz is 366 days later. Three arithmetic rules are in
use around us:

* Borkowski's algorithm (K. M. Borkowski, "The Persian calendar for 3000 years", Earth,
  Moon and Planets 74, 1996; the algorithm of jalaali-js): a 33-year cycle whose phase is
  re-anchored at the "breaks" years ``_BREAKS`` fitted to computed equinoxes, valid for
  Jalali years -61..3177. **This module implements it and treats it as the truth.**
* The plain 33-year rule ``year % 33 in (1, 5, 9, 13, 17, 22, 26, 30)`` — what
  ``jdatetime`` (``date.isleap``) and its converter ``jalali_core`` (the FarsiWeb
  jalali.c arithmetic; *not* Borkowski) use. Around the break years 1210 and 1635
  Borkowski's cycle has exactly this phase, so for years 1178–1633 the two agree day for
  day; outside that window they part (first 1176/1177 and 1634/1635, then every 33 years).
* Qt's ``QCalendar::Jalali``: a 2820-year cycle, leap iff
  ``((year + 2346) * 683) % 2820 < 683`` (checked against Qt 6.12 for years 1..2999).
  It is a smooth approximation that drifts from the equinox.

Comparing them for 1200–1600 (test_jalali.py keeps these lists honest):
jdatetime agrees with Borkowski in every year. Qt differs in 1209/1210, 1242/1243,
1275/1276 (Qt's leap year one year early) and **1436/1437, 1469/1470**, 1502/1503,
1535/1536, 1564/1565, 1568/1569, 1597/1598 (Borkowski: 1436, 1469, … leap; Qt: 1437,
1470, …). Each time Qt's dates are one day off for a whole year (all of 1437 and 1470).
An independent check with
Meeus' equinox series (Astronomical Algorithms ch. 27, with ΔT) and the Tehran-noon rule
confirms Borkowski for 1300–1500, including the known facts 1399 and 1403 and 1408
leap, 1404 not leap, and Nowruz 1437 = 2058-03-21 (equinox ≈ 23 min after noon of
the 20th). The one close call is Nowruz 1470 (2091): the equinox falls within about
5 minutes of Tehran's noon, closer than the uncertainty of ΔT 65 years ahead; using the
Iran Standard Time meridian (52.5° E) as Borkowski does gives 2091-03-21 (1469 leap).
The calendar authority will settle that year long after this app; we follow Borkowski.

Weekdays are numbered the Iranian way: 0 = Saturday (شنبه) … 6 = Friday (جمعه).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import cache

from pr_desk.domain.errors import UserError
from pr_desk.domain.text import to_latin_digits, to_persian_digits
from pr_desk.i18n import N_

try:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        TEHRAN: _dt.tzinfo = ZoneInfo("Asia/Tehran")
    except ZoneInfoNotFoundError:  # Windows without the tzdata package
        TEHRAN = _dt.timezone(_dt.timedelta(hours=3, minutes=30), "IRST")
except ImportError:  # pragma: no cover
    TEHRAN = _dt.timezone(_dt.timedelta(hours=3, minutes=30), "IRST")

MONTH_NAMES: tuple[str, ...] = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # MONTH_NAMES[month - 1]
MONTH_NAMES_EN: tuple[str, ...] = (
    "Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
    "Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
)
WEEKDAY_NAMES: tuple[str, ...] = (
    "شنبه", "یکشنبه", "دوشنبه", "سه\u200cشنبه", "چهارشنبه", "پنجشنبه", "جمعه",
)  # WEEKDAY_NAMES[JalaliDate.weekday()]
WEEKDAY_NAMES_EN: tuple[str, ...] = (
    "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
)

# Borkowski's breaks: years in which the 33-year cycle is re-anchored.
_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192,
           2262, 2324, 2394, 2456, 3178)
MIN_YEAR = 1  # Gregorian 622; Python dates start at year 1
MAX_YEAR = _BREAKS[-1] - 1
PARSE_MIN_YEAR = 1200  # what a person may type; wider years are almost certainly typos
PARSE_MAX_YEAR = 1600

# --- messages (English msgids, translated when shown) ------------------------------------
MSG_EMPTY = N_("Enter a date.")
MSG_FORMAT = N_("“{text}” is not a date. Write it as year/month/day, for example 1405/09/06.")
MSG_YEAR_FIRST = N_("“{text}” is not a date: write the year first, for example 1405/09/06.")
MSG_YEAR_DIGITS = N_("“{text}” is not a date: the year needs four digits, for example 1405.")
MSG_YEAR_RANGE = N_("“{text}” is not a date: the year must be between {min_year} and {max_year}.")
MSG_MONTH_RANGE = N_("“{text}” is not a date: the month must be between 1 and 12.")
MSG_DAY_RANGE = N_("“{text}” is not a date: month {month} of year {year} has {days} days.")
MSG_DAY_ZERO = N_("“{text}” is not a date: the day must be 1 or more.")


@cache
def _jal_cal(year: int) -> tuple[bool, int]:
    """Borkowski: (is leap year, Gregorian ordinal of 1 Farvardin)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"Jalali year out of range: {year}")
    gy = year + 621
    leap_j = -14
    jp = _BREAKS[0]
    jump = 0
    for jm in _BREAKS[1:]:
        jump = jm - jp
        if year < jm:
            break
        leap_j += jump // 33 * 8 + (jump % 33) // 4
        jp = jm
    n = year - jp
    leap_j += n // 33 * 8 + (n % 33 + 3) // 4
    if jump % 33 == 4 and jump - n == 4:
        leap_j += 1
    leap_g = gy // 4 - (gy // 100 + 1) * 3 // 4 - 150
    march = 20 + leap_j - leap_g  # Nowruz is this day of March of gy
    if jump - n < 6:
        n = n - jump + (jump + 4) // 33 * 33
    r = (n + 1) % 33 - 1
    leap = r != -1 and r % 4 == 0
    return leap, _dt.date(gy, 3, 1).toordinal() + march - 1


def is_leap(year: int) -> bool:
    """True when Esfand of `year` has 30 days (the year has 366 days)."""
    return _jal_cal(year)[0]


def days_in_year(year: int) -> int:
    return 366 if is_leap(year) else 365


def days_in_month(year: int, month: int) -> int:
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {month}")
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_leap(year) else 29


def _days_before_month(month: int) -> int:
    return 31 * (month - 1) if month <= 7 else 186 + 30 * (month - 7)


def _short(text: str, limit: int = 40) -> str:
    """What of the user's text goes into an error message (never a megabyte)."""
    return text if len(text) <= limit else text[:limit] + "…"


def _check(year: int, month: int, day: int, text: str, min_year: int, max_year: int) -> None:
    if not min_year <= year <= max_year:
        raise UserError(MSG_YEAR_RANGE, field="date", text=text, min_year=min_year, max_year=max_year)
    if not 1 <= month <= 12:
        raise UserError(MSG_MONTH_RANGE, field="date", text=text)
    if day < 1:
        raise UserError(MSG_DAY_ZERO, field="date", text=text)
    days = days_in_month(year, month)
    if day > days:
        raise UserError(MSG_DAY_RANGE, field="date", text=text, year=year, month=month, days=days)


def office_today() -> _dt.date:
    """Today in Tehran: the office's day, whatever the machine's clock zone (between 20:30
    and midnight UTC, `date.today()` on a machine set to UTC is still yesterday there)."""
    return _dt.datetime.now(TEHRAN).date()


@dataclass(frozen=True, order=True, slots=True)
class JalaliDate:
    """A day of the Jalali calendar. Ordered like the days themselves."""

    year: int
    month: int
    day: int

    def __post_init__(self) -> None:
        for value in (self.year, self.month, self.day):
            if type(value) is not int:
                raise TypeError(f"JalaliDate fields must be int, not {type(value).__name__}")
        _check(self.year, self.month, self.day, f"{self.year}/{self.month}/{self.day}", MIN_YEAR, MAX_YEAR)

    # --- conversion ---
    def toordinal(self) -> int:
        """The proleptic Gregorian ordinal (as `datetime.date.toordinal`)."""
        return _jal_cal(self.year)[1] + _days_before_month(self.month) + self.day - 1

    def to_gregorian(self) -> _dt.date:
        return _dt.date.fromordinal(self.toordinal())

    @classmethod
    def from_ordinal(cls, ordinal: int) -> JalaliDate:
        if not _MIN_ORDINAL <= ordinal <= _MAX_ORDINAL:
            raise ValueError(f"date outside the Jalali years {MIN_YEAR}..{MAX_YEAR}")
        year = _dt.date.fromordinal(ordinal).year - 621
        if year > MAX_YEAR or ordinal < _jal_cal(year)[1]:
            year -= 1
        k = ordinal - _jal_cal(year)[1]  # 0-based day of the year
        if k < 186:
            return cls(year, k // 31 + 1, k % 31 + 1)
        k -= 186
        return cls(year, k // 30 + 7, k % 30 + 1)

    @classmethod
    def from_gregorian(cls, d: _dt.date) -> JalaliDate:
        """From a `date` (a `datetime` is taken by its date, without time-zone shifts)."""
        return cls.from_ordinal(d.toordinal())

    @classmethod
    def today(cls) -> JalaliDate:
        """Today in Tehran."""
        return cls.from_gregorian(office_today())

    # --- calendar arithmetic ---
    def weekday(self) -> int:
        """0 = Saturday (شنبه) … 6 = Friday (جمعه)."""
        return (self.toordinal() + 1) % 7  # date.fromordinal(1) is a Monday (2)

    def add_days(self, n: int) -> JalaliDate:
        return JalaliDate.from_ordinal(self.toordinal() + n)

    def add_months(self, n: int) -> JalaliDate:
        """Same day `n` months later (earlier if negative), clamped to the month's end."""
        index = self.year * 12 + (self.month - 1) + n
        year, month = divmod(index, 12)
        month += 1
        return JalaliDate(year, month, min(self.day, days_in_month(year, month)))

    def day_of_year(self) -> int:
        """1 for 1 Farvardin … 365/366 for the last day of Esfand."""
        return _days_before_month(self.month) + self.day

    def first_of_month(self) -> JalaliDate:
        return JalaliDate(self.year, self.month, 1)

    def last_of_month(self) -> JalaliDate:
        return JalaliDate(self.year, self.month, days_in_month(self.year, self.month))

    # --- text ---
    def format(self, persian_digits: bool = True) -> str:
        """"۱۴۰۵/۰۹/۰۶": year first, zero-padded, as Persians write dates."""
        text = f"{self.year:04d}/{self.month:02d}/{self.day:02d}"
        return to_persian_digits(text) if persian_digits else text

    def format_long(self, *, weekday: bool = False, persian_digits: bool = True) -> str:
        """"۶ آذر ۱۴۰۵" or, with weekday, "پنجشنبه ۶ آذر ۱۴۰۵"."""
        text = f"{self.day} {MONTH_NAMES[self.month - 1]} {self.year}"
        if weekday:
            text = f"{WEEKDAY_NAMES[self.weekday()]} {text}"
        return to_persian_digits(text) if persian_digits else text

    def __str__(self) -> str:
        return self.format()


_MIN_ORDINAL = _jal_cal(MIN_YEAR)[1]
_MAX_ORDINAL = _jal_cal(MAX_YEAR)[1] + days_in_year(MAX_YEAR) - 1


def month_range(year: int, month: int) -> tuple[_dt.date, _dt.date]:
    """The Gregorian first and last day of a Jalali month (both inclusive)."""
    first = JalaliDate(year, month, 1)
    return first.to_gregorian(), first.last_of_month().to_gregorian()


def month_grid(year: int, month: int) -> list[list[JalaliDate]]:
    """Six weeks of seven days, Saturday first, covering the month (for calendar widgets).

    Days of the neighbouring months fill the first and last rows; compare `.month`.
    """
    first = JalaliDate(year, month, 1)
    start = first.toordinal() - first.weekday()
    return [[JalaliDate.from_ordinal(start + 7 * w + d) for d in range(7)] for w in range(6)]


_INVISIBLE = dict.fromkeys(map(ord, "\u200c\u200d\u200e\u200f\u061c\ufeff\u2066\u2067\u2068\u2069"
                               "\u202a\u202b\u202c\u202d\u202e"))
_DATE_RE = re.compile(r"(\d+)\s*([/\-.])\s*(\d+)\s*\2\s*(\d+)", re.ASCII)


def parse_jalali(text: str) -> JalaliDate:
    """A Jalali date typed by a person: "۱۴۰۵/۹/۶", "1405-09-06", " ۱۴۰۵.۰۹.۰۶ ".

    Persian, Arabic-Indic or Latin digits; "/", "-" or "." (also "٫") between year, month
    and day, the same separator both times; year first with four digits, 1200–1600.
    Raises UserError(field="date") with a message that says what is wrong.
    """
    if text is None or not str(text).strip():
        raise UserError(MSG_EMPTY, field="date")
    text = str(text)
    shown = _short(text.strip())
    cleaned = to_latin_digits(text.translate(_INVISIBLE)).replace("\u066b", ".").strip()
    match = _DATE_RE.fullmatch(cleaned) if len(cleaned) <= 40 else None
    if match is None:
        raise UserError(MSG_FORMAT, field="date", text=shown)
    y, _sep, m, d = match.groups()
    if len(y) != 4:
        if len(d) == 4 and len(y) <= 2:
            raise UserError(MSG_YEAR_FIRST, field="date", text=shown)
        raise UserError(MSG_YEAR_DIGITS, field="date", text=shown)
    if len(m) > 2 or len(d) > 2:
        raise UserError(MSG_FORMAT, field="date", text=shown)
    year, month, day = int(y), int(m), int(d)
    _check(year, month, day, shown, PARSE_MIN_YEAR, PARSE_MAX_YEAR)
    return JalaliDate(year, month, day)


def format_jalali(d: _dt.date | JalaliDate | None, persian_digits: bool = True) -> str:
    """"۱۴۰۵/۰۹/۰۶" for a Gregorian date (or a JalaliDate); "" for None."""
    if d is None:
        return ""
    if isinstance(d, _dt.datetime):
        d = d.date()
    jd = d if isinstance(d, JalaliDate) else JalaliDate.from_gregorian(d)
    return jd.format(persian_digits)


def to_tehran(dt: _dt.datetime) -> _dt.datetime:
    """An aware datetime in Tehran time; a naive one is taken to be UTC (as stored)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=_dt.UTC)
    return dt.astimezone(TEHRAN)


def format_jalali_datetime(dt: _dt.datetime | None, persian_digits: bool = True) -> str:
    """"۱۴۰۵/۰۹/۰۶ ۱۴:۳۰" in Tehran time (naive = UTC); "" for None."""
    if dt is None:
        return ""
    local = to_tehran(dt)
    text = f"{JalaliDate.from_gregorian(local.date()).format(False)} {local:%H:%M}"
    return to_persian_digits(text) if persian_digits else text
