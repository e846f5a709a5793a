"""The directive register's reports, built from a small real register, written as PDF and
Excel and read back: words in their written order, numbers like د/۱۴۰۵/۰۰۱ not reversed,
brackets and guillemets facing the right way, one letter per recipient unit, the matrix
with its states and overdue counts; every kind also builds with no filter at all (on
SQLite and PostgreSQL, on an empty register too)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from pr_desk.domain.errors import PermissionDenied, UserError
from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.text import to_persian_digits
from pr_desk.domain.units import UnitKind
from pr_desk.reports.registry import render_report
from pr_desk.services import directives as dv
from pr_desk.services import evaluation as ev
from pr_desk.services import report_catalog, units
from pr_desk.services.directives.reports import FILTERS, KINDS
from tests.reports.helpers import (
    in_order,
    line_text,
    pdftotext_pages,
    squash,
    visual_lines,
)
from tests.services.evaluation.factories import Staff, staff

MARKS = str.maketrans("", "", "\u202a\u202c\u200e\u200f\u2066\u2067\u2068\u2069")
TODAY = dv.today()
BODY_A = ("ماده ۱ - همه واحدها (بدون استثنا) خبر رویدادها را ظرف ۴۸ ساعت ارسال کنند.\n"
          "ماده ۲ - گزارش ماهانه به اداره هماهنگی امور مناطق ارسال شود.")


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def fa(text: Any) -> str:
    return to_persian_digits(str(text))


def pdf_text(path: Path) -> str:
    return "\n".join(pdftotext_pages(path)).replace("\u200c", "")


_PUNCTUATION = str.maketrans("", "", ":()«»-—.،,؛\u200c")
_DIGIT_RUN = re.compile(r"[0-9۰-۹]+(?:[/:٫٬.][0-9۰-۹]+)*")
_MIRROR = str.maketrans("()«»[]", ")(»«][")
_LAM_ALEF = re.compile("([اأإآ])ل")


def plain(text: str) -> str:
    """Words only: pdftotext moves punctuation, spaces and digits around Persian words."""
    return squash(text).translate(_PUNCTUATION)


def visual(logical: str) -> str:
    """A one-line right-to-left phrase as it sits on the page, left to right: the letters
    reversed, each run of digits (with its slashes) kept left to right, brackets mirrored."""
    flipped = _DIGIT_RUN.sub(lambda m: m.group(0)[::-1], logical[::-1])
    # lam-alef is one glyph, read back (NFKC) as lam then alef whatever the direction
    return _LAM_ALEF.sub(lambda m: "ل" + m.group(1), flipped).translate(_MIRROR)


def printed(path: Path, page: int | None = None) -> str:
    """The printed lines of a page (or of every page), each left to right as on paper."""
    pages = [page] if page is not None else range(len(pdftotext_pages(path)))
    return "\n".join(line_text(chars) for n in pages for chars in visual_lines(path, n))


def sheet_values(path: Path) -> dict[str, list[Any]]:
    """Every sheet's non-empty values, after checking it is right to left and has no formula."""
    wb = load_workbook(path)
    out: dict[str, list[Any]] = {}
    for ws in wb.worksheets:
        assert ws.sheet_view.rightToLeft, ws.title
        values = []
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                values.append(cell.value.translate(MARKS) if isinstance(cell.value, str) else cell.value)
        out[ws.title] = values
    return out


@dataclass
class Register:
    db: Any
    people: Staff
    a: dv.DirectiveInfo  # دستورالعمل, amended (version 2), sent to all districts with an implementation deadline
    b: dv.DirectiveInfo  # بخشنامه, sent to D07 and an organisation; repeals c
    c: dv.DirectiveInfo  # بخشنامه, repealed
    unit: dict[str, Any]  # code -> UnitInfo


def _issue(db: Any, people: Staff, kind: dv.KindInfo, title: str, body: str, issued_on: dt.date) -> dv.DirectiveDetail:
    d = dv.create_directive(db, people.clerk, kind_id=kind.id, title=title, issuer="معاونت روابط عمومی", body=body,
                            tags="خبر، رسانه")
    d = dv.submit(db, people.clerk, d.info.id, expected_version=d.latest.version)
    d = dv.approve(db, people.supervisor, d.info.id, expected_version=d.latest.version, approved_on=issued_on - dt.timedelta(days=2))
    return dv.issue(db, people.supervisor, d.info.id, expected_version=d.latest.version, issued_on=issued_on)


