"""Lists sorted by a name follow the Persian alphabet, not the code points (پ چ ژ ک گ came
after و, and ه before و): the requests list by citizen and by official, a page after
another (keyset paging) and backwards; the units and officials lists; on SQLite and
PostgreSQL."""

from __future__ import annotations

import random

import pytest

from pr_desk.domain.text import PERSIAN_ALPHABET
from pr_desk.domain.units import UnitKind
from pr_desk.services import meetings, units
from tests.services.meetings.factories import national_code

# one name for each letter the defect put out of place, and their neighbours
NAMES = ("بهرام", "پرویز", "تقی", "جواد", "چنگیز", "حسن", "زهرا", "ژاله", "سارا", "کامران", "گلاره", "لیلا",
         "وحید", "هادی", "یاسر")


def _alphabetical(names) -> list[str]:  # type: ignore[no-untyped-def]
    """`names` as a Persian reader orders them: letter by letter, by the alphabet's places."""
    return sorted(names, key=lambda n: [PERSIAN_ALPHABET.index(c) for c in n])


def test_the_names_of_this_test_are_out_of_order_by_code_point() -> None:
    """Without the change, a list sorting these by the text itself is wrong."""
    assert sorted(NAMES) != _alphabetical(NAMES)
    assert _alphabetical(NAMES) == list(NAMES)


def _shuffled(seed: int) -> list[str]:
    names = list(NAMES)
    random.Random(seed).shuffle(names)  # their ids (time-ordered) in another order than their names'
    return names


@pytest.fixture
def requests_office(office):  # type: ignore[no-untyped-def]
    """A request by each citizen of NAMES, each to an official of NAMES (registered in a shuffled order)."""
    db, admin = office
    officials = {n: meetings.add_official(db, admin, name=f"{n} احمدی", title="معاون") for n in _shuffled(1)}
    for i, name in enumerate(_shuffled(2)):
        citizen = meetings.add_citizen(db, admin, national_code=national_code(700 + i), first_name=name, last_name="رضایی",
                                       mobile=f"0912000{700 + i:04d}", district=1 + i % 22)
        meetings.register_request(db, admin, citizen_id=citizen.id, official_id=officials[_shuffled(3)[i]].id,
                                  subject_category="other", channel="in_person", description="درخواست دیدار")
    return db, admin


def _read_in_pages(db, admin, key: str, descending: bool, size: int):  # type: ignore[no-untyped-def]
    """The whole list, each page asked for after the last row of the one before (as the list view does)."""
    rows = meetings.find_requests(db, admin, sort_key=key, descending=descending, limit=size)
    while True:
        page = meetings.find_requests(db, admin, sort_key=key, descending=descending, limit=size, after=rows[-1])
        rows += page
        if len(page) < size:
            return rows


@pytest.mark.parametrize("descending", [False, True], ids=["up", "down"])
def test_the_requests_list_by_citizen_name_in_alphabet_order_across_pages(requests_office, descending) -> None:  # type: ignore[no-untyped-def]
    db, admin = requests_office
    expected = [f"{n} رضایی" for n in (reversed(NAMES) if descending else NAMES)]
    whole = meetings.find_requests(db, admin, sort_key="citizen_name", descending=descending, limit=100)
    assert [r.citizen_name for r in whole] == expected
    paged = _read_in_pages(db, admin, "citizen_name", descending, 4)  # page boundaries at ج/چ, ژ/س, گ/ل...
    assert [r.citizen_name for r in paged] == expected
    backwards = meetings.find_requests(db, admin, sort_key="citizen_name", descending=descending, limit=100, backwards=True)
    assert [r.id for r in backwards] == [r.id for r in whole][::-1]


@pytest.mark.parametrize("descending", [False, True], ids=["up", "down"])
def test_the_requests_list_by_official_in_alphabet_order_across_pages(requests_office, descending) -> None:  # type: ignore[no-untyped-def]
    db, admin = requests_office
    expected = [f"{n} احمدی" for n in (reversed(NAMES) if descending else NAMES)]
    whole = meetings.find_requests(db, admin, sort_key="official_name", descending=descending, limit=100)
    assert [r.official_name for r in whole] == expected
    # an official's name at a time (queries._by_official), and after a page's last row
    paged = _read_in_pages(db, admin, "official_name", descending, 4)
    assert [r.official_name for r in paged] == expected
    # narrowed to a few requests, one statement sorts them: the same order
    one = meetings.find_requests(db, admin, sort_key="official_name", descending=descending,
                                 search=meetings.RequestSearch(text="09120"), limit=100)
    assert [r.official_name for r in one] == expected


def test_the_officials_list_by_name_in_alphabet_order(requests_office) -> None:  # type: ignore[no-untyped-def]
    db, admin = requests_office
    names = [o.name for o in meetings.list_officials(db, admin, sort_key="name")]
    assert names == [f"{n} احمدی" for n in NAMES]
    assert [o.name for o in meetings.list_officials(db, admin, sort_key="name", descending=True)] == names[::-1]
    assert [o.name for o in meetings.list_officials(db, admin)] == names  # their own order: equal ranks, by name


def test_the_units_list_by_name_in_alphabet_order_page_by_page(office) -> None:  # type: ignore[no-untyped-def]
    db, admin = office
    for i, name in enumerate(_shuffled(4)):
        units.add_unit(db, admin, name=f"سازمان {name}" if i % 2 else f"سازمان‌{name}", kind=UnitKind.ORGANISATION,
                       code=f"O{i:02d}")
    ours = [f"سازمان {n}" for n in NAMES]

    def listed(descending: bool, size: int) -> list[str]:
        rows, offset = [], 0
        while True:
            page = units.list_units(db, admin, kind=UnitKind.ORGANISATION, sort_key="name", descending=descending,
                                    offset=offset, limit=size)
            rows += [u.name.replace("\u200c", " ") for u in page]  # a ZWNJ sorts as a space does: not at all
            if len(page) < size:
                return rows
            offset += size

    assert listed(False, 4) == ours
    assert listed(True, 4) == ours[::-1]
    # the list's own order (kind, district, name): the organisations by name
    default = [u.name.replace("\u200c", " ") for u in units.list_units(db, admin, kind=UnitKind.ORGANISATION)]
    assert default == ours
