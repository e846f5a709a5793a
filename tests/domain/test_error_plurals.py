"""A refusal that counts says one or many as the count calls for, in English and Persian,
and keeps its plural when a service raises it again with its own field."""

from __future__ import annotations

import pytest

from pr_desk.domain.errors import UserError
from pr_desk.i18n import N_plural, current_language, set_language

CHECK = N_plural("The check found {count} problem.", "The check found {count} problems.")
GONE = N_plural("{count} of the chosen officials no longer exists.", "{count} of the chosen officials no longer exist.")


@pytest.fixture()
def language():  # type: ignore[no-untyped-def]
    before = current_language()
    yield set_language
    set_language(before)


def test_one_or_many_in_english_and_persian(language) -> None:  # type: ignore[no-untyped-def]
    language("en")
    assert [UserError(CHECK, count=n).translated() for n in (1, 4)] == ["The check found 1 problem.", "The check found 4 problems."]
    assert str(UserError(GONE, count=1)) == "1 of the chosen officials no longer exists."
    language("fa")
    assert [UserError(GONE, count=n).translated() for n in (1, 2)] == [
        "۱ نفر از مقام‌های انتخاب‌شده دیگر وجود ندارد.", "۲ نفر از مقام‌های انتخاب‌شده دیگر وجود ندارند."]


def test_raised_again_it_keeps_both_forms(language) -> None:  # type: ignore[no-untyped-def]
    language("en")
    first = UserError(GONE, count=3)
    again = UserError(first.message, field="officials", **first.params)
    assert str(again) == "3 of the chosen officials no longer exist." and again.field == "officials"
    assert str(UserError(CHECK)) == "The check found {count} problems."  # no count given: the plural, unfilled, never a crash
