"""The registry of holiday data: the packaged years plus extra years operators load."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Final, Literal

import attrs

from supportflow.errors import (
    CalendarDataMissingError,
    HolidayDataConflictError,
    InvalidFieldError,
)
from supportflow.holidays._model import (
    DataFile,
    HolidayData,
    HolidayYear,
    _invalid,
    build_data,
    parse_document,
)
from supportflow.holidays._rules import provisional

#: The packaged data sets, by id.
DATASETS: Final[tuple[str, ...]] = ("cn", "hk", "uk", "us")
#: The entry-point group data packages register under.
ENTRY_POINT_GROUP: Final = "supportflow.holidays"
PACKAGED: Final = "packaged"


@attrs.frozen
class LoadedYear:
    """What a registry load did with one year it was given.

    Attributes:
        dataset: The data set's id.
        year: The year.
        origin: Where it came from (a path, `"entry point NAME"`, or what `add` was told).
        added: `True` when the year is new; `False` when the same dates were already
            registered (a no-op).
    """

    dataset: str
    year: int
    origin: str
    added: bool


@attrs.frozen
class _Entry:
    data: HolidayData
    origins: tuple[str, ...]  # one per year, aligned with data.years


def _read_json(path: Path, field: str) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidFieldError(field, str(path), f"be a readable JSON file ({exc})") from exc


class HolidayRegistry:
    """The holiday data sets a process knows: packaged years plus extra years loaded later.

    `supportflow.holidays.registry` is the process-wide instance that `load()` and the
    calendar presets read; build your own `HolidayRegistry()` to keep a separate set
    (tests, a tenant). Loading is explicit and all-or-nothing: a file, a directory or the
    installed entry points are read and validated completely, and only then registered;
    a year given again with other dates raises `HolidayDataConflictError` and registers
    nothing. Every load returns what it did, and `origins()` shows where each year came
    from. Years are only ever added, never replaced or removed.

    Args:
        packaged: Start from the packaged data sets (default) or from nothing.
    """

    def __init__(self, *, packaged: bool = True) -> None:
        self._lock = threading.Lock()
        self._packaged = packaged
        self._entries: dict[str, _Entry] | None = None

    def __repr__(self) -> str:
        return f"HolidayRegistry(datasets={self.datasets()!r})"

    # -- reading ------------------------------------------------------------------------

    def _state(self) -> dict[str, _Entry]:
        entries = self._entries
        if entries is None:
            with self._lock:
                if self._entries is None:
                    self._entries = _packaged() if self._packaged else {}
                entries = self._entries
        return entries

    def datasets(self) -> tuple[str, ...]:
        """The ids of every registered data set, sorted."""
        return tuple(sorted(self._state()))

    def load(self, dataset: str) -> HolidayData:
        """Return the data set `dataset` with every year registered so far.

        Raises:
            InvalidFieldError: no data set `dataset` is registered.
        """
        state = self._state()
        if not isinstance(dataset, str) or dataset not in state:  # type: ignore[redundant-expr]  # untyped callers
            raise InvalidFieldError("dataset", dataset, f"be one of {', '.join(sorted(state))}")
        return state[dataset].data

    def origins(self, dataset: str) -> dict[int, str]:
        """Where each year of `dataset` comes from: `"packaged"`, a path, an entry point.

        Raises:
            InvalidFieldError: no data set `dataset` is registered.
        """
        data = self.load(dataset)
        entry = self._state()[dataset]
        return {y.year: o for y, o in zip(data.years, entry.origins, strict=True)}

    def year(
        self,
        dataset: str,
        year: int,
        *,
        beyond_data: Literal["raise", "provisional"] = "raise",
    ) -> HolidayYear:
        """The holidays of `year`: official when registered, else by `beyond_data`.

        Args:
            dataset: A registered data set.
            year: The year.
            beyond_data: Outside the registered years, `"raise"` (default) or
                `"provisional"` (the statutory rules, see `provisional`).

        Raises:
            InvalidFieldError: unknown `dataset` or `beyond_data`; or provisional data
                asked for a data set or year the rules do not cover.
            CalendarDataMissingError: `year` is not registered and `beyond_data="raise"`.
        """
        data = self.load(dataset)
        if beyond_data not in ("raise", "provisional"):
            raise InvalidFieldError("beyond_data", beyond_data, "be 'raise' or 'provisional'")
        found = data.year(year)
        if found is not None:
            return found
        if beyond_data == "raise":
            raise CalendarDataMissingError(data.name, year, data.covered)
        return provisional(dataset, year)

    # -- loading ------------------------------------------------------------------------

    def add(self, data: HolidayData, *, origin: str) -> tuple[LoadedYear, ...]:
        """Register the years of `data` (e.g. built by `from_holidays_package`).

        Raises:
            InvalidFieldError: `data` disagrees with the registered data set's name,
                title or zone, holds provisional years, or would leave a gap in the years.
            HolidayDataConflictError: a year is registered with other dates.
        """
        if not isinstance(data, HolidayData):
            raise InvalidFieldError("data", data, "be a HolidayData")
        if not isinstance(origin, str):
            raise InvalidFieldError("origin", origin, "be a string naming where it came from")
        doc = DataFile(data.id, data.name, data.title, data.timezone, data.years)
        return self._apply([(doc, origin)])

    def load_file(self, path: str | Path) -> tuple[LoadedYear, ...]:
        """Register the years in one JSON data file (the packaged format).

        Raises:
            InvalidFieldError: the file cannot be read or is invalid (the field names the
                file and the JSON path).
            HolidayDataConflictError: a year is registered with other dates.
        """
        file = _path(path)
        return self._apply([(_parse_file(file), str(file))])

    def load_directory(self, path: str | Path) -> tuple[LoadedYear, ...]:
        """Register the years of every `*.json` file in a directory (not its subdirectories).

        All files are validated before any is registered.

        Raises:
            InvalidFieldError: the directory has no JSON file, or a file is invalid.
            HolidayDataConflictError: a year is registered, or given twice, with other dates.
        """
        folder = _path(path)
        files = sorted(folder.glob("*.json")) if folder.is_dir() else []
        if not files:
            raise InvalidFieldError("path", str(folder), "be a directory with *.json files")
        return self._apply([(_parse_file(f), str(f)) for f in files])

    def load_entry_points(self, group: str = ENTRY_POINT_GROUP) -> tuple[LoadedYear, ...]:
        """Register the data of every installed package advertising the entry-point `group`.

        Each entry point names a package (`cn2027 = "mycompany_holidays"`); every
        `*.json` file at the top of that package is a data file. All are validated before
        any is registered. No entry point at all is not an error (returns `()`).

        Raises:
            InvalidFieldError: an entry point cannot be loaded or is not a package, or a
                file is invalid.
            HolidayDataConflictError: a year is registered, or given twice, with other dates.
        """
        # Imported here: importlib.metadata costs ~20 ms, and `import supportflow` must not pay it.
        from importlib import metadata  # noqa: PLC0415

        docs: list[tuple[DataFile, str]] = []
        for point in sorted(metadata.entry_points(group=group), key=lambda p: p.name):
            origin = f"entry point {point.name} ({point.value})"
            try:
                module = point.load()
                files = resources.files(module)
            except Exception as exc:  # a third-party package: any failure is its own
                raise InvalidFieldError(
                    f"entry point {point.name}",
                    point.value,
                    f"name an importable package ({exc!r})",
                ) from exc
            found = sorted(
                (f for f in files.iterdir() if f.name.endswith(".json") and f.is_file()),
                key=lambda f: f.name,
            )
            if not found:
                raise InvalidFieldError(
                    f"entry point {point.name}", point.value, "be a package with *.json files"
                )
            for file in found:
                where = f"{origin}/{file.name}"
                try:
                    raw = json.loads(file.read_text(encoding="utf-8"))
                except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                    raise InvalidFieldError(where, file.name, f"be a JSON file ({exc})") from exc
                docs.append((parse_document(raw, where, _invalid), where))
        return self._apply(docs)

    def _apply(self, docs: list[tuple[DataFile, str]]) -> tuple[LoadedYear, ...]:
        with self._lock:
            current = self._state_unlocked()
            new, report = _merge(current, docs)
            self._entries = new
        return report

    def _state_unlocked(self) -> dict[str, _Entry]:
        if self._entries is None:
            self._entries = _packaged() if self._packaged else {}
        return self._entries


def _parse_file(file: Path) -> DataFile:
    return parse_document(_read_json(file, "path"), str(file), _invalid)


def _merge(
    current: Mapping[str, _Entry], docs: Iterable[tuple[DataFile, str]]
) -> tuple[dict[str, _Entry], tuple[LoadedYear, ...]]:
    """Decide the new state without touching `current`; raise before anything changes."""
    state = dict(current)
    report: list[LoadedYear] = []
    for doc, origin in docs:
        entry = state.get(doc.id)
        meta = (doc.name, doc.title, doc.timezone)
        if entry is None:
            if None in meta:
                raise InvalidFieldError(
                    f"{origin}: id",
                    doc.id,
                    "be a registered data set, or come with name, title and timezone",
                )
            base_years: dict[int, tuple[HolidayYear, str]] = {}
            name, title, zone = doc.name, doc.title, doc.timezone
        else:
            data = entry.data
            for key, mine, theirs in zip(
                ("name", "title", "timezone"),
                meta,
                (data.name, data.title, data.timezone),
                strict=True,
            ):
                if mine is not None and mine != theirs:
                    raise InvalidFieldError(
                        f"{origin}: {key}", mine, f"be {theirs!r} for data set {doc.id!r}"
                    )
            base_years = {y.year: (y, o) for y, o in zip(data.years, entry.origins, strict=True)}
            name, title, zone = data.name, data.title, data.timezone
        assert name is not None  # noqa: S101 - checked above
        assert title is not None  # noqa: S101 - checked above
        assert zone is not None  # noqa: S101 - checked above
        for year in doc.years:
            if year.provisional:
                raise InvalidFieldError(
                    f"{origin}: years.{year.year}.provisional",
                    year.provisional,
                    "not be set: only official data is registered",
                )
            known = base_years.get(year.year)
            if known is None:
                base_years[year.year] = (year, origin)
                report.append(LoadedYear(doc.id, year.year, origin, added=True))
            elif known[0].same_dates(year):
                report.append(LoadedYear(doc.id, year.year, origin, added=False))
            else:
                raise HolidayDataConflictError(doc.id, year.year, known[1], origin)
        ordered = [base_years[k] for k in sorted(base_years)]
        data = build_data(
            doc.id, name, title, zone, tuple(y for y, _ in ordered), f"{origin}: {doc.id}", _invalid
        )
        state[doc.id] = _Entry(data, tuple(o for _, o in ordered))
    return state, tuple(report)


def _packaged() -> dict[str, _Entry]:
    out = {}
    for dataset in DATASETS:
        text = resources.files(__package__).joinpath(f"{dataset}.json").read_text(encoding="utf-8")
        doc = parse_document(json.loads(text), f"{dataset}.json", _invalid)
        # The packaged files are complete; the asserts narrow the types for mypy.
        assert doc.name  # noqa: S101
        assert doc.title  # noqa: S101
        assert doc.timezone  # noqa: S101
        data = build_data(doc.id, doc.name, doc.title, doc.timezone, doc.years, dataset, _invalid)
        out[dataset] = _Entry(data, (PACKAGED,) * len(data.years))
    return out


def _path(value: object) -> Path:
    if not isinstance(value, str | Path) or not str(value).strip() or "\x00" in str(value):
        raise InvalidFieldError("path", value, "be a file or directory path")
    return Path(value)
