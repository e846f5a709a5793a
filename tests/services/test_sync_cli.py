"""pr-desk sync export / join / import [--preview] / conflicts from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pr_desk import cli
from pr_desk.services import auth
from pr_desk.services import evaluation as ev
from pr_desk.services.setup import open_or_create
from tests.services.evaluation_factories import PASSWORD, full_scores
from tests.services.test_sync_support import fast_passwords  # noqa: F401 - autouse fixture
from tests.services.test_sync_support import make_world


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = cli.main(["--lang", "en", *argv])
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_round_trip_from_the_command_line(sqlite_office, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    world = make_world(sqlite_office, tmp_path)
    office = world.office.display_name
    monkeypatch.setenv("PR_DESK_PASSWORD", PASSWORD)
    package, laptop, back = tmp_path / "field.prsync", tmp_path / "laptop.sqlite", tmp_path / "back.prsync"
    assert "Field package" in run(capsys, "sync", "export", "--for", "insp", "--out", str(package), "--db", office, "--as", "sup")
    assert "numbers start with B" in run(capsys, "sync", "join", str(package), "--db", str(laptop))
    db = open_or_create(str(laptop), create=False).db
    actor = auth.login(db, "insp", PASSWORD)
    form = ev.open_form(db, actor, period_id=world.period.id, unit_id=world.units[0].id)
    ev.save_scores(db, actor, form.form.id, lines=full_scores(form, ["8", "4", "15"]))
    db.dispose()
    assert "Return file" in run(capsys, "sync", "export", "--out", str(back), "--db", str(laptop), "--as", "insp")
    preview = run(capsys, "sync", "import", str(back), "--preview", "--db", office, "--as", "sup")
    assert "0 conflicts" in preview and "new" in preview
    assert "Imported" in run(capsys, "sync", "import", str(back), "--db", office, "--as", "sup")
    assert "Nothing to do" in run(capsys, "sync", "import", str(back), "--db", office, "--as", "sup")
    assert "0 conflicts" in run(capsys, "sync", "conflicts", "--db", office, "--as", "sup")
    # a bad file: one sentence, non-zero exit
    (tmp_path / "bad.prsync").write_bytes(b"nonsense")
    assert cli.main(["--lang", "en", "sync", "import", str(tmp_path / "bad.prsync"), "--db", office, "--as", "sup"]) != 0
    assert "not a PR Desk sync file" in capsys.readouterr().err
