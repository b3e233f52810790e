"""Complaints in a service's database: references, versions, skew, events by name, upgrades.

Hand-worked examples for the documented cases, Hypothesis for the invariants: a row saved
at any step of a random walk and loaded with the registry behaves like the original; the
version counts accepted events; a refused event changes nothing; the skew rule matches a
reference written here.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
import pickle

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from supportflow import Registry
from supportflow.audit import TransitionRecord
from supportflow.calendar import BusinessCalendar, cn_mainland
from supportflow.complaints import (
    Complaint,
    ComplaintRules,
    ComplaintState,
    allowed_events,
)
from supportflow.errors import (
    IllegalTransitionError,
    InvalidFieldError,
    NewerSchemaError,
    ReadOnlyFieldError,
    SerializationError,
    SupportflowError,
)
from supportflow.sla import (
    BusinessDays,
    CalendarDays,
    SlaPolicy,
    SlaTarget,
    fca_disp,
    industry_default,
)
from supportflow.testing import strategies as sfst

UTC = dt.UTC
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
MS = dt.timedelta(milliseconds=1)


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)


def _sh(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def _registry() -> tuple[Registry, SlaPolicy]:
    registry = Registry()
    calendar = registry.add(cn_mainland(), name="cn_mainland", version=1)
    policy = registry.add(industry_default(calendar), name="industry_default", version=3)
    return registry, policy


def _received(policy: SlaPolicy | None, **kwargs: object) -> Complaint:
    return Complaint.receive(
        id="CMP-1",
        customer="C-1",
        channel="wechat",
        description="withdrawal missing",
        received_at=_sh(2025, 3, 3, 9),
        actor="intake",
        sla_policy=policy,
        **kwargs,  # type: ignore[arg-type]
    )


def _row(c: Complaint, **kwargs: bool) -> dict[str, object]:
    """The row as a service stores it: JSON text, parsed again."""
    data: dict[str, object] = json.loads(json.dumps(c.to_dict(**kwargs)))
    return data


# -- references ----------------------------------------------------------------------------


def test_a_registered_policy_is_stored_by_reference():
    """The row names the policy; the clocks are bare event logs; the registry resolves it."""
    registry, policy = _registry()
    c = _received(policy)
    c.acknowledge(_sh(2025, 3, 3, 10), "agent-li")
    row = _row(c)
    assert row["sla_policy"] == "industry_default@3"
    text = json.dumps(row)
    assert "targets" not in text  # neither the policy nor its calendar is repeated
    assert "preset" not in text
    assert len(text) <= 1500
    loaded = Complaint.from_dict(row, registry=registry)
    assert loaded == c
    assert loaded.sla_policy is policy


def test_a_reference_without_a_registry_or_not_registered_names_the_path():
    """A reference is never guessed: no registry, or a name it lacks, is a path error."""
    registry, policy = _registry()
    row = _row(_received(policy))
    with pytest.raises(SerializationError) as info:
        Complaint.from_dict(row)
    assert (info.value.path, info.value.value) == ("sla_policy", "industry_default@3")
    with pytest.raises(SerializationError) as info:
        Complaint.from_dict({**row, "sla_policy": "industry_default@4"}, registry=registry)
    assert info.value.path == "sla_policy"
    assert "registered" in info.value.reason
    with pytest.raises(SerializationError) as info:
        Complaint.from_dict({**row, "sla_policy": "cn_mainland@1"}, registry=registry)
    assert "SlaPolicy" in info.value.reason  # a calendar's reference is not a policy's


def test_embed_writes_full_copies_that_load_without_a_registry():
    """An audit export: the policy once (not per clock), its calendars in full."""
    _, policy = _registry()
    c = _received(policy)
    row = _row(c, embed=True)
    assert isinstance(row["sla_policy"], dict)
    text = json.dumps(row)
    assert text.count('"targets"') == 1  # the clocks do not repeat the policy
    assert '"calendar": "cn_mainland@1"' not in text
    assert Complaint.from_dict(row) == c


def test_an_unregistered_policy_on_a_registered_calendar_refers_to_the_calendar():
    """A policy without a ref is embedded, but its registered calendar is referred to."""
    registry = Registry()
    calendar = registry.add(cn_mainland(), name="cn_mainland", version=1)
    policy = industry_default(calendar)  # not registered
    assert policy.to_dict()["targets"][1]["rule"]["calendar"] == "cn_mainland@1"  # type: ignore[index]
    c = _received(policy)
    row = _row(c)
    assert Complaint.from_dict(row, registry=registry) == c
    with pytest.raises(SerializationError) as info:
        Complaint.from_dict(row)
    assert info.value.path == "sla_policy.targets[1].rule.calendar"
    # The policy and its rules read the same references on their own.
    assert SlaPolicy.from_dict(policy.to_dict(), registry=registry) == policy
    assert SlaPolicy.from_dict(policy.to_dict(embed=True)) == policy


def test_registered_rules_are_stored_by_reference():
    """Rules registered once per service are a reference in every row."""
    registry, policy = _registry()
    rules = registry.add(
        ComplaintRules(reopen_window=dt.timedelta(days=7)), name="desk_rules", version=1
    )
    c = _received(policy, rules=rules)
    row = _row(c)
    assert row["rules"] == "desk_rules@1"
    assert Complaint.from_dict(row, registry=registry).rules is rules
    assert _row(c, embed=True)["rules"] == rules.to_dict()


def test_a_calendar_ref_round_trips_and_pickles():
    """A registered calendar keeps its reference through to_dict and pickle."""
    registry = Registry()
    calendar = registry.add(cn_mainland(), name="cn_mainland", version=1)
    assert calendar.to_dict()["ref"] == "cn_mainland@1"
    assert BusinessCalendar.from_dict(calendar.to_dict()) == calendar
    assert pickle.loads(pickle.dumps(calendar)) == calendar
    with pytest.raises(SerializationError) as info:
        BusinessCalendar.from_dict({**calendar.to_dict(), "ref": "no version"})
    assert info.value.path == "ref"


def test_rule_and_clock_loaders_resolve_calendar_references():
    """BusinessDays / CalendarDays / SlaClock read a calendar written as a reference."""
    registry = Registry()
    calendar = registry.add(cn_mainland(), name="cn_mainland", version=1)
    rule = BusinessDays(5, calendar)
    assert rule.to_dict()["calendar"] == "cn_mainland@1"
    assert BusinessDays.from_dict(rule.to_dict(), registry=registry) == rule
    days = CalendarDays(15, calendar)
    assert CalendarDays.from_dict(days.to_dict(embed=True)) == days
    clock = SlaTarget("resolution", days).clock().start(_utc(2025, 3, 3, 1))
    from supportflow.sla import SlaClock

    assert SlaClock.from_dict(clock.to_dict(), registry=registry) == clock
    with pytest.raises(SerializationError) as info:
        SlaClock.from_dict(clock.to_dict())
    assert info.value.path == "target.rule.calendar"


# -- schema ----------------------------------------------------------------------------------


def test_schema_2_rows_upgrade_to_3_with_the_version_counted_from_history():
    """2 -> 3: version = number of history records; saved again as schema 3."""
    from pathlib import Path

    fixtures = Path(__file__).parent / "fixtures"
    counts = {
        "complaint_schema2_acknowledged.json": 2,
        "complaint_schema2_received.json": 1,
        "complaint_schema2_awaiting.json": 4,
        "complaint_schema2_referred.json": 10,
    }
    for name, count in counts.items():
        c = Complaint.from_dict(json.loads((fixtures / name).read_text(encoding="utf-8")))
        assert c.version == count, name
        saved = _row(c)
        assert (saved["schema"], saved["version"]) == (3, count)
        assert Complaint.from_dict(saved) == c


def test_a_newer_schema_is_refused_naming_both_versions():
    """A row from schema 4 (a newer server) is a typed error, never a partial read."""
    row = {**_row(_received(None)), "schema": 4}
    with pytest.raises(NewerSchemaError) as info:
        Complaint.from_dict(row)
    assert (info.value.found, info.value.supported, info.value.path) == (4, 3, "schema")
    assert "4" in str(info.value)
    assert "3" in str(info.value)


def test_a_version_that_disagrees_with_history_is_refused():
    """One record per accepted event: a version that says otherwise is a corrupted row."""
    row = _row(_received(None))
    with pytest.raises(SerializationError) as info:
        Complaint.from_dict({**row, "version": 2})
    assert info.value.path == "version"


def test_compact_rows_leave_defaults_out_and_read_them_back():
    """A fresh row has no null or empty fields; they read back as the defaults."""
    row = _row(_received(None))
    assert None not in row.values()
    assert [] not in row.values()
    assert set(row) == {
        "schema",
        "version",
        "id",
        "customer",
        "channel",
        "description",
        "received_at",
        "category",
        "ask",
        "priority",
        "state",
        "language",
        "history",
    }
    c = Complaint.from_dict(row)
    assert (c.owner, c.rules, c.sla_policy, c.clocks, c.referrals) == (
        None,
        ComplaintRules(),
        None,
        (),
        (),
    )


def test_complaint_rules_schema_1_reads_with_no_tolerance():
    """ComplaintRules 1 -> 2: the skew tolerance was zero; a schema-1 dict has no ref."""
    rules = ComplaintRules.from_dict(
        {"schema": 1, "reopen_window": "P3D", "auto_close_after": "P1D"}
    )
    assert rules == ComplaintRules(dt.timedelta(days=3), dt.timedelta(days=1))
    with pytest.raises(SerializationError):
        ComplaintRules.from_dict(
            {"schema": 1, "reopen_window": "P3D", "auto_close_after": "P1D", "ref": "r@1"}
        )
    with pytest.raises(NewerSchemaError):
        ComplaintRules.from_dict({**ComplaintRules().to_dict(), "schema": 3})


# -- version, read-only fields, events by name ----------------------------------------------


def test_version_counts_accepted_events_only():
    """1 at intake, +1 per accepted event; a refused one leaves version and row alone."""
    c = _received(industry_default(cn_mainland()))
    assert c.version == 1
    c.acknowledge(_sh(2025, 3, 3, 10), "agent-li")
    assert c.version == 2
    before = c.to_dict()
    with pytest.raises(IllegalTransitionError):
        c.resolve(_sh(2025, 3, 3, 11), "agent-li")
    with pytest.raises(InvalidFieldError):
        c.triage(_sh(2025, 3, 3, 11), "lead", in_scope=True, category="x", priority="P9")
    assert c.version == 2
    assert c.to_dict() == before


def test_fields_are_read_only():
    """`c.state = ...` and `c.priority = "P9"` raise a typed error and change nothing."""
    c = _received(None)
    before = c.to_dict()
    with pytest.raises(ReadOnlyFieldError) as info:
        c.state = ComplaintState.CLOSED
    assert (info.value.entity, info.value.field) == ("Complaint", "state")
    with pytest.raises(ReadOnlyFieldError):
        c.priority = "P9"
    with pytest.raises(AttributeError):  # ReadOnlyFieldError is one
        c.version = 7
    with pytest.raises(ReadOnlyFieldError):
        del c.owner
    assert c.to_dict() == before
    # Events still change them, and copies are still made.
    c.acknowledge(_sh(2025, 3, 3, 10), "agent-li")
    assert c.state is ComplaintState.ACKNOWLEDGED
    assert copy.deepcopy(c) == c
    assert pickle.loads(pickle.dumps(c)) == c


def test_fields_stay_read_only_after_accepted_refused_and_loaded_events():
    """The engine opens the complaint only while it fires: after an accepted event, a
    refused one, a restore from JSON or pickle, the class is `Complaint` again and an
    assignment from outside is still refused."""
    c = _received(None)
    c.acknowledge(_sh(2025, 3, 3, 10), "agent-li")
    with pytest.raises(IllegalTransitionError):
        c.close(_sh(2025, 3, 3, 11), "agent-li")
    copies = [
        c,
        Complaint.from_dict(json.loads(json.dumps(c.to_dict()))),
        pickle.loads(pickle.dumps(c)),
        copy.deepcopy(c),
    ]
    for value in copies:
        assert type(value) is Complaint
        with pytest.raises(ReadOnlyFieldError):
            value.owner = "someone"
        assert value.owner is None


def test_fire_by_name_is_the_typed_method():
    """`fire("triage", {...})` does what `triage(...)` does, with JSON-ish arguments."""
    a = _received(industry_default(cn_mainland()))
    b = _received(industry_default(cn_mainland()))
    a.fire("acknowledge", {"at": "2025-03-03T10:00:00+08:00", "actor": "agent-li"})
    b.acknowledge(_sh(2025, 3, 3, 10), "agent-li")
    arguments = {
        "at": "2025-03-03T11:00:00+08:00",
        "actor": "lead",
        "in_scope": True,
        "category": "payments",
        "priority": "P2",
        "owner": "agent-li",
    }
    record = a.fire("triage", arguments)
    b.triage(
        _sh(2025, 3, 3, 11),
        "lead",
        in_scope=True,
        category="payments",
        priority="P2",
        owner="agent-li",
    )
    assert record == a.history[-1]
    assert a == b
    assert a.version == 3


@pytest.mark.parametrize(
    ("event", "arguments", "field"),
    [
        ("teleport", {}, "event"),
        (3, {}, "event"),
        ("acknowledge", ["at"], "arguments"),
        ("acknowledge", {"actor": "a"}, "arguments.at"),
        ("acknowledge", {"at": "2025-03-03T10:00:00+08:00", "actor": "a", "x": 1}, "arguments.x"),
        ("acknowledge", {"at": "yesterday", "actor": "a"}, "at"),
        ("acknowledge", {"at": "2025-03-03T10:00:00+08:00", "actor": 5}, "actor"),
    ],
)
def test_fire_refuses_with_typed_errors(event, arguments, field):
    """Unknown events and bad arguments are InvalidFieldError naming them, never TypeError."""
    c = _received(None)
    before = c.to_dict()
    with pytest.raises(InvalidFieldError) as info:
        c.fire(event, arguments)
    assert info.value.field == field
    assert c.to_dict() == before


def test_events_describe_every_event_of_the_workflow():
    """One spec per machine event, each a typed method, `at` and `actor` required."""
    from supportflow.complaints._workflow import WORKFLOW

    specs = Complaint.events()
    assert [s.name for s in specs] == sorted(WORKFLOW.events)
    by_name = {s.name: s for s in specs}
    triage = {a.name: a for a in by_name["triage"].arguments}
    assert triage["at"].required
    assert triage["in_scope"].required
    assert not triage["owner"].required
    assert by_name["acknowledge"].description.startswith("Tell the customer")
    assert json.dumps([attrs.asdict(s) for s in specs])  # JSON-safe for an API


# -- skew ------------------------------------------------------------------------------------


def test_skew_is_refused_by_default():
    """Tolerance zero: an event stamped 1 ms before the last one is refused, as always."""
    c = _received(None)
    with pytest.raises(InvalidFieldError) as info:
        c.acknowledge(_sh(2025, 3, 3, 9) - MS, "agent-li")
    assert info.value.field == "at"
    assert c.version == 1


def test_skew_within_the_tolerance_is_recorded_at_the_last_time_with_its_stamp():
    """250 ms tolerance: 100 ms early is kept at the last event's time, stamp in the record."""
    rules = ComplaintRules(skew_tolerance=dt.timedelta(milliseconds=250))
    c = _received(industry_default(cn_mainland()), rules=rules)
    c.acknowledge(_sh(2025, 3, 3, 10), "agent-li")
    early = _sh(2025, 3, 3, 10) - 100 * MS
    record = c.triage(early, "lead", in_scope=True, category="x", priority="P3", owner="li")
    assert record.at == _utc(2025, 3, 3, 2)
    assert record.stamped_at == early.astimezone(UTC)
    assert c.history[-1] is record
    assert c.version == 3
    row = _row(c)
    assert row["history"][-1]["stamped_at"] == "2025-03-03T01:59:59.900000+00:00"  # type: ignore[index]
    assert "stamped_at" not in row["history"][0]  # type: ignore[index]
    assert Complaint.from_dict(row) == c
    before = c.to_dict()
    with pytest.raises(InvalidFieldError):
        c.escalate(_sh(2025, 3, 3, 10) - 251 * MS, "lead")
    assert c.to_dict() == before


