"""The year's calendar of occasions: Iran's official occasions and holidays (from the
`holidays` package, country IR, Persian names, English ones in English) merged with the office's own occasions.

The package marks a lunar date it computed ahead (not yet announced) with "(تخمینی)" in
its name: here that is `estimated=True` and the marker leaves the name. The office's
entries win: an office occasion that `corrects_on` an estimated official date hides the
official entry of that date and stands on the announced date instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pr_desk.domain.errors import UserError
from pr_desk.domain.jalali import JalaliDate, days_in_month, month_range
from pr_desk.domain.text import to_persian_digits
from pr_desk.i18n import N_

ESTIMATED_MARKER = "(تخمینی)"
ESTIMATED_MARKERS = (ESTIMATED_MARKER, "(estimated)")  # the package's Persian and English names
MAX_LASTS_DAYS = 31


@dataclass(frozen=True)
class DayOccasion:
    """An occasion on one day (an occasion of several days gives one per day)."""

    on: dt.date
    name: str
    holiday: bool
    estimated: bool = False
    official: bool = True  # from the country's calendar; False: the office's own
    occasion_id: object | None = None  # the office occasion's id (uuid) when official is False


@dataclass(frozen=True)
class OfficeOccasionRule:
    """An office occasion as stored (plain values): one-off `on_date`, or yearly Jalali month/day."""

    id: object
    name: str
    on_date: dt.date | None
    jalali_month: int | None
    jalali_day: int | None
    lasts_days: int
    holiday: bool
    corrects_on: dt.date | None


def clean_official_name(name: str, language: str = "fa") -> tuple[str, bool]:
    """('عید سعید فطر', True) from 'عید سعید فطر (تخمینی)'; ('Ashura', True) from 'Ashura (estimated)'."""
    estimated = any(marker in name for marker in ESTIMATED_MARKERS)
    for marker in ESTIMATED_MARKERS:
        name = name.replace(marker, " ")
    name = " ".join(name.split())
    return (to_persian_digits(name) if language == "fa" else name), estimated


@lru_cache(maxsize=64)
def _official_year(year: int, language: str = "fa") -> tuple[DayOccasion, ...]:
    """The package's names in the interface's language: Persian, or English in English."""
    import holidays

    table = holidays.country_holidays("IR", years=year, language="fa_IR" if language == "fa" else "en_US")
    out: list[DayOccasion] = []
    for day in sorted(table):
        for raw in table.get_list(day):
            name, estimated = clean_official_name(raw, language)
            out.append(DayOccasion(day, name, True, estimated, True, None))
    return tuple(out)


def official_occasions(first: dt.date, last: dt.date) -> list[DayOccasion]:
    """Iran's official occasions (all of them official holidays) on the days [first, last]."""
    from pr_desk.i18n import current_language

    out: list[DayOccasion] = []
    for year in range(first.year, last.year + 1):
        out.extend(o for o in _official_year(year, current_language()) if first <= o.on <= last)
    return out


def check_yearly_day(month: int, day: int) -> None:
    """A month and day that exist in the Jalali calendar (30 Esfand: only in leap years)."""
    if not 1 <= month <= 12:
        raise UserError(N_("There is no month {month} in the Jalali calendar."), field="jalali_month", month=month)
    longest = 31 if month <= 6 else 30
    if not 1 <= day <= longest:
        raise UserError(N_("Month {month} of the Jalali calendar has at most {days} days."), field="jalali_day",
                        month=month, days=longest)


def check_one_off_day(year: int, month: int, day: int) -> dt.date:
    """The Gregorian day of a one-off Jalali date, refused with one sentence if it does not exist."""
    check_yearly_day(month, day)
    days = days_in_month(year, month)
    if day > days:
        raise UserError(N_("Month {month} of the Jalali year {year} has {days} days, so there is no day {day}."),
                        field="on_date", month=month, year=year, days=days, day=day)
    return JalaliDate(year, month, day).to_gregorian()


def _starts_of(rule: OfficeOccasionRule, first: dt.date, last: dt.date) -> list[dt.date]:
    if rule.on_date is not None:
        return [rule.on_date]
    if rule.jalali_month is None or rule.jalali_day is None:
        return []
    starts = []
    span = dt.timedelta(days=max(1, rule.lasts_days) - 1)
    for year in range(JalaliDate.from_gregorian(first - span).year, JalaliDate.from_gregorian(last).year + 1):
        if rule.jalali_day <= days_in_month(year, rule.jalali_month):
            starts.append(JalaliDate(year, rule.jalali_month, rule.jalali_day).to_gregorian())
    return starts


def office_occasions(rules: Iterable[OfficeOccasionRule], first: dt.date, last: dt.date) -> list[DayOccasion]:
    out = []
    for rule in rules:
        for start in _starts_of(rule, first, last):
            for i in range(max(1, rule.lasts_days)):
                day = start + dt.timedelta(days=i)
                if first <= day <= last:
                    out.append(DayOccasion(day, rule.name, rule.holiday, False, False, rule.id))
    return out


def merged_occasions(rules: Sequence[OfficeOccasionRule], first: dt.date, last: dt.date) -> list[DayOccasion]:
    """Official and office occasions on [first, last], by day: the office's win (a
    correction hides the estimated official entries of the date it corrects)."""
    corrected = {r.corrects_on for r in rules if r.corrects_on is not None}
    official = [o for o in official_occasions(first, last) if not (o.estimated and o.on in corrected)]
    office = office_occasions(rules, first, last)
    return sorted(office + official, key=lambda o: (o.on, o.official, o.name))


def holiday_dates(rules: Sequence[OfficeOccasionRule], first: dt.date, last: dt.date) -> set[dt.date]:
    return {o.on for o in merged_occasions(rules, first, last) if o.holiday}


def jalali_year_range(year: int) -> tuple[dt.date, dt.date]:
    return month_range(year, 1)[0], month_range(year, 12)[1]
