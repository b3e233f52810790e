"""The values: one year of holiday data, and a jurisdiction's data set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Self

import attrs

from supportflow import _declarative
from supportflow._declarative import BOOL, TEXT, Codec, Document, declared, spec
from supportflow._json_schema import DATE, Schema, array, mapping
from supportflow._serialization import check_schema
from supportflow.errors import InvalidFieldError, SerializationError

#: Keys of one year's entry in the data-file format.
_YEAR_KEYS = frozenset({"source", "verified", "holidays", "workdays", "provisional"})
#: Keys of a data file (a data set, or extra years of one).
_FILE_KEYS = frozenset({"schema", "id", "name", "title", "timezone", "notes", "years"})

#: Builds the error for a bad value: (path, value, reason) -> exception.
ErrorFactory = Callable[[str, object, str], Exception]


def _invalid(path: str, value: object, reason: str) -> Exception:
    return InvalidFieldError(path, value, reason)


def _corrupt(path: str, value: object, reason: str) -> Exception:
    return SerializationError(path, value, reason)


def _dump_dates(value: frozenset[dt.date]) -> object:
    return sorted(d.isoformat() for d in value)


def _load_dates(value: object, path: str) -> tuple[dt.date, ...]:
    """A list of distinct ISO dates, in the order given (the year is checked when built)."""
    if not isinstance(value, list):
        raise SerializationError(path, value, "be a list of ISO dates")
    try:  # the packaged files take this path: one C-level pass
        days = tuple(map(dt.date.fromisoformat, value))
    except (TypeError, ValueError):
        days = None
    if days is None or set(map(len, value)) - {10} or len(set(days)) != len(days):
        _refuse_dates(value, path)
    return days  # type: ignore[return-value]  # _refuse_dates raised otherwise


def _refuse_dates(value: list[object], path: str) -> None:
    """Name the first entry that is not an ISO date, or that repeats one."""
    seen: set[dt.date] = set()
    for i, item in enumerate(value):
        try:
            day = dt.date.fromisoformat(item) if isinstance(item, str) else None
        except ValueError:
            day = None
        if day is None or len(item) != 10:  # type: ignore[arg-type]  # a str when day is set
            raise SerializationError(f"{path}[{i}]", item, "be an ISO date 'YYYY-MM-DD'")
        if day in seen:
            raise SerializationError(f"{path}[{i}]", item, "be listed once")
        seen.add(day)


def _load_text(value: object, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SerializationError(path, value, "be a non-empty string")
    return value


#: Closed dates or make-up days: a sorted list of ISO dates.
_DATES = Codec(_dump_dates, _load_dates, lambda: array(DATE))
#: A publication or a check: a string that is not blank.
_TEXT = Codec(TEXT.dump, _load_text, TEXT.schema)
#: Written only when set: provisional data is the exception.
_PROVISIONAL = Codec(BOOL.dump, BOOL.load, lambda: {"const": True})
#: What a year's entry is, when a reader leaves a key out.
_ENTRY_DEFAULTS: dict[str, object] = {"verified": "not stated", "holidays": [], "workdays": []}


def _build_year(  # noqa: PLR0917 - the fields of a year, as the class takes them
    year: int,
    holidays: tuple[dt.date, ...],
    workdays: tuple[dt.date, ...],
    source: str,
    verified: str,
    provisional: bool = False,
) -> HolidayYear:
    """A `HolidayYear` read from a document: its dates checked against the year."""
    if not 1900 <= year <= 2199:
        raise InvalidFieldError("year", year, "be a year from 1900 to 2199")
    for key, days in (("holidays", holidays), ("workdays", workdays)):
        if days and (min(days).year != year or max(days).year != year):
            i = next(i for i, day in enumerate(days) if day.year != year)
            raise InvalidFieldError(f"{key}[{i}]", days[i].isoformat(), f"be a date in {year}")
    closed = frozenset(holidays)
    for day in sorted(workdays):
        if day in closed:
            raise InvalidFieldError("workdays", day.isoformat(), "not also be a holiday")
        if day.isoweekday() < 6:
            raise InvalidFieldError("workdays", day.isoformat(), "be a Saturday or Sunday")
    return HolidayYear(year, closed, frozenset(workdays), source, verified, provisional)


@declared(schema=1, build=_build_year)
@attrs.frozen
class HolidayYear(Document):
    """One year of a jurisdiction's holiday data, with where it comes from.

    Attributes:
        year: The calendar year.
        holidays: The dates that are closed.
        workdays: The weekend dates that are official working days (make-up days).
        source: The publication the figures come from; for provisional data, the rule.
        verified: How the figures were checked.
        provisional: `True` when computed from statutory rules because no official
            schedule was available (`supportflow.holidays.provisional`), never for
            published data.
    """

    year: int
    holidays: frozenset[dt.date] = attrs.field(metadata=spec(_DATES))
    workdays: frozenset[dt.date] = attrs.field(metadata=spec(_DATES))
    source: str = attrs.field(metadata=spec(_TEXT))
    verified: str = attrs.field(metadata=spec(_TEXT))
    provisional: bool = attrs.field(default=False, metadata=spec(_PROVISIONAL, omit_default=True))

    def same_dates(self, other: HolidayYear) -> bool:
        """Whether `other` has the same year, closed dates and make-up days.

        Raises:
            InvalidFieldError: `other` is not a `HolidayYear`.
        """
        if not isinstance(other, HolidayYear):
            raise InvalidFieldError("other", other, "be a HolidayYear")
        return (self.year, self.holidays, self.workdays) == (
            other.year,
            other.holidays,
            other.workdays,
        )

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-safe dict (`"schema": 1`); `from_dict` reads it back."""
        document = _declarative.dump(self)
        # The data files' order: where the figures come from, then the figures.
        return {key: document[key] for key in _ORDER if key in document}

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> Self:
        """Rebuild a `HolidayYear` from `to_dict` output.

        `verified`, `holidays` and `workdays` may be left out, as in a data file
        (`"not stated"`, none, none).

        Raises:
            NewerSchemaError: written by a newer supportflow.
            SerializationError: the dict is of an unknown schema or malformed; the error
                names the JSON path.
        """
        if isinstance(data, dict):
            data = {**_ENTRY_DEFAULTS, **data}
        return _declarative.load(cls, data, path=path)