def _reference_skew(at, last, tolerance):
    """The documented rule, written out independently."""
    if at >= last:
        return ("accepted", at, None)
    if last - at <= tolerance:
        return ("accepted", last, at)
    return ("refused", None, None)


@given(
    st.integers(-400, 400),
    st.sampled_from([0, 1, 100, 250]),
)
def test_skew_rule_matches_the_reference(offset_ms, tolerance_ms):
    """For any stamp around the last event and any tolerance, as the reference says."""
    rules = ComplaintRules(skew_tolerance=dt.timedelta(milliseconds=tolerance_ms))
    c = _received(industry_default(cn_mainland()), rules=rules)
    last = _utc(2025, 3, 3, 2)
    c.acknowledge(last, "agent-li")
    at = last + offset_ms * MS
    expected = _reference_skew(at, last, dt.timedelta(milliseconds=tolerance_ms))
    before = c.to_dict()
    try:
        record = c.post_update(at, "agent-li")
    except InvalidFieldError:
        assert expected[0] == "refused"
        assert c.to_dict() == before
        return
    assert ("accepted", record.at, record.stamped_at) == expected
    assert c.version == 3


def test_a_record_keeps_its_stamp_through_to_dict():
    """`stamped_at` is written only when set, and read back."""
    plain = TransitionRecord("e", "a", "b", _utc(2025, 1, 1), "x")
    assert "stamped_at" not in plain.to_dict()
    late = attrs.evolve(plain, stamped_at=_utc(2024, 12, 31, 23, 59))
    assert TransitionRecord.from_dict(late.to_dict()) == late
    with pytest.raises(InvalidFieldError):
        TransitionRecord("e", "a", "b", _utc(2025, 1, 1), "x", stamped_at=dt.datetime(2025, 1, 1))


