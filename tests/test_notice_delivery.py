"""The delivery planner: hand-worked examples and the properties the issue asks for."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
import zoneinfo
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import supportflow.notices
from supportflow import InvalidFieldError, SerializationError
from supportflow.notices import (
    CATALOG_NAMES,
    CustomerPreferences,
    Delivery,
    DeliveryPlan,
    DeliveryPolicy,
    LocaleTable,
    NoticeChannel,
    NoticeTemplate,
    QuietHours,
    RenderedNotice,
    Send,
    SendPlan,
    Suppressed,
    catalog,
    plan,
)

UTC = dt.UTC
SMS, EMAIL, IN_APP = NoticeChannel.SMS, NoticeChannel.EMAIL, NoticeChannel.IN_APP
# 2026-03-13 is a Friday; Shanghai is UTC+8 all year.
BASE = dt.datetime(2026, 3, 13, 0, 0, tzinfo=UTC)
SHANGHAI = CustomerPreferences("c1", "Asia/Shanghai", [SMS])


def utc(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=UTC)


# -- hand-worked examples ------------------------------------------------------------------


def test_a_reminder_due_at_0230_local_is_deferred_to_0800_local():
    # 18:30 UTC on the 13th is 02:30 on the 14th in Shanghai; 08:00 there is 00:00 UTC.
    send = Send("r1", "c1", "payment_reminder", utc(13, 18, 30), [SMS])
    result = plan([send], [SHANGHAI], DeliveryPolicy(), utc(13, 12))
    assert result.deliveries == (
        Delivery(
            "r1",
            "c1",
            "payment_reminder",
            SMS,
            utc(14, 0),
            ("r1",),
            "deferred to the end of quiet hours (22:00-08:00 Asia/Shanghai)",
        ),
    )
    assert result.suppressed == ()


def test_an_announcement_in_quiet_hours_moves_to_the_evening_before():
    # The window starts 02:00 local (18:00 UTC); the 01:00 local SMS moves to 21:30 local
    # the evening before (13:30 UTC), 30 minutes before quiet hours begin.
    send = Send("a1", "c1", "maintenance_announced", utc(13, 17), [SMS], before=utc(13, 18))
    (delivery,) = plan([send], [SHANGHAI], DeliveryPolicy(), utc(13, 9)).deliveries
    assert delivery.at == utc(13, 13, 30)
    assert delivery.reason.startswith("moved earlier out of quiet hours")
    # Planned at 22:10 local, when 21:30 has passed: the event is at 02:00 and quiet hours
    # end at 08:00, so there is no time left.
    late = plan([send], [SHANGHAI], DeliveryPolicy(), utc(13, 14, 10))
    assert late.deliveries == ()
    assert late.suppressed[0].reason.startswith("in quiet hours (22:00-08:00 Asia/Shanghai)")


def test_channel_preferences_opt_outs_and_legal_exceptions():
    prefs = CustomerPreferences("c1", "Asia/Shanghai", [EMAIL, SMS], {"feedback_request"})
    alert = Send.of(catalog()["security_alert"], id="s1", customer="c1", due=utc(13, 18))
    feedback = Send.of(catalog()["feedback_request"], id="f1", customer="c1", due=utc(13, 3))
    in_app_only = Send("i1", "c1", "withdrawal_released", utc(13, 3), [IN_APP])
    result = plan([alert, feedback, in_app_only], [prefs], DeliveryPolicy(), utc(13, 2))
    (sent,) = result.deliveries
    # 02:00 local and opted in to email: the alert goes at once, by email, despite quiet hours.
    assert (sent.name, sent.channel, sent.at, sent.reason) == ("s1", EMAIL, utc(13, 18), "")
    assert result.suppressed == (
        Suppressed("f1", "c1", "feedback_request", "the customer opted out of feedback_request"),
        Suppressed(
            "i1",
            "c1",
            "withdrawal_released",
            "the customer accepts none of the channels it can go out on",
        ),
    )
    # Opted out of the alert itself, and of every channel it has: it still goes.
    no = CustomerPreferences("c1", "Asia/Shanghai", [IN_APP], {"security_alert"})
    only_sms = Send("s2", "c1", "security_alert", utc(13, 1), [SMS], always_send=True)
    (forced,) = plan([only_sms], [no], DeliveryPolicy(), utc(13, 2)).deliveries
    assert forced.channel is SMS
    assert forced.at == utc(13, 2)
    assert "despite the customer's opt-out" in forced.reason


def test_the_cap_drops_the_lowest_priority_and_digests_merge():
    policy = DeliveryPolicy(quiet_hours=None, cap=2, period=dt.timedelta(days=1))
    prefs = [CustomerPreferences("c1", "UTC", [SMS])]
    sends = [
        Send("a", "c1", "payment_reminder", utc(13, 9), [SMS], priority=0),
        Send("b", "c1", "payment_expired", utc(13, 10), [SMS], priority=5),
        Send("c", "c1", "withdrawal_queued", utc(13, 11), [SMS], priority=1),
        Send("x", "c1", "security_alert", utc(13, 12), [SMS], always_send=True),
    ]
    result = plan(sends, prefs, policy, utc(13, 8))
    assert [d.name for d in result.deliveries] == ["b", "c", "x"]
    assert [s.send for s in result.suppressed] == ["a"]
    assert result.suppressed[0].reason.startswith("frequency cap: 2 per P1D")
    # Three mergeable updates in 20 hours and one the next evening: one digest, one alone.
    updates = [
        Send("u1", "c1", "complaint_progress", utc(13, 9), [SMS], mergeable=True),
        Send("u2", "c1", "withdrawal_released", utc(13, 15), [SMS], mergeable=True),
        Send("u3", "c1", "complaint_progress", utc(14, 5), [SMS], mergeable=True),
        Send("u4", "c1", "complaint_progress", utc(14, 20), [SMS], mergeable=True),
    ]
    merged = plan(updates, prefs, policy, utc(13, 8))
    assert merged.suppressed == ()
    digest, alone = merged.deliveries
    assert (digest.name, digest.notice, digest.at) == ("digest:c1:u1", "digest", utc(14, 5))
    assert digest.sends == ("u1", "u2", "u3")
    assert alone.sends == ("u4",)
    assert merged.outcome("u2") is digest
    with pytest.raises(InvalidFieldError) as info:
        merged.outcome("nope")
    assert info.value.field == "send_id"


def test_too_late_and_bad_input():
    late = Send("a", "c1", "maintenance_announced", utc(13, 9), [EMAIL], before=utc(13, 10))
    result = plan(
        [late], [CustomerPreferences("c1", "UTC", [EMAIL])], DeliveryPolicy(), utc(13, 11)
    )
    assert (
        result.suppressed[0].reason == "too late: it had to go out before 2026-03-13T10:00:00+00:00"
    )
    with pytest.raises(InvalidFieldError):
        plan([late, late], [SHANGHAI], DeliveryPolicy(), BASE)
    with pytest.raises(InvalidFieldError):
        plan([late], [], DeliveryPolicy(), BASE)
    with pytest.raises(InvalidFieldError):
        plan([late], [SHANGHAI, SHANGHAI], DeliveryPolicy(), BASE)
    with pytest.raises(InvalidFieldError):
        plan([late], [SHANGHAI], None, BASE)  # type: ignore[arg-type]
    with pytest.raises(InvalidFieldError):
        Send("a", "c1", "n", BASE, [])
    with pytest.raises(InvalidFieldError):
        CustomerPreferences("c1", "Mars/Base", [SMS])
    with pytest.raises(InvalidFieldError):
        DeliveryPolicy(cap=0)


def test_catalog_marks_legal_and_mergeable_notices():
    notices = catalog()
    always = {n for n, t in notices.items() if t.always_send}
    mergeable = {n for n, t in notices.items() if t.mergeable}
    assert always == {
        "security_alert",
        "complaint_acknowledged",
        "complaint_deadline_explained",
        "resolution_proposed",
        "complaint_redirected",
    }
    assert mergeable == {
        "withdrawal_released",
        "complaint_progress",
        "feedback_request",
        "maintenance_update",
    }


# -- properties ----------------------------------------------------------------------------

ZONES = ["UTC", "Asia/Shanghai", "America/New_York", "Europe/London", "Asia/Kolkata"]
NOTICES = ["payment_reminder", "complaint_progress", "maintenance_announced", "security_alert"]


@st.composite
def scenarios(draw):
    customers = draw(st.lists(st.sampled_from(["c1", "c2", "c3"]), min_size=1, unique=True))
    prefs = [
        CustomerPreferences(
            c,
            draw(st.sampled_from(ZONES)),
            draw(st.permutations(list(NoticeChannel)))[: draw(st.integers(0, 3))],
            draw(st.frozensets(st.sampled_from(NOTICES), max_size=2)),
        )
        for c in customers
    ]
    sends = []
    for i in range(draw(st.integers(0, 12))):
        due = BASE + dt.timedelta(minutes=draw(st.integers(0, 3 * 24 * 60)))
        lead = draw(st.none() | st.integers(1, 2 * 24 * 60))
        sends.append(
            Send(
                f"s{i}",
                draw(st.sampled_from(customers)),
                draw(st.sampled_from(NOTICES)),
                due,
                draw(st.frozensets(st.sampled_from(list(NoticeChannel)), min_size=1)),
                None if lead is None else due + dt.timedelta(minutes=lead),
                always_send=draw(st.booleans()),
                mergeable=draw(st.booleans()),
                priority=draw(st.integers(0, 3)),
            )
        )
    quiet = draw(
        st.none()
        | st.builds(
            QuietHours,
            st.integers(0, 23).map(dt.time),
            st.integers(0, 23).map(lambda h: dt.time(h, 30)),
            st.frozensets(st.sampled_from(list(NoticeChannel)), min_size=1),
            st.integers(1, 120).map(lambda m: dt.timedelta(minutes=m)),
        )
    )
    policy = DeliveryPolicy(
        quiet,
        draw(st.none() | st.integers(1, 4)),
        dt.timedelta(hours=draw(st.integers(1, 48))),
        draw(st.booleans()),
    )
    at = BASE + dt.timedelta(minutes=draw(st.integers(0, 24 * 60)))
    return sends, prefs, policy, at


def _in_quiet(quiet: QuietHours, instant: dt.datetime, zone: str) -> bool:
    """Written independently of QuietHours.contains: wall-clock minutes of the day."""
    wall = instant.astimezone(zoneinfo.ZoneInfo(zone))
    minute = wall.hour * 60 + wall.minute
    start = quiet.start.hour * 60 + quiet.start.minute
    end = quiet.end.hour * 60 + quiet.end.minute
    return start <= minute < end if start < end else minute >= start or minute < end


@given(scenarios(), st.data())
def test_plan_properties(scenario, data):
    sends, prefs, policy, at = scenario
    result = plan(sends, prefs, policy, at)
    by_id = {s.id: s for s in sends}
    zone = {p.customer: p.timezone for p in prefs}
    # Nothing silently lost: every send is in exactly one delivery or one suppression.
    seen = [i for d in result.deliveries for i in d.sends] + [s.send for s in result.suppressed]
    assert sorted(seen) == sorted(by_id)
    assert all(s.reason for s in result.suppressed)
    for delivery in result.deliveries:
        members = [by_id[i] for i in delivery.sends]
        assert all(m.customer == delivery.customer for m in members)
        assert all(delivery.channel in m.channels for m in members)
        assert delivery.at >= at
        if len(members) > 1:
            assert delivery.notice == "digest"
            assert delivery.name == f"digest:{delivery.customer}:{min(delivery.sends)}"
            assert all(m.mergeable and not m.always_send for m in members)
        exempt = all(m.always_send for m in members)
        quiet = policy.quiet_hours
        if quiet is not None and delivery.channel in quiet.channels and not exempt:
            assert not _in_quiet(quiet, delivery.at, zone[delivery.customer])
        for m in members:
            if m.before is not None and not m.always_send:
                assert delivery.at < m.before
    # The cap: in any window of `period`, at most `cap` deliveries that are not exempt.
    if policy.cap is not None:
        for customer in zone:
            times = [
                d.at
                for d in result.deliveries
                if d.customer == customer and not all(by_id[i].always_send for i in d.sends)
            ]
            for start in times:
                assert sum(start <= t < start + policy.period for t in times) <= policy.cap
    # Order does not matter.
    shuffled = data.draw(st.permutations(sends))
    assert plan(shuffled, list(reversed(prefs)), policy, at) == result
    # Round trips.
    assert DeliveryPlan.from_dict(result.to_dict()) == result
    assert pickle.loads(pickle.dumps(result)) == result
    assert DeliveryPolicy.from_dict(policy.to_dict()) == policy
    assert all(Send.from_dict(s.to_dict()) == s for s in sends)
    assert all(CustomerPreferences.from_dict(p.to_dict()) == p for p in prefs)


def test_from_dict_refuses_bad_data():
    with pytest.raises(SerializationError):
        DeliveryPolicy.from_dict({"schema": 1, "quiet_hours": None, "cap": 0, "period": "P1D"})
    data = DeliveryPolicy().to_dict()
    data["quiet_hours"]["start"] = "25:00"  # type: ignore[index]
    with pytest.raises(SerializationError):
        DeliveryPolicy.from_dict(data)
    with pytest.raises(SerializationError):
        Send.from_dict({"schema": 2})


# -- payment reminders go through the planner ----------------------------------------------


def test_reminder_policy_with_quiet_hours_never_falls_due_in_them():
    from decimal import Decimal

    from supportflow.payments import ReminderPolicy

    # Created 23:00 local (15:00 UTC), expires 10:00 local the next day (02:00 UTC): the
    # half-way reminder falls at 04:30 local (20:30 UTC). 21:30 the evening before is
    # before the payment existed, so it waits for 08:00 local (00:00 UTC), before expiry.
    created, expires = utc(13, 15), utc(14, 2)
    today = ReminderPolicy(fractions=(Decimal("0.5"),))
    assert [s.due_at for s in today.slots(created, expires)] == [utc(13, 20, 30)]
    quiet = ReminderPolicy(
        fractions=(Decimal("0.5"),), delivery=DeliveryPolicy(), timezone="Asia/Shanghai"
    )
    (slot,) = quiet.slots(created, expires)
    assert (slot.key, slot.due_at) == ("window:0.5", utc(14, 0))
    # Created 20:00 local: the 02:00-local reminder moves to 21:30 local (13:30 UTC).
    (early,) = quiet.slots(utc(13, 12), utc(14, 0))
    assert early.due_at == utc(13, 13, 30)
    # Expiring at 07:00 local, with quiet hours from 22:00: no time left, no reminder.
    assert quiet.slots(utc(13, 14, 30), utc(13, 23)) == ()
    assert ReminderPolicy.from_dict(quiet.to_dict()) == quiet
    assert "delivery" not in today.to_dict()
    with pytest.raises(InvalidFieldError):
        ReminderPolicy(delivery=DeliveryPolicy())
    with pytest.raises(InvalidFieldError):
        ReminderPolicy(delivery=DeliveryPolicy(), timezone="Nowhere/Land")


@given(st.integers(0, 7 * 24 * 60), st.integers(30, 3 * 24 * 60), st.sampled_from(ZONES))
def test_reminders_with_a_delivery_policy_are_never_in_quiet_hours(start, length, zone):
    from decimal import Decimal

    from supportflow.payments import ReminderPolicy

    policy = ReminderPolicy(
        fractions=(Decimal("0.25"), Decimal("0.5"), Decimal("0.75")),
        before_expiry=(dt.timedelta(minutes=20),),
        delivery=DeliveryPolicy(cap=None),
        timezone=zone,
    )
    created = BASE + dt.timedelta(minutes=start)
    expires = created + dt.timedelta(minutes=length)
    for slot in policy.slots(created, expires):
        assert created < slot.due_at < expires
        assert not _in_quiet(QuietHours(), slot.due_at, zone)


def test_template_marks_round_trip_and_are_checked():
    from supportflow.notices import NoticeTemplate

    alert = catalog()["security_alert"]
    data = alert.to_dict()
    assert (data["always_send"], "mergeable" in data) == (True, False)
    assert NoticeTemplate.from_dict(data) == alert
    assert pickle.loads(pickle.dumps(alert)).always_send is True
    data["mergeable"] = "yes"
    with pytest.raises(SerializationError):
        NoticeTemplate.from_dict(data)
    with pytest.raises(InvalidFieldError):
        NoticeTemplate("x", variables=alert.variables, texts=alert.texts, mergeable=1)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "build",
    [
        lambda: Send("", "c1", "n", BASE),
        lambda: Send("a", "c1", "n", BASE, ["fax"]),
        lambda: Send("a", "c1", "n", BASE, [SMS, "sms"]),
        lambda: Send("a", "c1", "n", BASE, priority="high"),  # type: ignore[arg-type]
        lambda: CustomerPreferences("c1", "UTC", opted_out="feedback_request"),
        lambda: CustomerPreferences("c1", "UTC", opted_out=[1]),  # type: ignore[list-item]
        lambda: CustomerPreferences("c1", 8),  # type: ignore[arg-type]
        lambda: DeliveryPolicy(cap=True),
        lambda: DeliveryPolicy(period=dt.timedelta(0)),
        lambda: DeliveryPolicy(quiet_hours="22-08"),  # type: ignore[arg-type]
        lambda: plan(["a"], [SHANGHAI], DeliveryPolicy(), BASE),  # type: ignore[list-item]
        lambda: plan([], ["c1"], DeliveryPolicy(), BASE),  # type: ignore[list-item]
    ],
)
def test_bad_values_are_refused_with_a_typed_error(build):
    with pytest.raises(InvalidFieldError):
        build()


def test_single_channel_and_mapping_forms():
    send = Send("a", "c1", "n", BASE, "email")
    assert send.channels == frozenset({EMAIL})
    result = plan([send], {"c1": CustomerPreferences("c1", "UTC", "email")}, DeliveryPolicy(), BASE)
    assert result.deliveries[0].channel is EMAIL
    data = DeliveryPolicy().to_dict()
    data["quiet_hours"]["start"] = 22  # type: ignore[index]
    with pytest.raises(SerializationError):
        DeliveryPolicy.from_dict(data)


# -- documents: declared in the fields, written as before ----------------------------------

_GOLDEN = Path(__file__).parent / "fixtures" / "golden"
_PACKAGE = Path(supportflow.notices.__file__).parent


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("customer_preferences_schema1", CustomerPreferences),
        ("send_schema1", Send),
        ("delivery_policy_schema1", DeliveryPolicy),
        ("delivery_plan_schema1", DeliveryPlan),
        ("send_plan_schema1", SendPlan),
        ("rendered_notice_schema1", RenderedNotice),
        ("notice_template_schema1", NoticeTemplate),
    ],
)
def test_golden_notices_documents_are_written_back_byte_for_byte(name, kind):
    """Same keys, values and key order as the committed row (json.dumps as it was written)."""
    text = (_GOLDEN / f"{name}.json").read_text(encoding="utf-8")
    written = kind.from_dict(json.loads(text)).to_dict()
    assert json.dumps(written, indent=2, ensure_ascii=False) + "\n" == text


def test_shipped_locale_and_catalog_files_are_written_back_byte_for_byte():
    """The data files load unchanged and to_dict writes each back exactly (key order too)."""
    files: list[tuple[Path, Any]] = [
        *((path, LocaleTable) for path in sorted((_PACKAGE / "locales").glob("*.json"))),
        *((path, NoticeTemplate) for path in sorted((_PACKAGE / "catalog").glob("*.json"))),
    ]
    assert len(files) == 3 + len(CATALOG_NAMES)
    for path, kind in files:
        text = path.read_text(encoding="utf-8")
        written = kind.from_dict(json.loads(text)).to_dict()
        assert json.dumps(written, indent=2, ensure_ascii=False) + "\n" == text, path.name


def test_nested_records_are_documents_of_their_own():
    """A delivery, a suppressed send and quiet hours write the record their plan holds."""
    quiet = QuietHours()
    assert quiet.to_dict() == {
        "start": "22:00",
        "end": "08:00",
        "channels": ["sms"],
        "margin": "PT30M",
    }
    assert QuietHours.from_dict(quiet.to_dict()) == quiet
    delivery = Delivery("r1", "c1", "payment_reminder", SMS, utc(14, 0), ("r1",), "late")
    document = {
        "name": "r1",
        "customer": "c1",
        "notice": "payment_reminder",
        "channel": "sms",
        "at": "2026-03-14T00:00:00+00:00",
        "sends": ["r1"],
        "reason": "late",
    }
    assert delivery.to_dict() == document
    assert Delivery.from_dict(document) == delivery
    skipped = Suppressed("f1", "c1", "feedback_request", "opted out")
    assert Suppressed.from_dict(skipped.to_dict()) == skipped
    assert DeliveryPlan((delivery,), (skipped,)).to_dict() == {
        "schema": 1,
        "deliveries": [document],
        "suppressed": [skipped.to_dict()],
    }


def _changed(document, path, value):
    out = copy.deepcopy(document)
    *keys, last = path
    node = out
    for key in keys:
        node = node[key]
    node[last] = value
    return out


_PLAN = json.loads((_GOLDEN / "delivery_plan_schema1.json").read_text(encoding="utf-8"))
_POLICY = DeliveryPolicy().to_dict()
_SEND = Send("r1", "c1", "payment_reminder", BASE).to_dict()
_PREFS = SHANGHAI.to_dict()


@pytest.mark.parametrize(
    ("kind", "document", "where", "value", "path"),
    [
        (DeliveryPolicy, _POLICY, ("quiet_hours", "start"), "25:00", "quiet_hours.start"),
        (DeliveryPolicy, _POLICY, ("quiet_hours", "channels"), [], "quiet_hours.channels"),
        (DeliveryPolicy, _POLICY, ("quiet_hours", "margin"), "PT0S", "quiet_hours.margin"),
        (DeliveryPolicy, _POLICY, ("quiet_hours", "hours"), 8, "quiet_hours.hours"),
        (DeliveryPolicy, _POLICY, ("cap",), 0, "cap"),
        (DeliveryPolicy, _POLICY, ("cap",), 2.5, "cap"),
        (DeliveryPlan, _PLAN, ("deliveries", 1, "channel"), "fax", "deliveries[1].channel"),
        (DeliveryPlan, _PLAN, ("deliveries", 0, "sends", 0), 3, "deliveries[0].sends[0]"),
        (DeliveryPlan, _PLAN, ("deliveries", 0, "at"), "2026-03-13T18:30", "deliveries[0].at"),
        (DeliveryPlan, _PLAN, ("suppressed", 0, "reason"), None, "suppressed[0].reason"),
        (Send, _SEND, ("channels",), ["fax"], "channels[0]"),
        (Send, _SEND, ("channels",), ["sms", "sms"], "channels"),
        (Send, _SEND, ("before",), "2026-03-13T18:30:00", "before"),
        (Send, _SEND, ("id",), " ", "id"),
        (CustomerPreferences, _PREFS, ("timezone",), "Mars/Base", "timezone"),
        (CustomerPreferences, _PREFS, ("opted_out",), [1], "opted_out[0]"),
    ],
)
def test_malformed_documents_name_the_json_path(kind, document, where, value, path):
    """Each defect, however deep, is a SerializationError naming where it is."""
    with pytest.raises(SerializationError) as info:
        kind.from_dict(_changed(document, where, value))
    assert info.value.path == path
