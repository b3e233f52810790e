"""The shared attrs validators: each names the field and refuses bad values."""

from __future__ import annotations

import datetime as dt
import decimal

import attrs
import pendulum
import pytest

from supportflow import InvalidFieldError, NaiveDatetimeError
from supportflow import _validators as v


@attrs.define
class Sample:
    at: pendulum.DateTime = attrs.field(
        default=pendulum.datetime(2025, 1, 1), converter=lambda x: v.to_instant_value(x, "at")
    )
    checked_at: object = attrs.field(default=None, validator=v.aware)
    weekday: int = attrs.field(default=1, validator=v.iso_weekday)
    opens: dt.time = attrs.field(default=dt.time(9), validator=v.wall_time)
    name: str = attrs.field(default="x", validator=v.non_empty_text)
    amount: decimal.Decimal = attrs.field(
        default=decimal.Decimal(0), validator=v.non_negative_decimal
    )
    goal: dt.timedelta = attrs.field(default=dt.timedelta(1), validator=v.positive_duration)
    wait: dt.timedelta = attrs.field(default=dt.timedelta(0), validator=v.non_negative_duration)
    currency: str = attrs.field(default="CNY", validator=v.currency_code)
    weight: object = attrs.field(default=1.0, validator=v.finite_number)


def test_defaults_are_valid():
    """The sample with its defaults builds."""
    assert Sample().weekday == 1


def test_instant_converter_accepts_strings_and_refuses_naive():
    """to_instant stores pendulum values and names the field on refusal."""
    assert Sample(at="2025-01-01T08:00:00+08:00").at == pendulum.datetime(2025, 1, 1, tz="UTC")
    with pytest.raises(NaiveDatetimeError) as info:
        Sample(at=dt.datetime(2025, 1, 1))
    assert info.value.field == "at"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("checked_at", dt.datetime(2025, 1, 1)),
        ("weekday", 0),
        ("weekday", 8),
        ("weekday", True),
        ("opens", dt.time(9, tzinfo=dt.UTC)),
        ("opens", "09:00"),
        ("name", "  "),
        ("name", 5),
        ("amount", decimal.Decimal(-1)),
        ("amount", decimal.Decimal("NaN")),
        ("amount", 1.5),
        ("goal", dt.timedelta(0)),
        ("wait", dt.timedelta(seconds=-1)),
        ("currency", "cny"),
        ("currency", "RMB1"),
        ("weight", float("nan")),
        ("weight", float("inf")),
        ("weight", decimal.Decimal("Infinity")),
        ("weight", True),
        ("weight", "1"),
    ],
)
def test_bad_values_are_refused_with_the_field_named(field, value):
    """Each validator raises InvalidFieldError naming its field and value."""
    with pytest.raises(InvalidFieldError) as info:
        Sample(**{field: value})
    assert info.value.field == field
    assert info.value.value == value or value != value  # NaN is not equal to itself


def test_to_instant_factory_names_its_field():
    """The converter factory names the field it was made for."""
    convert = v.to_instant("deadline")
    assert convert("2025-01-01T00:00:00Z") == pendulum.datetime(2025, 1, 1, tz="UTC")
    with pytest.raises(NaiveDatetimeError) as info:
        convert("2025-01-01T00:00:00")
    assert info.value.field == "deadline"