# -- with_policy -----------------------------------------------------------------------------


def _walk(c: Complaint) -> Complaint:
    """Received Mon 3 March 09:00 Shanghai, acknowledged 10:00, triaged 11:00, update Wed."""
    c.acknowledge(_sh(2025, 3, 3, 10), "agent-li")
    c.triage(_sh(2025, 3, 3, 11), "lead", in_scope=True, category="x", priority="P3", owner="li")
    c.post_update(_sh(2025, 3, 5, 9), "agent-li")
    return c


def test_with_policy_applies_a_corrected_goal_from_the_cycles_start():
    """Version 4 corrects resolution from 15 to 10 calendar days.

    Received 3 March: 10 days after the day of receipt is 13 March, 24:00 Shanghai =
    13 March 16:00 UTC (was 18 March 16:00 UTC under 15 days).
    """
    registry, v3 = _registry()
    calendar = registry.get("cn_mainland@1", BusinessCalendar)
    targets = tuple(
        attrs.evolve(t, rule=CalendarDays(10, calendar)) if t.name == "resolution" else t
        for t in v3.targets
    )
    v4 = registry.add(
        attrs.evolve(v3, targets=targets, ref=None), name="industry_default", version=4
    )
    c = _walk(_received(v3))
    before = c.to_dict()
    moved = c.with_policy(v4)
    assert c.to_dict() == before  # a pure function: the original is untouched
    at = _utc(2025, 3, 6)
    old = c.sla_status(at)["resolution"].current
    new = moved.sla_status(at)["resolution"].current
    assert old is not None
    assert new is not None
    assert (old.due_at, new.due_at) == (_utc(2025, 3, 18, 16), _utc(2025, 3, 13, 16))
    assert moved.sla_policy is v4
    assert (moved.version, moved.history) == (c.version, c.history)
    assert _row(moved)["sla_policy"] == "industry_default@4"
    assert moved.with_policy(v4) == moved


