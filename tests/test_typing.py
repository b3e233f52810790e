"""The public annotations say what the runtime accepts (issue: honest, complete types).

`pyright --verifytypes` (run by `make test`) checks that every public symbol has a known
type; these tests check that the types are *true*: where an annotation admits an ISO
string the call really takes one, and the `Literal` of notification kinds is the enum's.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import typing

import pendulum

from supportflow.audit import TransitionRecord
from supportflow.maintenance import MaintenanceWindow, WithdrawalQueue
from supportflow.payments import NotificationKind, NotificationKindName, PaymentConfirmation

T0 = pendulum.datetime(2025, 3, 1, 9, tz="Asia/Shanghai")

_MODULES = (
    "supportflow",
    "supportflow.audit",
    "supportflow.calendar",
    "supportflow.clock",
    "supportflow.complaints",
    "supportflow.holidays",
    "supportflow.maintenance",
    "supportflow.notices",
    "supportflow.payments",
    "supportflow.payments.providers",
    "supportflow.priority",
    "supportflow.sla",
)

#: Parameter names that carry an instant.
_INSTANT_NAMES = frozenset({"at", "start", "end", "new_end", "now", "when"})


def _public_functions():
    """Every public method and function reachable from the packages' `__all__`.

    Constructors are left out: an attrs `__init__` is annotated with the stored field's
    type, which is the converted instant.
    """
    seen = set()
    for name in _MODULES:
        module = importlib.import_module(name)
        for export in module.__all__:
            obj = getattr(module, export)
            if inspect.isfunction(obj):
                members = [(export, obj)]
            elif inspect.isclass(obj):
                # Our own bases too: PaymentConfirmation's commands live in a mixin.
                own = [k for k in obj.__mro__ if k.__module__.startswith("supportflow")]
                members = []
                for klass in own:
                    for attr, value in vars(klass).items():
                        if attr.startswith("_"):
                            continue
                        func = getattr(value, "__func__", value)
                        if inspect.isfunction(func):
                            members.append((f"{obj.__qualname__}.{attr}", func))
            else:
                continue
            for qualname, func in members:
                if qualname not in seen:
                    seen.add(qualname)
                    yield qualname, func


def test_every_public_instant_parameter_admits_an_iso_string():
    """The runtime converts every instant argument with `_pendulum.instant`, which takes
    ISO strings: an annotation that says `datetime` alone would make checkers refuse
    calls that work."""
    dishonest = []
    for qualname, func in _public_functions():
        for param in inspect.signature(func).parameters.values():
            annotation = str(param.annotation)
            instant = param.name in _INSTANT_NAMES or param.name.endswith("_at")
            if instant and "datetime" in annotation and "str" not in annotation:
                dishonest.append(f"{qualname}({param.name}: {annotation})")
    assert dishonest == []


def test_the_scan_finds_the_methods_it_is_meant_to_check():
    """Guard for the test above: it really visits the maintenance and payments methods."""
    names = {qualname for qualname, _ in _public_functions()}
    assert {"WithdrawalQueue.cancel", "PaymentConfirmation.expire", "coverage"} <= names


def test_notification_kind_name_is_exactly_the_enum_values():
    """The `Literal` lists every `NotificationKind` value, in the enum's order."""
    assert typing.get_args(NotificationKindName) == tuple(k.value for k in NotificationKind)


def _queue_walk(iso: bool):
    """One window, four requests and their whole lives; instants as datetimes or ISO text."""

    def t(minutes: int) -> dt.datetime | str:
        value = T0.add(minutes=minutes)
        return value.isoformat() if iso else value

    queue = WithdrawalQueue(batch_size=1, batch_interval=dt.timedelta(minutes=1))
    window, _ = MaintenanceWindow.announce(
        "MW-1",
        start=t(120),
        end=t(240),
        services=("withdrawals",),
        announced_at=t(0),
        emergency=True,
    )
    out = [queue.add_window(window, at=t(0))]
    for i, key in enumerate("abcd"):
        submitted = queue.submit(
            key, customer_id=f"C-{key}", amount="10", currency="CNY", at=t(i), request_id=key
        )
        out.append(submitted.notices)
    out.append(queue.cancel("d", at=t(5)))
    out.append(queue.advance(t(130)))
    out.append(queue.extend_window("MW-1", t(300), at=t(140), reason="more work"))
    out.append(queue.update_window("MW-1", at=t(150), note="halfway"))
    out.append(queue.end_window("MW-1", at=t(200)))
    out.append(queue.release_batch(at=t(201)))
    out.append(queue.release_batch(at=t(202)))
    out.append(queue.start_processing("a", at=t(210)))
    out.append(queue.complete("a", at=t(211)))
    out.append(queue.start_processing("b", at=t(212)))
    out.append(queue.fail("b", at=t(213), reason="bank timeout", retryable=False))
    held = queue.held_for("c", at=t(220))
    return queue.to_dict(), out, held


def test_the_queue_takes_iso_strings_wherever_it_takes_datetimes():
    """The same walk with ISO strings gives the same queue, notices and hold time."""
    as_datetimes = _queue_walk(iso=False)
    as_strings = _queue_walk(iso=True)
    assert as_strings == as_datetimes
    # Hand-worked: the queue holds "c" when it sees the window running (advance, +130);
    # one request a batch releases "a" at the end (+200), "b" at +201 and "c" at +202:
    # 72 minutes held.
    assert as_datetimes[2] == dt.timedelta(minutes=72)


def _payment_walk(iso: bool):
    def t(minutes: int) -> dt.datetime | str:
        value = T0.add(minutes=minutes)
        return value.isoformat() if iso else value

    payment = PaymentConfirmation.create("P-1", "100.00", "CNY", t(0), expiry=dt.timedelta(hours=1))
    results: list[object] = [
        payment.apply_notification(
            "e1", "payment_detected", t(5), {"amount": "40.00", "currency": "CNY"}, at=t(6)
        ).outcome
    ]
    results.append(payment.expire(at=t(61)))
    return payment.to_dict(), results


def test_a_payment_takes_iso_strings_wherever_it_takes_datetimes():
    """Creation, a notification and expiry with ISO strings equal the datetime walk."""
    assert _payment_walk(iso=True) == _payment_walk(iso=False)


def test_a_transition_record_holds_json_values():
    """`data` keeps what it was given, nested lists and dicts included; the annotation
    `Mapping[str, JsonValue]` describes exactly these values."""
    data = {"amount": "1.00", "n": 2, "f": 0.5, "ok": True, "none": None, "xs": [1, {"k": "v"}]}
    record = TransitionRecord("go", "a", "b", T0.isoformat(), "agent", data=data)
    assert record.data == data
    assert record.at == dt.datetime(2025, 3, 1, 1, tzinfo=dt.UTC)