def build_register(db: Any, admin: Any) -> Register:
    people = staff(db, admin)
    kinds = {k.code: k for k in dv.ensure_default_kinds(db, admin)}
    org = units.add_unit(db, admin, name="سازمان زیباسازی شهر تهران", kind=UnitKind.ORGANISATION)
    unit = {u.code: u for u in units.list_units(db, admin)}
    c = _issue(db, people, kinds["circular"], "ساعات پاسخگویی تلفنی روابط عمومی‌ها", "پاسخگویی از ساعت ۸ تا ۱۴.", ago(100))
    dv.distribute(db, people.clerk, c.info.id, unit_ids=[unit["D01"].id, unit["D02"].id], communicated_on=ago(100))
    a = _issue(db, people, kinds["directive"], "پوشش خبری رویدادهای شهری", BODY_A, ago(60))
    dv.distribute(db, people.clerk, a.info.id, all_districts=True, communicated_on=ago(59), impl_due=ago(20))
    dv.acknowledge_many(db, people.clerk, a.info.id, [
        dv.AcknowledgementEntry(unit["D01"].id, "زهرا کاظمی", "مدیر روابط عمومی", ago(58)),
        dv.AcknowledgementEntry(unit["D02"].id, "علی محمدی", "کارشناس خبر", ago(40)),
        dv.AcknowledgementEntry(unit["D04"].id, "سارا نوری", "", ago(57)),
    ])
    recipients = {r.unit_code: r for r in dv.list_recipients(db, people.clerk, a.info.id)}
    r1 = dv.record_implementation(db, people.clerk, recipients["D01"].id, expected_version=recipients["D01"].version, on=ago(30),
                                  note="برگزاری کارگاه خبرنویسی", evidence_name="گزارش.pdf", evidence=b"%PDF-1.4\n%%EOF\n")
    dv.check_evidence(db, people.supervisor, r1.id, expected_version=r1.version, verdict="accepted", on=ago(28))
    r4 = dv.record_implementation(db, people.clerk, recipients["D04"].id, expected_version=recipients["D04"].version, on=ago(25),
                                  note="ابلاغ داخلی")
    dv.check_evidence(db, people.supervisor, r4.id, expected_version=r4.version, verdict="not_accepted",
                      reason="مستندات (تصاویر) پیوست نشده است", on=ago(22))
    a = dv.amend(db, people.clerk, a.info.id, change_note="ماده ۳ (پخش زنده) افزوده شد",
                 body=BODY_A + "\nماده ۳ - پخش زنده رویدادها با هماهنگی معاونت.")
    a = dv.submit(db, people.clerk, a.info.id, expected_version=a.latest.version)
    a = dv.approve(db, people.supervisor, a.info.id, expected_version=a.latest.version, approved_on=ago(12))
    a = dv.issue(db, people.supervisor, a.info.id, expected_version=a.latest.version, issued_on=ago(10))
    b = _issue(db, people, kinds["circular"], "هماهنگی مصاحبه مدیران با رسانه‌ها", "مصاحبه‌ها با هماهنگی معاونت انجام شود.", ago(20))
    dv.link_directives(db, people.supervisor, b.info.id, c.info.id, dv.Relation.REPEALS, on=ago(20), note="لغو با بخشنامه جدید")
    dv.distribute(db, people.clerk, b.info.id, unit_ids=[unit["D07"].id, org.id], communicated_on=ago(19))
    dv.acknowledge(db, people.clerk, b.info.id, unit["D07"].id, by_name="مریم حسینی", on=ago(18))

    def info(d: dv.DirectiveDetail) -> dv.DirectiveInfo:
        return dv.get_directive(db, admin, d.info.id).info

    return Register(db, people, info(a), info(b), info(c), unit)


@pytest.fixture
def register(sqlite_office: Any) -> Register:
    db, admin = sqlite_office
    return build_register(db, admin)


def build(report: str, reg_or_db: Any, actor: Any, tmp_path: Path, name: str | None = None, **filters: Any) -> tuple[Path, Path]:
    params = {"db": reg_or_db, "actor": actor, **filters}
    stem = name or report
    return (render_report(report, params, tmp_path / f"{stem}.pdf"), render_report(report, params, tmp_path / f"{stem}.xlsx"))


# --- every kind, no filter -------------------------------------------------------------------

