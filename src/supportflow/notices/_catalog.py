"""The built-in notice catalog: 16 notices in en, zh-Hans and zh-Hant on every channel.

The texts are data: one JSON file per notice in `supportflow/notices/catalog/`, each the
`NoticeTemplate.to_dict()` form of the notice (one key per line, UTF-8, so a translator's
change is a one-line diff), loaded through the same public `load_notices` users call for
their own catalogs. The texts were written for each language, not translated word for word:
the Traditional Chinese uses Traditional vocabulary (提款, 存款, 帳戶, 訊息, 客服專線/熱線,
依序) rather than converted Simplified characters. Each SMS fits two segments for realistic
values; the tests check every file with the longest values the variables accept, and that
each email's HTML part says the same paragraphs as its text part.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Final, cast

import pendulum

from supportflow import _validators
from supportflow.errors import InvalidFieldError, SerializationError
from supportflow.notices._locale_table import LocaleTable
from supportflow.notices._locales import Money
from supportflow.notices._model import NoticeTemplate
from supportflow.notices._variables import Variable, VariableType

__all__ = ["CATALOG_NAMES", "DEFAULT_LINK_HOSTS", "catalog", "example_values", "load_notices"]

#: The hosts the catalog's links may point at unless `catalog(hosts=...)` says otherwise.
#: The data files are written with these hosts.
DEFAULT_LINK_HOSTS: Final = ("app.example.com",)

#: The names of the built-in notices, in the order a customer meets them (each is a file
#: `<name>.json` of the packaged catalog directory).
CATALOG_NAMES: Final = (
    "maintenance_announced",
    "maintenance_extended",
    "maintenance_finished",
    "withdrawal_queued",
    "withdrawal_released",
    "complaint_acknowledged",
    "complaint_deadline_explained",
    "complaint_progress",
    "resolution_proposed",
    "complaint_redirected",
    "feedback_request",
    "payment_reminder",
    "payment_expired",
    "security_alert",
    "maintenance_open_ended",
    "maintenance_update",
)


def _read(path: Path | resources.abc.Traversable, where: str) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # ValueError: bad JSON, bad UTF-8, a NUL in the name
        raise InvalidFieldError(where, str(path), f"be a readable JSON file ({exc})") from exc


def _files(source: str | Path | Iterable[str | Path]) -> list[Path]:
    if isinstance(source, str | Path):
        path = Path(source)
        try:
            if path.is_dir():
                return sorted(path.glob("*.json"))
        except (OSError, ValueError) as exc:  # a name too long, a NUL character
            raise InvalidFieldError("source", source, f"be a usable path ({exc})") from exc
        return [path]
    given: object = source
    if isinstance(given, bytes) or not isinstance(given, Iterable):
        raise InvalidFieldError("source", source, "be a directory, a file or a list of files")
    paths = list(given)
    if not all(isinstance(p, str | Path) for p in paths):
        raise InvalidFieldError("source", source, "be a directory, a file or a list of files")
    return [Path(p) for p in paths]


def load_notices(
    source: str | Path | Iterable[str | Path], *, locale_tables: Iterable[LocaleTable] = ()
) -> dict[str, NoticeTemplate]:
    """Load notice templates from JSON files, one `NoticeTemplate.to_dict()` per file.

    The built-in catalog is loaded this way, so a catalog of your own (or an edited copy of
    ours) goes through exactly the same checks: every file is parsed with
    `NoticeTemplate.from_dict`, which compiles every text.

    Example:
        ```python
        import json, pathlib, tempfile
        from supportflow.notices import catalog, load_notices

        mine = catalog()["feedback_request"].to_dict()
        mine["name"] = "our_feedback"
        with tempfile.TemporaryDirectory() as folder:
            path = pathlib.Path(folder, "our_feedback.json")
            path.write_text(json.dumps(mine, indent=2, ensure_ascii=False), encoding="utf-8")
            notices = load_notices(folder)
        assert list(notices) == ["our_feedback"]
        ```

    Args:
        source: A directory (every `*.json` file in it, in name order), one file, or a list
            of files (in that order).
        locale_tables: The tables of added locales the files have texts in (a file may
            also carry them itself, in its `locale_tables` list).

    Returns:
        The templates by name, in the order of the files.

    Raises:
        InvalidFieldError: a file is unreadable or not JSON, no file was given, or two files
            declare the same name (`field` is the file).
        SerializationError: a file is not a template; the path starts with the file's name.
        TemplateError: a file's texts do not compile.
        InvalidFieldError: `locale_tables` is not a collection of `LocaleTable` objects.
    """
    tables = _validators.items_of("locale_tables", locale_tables, LocaleTable)
    return _load(_files(source), tables)


def _load(
    paths: Iterable[Path | resources.abc.Traversable], tables: tuple[LocaleTable, ...] = ()
) -> dict[str, NoticeTemplate]:
    found: dict[str, NoticeTemplate] = {}
    where: dict[str, str] = {}
    for path in paths:
        template = _template(_read(path, path.name), path.name, tables)
        if template.name in found:
            raise InvalidFieldError(
                path.name, template.name, f"have a name no other file has ({where[template.name]})"
            )
        found[template.name] = template
        where[template.name] = path.name
    if not found:
        raise InvalidFieldError("source", [], "hold at least one notice file")
    return found


def _template(data: object, where: str, tables: tuple[LocaleTable, ...]) -> NoticeTemplate:
    try:
        return NoticeTemplate.from_dict(data, locale_tables=tables)
    except SerializationError as exc:
        raise SerializationError(f"{where}:{exc.path}", exc.value, exc.reason) from exc


@functools.cache
def _builtin() -> dict[str, NoticeTemplate]:
    folder = resources.files(__package__).joinpath("catalog")
    return _load(folder.joinpath(f"{name}.json") for name in CATALOG_NAMES)


@functools.cache
def _catalog(hosts: tuple[str, ...]) -> Mapping[str, NoticeTemplate]:
    builtin = _builtin()
    if hosts == DEFAULT_LINK_HOSTS:
        return builtin
    # Check the hosts once, as the variables would, before rebuilding every notice.
    Variable("details_url", VariableType.URL, hosts=hosts)
    out = {}
    for name, template in builtin.items():
        data = template.to_dict()
        for var in cast("list[dict[str, object]]", data["variables"]):
            if var["kind"] == VariableType.URL.value:
                var["hosts"] = list(hosts)
        out[name] = NoticeTemplate.from_dict(data)
    return out


def catalog(hosts: Iterable[str] = DEFAULT_LINK_HOSTS) -> Mapping[str, NoticeTemplate]:
    """The built-in notices by name, with links allowed to point at `hosts`.

    Every notice has texts in en, zh-Hans and zh-Hant, and all three channels (SMS,
    email with subject, preheader, text and HTML, in-app with title, body and link). Each
    has an SMS budget of 2 segments. Loaded from the packaged data files by `load_notices`,
    once per set of hosts.

    Example:
        ```python
        from supportflow.notices import CATALOG_NAMES, catalog

        notices = catalog(hosts=["app.aurumpay.example"])
        assert list(notices) == list(CATALOG_NAMES)
        assert notices["security_alert"].locales == ("en", "zh-Hans", "zh-Hant")
        ```

    Raises:
        InvalidFieldError: a host is not a lower-case host name.
    """
    return dict(_catalog(_validators.items_of("hosts", hosts, str)))


_START: Final = pendulum.datetime(2026, 3, 13, 18, 0, tz="UTC")  # Sat 14 Mar 02:00 in Beijing


def example_values(name: str, *, host: str = DEFAULT_LINK_HOSTS[0]) -> dict[str, object]:
    """Realistic values for the catalog notice `name` (used by the docs' gallery and tests).

    Raises:
        InvalidFieldError: `name` is not a catalog notice, or `host` is not a string.
    """
    if name not in CATALOG_NAMES:
        raise InvalidFieldError("name", name, f"be one of {', '.join(CATALOG_NAMES)}")
    _validators.text("host", host)
    start, end = _START, _START.add(hours=4)
    base: dict[str, object] = {
        "brand": "AurumPay",
        "hotline": "400-820-8820",
        "details_url": f"https://{host}/n/{name.replace('_', '-')}",
    }
    money = Money(Decimal("5000.00"), "CNY")
    specific: dict[str, dict[str, object]] = {
        "maintenance_announced": {
            "start": start,
            "end": end,
            "duration": end - start,
            "services": "deposits_and_withdrawals",
        },
        "maintenance_extended": {
            "previous_end": end,
            "new_end": end.add(hours=2),
            "services": "withdrawals",
        },
        "maintenance_finished": {
            "ended_at": end.add(hours=1, minutes=40),
            "services": "withdrawals",
        },
        "withdrawal_queued": {"reference": "WD-20260314-0042", "amount": money, "expected_by": end},
        "withdrawal_released": {
            "reference": "WD-20260314-0042",
            "amount": money,
            "released_at": end.add(minutes=12),
        },
        "complaint_acknowledged": {
            "reference": "CMP-2026-0815",
            "reply_by": start.add(days=1),
            "summary": "My withdrawal has been pending for 3 days <b>and nobody answers</b>",
        },
        "complaint_deadline_explained": {
            "reference": "CMP-2026-0815",
            # Received 16 Sep 2026: day 15 is 1 Oct, inside the 1-7 Oct holiday (checked by
            # hand against the State Council's 2026 notice): 8 Oct 24:00 Beijing time.
            "reply_by": pendulum.datetime(2026, 10, 8, 16, 0, tz="UTC"),
            "why": "1-7 Oct 2026 is the National Day holiday",
        },
        "complaint_progress": {
            "reference": "CMP-2026-0815",
            "stage": "escalated",
            "eta": start.add(days=5, hours=-8),
        },
        "resolution_proposed": {
            "reference": "CMP-2026-0815",
            "resolution": "compensation",
            "respond_by": start.add(days=14),
        },
        "complaint_redirected": {
            "reference": "CMP-2026-0816",
            "redirect_to": "issuing_bank",
            "contact": "95588",
        },
        "feedback_request": {"reference": "CMP-2026-0815"},
        "payment_reminder": {
            "merchant": "Golden Bay Mall",
            "amount": Money(Decimal("1288.00"), "HKD"),
            "reference": "PO-88231",
            "expires_at": start.add(minutes=15),
        },
        "payment_expired": {
            "merchant": "Golden Bay Mall",
            "amount": Money(Decimal("1288.00"), "HKD"),
            "reference": "PO-88231",
            "expired_at": start.add(minutes=15),
        },
        "security_alert": {
            "amount": Money(Decimal("49999.00"), "USD"),
            "merchant": "Nova Electronics",
            "occurred_at": start.add(days=-2, hours=-3),
        },
        "maintenance_open_ended": {
            "start": start,
            "next_update": start.add(hours=4),
            "services": "withdrawals",
        },
        "maintenance_update": {
            "start": start,
            "next_update": start.add(hours=8),
            "services": "withdrawals",
        },
    }
    return {**base, **specific[name]}
