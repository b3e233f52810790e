"""supportflow.priority: hand-checked scores, reasons, errors, and hypothesis properties."""

# ruff: noqa: RUF001 - the expected Chinese reasons use full-width punctuation

from __future__ import annotations

import datetime as dt
import json
import math
import pickle
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from supportflow import (
    InvalidFieldError,
    NaiveDatetimeError,
    Priority,
    PriorityContribution,
    PriorityFactor,
    PriorityInputs,
    PriorityModel,
    PriorityScore,
    SerializationError,
    Vulnerability,
    _pendulum,
)
from supportflow.priority import DEFAULT_MODEL, rank, score
from supportflow.priority._compiled import Compiled
from supportflow.testing import strategies as sfst

T0 = pendulum.datetime(2026, 1, 5, 9, tz="Asia/Shanghai")
H = dt.timedelta(hours=1)


def item(**kw):
    """Inputs with only what the test names; the rest neutral (P5 cell, nothing at stake)."""
    base = {"id": "C-1", "received_at": T0, "impact": 3, "urgency": 3}
    return PriorityInputs(**{**base, **kw})


def points(result, factor):
    (part,) = [c for c in result.breakdown if c.factor is factor]
    return part.points


# -- hand-checked values ----------------------------------------------------------------


def test_the_module_example():
    """Impact 2 x urgency 2 is P3 (30) plus ¥58,000 (12) after an hour (no aging yet) = 42, P3."""
    result = score(item(impact=2, urgency=2, amount=Decimal(58000)), T0 + H, model=DEFAULT_MODEL)
    assert (result.value, result.label) == (42, Priority.P3)
    assert result.matrix_priority is Priority.P3
    assert result.breakdown[1].reason("en") == "amount at stake ¥58,000 -> +12"
    assert result.breakdown[1].reason("zh-Hans") == "涉及金额 ¥58,000 → +12"


@pytest.mark.parametrize(
    ("impact", "urgency", "label", "base"),
    [
        (1, 1, "P1", 60),
        (1, 2, "P2", 45),
        (2, 1, "P2", 45),
        (1, 3, "P3", 30),
        (2, 2, "P3", 30),
        (3, 1, "P3", 30),
        (2, 3, "P4", 15),
        (3, 2, "P4", 15),
        (3, 3, "P5", 0),
    ],
)
def test_default_itil_matrix(impact, urgency, label, base):
    """The ITIL 3x3 matrix (priority = impact + urgency - 1) and its base points."""
    result = DEFAULT_MODEL.score(item(impact=impact, urgency=urgency), T0)
    assert result.breakdown[0] == PriorityContribution(
        PriorityFactor.BASE, base, (impact, urgency, label)
    )
    assert result.value == base
    assert result.label.value == label


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0", 0),
        ("99.99", 0),
        ("100", 1),
        ("177.82", 1),
        ("177.83", 2),
        ("316.23", 3),
        ("562.34", 3),
        ("562.35", 4),
        ("1000", 5),
        ("9999.99", 8),
        ("10000", 9),
        ("58000", 12),
        ("562341.33", 16),
        ("1000000000", 16),
    ],
)
def test_amount_points_are_log_scaled_and_capped(amount, expected):
    """4 points per tenfold from ¥100 (thresholds 100·10^(k/4) rounded up to the cent), cap 16."""
    result = DEFAULT_MODEL.score(item(amount=Decimal(amount)), T0)
    assert points(result, PriorityFactor.AMOUNT) == expected


def test_amount_thresholds_by_hand():
    """10^0.25 = 1.778279..., 10^0.5 = 3.162277..., 10^0.75 = 5.623413...; rounded up."""
    assert DEFAULT_MODEL.amount_thresholds()[:5] == tuple(
        Decimal(x) for x in ("100.00", "177.83", "316.23", "562.35", "1000.00")
    )


@given(st.decimals(min_value=0, max_value=10**9, places=2))
def test_amount_points_match_a_float_log_reference(amount):
    """Away from thresholds, points = min(16, floor(4·log10(amount/100)) + 1), 0 below ¥100."""
    if amount < 100:
        expected = 0
    else:
        exact = 4 * math.log10(float(amount) / 100)
        assume(abs(exact - round(exact)) > 1e-6)  # the float reference is unsure at a threshold
        expected = min(16, math.floor(exact) + 1)
    assert points(DEFAULT_MODEL.score(item(amount=amount), T0), PriorityFactor.AMOUNT) == expected


def test_amounts_convert_with_caller_rates():
    """US$8,000 at 7.2 is ¥57,600 (>= 56,234.14: 12 points); the reason shows both."""
    model = PriorityModel(rates={"USD": Decimal("7.2")})
    result = model.score(item(amount=Decimal(8000), currency="USD"), T0)
    assert points(result, PriorityFactor.AMOUNT) == 12
    assert result.breakdown[1].reason() == "amount at stake US$8,000 (≈ ¥57,600) -> +12"
    assert result.breakdown[1].reason("zh-Hans") == "涉及金额 US$8,000（约 ¥57,600）→ +12"
    same = model.score(item(amount=Decimal("8000.5"), currency="CNY"), T0)
    assert same.breakdown[1].reason() == "amount at stake ¥8,000.50 -> +8"


