"""Complaint lifecycle: supportflow vs transitions (used the usual way) vs python-statemachine.

One walk for every contender: acknowledge -> triage -> propose_resolution -> accept ->
resolve -> close. supportflow fires it on `Complaint`s with the audit record and the SLA
clocks of `industry_default(cn_mainland())` (three clocks: start at intake, stop at
acknowledge and resolve); the peers move a bare model's state only.

Measured in ONE run (ratios are what matter on a shared machine):

- events/s: the walk only (creation timed separately), no tracemalloc running;
- bytes per object: memory retained per walked object (tracemalloc, after gc);
- engine overhead per object: retained bytes of a walked complaint minus those of the same
  complaint rebuilt without the engine (fresh fields, records and clocks); for the peers,
  retained bytes per walked object minus a bare model with a `state` slot;
- peak memory of the whole population (tracemalloc peak).

Usage: `python benchmarks/bench_complaints.py [--n 100000] [--peer-n 5000]`. A Machine per
object (30-75 KB each) and `add_model` (which scans a list: quadratic) run on `--peer-n`
objects; their per-object figures do not depend on the population size, their throughput
only gets worse with it.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import attrs
import pendulum
import transitions
from statemachine import State, StateMachine

from supportflow.audit import TransitionRecord
from supportflow.calendar import cn_mainland
from supportflow.complaints import Complaint
from supportflow.complaints._workflow import WORKFLOW
from supportflow.sla import SlaClock, industry_default

POLICY = industry_default(cn_mainland())
T0 = pendulum.datetime(2025, 3, 3, 9, tz="Asia/Shanghai")
TS = [T0.add(hours=i) for i in range(8)]
AMOUNT = Decimal("12.50")
WALK = ("acknowledge", "triage", "propose_resolution", "accept", "resolve", "close")
STATES = ["received", "acknowledged", "investigating", "proposed", "accepted", "resolved", "closed"]
TABLE = [
    {"trigger": "acknowledge", "source": "received", "dest": "acknowledged"},
    {"trigger": "triage", "source": "acknowledged", "dest": "investigating"},
    {"trigger": "propose_resolution", "source": "investigating", "dest": "proposed"},
    {"trigger": "accept", "source": "proposed", "dest": "accepted"},
    {"trigger": "resolve", "source": "accepted", "dest": "resolved"},
    {"trigger": "close", "source": "resolved", "dest": "closed"},
]


# -- supportflow ---------------------------------------------------------------------------


def sf_create(n: int, policy: Any = POLICY, received_at: Any = T0) -> list[Complaint]:
    return [
        Complaint.receive(
            id=f"CMP-{i}",
            customer="C-1",
            channel="wechat",
            description="withdrawal missing",
            received_at=received_at,
            actor="intake",
            sla_policy=policy,
        )
        for i in range(n)
    ]


def sf_walk(complaints: list[Complaint], ts: Sequence[Any] = TS) -> None:
    t1, t2, t3, t4, t5, t6 = ts[1:7]
    for c in complaints:
        c.acknowledge(t1, "agent")
        c.triage(t2, "agent", in_scope=True, category="payments", priority="P3", owner="agent")
        c.propose_resolution(
            t3, "agent", kind="refund", text="refund", amount=AMOUNT, currency="CNY"
        )
        c.accept(t4, "customer")
        c.resolve(t5, "agent")
        c.close(t6, "agent")


def sf_rebuild(c: Complaint, i: int) -> Complaint:
    """The same complaint built without the engine: fresh fields, records and clocks."""
    values = {a.name: getattr(c, a.name) for a in attrs.fields(Complaint)}
    values["id"] = f"CMP-{i}"
    values["history"] = tuple(
        TransitionRecord(r.event, r.from_state, r.to_state, r.at, r.actor, r.note, dict(r.data))
        for r in c.history
    )
    values["clocks"] = tuple(
        SlaClock(k.target, tuple(attrs.evolve(e) for e in k.events)) for k in c.clocks
    )
    values["resolution"] = attrs.evolve(c.resolution) if c.resolution else None
    return Complaint(**values)


# -- peers -----------------------------------------------------------------------------------


class Bare:
    """A bare model: only a state (and a `__dict__` for the triggers transitions binds)."""

    __slots__ = ("__dict__", "state")
    state: str


def tr_per_object(n: int) -> list[Any]:
    models = []
    for _ in range(n):
        model = Bare()
        transitions.Machine(
            model=model,
            states=STATES,
            transitions=TABLE,
            initial="received",
            auto_transitions=False,
        )
        models.append(model)
    return models


SHARED: dict[str, transitions.Machine] = {}


def tr_shared(n: int) -> list[Any]:
    machine = transitions.Machine(
        model=None, states=STATES, transitions=TABLE, initial="received", auto_transitions=False
    )
    SHARED["machine"] = machine
    models = [Bare() for _ in range(n)]
    for model in models:
        machine.add_model(model)
    return models


def tr_walk(models: list[Any]) -> None:
    for m in models:
        m.acknowledge()
        m.triage()
        m.propose_resolution()
        m.accept()
        m.resolve()
        m.close()


class PsmComplaint(StateMachine):
    """The same walk in python-statemachine."""

    received = State(initial=True)
    acknowledged = State()
    investigating = State()
    proposed = State()
    accepted = State()
    resolved = State()
    closed = State(final=True)
    acknowledge = received.to(acknowledged)
    triage = acknowledged.to(investigating)
    propose_resolution = investigating.to(proposed)
    accept = proposed.to(accepted)
    resolve = accepted.to(resolved)
    close = resolved.to(closed)


def psm_create(n: int) -> list[PsmComplaint]:
    return [PsmComplaint() for _ in range(n)]


def psm_walk(machines: list[PsmComplaint]) -> None:
    for m in machines:
        m.acknowledge()
        m.triage()
        m.propose_resolution()
        m.accept()
        m.resolve()
        m.close()


# -- measuring ---------------------------------------------------------------------------------


def timed(
    create: Callable[[int], list[Any]], walk: Callable[[list[Any]], None], n: int
) -> dict[str, float]:
    gc.collect()
    start = time.perf_counter()
    objects = create(n)
    created = time.perf_counter()
    walk(objects)
    done = time.perf_counter()
    return {
        "n": n,
        "create_s": created - start,
        "walk_s": done - created,
        "events_per_s": len(WALK) * n / (done - created),
    }


def memory(
    create: Callable[[int], list[Any]], walk: Callable[[list[Any]], None], n: int
) -> dict[str, float]:
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    objects = create(n)
    walk(objects)
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    result = {"bytes_per_object": (current - base) / n, "peak_mb": (peak - base) / 2**20}
    del objects
    SHARED.clear()
    gc.collect()
    return result


def bare_bytes(n: int = 20_000) -> float:
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    models = [Bare() for _ in range(n)]
    for m in models:
        m.state = "closed"
    current = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return (current - base) / n


def engine_overhead(n: int = 20_000) -> dict[str, float]:
    """Retained bytes of walked complaints minus the same complaints built without the engine."""
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    walked = sf_create(n)
    sf_walk(walked)
    gc.collect()
    after_walk = tracemalloc.get_traced_memory()[0]
    rebuilt = [sf_rebuild(c, i) for i, c in enumerate(walked)]
    gc.collect()
    after_rebuild = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert rebuilt[0] == walked[0]
    walked_bytes = (after_walk - base) / n
    own_bytes = (after_rebuild - after_walk) / n
    return {"walked": walked_bytes, "own": own_bytes, "overhead": walked_bytes - own_bytes}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--peer-n", type=int, default=5_000)
    args = parser.parse_args()
    n, peer_n = args.n, args.peer_n

    rows: dict[str, dict[str, float]] = {}
    rows["supportflow (audit + 3 SLA clocks)"] = timed(sf_create, sf_walk, n)
    rows["supportflow (audit, no SLA policy)"] = timed(lambda k: sf_create(k, None), sf_walk, n)
    fire = WORKFLOW.fire
    WORKFLOW.fire = WORKFLOW.trigger  # type: ignore[method-assign]
    try:
        rows["supportflow via Event.trigger (audit + SLA)"] = timed(sf_create, sf_walk, n // 5)
    finally:
        WORKFLOW.fire = fire  # type: ignore[method-assign]
    rows["python-statemachine"] = timed(psm_create, psm_walk, n)
    rows["transitions, Machine per object"] = timed(tr_per_object, tr_walk, peer_n)
    rows["transitions, shared Machine + add_model"] = timed(tr_shared, tr_walk, peer_n)
    SHARED.clear()

    mem = {
        "supportflow (audit + 3 SLA clocks)": memory(sf_create, sf_walk, n),
        "supportflow (audit, no SLA policy)": memory(lambda k: sf_create(k, None), sf_walk, n),
        "python-statemachine": memory(psm_create, psm_walk, n),
        "transitions, Machine per object": memory(tr_per_object, tr_walk, peer_n),
        "transitions, shared Machine + add_model": memory(tr_shared, tr_walk, peer_n),
    }
    bare = bare_bytes()
    overhead = engine_overhead()

    print(f"walk: {' -> '.join(WALK)}; supportflow n={n}, transitions peers n={peer_n}\n")
    header = f"{'contender':<46} {'n':>7} {'create s':>9} {'walk s':>8} {'events/s':>10}"
    print(header + f" {'bytes/obj':>10} {'overhead/obj':>13} {'peak MB':>8}")
    for name, row in rows.items():
        m = mem.get(name)
        per = f"{m['bytes_per_object']:>10,.0f}" if m else f"{'-':>10}"
        if name.startswith("supportflow (audit + 3"):
            over = f"{overhead['overhead']:>13,.0f}"
        elif m and not name.startswith("supportflow"):
            over = f"{m['bytes_per_object'] - bare:>13,.0f}"
        else:
            over = f"{'-':>13}"
        peak = f"{m['peak_mb']:>8,.1f}" if m else f"{'-':>8}"
        print(
            f"{name:<46} {row['n']:>7,.0f} {row['create_s']:>9.2f} {row['walk_s']:>8.2f} "
            f"{row['events_per_s']:>10,.0f} {per} {over} {peak}"
        )
    ours = rows["supportflow (audit + 3 SLA clocks)"]["events_per_s"]
    psm = rows["python-statemachine"]["events_per_s"]
    print(
        f"\nengine overhead per complaint: walked {overhead['walked']:,.0f} B - own fields, "
        f"history and clocks {overhead['own']:,.0f} B = {overhead['overhead']:,.0f} B"
        f" (bare model: {bare:,.0f} B)"
    )
    print(f"supportflow (audit + SLA) / python-statemachine events/s: {ours / psm:.1f}x")
    nosla = rows["supportflow (audit, no SLA policy)"]["events_per_s"]
    print(f"supportflow (audit, no SLA) / python-statemachine events/s: {nosla / psm:.1f}x")
    trig = rows["supportflow via Event.trigger (audit + SLA)"]["events_per_s"]
    print(f"fast path / Event.trigger path (both with audit + SLA): {ours / trig:.1f}x")
    for name in ("transitions, Machine per object", "transitions, shared Machine + add_model"):
        print(f"supportflow (audit + SLA) / {name}: {ours / rows[name]['events_per_s']:.1f}x")


if __name__ == "__main__":
    main()
