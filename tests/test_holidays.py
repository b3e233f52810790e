"""supportflow.holidays: the registry of extra years, coverage, values and the adapter."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import supportflow.holidays as sfh
from supportflow.errors import (
    CalendarDataMissingError,
    HolidayDataConflictError,
    InvalidFieldError,
    MissingExtraError,
    NaiveDatetimeError,
    SerializationError,
)
from supportflow.holidays import (
    Coverage,
    HolidayData,
    HolidayRegistry,
    HolidayYear,
    LoadedYear,
    coverage,
    from_holidays_package,
    load,
)

D = dt.date
UTC = dt.UTC

# A stand-in for the State Council's 2027 notice (NOT the real one): the statutory days
# worked out by hand from the 2027 lunar dates (New Year 6 Feb, a Saturday), plus one
# invented bridging week and two invented make-up Saturdays/Sundays.
CN_2027_FIXTURE = {
    "id": "cn",
    "years": {
        "2027": {
            "source": "TEST FIXTURE standing in for the 2027 State Council notice",
            "verified": "invented for the tests",
            "holidays": ["2027-01-01"]
            + [f"2027-02-{d:02d}" for d in range(5, 13)]
            + ["2027-04-05", "2027-05-01", "2027-05-02", "2027-05-03", "2027-05-04"]
            + ["2027-06-09", "2027-09-15"]
            + [f"2027-10-{d:02d}" for d in range(1, 8)],
            "workdays": ["2027-02-13", "2027-02-14"],
        }
    },
}


def write(path: Path, content: object) -> Path:
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def fixture_year(**changes: object) -> dict[str, object]:
    entry = dict(CN_2027_FIXTURE["years"]["2027"])  # type: ignore[index]
    entry.update(changes)
    return {"id": "cn", "years": {"2027": entry}}


# -- the registry ------------------------------------------------------------------------


def test_a_fresh_registry_holds_the_packaged_data():
    """A new registry reads the same packaged years as load(), all marked packaged."""
    reg = HolidayRegistry()
    assert reg.datasets() == ("cn", "hk", "uk", "us")
    assert reg.load("cn") == load("cn")
    assert reg.origins("us") == dict.fromkeys(range(2024, 2028), "packaged")
    assert HolidayRegistry(packaged=False).datasets() == ()
    assert "cn" in repr(reg)


def test_load_file_adds_the_next_year(tmp_path):
    """A published year loaded from a file extends the data set; the report says so."""
    reg = HolidayRegistry()
    path = write(tmp_path / "cn-2027.json", CN_2027_FIXTURE)
    report = reg.load_file(path)
    assert report == (LoadedYear("cn", 2027, str(path), added=True),)
    cn = reg.load("cn")
    assert cn.covered == (2024, 2027)
    assert D(2027, 2, 12) in cn.holidays
    assert D(2027, 2, 13) in cn.workdays
    assert reg.origins("cn")[2027] == str(path)
    assert reg.origins("cn")[2026] == "packaged"
    # The packaged years are untouched.
    assert cn.year(2026) == load("cn").year(2026)


def test_the_same_year_again_is_a_no_op_and_other_dates_a_typed_error(tmp_path):
    """Identical content is accepted (added=False); other dates raise and change nothing."""
    reg = HolidayRegistry()
    first = write(tmp_path / "a.json", CN_2027_FIXTURE)
    reg.load_file(first)
    again = write(tmp_path / "b.json", fixture_year(source="another citation, same dates"))
    assert reg.load_file(again) == (LoadedYear("cn", 2027, str(again), added=False),)
    changed = fixture_year(holidays=["2027-01-01"])
    before = reg.load("cn")
    with pytest.raises(HolidayDataConflictError) as info:
        reg.load_file(write(tmp_path / "c.json", changed))
    assert (info.value.dataset, info.value.year) == ("cn", 2027)
    assert info.value.existing == str(first)
    assert reg.load("cn") == before
    assert isinstance(info.value, ValueError)


def test_a_packaged_year_cannot_be_overridden(tmp_path):
    """Giving 2026 with other dates than the packaged notice is a conflict, not an override."""
    reg = HolidayRegistry()
    bad = {
        "id": "cn",
        "years": {"2026": {"source": "a typo'd copy", "holidays": ["2026-01-01"]}},
    }
    with pytest.raises(HolidayDataConflictError) as info:
        reg.load_file(write(tmp_path / "x.json", bad))
    assert info.value.existing == "packaged"
    assert reg.load("cn") == load("cn")


def test_load_directory_reads_every_json_file_all_or_nothing(tmp_path):
    """A directory is validated whole: one bad file registers nothing from the others."""
    reg = HolidayRegistry()
    write(tmp_path / "cn-2027.json", CN_2027_FIXTURE)
    us_2028 = {
        "id": "us",
        "years": {"2028": {"source": "OPM 2028 (fixture)", "holidays": ["2028-01-17"]}},
    }
    write(tmp_path / "us-2028.json", us_2028)
    (tmp_path / "README.txt").write_text("not data", encoding="utf-8")
    report = reg.load_directory(tmp_path)
    assert {(r.dataset, r.year, r.added) for r in report} == {
        ("cn", 2027, True),
        ("us", 2028, True),
    }
    assert reg.load("us").covered == (2024, 2028)

    other = HolidayRegistry()
    write(tmp_path / "zz-bad.json", {"id": "hk", "years": {"2027": {"holidays": []}}})
    with pytest.raises(InvalidFieldError) as info:
        other.load_directory(tmp_path)
    assert info.value.field.endswith("years.2027.source")
    assert other.load("cn").covered == (2024, 2026)  # cn-2027.json was not registered


def test_two_files_giving_one_year_differently_conflict(tmp_path):
    """Within one directory, the same year twice with other dates is a conflict too."""
    write(tmp_path / "a.json", CN_2027_FIXTURE)
    write(tmp_path / "b.json", fixture_year(workdays=[]))
    reg = HolidayRegistry()
    with pytest.raises(HolidayDataConflictError) as info:
        reg.load_directory(tmp_path)
    assert info.value.existing == str(tmp_path / "a.json")
    assert info.value.origin == str(tmp_path / "b.json")
    assert reg.load("cn").covered == (2024, 2026)


def test_an_empty_or_missing_directory_is_refused(tmp_path):
    """No JSON file at all is an error, not a silent nothing."""
    with pytest.raises(InvalidFieldError) as info:
        HolidayRegistry().load_directory(tmp_path)
    assert info.value.field == "path"
    with pytest.raises(InvalidFieldError):
        HolidayRegistry().load_directory(tmp_path / "missing")


@pytest.mark.parametrize(
    ("entry", "field_end", "reason_part"),
    [
        ({"holidays": ["2027-01-01"]}, "years.2027.source", "cite"),
        ({"source": "s", "holidays": ["2028-01-01"]}, "years.2027.holidays[0]", "in 2027"),
        ({"source": "s", "holidays": ["2027-1-1"]}, "years.2027.holidays[0]", "ISO date"),
        ({"source": "s", "holidays": ["2027-13-01"]}, "years.2027.holidays[0]", "ISO date"),
        ({"source": "s", "holidays": [20270101]}, "years.2027.holidays[0]", "ISO date"),
        ({"source": "s", "holidays": ["2027-01-01", "2027-01-01"]}, "holidays[1]", "once"),
        (
            {"source": "s", "holidays": ["2027-02-13"], "workdays": ["2027-02-13"]},
            "years.2027.workdays",
            "not also be a holiday",
        ),
        ({"source": "s", "workdays": ["2027-02-15"]}, "years.2027.workdays", "Saturday"),
        ({"source": "s", "holidays": "2027-01-01"}, "years.2027.holidays", "list"),
        ({"source": " ", "holidays": []}, "years.2027.source", "non-empty"),
        ({"source": "s", "note": "x"}, "years.2027.note", "not be there"),
        ({"source": "s", "provisional": True}, "years.2027.provisional", "official"),
        ({"source": "s", "provisional": "no"}, "years.2027.provisional", "true or false"),
    ],
)
def test_invalid_year_entries_are_refused_naming_the_file_and_path(
    tmp_path, entry, field_end, reason_part
):
    """Each validation rule: the error names the file and the JSON path; nothing changes."""
    reg = HolidayRegistry()
    path = write(tmp_path / "cn.json", {"id": "cn", "years": {"2027": entry}})
    with pytest.raises(InvalidFieldError) as info:
        reg.load_file(path)
    assert info.value.field.startswith(str(path))
    assert info.value.field.endswith(field_end)
    assert reason_part in info.value.reason
    assert reg.load("cn") == load("cn")


@pytest.mark.parametrize(
    ("content", "field_end"),
    [
        ([], "cn.json"),
        ({"years": {}}, "id"),
        ({"id": "cn", "years": {}}, "years"),
        ({"id": "cn", "years": {"27": {"source": "s"}}}, "years.27"),
        ({"id": "cn", "years": {"1899": {"source": "s"}}}, "years.1899"),
        ({"id": "cn", "schema": "1", "years": {"2027": {"source": "s"}}}, "schema"),
        ({"id": "cn", "colour": 1, "years": {"2027": {"source": "s"}}}, "colour"),
        ({"id": "cn", "timezone": "Asia/Tokyo", "years": {"2027": {"source": "s"}}}, "timezone"),
        ({"id": "cn", "years": {"2028": {"source": "s"}}}, "cn.years"),  # a gap: no 2027
        ({"id": "sg", "years": {"2027": {"source": "s"}}}, "id"),  # new, without metadata
        ({"id": "cn", "years": {"2027": []}}, "years.2027"),
    ],
)
def test_invalid_files_are_refused(tmp_path, content, field_end):
    """Malformed documents, gaps and mismatched metadata are typed errors."""
    path = write(tmp_path / "cn.json", content)
    with pytest.raises(InvalidFieldError) as info:
        HolidayRegistry().load_file(path)
    assert info.value.field.endswith(field_end), info.value


def test_a_data_file_of_a_newer_schema_is_newer_schema_error(tmp_path):
    """Schema 2 from a newer supportflow: upgrade supportflow, never a partial read."""
    from supportflow.errors import NewerSchemaError

    path = write(tmp_path / "cn.json", {"id": "cn", "schema": 2, "years": {"2027": {}}})
    with pytest.raises(NewerSchemaError) as info:
        HolidayRegistry().load_file(path)
    assert (info.value.found, info.value.supported) == (2, 1)
    assert info.value.path.endswith("schema")


def test_unreadable_json_is_refused(tmp_path):
    """A file that is not JSON names the path."""
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(InvalidFieldError) as info:
        HolidayRegistry().load_file(path)
    assert info.value.value == str(path)
    with pytest.raises(InvalidFieldError):
        HolidayRegistry().load_file(tmp_path / "missing.json")


def test_a_new_data_set_needs_its_metadata(tmp_path):
    """An operator may add a jurisdiction of their own when the file names it fully."""
    reg = HolidayRegistry()
    doc = {
        "id": "sg",
        "name": "singapore",
        "title": "Singapore public holidays",
        "timezone": "Asia/Singapore",
        "years": {"2026": {"source": "MOM 2026", "holidays": ["2026-01-01"]}},
    }
    reg.load_file(write(tmp_path / "sg.json", doc))
    assert reg.datasets() == ("cn", "hk", "sg", "uk", "us")
    assert reg.load("sg").name == "singapore"
    with pytest.raises(InvalidFieldError) as info:
        reg.load("mars")
    assert info.value.field == "dataset"


ENTRY_POINTS_TXT = """\
[supportflow.holidays]
cn2027 = sfdata_cn2027
"""


def install_data_package(root: Path, monkeypatch, content: object, *, name="sfdata_cn2027"):
    """Lay out an installed distribution with an entry point, and put it on sys.path."""
    package = root / name
    package.mkdir()
    (package / "__init__.py").write_text('"""Holiday data."""\n', encoding="utf-8")
    write(package / "cn-2027.json", content)
    info = root / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        ENTRY_POINTS_TXT.replace("sfdata_cn2027", name), encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(root))
    monkeypatch.delitem(sys.modules, name, raising=False)


def test_load_entry_points_reads_an_installed_data_package(tmp_path, monkeypatch):
    """A data package advertising the entry-point group is read through importlib.metadata."""
    install_data_package(tmp_path, monkeypatch, CN_2027_FIXTURE)
    reg = HolidayRegistry()
    report = reg.load_entry_points()
    origin = "entry point cn2027 (sfdata_cn2027)/cn-2027.json"
    assert report == (LoadedYear("cn", 2027, origin, added=True),)
    assert reg.load("cn").covered == (2024, 2027)
    assert reg.origins("cn")[2027] == origin
    # Loading again is a no-op, not a conflict.
    assert [r.added for r in reg.load_entry_points()] == [False]


def test_no_entry_point_is_not_an_error():
    """A group nobody advertises loads nothing."""
    assert HolidayRegistry().load_entry_points("supportflow.holidays.none") == ()


def test_a_broken_entry_point_is_a_typed_error(tmp_path, monkeypatch):
    """An entry point naming a missing module, or invalid data, raises InvalidFieldError."""
    info = tmp_path / "ghost-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ghost\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[sf.test.ghost]\nghost = no_such_module_xyz\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(InvalidFieldError) as err:
        HolidayRegistry().load_entry_points("sf.test.ghost")
    assert err.value.field == "entry point ghost"
    assert err.value.value == "no_such_module_xyz"


def test_an_entry_point_with_invalid_data_registers_nothing(tmp_path, monkeypatch):
    """Validation applies to entry-point data exactly as to files."""
    install_data_package(tmp_path, monkeypatch, fixture_year(workdays=["2027-02-15"]))
    reg = HolidayRegistry()
    with pytest.raises(InvalidFieldError) as err:
        reg.load_entry_points()
    assert err.value.field.startswith("entry point cn2027")
    assert reg.load("cn").covered == (2024, 2026)


@pytest.mark.parametrize(
    ("files", "field_end", "reason_part"),
    [
        ({}, "entry point cn2027", "*.json"),
        ({"cn-2027.json": "{not json"}, "cn-2027.json", "JSON file"),
    ],
)
def test_an_entry_point_package_without_valid_json_is_refused(
    tmp_path, monkeypatch, files, field_end, reason_part
):
    """A data package with no JSON file, or an unreadable one, is a typed error."""
    install_data_package(tmp_path, monkeypatch, CN_2027_FIXTURE)
    (tmp_path / "sfdata_cn2027" / "cn-2027.json").unlink()
    for name, text in files.items():
        (tmp_path / "sfdata_cn2027" / name).write_text(text, encoding="utf-8")
    with pytest.raises(InvalidFieldError) as err:
        HolidayRegistry().load_entry_points()
    assert err.value.field.endswith(field_end)
    assert reason_part in err.value.reason


def test_the_default_registry_feeds_load(tmp_path, monkeypatch):
    """load() reads `registry`: a year loaded there is what load() and presets then see."""
    monkeypatch.setattr(sfh, "registry", HolidayRegistry())
    assert load("cn").covered == (2024, 2026)
    sfh.registry.load_file(write(tmp_path / "cn.json", CN_2027_FIXTURE))
    assert load("cn").covered == (2024, 2027)
    with pytest.raises(InvalidFieldError) as info:
        load("xx")
    assert info.value.field == "preset"


def test_year_gives_official_data_or_provisional_only_when_asked():
    """registry.year(): official when covered; beyond, an error unless provisional is asked."""
    reg = HolidayRegistry()
    assert reg.year("cn", 2026) == load("cn").year(2026)
    with pytest.raises(CalendarDataMissingError) as info:
        reg.year("cn", 2027)
    assert (info.value.calendar, info.value.year, info.value.covered) == (
        "cn_mainland",
        2027,
        (2024, 2026),
    )
    guessed = reg.year("cn", 2027, beyond_data="provisional")
    assert guessed.provisional
    assert guessed == sfh.provisional("cn", 2027)
    with pytest.raises(InvalidFieldError):
        reg.year("cn", 2027, beyond_data="weekly")  # type: ignore[arg-type]


def test_add_registers_holiday_data_values():
    """add() takes a HolidayData (e.g. from the adapter) and refuses provisional years."""
    reg = HolidayRegistry(packaged=False)
    year = HolidayYear(2030, frozenset({D(2030, 1, 1)}), frozenset(), "s", "v")
    data = HolidayData("zz", "zz", "Z", "UTC", (year,))
    assert reg.add(data, origin="test") == (LoadedYear("zz", 2030, "test", added=True),)
    guess = sfh.provisional("us", 2031)
    with pytest.raises(InvalidFieldError):
        reg.add(HolidayData("zz", "zz", "Z", "UTC", (guess,)), origin="test")
    assert reg.load("zz").covered == (2030, 2030)


# -- values ------------------------------------------------------------------------------

dates_2027 = st.dates(min_value=D(2027, 1, 1), max_value=D(2027, 12, 31))


@st.composite
def holiday_years(draw):
    holidays = draw(st.frozensets(dates_2027, max_size=8))
    weekend = dates_2027.filter(lambda d: d.isoweekday() >= 6 and d not in holidays)
    workdays = draw(st.frozensets(weekend, max_size=3))
    text = st.text(min_size=1, max_size=20).filter(str.strip)
    return HolidayYear(
        2027, holidays, workdays, draw(text), draw(text), provisional=draw(st.booleans())
    )


@given(holiday_years())
def test_holiday_year_round_trips_through_dict_json_and_pickle(year):
    """from_dict(json(to_dict(x))) == x, with a schema key; pickle too."""
    raw = year.to_dict()
    assert raw["schema"] == 1
    assert HolidayYear.from_dict(json.loads(json.dumps(raw))) == year
    assert pickle.loads(pickle.dumps(year)) == year


@given(st.lists(holiday_years(), min_size=1, max_size=1))
def test_holiday_data_round_trips(years):
    """HolidayData round-trips through its dict (the data-file format plus schema)."""
    data = HolidayData("cn", "cn_mainland", "T", "Asia/Shanghai", tuple(years))
    assert HolidayData.from_dict(json.loads(json.dumps(data.to_dict()))) == data
    assert pickle.loads(pickle.dumps(data)) == data


def test_packaged_data_round_trips():
    """Every packaged data set survives to_dict/from_dict unchanged."""
    for dataset in sfh.DATASETS:
        assert HolidayData.from_dict(load(dataset).to_dict()) == load(dataset)


def test_from_dict_refuses_corrupt_dicts():
    """Corrupt dicts raise SerializationError with the JSON path."""
    good = sfh.provisional("cn", 2027).to_dict()
    for bad, path in [
        ({**good, "schema": 9}, "schema"),
        ({**good, "year": "2027"}, "year"),
        ({**good, "holidays": ["2026-01-01"]}, "holidays[0]"),
        ("nope", ""),
    ]:
        with pytest.raises(SerializationError) as info:
            HolidayYear.from_dict(bad)
        assert info.value.path == path
    data: Any = load("cn").to_dict()
    with pytest.raises(SerializationError):
        HolidayData.from_dict({k: v for k, v in data.items() if k != "timezone"})
    with pytest.raises(SerializationError):
        HolidayData.from_dict({**data, "years": {"2024": data["years"]["2024"], "2026": {}}})


def test_holiday_data_year_lookup():
    """HolidayData.year() finds a covered year and returns None outside."""
    cn = load("cn")
    assert cn.year(2025) is not None
    assert cn.year(2025).year == 2025  # type: ignore[union-attr]
    assert cn.year(2023) is None
    assert cn.year(2027) is None
    assert cn.last_covered_date == D(2026, 12, 31)


# -- coverage ----------------------------------------------------------------------------


def test_coverage_hand_worked():
    """Days left until intake needs provisional data, per data set, in each one's zone.

    At 2026-11-29 20:00 UTC it is already 30 November in Beijing and Hong Kong, still 29
    November in New York and London. CN data ends 2026-12-31: with a 60-day longest
    deadline, intake from 2 November (31 Dec - 59 days) can reach 2027, 28 days ago. US
    data ends 2027-12-31: from 2 November 2027, 338 days ahead (365 - 27).
    """
    at = dt.datetime(2026, 11, 29, 20, 0, tzinfo=UTC)
    report = {c.dataset: c for c in coverage(at, longest=60, registry=HolidayRegistry())}
    assert set(report) == {"cn", "hk", "uk", "us"}
    cn = report["cn"]
    assert (cn.name, cn.covered, cn.last_covered) == ("cn_mainland", (2024, 2026), D(2026, 12, 31))
    assert (cn.today, cn.provisional_from, cn.days_left) == (D(2026, 11, 30), D(2026, 11, 2), -28)
    us = report["us"]
    assert (us.today, us.provisional_from, us.days_left) == (D(2026, 11, 29), D(2027, 11, 2), 338)
    assert type(cn.today) is dt.date


def test_coverage_for_the_issue_example():
    """A 15-day deadline: intake on 16 Dec 2026 still fits 2026; from 17 Dec it does not."""
    reg = HolidayRegistry()
    beijing = dt.timezone(dt.timedelta(hours=8))
    (dec16,) = coverage(
        dt.datetime(2026, 12, 16, 9, tzinfo=beijing), longest=15, datasets=["cn"], registry=reg
    )
    assert (dec16.provisional_from, dec16.days_left) == (D(2026, 12, 17), 1)
    (dec17,) = coverage(
        dt.datetime(2026, 12, 17, 0, tzinfo=beijing),
        longest=dt.timedelta(days=15),
        datasets=["cn"],
        registry=reg,
    )
    assert dec17.days_left == 0


def test_coverage_moves_when_a_year_is_loaded(tmp_path):
    """Loading the next year's data adds its 365 days to the margin."""
    reg = HolidayRegistry()
    at = dt.datetime(2026, 11, 29, 20, 0, tzinfo=UTC)
    (before,) = coverage(at, longest=60, datasets=["cn"], registry=reg)
    reg.load_file(write(tmp_path / "cn.json", CN_2027_FIXTURE))
    (after,) = coverage(at, longest=60, datasets=["cn"], registry=reg)
    assert after.days_left - before.days_left == 365
    assert after.last_covered == D(2027, 12, 31)