@pytest.mark.parametrize(
    ("due", "expected", "en"),
    [
        (None, 0, "no SLA deadline -> +0"),
        (100 * H, 0, "SLA breach in 4d 4h -> +0"),
        (72 * H, 0, "SLA breach in 3d -> +0"),
        (36 * H, 10, "SLA breach in 1d 12h -> +10"),
        (2 * H, 19, "SLA breach in 2h -> +19"),  # 20 * 70 / 72 = 19.4
        (dt.timedelta(microseconds=1), 19, "SLA breach in 0m -> +19"),
        (dt.timedelta(0), 20, "SLA breached 0m ago -> +20"),
        (-(H + dt.timedelta(minutes=5)), 20, "SLA breached 1h 5m ago -> +20"),
    ],
)
def test_sla_points_rise_linearly_over_the_horizon(due, expected, en):
    """0 beyond 72h, 20·(72h - left)/72h rounded down inside, 20 once breached."""
    at = T0 + 3 * H
    result = DEFAULT_MODEL.score(item(due_at=None if due is None else at + due), at)
    assert points(result, PriorityFactor.SLA) == expected
    (part,) = [c for c in result.breakdown if c.factor is PriorityFactor.SLA]
    assert part.reason("en") == en


@pytest.mark.parametrize(
    ("waited", "expected"),
    [
        (-H, 0),
        (dt.timedelta(0), 0),
        (dt.timedelta(hours=1, minutes=59), 0),
        (2 * H, 1),
        (11 * H, 5),
        (119 * H, 59),
        (120 * H, 60),
        (1000 * H, 60),
    ],
)
def test_aging_is_one_point_per_two_hours_capped_at_60(waited, expected):
    """An item received after `at` (clock skew) has waited 0."""
    result = DEFAULT_MODEL.score(item(), T0 + waited)
    assert points(result, PriorityFactor.AGING) == expected
    assert result.value == expected


def test_every_factor_by_hand():
    """Base P2 45 + amount 9 + vulnerable 10 + regulator 12 + media 8 + 2 repeats 8 + held 10 +
    fraud 12 + phone 3 = 117: capped to 100 by a -17 line."""
    result = DEFAULT_MODEL.score(
        item(
            impact=1,
            urgency=2,
            amount=Decimal(12000),
            vulnerabilities={Vulnerability.FINANCIAL_HARDSHIP, Vulnerability.ELDERLY},
            regulator=True,
            media=True,
            repeat_count=2,
            funds_held=True,
            fraud_signal=True,
            channel="phone",
        ),
        T0,
    )
    assert [(c.factor.value, c.points) for c in result.breakdown] == [
        ("base", 45),
        ("amount", 9),
        ("vulnerability", 10),
        ("regulator", 12),
        ("media", 8),
        ("repeat", 8),
        ("funds", 10),
        ("fraud", 12),
        ("channel", 3),
        ("sla", 0),
        ("aging", 0),
        ("cap", -17),
    ]
    assert (result.value, result.label) == (100, Priority.P1)
    assert result.reasons("en")[2:] == (
        "vulnerable customer (elderly, financial hardship) -> +10",
        "regulator involved -> +12",
        "media involved -> +8",
        "2 earlier complaints about the same problem -> +8",
        "funds frozen or withheld, no announced end -> +10",
        "fraud or abnormal-transaction signal -> +12",
        "channel: phone -> +3",
        "no SLA deadline -> +0",
        "waiting 0m -> +0",
        "capped at 100 -> -17",
    )
    assert result.reasons("zh-Hans")[2:] == (
        "弱势客户（老年人、经济困难）→ +10",
        "监管机构介入 → +12",
        "媒体介入 → +8",
        "此前已就同一问题投诉 2 次 → +8",
        "资金被冻结或暂扣，无公告结束时间 → +10",
        "存在欺诈或异常交易信号 → +12",
        "渠道：电话 → +3",
        "无 SLA 时限 → +0",
        "已等待 0分钟 → +0",
        "封顶 100 分 → -17",
    )


def test_repeat_points_are_capped():
    """4 points per earlier complaint, at most 12."""
    got = [
        points(DEFAULT_MODEL.score(item(repeat_count=n), T0), PriorityFactor.REPEAT)
        for n in (0, 1, 2, 3, 4, 200)
    ]
    assert got == [0, 4, 8, 12, 12, 12]
    assert DEFAULT_MODEL.score(item(repeat_count=1), T0).reasons()[5] == (
        "1 earlier complaint about the same problem -> +4"
    )