def test_with_policy_folds_a_new_target_from_the_events():
    """A version that adds next_update gives it the clock it would have had from intake.

    The update sent Wednesday 5 March 09:00 started a new cycle: 5 business days after
    5 March (6, 7, 10, 11, 12) at 18:00 Shanghai = 12 March 10:00 UTC.
    """
    calendar = cn_mainland()
    full = industry_default(calendar)
    small = attrs.evolve(full, targets=tuple(t for t in full.targets if t.name != "next_update"))
    c = _walk(_received(small))
    moved = c.with_policy(full)
    update = moved.sla_status(_utc(2025, 3, 6))["next_update"]
    assert update.current is not None
    assert update.current.due_at == _utc(2025, 3, 12, 10)
    assert len(update.completed) == 1
    assert moved.clocks == _walk(_received(full)).clocks  # as if it had always been there
    # A version without the target drops its clock.
    back = moved.with_policy(small)
    assert "next_update" not in back.sla_status(_utc(2025, 3, 6))
    assert back == c


def test_with_policy_refuses_another_policy_or_none():
    """Moving to a policy of another name is re-triage (`reselect_policy`), not a version."""
    c = _received(industry_default(cn_mainland()))
    with pytest.raises(InvalidFieldError) as info:
        c.with_policy(fca_disp())
    assert info.value.field == "policy"
    with pytest.raises(InvalidFieldError):
        _received(None).with_policy(industry_default(cn_mainland()))
    with pytest.raises(InvalidFieldError):
        c.with_policy("industry_default@4")  # type: ignore[arg-type]