def test_every_kind_is_registered_with_its_filters() -> None:
    names = {k.name for k in report_catalog.report_kinds()}
    for name, _title, _builder in KINDS:
        assert name in names
        assert report_catalog.FILTERS[name] == FILTERS[name] and FILTERS[name]
    assert set(FILTERS["directive-compliance"]) >= {"year", "kind", "unit_kind"}
    assert "number" in FILTERS["directive-letter"] and "unit" in FILTERS["directive-pending"]
    assert set(FILTERS["directive-text"]) == {"number", "on"}


def test_every_report_builds_with_no_filter_on_an_empty_register(office: Any, tmp_path: Path) -> None:
    db, admin = office
    for name, _title, _builder in KINDS:
        pdf, xlsx = build(name, db, admin, tmp_path)
        assert pdf_text(pdf).strip() and sheet_values(xlsx)


def test_every_report_builds_with_no_filter_on_a_filled_register(office: Any, tmp_path: Path) -> None:
    db, admin = office
    reg = build_register(db, admin)
    for name, _title, _builder in KINDS:
        pdf, xlsx = build(name, db, reg.people.supervisor, tmp_path)
        text = pdf_text(pdf)
        assert text.strip() and sheet_values(xlsx)
        if name in ("directive-letter", "directive-text"):
            assert "پوشش خبری رویدادهای شهری" in text


def test_no_filter_picks_the_latest_year_and_the_newest_directive(register: Register, tmp_path: Path) -> None:
    sup = register.people.supervisor
    text = pdf_text(build("directive-text", register.db, sup, tmp_path)[0])
    assert "پوشش خبری رویدادهای شهری" in text  # amended 10 days ago: the newest text in force
    letters = pdf_text(build("directive-letter", register.db, sup, tmp_path)[0])
    assert "پوشش خبری رویدادهای شهری" in letters
    year = JalaliDate.from_gregorian(TODAY).year
    register_pdf = build("directive-register", register.db, sup, tmp_path)[0]
    assert visual(fa(f"سال {year} — ")) in printed(register_pdf)


# --- directive-register ------------------------------------------------------------------------

def test_register_lists_number_title_dates_status_version_and_acknowledgements(register: Register, tmp_path: Path) -> None:
    sup = register.people.supervisor
    pdf, xlsx = build("directive-register", register.db, sup, tmp_path, year="all")
    text = plain(pdf_text(pdf))
    assert in_order(text, plain("دفتر ثبت دستورالعمل‌ها"), plain("همه سال‌ها"))
    for d in (register.a, register.b, register.c):
        assert plain(d.title) in text
    assert "منسوخ" in text and plain("لازم‌الاجرا") in text
    # The number, printed right to left as every screen shows it: "د/۱۴۰۵/۰۰۱" puts the
    # kind's letter at the right and the digits, read left to right, at the left.
    number = fa(register.a.number)
    prefix, year, serial = number.split("/")
    assert visual(number) == f"{year}/{serial}/{prefix}"
    lines = printed(pdf)
    assert visual(number) in lines and f"{serial[::-1]}/{year[::-1]}" not in lines and f"{prefix}/{serial}/{year}" not in lines
    rows = sheet_values(xlsx)["ثبت"]
    assert number in rows and "پوشش خبری رویدادهای شهری" in rows
    at = rows.index(number)
    assert rows[at + 1] == "دستورالعمل"
    assert 22 in rows[at:at + 16] and 2 in rows[at:at + 16]  # 22 recipients; version 2 in force
    # The filters: one kind, one status.
    pdf, xlsx = build("directive-register", register.db, sup, tmp_path, name="repealed", year="all", status="منسوخ")
    values = sheet_values(xlsx)["ثبت"]
    assert fa(register.c.number) in values and number not in values
    pdf, xlsx = build("directive-register", register.db, sup, tmp_path, name="circulars", year="all", kind="ب")
    values = sheet_values(xlsx)["ثبت"]
    assert fa(register.b.number) in values and number not in values


# --- directive-letter --------------------------------------------------------------------------