def test_a_hold_past_its_announced_end_is_the_strongest_signal():
    """Held: +10 until the announced end, +20 from the end on (at == end counts as past)."""
    end = T0 + 5 * H
    held = item(funds_held=True, hold_ends_at=end)
    before = DEFAULT_MODEL.score(held, end - dt.timedelta(seconds=1))
    at_end = DEFAULT_MODEL.score(held, end)
    assert points(before, PriorityFactor.FUNDS) == 10
    assert points(at_end, PriorityFactor.FUNDS) == 20
    assert before.reasons()[6] == (
        "funds frozen or withheld, announced end 2026-01-05 06:00 +00:00 -> +10"
    )
    assert at_end.reasons()[6] == (
        "withdrawal held past its announced end 2026-01-05 06:00 +00:00 -> +20"
    )
    assert at_end.reasons("zh-Hans")[6] == (
        "提现冻结已超过公告的结束时间 2026-01-05 06:00 +00:00 → +20"
    )
    assert DEFAULT_MODEL.value(held, end) == at_end.value == 20 + 2
    assert DEFAULT_MODEL.value(held, end - dt.timedelta(seconds=1)) == before.value == 10 + 2


def test_the_demo_queue_by_hand():
    """The demo's three items: 91 (dispute), 67 (elderly frozen withdrawal), 13 (routine)."""
    model = PriorityModel(rates={"USD": Decimal("7.2")})
    at = "2026-01-07T10:00:00+08:00"
    routine = PriorityInputs(
        id="Q",
        received_at="2026-01-07T09:30:00+08:00",
        impact=3,
        urgency=3,
        due_at="2026-01-08T09:30:00+08:00",
        channel="in_app_chat",
    )
    elderly = PriorityInputs(
        id="W",
        received_at="2026-01-06T20:00:00+08:00",
        impact=3,
        urgency=2,
        due_at="2026-01-09T20:00:00+08:00",
        amount=Decimal(12000),
        vulnerabilities={"elderly"},
        funds_held=True,
        hold_ends_at="2026-01-06T18:00:00+08:00",
        channel="phone",
    )
    dispute = PriorityInputs(
        id="D",
        received_at="2026-01-06T12:00:00+08:00",
        impact=2,
        urgency=1,
        due_at="2026-01-07T12:00:00+08:00",
        amount=Decimal(80000),
        currency="USD",
        channel="email",
    )
    # routine: 0 + SLA 20·(72-23.5)/72 = 13.47 -> 13; aging 30 min -> 0.
    # elderly: 15 + 9 + 10 + 20 + phone 3 + SLA 20·14/72 -> 3 + aging 14h -> 7 = 67.
    # dispute: 45 + ¥576,000 -> 16 + SLA 20·70/72 -> 19 + aging 22h -> 11 = 91.
    assert [model.score(i, at).value for i in (routine, elderly, dispute)] == [13, 67, 91]
    assert model.rank([routine, elderly, dispute], at) == [dispute, elderly, routine]
    # Two days later both top items are capped at 100; the earlier SLA breach goes first.
    later = "2026-01-09T10:00:00+08:00"
    assert [model.score(i, later).value for i in (routine, elderly, dispute)] == [44, 100, 100]
    assert model.rank([routine, elderly, dispute], later) == [dispute, elderly, routine]


def test_labels_follow_the_base_points():
    """A value's label is the most urgent Pn whose base points it reaches."""
    labels = [DEFAULT_MODEL.label(v).value for v in (0, 14, 15, 29, 30, 44, 45, 59, 60, 100)]
    assert labels == ["P5", "P5", "P4", "P4", "P3", "P3", "P2", "P2", "P1", "P1"]
    shifted = PriorityModel(base_points=(70, 50, 30, 20, 10))
    assert shifted.label(5) is Priority.P5
    with pytest.raises(InvalidFieldError):
        DEFAULT_MODEL.label(101)


def test_explain_and_locales():
    """explain() gives a heading and one line per contribution; unknown locales are refused."""
    result = DEFAULT_MODEL.score(item(id="C-9", channel="wechat"), T0)
    assert result.explain().splitlines()[0] == "C-9: P5 (0/100)"
    assert result.explain("zh-Hans").splitlines()[0] == "C-9：P5（0/100）"
    assert "  渠道：微信 → +0" in result.explain("zh-Hans").splitlines()
    with pytest.raises(InvalidFieldError) as info:
        result.reasons("fr")
    assert info.value.field == "locale"


def test_money_and_duration_formatting():
    """Grouping, cents, unknown symbols, and the two-unit durations."""
    from supportflow.priority._text import duration, money

    assert money("58000", "CNY") == "¥58,000"
    assert money("1234567.5", "HKD") == "HK$1,234,567.50"
    assert money("1000", "JPY") == "JPY 1,000"
    assert money("0.125", "EUR") == "€0.125"
    assert money("1E+3", "GBP") == "£1,000"
    assert duration(93_780, "en") == "1d 2h"
    assert duration(86_400, "en") == "1d"
    assert duration(18_720, "zh-Hans") == "5小时12分钟"
    assert duration(59, "en") == "0m"


# -- rank -------------------------------------------------------------------------------


def test_rank_breaks_ties_by_deadline_then_receipt_then_id():
    """Equal values: earliest due_at first (None last), then earliest received_at, then id."""
    a = item(id="A", due_at=T0 + 100 * H)
    b = item(id="B", due_at=T0 + 90 * H)
    c = item(id="C")
    d = item(id="D", received_at=T0 - dt.timedelta(minutes=1))
    e = item(id="0")
    f = item(id="F", received_at=T0 - dt.timedelta(minutes=1), due_at=T0 + 95 * H)
    ranked = rank([a, b, c, d, e, f], T0 + dt.timedelta(minutes=30))
    assert [i.id for i in ranked] == ["B", "F", "A", "D", "0", "C"]


