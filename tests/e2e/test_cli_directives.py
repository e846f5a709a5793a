"""The directive register from the command line, as a subprocess: `pr-desk template
directives`, `pr-desk import directives` (all rows or none, each bad row on its own line),
`pr-desk directive acknowledge|list|pending`, `pr-desk find` finding directives beside
meeting requests, and the register's reports; every error one line, nothing half-written."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from pr_desk.domain.jalali import JalaliDate
from pr_desk.domain.text import to_persian_digits
from tests.e2e.test_cli import AS_BOSS, initialised, run

__all__ = ["initialised"]

YEAR = JalaliDate.today().year - 1
FA_YEAR = to_persian_digits(YEAR)


def one_line_error(r) -> bool:  # type: ignore[no-untyped-def]
    return r.returncode != 0 and len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("خطا")


def test_template_import_acknowledge_list_pending_and_find(initialised: str, tmp_path: Path) -> None:
    db = initialised
    template = tmp_path / "register.xlsx"
    r = run("template", "directives", "--out", str(template))
    assert r.returncode == 0, r.stderr
    wb = load_workbook(template)
    ws = wb.active
    assert ws.sheet_view.rightToLeft and ws["A1"].value == "شماره" and ws["K1"].value == "گیرندگان"
    ws.delete_rows(2, 2)
    ws.append([f"د/{YEAR}/012", "دستورالعمل", "پوشش خبری رویدادهای شهری", "معاونت روابط عمومی", "", f"{YEAR}/02/03", "", "",
               "خبر", "ماده ۱ - همه واحدها خبر را ارسال کنند.", "همه مناطق"])
    ws.append([f"ب/{YEAR}/004", "بخشنامه", "ساعات پاسخگویی تلفنی", "", "", f"{YEAR}/03/10", "", "", "", "", "D07, d08"])
    ws.append([f"د/{YEAR}/012", "دستورالعمل", "تکرار شماره", "", "", f"{YEAR}/04/01", "", "", "", "", ""])
    ws.append([f"ش/{YEAR}/001", "شیوه‌نامه", "=HYPERLINK(\"http://x\")", "", "", f"{YEAR}/13/01", "", "", "", "", "D99"])
    ws.cell(row=5, column=3).data_type = "s"  # text that looks like a formula, as a hostile file would hold it
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    r = run("import", "directives", str(bad), "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert [line.split("،")[0] for line in lines[:-1]] == ["ردیف ۴"] + ["ردیف ۵"] * 3  # each bad cell of each row
    assert any("شماره" in line and f"د/{YEAR}/012" in line and "ردیف ۲" in line for line in lines)  # repeats row 2
    assert any("عنوان" in line and "=HYPERLINK" in line for line in lines)
    assert any("گیرندگان" in line and "D99" in line for line in lines)
    assert lines[-1].startswith("خطا") and "۲" in lines[-1]
    r = run("directive", "list", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0 and r.stdout.strip().splitlines() == ["۰ دستورالعمل."]  # nothing was imported

    ws.delete_rows(4, 2)
    good = tmp_path / "good.xlsx"
    wb.save(good)
    r = run("import", "directives", str(good), "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    assert "۲ دستورالعمل" in r.stdout and "۲۴ واحد" in r.stdout
    r = run("directive", "list", "--year", FA_YEAR, "--status", "in_force", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    rows = r.stdout.strip().splitlines()
    assert rows[0].startswith(f"ب/{YEAR}/004\tبخشنامه\tساعات پاسخگویی تلفنی") and rows[1].startswith(f"د/{YEAR}/012")
    assert rows[1].endswith("0/22") and rows[-1] == "۲ دستورالعمل."

    # Acknowledgements collected by phone.
    number = f"د/{FA_YEAR}/۰۱۲"
    r = run("directive", "acknowledge", number, "--unit", "d07", "--by", "زهرا کاظمی", "--post", "مدیر روابط عمومی",
            "--on", f"{FA_YEAR}/۰۲/۰۵", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    assert "روابط عمومی منطقه ۷" in r.stdout and f"{YEAR}/02/05" in r.stdout and "زهرا کاظمی" in r.stdout
    for bad_args in (["--unit", "D07", "--by", "زهرا کاظمی"],  # already acknowledged
                     ["--unit", "D99", "--by", "x"],  # no such unit
                     ["--unit", "D08", "--by", "x", "--on", f"{YEAR}/13/01"],  # no such date
                     ["--unit", "D08", "--by", "x", "--on", f"{YEAR}/01/01"],  # before it was sent
                     ["--unit", "D08", "--by", "   "]):  # nobody named
        r = run("directive", "acknowledge", number, *bad_args, "--db", db, "--as", "boss", env=AS_BOSS)
        assert one_line_error(r), (bad_args, r.stderr)
    r = run("directive", "acknowledge", f"د/{YEAR}/999", "--unit", "D07", "--by", "x", "--db", db, "--as", "boss", env=AS_BOSS)
    assert one_line_error(r)
    r = run("directive", "pending", "--unit", "D08", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    pending = r.stdout.strip().splitlines()
    assert len(pending) == 3 and pending[0].startswith(f"د/{YEAR}/012") and pending[1].startswith(f"ب/{YEAR}/004")
    assert "وصول با تأخیر" in r.stdout and pending[-1].startswith("روابط عمومی منطقه ۸: ۲ دستورالعمل")

    # find: without text the meeting requests as before; with text every workspace's records
    # from the one index (the search box's groups), directives by number or title words, Persian folded.
    r = run("find", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0 and "درخواست پیدا شد" in r.stdout and "دستورالعمل پیدا شد" not in r.stdout
    for text in ("پوشش خبری", "پوشش خبري", f"د/{FA_YEAR}/۰۱۲", "رویدادهای   شهری"):
        r = run("find", text, "--db", db, "--as", "boss", env=AS_BOSS)
        assert r.returncode == 0, r.stderr
        assert "== دستورالعمل‌ها (۱) ==" in r.stdout.splitlines(), (text, r.stdout)
        assert f"د/{YEAR}/012 — پوشش خبری رویدادهای شهری\t" in r.stdout, text
    r = run("find", "x", "--status", "waiting", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0 and "دستورالعمل" not in r.stdout  # a meeting filter: meetings only

    # An inspector finds directives (of the units assigned to them) without the citizens' search.
    r = run("user", "add", "insp", "--role", "inspector", "--password-stdin", "--db", db, "--as", "boss", stdin="insp-pass-1405\n",
            env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    r = run("find", "پوشش", "--db", db, "--as", "insp", env={"PR_DESK_PASSWORD": "insp-pass-1405"})
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines() == ["چیزی یافت نشد."]

    # The register's reports.
    out = tmp_path / "letters.pdf"
    r = run("report", "directive-letter", "--filter", f"number={number}", "--filter", "unit=D07", "--out", str(out),
            "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size > 5000
    out = tmp_path / "matrix.xlsx"
    r = run("report", "directive-compliance", "--filter", "year=all", "--filter", "unit_kind=district", "--out", str(out),
            "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    r = run("report", "directive-pending", "--filter", "colour=red", "--out", str(tmp_path / "x.pdf"), "--db", db, "--as", "boss",
            env=AS_BOSS)
    assert one_line_error(r) and "unit" in r.stderr and not (tmp_path / "x.pdf").exists()
    r = run("report", "--list")
    assert all(f"directive-{k}" in r.stdout for k in ("register", "letter", "compliance", "pending", "text"))


def test_import_refuses_a_clerk_an_empty_file_and_a_file_that_is_not_a_workbook(initialised: str, tmp_path: Path) -> None:
    db = initialised
    template = tmp_path / "register.xlsx"
    assert run("template", "directives", "--out", str(template)).returncode == 0
    wb = load_workbook(template)
    wb.active.delete_rows(2, 2)
    empty = tmp_path / "empty.xlsx"
    wb.save(empty)
    r = run("import", "directives", str(empty), "--db", db, "--as", "boss", env=AS_BOSS)
    assert one_line_error(r)
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"=cmd|' /C calc'!A0\n" * 10)
    r = run("import", "directives", str(fake), "--db", db, "--as", "boss", env=AS_BOSS)
    assert one_line_error(r)
    r = run("user", "add", "clerk", "--role", "clerk", "--password-stdin", "--db", db, "--as", "boss", stdin="clerk-pass-1405\n",
            env=AS_BOSS)
    ws = wb.active
    ws.append([f"د/{YEAR}/001", "دستورالعمل", "عنوان", "", "", f"{YEAR}/02/03", "", "", "", "", ""])
    one = tmp_path / "one.xlsx"
    wb.save(one)
    r = run("import", "directives", str(one), "--db", db, "--as", "clerk", env={"PR_DESK_PASSWORD": "clerk-pass-1405"})
    assert one_line_error(r)
    r = run("directive", "list", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.stdout.strip().splitlines() == ["۰ دستورالعمل."]
