"""The one scoring function (property-tested), grades, ranks, trends, periods of the Jalali
year, the status machine and how scores typed by people are read."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pr_desk.domain.errors import UserError
from pr_desk.domain.evaluation import (
    FormStatus,
    Grade,
    GradeBands,
    IndicatorWeight,
    MissingScore,
    PeriodKind,
    Trend,
    check_score,
    check_transition,
    evidence_missing,
    parse_period_code,
    period_code,
    period_label,
    period_range,
    rank,
    round_half_up,
    score,
    sniff_evidence,
    trend,
)
from pr_desk.domain.jalali import JalaliDate

cents = st.integers(min_value=1, max_value=100_000).map(lambda n: Decimal(n) / 100)


@st.composite
def form(draw):  # type: ignore[no-untyped-def]
    """Indicators on 1–4 axes with weights and maxima of up to 2 decimals, and scores in range
    (some missing)."""
    n = draw(st.integers(1, 12))
    indicators, scores = [], {}
    for k in range(n):
        weight = draw(cents.filter(lambda d: d <= 1000))
        maximum = draw(cents.filter(lambda d: d <= 1000))
        indicators.append(IndicatorWeight(k, draw(st.integers(0, 3)), weight, maximum))
        value = draw(st.none() | st.integers(0, int(maximum * 100)).map(lambda c: Decimal(c) / 100))
        scores[k] = value
    return indicators, scores


def exact_total(indicators, scores, missing=MissingScore.ZERO) -> Fraction | None:  # type: ignore[no-untyped-def]
    num = den = Fraction(0)
    for ind in indicators:
        value = scores.get(ind.key)
        if value is None and missing is MissingScore.EXCLUDE:
            continue
        num += Fraction(ind.weight) * Fraction(value or 0) / Fraction(ind.max_score)
        den += Fraction(ind.weight)
    return None if den == 0 else num / den * 100


@settings(max_examples=300, deadline=None)
@given(form())
def test_total_is_the_exact_weighted_mean_rounded_half_up_once(data) -> None:  # type: ignore[no-untyped-def]
    indicators, scores = data
    for missing in MissingScore:
        result = score(indicators, scores, missing=missing)
        exact = exact_total(indicators, scores, missing)
        if exact is None:
            assert result.total is None
            continue
        assert result.total is not None and 0 <= result.total <= 100
        assert result.total.as_tuple().exponent == -2  # always two places
        assert abs(Fraction(result.total) - exact) <= Fraction(1, 200)  # within half a cent
        assert result.total == round_half_up(exact)
    assert result.scored + result.missing == len(indicators)


@settings(max_examples=200, deadline=None)
@given(form(), st.integers(2, 50))
def test_scaling_every_weight_changes_nothing_and_one_weight_moves_the_total_its_way(data, factor) -> None:  # type: ignore[no-untyped-def]
    indicators, scores = data
    scaled = [IndicatorWeight(i.key, i.axis, i.weight * factor, i.max_score) for i in indicators]
    assert score(scaled, scores).total == score(indicators, scores).total
    # Raising the weight of the best-scored indicator can only raise the total (and vice versa).
    base = score(indicators, scores).total
    ratios = {i.key: Fraction(scores.get(i.key) or 0) / Fraction(i.max_score) for i in indicators}
    best = max(indicators, key=lambda i: ratios[i.key])
    heavier = [IndicatorWeight(i.key, i.axis, i.weight * factor if i is best else i.weight, i.max_score) for i in indicators]
    assert score(heavier, scores).total >= base  # type: ignore[operator]


@settings(max_examples=100, deadline=None)
@given(form())
def test_all_maximum_is_100_all_zero_is_0_and_missing_counts_as_zero(data) -> None:  # type: ignore[no-untyped-def]
    indicators, scores = data
    full = {i.key: i.max_score for i in indicators}
    zero = {i.key: Decimal(0) for i in indicators}
    assert score(indicators, full).total == Decimal("100.00")
    assert all(v == Decimal("100.00") for v in score(indicators, full).axes.values())
    assert score(indicators, zero).total == Decimal("0.00")
    assert score(indicators, {}).total == Decimal("0.00")  # ZERO: nothing shown, nothing earned
    assert score(indicators, {}, missing=MissingScore.EXCLUDE).total is None
    as_zero = {k: (v if v is not None else Decimal(0)) for k, v in scores.items()}
    assert score(indicators, scores).total == score(indicators, as_zero).total


@settings(max_examples=100, deadline=None)
@given(form())
def test_axis_scores_recombine_to_the_total(data) -> None:  # type: ignore[no-untyped-def]
    indicators, scores = data
    result = score(indicators, scores)
    weights: dict[int, Fraction] = {}
    for i in indicators:
        weights[i.axis] = weights.get(i.axis, Fraction(0)) + Fraction(i.weight)  # type: ignore[index]
    combined = sum(Fraction(result.axes[a]) * w for a, w in weights.items()) / sum(weights.values())  # type: ignore[arg-type]
    assert abs(combined - Fraction(result.total)) <= Fraction(1, 100)  # type: ignore[arg-type]


def test_rounding_is_half_up_on_the_exact_value() -> None:
    # 1/8 of 100 = 12.5; weight 1 of 8 scored full → exactly 12.50; 0.125 → 0.13
    assert round_half_up(Fraction(1, 8)) == Decimal("0.13")
    assert round_half_up(Fraction(-1, 8)) == Decimal("-0.13")
    assert round_half_up(Decimal("84.125")) == Decimal("84.13")
    assert round_half_up(Decimal("84.124999")) == Decimal("84.12")
    inds = [IndicatorWeight("a", 1, Decimal(1), Decimal(3)), IndicatorWeight("b", 1, Decimal(2), Decimal(3))]
    assert score(inds, {"a": Decimal(1), "b": Decimal(0)}).total == Decimal("11.11")  # 100/9
    assert score(inds, {"a": Decimal(2), "b": Decimal(0)}).total == Decimal("22.22")
    assert score(inds, {"a": Decimal("0.01"), "b": Decimal(0)}).total == Decimal("0.11")  # 0.111…
    with pytest.raises(ValueError):
        score(inds, {"a": Decimal(4)})


@pytest.mark.parametrize(("text", "maximum", "expected"), [
    ("7", "10", Decimal("7.00")), ("۷٫۵", "10", Decimal("7.50")), ("7/25", "10", Decimal("7.25")),
    ("10", "10", Decimal("10.00")), ("0", "10", Decimal("0.00")), ("", "10", None), ("  ", "10", None),
    (7.5, "10", Decimal("7.50")), ("10.00", "10", Decimal("10.00")),
])
def test_scores_typed_by_people(text, maximum, expected) -> None:  # type: ignore[no-untyped-def]
    assert check_score(text, Decimal(maximum)) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("12", "۱۲ بیشتر از حداکثر ۱۰ است"), ("-1", "-۱ کمتر از صفر است"), ("7.125", "۷٫۱۲۵ بیش از دو رقم اعشار دارد"),
    ("هفت", "«هفت» عدد نیست"), ("1e3", "۱۰۰۰ بیشتر از حداکثر ۱۰ است"), ("nan", "عدد نیست"), (True, "عدد نیست"),
])
def test_bad_scores_say_what_is_wrong(text, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError) as err:
        check_score(text, Decimal(10))
    assert message in err.value.translated()


def test_grades_are_configurable_bands() -> None:
    bands = GradeBands()
    assert [bands.grade(Decimal(v)) for v in ("100", "90", "89.99", "75", "50", "49.99", "0")] == [
        Grade.EXCELLENT, Grade.EXCELLENT, Grade.GOOD, Grade.GOOD, Grade.FAIR, Grade.POOR, Grade.POOR]
    strict = GradeBands(Decimal(95), Decimal(85), Decimal(70))
    assert strict.grade(Decimal(90)) is Grade.GOOD and GradeBands.from_text(strict.to_text()) == strict
    assert bands.grade(None) is None and Grade.EXCELLENT.label == "عالی"
    with pytest.raises(UserError):
        GradeBands(Decimal(50), Decimal(75), Decimal(20))


def test_rank_ties_share_and_trend() -> None:
    assert rank({"a": Decimal(90), "b": Decimal(80), "c": Decimal(90), "d": None, "e": Decimal(70)}) == {
        "a": 1, "c": 1, "b": 3, "e": 4}
    assert trend(Decimal(80), Decimal(70)) == (Trend.UP, Decimal(10))
    assert trend(Decimal(70), Decimal("80.5")) == (Trend.DOWN, Decimal("-10.5"))
    assert trend(Decimal("70.5"), Decimal(70))[0] is Trend.STEADY
    assert trend(Decimal(70), None) == (Trend.NEW, None)


@pytest.mark.parametrize(("kind", "number", "first", "last"), [
    ("quarter", 1, (1404, 1, 1), (1404, 3, 31)), ("quarter", 3, (1404, 7, 1), (1404, 9, 30)),
    ("quarter", 4, (1403, 10, 1), (1403, 12, 30)), ("half", 2, (1404, 7, 1), (1404, 12, 29)),
    ("year", 1, (1403, 1, 1), (1403, 12, 30)),
])
def test_periods_of_the_jalali_year(kind, number, first, last) -> None:  # type: ignore[no-untyped-def]
    year = first[0]
    start, end = period_range(kind, year, number)
    assert start == JalaliDate(*first).to_gregorian() and end == JalaliDate(*last).to_gregorian()
    assert parse_period_code(period_code(kind, year, number)) == (PeriodKind(kind), year, number)


def test_period_labels_and_codes() -> None:
    assert period_range("year", 1404) == (dt.date(2025, 3, 21), dt.date(2026, 3, 20))
    assert period_label("quarter", 1404, 2) == "سه‌ماهه دوم ۱۴۰۴" and period_label("year", 1404) == "سال ۱۴۰۴"
    assert parse_period_code("۱۴۰۴-h2") == (PeriodKind.HALF, 1404, 2)
    for bad in ("1404", "1404-Q5", "Q2-1404", "1404-X1", ""):
        with pytest.raises(UserError):
            parse_period_code(bad)


def test_status_machine() -> None:
    assert check_transition("draft", "submitted") is FormStatus.SUBMITTED
    assert check_transition("submitted", "returned") is FormStatus.RETURNED
    assert check_transition("returned", "draft") is FormStatus.DRAFT
    for current, target in (("draft", "approved"), ("approved", "draft"), ("approved", "returned"), ("returned", "approved")):
        with pytest.raises(UserError):
            check_transition(current, target)


def test_evidence_rule_and_file_types() -> None:
    assert evidence_missing(True, Decimal(5), "", 0)
    assert not evidence_missing(True, Decimal(0), "", 0)  # a zero needs no proof
    assert not evidence_missing(True, Decimal(5), "", 1) and not evidence_missing(True, Decimal(5), "گزارش", 0)
    assert not evidence_missing(False, Decimal(5), "", 0)
    assert sniff_evidence(b"\xff\xd8\xff\xe0", "x.png")[0] == "image/jpeg"  # the bytes decide, not the name
    assert sniff_evidence(b"PK\x03\x04", "report.docx")[1] == ".docx"
    with pytest.raises(UserError):
        sniff_evidence(b"PK\x03\x04", "archive.zip")
    with pytest.raises(UserError):
        sniff_evidence(b"MZ\x90\x00", "photo.jpg")
