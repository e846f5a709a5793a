"""Scale (slice A): with 5,000 events over two years the month's data holds the month's
events and days, and reads the same again. How fast is bench/events_bench.py's to say
(timed assertions do not belong in the suite: one failed at 100.3 ms under load)."""

from __future__ import annotations

import datetime as dt
import random

from pr_desk.data.events.models import Event
from pr_desk.domain.jalali import JalaliDate
from pr_desk.services.context import write
from pr_desk.services.events import calendar as cal
from pr_desk.services.events import catalogue


def test_month_of_5000_events(sqlite_office) -> None:  # type: ignore[no-untyped-def]
    db, admin = sqlite_office
    types = catalogue.list_event_types(db, admin)
    venues = [catalogue.save_venue(db, admin, name=f"سالن {i}", capacity=100) for i in range(10)]
    rng = random.Random(14)
    today = JalaliDate.today().to_gregorian()
    with write(db, admin) as s:
        for i in range(5000):
            d = today + dt.timedelta(days=rng.randint(-365, 365))
            year = JalaliDate.from_gregorian(d).year
            s.add(Event(code=f"E{year}-{i:05d}", jalali_year=year, type_id=types[i % 6].id, title=f"رویداد {i}",
                        title_search=f"رویداد {i}", start_on=d, end_on=d + dt.timedelta(days=rng.choice([0, 0, 1, 2])),
                        venue_id=venues[i % 10].id, status="planned"))
    jd = JalaliDate.today()
    month = cal.month_data(db, admin, year=jd.year, month=jd.month)
    first, last = month.weeks[0][0].day, month.weeks[-1][-1].day
    assert sum(len(d.events) for d in month.days) > 100
    again = cal.month_data(db, admin, year=jd.year, month=jd.month)
    assert again.weeks == month.weeks
    assert all(first <= d.day <= last for w in month.weeks for d in w)