_SMALL_WORLD = st.builds(
    PriorityInputs,
    id=st.sampled_from("ABC"),
    received_at=st.sampled_from([T0, T0 + H, T0 + 2 * H]),
    impact=st.sampled_from([2, 3]),
    urgency=st.just(3),
    due_at=st.sampled_from([None, T0 + 80 * H, T0 + 90 * H, T0 + 3 * H]),
    repeat_count=st.sampled_from([0, 1]),
)


@given(st.lists(_SMALL_WORLD, max_size=10), st.sampled_from([T0, T0 + 2 * H, T0 + 10 * H]))
def test_rank_ties_match_the_reference(items, at):
    """With many ties in value, the tie-break order is exactly the documented one."""
    assert rank(items, at) == _reference_rank(DEFAULT_MODEL, items, at)


def _reference_rank(model, items, at):
    def key(i):
        due = math.inf if i.due_at is None else i.due_at.timestamp()
        return (-model.score(i, at).value, due, i.received_at.timestamp(), i.id)

    return sorted(items, key=key)


@given(st.data())
def test_rank_matches_a_reference_built_from_score(data):
    """rank() orders exactly as sorting by (-score.value, due, received, id) would."""
    model = data.draw(st.just(DEFAULT_MODEL) | sfst.priority_models())
    t0 = data.draw(sfst.aware_datetimes())
    around = st.integers(-3 * 86_400, 3 * 86_400).map(lambda s: t0 + dt.timedelta(seconds=s))
    items = data.draw(st.lists(sfst.priority_inputs(model, received_ats=around), max_size=12))
    at = data.draw(around)
    assert model.rank(items, at) == _reference_rank(model, items, at)
    later = at + dt.timedelta(hours=data.draw(st.integers(1, 500)))
    assert model.rank(iter(items), later) == _reference_rank(model, items, later)


def test_re_ranking_does_not_rebuild_unchanged_items(monkeypatch):
    """After one ranking, later rankings compute only the time-dependent part."""
    model = PriorityModel()
    items = [
        item(
            id=str(k),
            impact=1 + k % 3,
            due_at=T0 + k * H,
            amount=Decimal(k * 997),
            funds_held=k % 4 == 0,
            hold_ends_at=T0 + 2 * k * H if k % 4 == 0 else None,
        )
        for k in range(40)
    ]
    model.rank(items, T0)

    def boom(self, inputs):
        raise AssertionError("static part recomputed")

    monkeypatch.setattr(Compiled, "static", boom)
    for hours in (1, 10, 50, 200):
        at = T0 + hours * H
        assert model.rank(items, at) == _reference_rank(model, items, at)
    changed = attrs.evolve(items[0], regulator=True)  # a new object: prepared afresh
    with pytest.raises(AssertionError, match="recomputed"):
        model.rank([changed], T0)


def test_rank_errors_name_the_item():
    """A bad item in a queue is reported as items[<index>].<field>; nothing is ranked."""
    model = PriorityModel()
    with pytest.raises(InvalidFieldError) as info:
        model.rank([item(), item(currency="USD", amount=Decimal(5))], T0)
    assert (info.value.field, info.value.value) == ("items[1].currency", "USD")
    with pytest.raises(InvalidFieldError) as info:
        model.rank([item(), "C-2"], T0)  # type: ignore[list-item]
    assert info.value.field == "items[1]"
    with pytest.raises(NaiveDatetimeError):
        model.rank([item()], dt.datetime(2026, 1, 1))


# -- the aging bound ---------------------------------------------------------------------


def test_max_wait_is_stated_in_the_model_parameters():
    """max_wait = aging_interval x (base_points[0] - base_points[4]): 2h x 60 = 120h."""
    assert DEFAULT_MODEL.max_wait == dt.timedelta(hours=120)
    model = PriorityModel(
        aging_interval=dt.timedelta(minutes=30), base_points=(50, 40, 30, 20, 5), aging_cap=45
    )
    assert model.max_wait == dt.timedelta(minutes=30 * 45)


@given(st.data())
def test_nothing_waits_longer_than_max_wait_to_become_p1(data):
    """At received_at + max_wait every item is P1 and ranks ahead of every non-P1 item."""
    model = data.draw(st.just(DEFAULT_MODEL) | sfst.priority_models())
    old = data.draw(sfst.priority_inputs(model))
    at = old.received_at + model.max_wait
    assert model.score(old, at).label is Priority.P1
    others = data.draw(st.lists(sfst.priority_inputs(model), max_size=8))
    ranked = model.rank([*others, old], at)
    non_p1 = [i for i in ranked if model.score(i, at).label is not Priority.P1]
    assert all(ranked.index(old) < ranked.index(i) for i in non_p1)


