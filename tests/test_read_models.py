"""JSON for the read models an API returns: SLA statuses and cycles, priority lines, metrics,
notification results. Hand-worked documents, round trips, and refusals with a JSON path."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportflow import (
    ComplaintMetrics,
    ElapsedDuration,
    PriorityContribution,
    PriorityFactor,
    SerializationError,
    SlaCycle,
    SlaStatus,
    SlaTarget,
)
from supportflow.payments import (
    FailureReason,
    NotificationOutcome,
    NotificationResult,
    PaymentMetrics,
    PaymentState,
    RefundInstruction,
)
from supportflow.testing import strategies as sfst

H = dt.timedelta(hours=1)
RULE = ElapsedDuration(4 * H, "UTC")
TARGET = SlaTarget("first_response", RULE, thresholds=(50,), pause_in={"awaiting_customer"})


def _json(value: Any) -> Any:
    """`value.to_dict()` as JSON text read back (a fresh, untyped document)."""
    return json.loads(json.dumps(value.to_dict()))


def _paused_status() -> SlaStatus:
    """Started 09:00, paused 10:00, looked at 11:00: 1 h counted of a 4 h goal."""
    clock = (
        TARGET.clock()
        .start("2026-01-05T09:00:00+00:00")
        .pause("2026-01-05T10:00:00+00:00", "awaiting_customer")
    )
    return clock.status("2026-01-05T11:00:00+00:00")


def test_a_paused_status_has_the_hand_worked_document():
    """1 h of 4 h counted, 1 h paused: due 09:00 + 4 h + 1 h paused = 14:00, 25 %, no warning."""
    assert _paused_status().to_dict() == {
        "schema": 1,
        "target": "first_response",
        "at": "2026-01-05T11:00:00+00:00",
        "state": "paused",
        "current": {
            "schema": 1,
            "index": 0,
            "state": "paused",
            "started_at": "2026-01-05T09:00:00+00:00",
            "stopped_at": None,
            "ended_by": None,
            "rule": RULE.to_dict(),
            "extension": None,
            "goal": "PT4H",
            "elapsed": "PT1H",
            "remaining": "PT3H",
            "due_at": "2026-01-05T14:00:00+00:00",
            "breached": False,
            "breached_at": None,
            "percent": 25.0,
            "warning": None,
            "paused": True,
            "paused_time": "PT1H",
            "pause_reason": "awaiting_customer",
            "assumed": [],
        },
        "completed": [],
    }


def test_a_breached_stopped_cycle_has_negative_remaining_and_its_breach_instant():
    """Started 09:00, stopped 15:00 on a 4 h goal: 6 h counted, -2 h left, breached at 13:00."""
    clock = TARGET.clock().start("2026-01-05T09:00:00+00:00").stop("2026-01-05T15:00:00+00:00")
    data = _json(clock.status("2026-01-05T16:00:00+00:00"))
    assert data["state"] == "stopped"
    assert data["current"] is None
    [cycle] = data["completed"]
    assert (cycle["state"], cycle["ended_by"]) == ("stopped", "stop")
    assert cycle["stopped_at"] == "2026-01-05T15:00:00+00:00"
    assert (cycle["elapsed"], cycle["remaining"]) == ("PT6H", "-PT2H")
    assert cycle["breached"] is True
    assert cycle["breached_at"] == cycle["due_at"] == "2026-01-05T13:00:00+00:00"
    assert (cycle["percent"], cycle["warning"]) == (150.0, 50.0)
    assert SlaStatus.from_dict(json.loads(json.dumps(data))).to_dict() == data


@given(sfst.sla_statuses())
def test_statuses_and_their_cycles_round_trip_through_json(status):
    """from_dict(json(to_dict(s))) == s for statuses and every one of their cycles."""
    data = json.loads(json.dumps(status.to_dict()))
    assert SlaStatus.from_dict(data) == status
    for cycle in status.cycles:
        assert SlaCycle.from_dict(json.loads(json.dumps(cycle.to_dict()))) == cycle


@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (("current", "remaining"), "PT2H", "current.remaining"),  # goal - elapsed is 3 h
        (("current", "paused"), False, "current.paused"),  # the state says paused
        (("current", "breached_at"), "2026-01-05T14:00:00+00:00", "current.breached_at"),
        (("current", "stopped_at"), "2026-01-05T10:30:00+00:00", "current.stopped_at"),
        (("current", "state"), "running", "current.paused"),  # a running cycle is not paused
        (("current", "percent"), "25", "current.percent"),
        (("current", "index"), -1, "current.index"),
        (("current",), None, "current"),  # a paused clock has an open cycle
        (("state",), "asleep", "state"),
        (("target",), "", "target"),
    ],
)
def test_contradicting_or_malformed_status_documents_are_refused_with_their_path(
    path, value, where
):
    """A document whose figures disagree, or with a wrong type, names the offending key."""
    data = _json(_paused_status())
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    with pytest.raises(SerializationError) as caught:
        SlaStatus.from_dict(data)
    assert caught.value.path == where


def test_unknown_and_missing_keys_are_refused():
    """No key is silently dropped or assumed."""
    data = _json(_paused_status())
    with pytest.raises(SerializationError, match="provisional"):
        SlaStatus.from_dict({**data, "provisional": False})
    cycle = data["current"]
    del cycle["assumed"]
    with pytest.raises(SerializationError, match="assumed"):
        SlaCycle.from_dict(cycle)


def test_a_priority_contribution_is_one_breakdown_line_with_a_schema_key():
    """The amount line of a score: the same keys as in the score's breakdown."""
    part = PriorityContribution(PriorityFactor.BASE, 40, (3, 2, "P3"))
    assert part.to_dict() == {"schema": 1, "factor": "base", "points": 40, "detail": [3, 2, "P3"]}
    assert PriorityContribution.from_dict(part.to_dict()) == part
    with pytest.raises(SerializationError) as caught:
        PriorityContribution.from_dict({**part.to_dict(), "detail": [3, 2]})
    assert caught.value.path == "detail"


