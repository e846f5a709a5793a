"""Demo data of the unit evaluation: the default template, half-year periods of the last
two years (closed) and the current one (open), all 22 districts and some organisations and companies,
inspectors assigned, every form status, a corrected (revised) form, units whose
results rise or fall from period to period, and two units of the current period scored by a
second inspector (calibration): one decided, one waiting for the supervisor."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass
from decimal import Decimal

from pr_desk.data.engine import Database
from pr_desk.domain.evaluation import period_range
from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.roles import Role
from pr_desk.domain.text import localized_number
from pr_desk.domain.units import UnitKind
from pr_desk.i18n import _
from pr_desk.services import evaluation as ev
from pr_desk.services import units as unit_service
from pr_desk.services import users as user_service
from pr_desk.services.context import Actor

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
PEOPLE_MET = ["مدیر روابط عمومی و دو کارشناس خبر", "معاون روابط عمومی و مسئول پرتال", "مدیر روابط عمومی و کارشناس ارتباطات مردمی"]
FINDINGS = [
    "بولتن خبری به‌طور منظم تهیه می‌شود ولی تحلیل ندارد.",
    "ملاقات مردمی هفتگی برگزار می‌شود و درخواست‌ها در سامانه ثبت شده‌اند.",
    "پرتال واحد در دو ماه اخیر به‌روزرسانی نشده است.",
    "گزارش اجرای دستورالعمل‌ها کامل و مستند است.",
    "دوره‌های آموزشی کارکنان کمتر از برنامه سالانه بوده است.",
]
RECOMMENDATIONS = [
    "به‌روزرسانی هفتگی پرتال و انتشار اینفوگرافیک",
    "برگزاری دوره آموزش خبرنویسی برای کارشناسان",
    "سنجش رضایت شهروندان پس از هر ملاقات",
    "ارسال به‌موقع گزارش اجرای بخشنامه‌ها",
]
NOTES = ["گزارش تصویری پیوست است", "فهرست اخبار منتشرشده در دوره", "صورت‌جلسه‌ها و فهرست حاضران", "نامه‌های ابلاغ و رسید"]


def _actor(user: user_service.UserInfo) -> Actor:
    return Actor(user.id, user.username, user.display_name, user.role)


def _scores(form: ev.FormDetail, quality: float, bias: float, rng: random.Random) -> list[ev.ScoreInput]:
    lines = []
    for line in form.lines:
        ratio = min(1.0, max(0.0, quality + rng.uniform(-0.15, 0.15)))
        inspector = (line.max_score * Decimal(str(round(ratio * 2, 1) / 2))).quantize(Decimal("0.5"))
        self_ratio = min(1.0, max(0.0, ratio + bias + rng.uniform(-0.05, 0.1)))
        self_score = (line.max_score * Decimal(str(round(self_ratio * 2, 1) / 2))).quantize(Decimal("0.5"))
        note = rng.choice(NOTES) if line.evidence_required or rng.random() < 0.2 else ""
        lines.append(ev.ScoreInput(line.indicator_id, min(self_score, line.max_score), min(inspector, line.max_score), note))
    return lines


def build_demo(db: Database, admin: Actor, *, size: str, rng: random.Random) -> str:
    template = ev.ensure_default_template(db, admin)
    inspectors, supervisor = _demo_staff(db, admin)
    units = _demo_units(db, admin, size)
    # Each unit has a level and a direction, so trends go up for some and down for others.
    level = {u.id: rng.uniform(0.45, 0.9) for u in units}
    slope = {u.id: rng.choice([-0.06, -0.03, 0.0, 0.03, 0.05, 0.08]) for u in units}
    bias = {u.id: rng.uniform(0.0, 0.18) for u in units}
    today = JalaliDate.today()
    keys = _half_years(today)
    run = _DemoRun(db, supervisor, inspectors, units, level, slope, bias, rng, today.to_gregorian())
    for index, (year, number) in enumerate(keys):
        period = ev.open_period(db, supervisor, kind="half", year=year, number=number, template_id=template.id,
                                unit_ids=[u.id for u in units])
        run.assign_inspectors(period.id)
        run.fill_period(period, index, last=index == len(keys) - 1)
        if index == len(keys) - 1:
            run.calibrate(period)
        if index < len(keys) - 1:  # an earlier period is over: closed, only the current one stays open
            ev.set_period_status(db, supervisor, period.id, open=False)
    return _("{periods} evaluation periods, {forms} evaluation forms.").format(periods=localized_number(len(keys)), forms=localized_number(run.forms))


def _demo_staff(db: Database, admin: Actor) -> tuple[list[Actor], Actor]:
    """The active inspectors (or the administrator) and the one who approves: a supervisor,
    or else an administrator who scored nothing (four eyes: whoever scored a form never
    approves it), or else the administrator (whose forms then stay submitted)."""
    staff = user_service.list_users(db, admin)
    inspectors = [_actor(u) for u in staff if u.role is Role.INSPECTOR and u.active] or [admin]
    scorers = {i.user_id for i in inspectors}
    approvers = [_actor(u) for u in staff if u.active and u.id not in scorers and u.role in (Role.SUPERVISOR, Role.ADMIN)]
    supervisor = next((a for a in approvers if a.role is Role.SUPERVISOR), approvers[0] if approvers else admin)
    return inspectors, supervisor


def _demo_units(db: Database, admin: Actor, size: str) -> list[unit_service.UnitInfo]:
    """All districts, and as many organisations and companies as the size asks for."""
    units = list(unit_service.list_units(db, admin, kind=UnitKind.DISTRICT, include_retired=False))
    organisations = unit_service.list_units(db, admin, kind=UnitKind.ORGANISATION, include_retired=False)
    companies = unit_service.list_units(db, admin, kind=UnitKind.COMPANY, include_retired=False)
    take = {"small": (4, 2), "medium": (8, 3), "large": (len(organisations), len(companies))}[size]
    units += organisations[: take[0]] + companies[: take[1]]
    return units


def _half_years(today: JalaliDate) -> list[tuple[int, int]]:
    """(year, half) of the last two years and the current one, those begun by today."""
    keys = [(today.year - 2, 1), (today.year - 2, 2), (today.year - 1, 1), (today.year - 1, 2), (today.year, 1)]
    return [k for k in keys if period_range("half", *k)[0] <= today.to_gregorian()]

@dataclass
class _DemoRun:
    """The steps of one evaluation demo, sharing the people, the units with their level,
    trend and self-assessment bias, and the random source (drawn from in a fixed order,
    so a seed always gives the same office)."""

    db: Database
    supervisor: Actor
    inspectors: list[Actor]
    units: list[unit_service.UnitInfo]
    level: dict[uuid.UUID, float]
    slope: dict[uuid.UUID, float]
    bias: dict[uuid.UUID, float]
    rng: random.Random
    today: dt.date
    forms: int = 0

    @property
    def approves(self) -> bool:
        """Whether the demo has someone to approve who did not score (four eyes)."""
        return self.supervisor.user_id not in {i.user_id for i in self.inspectors}

    def assign_inspectors(self, period_id: uuid.UUID) -> None:
        """The units shared out among the inspectors in turn."""
        for k, inspector in enumerate(self.inspectors):
            share = [u.id for j, u in enumerate(self.units) if j % len(self.inspectors) == k]
            if share and inspector.role is Role.INSPECTOR:
                ev.assign_inspector(self.db, self.supervisor, period_id=period_id, unit_ids=share, inspector_id=inspector.user_id)

    def fill_period(self, period: ev.PeriodInfo, index: int, *, last: bool) -> None:
        """A form per unit, taken as far as its stage: every earlier period approved, the
        current one with every status."""
        for j, unit in enumerate(self.units):
            stage = self._stage(j, last=last)
            if stage != "none":
                self._form(period, index, j, unit, stage)

    def _stage(self, j: int, *, last: bool) -> str:
        if last and j < 4:  # every status is there to see
            return ("none", "draft", "returned", "submitted")[j]
        if last:
            return self.rng.choices(["none", "draft", "returned", "submitted", "approved"], [15, 20, 10, 15, 40])[0]
        return "approved"

    def _form(self, period: ev.PeriodInfo, index: int, j: int, unit: unit_service.UnitInfo, stage: str) -> None:
        """The inspector's form with scores, a field visit and sometimes a photo, then
        submitted, returned and approved as its stage says."""
        db, rng, supervisor = self.db, self.rng, self.supervisor
        inspector = self.inspectors[j % len(self.inspectors)]
        start, end = period.starts_on, min(period.ends_on, self.today)
        form = ev.open_form(db, inspector, period_id=period.id, unit_id=unit.id)
        self.forms += 1
        quality = self.level[unit.id] + self.slope[unit.id] * index
        form = ev.save_scores(db, inspector, form.id, lines=_scores(form, quality, self.bias[unit.id], rng))
        visited = JalaliDate.from_gregorian(start).add_days(rng.randint(0, max(0, (end - start).days)))
        ev.save_field_visit(db, inspector, form.id, visited_on=visited.to_gregorian(), people_met=rng.choice(PEOPLE_MET),
                            findings=" ".join(rng.sample(FINDINGS, 2)), recommendations="؛ ".join(rng.sample(RECOMMENDATIONS, 2)))
        if j % 7 == 0:
            ev.add_attachment(db, inspector, form.id, file_name="عکس بازدید.png", content=PNG,
                              indicator_id=form.lines[0].indicator_id)
        if stage == "draft":
            return
        ev.submit_form(db, inspector, form.id)
        if stage == "submitted" or not self.approves:
            return
        if stage == "returned" or (j % 9 == 4):
            ev.return_form(db, supervisor, form.id, comments="مستندات شاخص‌های پرتال و آموزش کامل شود.")
            if stage == "returned":
                return
            ev.save_scores(db, inspector, form.id, lines=[ev.ScoreInput(form.lines[-1].indicator_id, form.lines[-1].self_score,
                                                                         form.lines[-1].inspector_score, "فهرست دوره‌ها پیوست شد")])
            ev.submit_form(db, inspector, form.id)
        approved = ev.approve_form(db, supervisor, form.id)
        if index == 0 and j == 3:  # a correction after approval: a new revision with its reason
            self._revise(inspector, approved.id)

    def calibrate(self, period: ev.PeriodInfo) -> None:
        """Two units whose form was sent get a second inspector's form (with its own random
        source, so the rest of the demo stays as it was): the first decided in favour of the
        second form, the other left for the supervisor to compare and decide."""
        inspectors = [i for i in self.inspectors if i.role is Role.INSPECTOR]
        if len(inspectors) < 2:
            return
        rng = random.Random(1405)
        sent = (ev.FormStatus.SUBMITTED, ev.FormStatus.APPROVED)
        done = 0
        for j, unit in enumerate(self.units):
            if done == 2:
                break
            main = ev.find_form(self.db, self.supervisor, period_id=period.id, unit_id=unit.id)
            if main is None or main.status not in sent or main.inspector_id is None:
                continue
            second = next(i for i in inspectors[j % len(inspectors) + 1:] + inspectors if i.user_id != main.inspector_id)
            ev.request_calibration(self.db, self.supervisor, period_id=period.id, unit_id=unit.id, inspector_id=second.user_id)
            form = ev.open_form(self.db, second, period_id=period.id, unit_id=unit.id)
            quality = self.level[unit.id] + (0.12 if done == 0 else -0.1)
            ev.save_scores(self.db, second, form.id, lines=_scores(form, quality, self.bias[unit.id], rng))
            form = ev.submit_form(self.db, second, form.id)
            self.forms += 1
            done += 1
            if done == 1 and self.approves:
                if main.status is ev.FormStatus.APPROVED:
                    ev.approve_form(self.db, self.supervisor, form.id)
                ev.decide_calibration(self.db, self.supervisor, period_id=period.id, unit_id=unit.id,
                                      counted="calibration", reason="بازدید دوم با مستندات کامل‌تر انجام شد.")

    def _revise(self, inspector: Actor, form_id: uuid.UUID) -> None:
        db = self.db
        revision = ev.revise_form(db, inspector, form_id, reason="امتیاز شاخص آموزش به اشتباه ثبت شده بود.")
        ev.save_scores(db, inspector, revision.id, lines=[ev.ScoreInput(
            revision.lines[-1].indicator_id, revision.lines[-1].self_score, revision.lines[-1].max_score, "گواهی دوره‌ها")])
        ev.submit_form(db, inspector, revision.id)
        ev.approve_form(db, self.supervisor, revision.id)