def test_one_letter_per_recipient_unit_with_number_date_subject_and_body(register: Register, tmp_path: Path) -> None:
    sup = register.people.supervisor
    pdf, xlsx = build("directive-letter", register.db, sup, tmp_path, number=register.a.number, signer="مریم احمدی")
    pages = [plain(p) for p in pdftotext_pages(pdf)]
    assert len(pages) == 22  # one letter per district, each on its own page
    number = fa(register.a.number)
    for district, page in enumerate(pages, start=1):
        lines = printed(pdf, district - 1)
        assert visual(f"به: مدیر محترم روابط عمومی منطقه {fa(district)}") in lines.splitlines()
        assert visual(f"شماره:{number}") in lines  # the number, as every screen shows it
        assert in_order(page, *(plain(w) for w in ("بسمه تعالی", "شماره", "تاریخ", "پیوست", "موضوع", "با سلام و احترام",
                                                   "ماده", "همه واحدها", "ماده", "گزارش ماهانه", "ماده", "پخش زنده",
                                                   "خواهشمند است", "مریم احمدی", "معاونت روابط عمومی")))
    lines = printed(pdf, 0)
    # Brackets and guillemets face the right way: the phrase opens at its right end,
    # where a Persian reader starts, and closes at the left.
    assert visual("ماده ۱ - همه واحدها (بدون استثنا) خبر رویدادها را ظرف ۴۸ ساعت ارسال کنند.") in lines
    assert visual("موضوع: ابلاغ دستورالعمل «پوشش خبری رویدادهای شهری»") in lines
    assert visual("(نسخه ۲: ماده ۳ (پخش زنده) افزوده شد)") in lines
    assert "(انثتسا نودب)" in lines and "«یرهش یاهدادیور یربخ ششوپ»" in lines  # spelled out once by hand
    values = sheet_values(xlsx)["نامه‌ها"]
    assert "مدیر محترم روابط عمومی منطقه ۷" in values and number in values
    assert any(isinstance(v, str) and v.startswith("ماده ۱ - همه واحدها (بدون استثنا)") for v in values)


def test_the_letter_to_one_unit_and_refusals(register: Register, tmp_path: Path) -> None:
    sup = register.people.supervisor
    pdf, _xlsx = build("directive-letter", register.db, sup, tmp_path, number=fa(register.b.number), unit="d07")
    pages = pdftotext_pages(pdf)
    assert len(pages) == 1 and visual("منطقه ۷") in printed(pdf)
    with pytest.raises(UserError) as e:
        build("directive-letter", register.db, sup, tmp_path, name="x", number=register.b.number, unit="D03")
    assert "ابلاغ نشده" in e.value.translated()
    with pytest.raises(UserError):
        build("directive-letter", register.db, sup, tmp_path, name="y", number="د/۱۳۹۹/۹۹۹")
    with pytest.raises(UserError):
        build("directive-letter", register.db, sup, tmp_path, name="z", number=register.a.number, unit="X99")


# --- directive-compliance ----------------------------------------------------------------------

def test_compliance_matrix_with_states_and_overdue_counts(register: Register, tmp_path: Path) -> None:
    sup = register.people.supervisor
    pdf, xlsx = build("directive-compliance", register.db, sup, tmp_path, year="all")
    sheets = sheet_values(xlsx)
    summary = sheets["واحدها"]
    at = summary.index("روابط عمومی منطقه ۳")
    # D03: sent a (in force); never acknowledged: one overdue receipt, one overdue in all.
    assert summary[at + 1:at + 10] == [1, 0, 1, 0, 0, 0, 0, 0, 1]
    at = summary.index("روابط عمومی منطقه ۱")
    assert summary[at + 1:at + 10] == [1, 0, 0, 0, 0, 0, 1, 0, 0]  # accepted (c is repealed: not counted)
    districts = next(v for k, v in sheets.items() if k.startswith("جدول") and "منطقه" in k)
    assert fa(register.a.number) in districts and "تأیید" in districts and "رد" in districts and "تأخیر" in districts
    wb = load_workbook(xlsx)
    ws = next(w for w in wb.worksheets if w.title.startswith("جدول") and "منطقه" in w.title)
    fills = {c.value: c.fill.fgColor.rgb for row in ws.iter_rows() for c in row if c.value in ("تأیید", "تأخیر")}
    assert fills["تأخیر"].endswith("EF9A9A") and fills["تأیید"].endswith("C8E6C9")  # overdue in red
    text = plain(pdf_text(pdf))
    assert in_order(text, plain("وضعیت اجرای دستورالعمل‌ها"), "واحدها", plain("راهنمای جدول"), plain("جدول"))
    assert visual("ابلاغ") in printed(pdf)
    # Only organisations: b's organisation, nothing else.
    _pdf, xlsx = build("directive-compliance", register.db, sup, tmp_path, name="orgs", year="all", unit_kind="organisation")
    summary = sheet_values(xlsx)["واحدها"]
    assert "سازمان زیباسازی شهر تهران" in summary and "روابط عمومی منطقه ۱" not in summary
    with pytest.raises(UserError):
        build("directive-compliance", register.db, sup, tmp_path, name="bad", year="۱۴۰۵۵")


