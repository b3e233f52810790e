"""The desk example's store in-process: compare-and-swap giving up, and instants on SQLite."""

from __future__ import annotations

import datetime as dt
import json
import pathlib

import pytest
import sqlalchemy as sa
from starlette.requests import Request

from desk.app import _refused, complaint_columns
from desk.library import build_registry, current_policy
from desk.store import ATTEMPTS, Store, VersionConflictError, alarms_due, complaints
from supportflow import Complaint

AT = dt.datetime(2026, 1, 5, 2, 0, tzinfo=dt.UTC)


def _store(tmp_path: pathlib.Path) -> Store:
    return Store.connect(f"sqlite:///{tmp_path / 'store.sqlite3'}", build_registry())


def _complaint(store: Store) -> Complaint:
    complaint = Complaint.receive(
        id="CAS-1",
        customer="C-1",
        channel="email",
        description="d",
        received_at=AT,
        actor="intake",
        sla_policy=current_policy(store.registry),
    )
    assert store.insert(complaints, complaint, complaint_columns(complaint, AT))
    return complaint


def test_a_row_that_always_changes_underneath_gives_up_with_a_conflict(
    tmp_path: pathlib.Path,
) -> None:
    """Another writer wins every race: ATTEMPTS tries, nothing of ours written, then a 409."""
    store = _store(tmp_path)
    _complaint(store)
    tries = []

    def event(complaint: Complaint) -> object:
        tries.append(complaint.version)
        with store.engine.begin() as conn:  # the other writer, between our read and write
            conn.execute(
                complaints.update()
                .where(complaints.c.id == "CAS-1")
                .values(version=complaints.c.version + 1)
            )
        return complaint.fire("acknowledge", {"at": AT, "actor": "agent-li"})

    with pytest.raises(VersionConflictError) as caught:
        store.change(complaints, "CAS-1", Complaint.from_dict, event, lambda c: {})
    assert len(tries) == ATTEMPTS
    stored = store.load(complaints, "CAS-1", Complaint.from_dict)
    assert stored.state.value == "received"  # none of our acknowledgements was saved

    response = _refused(Request({"type": "http"}), caught.value)
    assert response.status_code == 409
    body = json.loads(bytes(response.body))
    assert (body["error"], body["kind"], body["key"], body["attempts"]) == (
        "VersionConflictError",
        "complaints",
        "CAS-1",
        ATTEMPTS,
    )


def test_next_alarm_is_an_aware_utc_instant_on_sqlite(tmp_path: pathlib.Path) -> None:
    """SQLite keeps no offset: the column writes UTC and reads back aware UTC instants."""
    store = _store(tmp_path)
    _complaint(store)
    shanghai = dt.timezone(dt.timedelta(hours=8))
    # Version 2 of the policy: first_response within 12 h, the first warning at 50 %.
    expected = AT + dt.timedelta(hours=6)
    with store.engine.connect() as conn:
        (stored,) = conn.execute(sa.select(complaints.c.next_alarm)).scalars()
        raw = conn.execute(sa.text("SELECT next_alarm FROM complaints")).scalar_one()
        found = conn.execute(
            sa.select(complaints.c.id).where(
                complaints.c.next_alarm <= expected.astimezone(shanghai)
            )
        ).all()
    assert stored == expected
    assert stored.tzinfo is dt.UTC
    assert raw == "2026-01-05 08:00:00.000000"  # UTC wall time, no offset
    assert [row.id for row in found] == ["CAS-1"]


def test_the_alarm_query_is_an_index_range_scan(tmp_path: pathlib.Path) -> None:
    """SQLite's plan for "what alarms before the horizon" searches the next_alarm index."""
    store = _store(tmp_path)
    compiled = alarms_due(AT, 200).compile(dialect=store.engine.dialect)
    placeholders = (None,) * len(compiled.positiontup or ())
    with store.engine.connect() as conn:
        plan = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", placeholders).all()
    details = " ".join(str(row[-1]) for row in plan)
    assert "USING INDEX ix_complaints_next_alarm (next_alarm<?)" in details, details
