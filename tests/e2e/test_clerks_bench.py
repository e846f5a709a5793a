"""bench/clerks_bench.py keeps working (issue 17 §3): its clerk clients, each a process
with its own engine, run a few seconds on one SQLite file; none fails (no "database is
locked"), and every tracking code a client was given is in the file once. Not timed: the
figures are the bench's (bench/README.md)."""

from __future__ import annotations

import sys
from pathlib import Path

from pr_desk.domain.roles import Role
from pr_desk.domain.units import UnitKind
from pr_desk.services import meetings, units, users
from pr_desk.services.setup import create_database
from tests.conftest import ADMIN_PASSWORD

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import clerks_bench

CLERK_PASSWORD = "clerk-pass-1405"


def test_three_clerks_on_one_sqlite_file_lose_and_duplicate_nothing(tmp_path: Path) -> None:
    path = tmp_path / "office.sqlite"
    db, admin = create_database(str(path), admin_username="admin", admin_display_name="مدیر سامانه", admin_password=ADMIN_PASSWORD)
    try:
        for name in ("clerk1", "clerk2"):
            users.add_user(db, admin, username=name, display_name=f"کارشناس {name[-1]}", role=Role.CLERK, password=CLERK_PASSWORD)
        for n in range(1, 4):
            meetings.add_official(db, admin, name=f"مقام {n}", title=f"شهردار منطقه {n}", district=n)
        for name in ("سازمان فناوری اطلاعات", "سازمان زیباسازی"):
            units.add_unit(db, admin, name=name, kind=UnitKind.ORGANISATION)
    finally:
        db.dispose()

    clerks = [clerks_bench.Login("clerk1", CLERK_PASSWORD), clerks_bench.Login("clerk2", CLERK_PASSWORD)]
    results = clerks_bench.run_clients(str(path), clerks, clerks_bench.Login("admin", ADMIN_PASSWORD), clients=3, seconds=4)

    failures = [f for r in results for f in r.failures]
    assert not failures, failures
    assert sum(r.locked for r in results) == 0
    done = {name for r in results for name, times in r.latencies.items() if times}
    assert "register request" in done
    codes = clerks_bench.code_check(str(path), results)
    assert codes["given"] > 0
    assert codes["given twice"] == 0 and codes["lost"] == 0 and codes["twice in the database"] == 0, codes
