"""The desk example across restarts: a policy upgrade of stored rows, and a SIGKILL mid-stream."""

from __future__ import annotations

import datetime as dt
import random
import threading

import httpx

from desk_example.desk_harness import Desk
from desk_example.test_desk_api import T0, _payments_and_deliveries

UTC = dt.UTC


def test_policy_upgrade_recomputes_stored_deadlines(desk: Desk) -> None:
    """A new policy version reaches stored complaints through `with_policy`, not by hand.

    Version 1 gives first_response 24 hours, version 2 gives 12. Rows written under
    version 1 keep it across the deployment of version 2 until the upgrade moves them;
    then their deadline, their warnings and the indexed next_alarm follow the new goal,
    and their history is untouched.
    """
    now = dt.datetime.now(UTC).replace(microsecond=0)
    received = now - dt.timedelta(hours=2)
    desk.start(DESK_POLICY_VERSION="1")
    with desk.client() as http:
        body = {
            "id": "UP-1",
            "customer": "C-1",
            "channel": "email",
            "description": "Where is my refund?",
            "received_at": received.isoformat(),
        }
        http.post("/complaints", json=body).raise_for_status()
        before = http.get("/complaints/UP-1").json()
        assert before["complaint"]["sla_policy"] == "desk_default@1"
        first = http.get("/complaints/UP-1/sla").json()["targets"]["first_response"]
        assert first["current"]["due_at"] == (received + dt.timedelta(hours=24)).isoformat()
    desk.stop()

    desk.start(DESK_POLICY_VERSION="2")
    with desk.client() as http:
        # Deployed, not yet upgraded: the row still says version 1 and is read as such.
        assert http.get("/complaints/UP-1").json() == before
        # Under version 1 the first warning (50 % of 24 h) is 10 hours away.
        assert _listed(http, "UP-1", within_minutes=300) is None

        upgraded = http.post("/admin/policy-upgrade").json()
        assert upgraded == {"policy": "desk_default@2", "upgraded": 1}
        after = http.get("/complaints/UP-1").json()
        assert after["complaint"]["sla_policy"] == "desk_default@2"
        assert after["complaint"]["history"] == before["complaint"]["history"]
        first = http.get("/complaints/UP-1/sla").json()["targets"]["first_response"]
        assert first["current"]["due_at"] == (received + dt.timedelta(hours=12)).isoformat()
        assert first["current"]["goal"] == "PT12H"
        # The 50 % warning of 12 hours is now 4 hours away: next_alarm was recomputed.
        assert _listed(http, "UP-1", within_minutes=300) == [("first_response", 50, False)]
        # Nothing left to upgrade.
        assert http.post("/admin/policy-upgrade").json()["upgraded"] == 0


def _listed(http: httpx.Client, key: str, *, within_minutes: int) -> object:
    alarms = http.get("/alarms", params={"within_minutes": within_minutes}).json()
    for complaint in alarms["complaints"]:
        if complaint["id"] == key:
            return [(t["target"], t["warning"], t["breached"]) for t in complaint["targets"]]
    return None


def test_killed_mid_stream_loses_nothing_and_applies_nothing_twice(desk: Desk) -> None:
    """SIGKILL while a client streams webhooks and events; restart on the same database.

    Every request answered 200 before the kill is stored; the one in flight is stored at
    most once. The provider then delivers everything again and the client resends what
    it never saw answered: every payment converges and every event is applied once.
    """
    desk.start()
    stream, expected = _payments_and_deliveries(24)
    random.Random(7).shuffle(stream)  # noqa: S311 - a reproducible order, not a secret
    references = [f"LOG-{i:03d}" for i in range(len(stream))]
    operations: list[tuple[str, dict[str, object]]] = []
    for delivery, reference in zip(stream, references, strict=True):
        operations.append(("/webhooks/payments", delivery))
        evidence: dict[str, object] = {
            "actor": "agent-li",
            "kind": "system_log",
            "reference": reference,
        }
        operations.append(("/complaints/KILL/events/add_evidence", evidence))

    with desk.client() as http:
        for key in expected:
            payment = {"id": key, "amount_due": "100.00", "currency": "CNY", "created_at": T0}
            http.post("/payments", json=payment).raise_for_status()
        complaint = {
            "id": "KILL",
            "customer": "C-9",
            "channel": "phone",
            "description": "Frozen withdrawal",
        }
        http.post("/complaints", json=complaint).raise_for_status()
        http.post("/complaints/KILL/events/acknowledge", json={"actor": "a"}).raise_for_status()

    accepted: list[int] = []
    refused: list[int] = []
    in_flight: list[int] = []
    enough = threading.Event()

    def client() -> None:
        with desk.client() as http:
            for i, (path, body) in enumerate(operations):
                try:
                    response = http.post(path, json=body)
                except httpx.TransportError:
                    in_flight.append(i)
                    return
                (accepted if response.status_code == 200 else refused).append(i)
                if len(accepted) >= 40:
                    enough.set()
        enough.set()

    streaming = threading.Thread(target=client)
    streaming.start()
    assert enough.wait(timeout=60)
    desk.kill()
    streaming.join(timeout=30)
    assert in_flight, "the kill must cut the stream"
    assert len(accepted) >= 40
    assert {operations[i][0] for i in refused} <= {"/webhooks/payments"}  # early refunds only

    desk.start()
    with desk.client() as http:
        stored = http.get("/complaints/KILL").json()["complaint"]
        seen = [e["reference"] for e in stored["evidence"]]
        assert len(seen) == len(set(seen))  # nothing applied twice
        answered = {
            str(operations[i][1]["reference"]) for i in accepted if "reference" in operations[i][1]
        }
        assert answered <= set(seen)  # nothing accepted is lost
        assert len(set(seen) - answered) <= 1  # at most the request in flight
        logs = {key: _event_ids(http, key) for key in expected}
        for i in accepted:
            path, body = operations[i]
            if path == "/webhooks/payments":
                assert body["event_id"] in logs[str(body["payment_id"])]

        # The provider delivers every webhook again (each answered at least once now, the
        # early refunds after their payments); the client resends what it never saw answered.
        pending = list(stream)
        for _ in range(5):
            pending = [
                d for d in pending if http.post("/webhooks/payments", json=d).status_code != 200
            ]
            if not pending:
                break
        assert pending == []
        for i in range(len(operations)):
            path, body = operations[i]
            if path != "/webhooks/payments" and i not in accepted:
                status = http.post(path, json=body).status_code
                # 422: it was the request in flight, applied before the kill (a repeated
                # reference is refused); 200 otherwise.
                assert status == 200 or (status == 422 and body["reference"] in seen)
        for key, (state, received, refunded) in expected.items():
            payment = http.get(f"/payments/{key}").json()
            assert (payment["state"], payment["received"], payment["refunded"]) == (
                state,
                received,
                refunded,
            )
            assert sorted(payment["event_ids"]) == [f"{key}-e{j}" for j in range(4)]
        final = http.get("/complaints/KILL").json()["complaint"]
        assert sorted(e["reference"] for e in final["evidence"]) == references
        added = [r for r in final["history"] if r["event"] == "add_evidence"]
        assert len(added) == len(references)


def _event_ids(http: httpx.Client, key: str) -> set[str]:
    return set(http.get(f"/payments/{key}").json()["event_ids"])