def test_max_wait_is_tight_for_a_bare_p5_item():
    """A P5 item with nothing else is not P1 one microsecond before max_wait."""
    bare = item()
    before = T0 + DEFAULT_MODEL.max_wait - dt.timedelta(microseconds=1)
    assert DEFAULT_MODEL.score(bare, before).label is Priority.P2
    assert DEFAULT_MODEL.score(bare, before).value == 59


# -- properties --------------------------------------------------------------------------

models = st.just(DEFAULT_MODEL) | sfst.priority_models()


@given(st.data())
def test_bounded_sums_exactly_and_never_below_the_matrix(data):
    """0 <= value <= 100; the breakdown sums to it; the label is never below the matrix's."""
    model = data.draw(models)
    inputs = data.draw(sfst.priority_inputs(model))
    at = inputs.received_at + dt.timedelta(seconds=data.draw(st.integers(-86_400, 10**7)))
    result = model.score(inputs, at)
    assert 0 <= result.value <= 100
    assert sum(c.points for c in result.breakdown) == result.value
    assert result.label is model.label(result.value)
    assert result.label.level <= result.matrix_priority.level
    assert all(c.points >= 0 for c in result.breakdown if c.factor is not PriorityFactor.CAP)
    assert model.value(inputs, at) == result.value
    assert len(result.reasons("en")) == len(result.reasons("zh-Hans")) == len(result.breakdown)


@given(st.data())
def test_deterministic(data):
    """The same inputs at the same instant always give the same score, after pickling too."""
    model = data.draw(models)
    inputs = data.draw(sfst.priority_inputs(model))
    at = _near(data, inputs)
    first = model.score(inputs, at)
    again = pickle.loads(pickle.dumps(model)).score(pickle.loads(pickle.dumps(inputs)), at)
    assert first == again
    assert first.reasons("zh-Hans") == again.reasons("zh-Hans")


@given(st.lists(st.integers(0, 100), min_size=2, max_size=2), models)
def test_label_is_monotonic_in_value(values, model):
    """A higher value never gets a less urgent label."""
    low, high = sorted(values)
    assert model.label(high).level <= model.label(low).level


def _near(data, inputs):
    """An instant near one of the item's own instants (where the time factors change)."""
    anchors = [inputs.received_at, inputs.due_at, inputs.hold_ends_at]
    anchor = data.draw(st.sampled_from([a for a in anchors if a is not None]))
    return anchor + dt.timedelta(minutes=data.draw(st.integers(-3 * 1_440, 3 * 1_440)))


_SPANS = st.one_of(st.integers(0, 12 * 3_600), st.integers(0, 40 * 86_400)).map(
    lambda s: dt.timedelta(seconds=s)
)


def _by_factor(result):
    return {c.factor: c.points for c in result.breakdown if c.factor is not PriorityFactor.CAP}


def _raise_one_factor(data, model, inputs):
    """Return inputs that are at least as risky in one drawn factor (everything else equal)."""
    factor = data.draw(
        st.sampled_from(
            [
                "impact",
                "urgency",
                "amount",
                "vulnerabilities",
                "regulator",
                "media",
                "repeat_count",
                "funds_held",
                "hold_ends_at",
                "fraud_signal",
                "due_at",
                "received_at",
            ]
        )
    )
    seconds = _SPANS
    if factor in {"impact", "urgency"}:
        return attrs.evolve(inputs, **{factor: data.draw(st.integers(1, getattr(inputs, factor)))})
    if factor == "amount":
        more = data.draw(st.decimals(min_value=0, max_value=10**8, places=2))
        return attrs.evolve(inputs, amount=inputs.amount + more)
    if factor == "vulnerabilities":
        extra = data.draw(st.frozensets(st.sampled_from(Vulnerability)))
        return attrs.evolve(inputs, vulnerabilities=inputs.vulnerabilities | extra)
    if factor in {"regulator", "media", "fraud_signal", "funds_held"}:
        return attrs.evolve(inputs, **{factor: True})
    if factor == "repeat_count":
        return attrs.evolve(inputs, repeat_count=inputs.repeat_count + data.draw(st.integers(0, 5)))
    if factor == "hold_ends_at":
        if not inputs.funds_held:
            return attrs.evolve(inputs, funds_held=True)
        start = inputs.hold_ends_at or data.draw(sfst.aware_datetimes())
        return attrs.evolve(inputs, hold_ends_at=start - data.draw(seconds))
    if factor == "due_at":
        start = inputs.due_at or data.draw(sfst.aware_datetimes())
        return attrs.evolve(inputs, due_at=start - data.draw(seconds))
    return attrs.evolve(inputs, received_at=inputs.received_at - data.draw(seconds))


@given(st.data())
def test_monotonic_in_every_risk_factor(data):
    """Raising any risk factor (or less time before breach, or a longer wait) never lowers it."""
    model = data.draw(models)
    inputs = data.draw(sfst.priority_inputs(model))
    at = _near(data, inputs)
    riskier = _raise_one_factor(data, model, inputs)
    before, after = model.score(inputs, at), model.score(riskier, at)
    assert after.value >= before.value, (before.reasons(), after.reasons())
    assert after.label.level <= before.label.level
    # Line by line too, so that the cap at 100 cannot hide a factor going down.
    assert all(_by_factor(after)[f] >= p for f, p in _by_factor(before).items())


