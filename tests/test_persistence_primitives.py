"""The shared persistence pieces: references, newer schemas, skew, events by name."""

from __future__ import annotations

import datetime as dt
import pickle

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportflow import (
    FixedClock,
    InvalidFieldError,
    NewerSchemaError,
    Registry,
    Serializable,
    SerializationError,
    SlaPolicy,
    _events,
    _skew,
)
from supportflow.calendar import BusinessCalendar
from supportflow.registry import parse_ref
from supportflow.sla import industry_default

UTC = dt.UTC


def _policy() -> SlaPolicy:
    return industry_default(BusinessCalendar.always_open())


# -- references ----------------------------------------------------------------------------


def test_add_stamps_the_reference_and_get_returns_that_value():
    registry = Registry()
    policy = registry.add(_policy(), name="industry_default", version=3)
    assert policy.ref == "industry_default@3"
    assert policy.to_dict()["ref"] == "industry_default@3"
    assert registry.get("industry_default@3", SlaPolicy) is policy
    assert "industry_default@3" in registry
    assert "industry_default@4" not in registry
    assert registry.refs() == ("industry_default@3",)


def test_latest_is_the_highest_version_not_the_last_added():
    registry = Registry()
    base = _policy()
    v10 = registry.add(base, name="p", version=10)
    registry.add(attrs.evolve(base, source="older"), name="p", version=2)
    assert registry.versions("p") == (2, 10)
    assert registry.latest("p", SlaPolicy) is v10


def test_a_reference_names_one_value_forever():
    registry = Registry()
    base = _policy()
    first = registry.add(base, name="p", version=1)
    assert registry.add(base, name="p", version=1) is first  # the same value again: a no-op
    with pytest.raises(InvalidFieldError) as err:
        registry.add(attrs.evolve(base, source="changed"), name="p", version=1)
    assert err.value.field == "ref"
    assert registry.get("p@1", SlaPolicy) is first


@pytest.mark.parametrize(
    ("ref", "field"),
    [("p", "ref"), ("p@0", "ref"), ("p@x", "ref"), ("@1", "ref"), (3, "ref"), ("q@1", "ref")],
)
def test_bad_or_unknown_references_are_typed_errors(ref, field):
    registry = Registry()
    registry.add(_policy(), name="p", version=1)
    with pytest.raises(InvalidFieldError) as err:
        registry.get(ref, SlaPolicy)
    assert err.value.field == field
    assert err.value.value == ref


def test_get_checks_the_kind():
    registry = Registry()
    registry.add(_policy(), name="p", version=1)
    with pytest.raises(InvalidFieldError, match="name a BusinessCalendar"):
        registry.get("p@1", BusinessCalendar)


def test_only_values_with_a_ref_field_can_be_registered():
    with pytest.raises(InvalidFieldError) as err:
        Registry().add(FixedClock("2026-01-05T09:00:00+00:00"), name="clock", version=1)
    assert err.value.field == "value"
    with pytest.raises(InvalidFieldError):
        Registry().add(_policy(), name="bad name", version=1)
    with pytest.raises(InvalidFieldError):
        Registry().add(_policy(), name="p", version=True)


@given(
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,20}", fullmatch=True), st.integers(1, 10**9 - 1)
)
def test_parse_ref_inverts_formatting(name, version):
    assert parse_ref(f"{name}@{version}") == (name, version)


def test_a_policy_with_a_ref_round_trips_and_pickles():
    policy = Registry().add(_policy(), name="p", version=2)
    assert SlaPolicy.from_dict(policy.to_dict()) == policy
    assert pickle.loads(pickle.dumps(policy)) == policy
    assert policy != _policy()  # a registered policy is not an anonymous copy


# -- newer schemas ---------------------------------------------------------------------------


def test_a_newer_schema_names_both_versions():
    data = {**FixedClock("2026-01-05T09:00:00+00:00").to_dict(), "schema": 7}
    with pytest.raises(NewerSchemaError) as err:
        FixedClock.from_dict(data)
    assert (err.value.found, err.value.supported) == (7, 1)
    assert "schema 7" in str(err.value)
    assert "schema 1" in str(err.value)
    assert isinstance(err.value, SerializationError)