def test_coverage_uses_the_default_registry(monkeypatch):
    """Without `registry`, the process-wide one is read at call time."""
    fresh = HolidayRegistry()
    monkeypatch.setattr(sfh, "registry", fresh)
    at = dt.datetime(2026, 1, 1, tzinfo=UTC)
    assert coverage(at, longest=30) == coverage(at, longest=30, registry=fresh)


@pytest.mark.parametrize("longest", [0, -1, True, 1.5, dt.timedelta(hours=5), "60"])
def test_coverage_refuses_bad_longest(longest):
    """`longest` must be a positive whole number of days."""
    with pytest.raises(InvalidFieldError) as info:
        coverage(dt.datetime(2026, 1, 1, tzinfo=UTC), longest=longest)
    assert info.value.field == "longest"


def test_coverage_refuses_naive_at_and_unknown_data_sets():
    """`at` must be aware (no wall clock is read); data sets must be registered."""
    with pytest.raises(NaiveDatetimeError):
        coverage(dt.datetime(2026, 1, 1), longest=60)
    with pytest.raises(InvalidFieldError):
        coverage(dt.datetime(2026, 1, 1, tzinfo=UTC), longest=60, datasets=["xx"])


def test_coverage_round_trips():
    """Coverage is a value: dict (for a health-check body) and pickle round-trips."""
    (cov,) = coverage(dt.datetime(2026, 6, 1, tzinfo=UTC), longest=60, datasets=["hk"])
    assert Coverage.from_dict(json.loads(json.dumps(cov.to_dict()))) == cov
    assert pickle.loads(pickle.dumps(cov)) == cov
    with pytest.raises(SerializationError):
        Coverage.from_dict({**cov.to_dict(), "schema": 2})
    with pytest.raises(SerializationError):
        Coverage.from_dict({**cov.to_dict(), "today": "soon"})
    cases: list[tuple[dict[str, object], str]] = [
        ({"covered": [2024]}, "covered"),
        ({"covered": [2024, "2026"]}, "covered[1]"),
        ({"longest_days": 0}, "longest_days"),
        ({"longest_days": "60"}, "longest_days"),
        ({"extra": 1}, "extra"),
    ]
    for bad, where in cases:
        with pytest.raises(SerializationError) as info:
            Coverage.from_dict({**cov.to_dict(), **bad})
        assert info.value.path == where