@given(sfst.priority_scores())
def test_score_breakdown_lines_are_the_contributions_documents(score):
    """Each line of PriorityScore.to_dict() is the contribution's own document minus schema."""
    lines = score.to_dict()["breakdown"]
    assert lines == [
        {k: v for k, v in c.to_dict().items() if k != "schema"} for c in score.breakdown
    ]


@given(sfst.complaint_metrics())
def test_complaint_metrics_round_trip_and_list_every_state_and_score(metrics):
    """Every state and the scores 1-5 are keys; the document reads back equal."""
    data = json.loads(json.dumps(metrics.to_dict()))
    assert set(data["csat_distribution"]) == {"1", "2", "3", "4", "5"}
    assert sum(data["by_state"].values()) == data["total"]
    assert ComplaintMetrics.from_dict(data) == metrics


def test_complaint_metrics_of_nothing_are_zeros_and_nulls():
    """No complaints: every count 0, every rate and duration null."""
    from supportflow.complaints import metrics

    data = _json(metrics([], "2026-01-05T09:00:00+00:00"))
    assert data["total"] == 0
    assert set(data["by_state"].values()) == {0}
    assert data["time_to_resolve"] == {"count": 0, "median": None, "p90": None}
    assert (data["csat_average"], data["repeat_rate"], data["sla_compliance"]) == (None, None, {})
    cases: list[tuple[dict[str, Any], str]] = [
        ({"repeat_rate": 1.5}, "repeat_rate"),
        ({"total": -1}, "total"),
        ({"time_to_resolve": {"count": 1, "median": None, "p90": None}}, "time_to_resolve"),
        ({"csat_distribution": {"1": 0}}, "csat_distribution.2"),
    ]
    for bad, where in cases:
        with pytest.raises(SerializationError) as caught:
            ComplaintMetrics.from_dict({**data, **bad})
        assert caught.value.path == where


def test_a_notification_result_with_a_refund_has_the_hand_written_document():
    """An over-payment: the excess as an exact decimal string."""
    result = NotificationResult(
        "evt_1",
        NotificationOutcome.APPLIED,
        PaymentState.CONFIRMED,
        RefundInstruction("pay_1", decimal.Decimal("0.50"), "USD", "excess"),
    )
    data = _json(result)
    assert data == {
        "schema": 1,
        "event_id": "evt_1",
        "outcome": NotificationOutcome.APPLIED.value,
        "state": PaymentState.CONFIRMED.value,
        "refund": {"payment_id": "pay_1", "amount": "0.50", "currency": "USD", "reason": "excess"},
    }
    assert NotificationResult.from_dict(json.loads(json.dumps(data))) == result
    for bad, where in [
        ({"amount": "0"}, "refund.amount"),
        ({"reason": "gift"}, "refund.reason"),
        ({"currency": ""}, "refund.currency"),
    ]:
        with pytest.raises(SerializationError) as caught:
            NotificationResult.from_dict({**data, "refund": {**data["refund"], **bad}})
        assert caught.value.path == where


