"""SLA clocks: batch breach scans with `evaluate`, and `status()` cost versus distance.

Goal (issue 7): 100,000 clocks with ~10 events each evaluated in <= 1 s (<= 10 us per clock),
and the cost of one `status()` independent of how far in the future `at` is. The complaint
lifecycle (issue 3) drives three clocks per complaint on its events, so applying one event
to a clock must cost a few microseconds.

Method: the clocks are built once, spread over four targets of different kinds (elapsed
24 h, business days on the CN calendar, calendar days with Civil-Code rolling, 8 business
hours on the CN calendar); each has a start, three pause/resume pairs, a goal change and a
reset or stop (~10 events), and about a quarter are left paused. The event lists are made
first; replaying them (`SlaClock(target, events)`) is timed on its own. `evaluate(clocks,
at)` is then timed several times in the same run; the median is reported. Event
application through the clock's methods (`clock.pause(at, reason)`, ...: event built,
checked and folded, new clock returned) is timed per method and target, best of the runs.

Run: `python benchmarks/bench_sla.py [--clocks N] [--repeat R]`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import statistics
import time
from collections.abc import Callable

import pendulum

from supportflow.calendar import cn_mainland
from supportflow.sla import (
    BusinessDays,
    BusinessDuration,
    CalendarDays,
    ElapsedDuration,
    SlaClock,
    SlaEvent,
    SlaEventKind,
    SlaTarget,
    evaluate,
)

WAIT = frozenset({"awaiting_customer"})


def _targets() -> list[SlaTarget]:
    cal = cn_mainland()
    hours8 = dt.timedelta(hours=8)
    return [
        SlaTarget(
            "first_response",
            ElapsedDuration(dt.timedelta(hours=24), "Asia/Shanghai"),
            pause_in=WAIT,
            goals={"P1": ElapsedDuration(dt.timedelta(hours=4))},
        ),
        SlaTarget(
            "next_update", BusinessDays(5, cal), pause_in=WAIT, goals={"P1": BusinessDays(2, cal)}
        ),
        SlaTarget(
            "resolution",
            CalendarDays.civil_code(15, cal),
            pause_in=WAIT,
            goals={"P1": CalendarDays.civil_code(5, cal)},
        ),
        SlaTarget(
            "handling",
            BusinessDuration(hours8 * 3, cal),
            pause_in=WAIT,
            goals={"P1": BusinessDuration(hours8, cal)},
        ),
    ]


def _events(i: int, base: dt.datetime) -> list[SlaEvent]:
    minute = dt.timedelta(minutes=1)
    t = base + (i % 20_000) * 7 * minute
    out = [SlaEvent(SlaEventKind.START, t)]
    for k in range(3):
        t += (90 + 37 * k + i % 11) * minute
        out.append(SlaEvent(SlaEventKind.PAUSE, t, reason="awaiting_customer"))
        t += (30 + 13 * k) * minute
        out.append(SlaEvent(SlaEventKind.RESUME, t))
    t += 45 * minute
    out.append(SlaEvent(SlaEventKind.CHANGE_GOAL, t, priority="P1" if i % 3 == 0 else "P3"))
    t += 20 * minute
    if i % 2:
        out.append(SlaEvent(SlaEventKind.RESET, t))
    else:
        out.append(SlaEvent(SlaEventKind.STOP, t))
        out.append(SlaEvent(SlaEventKind.RESET, t + minute))
    if i % 4 == 1:
        out.append(SlaEvent(SlaEventKind.PAUSE, t + 5 * minute, reason="awaiting_customer"))
    return out


def build(n: int, base: dt.datetime | None = None) -> tuple[list[SlaClock], float]:
    """The clocks, and the time taken to replay their events (making the events excluded).

    `base` (default 2025-03-03 08:00 as a pendulum `DateTime` in Asia/Shanghai) is the first
    event's instant; bench_instants.py passes it as each input kind.
    """
    targets = _targets()
    if base is None:
        base = pendulum.datetime(2025, 3, 3, 8, 0, tz="Asia/Shanghai")
    logs = [_events(i, base) for i in range(n)]
    started = time.perf_counter()
    clocks = [SlaClock(targets[i % len(targets)], log) for i, log in enumerate(logs)]
    return clocks, time.perf_counter() - started


METHODS = ("start", "pause", "resume", "change_goal", "stop", "reset")


def _calls(target: SlaTarget, at: list[pendulum.DateTime]) -> dict[str, Callable[[], SlaClock]]:
    """One call per event method, each on a clock in a state that allows it."""
    wait = "awaiting_customer"
    new = SlaClock(target)
    paused = new.start(at[0]).pause(at[1], wait)
    resumed = paused.resume(at[2])
    return {
        "start": functools.partial(new.start, at[0], priority="P3"),
        "pause": functools.partial(resumed.pause, at[3], wait),
        "resume": functools.partial(paused.resume, at[2]),
        "change_goal": functools.partial(resumed.change_goal, at[3], priority="P1"),
        "stop": functools.partial(resumed.stop, at[3]),
        "reset": functools.partial(resumed.reset, at[3]),
    }


def bench_methods(repeat: int) -> dict[str, dict[str, float]]:
    """Microseconds per call of each event method, per target (best of `repeat` runs)."""
    base = pendulum.datetime(2025, 3, 3, 8, 0, tz="Asia/Shanghai")
    at = [base + dt.timedelta(hours=h) for h in range(5)]
    out: dict[str, dict[str, float]] = {}
    for target in _targets():
        calls = _calls(target, at)
        row = {}
        for name in METHODS:
            call = calls[name]
            n = 2000
            best = []
            for _ in range(repeat):
                started = time.perf_counter()
                for _ in range(n):
                    call()
                best.append((time.perf_counter() - started) / n)
            row[name] = min(best) * 1e6
        out[target.name] = row
    return out


def bench_evaluate(clocks: list[SlaClock], repeat: int) -> list[float]:
    at = pendulum.datetime(2025, 6, 2, 10, 0, tz="Asia/Shanghai")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        statuses = evaluate(clocks, at)
        times.append(time.perf_counter() - started)
        assert len(statuses) == len(clocks)
    return times


def bench_distance(repeat: int) -> dict[str, float]:
    cal = cn_mainland(beyond_data="weekly")
    target = SlaTarget("handling", BusinessDuration(dt.timedelta(hours=8), cal), pause_in=WAIT)
    start = pendulum.datetime(2025, 3, 3, 9, 0, tz="Asia/Shanghai")
    clock = SlaClock(target).start(start)
    paused = clock.pause(start.add(hours=2), "awaiting_customer")
    out = {}
    for label, days in (("+1 day", 1), ("+30 days", 30), ("+3 years", 3 * 365)):
        at = start + dt.timedelta(days=days, hours=1)
        for name, c in (("running", clock), ("paused", paused)):
            n = 2000
            best = []
            for _ in range(repeat):
                started = time.perf_counter()
                for _ in range(n):
                    c.status(at)
                best.append((time.perf_counter() - started) / n)
            out[f"{name} {label}"] = statistics.median(best) * 1e6
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clocks", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    clocks, built = build(args.clocks)
    events = sum(len(c.events) for c in clocks)
    print(
        f"replayed {len(clocks):,} clocks, {events:,} events in {built:.1f} s "
        f"({built / events * 1e6:.2f} us per event)"
    )
    times = bench_evaluate(clocks, args.repeat)
    median = statistics.median(times)
    per_clock = median / len(clocks) * 1e6
    verdict = "PASS" if per_clock <= 10 else "MISS"
    print(
        f"evaluate(): median {median:.3f} s for {len(clocks):,} clocks = {per_clock:.2f} us "
        f"per clock (goal <= 10 us: {verdict}); runs: " + ", ".join(f"{t:.3f}" for t in times)
    )
    print("status() cost versus distance of `at` from the events (median us per call):")
    for label, us in bench_distance(args.repeat).items():
        print(f"  {label:<20} {us:7.2f} us")
    print("event application through the clock's methods (best us per call):")
    print(f"  {'target':<16}" + "".join(f"{name:>12}" for name in METHODS))
    for name, row in bench_methods(args.repeat).items():
        print(f"  {name:<16}" + "".join(f"{row[m]:12.2f}" for m in METHODS))


if __name__ == "__main__":
    main()
