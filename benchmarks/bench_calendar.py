"""Business calendars: `add` and `between` cost, against pandas, workalendar and numpy.

Targets (issue 8), on the calendar Mon-Fri 09:00-12:00 + 13:00-18:00 (Asia/Shanghai) with
the mainland China holidays and make-up days, all measured in ONE run:

- `add` median <= 3 µs and `between` <= 1 µs per call, the same for 8 and 8,000 hours;
- >= 20x faster than pandas `start + n * CustomBusinessHour(...)` on the same hours;
- >= 1000x faster than workalendar `add_working_days` over 1,000 business days;
- the ratio to numpy `busday_offset` scalar calls (the C floor, at day granularity).

8,000 business hours (1,000 business days) run past the packaged 2024-2026 data, so the
calendar is built with `beyond_data="weekly"` (weekly hours alone after 2026). workalendar's
China data stops at 2023, so its runs start in 2019; supportflow and workalendar are also
compared on the UK calendar, where both have data for the whole span.

Run: `.venv/bin/python benchmarks/bench_calendar.py [N]` (N inputs per case, default 2,000).
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
import pendulum

from supportflow.calendar import cn_mainland, uk_england_wales

ZONE = "Asia/Shanghai"
LUNCH = {d: [("09:00", "12:00"), ("13:00", "18:00")] for d in ("mon", "tue", "wed", "thu", "fri")}
REPEATS = 15


class Cases:
    """Benchmark cases timed round-robin: repeat r of every case runs before repeat r+1 of any.

    The machine is shared: interleaving puts every case under the same background load, so
    the ratios between cases (the figures that matter) are fair even when absolute times jump.
    """

    def __init__(self) -> None:
        self.cases: dict[str, tuple[Callable[[Any], object], Sequence[Any]]] = {}

    def add(self, name: str, fn: Callable[[Any], object], inputs: Sequence[Any]) -> None:
        for item in inputs[: min(len(inputs), 50)]:
            fn(item)  # warm caches (years, zone segments) outside the timing
        self.cases[name] = (fn, inputs)

    def run(self, repeats: int = REPEATS) -> dict[str, list[float]]:
        samples: dict[str, list[float]] = {name: [] for name in self.cases}
        for _ in range(repeats):
            for name, (fn, inputs) in self.cases.items():
                t0 = time.perf_counter_ns()
                for item in inputs:
                    fn(item)
                samples[name].append((time.perf_counter_ns() - t0) / len(inputs) / 1000)
        return samples


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    rnd = random.Random(8)
    cal = cn_mainland(weekly=LUNCH, beyond_data="weekly")
    holidays_2025 = sorted(d for d in cal.holidays if d.year == 2025)
    start_2025 = pendulum.datetime(2025, 1, 1, tz=ZONE)
    starts = [start_2025.add(seconds=rnd.randrange(0, 360 * 86_400)) for _ in range(n)]
    starts_h = [s.set(minute=0, second=0) for s in starts]  # whole hours for pandas
    h8, h8000 = dt.timedelta(hours=8), dt.timedelta(hours=8000)
    spans = [(s, s.add(seconds=rnd.randrange(0, 30 * 86_400))) for s in starts]
    long_spans = [(s, s.add(days=1400)) for s in starts]
    days = [s.date() for s in starts]
    cbh = pd.offsets.CustomBusinessHour(
        start=["09:00", "13:00"], end=["12:00", "18:00"], holidays=holidays_2025
    )
    pd_starts = [pd.Timestamp(s.isoformat()) for s in starts_h]
    bdc = np.busdaycalendar(weekmask="1111100", holidays=sorted(cal.holidays))
    np_days = [np.datetime64(d) for d in days]
    uk = uk_england_wales()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from workalendar.asia import China  # noqa: PLC0415
        from workalendar.europe import UnitedKingdom  # noqa: PLC0415

        china, uk_wa = China(), UnitedKingdom()
    few = max(10, n // 200)
    wa_days = [dt.date(2019, 1, 2) + dt.timedelta(rnd.randrange(0, 300)) for _ in range(few)]
    uk_days = [dt.date(2024, 1, 2) + dt.timedelta(rnd.randrange(0, 5)) for _ in range(few)]

    c = Cases()
    c.add("add(start, 8 h)", lambda s: cal.add(s, h8), starts)
    c.add("add(start, 8,000 h)", lambda s: cal.add(s, h8000), starts)
    c.add("between(a, b), spans up to 30 days", lambda p: cal.between(*p), spans)
    c.add("between(a, b), spans of 1,400 days", lambda p: cal.between(*p), long_spans)
    c.add("subtract(end, 8 h)", lambda s: cal.subtract(s, h8), starts)
    c.add("is_open(t)", cal.is_open, starts)
    c.add("add_business_days(day, 1000)", lambda d: cal.add_business_days(d, 1000), days)
    c.add("add(start, 8 h), whole-hour starts", lambda s: cal.add(s, h8), starts_h)
    c.add("pandas: start + 8 * CustomBusinessHour", lambda s: s + 8 * cbh, pd_starts)
    c.add(
        "numpy: busday_offset(day, 1, roll='forward')",
        lambda d: np.busday_offset(d, 1, roll="forward", busdaycal=bdc),
        np_days,
    )
    c.add(
        "numpy: busday_offset(day, 1000, roll='forward')",
        lambda d: np.busday_offset(d, 1000, roll="forward", busdaycal=bdc),
        np_days,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c.add(
            "workalendar: China().add_working_days(day, 1000), 2019",
            lambda d: china.add_working_days(d, 1000),
            wa_days,
        )
        c.add(
            "workalendar: UnitedKingdom().add_working_days(day, 1000)",
            lambda d: uk_wa.add_working_days(d, 1000),
            uk_days,
        )
        c.add(
            "uk_england_wales().add_business_days(day, 1000)",
            lambda d: uk.add_business_days(d, 1000),
            uk_days * 50,
        )
        samples = c.run()

    print(
        f"Calendar: {ZONE} Mon-Fri 09:00-12:00 + 13:00-18:00, CN holidays; N={n}, {REPEATS} "
        "interleaved repeats (per-call µs)"
    )
    med = {}
    for name, values in samples.items():
        med[name] = statistics.median(values)
        print(f"  {name:<58} median {med[name]:10.3f}   min {min(values):10.3f}")

    def ratio(a: str, b: str) -> float:
        # Ratio of medians, and the median of per-repeat ratios (same background load).
        return statistics.median(x / y for x, y in zip(samples[a], samples[b], strict=True))

    add8, btw = med["add(start, 8 h)"], med["between(a, b), spans up to 30 days"]
    checks = [
        ("add 8 h median <= 3 µs", add8, add8 <= 3.0),
        ("between median <= 1 µs", btw, btw <= 1.0),
        (
            "add 8,000 h / add 8 h (same cost)",
            ratio("add(start, 8,000 h)", "add(start, 8 h)"),
            None,
        ),
        (
            "between 1,400 d / 30 d (same cost)",
            ratio("between(a, b), spans of 1,400 days", "between(a, b), spans up to 30 days"),
            None,
        ),
        (
            "pandas 8*CBH / add 8 h (>= 20x)",
            ratio("pandas: start + 8 * CustomBusinessHour", "add(start, 8 h), whole-hour starts"),
            20,
        ),
        (
            "workalendar CN / add_business_days 1000 (>= 1000x)",
            ratio(
                "workalendar: China().add_working_days(day, 1000), 2019",
                "add_business_days(day, 1000)",
            ),
            1000,
        ),
        (
            "workalendar UK / UK add_business_days 1000 (>= 1000x)",
            ratio(
                "workalendar: UnitedKingdom().add_working_days(day, 1000)",
                "uk_england_wales().add_business_days(day, 1000)",
            ),
            1000,
        ),
        (
            "add 8 h / numpy busday_offset(1) (goal <= 1.5)",
            ratio("add(start, 8 h)", "numpy: busday_offset(day, 1, roll='forward')"),
            -1.5,
        ),
        (
            "add_business_days 1000 / numpy busday_offset 1000",
            ratio(
                "add_business_days(day, 1000)", "numpy: busday_offset(day, 1000, roll='forward')"
            ),
            None,
        ),
    ]
    print("Targets and ratios (ratios: median over repeats of the per-repeat ratio)")
    for label, value, goal in checks:
        if goal is None or isinstance(goal, bool):
            verdict = "" if goal is None else ("  ok" if goal else "  MISSED")
        elif goal < 0:
            verdict = "  ok" if value <= -goal else "  MISSED"
        else:
            verdict = "  ok" if value >= goal else "  MISSED"
        print(f"  {label:<58} {value:10.2f}{verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