def test_an_older_or_malformed_schema_is_not_called_newer():
    for version in (0, -1, "2", None):
        data = {**FixedClock("2026-01-05T09:00:00+00:00").to_dict(), "schema": version}
        with pytest.raises(SerializationError) as err:
            FixedClock.from_dict(data)
        assert not isinstance(err.value, NewerSchemaError)


def test_serializable_protocol_is_checkable():
    assert isinstance(FixedClock("2026-01-05T09:00:00+00:00"), Serializable)
    assert isinstance(_policy(), Serializable)
    assert not isinstance(object(), Serializable)


# -- skew ------------------------------------------------------------------------------------

T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@given(
    st.integers(-10_000, 10_000).map(lambda ms: T0 + dt.timedelta(milliseconds=ms)),
    st.integers(0, 5_000).map(lambda ms: dt.timedelta(milliseconds=ms)),
)
def test_admit_follows_the_documented_rule(at, tolerance):
    """Reference: at or after the last: as stamped; within tolerance: at the last; else refused."""
    last = T0
    if at >= last:
        assert _skew.admit(at, last, tolerance) == (at, None)
    elif last - at <= tolerance:
        assert _skew.admit(at, last, tolerance) == (last, at)
    else:
        with pytest.raises(InvalidFieldError) as err:
            _skew.admit(at, last, tolerance)
        assert err.value.value == at


def test_admit_without_a_last_event_takes_the_stamp():
    assert _skew.admit(T0, None, dt.timedelta(0)) == (T0, None)


@pytest.mark.parametrize("value", [dt.timedelta(seconds=-1), dt.timedelta(minutes=6), 5, None])
def test_tolerances_are_bounded(value):
    with pytest.raises(InvalidFieldError) as err:
        _skew.check_tolerance(value)
    assert err.value.field == "skew_tolerance"


# -- events by name --------------------------------------------------------------------------


@attrs.define
class _Door:
    opened: list[str] = attrs.Factory(list)

    def open(self, *, at: str, by: str = "system") -> str:
        """Open the door.

        Args:
            at: When it opened, an
                ISO 8601 instant.
            by: Who opened it.
        """
        self.opened.append(f"{at}/{by}")
        return "opened"

    def close(self) -> None:
        """Close it."""


def test_describe_reads_signatures_and_docstrings():
    (spec,) = _events.describe(_Door, ["open"])
    assert spec.name == "open"
    assert spec.description == "Open the door."
    assert [(a.name, a.annotation, a.required) for a in spec.arguments] == [
        ("at", "str", True),
        ("by", "str", False),
    ]
    assert spec.arguments[0].description == "When it opened, an ISO 8601 instant."
    assert spec.arguments[1].description == "Who opened it."


def test_fire_calls_the_event_with_the_arguments():
    door = _Door()
    assert _events.fire(door, {"open", "close"}, "open", {"at": "t1"}) == "opened"
    assert door.opened == ["t1/system"]


@pytest.mark.parametrize(
    ("event", "arguments", "field"),
    [
        ("knock", {}, "event"),
        ("__init__", {}, "event"),
        (None, {}, "event"),
        ("open", {}, "arguments.at"),
        ("open", {"at": "t", "colour": "red"}, "arguments.colour"),
        ("open", ["at"], "arguments"),
    ],
)
def test_fire_refuses_unknown_events_and_arguments_with_typed_errors(event, arguments, field):
    door = _Door()
    with pytest.raises(InvalidFieldError) as err:
        _events.fire(door, {"open", "close"}, event, arguments)
    assert err.value.field == field
    assert door.opened == []


def test_priority_models_and_notice_templates_can_be_registered():
    """The issue's four kinds: policies, calendars, priority models and notice catalogs."""
    from supportflow import NoticeTemplate, PriorityModel
    from supportflow.notices import catalog

    registry = Registry()
    model = registry.add(PriorityModel(regulator_points=20), name="desk_priority", version=2)
    template = registry.add(catalog()["payment_reminder"], name="payment_reminder", version=7)
    assert (model.ref, template.ref) == ("desk_priority@2", "payment_reminder@7")
    assert PriorityModel.from_dict(model.to_dict()) == model
    assert NoticeTemplate.from_dict(template.to_dict()) == template
    assert pickle.loads(pickle.dumps(template)) == template
    assert registry.get("desk_priority@2", PriorityModel).regulator_points == 20
    with pytest.raises(SerializationError):
        PriorityModel.from_dict({**PriorityModel().to_dict(), "ref": "no version"})