@given(st.data())
def test_monotonic_in_time(data):
    """As time passes with nothing else changing, a score never goes down (nor any line)."""
    model = data.draw(models)
    inputs = data.draw(sfst.priority_inputs(model))
    at = _near(data, inputs)
    later = at + dt.timedelta(minutes=data.draw(st.integers(0, 24 * 60)))
    before, after = model.score(inputs, at), model.score(inputs, later)
    assert after.value >= before.value
    assert all(_by_factor(after)[f] >= p for f, p in _by_factor(before).items())


@given(models, sfst.aware_datetimes(), st.integers(0, 10_000))
def test_time_factors_never_fall_as_time_passes(model, at, jitter):
    """SLA, aging and hold-end points are non-decreasing over a fine grid of each one's range.

    The grid spans each factor's own scale (the model's SLA horizon, its aging span, a day
    around the hold end), from before it starts to after it is maximal, in 400 steps.
    """
    # Real-time arithmetic: `at` may be a local reading (even one in a DST gap), and adding
    # to it would go by wall clock, so the grid would step back at a spring-forward change.
    at = _pendulum.instant(at, field="at")
    spans = {
        PriorityFactor.SLA: model.sla_horizon,
        PriorityFactor.AGING: model.aging_interval * (model.aging_cap + 2),
        PriorityFactor.FUNDS: dt.timedelta(days=1),
    }
    for factor, span in spans.items():
        probe = item(received_at=at, due_at=at + span, funds_held=True, hold_ends_at=at + span / 2)
        start = at - span / 4 + dt.timedelta(microseconds=jitter)
        series = [points(model.score(probe, start + span * k / 300), factor) for k in range(400)]
        assert series == sorted(series), factor
        assert series[-1] > series[0] or model.sla_points == 0 or factor is not PriorityFactor.SLA


# -- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": Decimal(-1)}, "amount"),
        ({"amount": 5.0}, "amount"),
        ({"amount": Decimal("NaN")}, "amount"),
        ({"amount": Decimal("Infinity")}, "amount"),
        ({"amount": True}, "amount"),
        ({"impact": 0}, "impact"),
        ({"impact": 5}, "impact"),
        ({"urgency": True}, "urgency"),
        ({"currency": "usd"}, "currency"),
        ({"repeat_count": -1}, "repeat_count"),
        ({"regulator": 1}, "regulator"),
        ({"vulnerabilities": "elderly"}, "vulnerabilities"),
        ({"vulnerabilities": ["young"]}, "vulnerabilities"),
        ({"hold_ends_at": T0}, "hold_ends_at"),
        ({"channel": " "}, "channel"),
        ({"id": ""}, "id"),
        ({"due_at": "2026-01-05T09:00:00"}, "due_at"),
        ({"received_at": dt.datetime(2026, 1, 5, 9)}, "received_at"),
    ],
)
def test_bad_inputs_are_refused_with_the_field(kwargs, field):
    """Malformed inputs raise InvalidFieldError naming the field; nothing is clamped."""
    with pytest.raises(InvalidFieldError) as info:
        item(**kwargs)
    assert info.value.field == field


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"impact": 4}, "impact"),
        ({"urgency": 4}, "urgency"),
        ({"currency": "EUR", "amount": Decimal(0)}, "currency"),
        ({"channel": "carrier_pigeon"}, "channel"),
    ],
)
def test_inputs_that_do_not_fit_the_model_are_refused_when_scoring(kwargs, field):
    """Levels beyond the matrix, currencies without a rate and unknown channels are errors."""
    with pytest.raises(InvalidFieldError) as info:
        DEFAULT_MODEL.score(item(**kwargs), T0)
    assert info.value.field == field
    with pytest.raises(InvalidFieldError):
        DEFAULT_MODEL.value(item(**kwargs), T0)