@given(
    st.sampled_from(NotificationOutcome),
    st.sampled_from(PaymentState),
    st.none() | st.decimals(min_value=decimal.Decimal("0.01"), max_value=10**6, places=2),
)
def test_notification_results_round_trip(outcome, state, amount):
    """Any outcome and state, with or without a refund, reads back equal."""
    refund = None if amount is None else RefundInstruction("p", amount, "CNY", "exception")
    result = NotificationResult("e", outcome, state, refund)
    assert NotificationResult.from_dict(json.loads(json.dumps(result.to_dict()))) == result


def test_payment_metrics_document_and_round_trip():
    """Rates as exact strings, failure reasons as ordered objects."""
    figures = PaymentMetrics(
        created=10,
        merchant_cancelled=2,
        confirmed=6,
        confirmation_rate=decimal.Decimal("0.7500"),
        time_to_confirm_p50=dt.timedelta(minutes=5),
        time_to_confirm_p90=None,
        reminded=4,
        confirmed_after_reminder=1,
        reminder_conversion=decimal.Decimal("0.2500"),
        failure_reasons=((FailureReason.EXPIRED, 2),),
    )
    data = _json(figures)
    assert data["confirmation_rate"] == "0.7500"
    assert (data["time_to_confirm_p50"], data["time_to_confirm_p90"]) == ("PT5M", None)
    assert data["failure_reasons"] == [{"reason": FailureReason.EXPIRED.value, "count": 2}]
    assert PaymentMetrics.from_dict(json.loads(json.dumps(data))) == figures
    wrong: list[tuple[dict[str, Any], str]] = [
        ({"confirmation_rate": "1.5"}, "confirmation_rate"),
        ({"reminded": -1}, "reminded"),
        ({"failure_reasons": [{"reason": "boredom", "count": 1}]}, "failure_reasons[0].reason"),
    ]
    for bad, where in wrong:
        with pytest.raises(SerializationError) as caught:
            PaymentMetrics.from_dict({**data, **bad})
        assert caught.value.path == where


def test_the_open_cycle_must_be_in_the_status_state_and_completed_cycles_finished():
    """A consistent running cycle under a paused status, or an open 'completed' one, is refused."""
    data = _json(_paused_status())
    running = {**data["current"], "state": "running", "paused": False, "pause_reason": None}
    with pytest.raises(SerializationError) as caught:
        SlaStatus.from_dict({**data, "current": running})
    assert caught.value.path == "current"
    with pytest.raises(SerializationError) as caught:
        SlaStatus.from_dict({**data, "completed": [data["current"]]})
    assert caught.value.path == "completed[0]"


def test_cycle_states_and_endings_must_agree():
    """A cycle is never 'not started'; an open one has no ending, a finished one a real one."""
    open_cycle = _json(_paused_status())["current"]
    finished = _json(
        TARGET.clock()
        .start("2026-01-05T09:00:00+00:00")
        .stop("2026-01-05T15:00:00+00:00")
        .status("2026-01-05T16:00:00+00:00")
    )["completed"][0]
    cases: list[tuple[Any, dict[str, Any], str]] = [
        (open_cycle, {"state": "not_started"}, "state"),
        (open_cycle, {"ended_by": "stop"}, "ended_by"),
        (finished, {"ended_by": None}, "ended_by"),
        (finished, {"ended_by": "pause"}, "ended_by"),
    ]
    for document, change, where in cases:
        with pytest.raises(SerializationError) as caught:
            SlaCycle.from_dict({**document, **change})
        assert caught.value.path == where


def test_a_csat_average_outside_the_score_range_is_refused():
    """Scores are 1 to 5, so is their mean."""
    from supportflow.complaints import metrics

    data = _json(metrics([], "2026-01-05T09:00:00+00:00"))
    with pytest.raises(SerializationError) as caught:
        ComplaintMetrics.from_dict({**data, "csat_average": 5.5})
    assert caught.value.path == "csat_average"
