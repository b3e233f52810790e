"""Maintenance documents declared on their fields: what the rows say, by hand, and the layout.

Every maintenance type's `to_dict`/`from_dict` and JSON Schema come from one declaration
(`supportflow._declarative`). These tests pin what that changed on purpose: nested records
read on their own, ids written twice refused, a stored window version checked, the alerts
without a window valid against their own schema, the request rows' fast reader agreeing
with the declared one, and the package's modules importing only downward.
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given

import supportflow
from supportflow import InvalidFieldError, SerializationError, _declarative, json_schema
from supportflow.maintenance import (
    HeldWithdrawal,
    MaintenanceNotice,
    MaintenanceWindow,
    NoticeKind,
    ServiceWindow,
    StatusUpdate,
    WindowLedger,
    WindowVersion,
    WithdrawalQueue,
    WithdrawalRequest,
)
from supportflow.maintenance._withdrawal import _FAST
from supportflow.testing import strategies as sfst

T0 = dt.datetime(2025, 3, 1, 1, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)
PACKAGE = Path(supportflow.__file__).parent / "maintenance"


def _window(wid="MW-1", start=T0 + 2 * H):
    window, _ = MaintenanceWindow.announce(
        wid,
        start=start,
        end=start + 2 * H,
        services={"withdrawals": None, "trading": (start, start + H)},
        announced_at=T0,
        emergency=True,
    )
    return window


def _queue():
    """MW-1 (withdrawals 03:00-05:00) and two requests: A queued at 01:00, held at 03:00."""
    q = WithdrawalQueue()
    q.add_window(_window(), at=T0)
    for rid in ("A", "B"):
        q.submit(f"k-{rid}", customer_id=f"C-{rid}", amount="10", currency="CNY", at=T0,
                 request_id=rid)  # fmt: skip
    q.advance(T0 + 2 * H)
    return q


# -- nested records ----------------------------------------------------------------------


def test_a_window_version_reads_back_on_its_own_with_sorted_services():
    """The record a window nests, written by hand: services sorted by name, no "schema"."""
    document: dict[str, Any] = {
        "version": 1,
        "start": "2025-03-01T03:00:00+00:00",
        "end": "2025-03-01T05:00:00+00:00",
        "services": [
            {
                "service": "withdrawals",
                "start": "2025-03-01T03:00:00+00:00",
                "end": "2025-03-01T05:00:00+00:00",
            },
            {
                "service": "trading",
                "start": "2025-03-01T03:00:00+00:00",
                "end": "2025-03-01T04:00:00+00:00",
            },
        ],
        "announced_at": "2025-03-01T01:00:00+00:00",
        "reason": "",
    }
    version = WindowVersion.from_dict(document)
    assert [s.service.value for s in version.services] == ["trading", "withdrawals"]
    assert version.window_for("withdrawals") == ServiceWindow("withdrawals", T0 + 2 * H, T0 + 4 * H)
    assert version.to_dict()["services"] == [document["services"][1], document["services"][0]]
    with pytest.raises(SerializationError) as caught:
        WindowVersion.from_dict({**document, "version": 0}, path="versions[0]")
    assert caught.value.path == "versions[0].version"


@pytest.mark.parametrize(
    "value",
    [
        StatusUpdate(T0, "halfway"),
        WindowLedger("MW-1", started=True, held_at_start=2, released=1),
        HeldWithdrawal("A", "C-A", Decimal("10.50"), "CNY", 90 * dt.timedelta(minutes=1)),
    ],
    ids=lambda v: type(v).__name__,
)
def test_nested_records_round_trip_without_a_schema_key(value):
    document = json.loads(json.dumps(value.to_dict()))
    assert "schema" not in document
    assert type(value).from_dict(document) == value


def test_a_ledger_written_by_hand_reads_back():
    ledger = WindowLedger.from_dict(
        {
            "window_id": "MW-1",
            "started": True,
            "held_at_start": 2,
            "new_holds": 1,
            "released": 1,
            "cancelled": 1,
        }
    )
    assert ledger == WindowLedger("MW-1", True, 2, 1, 1, 1)
    with pytest.raises(SerializationError) as caught:
        WindowLedger.from_dict({**ledger.to_dict(), "released": "1"}, path="ledgers[0]")
    assert caught.value.path == "ledgers[0].released"


# -- the queue's row ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "path", "value"),
    [("requests", "requests[1].id", "A"), ("windows", "windows[1].id", "MW-1"),
     ("ledgers", "ledgers[1].window_id", "MW-1")],
)  # fmt: skip
def test_an_id_written_twice_is_refused_not_collapsed(key, path, value):
    """Two requests A in a row would load as one (the second replacing the first): refused."""
    document = _queue().to_dict()
    document[key] = [document[key][0], document[key][0]]
    with pytest.raises(SerializationError) as caught:
        WithdrawalQueue.from_dict(document)
    assert (caught.value.path, caught.value.value) == (path, value)


def test_ledgers_are_written_in_the_windows_order_and_none_is_dropped():
    """Given out of order (MW-2's first) and with one of an untracked window, the row lists
    MW-1, MW-2, then MW-9 (it used to leave MW-9 out), and reads back equal."""
    one, two = _window("MW-1"), _window("MW-2", start=T0 + 3 * H)
    q = WithdrawalQueue(
        windows={"MW-1": one, "MW-2": two},
        ledgers={
            "MW-2": WindowLedger("MW-2"),
            "MW-9": WindowLedger("MW-9", released=4),
            "MW-1": WindowLedger("MW-1"),
        },
    )
    document: dict[str, Any] = q.to_dict()
    assert [led["window_id"] for led in document["ledgers"]] == ["MW-1", "MW-2", "MW-9"]
    again = WithdrawalQueue.from_dict(json.loads(json.dumps(document)))
    assert again == q
    assert again.ledgers["MW-9"].released == 4


def test_the_schema_1_upgrade_gives_the_schema_2_defaults():
    """A schema-1 row has no hold-clock settings: 24h, 3 extensions, 24h, 72h, every 4h."""
    document = _queue().to_dict()
    for key in ("max_hold", "max_extensions", "max_processing", "max_review", "update_every",
                "escalations", "skew_tolerance", "version"):  # fmt: skip
        del document[key]
    q = WithdrawalQueue.from_dict({**document, "schema": 1})
    assert (q.max_hold, q.max_extensions, q.max_processing, q.max_review, q.update_every) == (
        24 * H, 3, 24 * H, 72 * H, 4 * H,
    )  # fmt: skip
    assert (q.escalations, q.skew_tolerance, q.version) == ([], dt.timedelta(0), 1)
    with pytest.raises(SerializationError) as caught:
        WithdrawalQueue.from_dict({**document, "schema": 1, "max_hold": "PT1H"})
    assert caught.value.path == "max_hold"  # not a schema-1 key


# -- the window's version -------------------------------------------------------------------


def test_a_stored_version_is_checked_against_the_events_and_then_forgotten():
    window = _window()
    extended, _ = window.extend(T0 + 6 * H, at=T0 + H)  # version 2: announced, extended
    assert MaintenanceWindow("MW-1", extended.versions, True, version=2) == extended
    with pytest.raises(InvalidFieldError) as caught:
        MaintenanceWindow("MW-1", extended.versions, True, version=3)
    assert (caught.value.field, caught.value.value) == ("version", 3)
    restored = MaintenanceWindow.from_dict(extended.to_dict())
    ended, _ = restored.complete(at=T0 + 5 * H)  # evolving a restored window still works
    assert ended.to_dict()["version"] == 3


def test_a_schema_1_window_may_not_carry_later_keys():
    document = {**_window().to_dict(), "schema": 1}
    del document["version"]
    with pytest.raises(SerializationError) as caught:
        MaintenanceWindow.from_dict(document)
    assert caught.value.path == "updates"
    del document["updates"]
    assert MaintenanceWindow.from_dict(document) == _window()


# -- notices ----------------------------------------------------------------------------------


def test_an_alert_naming_no_window_is_valid_against_its_own_schema():
    """`review_stuck` names no window (`window_id` ""): the schema used to demand one."""
    q = WithdrawalQueue(max_review=H)
    q.submit("k", customer_id="C-1", amount="5", currency="CNY", at=T0, review_reason="device")
    (alert,) = q.advance(T0 + 2 * H)
    assert (alert.kind, alert.window_id) == (NoticeKind.REVIEW_STUCK, "")
    validator = jsonschema.Draft202012Validator(json_schema(MaintenanceNotice))
    assert validator.is_valid(json.loads(json.dumps(alert.to_dict())))


def test_a_schema_1_notice_loads_with_or_without_a_null_holds_and_schema_2_needs_it():
    document = {
        "schema": 1, "kind": "maintenance_ended", "window_id": "MW-1", "window_version": 1,
        "at": "2025-03-01T05:00:00+00:00", "request_ids": [], "customer_ids": [],
        "audience": "customers", "detail": "ended on time",
    }  # fmt: skip
    notice = MaintenanceNotice.from_dict(document)
    assert MaintenanceNotice.from_dict({**document, "holds": None}) == notice
    assert notice.to_dict() == {**document, "schema": 2, "holds": []}
    with pytest.raises(SerializationError) as caught:
        MaintenanceNotice.from_dict({**document, "schema": 2})
    assert caught.value.path == "holds"


# -- layout -----------------------------------------------------------------------------------


def _module_imports(path: Path) -> set[str]:
    """The maintenance modules `path` imports at import time (not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("supportflow.maintenance."):
                found.add(node.module.rsplit(".", 1)[1])
            elif node.module == "supportflow.maintenance":
                found.update(alias.name for alias in node.names)
    return found


def test_the_package_modules_import_downward_and_stay_small():
    """An order exists in which every module imports only modules before it; none is over
    600 lines without a reason in its docstring."""
    modules = {p.stem: p for p in PACKAGE.glob("_*.py") if p.stem != "__init__"}
    graph = {name: _module_imports(path) & set(modules) for name, path in modules.items()}
    placed: list[str] = []
    while len(placed) < len(graph):
        ready = sorted(m for m in graph if m not in placed and graph[m] <= set(placed))
        assert ready, f"an import cycle among {sorted(set(graph) - set(placed))}"
        placed.extend(ready)
    long = [p for p in modules.values() if len(p.read_text(encoding="utf-8").splitlines()) > 600]
    unexplained = [
        p.stem
        for p in long
        if "600 lines" not in (ast.get_docstring(ast.parse(p.read_text())) or "")
    ]
    assert unexplained == []
    assert [p.stem for p in long] == ["_queue"]  # the reason: its public events' docstrings


# -- the request row reader -------------------------------------------------------------------

_ODD_VALUES: list[object] = [
    None, 0, -1, 2, True, 1.5, "", "x", "NaN", "1e999", "-5.00", "queued", [], {},
    "2025-03-01T01:00:00", "2025-03-01T01:00:00+08:00", [{"event": "x"}],
]  # fmt: skip


def _outcome(read, document):
    try:
        return ("read", read(copy.deepcopy(document)))
    except supportflow.SupportflowError as exc:
        return (type(exc).__name__, getattr(exc, "path", None), str(exc))


def test_the_fast_request_reader_reads_exactly_the_declared_keys():
    """A key declared later but not read here would still load (by the declared reader);
    this keeps the two lists equal."""
    assert set(_FAST) | {"schema"} == set(json_schema(WithdrawalRequest)["properties"])


@given(sfst.withdrawal_requests())
def test_the_fast_request_reader_agrees_with_the_declared_one(request):
    """A drawn row, unchanged, then with each key dropped or set to each odd value (and an
    unknown key added): the row reader gives what the declared reader gives, the same value
    or the same error with the same path."""
    document = json.loads(json.dumps(request.to_dict()))
    assert _outcome(WithdrawalRequest.from_dict, document) == ("read", request)
    variants = [{**document, "extra": 1}]
    for key in sorted({*document, *_FAST}):
        variants.append({k: v for k, v in document.items() if k != key})
        variants.extend({**document, key: value} for value in _ODD_VALUES)
    for variant in variants:
        expected = _outcome(lambda d: _declarative.load(WithdrawalRequest, d), variant)
        assert _outcome(WithdrawalRequest.from_dict, variant) == expected, variant
