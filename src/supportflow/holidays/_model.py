"""The values: one year of holiday data, and a jurisdiction's data set."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import attrs

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


def _dates(value: frozenset[dt.date]) -> list[str]:
    return sorted(d.isoformat() for d in value)


@attrs.frozen
class HolidayYear:
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
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    source: str
    verified: str
    provisional: bool = False

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

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-safe dict (`"schema": 1`); `from_dict` reads it back."""
        out: dict[str, Any] = {"schema": 1, "year": self.year}
        out.update(_year_entry(self))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> HolidayYear:
        """Rebuild a `HolidayYear` from `to_dict` output.

        Raises:
            SerializationError: the dict is of an unknown schema or malformed.
        """
        if not isinstance(data, Mapping):
            raise SerializationError("", data, "be a mapping")
        check_schema(data.get("schema"), 1)
        year = data.get("year")
        if not isinstance(year, int) or isinstance(year, bool):
            raise SerializationError("year", year, "be an integer")
        entry = {k: v for k, v in data.items() if k not in ("schema", "year")}
        return parse_year(year, entry, "", _corrupt)


def _year_entry(year: HolidayYear) -> dict[str, Any]:
    out: dict[str, Any] = {
        "source": year.source,
        "verified": year.verified,
        "holidays": _dates(year.holidays),
        "workdays": _dates(year.workdays),
    }
    if year.provisional:
        out["provisional"] = True
    return out


@attrs.frozen
class HolidayData:
    """A jurisdiction's holiday data: every year it covers, in order, without gaps.

    Attributes:
        id: The data set's id (`"cn"`, `"hk"`, `"uk"`, `"us"`, or one an operator added).
        name: The name its calendars carry, e.g. `"cn_mainland"`.
        title: A human-readable title.
        timezone: The IANA zone of the jurisdiction.
        years: The covered years, in order.
    """

    id: str
    name: str
    title: str
    timezone: str
    years: tuple[HolidayYear, ...]

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

    def to_dict(self) -> dict[str, Any]:
        """Return the data-file format plus `"schema": 1`; `from_dict` reads it back."""
        return {
            "schema": 1,
            "id": self.id,
            "name": self.name,
            "title": self.title,
            "timezone": self.timezone,
            "years": {str(y.year): _year_entry(y) for y in self.years},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> HolidayData:
        """Rebuild a `HolidayData` from `to_dict` output (or a complete data file).

        Raises:
            SerializationError: the dict is of an unknown schema, malformed, or its years
                have a gap.
        """
        doc = parse_document(data, "", _corrupt)
        if doc.name is None or doc.title is None or doc.timezone is None:
            raise SerializationError("", data, "have 'name', 'title' and 'timezone'")
        return build_data(doc.id, doc.name, doc.title, doc.timezone, doc.years, "", _corrupt)


@attrs.frozen
class Document:
    """A parsed data file: a data set's id, optional metadata, and its years."""

    id: str
    name: str | None
    title: str | None
    timezone: str | None
    years: tuple[HolidayYear, ...]


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _text(raw: Mapping[str, object], key: str, path: str, fail: ErrorFactory) -> str | None:
    value = raw.get(key)
    if value is None and key not in raw:
        return None
    if not isinstance(value, str) or not value.strip():
        raise fail(_join(path, key), value, "be a non-empty string")
    return value


def parse_document(raw: object, path: str, fail: ErrorFactory) -> Document:
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
    years_raw = raw.get("years")
    if not isinstance(years_raw, Mapping) or not years_raw:
        raise fail(_join(path, "years"), years_raw, "be a non-empty object: year -> entry")
    years = []
    for key, entry in years_raw.items():
        where = _join(path, f"years.{key}")
        if not isinstance(key, str) or not key.isdigit() or len(key) != 4:
            raise fail(where, key, "be a four-digit year")
        years.append(parse_year(int(key), entry, where, fail))
    years.sort(key=lambda y: y.year)
    return Document(ident, meta[0], meta[1], meta[2], tuple(years))


def _date_list(
    raw: Mapping[str, object], key: str, year: int, path: str, fail: ErrorFactory
) -> frozenset[dt.date]:
    value = raw.get(key, [])
    where = _join(path, key)
    if not isinstance(value, list):
        raise fail(where, value, "be a list of ISO dates")
    out: set[dt.date] = set()
    for i, item in enumerate(value):
        at = f"{where}[{i}]"
        try:
            day = dt.date.fromisoformat(item) if isinstance(item, str) else None
        except ValueError:
            day = None
        if day is None or len(item) != 10:
            raise fail(at, item, "be an ISO date 'YYYY-MM-DD'")
        if day.year != year:
            raise fail(at, item, f"be a date in {year}")
        if day in out:
            raise fail(at, item, "be listed once")
        out.add(day)
    return frozenset(out)


def parse_year(year: int, raw: object, path: str, fail: ErrorFactory) -> HolidayYear:
    """Parse and validate one year's entry."""
    if not isinstance(raw, Mapping):
        raise fail(path or "<root>", raw, "be a JSON object")
    extra = sorted(set(raw) - _YEAR_KEYS)
    if extra:
        raise fail(
            _join(path, extra[0]), raw[extra[0]], f"not be there: keys are {sorted(_YEAR_KEYS)}"
        )
    if not 1900 <= year <= 2199:
        raise fail(path or "year", year, "be a year from 1900 to 2199")
    source = _text(raw, "source", path, fail)
    if source is None:
        raise fail(_join(path, "source"), None, "be given: cite the official publication")
    verified = _text(raw, "verified", path, fail) or "not stated"
    provisional = raw.get("provisional", False)
    if not isinstance(provisional, bool):
        raise fail(_join(path, "provisional"), provisional, "be true or false")
    holidays = _date_list(raw, "holidays", year, path, fail)
    workdays = _date_list(raw, "workdays", year, path, fail)
    for day in sorted(workdays):
        if day in holidays:
            raise fail(_join(path, "workdays"), day.isoformat(), "not also be a holiday")
        if day.isoweekday() < 6:
            raise fail(_join(path, "workdays"), day.isoformat(), "be a Saturday or Sunday")
    return HolidayYear(year, holidays, workdays, source, verified, provisional)


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