# -- the holidays-package adapter --------------------------------------------------------


def test_adapter_builds_japan_with_its_substitute_holidays():
    """Japan 2025: fixed days, Happy-Monday days and substitute holidays, checked by hand.

    2025-02-23 (Emperor's Birthday) is a Sunday, so Monday 24 February is a substitute
    holiday; Greenery Day (4 May) is a Sunday, so Tuesday 6 May is one (3 and 5 May being
    holidays already); Respect for the Aged Day is the third Monday of September, the 15th.
    """
    jp = from_holidays_package("JP", [2025], timezone="Asia/Tokyo")
    (year,) = jp.years
    for day in ("2025-01-01", "2025-02-11", "2025-02-24", "2025-05-06", "2025-09-15"):
        assert D.fromisoformat(day) in year.holidays, day
    assert D(2025, 2, 25) not in year.holidays
    assert (jp.id, jp.timezone, year.workdays, year.provisional) == (
        "jp",
        "Asia/Tokyo",
        frozenset(),
        False,
    )
    assert "holidays package" in year.source


def test_adapter_registers_like_any_other_data(tmp_path):
    """Adapter output goes into a registry with add(); load() then serves it."""
    reg = HolidayRegistry()
    sg = from_holidays_package("sg", range(2025, 2027), timezone="Asia/Singapore", name="singapore")
    reg.add(sg, origin="holidays package")
    assert reg.load("sg").covered == (2025, 2026)
    assert D(2025, 8, 9) in reg.load("sg").holidays  # National Day
    gb = from_holidays_package("GB", [2026], timezone="Europe/London", subdiv="ENG")
    assert gb.id == "gb-eng"
    # The package also lists Saturday 26 December (Boxing Day) beside its substitute,
    # Monday 28 December; the packaged data lists only the bank holiday that is taken.
    weekdays = {d for d in gb.years[0].holidays if d.isoweekday() < 6}
    assert weekdays == load("uk").year(2026).holidays  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"country": "XX", "years": [2025]}, "country"),
        ({"country": "Singapore", "years": [2025]}, "country"),
        ({"country": "GB", "years": [2025], "subdiv": "ZZZ"}, "subdiv"),
        ({"country": "SG", "years": []}, "years"),
        ({"country": "SG", "years": [2025, 2027]}, "years"),
        ({"country": "SG", "years": [True]}, "years"),
    ],
)
def test_adapter_errors_are_typed(kwargs, field):
    """The package's own errors never escape: bad input is an InvalidFieldError."""
    with pytest.raises(InvalidFieldError) as info:
        from_holidays_package(timezone="Asia/Singapore", **kwargs)
    assert info.value.field == field


