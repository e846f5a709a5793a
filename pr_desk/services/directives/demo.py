"""Demo data of the directive register: three Jalali years of the deputy's directives,
circulars, guidelines and notices (پوشش خبری، شبکه‌های اجتماعی، روابط عمومی الکترونیک،
مناسبت‌ها، پاسخگویی به شکایات ...), each drafted by a clerk, some returned once, approved
and issued by a supervisor on its own date; sent to the 22 districts, to organisations or
to a few units; acknowledged on time by diligent units, late or never by others;
implemented with evidence that a supervisor accepts or refuses; a few amended (a new
version everyone acknowledges again), superseded or repealed; and a handful still being
drafted. Everything goes through the services, with the past dates passed explicitly."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from pr_desk.data.engine import Database
from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.roles import Role
from pr_desk.domain.text import localized_number, to_persian_digits
from pr_desk.domain.units import UnitKind
from pr_desk.domain.workweek import FRIDAY, iranian_weekday
from pr_desk.i18n import _
from pr_desk.services import directives as dv
from pr_desk.services import units as unit_service
from pr_desk.services import users as user_service
from pr_desk.services.context import Actor

SIZES = {"small": 32, "medium": 100, "large": 300}  # general directives a year (plus the occasions)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(48)) + b"\xff\xd9"

# (kind code, title): the standing subjects of the deputy's directives.
GENERAL = [
    ("directive", "پوشش خبری رویدادها و افتتاح پروژه‌های شهری"),
    ("guideline", "مدیریت صفحات رسمی واحدها در شبکه‌های اجتماعی"),
    ("directive", "استقرار روابط عمومی الکترونیک و به‌روزرسانی پرتال واحدها"),
    ("regulation", "پاسخگویی به شکایات و درخواست‌های شهروندان در سامانه ۱۳۷"),
    ("circular", "برگزاری مراسم و مناسبت‌های ملی و مذهبی در مناطق"),
    ("directive", "تهیه و انتشار بولتن خبری روزانه"),
    ("guideline", "پایش رسانه‌ها و تهیه گزارش تحلیلی افکار عمومی"),
    ("directive", "هویت بصری و کاربرد نشان شهرداری در تبلیغات محیطی"),
    ("circular", "هماهنگی مصاحبه مدیران با رسانه‌ها"),
    ("regulation", "نظام پیشنهادها و ارتباطات مردمی"),
    ("directive", "اطلاع‌رسانی در شرایط اضطرار و بحران"),
    ("guideline", "تولید محتوای چندرسانه‌ای و اینفوگرافیک"),
    ("notice", "ساعات پاسخگویی تلفنی روابط عمومی‌ها"),
    ("circular", "ثبت و گزارش ملاقات‌های مردمی مدیران"),
    ("directive", "سنجش رضایت شهروندان از خدمات شهری"),
    ("guideline", "برگزاری نشست‌های خبری و دعوت از خبرنگاران"),
    ("directive", "آموزش ضمن خدمت کارکنان روابط عمومی"),
    ("circular", "صرفه‌جویی در چاپ و انتشار نشریات کاغذی"),
    ("notice", "معرفی رابطان خبری واحدها"),
    ("regulation", "ارزیابی عملکرد روابط عمومی‌های تابعه"),
    ("directive", "حفاظت از اطلاعات شخصی شهروندان در انتشار اخبار"),
    ("guideline", "پاسخ به اخبار نادرست و شایعات در فضای مجازی"),
    ("circular", "مستندسازی تصویری پروژه‌های عمرانی"),
    ("directive", "برگزاری جشنواره‌های فرهنگی محلات"),
    ("guideline", "نگارش خبر و گزارش به زبان ساده برای شهروندان"),
    ("circular", "انتشار عملکرد ماهانه مناطق در پایگاه خبری"),
    ("directive", "تبلیغات محیطی و نصب بنر در معابر"),
    ("notice", "به‌روزرسانی فهرست تماس مدیران برای رسانه‌ها"),
    ("guideline", "پخش زنده برنامه‌ها و رویدادها در فضای مجازی"),
    ("directive", "اطلاع‌رسانی پروژه‌های محله‌محور و مشارکت شهروندان"),
    ("circular", "هماهنگی روابط عمومی‌ها در بازدیدهای میدانی شهردار"),
    ("regulation", "بایگانی اسناد و آرشیو تصویری روابط عمومی"),
    ("guideline", "دسترس‌پذیری محتوای پرتال برای افراد دارای معلولیت"),
    ("circular", "پاسخ به مکاتبات رسانه‌ها ظرف مهلت مقرر"),
    ("directive", "برگزاری نمایشگاه‌ها و حضور در نمایشگاه‌های ملی"),
    ("notice", "استفاده از قالب یکسان در اطلاعیه‌های رسمی"),
    ("guideline", "تهیه گزارش سالانه عملکرد روابط عمومی"),
    ("circular", "اطلاع‌رسانی محدودیت‌های ترافیکی و انسداد معابر"),
    ("directive", "ارتباط با تشکل‌های مردمی و شورایاری‌ها"),
    ("guideline", "مدیریت پیامک‌های اطلاع‌رسانی به شهروندان"),
    ("circular", "پوشش خبری جلسات شورای اسلامی شهر"),
    ("directive", "نظارت بر محتوای منتشرشده در پیام‌رسان‌های داخلی"),
    ("regulation", "تشویق و تقدیر از روابط عمومی‌های برتر"),
    ("guideline", "ترجمه و انتشار اخبار برای گردشگران خارجی"),
    ("circular", "هماهنگی اطلاع‌رسانی طرح‌های فضای سبز"),
    ("directive", "اطلاع‌رسانی خدمات الکترونیک شهرداری در پنجره واحد"),
    ("circular", "پوشش خبری جلسات کمیسیون ماده ۱۰۰"),
    ("guideline", "طراحی و تولید پوستر مناسبت‌ها با قالب واحد"),
    ("notice", "زمان‌بندی ارسال اخبار برای خبرگزاری‌ها"),
    ("directive", "راه‌اندازی میز خدمت در روابط عمومی مناطق"),
    ("circular", "اطلاع‌رسانی برنامه‌های فرهنگسراها و سراهای محله"),
    ("guideline", "پاسخگویی به پیام‌های شهروندان در شبکه‌های اجتماعی"),
    ("regulation", "نحوه همکاری با رسانه‌های محلی و نشریات منطقه‌ای"),
    ("directive", "پوشش خبری برنامه‌های هفته بسیج و هفته دفاع مقدس"),
    ("circular", "گزارش‌دهی هفتگی به ستاد خبری شهرداری"),
    ("guideline", "استفاده از عکس و فیلم شهروندان با رعایت حقوق آنان"),
    ("notice", "برگزاری جلسه ماهانه مدیران روابط عمومی"),
    ("directive", "اطلاع‌رسانی طرح‌های نوسازی بافت فرسوده"),
    ("circular", "تهیه فهرست رویدادهای شاخص هر منطقه"),
    ("guideline", "گویندگی و اجرای مراسم رسمی"),
    ("directive", "مدیریت تابلوهای اطلاع‌رسانی دیجیتال شهری"),
    ("circular", "اطلاع‌رسانی بازارچه‌های محلی و نمایشگاه‌های فصلی"),
    ("regulation", "تشکیل کارگروه روابط عمومی در سازمان‌های تابعه"),
    ("guideline", "تولید پادکست و محتوای صوتی"),
    ("directive", "پوشش خبری پروژه‌های حمل‌ونقل عمومی و مترو"),
    ("notice", "معرفی سخنگوی خبری مناطق"),
    ("circular", "اطلاع‌رسانی ساعات کار ادارات در ایام خاص"),
    ("guideline", "ارزیابی اثربخشی تبلیغات و کارزارهای اطلاع‌رسانی"),
    ("directive", "برگزاری کارزارهای فرهنگی شهروندی"),
    ("circular", "هماهنگی اطلاع‌رسانی طرح‌های مدیریت پسماند و تفکیک از مبدأ"),
    ("guideline", "تنظیم گزارش خبری برای مناسبت‌های ملی"),
    ("directive", "رسیدگی به درخواست‌های مصاحبه و تهیه گزارش رسانه‌ها"),
    ("circular", "اطلاع‌رسانی ایمنی ساختمان‌ها و پیشگیری از حریق"),
    ("notice", "یکسان‌سازی امضای ایمیل و مکاتبات الکترونیک"),
    ("guideline", "نحوه حضور مدیران در برنامه‌های زنده رادیو و تلویزیون"),
    ("directive", "اطلاع‌رسانی طرح‌های کاهش آلودگی هوا"),
    ("circular", "پوشش خبری افتتاح بوستان‌ها و فضاهای ورزشی"),
    ("guideline", "مستندسازی تجربه‌های موفق روابط عمومی"),
    ("directive", "ارتباط با دانشگاه‌ها و انجمن‌های علمی روابط عمومی"),
    ("circular", "اطلاع‌رسانی برنامه‌های ویژه سالمندان و کودکان"),
    ("regulation", "نحوه استفاده از خودرو و تجهیزات تصویربرداری"),
    ("guideline", "پاسخ به پرسش‌های پرتکرار شهروندان در پرتال"),
    ("directive", "اطلاع‌رسانی عوارض و تخفیف‌های نوسازی"),
    ("circular", "گزارش ماهانه بازدید از روابط عمومی‌های نواحی"),
]
# (kind code, title with {year}, Jalali month of issue): what every year brings.
OCCASIONS = [
    ("circular", "ستاد اطلاع‌رسانی ایام نوروز {year}", 12),
    ("directive", "برنامه‌های هفته ملی روابط عمومی {year}", 2),
    ("circular", "پوشش خبری مراسم ماه محرم {year}", 4),
    ("notice", "اطلاع‌رسانی طرح ترافیکی بازگشایی مدارس {year}", 6),
    ("circular", "اطلاع‌رسانی طرح آمادگی زمستانی {year}", 8),
    ("notice", "برنامه‌های دهه فجر {year}", 10),
]
DUTIES = [
    "واحدها موظفند ظرف ۴۸ ساعت پس از هر رویداد، خبر و تصاویر آن را برای درج در پایگاه خبری شهرداری ارسال کنند.",
    "انتشار هرگونه مطلب در صفحات رسمی واحد با تأیید مدیر روابط عمومی (یا جانشین او) مجاز است.",
    "گزارش اقدامات انجام‌شده در قالب فرم پیوست (پیوست ۱) هر ماه به اداره هماهنگی امور مناطق ارسال شود.",
    "رابط خبری هر واحد باید در همه ساعات اداری در دسترس باشد و شماره تماس او به معاونت اعلام شود.",
    "در متن‌های منتشرشده از نشان و قالب مصوب شهرداری استفاده و از به‌کاربردن واژه‌های بیگانه پرهیز شود.",
    "پاسخ به پرسش‌ها و شکایات شهروندان حداکثر ظرف سه روز کاری داده و نتیجه در سامانه ثبت شود.",
    "هزینه‌های مربوط از محل اعتبارات جاری روابط عمومی واحد و با رعایت مقررات مالی پرداخت می‌شود.",
    "مستندات اجرا (تصاویر، صورت‌جلسه‌ها و فهرست حاضران) تا پایان هر فصل در پرونده واحد نگهداری شود.",
    "هماهنگی با مرکز ارتباطات و امور بین‌الملل پیش از هر مصاحبه یا نشست خبری الزامی است.",
]
ISSUERS = ["معاونت روابط عمومی", "معاونت روابط عمومی", "معاونت روابط عمومی", "مرکز ارتباطات و امور بین‌الملل",
           "شورای هماهنگی روابط عمومی‌های شهرداری تهران"]
TAGS = ["اطلاع‌رسانی", "رسانه", "شبکه‌های اجتماعی", "پوشش خبری", "مناسبت‌ها", "ارتباطات مردمی", "آموزش", "پرتال"]
FIRST = ["زهرا", "علی", "مریم", "رضا", "فاطمه", "حسین", "سارا", "مهدی", "نرگس", "امیر", "الهام", "سعید", "لیلا", "جواد"]
LAST = ["کاظمی", "رضایی", "محمدی", "حسینی", "احمدی", "کریمی", "موسوی", "جعفری", "صادقی", "رحیمی", "قاسمی", "نوری", "باقری"]
POSTS = ["مدیر روابط عمومی", "کارشناس روابط عمومی", "مسئول دبیرخانه", "معاون روابط عمومی", "کارشناس خبر"]
RETURN_REASONS = ["ماده ۳ نیاز به صراحت بیشتر دارد.", "مرجع صادرکننده و تاریخ اجرا را اصلاح کنید.",
                  "با بخشنامه قبلی هم‌پوشانی دارد؛ بازنگری شود."]
CHANGES = ["اصلاح مهلت ارسال گزارش از ۴۸ به ۲۴ ساعت", "افزودن ماده درباره صفحات رسمی در پیام‌رسان‌های داخلی",
           "اصلاح دامنه شمول و افزودن شرکت‌های تابعه", "به‌روزرسانی فهرست رابطان خبری و شماره‌های تماس"]
DONE = ["برگزاری جلسه توجیهی با کارکنان و ابلاغ داخلی", "انتشار اطلاعیه در پرتال و صفحات رسمی واحد",
        "تهیه گزارش تصویری و ارسال به معاونت", "اجرای کامل مفاد در همه نواحی منطقه",
        "تشکیل کارگروه اجرایی و تهیه برنامه زمان‌بندی"]
REFUSALS = ["مستندات ناقص است؛ تصاویر و صورت‌جلسه پیوست نشده است.", "گزارش با مفاد ماده ۳ مطابقت ندارد.",
            "تاریخ اجرا در گزارش مشخص نشده است."]


def _actor(user: user_service.UserInfo) -> Actor:
    return Actor(user.id, user.username, user.display_name, user.role)


def _working(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=1) if iranian_weekday(day) == FRIDAY else day


def _body(kind_name: str, title: str, rng: random.Random) -> str:
    duties = rng.sample(DUTIES, 3)
    articles = [
        f"ماده ۱ - هدف: ساماندهی و ارتقای کیفیت «{title}» در روابط عمومی‌های تابعه شهرداری تهران.",
        f"ماده ۲ - دامنه شمول: این {kind_name} برای روابط عمومی مناطق ۲۲‌گانه و سازمان‌ها و شرکت‌های تابعه لازم‌الاجراست.",
        *(f"ماده {n} - {duty}" for n, duty in zip("۳۴۵", duties, strict=True)),
        "ماده ۶ - مسئولیت حسن اجرای این " + kind_name + " بر عهده مدیران روابط عمومی واحدها است.",
        f"ماده ۷ - این {kind_name} در ۷ ماده تهیه شده و از تاریخ ابلاغ لازم‌الاجراست.",
    ]
    return "\n".join(articles)


@dataclass
class _Plan:
    kind_code: str
    title: str
    issued_on: dt.date
    supersedes: str | None = None  # title of the directive it replaces
    repeals: str | None = None  # title of the directive it repeals


@dataclass
class _Run:
    db: Database
    clerk: Actor
    supervisor: Actor
    rng: random.Random
    today: dt.date
    kinds: dict[str, dv.KindInfo]
    diligence: dict[object, float]
    doomed: set[str]  # titles a later directive supersedes or repeals (never amended)
    issued: dict[str, dv.DirectiveDetail] = field(default_factory=dict)  # by title
    ended: set[str] = field(default_factory=set)  # titles superseded or repealed
    amended: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=lambda: {"issued": 0, "amended": 0, "ended": 0, "drafts": 0})

    def _day(self, day: dt.date) -> dt.date:
        return min(day, self.today)

    def draft(self, plan: _Plan, *, returned: bool) -> dv.DirectiveDetail:
        kind = self.kinds[plan.kind_code]
        approved = plan.issued_on - dt.timedelta(days=self.rng.randint(1, 8))
        d = dv.create_directive(self.db, self.clerk, kind_id=kind.id, title=plan.title, issuer=self.rng.choice(ISSUERS),
                                tags=self.rng.sample(TAGS, 2), body=_body(kind.name, plan.title, self.rng))
        d = dv.submit(self.db, self.clerk, d.info.id, expected_version=d.latest.version)
        if returned:
            d = dv.return_version(self.db, self.supervisor, d.info.id, reason=self.rng.choice(RETURN_REASONS),
                                  expected_version=d.latest.version)
            d = dv.update_draft(self.db, self.clerk, d.info.id, expected_version=d.latest.version,
                                body=d.latest.body + "\nتبصره - در موارد فوری، هماهنگی تلفنی با معاونت کافی است.")
            d = dv.submit(self.db, self.clerk, d.info.id, expected_version=d.latest.version)
        return dv.approve(self.db, self.supervisor, d.info.id, expected_version=d.latest.version, approved_on=approved)

    def issue(self, plan: _Plan) -> None:
        d = self.draft(plan, returned=self.rng.random() < 0.1)
        effective = plan.issued_on + dt.timedelta(days=self.rng.choice((0, 0, 1, 3, 7)))
        d = dv.issue(self.db, self.supervisor, d.info.id, expected_version=d.latest.version, issued_on=plan.issued_on,
                     effective_on=effective)
        self.counts["issued"] += 1
        self.issued[plan.title] = d
        if plan.supersedes and plan.supersedes in self.issued:
            old = self.issued[plan.supersedes]
            if plan.supersedes not in self.ended:
                dv.link_directives(self.db, self.supervisor, d.info.id, old.info.id, dv.Relation.SUPERSEDES,
                                   on=plan.issued_on, note="جایگزین ویرایش پیشین")
                self.ended.add(plan.supersedes)
                self.counts["ended"] += 1
        if plan.repeals:
            self.repeal(plan.title, plan.repeals, plan.issued_on)
        communicated, impl_due = self.distribute(d, plan.issued_on)
        self.acknowledge(d, communicated, version=1)
        age = (self.today - plan.issued_on).days
        if impl_due is not None:
            self.implement(d, communicated, impl_due)
        elif age > 60 and self.rng.random() < 0.4:
            # without a deadline, the most diligent units still report what they did
            self.implement(d, communicated, communicated + dt.timedelta(days=45), only_above=0.9)
        if age > 120 and plan.title not in self.doomed and self.rng.random() < 0.1:
            self.amend(d, plan.issued_on + dt.timedelta(days=self.rng.randint(60, min(age - 20, 300))))
            self.amended.add(plan.title)

    def distribute(self, d: dv.DirectiveDetail, issued_on: dt.date) -> tuple[dt.date, dt.date | None]:
        """Sends it to all districts (most often), districts and organisations,
        organisations and companies, or a few units; (the day, the implementation deadline)."""
        day = self._day(_working(issued_on + dt.timedelta(days=self.rng.choice((0, 0, 1, 2)))))
        choice = self.rng.random()
        impl_due = day + dt.timedelta(days=self.rng.choice((30, 45, 60, 90))) if self.rng.random() < 0.35 else None
        working_days = self.rng.choice((5, 5, 7))

        def send(**chosen: object) -> None:
            dv.distribute(self.db, self.clerk, d.info.id, communicated_on=day, impl_due=impl_due,
                          ack_working_days=working_days, **chosen)  # type: ignore[arg-type]

        if choice < 0.55:
            send(all_districts=True)
        elif choice < 0.75:
            send(all_districts=True, unit_kind=UnitKind.ORGANISATION.value)
        elif choice < 0.9:
            send(unit_kind=UnitKind.ORGANISATION.value)
            send(unit_kind=UnitKind.COMPANY.value)
        else:
            send(unit_ids=self.rng.sample(list(self.diligence), self.rng.randint(3, 6)))
        return day, impl_due

    def acknowledge(self, d: dv.DirectiveDetail, communicated: dt.date, *, version: int) -> None:
        entries = []
        for r in dv.list_recipients(self.db, self.supervisor, d.info.id):
            if r.acknowledged_version == version:
                continue
            care = self.diligence.get(r.unit_id, 0.8)
            if self.rng.random() > care:
                continue  # never acknowledged
            late = self.rng.random() > care
            delay = self.rng.randint(8, 35) if late else self.rng.randint(0, 6)
            day = _working(communicated + dt.timedelta(days=delay))
            if day > self.today:
                continue  # not yet
            entries.append(dv.AcknowledgementEntry(r.unit_id, f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}",
                                                   self.rng.choice(POSTS), day))
        if entries:
            dv.acknowledge_many(self.db, self.clerk, d.info.id, entries, version=version)

    def implement(self, d: dv.DirectiveDetail, communicated: dt.date, impl_due: dt.date, *, only_above: float = 0.0) -> None:
        for r in dv.list_recipients(self.db, self.supervisor, d.info.id):
            if r.acknowledged_on is None:
                continue
            care = self.diligence.get(r.unit_id, 0.8)
            if care < only_above or self.rng.random() > care:
                continue
            window = (impl_due - r.acknowledged_on).days
            late = self.rng.random() > care + 0.1
            day = _working(r.acknowledged_on + dt.timedelta(days=self.rng.randint(5, max(6, window)) + (self.rng.randint(5, 40) if late else 0)))
            if day > self.today:
                continue
            evidence, name = (PDF, "گزارش اجرا.pdf") if self.rng.random() < 0.7 else (JPEG, "تصویر مراسم.jpg")
            r = dv.record_implementation(self.db, self.clerk, r.id, expected_version=r.version, on=day,
                                         note=self.rng.choice(DONE), evidence_name=name, evidence=evidence)
            checked = self._day(day + dt.timedelta(days=self.rng.randint(2, 15)))
            if checked >= self.today - dt.timedelta(days=3) or self.rng.random() < 0.15:
                continue  # waiting to be checked
            if self.rng.random() < 0.82:
                dv.check_evidence(self.db, self.supervisor, r.id, expected_version=r.version, verdict=dv.Verdict.ACCEPTED, on=checked)
            else:
                dv.check_evidence(self.db, self.supervisor, r.id, expected_version=r.version, verdict=dv.Verdict.NOT_ACCEPTED,
                                  reason=self.rng.choice(REFUSALS), on=checked)

    def amend(self, d: dv.DirectiveDetail, on: dt.date) -> None:
        on = self._day(_working(on))
        change = self.rng.choice(CHANGES)
        d = dv.amend(self.db, self.clerk, d.info.id, change_note=change,
                     body=d.latest.body + f"\nماده ۸ - {change}.")
        d = dv.submit(self.db, self.clerk, d.info.id, expected_version=d.latest.version)
        d = dv.approve(self.db, self.supervisor, d.info.id, expected_version=d.latest.version,
                       approved_on=on - dt.timedelta(days=2))
        d = dv.issue(self.db, self.supervisor, d.info.id, expected_version=d.latest.version, issued_on=on, effective_on=on)
        self.counts["amended"] += 1
        self.acknowledge(d, on, version=2)

    def repeal(self, source: str, target: str, on: dt.date) -> None:
        if source in self.issued and target in self.issued and target not in self.ended and source not in self.ended:
            self.ended.add(target)
            dv.link_directives(self.db, self.supervisor, self.issued[source].info.id, self.issued[target].info.id,
                               dv.Relation.REPEALS, on=on, note="با ابلاغ دستورالعمل جدید، این مصوبه لغو می‌شود.")
            self.counts["ended"] += 1


def _plans(rng: random.Random, today: JalaliDate, per_year: int) -> list[_Plan]:
    """What each of the last three Jalali years issued, in order of issue."""
    plans: list[_Plan] = []
    used: list[str] = []
    pool = list(GENERAL)
    rng.shuffle(pool)
    for year in (today.year - 2, today.year - 1, today.year):
        months = 12 if year < today.year else today.month
        for kind, title, month in OCCASIONS:
            issue_year, issue_month = (year - 1, 12) if month == 12 else (year, month)  # نوروز: issued in Esfand before
            day = JalaliDate(issue_year, issue_month, rng.randint(1, 25)).to_gregorian()
            if day < today.to_gregorian() - dt.timedelta(days=2):
                plans.append(_Plan(kind, title.format(year=to_persian_digits(year)), _working(day)))
        count = per_year * months // 12
        for n in range(count):
            kind, title = pool.pop() if pool else rng.choice(GENERAL)
            supersedes = None
            editions = [(k, t) for k, t in GENERAL if t in used and f"{t} (ویرایش {to_persian_digits(year)})" not in used]
            if (not pool or (year > today.year - 2 and n % 16 == 7)) and editions:
                # a new edition of an earlier directive replaces it
                kind, base = rng.choice(editions)
                supersedes = next(t for t in reversed(used) if t.startswith(base))
                title = f"{base} (ویرایش {to_persian_digits(year)})"
            last = min(today.to_gregorian() - dt.timedelta(days=2), JalaliDate(year, months, 1).last_of_month().to_gregorian())
            first = JalaliDate(year, 1, 1).to_gregorian()
            day = _working(first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days))))
            plans.append(_Plan(kind, title, day, supersedes))
            used.append(title)
    plans.sort(key=lambda p: p.issued_on)
    return plans


def build_demo(db: Database, admin: Actor, *, size: str, rng: random.Random) -> str:
    staff = [u for u in user_service.list_users(db, admin) if u.active]
    clerk = next((_actor(u) for u in staff if u.role is Role.CLERK), admin)
    supervisor = next((_actor(u) for u in staff if u.role is Role.SUPERVISOR), admin)
    kinds = {k.code: k for k in dv.ensure_default_kinds(db, admin)}
    units = unit_service.list_units(db, admin, include_retired=False)
    diligence = {u.id: rng.choice((0.97, 0.95, 0.92, 0.88, 0.8, 0.65)) for u in units}
    today = JalaliDate.today()
    plans = _plans(rng, today, SIZES.get(size, SIZES["small"]))
    # A few directives repeal an older one on another subject (a merged, newer rule).
    fresh = [p for p in plans if p.supersedes is None]
    for index in range(3):
        fresh[len(fresh) // 2 + index * 5].repeals = fresh[index * 3].title
    doomed = {p.supersedes for p in plans if p.supersedes} | {p.repeals for p in plans if p.repeals}
    run = _Run(db, clerk, supervisor, rng, today.to_gregorian(), kinds, diligence, doomed)  # type: ignore[arg-type]
    for plan in plans:
        run.issue(plan)
    # One amendment issued two days ago: some units have acknowledged it, the others still
    # hold the earlier version's acknowledgement.
    recent = next((p for p in reversed(plans) if (run.today - p.issued_on).days > 40 and p.title not in doomed
                   and p.title not in run.amended), None)
    if recent is not None:
        run.amend(run.issued[recent.title], run.today - dt.timedelta(days=2))
    # And the work in progress: a draft, one in review, one returned, one approved.
    for n, step in enumerate(("draft", "review", "returned", "approved")):
        kind, title = GENERAL[n * 7]
        kind_info = kinds[kind]
        d = dv.create_directive(db, clerk, kind_id=kind_info.id, title=f"{title} (پیش‌نویس بازنگری)", issuer=ISSUERS[0],
                                body=_body(kind_info.name, title, rng))
        run.counts["drafts"] += 1
        if step == "draft":
            continue
        d = dv.submit(db, clerk, d.info.id, expected_version=d.latest.version)
        if step == "returned":
            dv.return_version(db, supervisor, d.info.id, reason=RETURN_REASONS[0], expected_version=d.latest.version)
        elif step == "approved":
            dv.approve(db, supervisor, d.info.id, expected_version=d.latest.version)
    return _("Directives: {issued} issued ({amended} amended, {ended} superseded or repealed), {drafts} in preparation.").format(
        issued=localized_number(run.counts["issued"]), amended=localized_number(run.counts["amended"]),
        ended=localized_number(run.counts["ended"]), drafts=localized_number(run.counts["drafts"]))
