"""Demo data of the meeting queue: Persian citizens with valid national codes, the mayor,
deputies and district mayors, a year of requests, sessions, orders and follow-ups (some
overdue). Bulk-inserted through the data layer, with one audit entry per table."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pr_desk.data import audit, bulk
from pr_desk.data.engine import Database
from pr_desk.data.ids import new_id
from pr_desk.data.meetings import queries as q
from pr_desk.data.meetings.models import (
    Citizen,
    MeetingOrder,
    MeetingRequest,
    MeetingSession,
    Official,
    OrderFollowUp,
    SessionEntry,
)
from pr_desk.data.numbering import next_number, replica_prefix
from pr_desk.data.queries import units as unit_queries
from pr_desk.data.types import utcnow
from pr_desk.domain.jalali import TEHRAN, JalaliDate
from pr_desk.domain.meetings import (
    DEFAULT_PRIORITY_ORDER,
    Channel,
    OrderStatus,
    PriorityGroup,
    RequestStatus,
    SessionStatus,
    SubjectCategory,
    priority_rank,
    queue_key_for,
    tracking_code,
)
from pr_desk.domain.national_code import national_code_check_digit
from pr_desk.domain.text import localized_number, normalize_for_search, search_key
from pr_desk.domain.workweek import WorkCalendar
from pr_desk.i18n import _
from pr_desk.services.context import Actor, write

if TYPE_CHECKING:
    from pr_desk.data.transactions import Session

SIZES = {"small": 300, "medium": 5_000, "large": 50_000}
FIRST_NAMES = ["علی", "محمد", "حسین", "رضا", "مهدی", "امیر", "سعید", "حمید", "مجید", "جواد", "فاطمه", "زهرا", "مریم", "سارا",
               "نرگس", "لیلا", "معصومه", "الهام", "سمیه", "رقیه", "ابوالفضل", "مصطفی", "یاسر", "کاظم", "بهروز", "شهلا", "پروین"]
LAST_NAMES = ["رضایی", "محمدی", "حسینی", "احمدی", "کریمی", "موسوی", "جعفری", "صادقی", "رحیمی", "قاسمی", "نوری", "باقری",
              "اکبری", "مرادی", "کاظمی", "عباسی", "طاهری", "شریفی", "زارعی", "ملکی", "سلطانی", "نجفی", "فتحی", "یزدانی", "میرزایی",
              "امینی", "حیدری", "قربانی", "اسدی", "خسروی", "عبدالهی", "رستمی", "نیک‌نام", "پورمحمدی"]
TEXTS = {
    SubjectCategory.URBAN_SERVICES: ["جمع‌آوری نشدن زباله در کوچه", "خرابی روشنایی معابر خیابان", "آسفالت نامناسب کوچه", "گرفتگی جوی آب"],
    SubjectCategory.BUILDING_PERMITS: ["تأخیر در صدور پروانه ساختمانی", "اعتراض به عوارض پروانه", "درخواست پایان‌کار ساختمان"],
    SubjectCategory.TRAFFIC: ["نیاز به سرعت‌گیر در کوچه", "مشکل پارک خودرو مقابل منزل", "درخواست خط اتوبوس جدید"],
    SubjectCategory.GREEN_SPACE: ["قطع درختان کوچه", "تجهیز بوستان محله", "آبیاری نشدن فضای سبز"],
    SubjectCategory.PROPERTY: ["غرامت ملک در طرح تعریض", "تملک ملک در طرح شهری", "اعتراض به قیمت کارشناسی ملک"],
    SubjectCategory.SOCIAL: ["درخواست کمک برای فرهنگسرای محله", "برگزاری کلاس برای سالمندان", "کمک به خانواده نیازمند"],
    SubjectCategory.STAFF_COMPLAINT: ["برخورد نامناسب مأمور", "پاسخ ندادن کارشناس ناحیه"],
    SubjectCategory.EMPLOYMENT: ["درخواست اشتغال در شهرداری", "درخواست غرفه در بازارچه"],
    SubjectCategory.OTHER: ["پیشنهاد برای بهبود خدمات محله", "درخواست ملاقات حضوری برای موضوع خانوادگی"],
}
ORDERS = ["بررسی و اقدام فوری", "گزارش نتیجه ظرف مهلت مقرر", "پیگیری و رفع مشکل با هماهنگی ناحیه", "بازدید میدانی و ارائه گزارش",
          "بررسی در کمیسیون و اعلام نتیجه", "هماهنگی با سازمان مربوط و پاسخ به شهروند"]
PLACES = ["دفتر شهردار", "سالن جلسات طبقه دوم", "دفتر معاونت", "سالن ملاقات مردمی"]


def _national_codes(rng: random.Random, count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        first = f"{rng.randrange(1, 999_999_999):09d}"
        if len(set(first)) > 1:
            codes.add(first + str(national_code_check_digit(first)))
    # shuffled from their sorted order: a set's own order changes with each process's hash
    # seed, and the demo must be the same wherever its seed is (tests pick its requests)
    return sorted(sorted(codes), key=lambda _c: rng.random())


def _record(actor: Actor, at: dt.datetime) -> dict[str, Any]:
    return {"id": new_id(), **bulk.stamps(actor.user_id, at)}


def build_demo(db: Database, admin: Actor, *, size: str, rng: random.Random) -> str:
    total = SIZES.get(size, SIZES["small"])
    today = JalaliDate.today().to_gregorian()
    with write(db, admin) as session:
        run = _DemoRun(session, admin, rng, today=today, start=today - dt.timedelta(days=365), now=utcnow())
        run.add_officials()
        run.add_citizens(max(10, int(total * 0.8)))
        run.plan_sessions()
        run.add_requests(total)
        run.write_rows()
        overdue = sum(1 for o in run.orders if o["status"] == OrderStatus.OPEN.value and o["due_date"] < today)
    return _("Meetings: {requests} requests of {citizens} citizens, {sessions} sessions, {orders} orders ({overdue} overdue).").format(
        requests=localized_number(len(run.requests)), citizens=localized_number(len(run.citizens)),
        sessions=localized_number(len(run.session_rows)), orders=localized_number(len(run.orders)), overdue=localized_number(overdue))


@dataclass
class _DemoRun:
    """One demo build: its steps share the transaction, the random source (drawn from in a
    fixed order, so a seed always gives the same office) and the rows made so far."""

    session: Session
    admin: Actor
    rng: random.Random
    today: dt.date
    start: dt.date
    now: dt.datetime
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    officials: list[Official] = field(default_factory=list)
    citizens: list[dict[str, Any]] = field(default_factory=list)
    sessions: dict[Any, list[dict[str, Any]]] = field(default_factory=dict)  # official id -> its sessions, by date
    session_rows: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    orders: list[dict[str, Any]] = field(default_factory=list)
    follow_ups: list[dict[str, Any]] = field(default_factory=list)
    prefix: str = ""
    district_units: list[Any] = field(default_factory=list)
    next_session_index: dict[Any, int] = field(default_factory=dict)

    def add_officials(self) -> None:
        """The mayor, the deputies and the 22 district mayors (through the ORM: few, audited one by one)."""
        rng = self.rng
        people: list[tuple[str, str, int | None]] = [("شهردار تهران", "علیرضا زاکانی", None), ("معاون خدمات شهری", "محمد امانی", None),
                  ("معاون شهرسازی و معماری", "حمید سوری", None), ("معاون حمل‌ونقل و ترافیک", "محسن هرمزی", None),
                  ("معاون اجتماعی و فرهنگی", "ابوذر کریمی", None)]
        for number in range(1, 23):
            people.append((f"شهردار منطقه {number}", f"{rng.choice(FIRST_NAMES[:10])} {rng.choice(LAST_NAMES)}", number))
        for order, (title, name, district) in enumerate(people):
            o = Official(name=name, title=title, name_search=search_key(f"{title} {name}"), district=district,
                         regular_slots=f'[{{"weekday": {order % 5}, "start": "09:00", "end": "11:00", "place": "{PLACES[order % 4]}"}}]',
                         active=True, sort_order=order)
            self.session.add(o)
            self.officials.append(o)
        self.session.flush()

    def add_citizens(self, count: int) -> None:
        rng, admin, now = self.rng, self.admin, self.now
        for code in _national_codes(rng, count):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            group = rng.choices([PriorityGroup.NONE, PriorityGroup.VETERAN_FAMILY, PriorityGroup.DISABILITY, PriorityGroup.ELDERLY], [88, 4, 3, 5])[0]
            at = now - dt.timedelta(days=rng.randrange(365, 400))
            self.citizens.append({**_record(admin, at), "national_code": code, "first_name": first, "last_name": last,
                                  "name_search": search_key(f"{first} {last}"), "last_name_search": search_key(last),
                                  "mobile": f"09{rng.choice(['12', '19', '35', '36', '01', '02'])}{rng.randrange(10**7):07d}",
                                  "district": rng.randrange(1, 23), "priority_group": group.value,
                                  "priority_note": "" if group is PriorityGroup.NONE else f"کارت {rng.randrange(10**5, 10**6)}", "notes": ""})
        q.bulk_insert(self.session, Citizen, self.citizens)

    def plan_sessions(self) -> None:
        """Each official weekly on their weekday, a year back and two weeks ahead."""
        start, today = self.start, self.today
        for index, o in enumerate(self.officials):
            weekday = index % 5  # Saturday..Wednesday
            day = start + dt.timedelta(days=(weekday - (start.weekday() + 2) % 7) % 7)
            every = 7 if index < 5 else 14
            while day <= today + dt.timedelta(days=14):
                capacity = 12 if index == 0 else 8
                row = {**_record(self.admin, self.now), "official_id": o.id, "session_date": day, "start_time": dt.time(9), "end_time": dt.time(11),
                       "place": PLACES[index % 4], "capacity": capacity,
                       "status": SessionStatus.HELD.value if day < today else SessionStatus.PLANNED.value, "notes": "", "_used": 0}
                self.session_rows.append(row)
                self.sessions.setdefault(o.id, []).append(row)
                day += dt.timedelta(days=every)

    def add_requests(self, total: int) -> None:
        """Requests in registration order, each placed, met and ordered as far as its date allows."""
        self.prefix = replica_prefix(self.session)
        self.district_units = [u for u in unit_queries.page(self.session) if u.retired_on is None]
        times = sorted(self.start + dt.timedelta(days=self.rng.randrange(0, 366)) for _ in range(total))
        for day in times:
            r, o = self._request(day)
            self.requests.append(r)
            s = self._place(o, day)
            if s is None:
                continue  # still waiting in the queue
            self._meet(r, s, day)

    _WEIGHTS = [6, 3, 3, 3, 3] + [1] * 22  # the mayor, the deputies, then each district mayor

    def _request(self, day: dt.date) -> tuple[dict[str, Any], Official]:
        """A citizen's request to an official, registered on `day`."""
        rng = self.rng
        c = rng.choice(self.citizens)
        o = rng.choices(self.officials, self._WEIGHTS)[0]
        if o.district is not None and rng.random() < 0.7:
            district = o.district
        else:
            district = c["district"]
        subject = rng.choice(list(SubjectCategory))
        at = dt.datetime.combine(day, dt.time(rng.randrange(8, 15), rng.randrange(60), rng.randrange(60)), tzinfo=TEHRAN)
        year = JalaliDate.from_gregorian(day).year
        group = PriorityGroup(c["priority_group"])
        text = f"{rng.choice(TEXTS[subject])} در محله {rng.choice(['نارمک', 'تهرانپارس', 'پونک', 'شهرک غرب', 'یافت‌آباد', 'نازی‌آباد', 'سعادت‌آباد', 'جوادیه'])}"
        r = {**_record(self.admin, at), "tracking_code": tracking_code(self.prefix, year, next_number(self.session, f"meeting_request:{year}")),
             "citizen_id": c["id"], "official_id": o.id, "subject_category": subject.value,
             "channel": rng.choice(list(Channel)).value, "description": text, "description_search": normalize_for_search(text),
             "status": RequestStatus.WAITING.value, "district": district, "priority_group": group.value,
             "priority_note": c["priority_note"], "queue_rank": priority_rank(group, DEFAULT_PRIORITY_ORDER),
             "queue_key": queue_key_for(at), "queue_moved": False, "registered_at": at, "registered_on": day, "no_show_count": 0,
             "met_on": None, "wait_days": None, "result": "", "satisfaction": None, "closed_on": None, "reopen_reason": "", "cancel_reason": ""}
        return r, o

    def _place(self, o: Official, day: dt.date) -> dict[str, Any] | None:
        """A place in the official's first session at least a week later that has room
        (None: the request stays in the queue)."""
        candidates = self.sessions[o.id]
        i = self.next_session_index.get(o.id, 0)
        # requests come in date order, so a session passed over is never needed again
        while i < len(candidates) and (candidates[i]["session_date"] < day + dt.timedelta(days=7) or candidates[i]["_used"] >= candidates[i]["capacity"]):
            i += 1
        self.next_session_index[o.id] = i
        if i >= len(candidates) or self.rng.random() < 0.03:
            return None
        return candidates[i]

    def _meet(self, r: dict[str, Any], s: dict[str, Any], day: dt.date) -> None:
        """The request's entry in session `s`: scheduled, a no-show, or met with the official's orders."""
        rng, today = self.rng, self.today
        s["_used"] += 1
        entry = {**_record(self.admin, self.now), "session_id": s["id"], "request_id": r["id"], "position": s["_used"], "checked_in_at": None,
                 "called_at": None, "finished_at": None, "outcome": None}
        self.entries.append(entry)
        if s["session_date"] >= today:
            r["status"] = RequestStatus.SCHEDULED.value
            return
        meeting_start = dt.datetime.combine(s["session_date"], dt.time(9), tzinfo=TEHRAN) + dt.timedelta(minutes=10 * s["_used"])
        if rng.random() < 0.06:
            entry["outcome"] = "no_show"
            r["no_show_count"] = 1
            return  # back in the queue
        entry.update(checked_in_at=meeting_start - dt.timedelta(minutes=rng.randrange(5, 40)), called_at=meeting_start,
                     finished_at=meeting_start + dt.timedelta(minutes=rng.randrange(5, 15)), outcome="attended")
        r.update(status=RequestStatus.HELD.value, met_on=s["session_date"], wait_days=(s["session_date"] - day).days)
        all_closed = True
        last_closed = s["session_date"]
        for _k in range(rng.choices([0, 1, 2, 3], [10, 50, 30, 10])[0]):
            order = self._order(r, s)
            if order["status"] == OrderStatus.OPEN.value:
                all_closed = False
            else:
                last_closed = max(last_closed, order["done_on"] or last_closed)
            self.orders.append(order)
            self._follow_ups(order, s)
        if all_closed and rng.random() < 0.9:
            r.update(status=RequestStatus.CLOSED.value, closed_on=last_closed, result="دستورات انجام شد و نتیجه به شهروند اعلام شد",
                     satisfaction=rng.choices([1, 2, 3, 4, 5], [5, 8, 20, 37, 30])[0])

    def _order(self, r: dict[str, Any], s: dict[str, Any]) -> dict[str, Any]:
        """One order of the official, referred to a unit; done or rejected when its deadline is past (mostly)."""
        rng, today = self.rng, self.today
        due = self.calendar.add_working_days(s["session_date"], rng.choice([5, 10, 10, 15]))
        unit = rng.choice(self.district_units)
        status, done_on, reason = OrderStatus.OPEN.value, None, ""
        if due < today - dt.timedelta(days=3) or rng.random() < 0.3:
            roll = rng.random()
            if roll < 0.8:
                done_on = min(today, due + dt.timedelta(days=rng.randrange(-8, 6)))
                done_on = max(done_on, s["session_date"])
                status = OrderStatus.DONE.value
            elif roll < 0.87:
                done_on, status, reason = min(today, due), OrderStatus.REJECTED.value, "خارج از حیطه اختیارات واحد"
        return {**_record(self.admin, self.now), "request_id": r["id"], "session_id": s["id"], "text": rng.choice(ORDERS), "unit_id": unit.id,
                "given_on": s["session_date"], "due_date": due, "status": status, "rejected_reason": reason, "done_on": done_on,
                "closing_note": ""}

    def _follow_ups(self, order: dict[str, Any], s: dict[str, Any]) -> None:
        rng = self.rng
        for _f in range(rng.choices([0, 1, 2], [50, 35, 15])[0]):
            noted = s["session_date"] + dt.timedelta(days=rng.randrange(1, 20))
            if noted <= self.today:
                self.follow_ups.append({**_record(self.admin, self.now), "order_id": order["id"], "noted_on": noted,
                                        "note": rng.choice(["تماس با واحد؛ در دست اقدام", "نامه پیگیری ارسال شد", "پاسخ واحد دریافت شد"])})

    def write_rows(self) -> None:
        """Everything bulk-inserted, parents first, with one audit entry per table."""
        session = self.session
        self.session_rows = [row for row in self.session_rows if row["_used"] or row["session_date"] >= self.today]  # no empty past sessions
        for row in self.session_rows:
            row.pop("_used")
        q.bulk_insert(session, MeetingSession, self.session_rows)
        q.bulk_insert(session, MeetingRequest, self.requests)
        q.bulk_insert(session, SessionEntry, self.entries)
        q.bulk_insert(session, MeetingOrder, self.orders)
        q.bulk_insert(session, OrderFollowUp, self.follow_ups)
        for table, count in (("citizen", len(self.citizens)), ("meeting_session", len(self.session_rows)), ("meeting_request", len(self.requests)),
                             ("session_entry", len(self.entries)), ("meeting_order", len(self.orders)), ("order_follow_up", len(self.follow_ups))):
            audit.append(session, action="demo_data", table_name=table, summary=f"{count} demo rows")
