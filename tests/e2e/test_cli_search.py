"""`pr-desk find TEXT --kind K|all` answers from the one search index with the search box's
groups, and `pr-desk check --reindex` rebuilds it (issue 15)."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.test_cli import ADMIN_PW, AS_BOSS, run


def test_find_by_kind_and_reindex(tmp_path: Path) -> None:
    db = str(tmp_path / "office.sqlite")
    r = run("init", "--db", db, "--admin", "boss", "--name", "مدیر محمدی", "--password-stdin", stdin=ADMIN_PW + "\n")
    assert r.returncode == 0, r.stderr
    r = run("find", "منطقه ۱۲", "--kind", "unit", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].startswith("== واحدها (") and any("منطقه ۱۲" in line for line in lines[1:])
    r = run("find", "محمد", "--kind", "all", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0 and r.stdout.splitlines()[0].startswith("== کاربران (۱)"), r.stdout
    r = run("find", "هیچ‌چیز", "--kind", "all", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0 and r.stdout.strip() == "چیزی یافت نشد."
    r = run("find", "x", "--kind", "nonsense", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode != 0 and "nonsense" in r.stderr
    r = run("check", "--reindex", "--db", db, "--as", "boss", env=AS_BOSS)
    assert r.returncode == 0, r.stderr
    assert "نمایه جستجو از نو ساخته شد" in r.stdout
