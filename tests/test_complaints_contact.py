"""Contact attempts, promised callbacks and reachability (issue 18, case 5)."""

from __future__ import annotations

import datetime as dt
import json
import pickle

import pytest

from supportflow import InvalidFieldError
from supportflow.complaints import (
    Callback,
    Channel,
    ContactAttempt,
    ContactOutcome,
    reachability,
)

UTC = dt.UTC


def t(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """An instant in September 2025, UTC."""
    return dt.datetime(2025, 9, day, hour, minute, tzinfo=UTC)


def tries() -> list[ContactAttempt]:
    """A merchant whose POS is down: the hotline twice, chat, email; another gets through."""
    return [
        ContactAttempt("M-1", "phone", t(3, 10, 2), "busy"),
        ContactAttempt("M-1", "phone", t(3, 10, 9), ContactOutcome.QUEUE_ABANDONED),
        ContactAttempt("M-1", "in_app_chat", t(3, 10, 20), "no_answer"),
        ContactAttempt("M-1", "email", t(3, 10, 30), "bounced"),
        ContactAttempt("M-2", "phone", t(3, 11, 0), "connected", complaint="POS-2"),
        ContactAttempt("M-1", "phone", t(4, 9, 0), "connected", complaint="POS-1"),
        # The firm's own call back is not a customer trying to reach us.
        ContactAttempt("M-1", "phone", t(4, 9, 30), "no_answer", inbound=False),
    ]


def test_reachability_per_channel_and_day():
    """Hand-counted: phone on 3 Sep, 1 of 3 got through; on 4 Sep, 1 of 1."""
    figures = reachability(tries(), start=t(3, 0), end=t(5, 0), period=dt.timedelta(days=1))
    assert list(figures) == [Channel.EMAIL, Channel.IN_APP_CHAT, Channel.PHONE]
    phone = figures[Channel.PHONE]
    assert [(p.start, p.attempts, p.reached) for p in phone] == [(t(3, 0), 3, 1), (t(4, 0), 1, 1)]
    assert phone[0].rate == pytest.approx(1 / 3)
    assert phone[0].by_outcome[ContactOutcome.BUSY] == 1
    assert phone[0].by_outcome[ContactOutcome.QUEUE_ABANDONED] == 1
    email = figures[Channel.EMAIL]
    assert [(p.attempts, p.rate) for p in email] == [(1, 0.0), (0, None)]


def test_reachability_refuses_bad_ranges():
    """end after start, a positive period, aware instants."""
    with pytest.raises(InvalidFieldError) as info:
        reachability([], start=t(3, 0), end=t(3, 0), period=dt.timedelta(days=1))
    assert info.value.field == "end"
    with pytest.raises(InvalidFieldError) as info:
        reachability([], start=t(3, 0), end=t(4, 0), period=dt.timedelta(0))
    assert info.value.field == "period"
    with pytest.raises(InvalidFieldError) as info:
        reachability([], start=dt.datetime(2025, 9, 3), end=t(4, 0), period=dt.timedelta(days=1))
    assert info.value.field == "start"


def test_a_promised_callback_has_its_own_deadline_and_alarm():
    """Promised 10:40 within 2 hours: due 12:40, first warning at 50 % (11:40)."""
    callback = Callback.promise(
        id="CB-1", customer="M-1", promised_at=t(3, 10, 40), within=dt.timedelta(hours=2)
    )
    status = callback.status(t(3, 11, 0)).current
    assert status is not None
    assert status.due_at == t(3, 12, 40)
    assert callback.next_alarm(t(3, 11, 0)) == t(3, 11, 40)
    late = callback.status(t(3, 13, 0)).current
    assert late is not None
    assert late.breached
    done = callback.complete(t(3, 12, 10))
    assert done.done
    assert not callback.done  # a value: the promise itself is unchanged
    assert done.next_alarm(t(3, 12, 10)) is None
    latest = done.status(t(3, 14, 0)).latest
    assert latest is not None
    assert latest.elapsed == dt.timedelta(hours=1, minutes=30)
    assert not latest.breached


def test_callback_refusals():
    """Twice, before the promise, a non-positive window, an unknown channel."""
    callback = Callback.promise(
        id="CB-1", customer="M-1", promised_at=t(3, 10, 40), within=dt.timedelta(hours=2)
    )
    with pytest.raises(InvalidFieldError) as info:
        callback.complete(t(3, 10, 0))
    assert info.value.field == "at"
    with pytest.raises(InvalidFieldError):
        callback.complete(t(3, 11, 0)).complete(t(3, 11, 5))
    with pytest.raises(InvalidFieldError) as info:
        Callback.promise(id="X", customer="M", promised_at=t(3, 1), within=dt.timedelta(0))
    assert info.value.field == "within"
    with pytest.raises(InvalidFieldError) as info:
        ContactAttempt("M-1", "fax", t(3, 1), "busy")
    assert (info.value.field, info.value.value) == ("channel", "fax")
    with pytest.raises(InvalidFieldError) as info:
        ContactAttempt("M-1", "phone", t(3, 1), "hung_up")
    assert info.value.field == "outcome"


def test_round_trips():
    """Attempts and callbacks serialize through JSON and pickle."""
    attempt = tries()[4]
    assert ContactAttempt.from_dict(json.loads(json.dumps(attempt.to_dict()))) == attempt
    callback = Callback.promise(
        id="CB-1", customer="M-1", promised_at=t(3, 10, 40), within=dt.timedelta(hours=2)
    ).complete(t(3, 12, 0))
    assert Callback.from_dict(json.loads(json.dumps(callback.to_dict()))) == callback
    assert pickle.loads(pickle.dumps(callback)) == callback
