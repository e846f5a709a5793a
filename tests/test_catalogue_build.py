"""The compiled catalogue is written safely when two processes find it out of date at once
(xdist's workers after a merge, two windows opened after an update in a source checkout)."""

from __future__ import annotations

import gettext
from pathlib import Path
from typing import Any

import pytest

from pr_desk import i18n_build


def test_a_second_compile_finishing_during_the_first_leaves_both_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mo = tmp_path / "fa" / "LC_MESSAGES" / "pr_desk.mo"
    write_mo = i18n_build.write_mo
    nested: list[bool] = []

    def another_process_meanwhile(file: Any, catalog: Any) -> None:
        if not nested:  # the first writer is interrupted by a whole second compile
            nested.append(True)
            i18n_build.compile_language("fa", mo)
        write_mo(file, catalog)

    monkeypatch.setattr(i18n_build, "write_mo", another_process_meanwhile)
    i18n_build.compile_language("fa", mo)  # a shared ".tmp" name: FileNotFoundError at the rename

    assert nested and [p.name for p in mo.parent.iterdir()] == ["pr_desk.mo"]  # no temporary left
    with mo.open("rb") as file:
        catalogue = gettext.GNUTranslations(file)
    assert catalogue.gettext("Refresh") != "Refresh"
    assert mo.stat().st_mode & 0o444 == 0o444  # readable by all, as before