def test_adapter_turns_the_packages_value_errors_into_typed_ones(monkeypatch):
    """Any ValueError/KeyError/TypeError from the package becomes an InvalidFieldError."""
    import types

    def refuse(*_args, **_kwargs):
        raise ValueError("year out of range")

    stub = types.SimpleNamespace(country_holidays=refuse, __version__="0")
    monkeypatch.setitem(sys.modules, "holidays", stub)
    with pytest.raises(InvalidFieldError) as info:
        from_holidays_package("SG", [2025], timezone="Asia/Singapore")
    assert info.value.field == "years"
    assert isinstance(info.value.__cause__, ValueError)


def test_adapter_without_the_package_names_the_extra(monkeypatch):
    """Without `holidays` installed the adapter raises MissingExtraError naming the extra."""
    monkeypatch.setitem(sys.modules, "holidays", None)  # makes `import holidays` fail
    with pytest.raises(MissingExtraError) as info:
        from_holidays_package("SG", [2025], timezone="Asia/Singapore")
    assert (info.value.package, info.value.extra) == ("holidays", "holidays")
    assert isinstance(info.value, ImportError)


def test_docs_page_describes_the_file_format():
    """docs/holidays.md documents every key the loader accepts."""
    page = (Path(__file__).parent.parent / "docs" / "holidays.md").read_text(encoding="utf-8")
    for key in (
        "id",
        "name",
        "title",
        "timezone",
        "years",
        "source",
        "verified",
        "holidays",
        "workdays",
    ):
        assert f"`{key}`" in page, key
    assert '[project.entry-points."supportflow.holidays"]' in page


