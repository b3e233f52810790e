"""Hypothesis strategies for `supportflow.priority` (re-exported by `strategies`)."""

from __future__ import annotations

import datetime as dt
import decimal

from hypothesis import strategies as st

from supportflow.priority import (
    PriorityContribution,
    PriorityInputs,
    PriorityModel,
    PriorityScore,
    Vulnerability,
)

__all__ = ["priority_contributions", "priority_inputs", "priority_models", "priority_scores"]

_DEFAULT = PriorityModel()
_MONTH = 30 * 86_400


@st.composite
def _matrices(draw: st.DrawFn) -> tuple[tuple[int, ...], ...]:
    levels = draw(st.sampled_from((3, 4)))
    rows: list[list[int]] = []
    for i in range(levels):
        row: list[int] = []
        for j in range(levels):
            low = max(row[j - 1] if j else 1, rows[i - 1][j] if i else 1)
            row.append(draw(st.integers(low, 5)))
        rows.append(row)
    return tuple(tuple(row) for row in rows)


@st.composite
def _models(draw: st.DrawFn) -> PriorityModel:
    base = sorted(draw(st.sets(st.integers(0, 100), min_size=5, max_size=5)), reverse=True)
    held = draw(st.integers(0, 30))
    rates = draw(
        st.dictionaries(
            st.sampled_from(("USD", "HKD", "EUR", "GBP", "JPY")),
            st.decimals(
                min_value=decimal.Decimal("0.01"), max_value=decimal.Decimal(1000), places=4
            ),
            max_size=3,
        )
    )
    points = st.integers(0, 30)
    base_currency = draw(st.sampled_from(("CNY", "HKD", "USD")))
    return PriorityModel(
        matrix=draw(_matrices()),
        base_points=tuple(base),
        base_currency=base_currency,
        rates={code: rate for code, rate in rates.items() if code != base_currency},
        amount_floor=draw(st.decimals(min_value=1, max_value=10_000, places=2)),
        amount_points_per_decade=draw(st.integers(1, 8)),
        amount_cap=draw(st.integers(0, 30)),
        vulnerability_points={v: draw(points) for v in Vulnerability},
        regulator_points=draw(points),
        media_points=draw(points),
        repeat_points=draw(st.integers(0, 10)),
        repeat_cap=draw(points),
        funds_held_points=held,
        funds_past_end_points=draw(st.integers(held, 40)),
        fraud_points=draw(points),
        channel_points=draw(
            st.dictionaries(st.sampled_from(("phone", "email", "chat", "letter")), points)
        ),
        sla_horizon=dt.timedelta(minutes=draw(st.integers(1, 30 * 24 * 60))),
        sla_points=draw(points),
        aging_interval=dt.timedelta(minutes=draw(st.integers(1, 7 * 24 * 60))),
        aging_cap=draw(st.integers(base[0] - base[4], 100)),
    )


def priority_models() -> st.SearchStrategy[PriorityModel]:
    """Valid `PriorityModel`s: monotone 3x3 or 4x4 matrices, varied weights and rates."""
    return _models()


_AMOUNTS = st.one_of(
    st.just(decimal.Decimal(0)),
    st.integers(0, 10**9).map(decimal.Decimal),
    st.decimals(min_value=0, max_value=10**7, places=2),
)


@st.composite
def _inputs(
    draw: st.DrawFn, model: PriorityModel, received_ats: st.SearchStrategy[dt.datetime] | None
) -> PriorityInputs:
    # Imported here: strategies.py re-exports this module, so a top-level import would cycle.
    from supportflow.testing.strategies import aware_datetimes  # noqa: PLC0415

    impacts, urgencies = len(model.matrix), len(model.matrix[0])
    received = draw(received_ats if received_ats is not None else aware_datetimes())
    offsets = st.integers(-_MONTH, _MONTH).map(lambda s: received + dt.timedelta(seconds=s))
    funds_held = draw(st.booleans())
    return PriorityInputs(
        id=draw(st.text("ABCDEFGHJK0123456789-", min_size=1, max_size=8)),
        received_at=received,
        impact=draw(st.integers(1, impacts)),
        urgency=draw(st.integers(1, urgencies)),
        due_at=draw(st.none() | offsets),
        amount=draw(_AMOUNTS),
        currency=draw(st.sampled_from((None, model.base_currency, *(c for c, _ in model.rates)))),
        vulnerabilities=draw(st.frozensets(st.sampled_from(Vulnerability))),
        regulator=draw(st.booleans()),
        media=draw(st.booleans()),
        repeat_count=draw(st.integers(0, 6)),
        funds_held=funds_held,
        hold_ends_at=draw(st.none() | offsets) if funds_held else None,
        fraud_signal=draw(st.booleans()),
        channel=draw(st.sampled_from((None, *(name for name, _ in model.channel_points)))),
    )


def priority_inputs(
    model: PriorityModel | None = None,
    *,
    received_ats: st.SearchStrategy[dt.datetime] | None = None,
) -> st.SearchStrategy[PriorityInputs]:
    """`PriorityInputs` that fit `model` (default: `PriorityModel()`).

    Levels within the model's matrix, currencies the model has a rate for, channels it
    knows; `received_at` from `received_ats` (default `aware_datetimes()`), `due_at` and
    `hold_ends_at` within 30 days either side of it. For a queue around one instant `t0`:
    `received_ats=st.integers(0, 86_400).map(lambda s: t0 + timedelta(seconds=s))`.
    """
    return _inputs(model or _DEFAULT, received_ats)


@st.composite
def _scores(draw: st.DrawFn) -> PriorityScore:
    model = draw(st.sampled_from((_DEFAULT,)) | priority_models())
    item = draw(priority_inputs(model))
    at = item.received_at + dt.timedelta(seconds=draw(st.integers(-3_600, 2 * _MONTH)))
    return model.score(item, at)


def priority_scores() -> st.SearchStrategy[PriorityScore]:
    """`PriorityScore`s of drawn inputs under the default or a drawn model."""
    return _scores()


def priority_contributions() -> st.SearchStrategy[PriorityContribution]:
    """The contribution lines of the scores `priority_scores` draws (every factor occurs)."""
    return priority_scores().flatmap(lambda score: st.sampled_from(score.breakdown))
