"""Working days: deadlines (مهلت) are counted in working days, not calendar days.

Weekdays use the Iranian numbering of `JalaliDate.weekday()`: 0 = Saturday … 6 = Friday.
Friday is the weekend; an office that also closes on Thursdays uses
``WorkCalendar(weekend=frozenset({5, 6}))``. Holidays are Gregorian dates (as stored).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

THURSDAY = 5
FRIDAY = 6


def iranian_weekday(d: dt.date) -> int:
    """0 = Saturday … 6 = Friday (as JalaliDate.weekday)."""
    return (d.weekday() + 2) % 7


@dataclass(frozen=True)
class WorkCalendar:
    weekend: frozenset[int] = frozenset({FRIDAY})
    holidays: frozenset[dt.date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        weekend = frozenset(self.weekend)
        if not all(isinstance(w, int) and 0 <= w <= 6 for w in weekend):
            raise ValueError("weekend days are 0 (Saturday) … 6 (Friday)")
        if len(weekend) == 7:
            raise ValueError("a week needs at least one working day")
        holidays = frozenset(self.holidays)
        if any(isinstance(h, dt.datetime) or not isinstance(h, dt.date) for h in holidays):
            raise TypeError("holidays must be datetime.date values")
        object.__setattr__(self, "weekend", weekend)
        object.__setattr__(self, "holidays", holidays)

    @property
    def working_days_per_week(self) -> int:
        return 7 - len(self.weekend)

    def is_working_day(self, d: dt.date) -> bool:
        return iranian_weekday(d) not in self.weekend and d not in self.holidays

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (before it, if n < 0); `start` itself is not
        counted, so a 3-working-day deadline set on Wednesday falls on Sunday.
        n == 0 returns `start` unchanged, working day or not."""
        step = 1 if n >= 0 else -1
        remaining = abs(n)
        d = start
        # whole weeks at once, when no holiday can be in the way
        per_week = self.working_days_per_week
        while remaining > per_week:
            weeks = (remaining - 1) // per_week
            jump = d + dt.timedelta(days=7 * weeks * step)
            lo, hi = (d, jump) if step > 0 else (jump, d)
            if any(lo <= h <= hi for h in self.holidays):
                break  # walk day by day from here
            d, remaining = jump, remaining - weeks * per_week
        while remaining:
            d += dt.timedelta(days=step)
            if self.is_working_day(d):
                remaining -= 1
        return d

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days d with a < d <= b (negative when b is before a).

        So ``working_days_between(a, add_working_days(a, n)) == n`` for n >= 0 when
        the result is a working day, which it always is for n > 0.
        """
        if b < a:
            return -self.working_days_between(b, a)
        total_days = (b - a).days
        weeks, rest = divmod(total_days, 7)
        count = weeks * self.working_days_per_week
        first_weekday = iranian_weekday(a)
        count += sum(1 for i in range(1, rest + 1) if (first_weekday + i) % 7 not in self.weekend)
        count -= sum(1 for h in self.holidays if a < h <= b and iranian_weekday(h) not in self.weekend)
        return count
