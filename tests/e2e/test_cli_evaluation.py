"""The evaluation form round trip from the command line, as an inspector without the app
would do it: write the unit's form, fill it, import it; bad cells are named, nothing saved."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from tests.e2e.test_cli import ADMIN_PW, AS_BOSS, initialised, run  # noqa: F401 - the fixture


def _prepare(db: str) -> None:
    from pr_desk.services import auth
    from pr_desk.services import evaluation as ev
    from pr_desk.services.setup import open_or_create

    opened = open_or_create(db, create=False)
    try:
        boss = auth.login(opened.db, "boss", ADMIN_PW)
        ev.open_period(opened.db, boss, kind="quarter", year=1404, number=2)
    finally:
        opened.db.dispose()


def test_template_fill_import_and_refuse_bad_cells(initialised: str, tmp_path: Path) -> None:  # noqa: F811
    db = initialised
    _prepare(db)
    form = tmp_path / "form.xlsx"
    r = run("template", "evaluation", "--unit", "D07", "--period", "1404-Q2", "--out", str(form), "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    wb = load_workbook(form)
    ws = wb.worksheets[0]
    assert ws.sheet_view.rightToLeft and "منطقه ۷" in ws["B3"].value
    rows = [row[0].row for row in ws.iter_rows(min_row=8) if row[9].value and not str(row[9].value).startswith("visit:")]
    assert len(rows) == 15  # the default template's indicators
    for n in rows:
        ws[f"C{n}"], ws[f"D{n}"], ws[f"G{n}"] = 8, 7, "گزارش پیوست"
    ws[f"D{rows[0]}"] = 12
    ws[f"C{rows[1]}"] = "زیاد"
    wb.save(form)
    r = run("import", "evaluation", str(form), "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode != 0
    assert f"D{rows[0]}: ۱۲ بیشتر از حداکثر ۱۰ است" in r.stderr and f"C{rows[1]}: «زیاد» عدد نیست" in r.stderr
    r = run("evaluation", "results", "--period", "1404-Q2", "--all", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0 and "D07" in r.stdout and "۷۰" not in r.stdout  # nothing was saved

    ws[f"D{rows[0]}"], ws[f"C{rows[1]}"] = 7, 8
    wb.save(form)
    r = run("import", "evaluation", str(form), "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    assert "۷۰٫۰۰" in r.stdout and "۸۰٫۰۰" in r.stdout  # every indicator at 7/10 and 8/10
    r = run("report", "evaluation-unit", "--filter", "period=1404-Q2", "--filter", "unit=D07", "--out", str(tmp_path / "u.pdf"),
            "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "u.pdf").stat().st_size > 1000
    r = run("template", "evaluation", "--out", str(form), "--db", db, "--as", "boss", env=AS_BOSS, lang="en")
    assert r.returncode != 0 and "--unit" in r.stderr
