"""The desk example over HTTP: each route, the error mapping, and concurrency on one row."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import random
from typing import Any

import sqlalchemy as sa

from desk.store import complaints
from desk_example.desk_harness import Desk
from supportflow import PaymentConfirmation

UTC = dt.UTC


def _ago(now: dt.datetime, **delta: float) -> str:
    return (now - dt.timedelta(**delta)).isoformat()


def _complaint(key: str, received_at: str, **extra: object) -> dict[str, object]:
    return {
        "id": key,
        "customer": "C-1",
        "channel": "web_form",
        "description": "My withdrawal has not arrived.",
        "received_at": received_at,
        **extra,
    }


def test_receive_fire_and_read(running_desk: Desk) -> None:
    """A complaint is received, an event fired by name, and both are read back as stored."""
    desk = running_desk
    received = "2026-01-05T10:00:00+08:00"
    with desk.client() as http:
        created = http.post("/complaints", json=_complaint("CMP-A", received, priority="P2"))
        assert created.status_code == 201
        assert created.json()["version"] == 1
        body = created.json()["complaint"]
        assert (body["state"], body["channel"], body["priority"]) == ("received", "web_form", "P2")
        # A retried intake is answered as the first time, not stored twice.
        again = http.post("/complaints", json=_complaint("CMP-A", received, priority="P2"))
        assert (again.status_code, again.json()["version"]) == (201, 1)

        fired = http.post(
            "/complaints/CMP-A/events/acknowledge",
            json={"actor": "agent-li", "at": "2026-01-05T11:30:00+08:00"},
        )
        assert fired.status_code == 200
        assert fired.json()["version"] == 2
        assert fired.json()["result"]["event"] == "acknowledge"
        stored = http.get("/complaints/CMP-A").json()
        assert stored["version"] == 2
        assert [r["event"] for r in stored["complaint"]["history"]] == ["receive", "acknowledge"]

        # first_response: 12 hours of elapsed time (the policy's version 2), stopped by the
        # acknowledgement after 1 h 30 min.
        first = http.get("/complaints/CMP-A/sla").json()["targets"]["first_response"]
        cycle = first["completed"][0]
        assert cycle["due_at"] == "2026-01-05T14:00:00+00:00"  # 10:00 +08:00 is 02:00 UTC
        assert (cycle["elapsed"], cycle["breached"]) == ("PT1H30M", False)
        events = http.get("/complaints/CMP-A/events").json()
        assert "acknowledge" in [e["name"] for e in events]


def test_errors_are_typed_and_mapped(running_desk: Desk) -> None:
    """Bad input is a 422 naming field and value, an illegal event a 409, a missing row a 404."""
    desk = running_desk
    now = dt.datetime.now(UTC)
    with desk.client() as http:
        bad = http.post("/complaints", json=_complaint("CMP-B", now.isoformat(), channel="fax"))
        assert bad.status_code == 422
        assert bad.json()["error"] == "InvalidFieldError"
        assert (bad.json()["field"], bad.json()["value"]) == ("channel", "fax")

        naive = http.post("/complaints", json=_complaint("CMP-B", "2026-01-05T10:00:00"))
        assert (naive.status_code, naive.json()["field"]) == (422, "received_at")

        http.post("/complaints", json=_complaint("CMP-B", now.isoformat())).raise_for_status()
        illegal = http.post("/complaints/CMP-B/events/resolve", json={"actor": "agent-li"})
        assert illegal.status_code == 409
        assert illegal.json()["error"] == "IllegalTransitionError"
        assert (illegal.json()["state"], illegal.json()["event"]) == ("received", "resolve")

        unknown = http.post("/complaints/CMP-B/events/teleport", json={"actor": "a"})
        assert unknown.status_code == 422
        assert (unknown.json()["field"], unknown.json()["value"]) == ("event", "teleport")

        missing_argument = http.post("/complaints/CMP-B/events/acknowledge", json={})
        assert (missing_argument.status_code, missing_argument.json()["field"]) == (
            422,
            "arguments.actor",
        )
        taken = http.post(
            "/complaints", json={**_complaint("CMP-B", now.isoformat()), "customer": "C-2"}
        )
        assert (taken.status_code, taken.json()["error"]) == (409, "IdempotencyConflictError")
        assert http.get("/complaints/NOPE").status_code == 404
        # Nothing refused was stored.
        assert http.get("/complaints/CMP-B").json()["version"] == 1


def test_alarms_come_from_the_next_alarm_column(running_desk: Desk) -> None:
    """What warns or breaches in the next hour: selected by next_alarm, explained per target.

    Policy version 2: first_response within 12 hours, warnings at 50/75/90 % (6 h, 9 h,
    10 h 48 min). Received 11 h 30 min ago: every warning passed, the breach comes in
    30 minutes. Received 5 h 30 min ago: the 50 % warning comes in 30 minutes. Received
    1 h ago: nothing before 6 h. Acknowledged: its first_response stopped.
    """
    desk = running_desk
    now = dt.datetime.now(UTC).replace(microsecond=0)
    with desk.client() as http:
        for key, hours in (("BREACH", 11.5), ("WARN", 5.5), ("CALM", 1), ("ACKED", 11.5)):
            response = http.post("/complaints", json=_complaint(key, _ago(now, hours=hours)))
            response.raise_for_status()
        http.post("/complaints/ACKED/events/acknowledge", json={"actor": "a"}).raise_for_status()
        listed = http.get("/alarms", params={"within_minutes": 60}).json()

    found = {c["id"]: c["targets"] for c in listed["complaints"]}
    assert sorted(found) == ["BREACH", "WARN"]
    assert found["BREACH"] == [
        {
            "target": "first_response",
            "due_at": (now + dt.timedelta(minutes=30)).isoformat(),
            "warning": 90,
            "breached": True,
        }
    ]
    assert [(t["target"], t["warning"], t["breached"]) for t in found["WARN"]] == [
        ("first_response", 50, False)
    ]
    # The column itself, as the query sees it: the next alarm after the last save.
    engine = sa.create_engine(desk.url)
    with engine.connect() as conn:
        rows = dict(conn.execute(sa.select(complaints.c.id, complaints.c.next_alarm)).all())
    engine.dispose()
    assert rows["BREACH"].replace(tzinfo=UTC) == now + dt.timedelta(minutes=30)
    assert rows["WARN"].replace(tzinfo=UTC) == now + dt.timedelta(minutes=30)
    assert rows["CALM"].replace(tzinfo=UTC) == now + dt.timedelta(hours=5)


def test_queue_ranks_complaints_by_their_own_facts(running_desk: Desk) -> None:
    """The queue ranks complaints as received (their own channel and priority), P1 first."""
    desk = running_desk
    now = dt.datetime.now(UTC)
    with desk.client() as http:
        cases = [
            ("LOW", "in_app_chat", "P4"),
            ("REG", "regulator_referral", "P1"),
            ("MID", "web_form", "P2"),
        ]
        for key, channel, priority in cases:
            body = _complaint(key, _ago(now, hours=1), channel=channel, priority=priority)
            http.post("/complaints", json=body).raise_for_status()
        ranked = http.get("/queue", params={"limit": 500}).json()["items"]
    queue = [item for item in ranked if item["id"] in {key for key, _, _ in cases}]
    assert [item["id"] for item in queue] == ["REG", "MID", "LOW"]
    for item in queue:
        assert sum(part["points"] for part in item["breakdown"]) == item["value"]
    # ITIL base points of the default model: P1 (1, 1), P2 (1, 2), P4 (2, 3).
    assert [item["breakdown"][0]["detail"] for item in queue] == [
        [1, 1, "P1"],
        [1, 2, "P2"],
        [2, 3, "P4"],
    ]


def test_maintenance_notice_in_three_languages(running_desk: Desk) -> None:
    """A stored window's announcement renders in en, zh-Hans and zh-Hant (the gallery's texts)."""
    desk = running_desk
    with desk.client() as http:
        http.post(
            "/maintenance-windows",
            json={
                "id": "MW-1",
                "start": "2026-03-14T02:00:00+08:00",
                "end": "2026-03-14T06:00:00+08:00",
                "services": ["withdrawals", "deposits"],
                "announced_at": "2026-03-01T09:00:00+08:00",
            },
        ).raise_for_status()

        def sms(locale: str, timezone: str) -> str:
            response = http.get(
                "/maintenance-windows/MW-1/notices/maintenance_announced",
                params={"locale": locale, "timezone": timezone},
            )
            assert response.status_code == 200, response.text
            assert response.json()["locale"] == locale
            return str(response.json()["sms"]["text"])

        assert sms("en", "Europe/London").startswith(
            "AurumPay: scheduled maintenance 13 Mar 2026 18:00 to 13 Mar 2026 22:00 (UK time)."
        )
        # Full-width punctuation is the texts' own (RUF001 would have it ASCII).
        assert sms("zh-Hans", "Asia/Shanghai").startswith(
            "【AurumPay】系统维护通知：2026/3/14 02:00至2026/3/14 06:00"  # noqa: RUF001
            "（北京时间）暂停充值和提现服务。"  # noqa: RUF001
        )
        assert sms("zh-Hant", "Asia/Taipei").startswith(
            "【AurumPay】系統維護通知：2026/3/14 02:00至2026/3/14 06:00（台北時間）"  # noqa: RUF001
        )
        refused = http.get("/maintenance-windows/MW-1/notices/hold_overdue")
        assert (refused.status_code, refused.json()["field"]) == (422, "kind")


def test_forty_concurrent_events_on_one_complaint(running_desk: Desk) -> None:
    """40 events at once on one row: compare-and-swap retries lose none and apply none twice.

    Each accepted event takes the next version: the 40 answers carry exactly the versions
    3..42 (receive is 1, acknowledge 2), and the history holds 42 records.
    """
    desk = running_desk
    now = dt.datetime.now(UTC)
    with desk.client(limits=_limits(40)) as http:
        http.post("/complaints", json=_complaint("HOT", _ago(now, hours=1))).raise_for_status()
        http.post("/complaints/HOT/events/acknowledge", json={"actor": "a"}).raise_for_status()
        references = [f"LOG-{i:02d}" for i in range(40)]

        def add(reference: str) -> tuple[int, int]:
            response = http.post(
                "/complaints/HOT/events/add_evidence",
                json={"actor": "agent-li", "kind": "system_log", "reference": reference},
            )
            return response.status_code, response.json().get("version", -1)

        with concurrent.futures.ThreadPoolExecutor(40) as pool:
            answers = list(pool.map(add, references))
        stored = http.get("/complaints/HOT").json()

    assert [status for status, _ in answers] == [200] * 40
    assert sorted(version for _, version in answers) == list(range(3, 43))
    assert stored["version"] == 42
    history = stored["complaint"]["history"]
    assert len(history) == 42
    added = [r for r in history if r["event"] == "add_evidence"]
    assert len(added) == 40
    assert sorted(e["reference"] for e in stored["complaint"]["evidence"]) == references
    stamps = [r["at"] for r in history]
    assert stamps == sorted(stamps)  # each retry was stamped after the event that beat it


def _limits(size: int) -> object:
    import httpx

    return httpx.Limits(max_connections=size, max_keepalive_connections=size)


def test_webhooks_shuffled_and_tripled_converge(running_desk: Desk) -> None:
    """1,000 distinct deliveries, each sent three times, shuffled, 8 at a time.

    Every payment ends as worked by hand for its pattern (checked in order, in-process,
    by the test below); each event is in its log exactly once.
    """
    desk = running_desk
    stream, expected = _payments_and_deliveries(250)
    deliveries = [d for d in stream for _ in range(3)]
    random.Random(16).shuffle(deliveries)  # noqa: S311 - a reproducible order, not a secret
    with desk.client(limits=_limits(8)) as http:
        for key in expected:
            payment = {"id": key, "amount_due": "100.00", "currency": "CNY", "created_at": T0}
            http.post("/payments", json=payment).raise_for_status()

        def deliver(body: dict[str, object]) -> int:
            return http.post("/webhooks/payments", json=body).status_code

        # A refund delivered before the payment it returns is answered 409: the provider
        # delivers it again later. Every other delivery is accepted the first time.
        pending = deliveries
        for _ in range(5):
            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                answers = list(pool.map(deliver, pending))
            refused = [(d, a) for d, a in zip(pending, answers, strict=True) if a != 200]
            assert {(d["kind"], a) for d, a in refused} <= {("refunded", 409)}
            pending = [d for d, _ in refused]
            if not pending:
                break
        assert pending == []
        for key, (state, received, refunded) in expected.items():
            stored = http.get(f"/payments/{key}").json()
            assert (stored["state"], stored["received"], stored["refunded"]) == (
                state,
                received,
                refunded,
            ), key
            assert sorted(stored["event_ids"]) == [f"{key}-e{j}" for j in range(4)]


T0 = "2026-01-05T10:00:00+08:00"


def test_the_hand_worked_patterns_hold_in_order() -> None:
    """The reference: each pattern's events applied once, in order, to a fresh payment."""
    stream, expected = _payments_and_deliveries(3)
    for key, (state, received, refunded) in expected.items():
        payment = PaymentConfirmation.create(
            key, "100.00", "CNY", T0, expiry=dt.timedelta(minutes=60)
        )
        for d in stream:
            if d["payment_id"] == key:
                payment.apply_notification(d["event_id"], d["kind"], d["occurred_at"], d["payload"])
        assert (payment.state.value, str(payment.received), str(payment.refunded)) == (
            state,
            received,
            refunded,
        )


