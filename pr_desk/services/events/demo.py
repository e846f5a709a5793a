"""Demo data of event planning: two Jalali years of the deputy's events (Nowruz in the
neighbourhoods, روز روابط عمومی on 27 Ordibehesht, the press festival around روز خبرنگار,
Tehran's city day on 14 Mehr, Yalda, conferences, project openings and the mayor's visits),
at the municipality's venues, with the officials of the meeting queue taking part. Each
event has its type's checklist applied (deadlines on working days; done, done late, not
needed, or still open), budget lines (one over its plan now and then), guests with their
honorifics and protocol ranks, invitations answered and, after the day, checked in, seats
by rank, and a programme. Past events were held and most reported with lessons; a couple
were cancelled with a reason; two clashes went ahead with the reason kept; a few events
fall next month so the calendar and the "next event" are alive. The office's own
occasions (روز روابط عمومی، روز شهرداری، هفته دفاع مقدس) are added too.

Everything is written in one transaction with bulk inserts (one audit entry per table),
as the meeting queue's demo does, so `pr-desk demo --size small` stays quick."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from typing import Any

from pr_desk.data import bulk
from pr_desk.data.engine import Database
from pr_desk.data.events import imports as q
from pr_desk.data.events.models import (
    BudgetLine,
    Event,
    EventOfficial,
    EventTask,
    Guest,
    Occasion,
    ProgrammeItem,
    Venue,
)
from pr_desk.data.ids import new_id
from pr_desk.data.types import utcnow
from pr_desk.domain.events import (
    EventStatus,
    Honorific,
    InvitationStatus,
    TaskStatus,
    event_code,
    task_due_date,
)
from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.roles import Role
from pr_desk.domain.text import localized_number, search_key
from pr_desk.domain.workweek import WorkCalendar
from pr_desk.i18n import _
from pr_desk.services import users as user_service
from pr_desk.services.context import Actor, write
from pr_desk.services.events.guests import name_search

SIZES = {"small": 1, "medium": 2, "large": 4}  # how many times the general events repeat a year
GUESTS = {"small": (12, 40), "medium": (25, 90), "large": (40, 180)}

VENUES = [
    ("سالن همایش‌های برج میلاد", 2000, "بزرگراه همت، برج میلاد"),
    ("تالار شهر (ساختمان شورای اسلامی شهر)", 300, "خیابان بهشت"),
    ("فرهنگسرای بهمن", 600, "میدان بهمن، منطقه ۱۶"),
    ("فرهنگسرای نیاوران", 400, "خیابان پاسداران، نیاوران"),
    ("باغ موزه قصر", 800, "خیابان شریعتی، منطقه ۷"),
    ("سالن اجتماعات ساختمان مرکزی شهرداری", 250, "خیابان بهشت، ساختمان شهرداری تهران"),
    ("بوستان آب و آتش", 3000, "بزرگراه همت، منطقه ۲"),
    ("فرهنگسرای اندیشه", 350, "خیابان شریعتی، منطقه ۷"),
]

# (type code, title, Jalali month, day, days, start time, end time, venue index or None)
ANNUAL: list[tuple[str, str, int, int, int, dt.time, dt.time, int | None]] = [
    ("celebration", "جشنواره نوروزی محلات «بهار شهر»", 1, 2, 4, dt.time(16, 0), dt.time(21, 0), 6),
    ("occasion", "همایش روز ارتباطات و روابط عمومی", 2, 27, 1, dt.time(9, 0), dt.time(13, 0), 0),
    ("occasion", "گرامیداشت روز شهرداری و دهیاری", 4, 14, 1, dt.time(10, 0), dt.time(12, 30), 1),
    ("festival", "جشنواره مطبوعات و خبرنگاران شهر تهران", 5, 16, 3, dt.time(9, 30), dt.time(18, 0), 0),
    ("occasion", "یادواره شهدای هفته دفاع مقدس", 6, 31, 1, dt.time(17, 0), dt.time(19, 30), 4),
    ("celebration", "جشن روز تهران", 7, 14, 1, dt.time(17, 0), dt.time(21, 0), 6),
    ("celebration", "جشن شب یلدا در محلات", 9, 30, 1, dt.time(18, 0), dt.time(22, 0), 2),
    ("conference", "همایش سالانه روابط عمومی‌های مناطق", 11, 20, 1, dt.time(8, 30), dt.time(14, 0), 7),
    ("celebration", "جشن استقبال از بهار", 12, 25, 1, dt.time(16, 0), dt.time(20, 0), 4),
]
GENERAL: list[tuple[str, str, int, dt.time, dt.time, int | None]] = [
    ("conference", "نشست خبری شهردار تهران با اصحاب رسانه", 1, dt.time(10, 0), dt.time(12, 0), 5),
    ("conference", "همایش شهر هوشمند و خدمات الکترونیک", 1, dt.time(9, 0), dt.time(16, 0), 0),
    ("conference", "نشست تخصصی پاسخ به شایعات در فضای مجازی", 1, dt.time(9, 0), dt.time(12, 0), 7),
    ("opening", "افتتاح بوستان محله‌ای منطقه {district}", 1, dt.time(10, 0), dt.time(11, 30), None),
    ("opening", "افتتاح تقاطع غیرهمسطح منطقه {district}", 1, dt.time(9, 0), dt.time(10, 30), None),
    ("opening", "افتتاح سرای محله منطقه {district}", 1, dt.time(16, 0), dt.time(17, 30), None),
    ("opening", "بهره‌برداری از ایستگاه جدید متروی منطقه {district}", 1, dt.time(8, 0), dt.time(9, 30), None),
    ("visit", "بازدید شهردار تهران از پروژه‌های منطقه {district}", 1, dt.time(8, 0), dt.time(12, 0), None),
    ("festival", "جشنواره فرهنگی محلات منطقه {district}", 2, dt.time(16, 0), dt.time(21, 0), 2),
    ("conference", "نشست هم‌اندیشی روابط عمومی‌های سازمان‌ها و شرکت‌ها", 1, dt.time(9, 0), dt.time(12, 0), 1),
]
NEXT_MONTH: list[tuple[str, str, dt.time, dt.time, int | None]] = [
    ("conference", "نشست خبری ماهانه معاونت ارتباطات", dt.time(10, 0), dt.time(12, 0), 5),
    ("opening", "افتتاح کتابخانه عمومی محله", dt.time(16, 0), dt.time(17, 30), None),
    ("celebration", "جشن میلاد در بوستان‌های شهر", dt.time(17, 0), dt.time(21, 0), 6),
]
BUDGET = {
    "festival": [("اجاره مکان", 900), ("تندیس، لوح و جوایز", 1200), ("تبلیغات و چاپ", 600), ("صوت، نور و تصویر", 450),
                 ("پذیرایی", 800), ("حق‌الزحمه داوران", 500)],
    "celebration": [("اجرای برنامه‌های فرهنگی", 700), ("تبلیغات محیطی", 350), ("صوت، نور و تصویر", 400), ("پذیرایی و هدایا", 600)],
    "occasion": [("پذیرایی", 150), ("چاپ و تبلیغات", 80), ("صوت و تصویر", 60)],
    "conference": [("اجاره سالن", 300), ("پذیرایی", 250), ("بسته خبری و چاپ", 90), ("پخش زنده", 120)],
    "opening": [("تابلو و بنر", 60), ("پذیرایی", 70), ("صوت و تصویر", 40)],
    "visit": [("ایاب و ذهاب", 20), ("پذیرایی", 15)],
}
FIRST_MEN = ["علی", "محمد", "حسین", "رضا", "مهدی", "حمید", "مجید", "سعید", "محسن", "امیر", "کاظم", "جواد", "مسعود", "ابراهیم", "بهروز"]
FIRST_WOMEN = ["زهرا", "مریم", "فاطمه", "سارا", "نرگس", "لیلا", "معصومه", "الهام", "شیرین", "مهسا", "فرزانه", "سمیه"]
LAST = ["رضایی", "احمدی", "محمدی", "حسینی", "کریمی", "موسوی", "جعفری", "صادقی", "رحیمی", "قاسمی", "نوری", "باقری", "کاظمی",
        "طاهری", "یزدانی", "شریفی", "نجفی", "هاشمی", "اکبری", "مرادی", "فرهادی", "سلیمانی", "امینی", "توکلی"]
POSTS = [("معاون شهردار تهران", "شهرداری تهران", "معاون شهردار"), ("عضو شورای اسلامی شهر تهران", "شورای اسلامی شهر تهران", "عضو شورای شهر"),
         ("شهردار منطقه", "شهرداری تهران", "شهردار منطقه"), ("مدیرکل ارتباطات", "استانداری تهران", "مدیرکل"),
         ("خبرنگار", "خبرگزاری ایرنا", "رسانه"), ("خبرنگار", "روزنامه همشهری", "رسانه"), ("عکاس خبری", "خبرگزاری ایسنا", "رسانه"),
         ("مدیر روابط عمومی", "سازمان فرهنگی هنری شهرداری", "سایر"), ("نماینده مردم تهران", "مجلس شورای اسلامی", "نماینده مجلس"),
         ("رئیس شورای اسلامی شهر تهران", "شورای اسلامی شهر تهران", "رئیس شورای شهر"), ("استاندار تهران", "استانداری تهران", "استاندار"),
         ("معاون وزیر کشور", "وزارت کشور", "معاون وزیر"), ("معتمد محل", "شورایاری محله", "سایر"), ("هنرمند", "", "مهمان ویژه")]
PROGRAMME = [("تلاوت آیاتی از کلام‌الله مجید", 5, ""), ("پخش سرود ملی جمهوری اسلامی ایران", 3, ""),
             ("خیرمقدم و گزارش برگزارکننده", 10, "{organiser}"), ("سخنرانی", 20, "{official}"), ("اجرای برنامه فرهنگی", 15, "گروه سرود"),
             ("اهدای لوح تقدیر", 15, "{official}"), ("پذیرایی", 20, "")]
LESSONS = ["دعوت‌نامه‌ها دیر ارسال شد؛ سال آینده دست‌کم سه هفته زودتر ارسال شود.",
           "ظرفیت پارکینگ کافی نبود؛ هماهنگی با پلیس راهور زودتر انجام شود.",
           "پخش زنده با استقبال خوبی همراه بود و باید ادامه یابد.",
           "تأخیر در شروع برنامه به دلیل دیر رسیدن سخنران؛ زمان‌بندی با دفتر مقام هماهنگ شود.",
           "هزینه پذیرایی بیش از برآورد شد؛ قرارداد پذیرایی زودتر و با استعلام بسته شود.",
           "حضور رسانه‌ها خوب بود؛ بسته خبری پیش از مراسم ارسال شود."]
CANCEL_REASONS = ["به دلیل اعلام عزای عمومی لغو شد.", "به دلیل شرایط جوی نامساعد لغو شد."]
CLASH_REASONS = ["هم‌زمانی با مراسم دیگر در همان مکان؛ دو سالن جداگانه رزرو شده است.",
                 "حضور شهردار در هر دو برنامه با فاصله زمانی هماهنگ شده است."]
OFFICE_OCCASIONS = [("روز ارتباطات و روابط عمومی", 2, 27, 1, False), ("روز شهرداری و دهیاری", 4, 14, 1, False),
                    ("روز خبرنگار", 5, 17, 1, False), ("هفته دفاع مقدس", 6, 31, 7, False), ("روز تهران", 7, 14, 1, False)]


def _record(actor: Actor, at: dt.datetime) -> dict[str, Any]:
    return {"id": new_id(), **bulk.stamps(actor.user_id, at)}


def _safe_date(year: int, month: int, day: int) -> dt.date:
    """Day `day` of a Jalali month, or its last day (Esfand has 29 days in most years)."""
    for d in (day, 30, 29):
        try:
            return JalaliDate(year, month, min(day, d)).to_gregorian()
        except Exception:  # the day the month does not have
            continue
    return JalaliDate(year, month, 1).to_gregorian()


@dataclass
class _Plan:
    type_code: str
    title: str
    start_on: dt.date
    days: int
    start_time: dt.time | None
    end_time: dt.time | None
    venue: int | None
    status: EventStatus = EventStatus.IDEA
    clash_reason: str = ""
    cancel_reason: str = ""
    shared_official: bool = False


class _Run:
    def __init__(self, session: Any, admin: Actor, rng: random.Random, size: str, calendar: WorkCalendar) -> None:
        self.session, self.admin, self.rng, self.size, self.calendar = session, admin, rng, size, calendar
        self.now = utcnow()
        self.today = JalaliDate.today().to_gregorian()
        self.rows: dict[type, list[dict[str, Any]]] = {}
        self.counts = {"guests": 0, "tasks": 0, "lines": 0}

    def add(self, model: type, **values: Any) -> dict[str, Any]:
        row = {**_record(self.admin, self.now), **values}
        self.rows.setdefault(model, []).append(row)
        return row

    # --- the catalogue -----------------------------------------------------------------------
    def catalogue(self, users: list[Any], units: list[Any]) -> None:
        self.types = {t.code: t.id for t in q.event_types(self.session)}
        known = {v.name: v for v in q.venues(self.session)}
        self.venues: list[tuple[uuid.UUID, int]] = []
        for name, capacity, address in VENUES:
            existing = known.get(name)
            if existing is not None:
                self.venues.append((existing.id, existing.capacity))
                continue
            row = self.add(Venue, name=name, name_search=search_key(name), address=address, capacity=capacity, note="", retired=False)
            self.venues.append((row["id"], capacity))
        self.clerks = [u.id for u in users if u.role is Role.CLERK] or [self.admin.user_id]
        self.units = [u.id for u in units]
        # The checklist templates of each type (the office's usual lists, seeded by the checklists service).
        by_type = q.checklists(self.session)
        self.checklists = {code: [(i.offset_days, i.title, i.owner_user_id, i.owner_unit_id) for i in by_type.get(type_id, [])]
                           for code, type_id in self.types.items()}
        for name, month, day, lasts, holiday in OFFICE_OCCASIONS:
            self.add(Occasion, name=name, on_date=None, jalali_month=month, jalali_day=day, lasts_days=lasts, holiday=holiday,
                     corrects_on=None, note="")
        self.ranks = {r.name: r.id for r in q.ranks(self.session)}
        self.officials = list(q.officials(self.session))

    # --- the plans of two years ------------------------------------------------------------------
    def plans(self) -> list[_Plan]:
        this_year = JalaliDate.today().year
        plans: list[_Plan] = []
        for year in (this_year - 1, this_year):
            for type_code, title, month, day, days, start, end, venue in ANNUAL:
                plans.append(_Plan(type_code, title, _safe_date(year, month, day), days, start, end, venue))
            for _repeat in range(SIZES.get(self.size, 1)):
                for type_code, title, days, start, end, venue in GENERAL:
                    start_on = _safe_date(year, self.rng.randint(1, 12), self.rng.randint(1, 28))
                    while start_on.weekday() == 4:  # not on a Friday
                        start_on += dt.timedelta(days=1)
                    plans.append(_Plan(type_code, title.format(district=localized_number(self.rng.randint(1, 22))), start_on,
                                       days, start, end, venue))
        # A few next month, so the calendar and the next event are alive.
        soon = self.today + dt.timedelta(days=30 - JalaliDate.today().day + 1)
        for offset, (type_code, title, start, end, venue) in enumerate(NEXT_MONTH):
            plans.append(_Plan(type_code, title, soon + dt.timedelta(days=3 + offset * 6), 1, start, end, venue))
        plans.append(_Plan("conference", "کارگاه آموزشی نگارش خبر برای روابط عمومی‌ها", self.today + dt.timedelta(days=4), 1,
                           dt.time(9, 0), dt.time(12, 0), 7))
        plans.sort(key=lambda p: (p.start_on, p.start_time or dt.time.min))
        self._statuses(plans)
        return plans

    def _statuses(self, plans: list[_Plan]) -> None:
        rng = self.rng
        past = [p for p in plans if p.start_on + dt.timedelta(days=p.days - 1) < self.today]
        for p in plans:
            if p in past:
                p.status = EventStatus.REPORTED if rng.random() < 0.75 else EventStatus.HELD
            elif p.start_on <= self.today + dt.timedelta(days=45):
                p.status = EventStatus.APPROVED if rng.random() < 0.7 else EventStatus.PLANNED
            else:
                p.status = rng.choice([EventStatus.IDEA, EventStatus.PLANNED, EventStatus.PLANNED])
        for p, reason in zip([p for p in past if p.type_code in ("opening", "celebration")][1::5][:2], CANCEL_REASONS, strict=False):
            p.status, p.cancel_reason = EventStatus.CANCELLED, reason
        # Two clashes that went ahead with their reason: the same venue, and the same official.
        with_venue = [p for p in plans if p.venue is not None and p.status is not EventStatus.CANCELLED]
        for first, reason in ((with_venue[len(with_venue) // 3], CLASH_REASONS[0]), (with_venue[2 * len(with_venue) // 3], CLASH_REASONS[1])):
            twin = _Plan("conference", "نشست هماهنگی " + first.title, first.start_on, 1, first.start_time, first.end_time,
                         first.venue if reason is CLASH_REASONS[0] else ((first.venue or 0) + 1) % len(VENUES),
                         first.status, clash_reason=reason, shared_official=reason is CLASH_REASONS[1])
            first.shared_official = twin.shared_official
            plans.append(twin)
        plans.sort(key=lambda p: (p.start_on, p.start_time or dt.time.min))

    # --- events and what each has --------------------------------------------------------------
    def events(self, plans: list[_Plan]) -> dict[int, int]:
        serials: dict[int, int] = {}
        taken = q.year_codes(self.session, {JalaliDate.from_gregorian(p.start_on).year for p in plans})
        for year, codes in taken.items():
            serials[year] = max((int(c.rsplit("-", 1)[1]) for c in codes if "-" in c), default=0)
        mayor = self.officials[0] if self.officials else None
        for p in plans:
            year = JalaliDate.from_gregorian(p.start_on).year
            serials[year] = serials.get(year, 0) + 1
            end_on = p.start_on + dt.timedelta(days=p.days - 1)
            venue_id, capacity = self.venues[p.venue % len(self.venues)] if p.venue is not None else (None, 0)
            seated = p.status in (EventStatus.APPROVED, EventStatus.HELD, EventStatus.REPORTED) and p.venue is not None
            per_row = 20 if capacity >= 400 else 12
            groups = min(10, max(1, capacity // per_row)) if seated else 0
            event = self.add(
                Event, code=event_code(year, serials[year]), jalali_year=year, type_id=self.types[p.type_code], title=p.title,
                title_search=search_key(p.title)[:300], organiser_unit_id=self.rng.choice(self.units) if self.units else None,
                start_on=p.start_on, start_time=p.start_time, end_on=end_on, end_time=p.end_time, venue_id=venue_id,
                status=p.status.value, status_on=min(self.today, end_on + dt.timedelta(days=5)) if p.status in (
                    EventStatus.HELD, EventStatus.REPORTED) else min(self.today, p.start_on - dt.timedelta(days=20)),
                cancel_reason=p.cancel_reason, description=f"برگزاری {p.title} با حضور مدیران شهری، شهروندان و اصحاب رسانه.",
                clash_reason=p.clash_reason, lessons=self.rng.choice(LESSONS) if p.status is EventStatus.REPORTED else "",
                expected_guests=0, seating_mode="rows", seating_groups=groups, seats_per_group=per_row if groups else 0,
                cloned_from_id=None)
            officials = ([mayor] if p.shared_official and mayor else []) + self.rng.sample(self.officials, min(2, len(self.officials)))
            for official in {o.id: o for o in officials}.values():
                self.add(EventOfficial, event_id=event["id"], official_id=official.id, role=self.rng.choice(["سخنران", "میزبان", "مهمان ویژه"]))
            self.tasks(event, p)
            self.budget(event, p)
            count = self.guests(event, p, groups * (per_row if groups else 0))
            event["expected_guests"] = count
            self.programme(event, p, officials)
        return serials

    def tasks(self, event: dict[str, Any], p: _Plan) -> None:
        for order, (offset, title, owner_user, owner_unit) in enumerate(self.checklists.get(p.type_code, [])):
            if owner_user is None and owner_unit is None:  # the template names no owner: a clerk, or the organiser unit
                owner_user, owner_unit = ((self.rng.choice(self.clerks), None) if self.rng.random() < 0.7
                                          else (None, event["organiser_unit_id"]))
            due = task_due_date(p.start_on, offset, self.calendar)
            status, done_on = TaskStatus.OPEN, None
            if p.status is EventStatus.CANCELLED:
                status = TaskStatus.DROPPED if due >= self.today - dt.timedelta(days=30) else TaskStatus.DONE
            elif due < self.today:
                roll = self.rng.random()
                if roll < 0.8 or p.status is EventStatus.REPORTED:
                    status, done_on = TaskStatus.DONE, due - dt.timedelta(days=self.rng.randint(0, 3))
                    if self.rng.random() < 0.2:  # done late
                        done_on = due + dt.timedelta(days=self.rng.randint(1, 6))
                    done_on = min(done_on, self.today)
                elif roll < 0.88:
                    status = TaskStatus.DROPPED
            elif due < self.today + dt.timedelta(days=5) and self.rng.random() < 0.3:
                status, done_on = TaskStatus.DONE, self.today
            self.add(EventTask, event_id=event["id"], title=title, offset_days=offset, due_on=due, owner_user_id=owner_user,
                     owner_unit_id=owner_unit, status=status.value, done_on=done_on,
                     note="لازم نشد" if status is TaskStatus.DROPPED else "", sort_order=order)
            self.counts["tasks"] += 1

    def budget(self, event: dict[str, Any], p: _Plan) -> None:
        past = p.status in (EventStatus.HELD, EventStatus.REPORTED)
        for order, (category, millions) in enumerate(BUDGET[p.type_code]):
            planned = int(millions * self.rng.uniform(0.7, 1.4)) * 1_000_000 * 10  # Rials (the figure in thousand Tomans)
            committed = planned if p.status is not EventStatus.IDEA and self.rng.random() < 0.8 else 0
            paid = 0
            if past:
                paid = int(planned * self.rng.uniform(0.85, 1.0)) // 10_000 * 10_000
                if self.rng.random() < 0.12:  # over its plan
                    paid = int(planned * self.rng.uniform(1.1, 1.35)) // 10_000 * 10_000
                committed = max(committed, paid)
            self.add(BudgetLine, event_id=event["id"], category=category, description="", planned=planned, committed=committed,
                     paid=paid, sort_order=order)
            self.counts["lines"] += 1

    def _person(self) -> tuple[Honorific, str]:
        woman = self.rng.random() < 0.35
        first = self.rng.choice(FIRST_WOMEN if woman else FIRST_MEN)
        roll = self.rng.random()
        if woman:
            honorific = Honorific.DR_MRS if roll < 0.25 else Honorific.ENG_MRS if roll < 0.35 else Honorific.MRS
        else:
            honorific = (Honorific.DR_MR if roll < 0.25 else Honorific.ENG_MR if roll < 0.4 else Honorific.HOJJAT if roll < 0.45
                         else Honorific.MR)
        return honorific, f"{first} {self.rng.choice(LAST)}"

    def guests(self, event: dict[str, Any], p: _Plan, seats: int) -> int:
        low, high = GUESTS.get(self.size, GUESTS["small"])
        count = self.rng.randint(low // 2, low) if p.type_code in ("visit", "opening") else self.rng.randint(low, high)
        if p.status is EventStatus.IDEA:
            count = self.rng.randint(0, 4)
        past = p.status in (EventStatus.HELD, EventStatus.REPORTED)
        rows = []
        for n in range(count):
            honorific, name = self._person()
            post, organisation, rank = self.rng.choice(POSTS)
            if n == count - 1 and past:
                honorific, name, post, organisation, rank = Honorific.NONE, "انجمن صنفی روزنامه‌نگاران تهران", "", "", "رسانه"
            invitation = InvitationStatus.TO_INVITE
            if p.status is EventStatus.CANCELLED or past or p.start_on <= self.today + dt.timedelta(days=14):
                invitation = self.rng.choices([InvitationStatus.ACCEPTED, InvitationStatus.DECLINED, InvitationStatus.INVITED],
                                              [70, 15, 15])[0]
            elif p.status is EventStatus.APPROVED:
                invitation = self.rng.choice([InvitationStatus.INVITED, InvitationStatus.TO_INVITE])
            invited_on = p.start_on - dt.timedelta(days=self.rng.randint(10, 20)) if invitation is not InvitationStatus.TO_INVITE else None
            responded = invitation in (InvitationStatus.ACCEPTED, InvitationStatus.DECLINED)
            checked_in = None
            if past and invitation is InvitationStatus.ACCEPTED and self.rng.random() < 0.85:
                start = dt.datetime.combine(p.start_on, p.start_time or dt.time(9, 0)) - dt.timedelta(minutes=self.rng.randint(-20, 40))
                checked_in = (start - dt.timedelta(hours=3, minutes=30)).replace(tzinfo=dt.UTC)  # Tehran time as UTC
            rows.append({"event_id": event["id"], "honorific": honorific.value, "full_name": name,
                         "name_search": name_search(name, post, organisation), "title": post,
                         "organisation": organisation,
                         "mobile": f"09{self.rng.choice([12, 19, 35, 36, 10, 21])}{self.rng.randint(1000000, 9999999)}"
                         if self.rng.random() < 0.8 else None,
                         "rank_id": self.ranks.get(rank), "invitation": invitation.value,
                         "invited_on": min(invited_on, self.today) if invited_on else None,
                         "responded_on": min(invited_on + dt.timedelta(days=3), self.today) if responded and invited_on else None,
                         "seat": None, "checked_in_at": checked_in, "walk_in": False, "note": ""})
        if past and rows:  # a few who came without an invitation
            for _w in range(self.rng.randint(0, 3)):
                honorific, name = self._person()
                rows.append({**rows[0], "honorific": honorific.value, "full_name": name, "name_search": name_search(name, "", ""),
                             "title": "", "organisation": "", "mobile": None, "rank_id": self.ranks.get("سایر"),
                             "invitation": InvitationStatus.ACCEPTED.value, "invited_on": None, "responded_on": None,
                             "walk_in": True, "checked_in_at": rows[0]["checked_in_at"] or (dt.datetime.combine(
                                 p.start_on, p.start_time or dt.time(9)) - dt.timedelta(hours=3, minutes=20)).replace(tzinfo=dt.UTC)})
        if seats:  # seated by protocol rank, front rows first
            order = list(self.ranks.values())
            ranked = sorted((r for r in rows if r["invitation"] == InvitationStatus.ACCEPTED.value and not r["walk_in"]),
                            key=lambda r: order.index(r["rank_id"]) if r["rank_id"] in order else len(order))
            per_row = event["seats_per_group"]
            for index, row in enumerate(ranked[:seats]):
                row["seat"] = f"R{index // per_row + 1}-{index % per_row + 1}"
        for row in rows:
            self.add(Guest, **row)
        self.counts["guests"] += len(rows)
        return len(rows)

    def programme(self, event: dict[str, Any], p: _Plan, officials: list[Any]) -> None:
        if p.type_code == "visit" or p.status is EventStatus.IDEA:
            return
        at = dt.datetime.combine(p.start_on, p.start_time or dt.time(9, 0))
        speaker = officials[0].name if officials else "شهردار تهران"
        for position, (title, minutes, who) in enumerate(PROGRAMME):
            if title == "اجرای برنامه فرهنگی" and p.type_code in ("opening", "conference"):
                continue
            self.add(ProgrammeItem, event_id=event["id"], position=position, starts_at=at.time(), minutes=minutes, title=title,
                     speaker=who.format(organiser="مدیر روابط عمومی منطقه", official=speaker), guest_id=None, note="")
            at += dt.timedelta(minutes=minutes)

    def write_rows(self) -> None:
        """Everything bulk-inserted, parents first, with one audit entry per table."""
        from pr_desk.data.audit import append

        for model in (Venue, Occasion, Event, EventOfficial, EventTask, BudgetLine, Guest, ProgrammeItem):
            rows = self.rows.get(model, [])
            if rows:
                q.bulk_insert(self.session, model, rows)
                append(self.session, action="demo_data", table_name=model.__tablename__, summary=f"{len(rows)} demo rows")


def _year(year: int) -> str:
    return localized_number(year).replace("٬", "").replace(",", "")


def build_demo(db: Database, admin: Actor, *, size: str, rng: random.Random) -> str:
    from pr_desk.services import units as unit_service
    from pr_desk.services.events.catalogue import ensure_default_types
    from pr_desk.services.events.checklists import ensure_default_checklists
    from pr_desk.services.events.guests import ensure_default_ranks
    from pr_desk.services.office_settings import load_settings

    ensure_default_types(db, admin)  # the other slices' own seeding: types, their checklists, protocol ranks
    ensure_default_checklists(db, admin)
    ensure_default_ranks(db, admin)
    users = [u for u in user_service.list_users(db, admin) if u.active]
    units = unit_service.list_units(db, admin, include_retired=False)
    with write(db, admin) as session:
        run = _Run(session, admin, rng, size, load_settings(session).calendar)
        run.catalogue(users, units)
        plans = run.plans()
        run.events(plans)
        run.write_rows()
    years = sorted({JalaliDate.from_gregorian(p.start_on).year for p in plans})
    return _("Events: {events} in {first} to {last}, with {guests} guests, {tasks} tasks and {lines} budget lines.").format(
        events=localized_number(len(plans)), first=_year(years[0]), last=_year(years[-1]), guests=localized_number(run.counts["guests"]),
        tasks=localized_number(run.counts["tasks"]), lines=localized_number(run.counts["lines"]))