_ORDER = ("schema", "year", "source", "verified", "holidays", "workdays", "provisional")


def _entry(year: HolidayYear) -> dict[str, object]:
    """A year as a data file lists it: its document without `"schema"` and `"year"`."""
    out = year.to_dict()
    del out["schema"], out["year"]
    return out


def _read_years(value: object, path: str, fail: ErrorFactory) -> tuple[HolidayYear, ...]:
    """A data file's `years` object (year -> entry), read into years in order."""
    if not isinstance(value, Mapping) or not value:
        raise fail(path, value, "be a non-empty object: year -> entry")
    years = []
    for key, entry in value.items():
        where = _join(path, str(key))
        if not isinstance(key, str) or not key.isdigit() or len(key) != 4:
            raise fail(where, key, "be a four-digit year")
        years.append(parse_year(int(key), entry, where, fail))
    years.sort(key=lambda y: y.year)
    return tuple(years)


def _dump_years(years: tuple[HolidayYear, ...]) -> object:
    return {str(y.year): _entry(y) for y in years}


def _load_years(value: object, path: str) -> tuple[HolidayYear, ...]:
    return _read_years(value, path, _corrupt)


def _entry_schema() -> Schema:
    schema = _declarative.schema_of(HolidayYear)
    for key in ("schema", "year"):
        del schema["properties"][key]
        schema["required"].remove(key)
    return schema


#: The covered years as a data file lists them: an object of four-digit years to entries.
_YEARS = Codec(
    _dump_years, _load_years, lambda: mapping(_entry_schema(), keys={"pattern": r"^\d{4}$"})
)


def _build_data(
    *,
    id: str,  # noqa: A002 - the class's own field
    name: str,
    title: str,
    timezone: str,
    years: tuple[HolidayYear, ...],
) -> HolidayData:
    """A `HolidayData` read from a document: its years checked for gaps."""
    return build_data(id, name, title, timezone, years, "", _invalid)


