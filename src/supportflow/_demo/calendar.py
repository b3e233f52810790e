"""Demo section: business-time deadlines on the mainland China 2026 calendar."""

from __future__ import annotations

import datetime as dt
from typing import TextIO
from zoneinfo import ZoneInfo

import pendulum

from supportflow import BusinessCalendar, CalendarDataMissingError, SerializationError
from supportflow._demo import heading
from supportflow.calendar import cn_mainland

_SHANGHAI = ZoneInfo("Asia/Shanghai")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _day(t: dt.datetime) -> str:
    # Not pendulum's `format("ddd")`: that follows pendulum's process-wide locale.
    return _DAYS[t.weekday()]


def run(out: TextIO) -> None:
    """Show 24 business hours from a fixed "now" next to the naive calendar-time answer."""
    heading(out, "Business calendars: 24 business hours is not 24 hours")
    cal = cn_mainland()
    now = pendulum.datetime(2026, 2, 13, 16, 0, tz="Asia/Shanghai")  # Friday before 春节
    budget = dt.timedelta(hours=24)
    due = cal.add(now, budget).astimezone(_SHANGHAI)  # results are UTC: shown locally
    out.write("Calendar: cn_mainland, Mon-Fri 09:00-18:00 Asia/Shanghai, 2026 State Council data\n")
    out.write(f"now                              {now.isoformat()} ({_day(now)})\n")
    out.write(f"naive now + 24 h                 {(now + budget).isoformat()}\n")
    out.write(f"business deadline (24 h)         {due.isoformat()} ({_day(due)})\n")
    out.write("  because Sat 02-14 is a make-up working day (调休) and 02-15..02-23 are off:\n")
    for utc_start, utc_end in cal.open_intervals(now, due):
        start, end = utc_start.astimezone(_SHANGHAI), utc_end.astimezone(_SHANGHAI)
        hours = cal.between(start, end) / dt.timedelta(hours=1)
        out.write(f"    {start:%m-%d} {_day(start)} {start:%H:%M}-{end:%H:%M}  {hours:4.1f} h\n")
    rolled = cal.add(now, dt.timedelta(hours=2), roll=True).astimezone(_SHANGHAI)
    plain = cal.add(now, dt.timedelta(hours=2)).astimezone(_SHANGHAI)
    out.write(f"now + 2 business hours           {plain.isoformat()}")
    out.write(f"  (roll=True: {rolled.isoformat()})\n")

    out.write("\nWhy the deadline is where it is (BusinessCalendar.explain):\n")
    why = cal.explain(now, due)
    for locale in ("en", "zh-Hans"):
        out.write("  " + why.render(locale).replace("\n", "\n  ") + "\n")
        out.write(f"  customer notice: {why.render(locale, short=True)}\n")

    nights = BusinessCalendar(
        "America/New_York", {d: [("22:00", "06:00")] for d in ("fri", "sat")}, name="ny-nights"
    )
    spring = pendulum.datetime(2025, 3, 8, 12, tz="America/New_York")
    autumn = pendulum.datetime(2025, 11, 1, 12, tz="America/New_York")
    out.write("\nA New York 22:00-06:00 night shift measures real time across DST:\n")
    for label, day in (("2025-03-08", spring), ("2025-11-01", autumn)):
        hours = nights.between(day, day.add(days=1)) / dt.timedelta(hours=1)
        out.write(f"  shift starting {label}: {hours:.0f} h\n")

    out.write("\nNever a silent guess:\n")
    try:
        cal.add(pendulum.datetime(2026, 12, 31, 17, tz="Asia/Shanghai"), budget)
    except CalendarDataMissingError as exc:
        out.write(f"  add(2026-12-31 17:00, 24 h)\n    -> {type(exc).__name__}: {exc}\n")
    try:
        BusinessCalendar.from_dict(
            {"schema": 1, "timezone": "Asia/Shanghai", "weekly": {"mon": [["9:00am", "18:00"]]}}
        )
    except SerializationError as exc:
        out.write(f"  from_dict(weekly.mon = [['9:00am', '18:00']])\n    -> {exc}\n")
