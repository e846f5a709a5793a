"""Finding directives by words of their body text (the register's search box and `pr-desk
find`): every word must match, in any order, Persian-normalised (Arabic ي/ك, ZWNJ or a
space, Persian/Arabic/Latin digits); number and title searches as before. On SQLite and
PostgreSQL, and through the command line."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pr_desk.domain.directives import search_words
from pr_desk.services import directives as dv
from tests.e2e.test_cli import ADMIN_PW, AS_BOSS, run
from tests.services.evaluation.factories import staff

BODY = ("ماده ۱ - روابط‌عمومی‌ها گزارش ۴۸ ساعته رویدادها را به اداره کل ارسال می‌کنند.\n"
        "ماده ۲ - عکس‌های مراسم با کیفیت بالا بایگانی شود.")


def _issued(db: Any, people: Any, title: str, body: str) -> dv.DirectiveDetail:
    kinds = {k.code: k for k in dv.ensure_default_kinds(db, people.supervisor)}
    d = dv.create_directive(db, people.clerk, kind_id=kinds["directive"].id, title=title, body=body)
    d = dv.submit(db, people.clerk, d.info.id, expected_version=d.latest.version)
    day = dv.today() - dt.timedelta(days=3)
    d = dv.approve(db, people.supervisor, d.info.id, expected_version=d.latest.version, approved_on=day)
    return dv.issue(db, people.supervisor, d.info.id, expected_version=d.latest.version, issued_on=day)


def test_search_words_are_normalised_keys() -> None:
    assert search_words("گزارش  ساعته") == ("گزارش", "ساعته")
    assert search_words("روابط\u200cعمومي") == ("روابطعمومی",)  # ZWNJ stays inside its word; ي -> ی
    assert search_words("۴۸ 48 ٤٨") == ("48",)
    assert search_words("   ") == ()


def test_body_words_in_any_order_with_persian_folding(office: Any) -> None:
    db, admin = office
    people = staff(db, admin)
    a = _issued(db, people, "پوشش خبری رویدادهای شهری", BODY)
    _issued(db, people, "ساعات پاسخگویی تلفنی", "پاسخگویی از ساعت ۸ تا ۱۴ انجام شود.")
    clerk = people.clerk

    def found(text: str) -> list[str]:
        hits = dv.list_directives(db, clerk, search=text)
        assert dv.count_directives(db, clerk, search=text) == len(hits)
        return [d.title for d in hits]

    title = a.info.title
    for query in ("بایگانی کیفیت",  # two body words, in the other order
                  "بايگاني",  # Arabic ي
                  "كيفيت عكس",  # Arabic ي and ك
                  "روابطعمومیها", "روابط\u200cعمومی\u200cها", "روابط عمومی ها",  # with or without ZWNJ or space
                  "48 ساعته", "۴۸ ساعته", "٤٨",  # Latin, Persian and Arabic-Indic digits
                  "شهری کیفیت",  # one word in the title, one in the body
                  ):
        assert found(query) == [title], query
    assert found("بایگانی تلفنی") == []  # every word must match the same directive
    assert found("کیفیت پایین") == []
    assert found("پاسخگویی ۱۴") == ["ساعات پاسخگویی تلفنی"]
    # number and title searches as before
    assert found(a.info.number or "") == [title]
    assert found("پوشش خبري") == [title]

    # an amendment's new words are found; an inspector still sees only their units' directives
    amended = dv.amend(db, clerk, a.info.id, change_note="ماده ۳", body=BODY + "\nماده ۳ - پخش زنده با هماهنگی معاونت.")
    assert amended.latest.number == 2 and found("پخش زنده") == [title]
    assert dv.list_directives(db, people.inspector, search="بایگانی") == []


def test_pr_desk_find_finds_body_words(tmp_path: Any) -> None:
    from pr_desk.services.setup import create_database

    path = str(tmp_path / "office.sqlite")
    db, admin = create_database(path, admin_username="boss", admin_display_name="مدیر", admin_password=ADMIN_PW)
    try:
        a = _issued(db, staff(db, admin), "پوشش خبری رویدادهای شهری", BODY)
    finally:
        db.dispose()
    number = a.info.number or ""
    for text in ("بايگاني كيفيت", "روابط عمومی ها ۴۸"):
        r = run("find", text, "--db", path, "--as", "boss", env=AS_BOSS)
        assert r.returncode == 0, r.stderr
        lines = r.stdout.splitlines()  # the search box's groups: a heading, then label and detail
        assert "== دستورالعمل‌ها (۱) ==" in lines and f"{number} — پوشش خبری رویدادهای شهری" in r.stdout, text
    r = run("find", "بایگانی تلفنی", "--db", path, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0 and r.stdout.strip() == "چیزی یافت نشد."


def test_a_letter_typed_among_a_thousand_subject_tags(office: Any) -> None:
    """A key held by more tags than SQLite takes conditions in one expression (about a
    thousand): the register's search matched each such tag by a condition of its own and
    failed with 'Expression tree is too large' when one letter was typed."""
    db, admin = office
    people = staff(db, admin)
    kind = dv.ensure_default_kinds(db, people.supervisor)[0]
    for i in range(55):
        tags = "، ".join(f"برچسب {i}-{j}" for j in range(20))
        dv.create_directive(db, people.clerk, kind_id=kind.id, title=f"پیش‌نویس {i}", tags=tags, body="ماده ۱ - متن")
    assert dv.count_directives(db, people.clerk, search="برچسب") == 55
    assert len(dv.list_directives(db, people.clerk, search="ب")) == 55
    assert [d.title for d in dv.list_directives(db, people.clerk, search="54-19")] == ["پیش‌نویس 54"]


def test_number_forms_pad_a_serial_typed_without_its_leading_zeros() -> None:
    from pr_desk.domain.directives import number_forms

    assert number_forms("د/1405/8") == ("د/1405/008",)
    assert number_forms("د/1405/08") == ("د/1405/008",)
    assert number_forms("1405/12") == ("1405/012",)
    assert number_forms("12/1405/8") == ("12/1405/008",)  # a prefix of digits
    for whole_or_other in ("د/1405/008", "د/1405/1234", "د/14/8", "8", "پوشش", "د/1405/", ""):
        assert number_forms(whole_or_other) == (), whole_or_other


def _without_zeros(number: str) -> str:
    """"د/1405/003" as a clerk types it: "د/1405/3"."""
    head, serial = number.rsplit("/", 1)
    return f"{head}/{serial.lstrip('0')}"


def test_a_number_typed_without_its_serials_leading_zeros_is_found(office: Any) -> None:
    """The register's search, the one search box (`pr-desk find`'s index) and the lookup by
    number ("Link to another directive") find د/1405/003 typed د/1405/3 or د/۱۴۰۵/۳; the
    exact number as before, and د/1405/3 finds no other directive (not د/1405/030)."""
    from pr_desk.domain.errors import UserError
    from pr_desk.services import search

    db, admin = office
    people = staff(db, admin)
    made = [_issued(db, people, f"دستور {n}", "ماده ۱ - متن") for n in range(1, 4)]
    third = made[2]
    number = third.info.number or ""
    assert number.endswith("/003")
    typed = _without_zeros(number)
    persian = typed.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    clerk = people.clerk
    for text in (typed, persian, f"{typed} متن", f"دستور {typed}", number):
        assert [d.id for d in dv.list_directives(db, clerk, search=text)] == [third.info.id], text
        assert dv.count_directives(db, clerk, search=text) == 1, text
    assert {d.id for d in dv.list_directives(db, clerk, search=typed.rsplit("/", 1)[0] + "/")} == {d.info.id for d in made}

    for text in (typed, persian, number):
        assert dv.find_by_number(db, clerk, text).id == third.info.id, text
    try:
        dv.find_by_number(db, clerk, _without_zeros(number)[:-1] + "9")
    except UserError:
        pass
    else:
        raise AssertionError("no directive is numbered …/9")

    for text in (typed, persian, typed + " "):
        groups = search.search(db, clerk, text, kind="directive")
        assert [[h.record_id for h in g.hits] for g in groups] == [[third.info.id]], text


def test_pr_desk_find_finds_a_number_typed_without_its_leading_zeros(tmp_path: Any) -> None:
    from pr_desk.services.setup import create_database

    path = str(tmp_path / "office.sqlite")
    db, admin = create_database(path, admin_username="boss", admin_display_name="مدیر", admin_password=ADMIN_PW)
    try:
        a = _issued(db, staff(db, admin), "پوشش خبری رویدادهای شهری", BODY)
    finally:
        db.dispose()
    number = a.info.number or ""
    r = run("find", _without_zeros(number), "--db", path, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    assert "== دستورالعمل‌ها (۱) ==" in r.stdout.splitlines() and f"{number} — پوشش خبری رویدادهای شهری" in r.stdout