@declared(schema=1, build=_build_data)
@attrs.frozen
class HolidayData(Document):
    """A jurisdiction's holiday data: every year it covers, in order, without gaps.

    Attributes:
        id: The data set's id (`"cn"`, `"hk"`, `"uk"`, `"us"`, or one an operator added).
        name: The name its calendars carry, e.g. `"cn_mainland"`.
        title: A human-readable title.
        timezone: The IANA zone of the jurisdiction.
        years: The covered years, in order.
    """

    id: str = attrs.field(metadata=spec(_TEXT))
    name: str = attrs.field(metadata=spec(_TEXT))
    title: str = attrs.field(metadata=spec(_TEXT))
    timezone: str = attrs.field(metadata=spec(_TEXT))
    years: tuple[HolidayYear, ...] = attrs.field(metadata=spec(_YEARS))

    @property
    def covered(self) -> tuple[int, int]:
        """The first and last year covered (the years in between are all covered)."""
        return (self.years[0].year, self.years[-1].year)

    @property
    def last_covered_date(self) -> dt.date:
        """The last date the data covers: 31 December of the last covered year."""
        return dt.date(self.years[-1].year, 12, 31)

    @property
    def holidays(self) -> frozenset[dt.date]:
        """Every closed date of every covered year."""
        return frozenset().union(*(y.holidays for y in self.years))

    @property
    def workdays(self) -> frozenset[dt.date]:
        """Every make-up working day of every covered year."""
        return frozenset().union(*(y.workdays for y in self.years))

    def year(self, year: int) -> HolidayYear | None:
        """The data of `year`, or `None` when `year` is not covered.

        Raises:
            InvalidFieldError: `year` is not an integer.
        """
        if type(year) is not int:
            raise InvalidFieldError("year", year, "be an integer")
        first = self.years[0].year
        if first <= year <= self.years[-1].year:
            return self.years[year - first]
        return None

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> Self:
        """Rebuild a `HolidayData` from `to_dict` output (or a complete data file).

        `to_dict` writes the data-file format plus `"schema": 1`; a data file may leave
        `"schema"` out and carry `"notes"` (checked, not kept).

        Raises:
            NewerSchemaError: written by a newer supportflow.
            SerializationError: the dict is malformed, or its years have a gap; the error
                names the JSON path.
        """
        if isinstance(data, dict):
            data = {"schema": 1, **data}
            if "notes" in data:
                _TEXT.load(data.pop("notes"), _join(path, "notes"))
        return _declarative.load(cls, data, path=path)


@attrs.frozen
class DataFile:
    """A parsed data file: a data set's id, optional metadata, and its years."""

    id: str
    name: str | None
    title: str | None
    timezone: str | None
    years: tuple[HolidayYear, ...]


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _text(raw: Mapping[str, object], key: str, path: str, fail: ErrorFactory) -> str | None:
    if key not in raw:
        return None
    try:
        return _load_text(raw[key], _join(path, key))
    except SerializationError as exc:
        raise fail(exc.path, exc.value, exc.reason) from exc


def parse_document(raw: object, path: str, fail: ErrorFactory) -> DataFile:
    """Parse and validate a data file's content (see docs/holidays.md for the format).

    Every problem is raised through `fail(path, value, reason)`; nothing is dropped.
    """
    if not isinstance(raw, Mapping):
        raise fail(path or "<root>", raw, "be a JSON object")
    extra = sorted(set(raw) - _FILE_KEYS)
    if extra:
        raise fail(
            _join(path, extra[0]), raw[extra[0]], f"not be there: keys are {sorted(_FILE_KEYS)}"
        )
    if "schema" in raw:
        # A newer data file is NewerSchemaError whatever `fail` builds: an operator must
        # upgrade supportflow, not fix the file.
        version = raw["schema"]
        if type(version) is int and version > 1:
            check_schema(version, 1, path=_join(path, "schema"))
        if type(version) is not int or version != 1:
            raise fail(_join(path, "schema"), version, "be 1")
    ident = _text(raw, "id", path, fail)
    if ident is None:
        raise fail(_join(path, "id"), None, "be given: the data set's id, e.g. 'cn'")
    meta = [_text(raw, key, path, fail) for key in ("name", "title", "timezone")]
    _text(raw, "notes", path, fail)
    years = _read_years(raw.get("years"), _join(path, "years"), fail)
    return DataFile(ident, meta[0], meta[1], meta[2], years)


def parse_year(year: int, raw: object, path: str, fail: ErrorFactory) -> HolidayYear:
    """Parse and validate one year's entry (a `HolidayYear` document without its year)."""
    if not isinstance(raw, Mapping):
        raise fail(path or "<root>", raw, "be a JSON object")
    extra = sorted(set(raw) - _YEAR_KEYS)
    if extra:
        raise fail(
            _join(path, extra[0]), raw[extra[0]], f"not be there: keys are {sorted(_YEAR_KEYS)}"
        )
    if not 1900 <= year <= 2199:
        raise fail(path or "year", year, "be a year from 1900 to 2199")
    if raw.get("source") is None and "source" not in raw:
        raise fail(_join(path, "source"), None, "be given: cite the official publication")
    document = {**_ENTRY_DEFAULTS, **raw, "schema": 1, "year": year}
    try:
        return _declarative.load(HolidayYear, document, path=path)
    except SerializationError as exc:
        raise fail(exc.path, exc.value, exc.reason) from exc


def build_data(  # noqa: PLR0917 - private; the file's fields, in order
    ident: str,
    name: str,
    title: str,
    timezone: str,
    years: tuple[HolidayYear, ...],
    path: str,
    fail: ErrorFactory,
) -> HolidayData:
    """Assemble a data set, refusing a gap or a repeated year."""
    numbers = [y.year for y in years]
    if not numbers or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        raise fail(_join(path, "years"), numbers, "be consecutive years without a gap")
    return HolidayData(ident, name, title, timezone, years)
