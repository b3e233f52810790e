"""Calendars beyond their official data: provisional years, references, coverage, reloads."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import supportflow.holidays
from supportflow.calendar import (
    BusinessCalendar,
    calendar_coverage,
    cn_mainland,
    hong_kong,
    uk_england_wales,
    us_federal,
)
from supportflow.complaints import Complaint
from supportflow.errors import CalendarDataMissingError, InvalidFieldError
from supportflow.holidays import HolidayRegistry, provisional
from supportflow.sla import (
    BusinessDays,
    CalendarDays,
    Deadline,
    ElapsedDuration,
    SlaTarget,
    cn_banking_insurance,
    deadline,
    industry_default,
    provisional_note,
)

STAND_IN_2027 = Path(__file__).parent / "data" / "cn_2027_stand_in.json"
UTC = dt.UTC
HOURS = 9 * 3600  # the presets' default Mon-Fri 09:00-18:00


@pytest.fixture
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> HolidayRegistry:
    """A registry of the packaged data only, swapped in for the process-wide one."""
    registry = HolidayRegistry()
    monkeypatch.setattr(supportflow.holidays, "registry", registry)
    return registry


def reference_total(dataset: str, year: int) -> int:
    """Business seconds of `year` by the rules alone: 9 h on every weekday not a holiday.

    Independent of the calendar: it walks the days of the year and asks `provisional`.
    (No zone used here moves its clocks between 09:00 and 18:00.)
    """
    off = provisional(dataset, year).holidays
    day, total = dt.date(year, 1, 1), 0
    while day.year == year:
        if day.isoweekday() <= 5 and day not in off:
            total += HOURS
        day += dt.timedelta(days=1)
    return total


# -- the calendar ---------------------------------------------------------------------------


def test_default_still_refuses_years_beyond_the_data():
    """Without opting in, a year past the data raises, as before: never silent."""
    cal = cn_mainland()
    with pytest.raises(CalendarDataMissingError):
        cal.is_business_day(dt.date(2027, 1, 4))
    assert cal.assumed("2026-12-25T10:00:00+08:00", "2027-06-01T00:00:00+08:00") == ()


def test_provisional_years_use_the_statutory_rules():
    """2027 New Year's Day (a Friday) and the Spring Festival are closed; no make-up days."""
    cal = cn_mainland(beyond_data="provisional")
    assert not cal.is_business_day(dt.date(2027, 1, 1))
    assert cal.is_business_day(dt.date(2027, 1, 4))
    # Spring Festival 2027: the eve is 5 Feb (Fri), the first three days 6-8 Feb; 6 and 7
    # fall on the weekend and are given back on 9 and 10 Feb (补假).
    for day in (5, 8, 9, 10):
        assert not cal.is_business_day(dt.date(2027, 2, day))
    assert cal.is_business_day(dt.date(2027, 2, 11))
    # Inside the official years nothing changes: 2026-01-04 is a make-up Sunday.
    assert cal.is_business_day(dt.date(2026, 1, 4))


@pytest.mark.parametrize(
    ("preset", "dataset"),
    [(cn_mainland, "cn"), (hong_kong, "hk"), (us_federal, "us"), (uk_england_wales, "uk")],
)
def test_yearly_totals_of_provisional_years_are_exact(preset, dataset):
    """`_total` (the shortcut of long spans) equals the built year and the rules' count."""
    for year in (2027, 2028, 2031, 2040):
        fresh = preset(beyond_data="provisional")
        total = fresh._total(year)  # before the year is built
        built = sum(end - start for start, end in fresh._year(year).pieces)
        assert total == built == reference_total(dataset, year)