def _at(minutes: int) -> str:
    return (dt.datetime.fromisoformat(T0) + dt.timedelta(minutes=minutes)).isoformat()


def _payments_and_deliveries(
    count: int,
) -> tuple[list[dict[str, Any]], dict[str, tuple[str, str, str]]]:
    """`count` payments of 100.00 CNY in three patterns of four events, worked by hand.

    - split: 40 + 60 detected, confirmed, settled -> settled, 100.00 received;
    - short: action required, an attempt failed, 30 + 30 detected -> partially paid, 60.00;
    - over: 105.00 detected, confirmed, the 5.00 excess refunded, settled -> settled,
      105.00 received, 5.00 refunded.
    """
    cny = "CNY"
    patterns = {
        "split": (
            [
                ("payment_detected", 5, {"amount": "40.00", "currency": cny}),
                ("payment_detected", 10, {"amount": "60.00", "currency": cny}),
                ("confirmed", 12, {}),
                ("settled", 20, {}),
            ],
            ("settled", "100.00", "0"),
        ),
        "short": (
            [
                ("action_required", 1, {}),
                ("attempt_failed", 2, {"reason": "insufficient_balance"}),
                ("payment_detected", 5, {"amount": "30.00", "currency": cny}),
                ("payment_detected", 6, {"amount": "30.00", "currency": cny}),
            ],
            ("partially_paid", "60.00", "0"),
        ),
        "over": (
            [
                ("payment_detected", 3, {"amount": "105.00", "currency": cny}),
                ("confirmed", 4, {}),
                ("refunded", 5, {"amount": "5.00", "currency": cny}),
                ("settled", 9, {}),
            ],
            ("settled", "105.00", "5.00"),
        ),
    }
    names = list(patterns)
    stream: list[dict[str, Any]] = []
    expected: dict[str, tuple[str, str, str]] = {}
    for i in range(count):
        name = names[i % len(names)]
        key = f"INV-{name}-{i:04d}"
        events, outcome = patterns[name]
        expected[key] = outcome
        for j, (kind, minutes, payload) in enumerate(events):
            stream.append(
                {
                    "event_id": f"{key}-e{j}",
                    "payment_id": key,
                    "kind": kind,
                    "occurred_at": _at(minutes),
                    "payload": payload,
                }
            )
    return stream, expected
