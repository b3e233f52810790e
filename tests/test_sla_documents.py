"""SLA documents as declared: calendars by reference or embedded through every nested value,
the registry and `embed` of one call never leaking into the next, and the notes of an
explanation read back."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import jsonschema
import pytest

from supportflow import Registry, SerializationError, json_schema
from supportflow.calendar import cn_mainland
from supportflow.sla import (
    BusinessDays,
    ElapsedDuration,
    Extension,
    ExtensionNote,
    PauseNote,
    SlaClock,
    SlaPolicy,
    SlaTarget,
    rule_from_dict,
)

T0 = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)


@pytest.fixture
def registered():
    """A registry holding the CN calendar as `cn@1`, and that calendar."""
    registry = Registry()
    return registry, registry.add(cn_mainland(), name="cn", version=1)


def _clock(calendar):
    target = SlaTarget(
        "resolution",
        BusinessDays(3, calendar),
        goals={"P1": BusinessDays(1, calendar)},
        extensions=(Extension("complex", BusinessDays(10, calendar)),),
    )
    return (
        target.clock()
        .start(T0)
        .change_goal(T0 + dt.timedelta(hours=1), rule=BusinessDays(2, calendar))
    )


def test_a_registered_calendar_is_written_by_reference_everywhere_in_a_clock(registered):
    """Rule, goals, extensions and a change_goal event all name `cn@1`, and read back with it."""
    registry, calendar = registered
    clock = _clock(calendar)
    document = json.loads(json.dumps(clock.to_dict()))
    target = document["target"]
    assert target["rule"]["calendar"] == "cn@1"
    assert target["goals"]["P1"]["calendar"] == "cn@1"
    assert target["extensions"][0]["rule"]["calendar"] == "cn@1"
    assert document["events"][1]["rule"]["calendar"] == "cn@1"
    assert SlaClock.from_dict(document, registry=registry) == clock


def test_embed_writes_the_calendar_itself_in_every_nested_value(registered):
    """`embed=True` reaches the target's goals, its extensions and the events' rules."""
    _, calendar = registered
    clock = _clock(calendar)
    full = calendar.to_dict()  # the calendar's own document, written on its own
    document = clock.to_dict(embed=True)
    target = document["target"]
    assert target["rule"]["calendar"] == full
    assert target["goals"]["P1"]["calendar"] == full
    assert target["extensions"][0]["rule"]["calendar"] == full
    assert document["events"][1]["rule"]["calendar"] == full
    bare = clock.to_dict(include_target=False, embed=True)
    assert sorted(bare) == ["events", "schema"]
    assert bare["events"][1]["rule"]["calendar"] == full
    # Embedded copies load without a registry.
    assert SlaClock.from_dict(json.loads(json.dumps(document))) == clock


def test_neither_embed_nor_a_registry_outlives_its_call(registered):
    """After an embedded write the next write names references again; after a read with a
    registry (even one that failed) a read without one refuses a reference."""
    registry, calendar = registered
    policy = SlaPolicy("p", (SlaTarget("t", BusinessDays(3, calendar)),))
    embedded: Any = policy.to_dict(embed=True)
    assert embedded["targets"][0]["rule"]["calendar"] == calendar.to_dict()
    document: Any = policy.to_dict()
    assert document["targets"][0]["rule"]["calendar"] == "cn@1"

    assert SlaPolicy.from_dict(document, registry=registry) == policy
    broken = json.loads(json.dumps(document))
    broken["targets"][0]["rule"]["days"] = 0
    with pytest.raises(SerializationError) as failed:
        SlaPolicy.from_dict(broken, registry=registry)
    assert failed.value.path == "targets[0].rule.days"
    with pytest.raises(SerializationError) as caught:
        rule_from_dict(document["targets"][0]["rule"], path="rule")
    assert caught.value.path == "rule.calendar"
    assert "pass registry=" in caught.value.reason


def test_the_schema_of_a_rule_admits_a_calendar_by_reference_or_in_full(registered):
    """Both forms a rule writes validate; a calendar given as a number does not."""
    _, calendar = registered
    validator = jsonschema.Draft202012Validator(json_schema(SlaTarget))
    target = SlaTarget("t", BusinessDays(3, calendar))
    assert validator.is_valid(json.loads(json.dumps(target.to_dict())))
    unregistered = SlaTarget("t", BusinessDays(3, cn_mainland()))
    assert validator.is_valid(json.loads(json.dumps(unregistered.to_dict())))
    document: Any = target.to_dict()
    document["rule"]["calendar"] = 7
    assert not validator.is_valid(document)


def test_an_unknown_rule_kind_is_named_at_its_key_with_every_kind():
    """A goal whose kind is unknown: the path ends in `.kind`, the reason lists the four."""
    document: Any = SlaTarget("t", ElapsedDuration(dt.timedelta(hours=1))).to_dict()
    document["goals"] = {"P1": {**document["rule"], "kind": "weekly"}}
    with pytest.raises(SerializationError) as caught:
        SlaTarget.from_dict(document)
    assert caught.value.path == "goals.P1.kind"
    assert caught.value.value == "weekly"
    assert caught.value.reason == (
        "be one of 'business_duration', 'elapsed_duration', 'business_days', 'calendar_days'"
    )


def test_the_notes_of_an_explanation_read_back():
    """A pause note and an extension note, written by hand, read back equal."""
    pause = {"start": "2026-01-05T09:00:00+00:00", "end": None, "reason": "awaiting_customer"}
    assert PauseNote.from_dict(pause) == PauseNote(T0, None, "awaiting_customer")
    assert PauseNote(T0, None, "awaiting_customer").to_dict() == pause
    note = {"name": "complex", "approved_by": "head office", "at": "2026-01-05T09:00:00+00:00"}
    assert ExtensionNote.from_dict(note) == ExtensionNote("complex", "head office", T0)
    with pytest.raises(SerializationError) as caught:
        ExtensionNote.from_dict({**note, "at": "2026-01-05T09:00:00"}, path="extensions[0]")
    assert caught.value.path == "extensions[0].at"
