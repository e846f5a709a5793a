"""pr-desk sync export / join / import [--preview] / conflicts from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pr_desk import cli
from pr_desk.services import auth
from pr_desk.services import evaluation as ev
from pr_desk.services.setup import open_or_create
from tests.services.evaluation.factories import PASSWORD, full_scores
from tests.services.sync.support import (
    fast_passwords,  # noqa: F401 - autouse fixture
    make_world,
)


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
    # the receipt of the last import, printed later from the command line, with its per-kind counts
    run(capsys, "report", "sync-receipt", "--out", str(tmp_path / "receipt.pdf"), "--db", office, "--as", "sup")
    from tests.reports.helpers import pdftotext_pages

    text = "\n".join(pdftotext_pages(tmp_path / "receipt.pdf"))
    assert "What was written, per kind of record" in text and "Evaluation form" in text and back.name not in text
    assert "0 conflicts" in run(capsys, "sync", "conflicts", "--db", office, "--as", "sup")
    # a bad file: one sentence, non-zero exit
    (tmp_path / "bad.prsync").write_bytes(b"nonsense")
    assert cli.main(["--lang", "en", "sync", "import", str(tmp_path / "bad.prsync"), "--db", office, "--as", "sup"]) != 0
    assert "not a PR Desk sync file" in capsys.readouterr().err


def test_field_copies_listed_next_package_made_and_a_lost_one_retired(sqlite_office, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    world = make_world(sqlite_office, tmp_path)
    office = world.office.display_name
    monkeypatch.setenv("PR_DESK_PASSWORD", PASSWORD)
    assert "No field copies." in run(capsys, "sync", "copies", "--db", office, "--as", "sup")
    run(capsys, "sync", "export", "--for", "insp", "--out", str(tmp_path / "a.prsync"), "--db", office, "--as", "sup")
    listed = run(capsys, "sync", "copies", "--for", "insp", "--db", office, "--as", "sup").splitlines()
    assert len(listed) == 1 and "  B  " in listed[0] and "nothing brought back yet" in listed[0]
    copy_id = listed[0].split()[0]
    assert "Field package" in run(capsys, "sync", "export", "--for", "insp", "--copy", copy_id, "--out", str(tmp_path / "next.prsync"),
                                  "--db", office, "--as", "sup")
    assert "retired" in run(capsys, "sync", "retire", copy_id, "--db", office, "--as", "sup")
    assert run(capsys, "sync", "copies", "--db", office, "--as", "sup").strip() == "No field copies."
    assert "retired" in run(capsys, "sync", "copies", "--all", "--db", office, "--as", "sup")
    assert cli.main(["--lang", "en", "sync", "export", "--for", "insp", "--copy", "'; DROP TABLE unit;--", "--out", str(tmp_path / "x.prsync"),
                     "--db", office, "--as", "sup"]) != 0
    assert "no such field copy" in capsys.readouterr().err and not (tmp_path / "x.prsync").exists()
    for bad in (copy_id, "not-a-uuid", ""):  # already retired, malformed, empty: one sentence, non-zero exit
        assert cli.main(["--lang", "en", "sync", "retire", bad, "--db", office, "--as", "sup"]) != 0
        assert "no such field copy" in capsys.readouterr().err
    # a clerk may not see or retire field copies
    assert cli.main(["--lang", "en", "sync", "copies", "--db", office, "--as", "clerk"]) != 0
    capsys.readouterr()
    assert "Change log pruned" in run(capsys, "sync", "prune", "--db", office, "--as", "sup")