def test_score_refuses_what_is_not_inputs_or_an_instant():
    """score() and value() check their arguments."""
    with pytest.raises(InvalidFieldError) as info:
        DEFAULT_MODEL.score({"id": "x"}, T0)  # type: ignore[arg-type]
    assert info.value.field == "inputs"
    with pytest.raises(InvalidFieldError):
        DEFAULT_MODEL.value("C-1", T0)  # type: ignore[arg-type]
    with pytest.raises(NaiveDatetimeError) as info:
        DEFAULT_MODEL.score(item(), "2026-01-05T09:00:00")
    assert info.value.field == "at"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"regulator_points": -1}, "regulator_points"),
        ({"fraud_points": 1.5}, "fraud_points"),
        ({"media_points": True}, "media_points"),
        ({"amount_cap": 101}, "amount_cap"),
        ({"amount_points_per_decade": 0}, "amount_points_per_decade"),
        ({"amount_floor": Decimal(0)}, "amount_floor"),
        ({"amount_floor": 100.0}, "amount_floor"),
        ({"rates": {"USD": Decimal("NaN")}}, "rates['USD']"),
        ({"rates": {"USD": 7.2}}, "rates['USD']"),
        ({"rates": {"USD": Decimal(0)}}, "rates['USD']"),
        ({"rates": {"usd": Decimal(7)}}, "rates"),
        ({"rates": {"CNY": Decimal(2)}}, "rates['CNY']"),
        ({"rates": [("USD",)]}, "rates"),
        ({"rates": 7}, "rates"),
        ({"channel_points": {"phone": -3}}, "channel_points['phone']"),
        ({"channel_points": {"": 3}}, "channel_points"),
        ({"vulnerability_points": {"elderly": 1}}, "vulnerability_points"),
        ({"vulnerability_points": {"young": 1}}, "vulnerability_points"),
        (
            {"vulnerability_points": {"elderly": -1, "disability": 1, "financial_hardship": 1}},
            "vulnerability_points['elderly']",
        ),
        ({"base_points": (60, 45, 45, 15, 0)}, "base_points[2]"),
        ({"base_points": (60, 45, 30, 15)}, "base_points"),
        ({"base_points": (101, 45, 30, 15, 0)}, "base_points[0]"),
        ({"matrix": ((1, 2, 3), (2, 1, 4), (3, 4, 5))}, "matrix[1][1]"),
        ({"matrix": ((1, 3, 2), (2, 3, 4), (3, 4, 5))}, "matrix[0][2]"),
        ({"matrix": ((1, 2, 3), (1, 1, 4), (3, 4, 5))}, "matrix[1][1]"),
        ({"matrix": ((1, 2), (2, 3))}, "matrix"),
        ({"matrix": ((1, 2, 3), (2, 3), (3, 4, 5))}, "matrix[1]"),
        ({"matrix": ((1, 2, 3), (2, 3, 6), (3, 4, 5))}, "matrix[1][2]"),
        ({"matrix": "123"}, "matrix"),
        ({"sla_horizon": dt.timedelta(0)}, "sla_horizon"),
        ({"aging_interval": dt.timedelta(hours=-1)}, "aging_interval"),
        ({"aging_cap": 59}, "aging_cap"),
        ({"funds_held_points": 25}, "funds_past_end_points"),
        ({"base_currency": "yuan"}, "base_currency"),
    ],
)
def test_bad_models_are_refused(kwargs, field):
    """Negative or non-integer weights, NaN or float rates, non-monotonic matrices, ..."""
    with pytest.raises(InvalidFieldError) as info:
        PriorityModel(**kwargs)
    assert info.value.field == field


def test_a_4x4_matrix_model():
    """A 4-level matrix accepts impact/urgency 4."""
    model = PriorityModel(
        matrix=((1, 2, 3, 4), (2, 3, 4, 5), (3, 4, 5, 5), (4, 5, 5, 5)),
        rates=[("USD", Decimal(7))],
    )
    assert model.score(item(impact=4, urgency=1), T0).matrix_priority is Priority.P4
    assert model.score(item(impact=4, urgency=4), T0).value == 0


# -- serialisation -----------------------------------------------------------------------


def test_model_from_a_partial_json_configuration():
    """A configuration states only what it changes; the rest keeps the defaults."""
    config = json.loads(
        '{"schema": 1, "rates": {"USD": "7.1"}, "channel_points": {"phone": 5}, '
        '"sla_horizon": "P1D", "matrix": [[1,2,3],[2,3,4],[3,4,5]]}'
    )
    model = PriorityModel.from_dict(config)
    assert model == PriorityModel(
        rates={"USD": Decimal("7.1")}, channel_points={"phone": 5}, sla_horizon=dt.timedelta(days=1)
    )
    assert PriorityModel.from_dict({"schema": 1}) == DEFAULT_MODEL
    assert PriorityModel.from_dict(DEFAULT_MODEL.to_dict()) == DEFAULT_MODEL


@pytest.mark.parametrize(
    ("config", "path"),
    [
        ({"channel_points": {"phone": -5}}, "channel_points['phone']"),
        ({"channel_points": {"phone": "5"}}, "channel_points.phone"),
        ({"rates": {"USD": 7.1}}, "rates.USD"),
        ({"rates": {"USD": "-1"}}, "rates.USD"),
        ({"rates": {"USD": "abc"}}, "rates.USD"),
        ({"matrix": [[1, 2, 3], [2, 3, "4"], [3, 4, 5]]}, "matrix[1][2]"),
        ({"aging_cap": 10}, "aging_cap"),
        ({"fraud_points": 1.0}, "fraud_points"),
        ({"sla_horizon": "P1Y"}, "sla_horizon"),
        ({"weights": {}}, "weights"),
    ],
)
def test_bad_model_configuration_names_its_json_path(config, path):
    """from_dict errors carry the JSON path of the bad value."""
    with pytest.raises(SerializationError) as info:
        PriorityModel.from_dict({"schema": 1, **config})
    assert info.value.path == path