def test_a_data_file_is_a_holiday_data_document_and_its_metadata_is_named():
    """A complete data file (no "schema", with "notes") reads as HolidayData; a document
    without one of its metadata keys names that key; years are named by their key."""
    entry = {"source": "s", "holidays": ["2030-01-01"], "workdays": ["2030-01-05"]}
    file = {"id": "xx", "name": "xx_land", "title": "T", "timezone": "UTC", "notes": "n"}
    data = HolidayData.from_dict({**file, "years": {"2030": entry}})
    [year] = data.years
    assert (year.year, year.verified, year.provisional) == (2030, "not stated", False)
    assert year.holidays == {D(2030, 1, 1)}
    assert year.workdays == {D(2030, 1, 5)}  # a Saturday
    assert data.to_dict()["years"] == {
        "2030": {
            "source": "s",
            "verified": "not stated",
            "holidays": ["2030-01-01"],
            "workdays": ["2030-01-05"],
        }
    }
    for key in ("name", "title", "timezone"):
        with pytest.raises(SerializationError) as info:
            HolidayData.from_dict({k: v for k, v in data.to_dict().items() if k != key})
        assert info.value.path == key
    for bad, path in [
        ({**file, "notes": " ", "years": {"2030": entry}}, "notes"),
        ({**file, "years": {"2030": {**entry, "workdays": ["2030-01-07"]}}}, "years.2030.workdays"),
        ({**file, "years": {"30": entry}}, "years.30"),
        ({**file, "years": {"2030": entry, "2032": entry}}, "years.2032.holidays[0]"),
    ]:
        with pytest.raises(SerializationError) as info:
            HolidayData.from_dict(bad, path="sets[1]")
        assert info.value.path == f"sets[1].{path}"