# -- properties over random walks --------------------------------------------------------------


@st.composite
def _walks(
    draw: st.DrawFn, policy: SlaPolicy | None = None
) -> tuple[Complaint, list[tuple[str, dt.datetime, dict[str, object]]]]:
    """A complaint received under `policy` and the events (name, at, kwargs) to walk it."""
    if policy is None:
        policy = draw(st.sampled_from(_registered()[1]))
    c = Complaint.receive(
        id="CMP-W",
        customer="C-1",
        channel="email",
        description="walk",
        received_at=_utc(2025, 3, 3, 1),
        actor="intake",
        priority=draw(st.sampled_from(["P1", "P3", "P5"])),
        sla_policy=policy,
        jurisdiction=draw(st.sampled_from([None, "CN", "GB"])),
    )
    steps = []
    at = _utc(2025, 3, 3, 1)
    probe = copy.deepcopy(c)
    for _ in range(draw(st.integers(0, 10))):
        allowed = sorted(allowed_events(probe.state) - {"reselect_policy", "close"})
        if not allowed:
            break
        event = draw(st.sampled_from(allowed))
        at = at + dt.timedelta(seconds=draw(st.integers(0, 2 * 24 * 3600)))
        kwargs = draw(sfst.complaint_event_arguments(event, complaint=probe))
        with contextlib.suppress(SupportflowError):
            getattr(probe, event)(at, **kwargs)
        steps.append((event, at, kwargs))
    return c, steps


