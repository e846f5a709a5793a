"""Event planning's sentences that count something read right for one ("1 guest has no seat",
not "1 guests have no seat"): a count put before a plural noun goes through ngettext, with
both Persian forms in the catalogue. The English screens test catches what it sees on the
screens it walks; this one reads every such message of the events workspace."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from pr_desk.i18n import current_language, ngettext, set_language

ROOT = Path(__file__).resolve().parents[1] / "pr_desk"
EVENT_SOURCES = [*sorted((ROOT / "ui" / "events").glob("*.py")), *sorted((ROOT / "services" / "events").glob("*.py")),
                 ROOT / "cli" / "events.py"]
# A refusal (UserError, N_) is translated when shown and has no plural form yet; these are
# _() sentences. A placeholder, then (maybe a word or two later) a plural noun of the events workspace
_COUNT_THEN_PLURAL = re.compile(
    r"\{\w+\}(?: \w+){0,2} (events|guests|tasks|seats|items|lines|rows|days|sessions|occasions)\b")


def _single_form_counts(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and _COUNT_THEN_PLURAL.search(first.value):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {first.value}")
    return found


# Sentences with more than one count, each of which may be one; their first count's noun
# takes the plural form, the rest stay as they are (issue: plural forms of event sentences).
KNOWN_MULTI_COUNT = (
    "Events: {events} in {first} to {last}, with {guests} guests, {tasks} tasks and {lines} budget lines.",
    "The year {year}: {events} events, {occasions} occasions",
)


def test_no_event_sentence_puts_a_count_before_a_plural_without_ngettext() -> None:
    found = [line for path in EVENT_SOURCES for line in _single_form_counts(path)
             if not any(line.endswith(known) for known in KNOWN_MULTI_COUNT)]
    assert not found, "\n".join(found)


def test_one_reads_singular_in_english_and_persian_has_both_forms() -> None:
    before = current_language()
    try:
        set_language("en")
        assert ngettext("{count} guest has no seat: the plan or the venue is full.",
                        "{count} guests have no seat: the plan or the venue is full.", 1).format(count=1).startswith("1 guest has")
        set_language("fa")
        one = ngettext("{count} guest has no seat: the plan or the venue is full.",
                       "{count} guests have no seat: the plan or the venue is full.", 1)
        many = ngettext("{count} guest has no seat: the plan or the venue is full.",
                        "{count} guests have no seat: the plan or the venue is full.", 3)
        assert one.endswith("صندلی ندارد: نقشه یا گنجایش محل پر است.") and many.endswith("صندلی ندارند: نقشه یا گنجایش محل پر است.")
        assert ngettext("{taken} of {seats} seat given{capacity}.", "{taken} of {seats} seats given{capacity}.", 1) != \
            "{taken} of {seats} seat given{capacity}."
    finally:
        set_language(before)