# --- directive-pending -------------------------------------------------------------------------

def test_pending_of_one_unit_and_of_every_unit(register: Register, tmp_path: Path) -> None:
    sup = register.people.supervisor
    pdf, xlsx = build("directive-pending", register.db, sup, tmp_path, unit="D04")
    text = plain(pdf_text(pdf))
    assert in_order(text, plain("دستورالعمل‌های ناتمام واحدها"), plain("روابط عمومی منطقه ۴"), "D04")
    assert plain("ارسال دوباره مستندات: مستندات (تصاویر) پیوست نشده است") in text
    assert visual("(تصاویر)") in printed(pdf)
    assert plain("اعلام وصول متن اصلاح‌شده") not in text  # its evidence was refused: that comes first
    sheets = sheet_values(xlsx)
    assert list(sheets)[1] == "روابط عمومی منطقه ۴ (D04)"
    pdf, xlsx = build("directive-pending", register.db, sup, tmp_path, name="all")
    sheets = sheet_values(xlsx)
    names = list(sheets)[1:]
    # D01's evidence was accepted (and c, which it also got, is repealed): nothing pending there.
    assert names[0] == "روابط عمومی منطقه ۲ (D02)" and "روابط عمومی منطقه ۷ (D07)" in names
    assert len(names) == 21 + 1 and names[-1].startswith("سازمان زیباسازی شهر تهران")
    text = plain(pdf_text(pdf))
    assert in_order(text, *(plain(w) for w in ("روابط عمومی منطقه ۲", "روابط عمومی منطقه ۳", "روابط عمومی منطقه ۲۲",
                                               "سازمان زیباسازی")))


# --- directive-text ----------------------------------------------------------------------------

def test_consolidated_text_on_a_date_with_its_history(register: Register, tmp_path: Path) -> None:
    sup = register.people.supervisor
    pdf, xlsx = build("directive-text", register.db, sup, tmp_path, number=register.a.number)
    text = plain(pdf_text(pdf))
    assert in_order(text, *(plain(w) for w in ("متن لازم‌الاجرا", "همه واحدها", "گزارش ماهانه", "پخش زنده", "نسخه‌ها",
                                               "متن نخست", "پخش زنده")))
    assert visual("ماده ۳ (پخش زنده) افزوده شد") in printed(pdf)
    earlier = JalaliDate.from_gregorian(ago(30)).format()
    pdf, _xlsx = build("directive-text", register.db, sup, tmp_path, name="earlier", number=register.a.number, on=earlier)
    lines = printed(pdf)
    assert visual("ماده ۲ - گزارش ماهانه به اداره هماهنگی امور مناطق ارسال شود.") in lines
    assert visual("ماده ۳ - پخش زنده رویدادها با هماهنگی معاونت.") not in lines  # version 1 was in force then
    pdf, xlsx = build("directive-text", register.db, sup, tmp_path, name="repealed", number=register.c.number)
    text = plain(pdf_text(pdf))
    assert plain("دیگر لازم‌الاجرا نبود") in text and "منسوخ" in text
    assert visual(fa(register.b.number)) in printed(pdf)  # repealed by b
    sheets = sheet_values(xlsx)
    assert "دستورالعمل‌های مرتبط" in sheets


# --- who sees what, bad filters ---------------------------------------------------------------

def test_an_inspector_prints_only_the_units_assigned_to_them(register: Register, tmp_path: Path) -> None:
    db, people = register.db, register.people
    period = ev.open_period(db, people.admin, kind="half", year=1405, number=1, unit_ids=[register.unit["D07"].id])
    ev.assign_inspector(db, people.admin, period_id=period.id, unit_ids=[register.unit["D07"].id],
                        inspector_id=people.inspector.user_id)
    _pdf, xlsx = build("directive-register", db, people.inspector, tmp_path, year="all")
    values = sheet_values(xlsx)["ثبت"]
    assert fa(register.b.number) in values and fa(register.a.number) in values  # a went to every district
    assert fa(register.c.number) not in values  # c went to D01 and D02 only
    with pytest.raises(PermissionDenied):
        build("directive-pending", db, people.inspector, tmp_path, name="other", unit="D01")
    _pdf, xlsx = build("directive-pending", db, people.inspector, tmp_path, name="mine")
    assert list(sheet_values(xlsx))[1:] == ["روابط عمومی منطقه ۷ (D07)"]  # its own unit only
    _pdf, xlsx = build("directive-compliance", db, people.inspector, tmp_path, name="mine", year="all")
    summary = sheet_values(xlsx)["واحدها"]
    assert "روابط عمومی منطقه ۷" in summary and "روابط عمومی منطقه ۱" not in summary