_REGISTERED: list[tuple[Registry, tuple[SlaPolicy, ...]]] = []


def _registered() -> tuple[Registry, tuple[SlaPolicy, ...]]:
    if not _REGISTERED:
        registry = Registry()
        calendar = registry.add(cn_mainland(), name="cn_mainland", version=1)
        london = registry.add(
            BusinessCalendar.always_open("Europe/London"), name="london", version=1
        )
        policies = (
            registry.add(industry_default(calendar), name="industry_default", version=1),
            registry.add(fca_disp(london), name="fca_disp", version=1),
        )
        _REGISTERED.append((registry, policies))
    return _REGISTERED[0]


def _behaviour(c: Complaint, at: dt.datetime) -> tuple[object, ...]:
    return (c.state, c.version, c.sla_status(at), c.next_alarm(at), allowed_events(c.state))


@settings(max_examples=40, deadline=None)
@given(_walks())
def test_a_row_saved_at_any_step_behaves_like_the_original(walk):
    """Save and load with the registry after every event: same figures, alarms, events.

    Also: version == 1 + accepted events, and a refused event leaves version and row alone.
    """
    registry, _ = _registered()
    c, steps = walk
    accepted = 0
    for event, at, kwargs in steps:
        before = c.to_dict()
        try:
            getattr(c, event)(at, **kwargs)
        except SupportflowError:
            assert c.to_dict() == before
        else:
            accepted += 1
        assert c.version == 1 + accepted == len(c.history)
        text = json.dumps(c.to_dict())
        loaded = Complaint.from_dict(json.loads(text), registry=registry)
        assert loaded == c
        for probe in (at, at + dt.timedelta(days=3), at + dt.timedelta(days=40)):
            assert _behaviour(loaded, probe) == _behaviour(c, probe)
        c = loaded  # keep walking the loaded copy, as a service does


@settings(max_examples=40, deadline=None)
@given(_walks())
def test_with_the_same_policy_a_complaint_is_unchanged(walk):
    """with_policy(p) of a complaint built under p equals the complaint."""
    c, steps = walk
    for event, at, kwargs in steps:
        with contextlib.suppress(SupportflowError):
            getattr(c, event)(at, **kwargs)
    assert c.sla_policy is not None
    assert c.with_policy(c.sla_policy) == c


def _without_update() -> tuple[SlaPolicy, SlaPolicy]:
    full = industry_default(cn_mainland())
    small = attrs.evolve(full, targets=tuple(t for t in full.targets if t.name != "next_update"))
    return small, full