def test_score_from_dict_checks_the_breakdown():
    """A tampered score (the sum no longer matches) is refused; a good one round-trips."""
    result = DEFAULT_MODEL.score(item(amount=Decimal(58000), due_at=T0 + H), T0)
    data = json.loads(json.dumps(result.to_dict()))
    assert PriorityScore.from_dict(data) == result
    data["breakdown"][1]["points"] += 1
    with pytest.raises(SerializationError) as info:
        PriorityScore.from_dict(data)
    assert info.value.path == "breakdown"
    data = result.to_dict()
    data["value"] = 101
    with pytest.raises(SerializationError) as info:
        PriorityScore.from_dict(data)
    assert info.value.path == "value"
    data = json.loads(json.dumps(result.to_dict()))
    data["breakdown"] = data["breakdown"][1:]
    with pytest.raises(SerializationError):
        PriorityScore.from_dict(data)
    data = json.loads(json.dumps(result.to_dict()))
    data["breakdown"][1]["detail"] = [1.5]
    with pytest.raises(SerializationError) as info:
        PriorityScore.from_dict(data)
    assert info.value.path == "breakdown[1].detail[0]"


def test_scores_and_contributions_validate_what_they_are_given():
    """Hand-built scores and contributions are checked like everything else."""
    base = PriorityContribution(PriorityFactor.BASE, 45, (1, 2, "P2"))
    assert PriorityScore("C-1", T0, 45, Priority.P2, (base,)).matrix_priority is Priority.P2
    bad_parts: list[tuple[Any, str]] = [
        (("base", 45, (1, 2, "P2")), "factor"),
        ((PriorityFactor.BASE, True, (1, 2, "P2")), "points"),
        ((PriorityFactor.BASE, 45, ()), "detail"),
        ((PriorityFactor.BASE, 45, [1, 2, "P2"]), "detail"),
        ((PriorityFactor.SLA, 5, ("due_in", 1.5)), "detail"),
        ((PriorityFactor.VULNERABILITY, 5, ("young",)), "detail"),
        ((PriorityFactor.FUNDS, 5, ("past_end", "yesterday")), "detail"),
    ]
    for part_args, field in bad_parts:
        with pytest.raises(InvalidFieldError) as info:
            PriorityContribution(*part_args)
        assert info.value.field == field, part_args
    bad_scores: list[tuple[Any, str]] = [
        (("", T0, 45, Priority.P2, (base,)), "id"),
        (("C", T0, 101, Priority.P1, (base,)), "value"),
        (("C", T0, 45, "P2", (base,)), "label"),
        (("C", T0, 45, Priority.P3, (base,)), "label"),  # below the matrix's P2
        (("C", T0, 46, Priority.P2, (base,)), "breakdown"),
        (("C", T0, 0, Priority.P5, ()), "breakdown"),
        (("C", "2026-01-05T09:00:00", 45, Priority.P2, (base,)), "at"),
    ]
    for score_args, field in bad_scores:
        with pytest.raises(InvalidFieldError) as info:
            PriorityScore(*score_args)
        assert info.value.field == field, score_args
    data = DEFAULT_MODEL.score(item(), T0).to_dict()
    data["breakdown"][0]["detail"] = [3, 3]  # type: ignore[index]
    with pytest.raises(SerializationError) as path_info:
        PriorityScore.from_dict(data)
    assert path_info.value.path == "breakdown[0].detail"


def test_inputs_from_dict_names_paths():
    """Bad inputs documents name the JSON path."""
    data = item(vulnerabilities={"elderly"}).to_dict()
    assert PriorityInputs.from_dict(data) == item(vulnerabilities={"elderly"})
    with pytest.raises(SerializationError) as info:
        PriorityInputs.from_dict({**data, "amount": "-3"})
    assert info.value.path == "amount"
    with pytest.raises(SerializationError) as info:
        PriorityInputs.from_dict({**data, "vulnerabilities": ["young"]})
    assert info.value.path == "vulnerabilities[0]"


def test_pickled_inputs_drop_the_ranking_cache():
    """Pickling keeps the facts, not the per-model cache; the copy ranks the same."""
    original = item(due_at=T0 + H, funds_held=True, hold_ends_at=T0 + 2 * H)
    DEFAULT_MODEL.rank([original], T0)
    copy = pickle.loads(pickle.dumps(original))
    assert copy == original
    assert copy._prepared is None
    assert DEFAULT_MODEL.score(copy, T0 + 3 * H) == DEFAULT_MODEL.score(original, T0 + 3 * H)


def test_a_breakdown_line_has_no_schema_key_and_a_configuration_needs_one():
    """Lines of a score's breakdown are contributions without "schema" (one there is named);
    a model configuration falls back on defaults key by key, but never for "schema"."""
    result = DEFAULT_MODEL.score(item(), T0)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["breakdown"][0] == {"factor": "base", "points": 0, "detail": [3, 3, "P5"]}
    assert result.breakdown[0].to_dict() == {"schema": 1, **data["breakdown"][0]}
    data["breakdown"][0]["schema"] = 1
    with pytest.raises(SerializationError) as info:
        PriorityScore.from_dict(data)
    assert info.value.path == "breakdown[0].schema"
    with pytest.raises(SerializationError) as info:
        PriorityModel.from_dict({"aging_cap": 60})
    assert info.value.path == "schema"
    with pytest.raises(SerializationError) as info:
        PriorityModel.from_dict({"schema": 1, "fraud_points": -1}, path="models[2]")
    assert info.value.path == "models[2].fraud_points"
