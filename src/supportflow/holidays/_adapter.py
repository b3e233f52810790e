"""Holiday data from the `holidays` package (optional extra `supportflow[holidays]`).

The only module that imports `holidays`; its errors are caught here and re-raised typed.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterable
from typing import Any

from supportflow import _pendulum
from supportflow.errors import InvalidFieldError, MissingExtraError
from supportflow.holidays._model import HolidayData, HolidayYear


def _package() -> Any:  # noqa: ANN401 - an optional module without stubs
    try:
        return importlib.import_module("holidays")
    except ImportError as exc:
        raise MissingExtraError("holidays", "holidays") from exc


def from_holidays_package(
    country: str,
    years: Iterable[int],
    *,
    timezone: str,
    subdiv: str | None = None,
    name: str | None = None,
) -> HolidayData:
    """Build holiday data for any country the `holidays` package covers.

    The dates are that package's public holidays (its default category) on the dates it
    lists, observed substitutes included. It knows no make-up working days, so the data
    has none: do not use it for mainland China (use the packaged `"cn"` data). Each year
    cites the package and its version as its source; check the figures against the
    official publication before relying on them for regulatory deadlines.

    Args:
        country: An ISO 3166-1 alpha-2 code the package covers, e.g. `"SG"`, `"JP"`.
        years: Consecutive years to include, e.g. `range(2025, 2028)`.
        timezone: The IANA zone of the jurisdiction, e.g. `"Asia/Singapore"`.
        subdiv: A subdivision code where the package needs one (e.g. `"ENG"` for GB).
        name: The name its calendars carry; default `country.lower()`.

    Returns:
        A `HolidayData` with id `country.lower()` (or `country-subdiv`), ready for
        `registry.add(...)` or for a `BusinessCalendar`.

    Raises:
        MissingExtraError: the `holidays` package is not installed.
        InvalidFieldError: the package does not cover `country` or `subdiv`, `years` is
            empty or not consecutive, or `timezone` is not an IANA zone.
    """
    if not _is_country_code(country):
        raise InvalidFieldError("country", country, "be an ISO 3166-1 alpha-2 code, e.g. 'SG'")
    numbers = sorted(years)
    if (
        not numbers
        or any(isinstance(y, bool) or type(y) is not int for y in numbers)
        or numbers != list(range(numbers[0], numbers[0] + len(numbers)))
    ):
        raise InvalidFieldError("years", numbers, "be consecutive integer years")
    _pendulum.zone(timezone)
    package = _package()
    code = country.upper()
    try:
        found = package.country_holidays(code, subdiv=subdiv, years=numbers)
        dates = sorted(found)
    except NotImplementedError as exc:  # how the package says "not covered"
        field, value = (
            ("subdiv", subdiv)
            if code in package.list_supported_countries()
            else ("country", country)
        )
        raise InvalidFieldError(
            field, value, f"be covered by the holidays package ({exc})"
        ) from exc
    except (KeyError, ValueError, TypeError) as exc:
        raise InvalidFieldError(
            "years", numbers, f"be years the holidays package accepts ({exc})"
        ) from exc
    version = getattr(package, "__version__", "unknown")
    where = f"{code}-{subdiv}" if subdiv else code
    per_year: dict[int, set[dt.date]] = {y: set() for y in numbers}
    for day in dates:
        if day.year in per_year:
            per_year[day.year].add(day)
    ident = where.lower()
    return HolidayData(
        id=ident,
        name=name or ident,
        title=f"Public holidays of {where} from the holidays package {version}",
        timezone=timezone,
        years=tuple(
            HolidayYear(
                year=y,
                holidays=frozenset(per_year[y]),
                workdays=frozenset(),
                source=f"holidays package {version}, country_holidays({code!r}, subdiv={subdiv!r})",
                verified="Not checked by supportflow: compare with the official publication",
            )
            for y in numbers
        ),
    )


def _is_country_code(value: object) -> bool:
    return isinstance(value, str) and len(value) == 2 and value.isascii() and value.isalpha()