@settings(max_examples=40, deadline=None)
@given(_walks(policy=_without_update()[0]))
def test_a_new_target_is_folded_as_if_it_had_been_there(walk):
    """Walk under a policy without next_update, then add it: the clocks of the same walk
    under the full policy (the incremental path) are what the fold computes."""
    _, full = _without_update()
    c, steps = walk
    twin = Complaint.receive(
        id=c.id,
        customer=c.customer,
        channel=c.channel,
        description=c.description,
        received_at=c.received_at,
        actor="intake",
        priority=c.priority,
        sla_policy=full,
        jurisdiction=c.jurisdiction,
    )
    for event, at, kwargs in steps:
        outcomes = []
        for target in (c, twin):
            try:
                getattr(target, event)(at, **kwargs)
                outcomes.append(True)
            except SupportflowError:
                outcomes.append(False)
        if outcomes[0] != outcomes[1]:  # the extra target refused something: not comparable
            return
    assert c.with_policy(full).clocks == twin.clocks


# -- the loaders' quick paths read exactly what the full readers read -------------------------


@given(sfst.sla_events())
def test_the_quick_event_reader_agrees_with_from_dict(event):
    """For any event: the quick path declines, or builds what `SlaEvent.from_dict` builds."""
    from supportflow.sla import SlaEvent
    from supportflow.sla._clock import _quick_event

    data = json.loads(json.dumps(event.to_dict()))
    quick = _quick_event(data)
    assert quick is None or quick == SlaEvent.from_dict(data) == event


@given(sfst.transition_records(), st.booleans())
def test_the_quick_record_reader_agrees_with_from_dict(record, stamp):
    """For any record (stamped or not): the same record either way."""
    from supportflow.audit import _quick

    if stamp:
        record = attrs.evolve(record, stamped_at=record.at)
    data = json.loads(json.dumps(record.to_dict()))
    quick = _quick(data)
    assert quick is None or quick == TransitionRecord.from_dict(data)
    assert TransitionRecord.from_dict(data) == record


@pytest.mark.parametrize(
    "bad",
    [
        {"schema": True, "kind": "start", "at": "2025-03-03T01:00:00+00:00"},
        {"schema": 1, "kind": ["start"], "at": "2025-03-03T01:00:00+00:00"},
        {"schema": 1, "kind": "start", "at": "2025-03-03T01:00:00"},
        {"schema": 1, "kind": "pause", "at": "2025-03-03T01:00:00+00:00", "reason": " "},
        {"schema": 1, "kind": "start", "at": "2025-03-03T01:00:00+00:00", "priority": 3},
    ],
)
def test_the_quick_event_reader_declines_what_the_full_reader_refuses(bad):
    """Anything wrong is left to the full reader, which names the path."""
    from supportflow.sla import SlaEvent
    from supportflow.sla._clock import _quick_event

    assert _quick_event(bad) is None
    with pytest.raises(SupportflowError):
        SlaEvent.from_dict(bad)


@settings(max_examples=40, deadline=None)
@given(sfst.complaints(max_events=10))
def test_the_quick_row_reader_agrees_with_the_full_reader(complaint):
    """Any row `to_dict` writes is read by the quick path, to what the full reader reads."""
    from supportflow.complaints._complaint_rows import _quick_row

    for embed in (False, True):
        row = json.loads(json.dumps(complaint.to_dict(embed=embed)))
        quick = _quick_row(Complaint, row, None)
        assert quick is not None
        assert quick == Complaint._read(row, None) == complaint


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("state", ["closed"]),
        ("version", True),
        ("reopen_count", None),
        ("accepted", 1),
        ("channel", {}),
        ("clocks", [{"schema": 1, "events": []}]),
        ("owner", " "),
        ("received_at", "2025-03-03T09:00:00"),
    ],
)
def test_a_malformed_row_gets_the_full_readers_path_error(key, value):
    """The quick path declines anything wrong; the full reader's error names the path."""
    from supportflow.complaints._complaint_rows import _quick_row

    registry, policy = _registry()
    row = {**_row(_received(policy)), key: value}
    assert _quick_row(Complaint, row, registry) is None
    with pytest.raises(SerializationError) as info:
        Complaint.from_dict(row, registry=registry)
    assert info.value.path.split("[")[0].split(".")[0] in {key, "history"}
