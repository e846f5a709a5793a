"""Fixtures for the UI kit tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pr_desk import i18n


@pytest.fixture
def persian() -> Iterator[None]:
    """Run the test in Persian (Persian digits on screen), then restore the language."""
    before = i18n.current_language()
    i18n.set_language("fa")
    yield
    i18n.set_language(before)


@pytest.fixture
def english() -> Iterator[None]:
    before = i18n.current_language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)