@pytest.mark.parametrize(("kind", "filters"), [
    ("directive-register", {"year": "سال"}),
    ("directive-register", {"kind": "نامه"}),
    ("directive-register", {"status": "خوب"}),
    ("directive-compliance", {"unit_kind": "مدرسه"}),
    ("directive-pending", {"on": "1405/13/01"}),
    ("directive-text", {"number": "=cmd|' /C calc'!A0"}),
])
def test_a_bad_filter_is_one_clear_error(register: Register, tmp_path: Path, kind: str, filters: dict[str, str]) -> None:
    with pytest.raises(UserError) as e:
        build(kind, register.db, register.people.supervisor, tmp_path, **filters)
    message = e.value.translated()
    assert message and "\n" not in message and not list(tmp_path.glob("*.pdf"))


def test_visual_lines_helper_sees_the_letterhead(register: Register, tmp_path: Path) -> None:
    pdf, _xlsx = build("directive-register", register.db, register.people.supervisor, tmp_path)
    assert visual_lines(pdf)  # the page has printed lines


def test_compliance_takes_the_matrix_search(office: Any, tmp_path: Path) -> None:
    """The matrix screen's search box goes to its compliance report (PDF, Excel, Print, and
    `--filter search=`): only the directives it finds, and the units they were sent to; said
    in the filters line. On SQLite and PostgreSQL."""
    from pr_desk.services.directives.reports import compliance_report

    reg = build_register(*office)
    sup = reg.people.supervisor
    assert "search" in FILTERS["directive-compliance"]
    _pdf, xlsx = build("directive-compliance", reg.db, sup, tmp_path, year="all", search="مصاحبه")
    sheets = sheet_values(xlsx)
    summary = sheets["واحدها"]
    assert "سازمان زیباسازی شهر تهران" in summary and "روابط عمومی منطقه ۷" in summary  # b's units only
    assert "روابط عمومی منطقه ۱" not in summary
    matrices = [v for k, v in sheets.items() if k.startswith("جدول")]
    assert any(fa(reg.b.number) in m for m in matrices) and not any(fa(reg.a.number) in m for m in matrices)
    spec = compliance_report({"db": reg.db, "actor": sup, "year": "all", "search": "مصاحبه"})
    assert "مصاحبه" in spec.filters_text and spec.subtitle.startswith(fa(1))
    # by its number typed without the serial's leading zeros, as the screen's search finds it
    head, serial = (reg.b.number or "").rsplit("/", 1)
    spec = compliance_report({"db": reg.db, "actor": sup, "year": "all", "search": f"{head}/{serial.lstrip('0')}"})
    assert spec.subtitle.startswith(fa(1))
    # nothing found: a report that says so, built all the same; no search: every directive in force
    _pdf, xlsx = build("directive-compliance", reg.db, sup, tmp_path, name="none", year="all", search="چیزی که نیست")
    assert "روابط عمومی منطقه ۷" not in sheet_values(xlsx)["واحدها"]
    spec = compliance_report({"db": reg.db, "actor": sup, "year": "all"})
    assert spec.subtitle.startswith(fa(2)) and "مصاحبه" not in spec.filters_text


def test_pr_desk_report_compliance_takes_a_search_filter(register: Register, tmp_path: Path) -> None:
    from tests.e2e.test_cli import AS_BOSS, run

    path = str(register.db.engine.url.database)
    for name, more in (("searched", ["--filter", "search=مصاحبه"]), ("all", [])):
        out = tmp_path / f"{name}.xlsx"
        r = run("report", "directive-compliance", "--filter", "year=all", *more, "--out", str(out),
                "--db", path, "--as", "admin", env=AS_BOSS)
        assert r.returncode == 0, r.stderr
        summary = sheet_values(out)["واحدها"]
        assert "روابط عمومی منطقه ۷" in summary and ("روابط عمومی منطقه ۱" in summary) == (name == "all"), name
