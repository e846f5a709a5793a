"""Every string the program shows has its Persian translation."""

from __future__ import annotations

from pr_desk.i18n_build import missing


def test_every_ui_string_has_a_persian_translation() -> None:
    gaps = missing("fa")
    listing = "\n".join(f"{where[0]}: {msgid!r}" for msgid, where in sorted(gaps.items()))
    assert not gaps, f"{len(gaps)} strings lack Persian:\n{listing}"


def test_no_string_is_translated_twice_differently() -> None:
    """The .po parts are merged: a msgid in two parts with two translations would show one
    of them depending on file order (the other never seen)."""
    from pathlib import Path

    from babel.messages.pofile import read_po

    seen: dict[str, dict[str, str]] = {}
    for part in sorted((Path(__file__).resolve().parents[1] / "translations" / "fa").glob("*.po")):
        with part.open("rb") as f:
            for m in read_po(f):
                if m.id:
                    seen.setdefault(str(m.id), {})[part.name] = str(m.string)
    twice = {msgid: parts for msgid, parts in seen.items() if len(set(parts.values())) > 1}
    assert not twice, twice