def test_long_spans_over_provisional_years_count_every_holiday():
    """A span of 13 provisional years (measured from yearly totals) matches the rules."""
    cal = cn_mainland(beyond_data="provisional")
    start = dt.datetime(2027, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    end = dt.datetime(2040, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    expected = sum(reference_total("cn", y) for y in range(2027, 2040))
    assert cal.between(start, end) == dt.timedelta(seconds=expected)


@given(
    st.datetimes(min_value=dt.datetime(2026, 12, 1), max_value=dt.datetime(2028, 6, 1)),
    st.integers(min_value=1, max_value=400 * 3600),
)
def test_add_then_between_round_trips_on_provisional_years(start, seconds):
    """Adding d of business time across provisional years and measuring it gives d."""
    cal = cn_mainland(beyond_data="provisional")
    begin = start.replace(microsecond=0, tzinfo=UTC)
    amount = dt.timedelta(seconds=seconds)
    assert cal.between(begin, cal.add(begin, amount)) == amount


def test_assumed_names_the_provisional_years_of_a_span():
    """Only years past `covered` are named, as data set and year."""
    cal = cn_mainland(beyond_data="provisional")
    assert cal.assumed("2026-03-01T10:00:00+08:00", "2026-12-31T23:00:00+08:00") == ()
    assert cal.assumed("2026-12-25T10:00:00+08:00", "2027-01-04T18:00:00+08:00") == ("CN 2027",)
    # 2026-12-31 20:00 UTC is already 2027 in Beijing.
    assert cal.assumed("2026-12-31T20:00:00+00:00") == ("CN 2027",)
    assert cal.assumed("2027-12-01T00:00:00+08:00", "2029-01-01T00:00:00+08:00") == (
        "CN 2027",
        "CN 2028",
        "CN 2029",
    )
    with pytest.raises(InvalidFieldError):
        cal.assumed("2027-02-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00")


def test_provisional_needs_a_data_set_with_rules(fresh_registry):
    """'provisional' without a data set, or for one without rules, is refused."""
    with pytest.raises(InvalidFieldError) as info:
        BusinessCalendar("UTC", beyond_data="provisional", covered=(2024, 2026))
    assert info.value.field == "beyond_data"
    with pytest.raises(InvalidFieldError) as info:
        BusinessCalendar("UTC", beyond_data="provisional", dataset="sg")
    assert info.value.field == "dataset"
    with pytest.raises(InvalidFieldError):
        BusinessCalendar("UTC", dataset=" ")


def test_years_past_the_rules_still_raise():
    """The CN rules reach 2099 (the lunar table): 2100 is refused, not guessed."""
    cal = cn_mainland(beyond_data="provisional")
    with pytest.raises(CalendarDataMissingError) as info:
        cal.is_business_day(dt.date(2100, 3, 1))
    assert info.value.year == 2100


# -- serialization: presets by reference -----------------------------------------------------


def test_a_preset_serializes_as_a_reference_to_its_data_set():
    """Only what the data set does not hold is written; reading it back gives the same."""
    cal = cn_mainland({"mon": [["08:00", "12:00"]]}, beyond_data="provisional")
    data = cal.to_dict()
    assert data == {
        "schema": 1,
        "preset": "cn",
        "weekly": {
            "mon": [["08:00", "12:00"]],
            **{d: [] for d in ("tue", "wed", "thu", "fri", "sat", "sun")},
        },
        "holidays": [],
        "workdays": {},
        "overrides": {},
        "beyond_data": "provisional",
    }
    assert BusinessCalendar.from_dict(json.loads(json.dumps(data))) == cal
    assert pickle.loads(pickle.dumps(cal)) == cal


_PRESETS = {"cn": cn_mainland, "hk": hong_kong, "us": us_federal, "uk": uk_england_wales}
_DATES = st.dates(dt.date(2024, 1, 1), dt.date(2028, 12, 31))


@given(
    st.sampled_from(sorted(_PRESETS)),
    st.sampled_from(["raise", "weekly", "provisional"]),
    st.frozensets(_DATES, max_size=4),
    st.dictionaries(_DATES, st.integers(1, 7), max_size=3),
    st.dictionaries(_DATES, st.sampled_from([[], [("10:00", "12:00")]]), max_size=2),
)
def test_preset_calendars_round_trip_by_reference(dataset, beyond, extra, makeup, overrides):
    """Any additions to any preset survive `to_dict`/`from_dict`/pickle by reference."""
    base = _PRESETS[dataset](beyond_data=beyond)
    workdays = {d: w for d, w in makeup.items() if d not in base.holidays and d not in extra}
    try:
        cal = attrs.evolve(
            base,
            holidays=base.holidays | extra,
            workdays={**base.workdays, **workdays},
            overrides=overrides,
        )
    except InvalidFieldError:
        return  # an addition collided with a packaged date: nothing to serialize
    data = json.loads(json.dumps(cal.to_dict()))
    assert data["preset"] == dataset
    assert BusinessCalendar.from_dict(data) == cal
    assert pickle.loads(pickle.dumps(cal)) == cal


def test_additions_to_a_preset_are_kept_in_its_reference():
    """Extra holidays, make-up days and overrides travel with the reference."""
    base = cn_mainland()
    cal = attrs.evolve(
        base,
        holidays=base.holidays | {dt.date(2025, 3, 3)},
        workdays={**base.workdays, dt.date(2025, 3, 8): 2},
        overrides={dt.date(2025, 3, 4): [("09:00", "12:00")]},
    )
    data = cal.to_dict()
    assert data["preset"] == "cn"
    assert data["holidays"] == ["2025-03-03"]
    assert data["workdays"] == {"2025-03-08": "tue"}
    assert data["overrides"] == {"2025-03-04": [["09:00", "12:00"]]}
    assert BusinessCalendar.from_dict(data) == cal


def test_a_calendar_that_drops_official_dates_is_written_in_full():
    """Removing a packaged holiday cannot be said by reference: the dict is complete."""
    base = cn_mainland()
    cal = attrs.evolve(base, holidays=base.holidays - {dt.date(2025, 1, 1)})
    data = cal.to_dict()
    assert "preset" not in data
    assert data["dataset"] == "cn"
    written = data["holidays"]
    assert isinstance(written, list)
    assert "2025-01-01" not in written
    assert BusinessCalendar.from_dict(data) == cal


def test_renamed_or_narrowed_presets():
    """A new name or zone travels with the reference; a narrowed `covered` is written in full."""
    renamed = attrs.evolve(cn_mainland(), name="shanghai_desk", timezone="Asia/Hong_Kong")
    data = renamed.to_dict()
    assert (data["preset"], data["name"], data["timezone"]) == (
        "cn",
        "shanghai_desk",
        "Asia/Hong_Kong",
    )
    assert BusinessCalendar.from_dict(data) == renamed
    narrowed = attrs.evolve(cn_mainland(), covered=(2025, 2026))
    full = narrowed.to_dict()
    assert "preset" not in full
    assert full["covered"] == [2025, 2026]
    assert BusinessCalendar.from_dict(full) == narrowed


def test_custom_calendars_and_old_dicts_are_unchanged():
    """No data set: written in full without a `dataset` key; old dicts still load."""
    cal = BusinessCalendar("Europe/Paris", holidays=[dt.date(2025, 7, 14)])
    data = cal.to_dict()
    assert "dataset" not in data
    assert "preset" not in data
    assert BusinessCalendar.from_dict(data) == cal
    old_preset = {"schema": 1, "preset": "cn", "covered": [2024, 2025]}
    loaded = BusinessCalendar.from_dict(old_preset)
    assert loaded.covered == (2024, 2025)
    assert loaded.dataset == "cn"
    with pytest.raises(Exception, match="dataset"):
        BusinessCalendar.from_dict({"schema": 1, "preset": "cn", "dataset": "hk"})


def test_operator_added_data_sets_work_as_presets(fresh_registry, tmp_path):
    """A data set registered at run time (not in DATASETS) is a preset for `from_dict`."""
    path = tmp_path / "xx.json"
    path.write_text(
        json.dumps(
            {
                "id": "xx",
                "name": "example_land",
                "title": "Example Land public holidays",
                "timezone": "Asia/Singapore",
                "years": {
                    "2026": {
                        "source": "invented for the tests",
                        "verified": "invented for the tests",
                        "holidays": ["2026-08-10"],
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    fresh_registry.load_file(path)
    cal = BusinessCalendar.from_dict({"schema": 1, "preset": "xx"})
    assert (cal.name, cal.dataset, cal.covered) == ("example_land", "xx", (2026, 2026))
    assert not cal.is_business_day(dt.date(2026, 8, 10))
    assert cal.to_dict()["preset"] == "xx"
    assert BusinessCalendar.from_dict(cal.to_dict()) == cal


# -- coverage ---------------------------------------------------------------------------------


def test_calendar_coverage_counts_the_days_left(fresh_registry):
    """CN data ends 2026-12-31: with 60-day deadlines intake goes provisional on 2 Nov."""
    at = "2026-11-29T12:00:00+08:00"
    (cn,) = calendar_coverage([cn_mainland()], at, longest=60)
    assert cn.last_covered == dt.date(2026, 12, 31)
    # 2026-12-31 is the 60th day after 2026-11-01, so 2026-11-02 is the first intake date
    # whose 60 days reach 2027; from 29 Nov that is 27 days ago.
    assert cn.provisional_from == dt.date(2026, 11, 2)
    assert cn.days_left == -27
    assert (cn.dataset, cn.name) == ("cn", "cn_mainland")
    in_use = cn_mainland()
    fresh_registry.load_file(STAND_IN_2027)
    (stale,) = calendar_coverage([in_use], at, longest=60)
    assert stale.days_left == -27  # a calendar in use keeps what it was built with...
    (rebuilt,) = calendar_coverage([cn_mainland()], at, longest=60)
    assert rebuilt.last_covered == dt.date(2027, 12, 31)  # ...a new one covers 2027
    assert rebuilt.days_left == 365 - 27
    with pytest.raises(InvalidFieldError):
        calendar_coverage([BusinessCalendar("UTC")], at, longest=60)
    with pytest.raises(InvalidFieldError):
        calendar_coverage([cn_mainland()], at, longest=0)


def test_covered_follows_registry_loads_when_a_preset_is_built(fresh_registry):
    """`covered` is fixed per calendar; presets built after a load cover the new year."""
    before = cn_mainland()
    fresh_registry.load_file(STAND_IN_2027)
    assert before.covered == (2024, 2026)
    assert cn_mainland().covered == (2024, 2027)
    assert BusinessCalendar.from_dict(before.to_dict()).covered == (2024, 2027)


# -- SLA figures say when they are provisional -----------------------------------------------


def test_deadline_says_what_it_assumed():
    """A deadline needing 2027 is provisional and says so; one inside 2026 is not."""
    rule = BusinessDays(5, cn_mainland(beyond_data="provisional"))
    official = deadline(rule, "2026-12-10T10:00:00+08:00")
    assert not official.provisional
    assert official.note == ""
    provisional_one = deadline(rule, "2026-12-25T10:00:00+08:00")
    assert provisional_one.assumed == ("CN 2027",)
    assert provisional_one.due == dt.datetime(2027, 1, 4, 10, tzinfo=UTC)
    assert provisional_one.to_dict() == {
        "schema": 1,
        "due": "2027-01-04T10:00:00+00:00",
        "timezone": "Asia/Shanghai",
        "assumed": ["CN 2027"],
        "provisional": True,
        "note": "provisional: CN 2027 schedule not yet published",
    }
    assert Deadline.from_dict(provisional_one.to_dict()) == provisional_one
    assert pickle.loads(pickle.dumps(provisional_one)) == provisional_one


def test_deadline_descriptions():
    """Midnight is shown as 24:00 of the day before; several years are listed."""
    at_midnight = Deadline(dt.datetime(2027, 1, 11, 16, tzinfo=UTC), ("CN 2027",), "Asia/Shanghai")
    assert at_midnight.describe() == (
        "due 2027-01-11 24:00 Asia/Shanghai, provisional: CN 2027 schedule not yet published"
    )
    assert (
        Deadline(dt.datetime(2027, 1, 4, 10, tzinfo=UTC)).describe() == "due 2027-01-04 10:00 UTC"
    )
    assert provisional_note(("CN 2027", "CN 2028")) == (
        "provisional: CN 2027 and CN 2028 schedules not yet published"
    )
    with pytest.raises(InvalidFieldError):
        Deadline(dt.datetime(2027, 1, 4, tzinfo=UTC), ("",))
    with pytest.raises(InvalidFieldError):
        Deadline(dt.datetime(2027, 1, 4, tzinfo=UTC), (), "Mars/Olympus")
    with pytest.raises(InvalidFieldError):
        deadline("5 days", "2026-12-25T10:00:00+08:00")  # type: ignore[arg-type]


def test_rules_that_ignore_holidays_are_never_provisional():
    """24x7 time and plain calendar days need no holiday data, whatever the calendar."""
    cal = cn_mainland(beyond_data="provisional")
    start = "2026-12-28T10:00:00+08:00"
    assert not deadline(ElapsedDuration(dt.timedelta(days=30), cal.timezone), start).provisional
    assert not deadline(CalendarDays(15, cal), start).provisional
    assert deadline(CalendarDays(15, cal, roll=True), start).assumed == ("CN 2027",)


def test_a_clock_on_provisional_data_says_so_in_status_and_alarm():
    """`SlaCycle.assumed` and `SlaStatus.provisional` flag the cycle; the alarm is its due."""
    target = SlaTarget("next_update", BusinessDays(5, cn_mainland(beyond_data="provisional")))
    clock = target.clock().start("2026-12-25T10:00:00+08:00")
    status = clock.status("2026-12-25T11:00:00+08:00")
    assert status.current is not None
    assert status.current.assumed == ("CN 2027",)
    assert status.current.provisional
    assert status.current.note == "provisional: CN 2027 schedule not yet published"
    assert status.provisional
    assert status.assumed == ("CN 2027",)
    # The goal (and so every warning) rests on the same data: 25 Dec 10:00-18:00 (8 h),
    # 28-31 Dec (4 x 9 h), Mon 4 Jan (9 h) = 53 h; its 50% warning at 26.5 h is reached at
    # 09:30 on 30 Dec (8 + 9 + 9 = 26 h by the evening of the 29th).
    assert status.current.goal == dt.timedelta(hours=53)
    assert clock.next_alarm("2026-12-25T11:00:00+08:00") == dt.datetime(
        2026, 12, 30, 1, 30, tzinfo=UTC
    )
    early = target.clock().start("2026-12-01T10:00:00+08:00")
    assert not early.status("2026-12-01T11:00:00+08:00").provisional


# -- the done criteria of issue 13 -------------------------------------------------------------


def _receive(policy, at):
    return Complaint.receive(
        id="CMP-1",
        customer="C-9",
        channel="web_form",
        description="card charged twice",
        received_at=at,
        actor="intake",
        sla_policy=policy,
    )


def test_a_complaint_received_2026_12_25_is_accepted_with_a_provisional_deadline():
    """CN industry default: refused on the default calendar, accepted on a provisional one.

    Hand-worked, received Fri 2026-12-25 10:00 Beijing time:
    - first_response: 24 h later, Sat 2026-12-26 10:00 (02:00 UTC), official;
    - next_update: 5th business day after the 25th: Mon 28, Tue 29, Wed 30, Thu 31 Dec,
      Fri 1 Jan 2027 is New Year's Day (statutory rule), so Mon 4 Jan; close of business
      18:00 = 10:00 UTC, provisional (CN 2027);
    - resolution: 24:00 on the 15th calendar day after receipt, 2027-01-09 24:00 =
      2027-01-09 16:00 UTC; calendar days only, so not provisional.
    """
    at = "2026-12-25T10:00:00+08:00"
    with pytest.raises(CalendarDataMissingError):
        _receive(industry_default(cn_mainland()), at)
    complaint = _receive(industry_default(cn_mainland(beyond_data="provisional")), at)
    status = complaint.sla_status("2026-12-25T10:30:00+08:00")
    figures = {
        name: (s.current.due_at, s.current.assumed) for name, s in status.items() if s.current
    }
    assert figures == {
        "first_response": (dt.datetime(2026, 12, 26, 2, tzinfo=UTC), ()),
        "next_update": (dt.datetime(2027, 1, 4, 10, tzinfo=UTC), ("CN 2027",)),
        "resolution": (dt.datetime(2027, 1, 9, 16, tzinfo=UTC), ()),
    }
    assert complaint.next_alarm("2026-12-25T10:30:00+08:00") is not None


def test_the_official_year_replaces_the_provisional_one_on_reload(fresh_registry):
    """Stored under provisional 2027, reloaded after 2027 is loaded: official figures.

    Received Mon 2026-12-28 10:00 Beijing time.
    - next_update (5 business days): provisional, Tue 29, Wed 30, Thu 31 Dec, (1 Jan off),
      Mon 4 and Tue 5 Jan: 2027-01-05 18:00 (10:00 UTC). Under the stand-in notice, 1-4
      Jan are off: Tue 29, Wed 30, Thu 31 Dec, Tue 5, Wed 6 Jan: 2027-01-06 18:00.
    - the CN regulatory decision (15 days, Civil Code roll): 2027-01-12 is a Tuesday and a
      working day under both, so 24:00 on the 12th either way, provisional before the load.
    """
    calendar = cn_mainland(beyond_data="provisional")
    at = "2026-12-28T10:00:00+08:00"
    complaint = _receive(industry_default(calendar), at)
    decision = cn_banking_insurance(calendar).target("decision").clock().start(at)
    when = "2026-12-28T11:00:00+08:00"
    before = complaint.sla_status(when)["next_update"].current
    assert before is not None
    assert (before.due_at, before.assumed) == (
        dt.datetime(2027, 1, 5, 10, tzinfo=UTC),
        ("CN 2027",),
    )
    reg_before = decision.status(when).current
    assert reg_before is not None
    assert reg_before.due_at == dt.datetime(2027, 1, 12, 16, tzinfo=UTC)
    assert reg_before.provisional
    stored = json.loads(json.dumps(complaint.to_dict()))
    stored_decision = json.loads(json.dumps(decision.to_dict()))
    assert Complaint.from_dict(stored) == complaint  # no data changed: the same case

    fresh_registry.load_file(STAND_IN_2027)

    again = Complaint.from_dict(stored)
    after = again.sla_status(when)["next_update"].current
    assert after is not None
    assert after.due_at == dt.datetime(2027, 1, 6, 10, tzinfo=UTC)
    assert not after.provisional
    assert after.assumed == ()
    assert not any(s.provisional for s in again.sla_status(when).values())
    reg_after = type(decision).from_dict(stored_decision).status(when).current
    assert reg_after is not None
    assert reg_after.due_at == dt.datetime(2027, 1, 12, 16, tzinfo=UTC)
    assert not reg_after.provisional
