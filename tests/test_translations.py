"""Every string the program shows has its Persian translation."""

from __future__ import annotations

from pr_desk.i18n_build import missing


def test_every_ui_string_has_a_persian_translation() -> None:
    gaps = missing("fa")
    listing = "\n".join(f"{where[0]}: {msgid!r}" for msgid, where in sorted(gaps.items()))
    assert not gaps, f"{len(gaps)} strings lack Persian:\n{listing}"
