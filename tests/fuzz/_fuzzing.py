"""The fuzz suite's map of the public API and the values it feeds it.

Entry points are enumerated from `__all__` of `supportflow` and of every public module
under it (found by `pkgutil`, so a new module is covered without touching this file):
every exported function, every class's constructor, public class/static methods, public
methods and properties (called on valid instances), every exception class (built with
drawn fields and printed). Enums and constants are values, not calls; they are listed
under their own kinds so that the coverage test can check that nothing was left out.

Arguments are drawn from the parameter's annotation (a plausible value of that type, so
the call gets past the first check and reaches deeper code), and in a share of draws a
parameter instead gets a hostile value or a structure-aware mutation of a plausible one
(an instant moved to year 1 or 9999, a string with a control character or a foreign
whitespace, a list with a wrong element, ...). Valid instances come from the shipped
`supportflow.testing.strategies` registry, or from `SEEDS` below for the types it does
not draw.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import importlib
import inspect
import os
import pkgutil
import re
import signal
import time
import typing
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pendulum
from hypothesis import strategies as st

import supportflow
from supportflow.errors import SupportflowError
from supportflow.notices import CATALOG_NAMES
from supportflow.testing._hypothesis_hook import _registry

#: Public modules that are not fuzzed, and why. Everything else under `supportflow` is.
EXCLUDED_MODULES = {
    # A process entry point: argparse exits with SystemExit on bad arguments by design;
    # tests/test_cli.py runs it in a subprocess.
    "supportflow.cli": "command-line entry point",
    # Hypothesis strategies and state machines for users' tests, not domain calls.
    "supportflow.testing": "test tooling",
}

#: Entry points that break the time limit for a known reason, shown as expected failures
#: (not skipped) until the fix lands; remove an entry once its cause is fixed.
KNOWN_SLOW: dict[str, str] = {}

#: Entry points with a known escape of an untyped error, shown as expected failures until
#: their owner fixes them (remove an entry then; a strict xfail would flag the fix).
KNOWN_ESCAPES: dict[str, str] = {}

#: Examples per entry point: bounded in `make test`, larger under `make fuzz`.
EXAMPLES = int(os.environ.get("SUPPORTFLOW_FUZZ_EXAMPLES", "10"))
#: The longest a call on bounded input may take, in CPU seconds of this process (so the
#: limit holds on a machine shared with other work; the hard stop below is wall time).
TIME_LIMIT = 1.0


def public_modules() -> list[str]:
    """`supportflow` and every public module or package directly under it."""
    names = ["supportflow"]
    for info in pkgutil.iter_modules(supportflow.__path__):
        name = f"supportflow.{info.name}"
        if not info.name.startswith("_") and name not in EXCLUDED_MODULES:
            names.append(name)
    return sorted(names)


def exports() -> dict[str, object]:
    """Every exported object by its first public name (`module.name`), re-exports merged."""
    out: dict[str, object] = {}
    seen: set[int] = set()
    for module_name in public_modules():
        module = importlib.import_module(module_name)
        for name in module.__all__:
            value = getattr(module, name)
            if callable(value) and id(value) in seen:
                continue
            seen.add(id(value))
            out[f"{module_name}.{name}"] = value
    return out


@dataclass(frozen=True)
class EntryPoint:
    """One public call the suite fuzzes (or one exported value it classifies)."""

    export: str  # "supportflow.notices.sms_cost"
    member: str | None  # None: the export itself; else a class member's name
    kind: str  # function, constructor, classmethod, method, property, exception, enum, constant

    @property
    def id(self) -> str:
        """A readable test id."""
        return self.export if self.member is None else f"{self.export}.{self.member}"


def _is_protocol(value: type) -> bool:
    return bool(getattr(value, "_is_protocol", False))


def entry_points() -> list[EntryPoint]:
    """Every entry point of every export, in a stable order."""
    out: list[EntryPoint] = []
    for export, value in exports().items():
        if inspect.isclass(value) and issubclass(value, enum.Enum):
            out.append(EntryPoint(export, None, "enum"))
        elif inspect.isclass(value) and issubclass(value, BaseException):
            out.append(EntryPoint(export, None, "exception"))
        elif inspect.isclass(value) and _is_protocol(value):
            out.append(EntryPoint(export, None, "protocol"))
        elif inspect.isclass(value):
            out.append(EntryPoint(export, None, "constructor"))
            for name, member in _members(value):
                if isinstance(member, classmethod | staticmethod):
                    out.append(EntryPoint(export, name, "classmethod"))
                elif isinstance(member, property):
                    out.append(EntryPoint(export, name, "property"))
                elif callable(member):
                    out.append(EntryPoint(export, name, "method"))
        elif typing.get_origin(value) is not None:
            # A type alias such as `NotificationKindName` (a `Literal`): nothing to call.
            out.append(EntryPoint(export, None, "constant"))
        elif callable(value):
            out.append(EntryPoint(export, None, "function"))
        else:
            out.append(EntryPoint(export, None, "constant"))
    return out


def _members(cls: type) -> Iterator[tuple[str, object]]:
    """Public members defined by `cls` or its supportflow bases (not `object`'s)."""
    seen: set[str] = set()
    for klass in cls.__mro__:
        if not klass.__module__.startswith("supportflow"):
            continue
        for name, member in vars(klass).items():
            if name.startswith("_") or name in seen:
                continue
            seen.add(name)
            yield name, member


# -- plausible values, by annotation ------------------------------------------------------

_ZONES = ("UTC", "Asia/Shanghai", "Europe/London", "America/New_York", "Asia/Hong_Kong")
_CURRENCIES = ("CNY", "USD", "HKD", "JPY", "GBP", "BTC")

instants = st.builds(
    lambda ts, zone: dt.datetime.fromtimestamp(ts, zoneinfo.ZoneInfo(zone)),
    st.integers(1_704_067_200, 1_830_297_600),  # 2024-01-01 .. 2027-12-31 UTC
    st.sampled_from(_ZONES),
)
instant_args = st.one_of(
    instants,
    instants.map(lambda d: d.isoformat()),
    instants.map(pendulum.instance),
)
durations = st.timedeltas(dt.timedelta(0), dt.timedelta(days=30)).map(
    lambda d: dt.timedelta(seconds=int(d.total_seconds()))
)
amounts = st.decimals(0, 100_000, places=2, allow_nan=False, allow_infinity=False)
words = st.sampled_from(
    [
        "x",
        "C-1",
        "P1",
        "P3",
        "en",
        "zh-Hans",
        "zh-Hant",
        "UTC",
        "Asia/Shanghai",
        "withdrawals",
        "deposits_and_withdrawals",
        "awaiting_customer",
        "first_response",
        "resolution",
        "maintenance_announced",
        "payment_detected",
        "confirmed",
        "system",
        "agent-1",
    ]
)


def _enum_by_name() -> dict[str, type[enum.Enum]]:
    found: dict[str, type[enum.Enum]] = {}
    for value in exports().values():
        if inspect.isclass(value) and issubclass(value, enum.Enum):
            found[value.__name__] = value
    return found


def _class_by_name() -> dict[str, type]:
    found: dict[str, type] = {}
    for value in exports().values():
        if inspect.isclass(value) and not issubclass(value, enum.Enum | BaseException):
            found[value.__name__] = value
    return found


def _split(text: str, sep: str) -> list[str]:
    """Split `text` on `sep` outside brackets."""
    parts, depth, current = [], 0, ""
    for char in text:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        if char == sep and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return [p for p in parts if p]


_GENERIC = re.compile(r"^(?P<head>[\w.]+)\[(?P<args>.*)\]$")


def plausible(annotation: str, name: str) -> st.SearchStrategy[Any]:
    """A value of the annotated type that may well be accepted."""
    alternatives = _split(annotation, "|") if annotation else []
    if len(alternatives) > 1:
        return st.one_of([plausible(a, name) for a in alternatives])
    ann = alternatives[0] if alternatives else ""
    match = _GENERIC.match(ann)
    head = (match.group("head") if match else ann).rsplit(".", 1)[-1]
    args = _split(match.group("args"), ",") if match else []
    if head in {"None", "NoneType"}:
        return st.none()
    if name in {"currency", "base_currency"}:
        return st.sampled_from(_CURRENCIES)
    if name in {"timezone", "zone", "tz"} or head in {"Timezone", "FixedTimezone"}:
        return st.sampled_from(_ZONES)
    if head in {"datetime", "Instant", "DateTime"}:
        return instant_args
    if head == "timedelta":
        return durations
    if head == "date":
        return st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31))
    if head == "time":
        return st.times()
    if head == "Decimal":
        return amounts
    if head == "bool":
        return st.booleans()
    if head == "int":
        return st.integers(0, 10)
    if head == "float":
        return st.floats(0, 100)
    if head == "str" and name == "template":
        # A catalog name reaches past the lookup into `values_for`'s own checks.
        return st.sampled_from(CATALOG_NAMES) | words
    if head == "str":
        return words | st.text(max_size=12)
    if head in {"Iterable", "Sequence", "Collection", "list", "tuple", "frozenset", "set"}:
        inner = [a for a in args if a != "..."] or ["object"]
        return st.lists(plausible(inner[0], name), max_size=4)
    if head in {"Mapping", "dict"}:
        value = args[1] if len(args) == 2 else "object"
        return st.dictionaries(words, plausible(value, name), max_size=4)
    enums = _enum_by_name()
    if head in enums:
        members = list(enums[head])
        return st.sampled_from(members) | st.sampled_from([m.value for m in members])
    classes = _class_by_name()
    if head in classes:
        return instances(classes[head])
    return hostile


# -- hostile values and mutations -----------------------------------------------------------

_WHITESPACE = ["\r", "\xa0", "\u3000", "\u2003", "\t", "\n", "\u2028", "\x00", "\u202e"]


class _Deep(list[object]):
    """A list nested thousands deep whose own repr is short (Hypothesis prints draws)."""

    def __repr__(self) -> str:
        return "<list nested 3000 deep>"


def _deep(depth: int) -> list[object]:
    value: list[object] = ["x"]
    for _ in range(depth):
        value = [value]
    return _Deep(value)


_EDGE_INSTANTS = [
    dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))),
    dt.datetime(1, 1, 1, 0, 30, tzinfo=dt.timezone(dt.timedelta(hours=23, minutes=59))),
    dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.timezone(dt.timedelta(hours=-1))),
    dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC),
    dt.datetime(1, 1, 1, tzinfo=dt.UTC),
    dt.datetime(2025, 3, 9, 2, 30, tzinfo=zoneinfo.ZoneInfo("America/New_York")),  # a gap
    dt.datetime(2025, 11, 2, 1, 30, fold=1, tzinfo=zoneinfo.ZoneInfo("America/New_York")),
    dt.datetime(2025, 1, 1, 12),  # naive
]

hostile = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            0,
            -1,
            10**9,
            -(10**18),
            10**5000,
            float("nan"),
            float("inf"),
            -0.0,
            1.5,
            "",
            " ",
            "P",
            "PT1H",
            "9E+999999",
            "NaN",
            "-Infinity",
            "0001-01-01T00:00:00+01:00",
            "9999-12-31T23:59:59-01:00",
            "2025-01-01T00:00:00",
            "2025-13-45T99:00:00Z",
            "x" * 5000,
            "{name\r}",
            b"x",
            bytearray(b"y"),
            decimal.Decimal("9E+999999"),
            decimal.Decimal(-1),
            decimal.Decimal("NaN"),
            decimal.Decimal("1E-30"),
            dt.timedelta(days=3_000_000),
            dt.timedelta(days=-999_999_999),
            dt.timedelta(microseconds=-1),
            dt.timedelta.max,
            dt.date(2025, 1, 1),
            dt.time(9, 0),
            (),
            [],
            {},
            set(),
            frozenset({"x"}),
            ("x",),
            [None],
            [[["x"]]],
            {"a": {"b": []}},
            _deep(3000),
            object(),
            type,
            print,
            *_EDGE_INSTANTS,
        ]
    ),
    st.sampled_from(_EDGE_INSTANTS).map(lambda d: d.isoformat()),
    st.text(max_size=30),
    st.integers(),
    st.floats(),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[Any]) -> object:
    """A plausible value bent out of shape: the structure-aware mutations."""
    value = draw(base)
    if isinstance(value, dt.datetime):
        choice = draw(st.integers(0, 3))
        if choice == 0:
            return value.replace(tzinfo=None)
        if choice == 1:
            return value.replace(year=draw(st.sampled_from([1, 2, 9998, 9999])))
        if choice == 2:
            return value.isoformat().replace("T", draw(st.sampled_from(["", "t", " ", "TT"])))
        return value.replace(tzinfo=dt.timezone(draw(st.sampled_from(_OFFSETS))))
    if isinstance(value, str):
        at = draw(st.integers(0, len(value)))
        return value[:at] + draw(st.sampled_from(_WHITESPACE)) + value[at:]
    if isinstance(value, decimal.Decimal):
        try:
            return value.scaleb(draw(st.sampled_from([-40, 20, 999_990])))
        except decimal.Overflow:  # the mutation itself overflows the context
            return decimal.Decimal("9E+999999")
    if isinstance(value, dt.timedelta):
        try:
            return value * draw(st.sampled_from([-1, 10**6]))
        except OverflowError:
            return dt.timedelta.min
    if isinstance(value, list | tuple):
        return [*value, draw(hostile)]
    if isinstance(value, dict):
        return {**value, draw(st.text(max_size=4)): draw(hostile)}
    if isinstance(value, enum.Enum):
        return draw(st.sampled_from([str(value.value).upper(), value.name, [value.value]]))
    return draw(hostile)


_OFFSETS = [
    dt.timedelta(hours=23, minutes=59),
    dt.timedelta(hours=-23, minutes=-59),
    dt.timedelta(seconds=1),
]


def argument(annotation: str, name: str) -> st.SearchStrategy[Any]:
    """Mostly plausible; one draw in four hostile, one in four a mutation."""
    base = plausible(annotation, name)
    return st.integers(0, 7).flatmap(
        lambda n: base if n < 4 else (hostile if n < 6 else mutated(base))
    )


# -- instances ------------------------------------------------------------------------------

REGISTRY = _registry()


def _seeds() -> dict[type, Callable[[], st.SearchStrategy[Any]]]:
    """Valid instances of the classes the shipped registry does not draw."""
    from supportflow import (
        BusinessCalendar,
        ComplaintMetrics,
        EventArgument,
        EventSpec,
        LeadTimePolicy,
        Money,
        NoticeTexts,
        PriorityContribution,
        PriorityFactor,
        Registry,
        SlaCycle,
        SlaStatus,
        SmsCost,
        SystemClock,
    )
    from supportflow.complaints import DurationStats, metrics
    from supportflow.holidays import (
        Coverage,
        HolidayData,
        HolidayRegistry,
        HolidayYear,
        coverage,
        load,
    )
    from supportflow.maintenance import (
        ServiceWindow,
        SubmitResult,
        WindowLedger,
        WindowVersion,
        WithdrawalQueue,
    )
    from supportflow.notices import (
        EmailMessage,
        InAppMessage,
        LocaleTable,
        NoticeChannel,
        NoticePreview,
        PlannedSend,
        PreviewEntry,
        QuietHours,
        SendPoint,
        SendPolicy,
        SkippedSend,
        SmsMessage,
        Variable,
        VariableType,
        catalog,
        example_values,
        locale_tables,
        plan_maintenance_notices,
        preview,
        sms_cost,
    )
    from supportflow.payments import (
        BITPAY,
        Escalation,
        ExpiryPreset,
        NotificationRecord,
        NotificationResult,
        PaymentConfirmation,
        PaymentMetrics,
        RefundInstruction,
        ReminderSlot,
        SentReminder,
        payment_metrics,
    )
    from supportflow.sla import PausePeriod, industry_default

    t0 = "2026-03-02T14:00:00+08:00"

    def status() -> SlaStatus:
        clock = industry_default(BusinessCalendar.always_open()).target("resolution").clock()
        return clock.start(t0).status("2026-03-03T14:00:00+08:00")

    def cycle() -> SlaCycle:
        current = status().current
        assert current is not None
        return current

    def payment() -> PaymentConfirmation:
        return PaymentConfirmation.create("I-1", "10.00", "CNY", t0, expiry=BITPAY)

    def notification() -> NotificationResult:
        return payment().apply_notification(
            "e1", "payment_detected", t0, {"amount": "10.00", "currency": "CNY"}
        )

    def plan() -> Any:
        return plan_maintenance_notices(
            start="2026-03-14T02:00:00+08:00",
            end="2026-03-14T06:00:00+08:00",
            services="deposits_and_withdrawals",
            zones=["Asia/Shanghai"],
        )

    def notice_preview() -> NoticePreview:
        name = "maintenance_announced"
        return preview(catalog()[name], example_values(name), timezone="Asia/Shanghai")

    def rendered_sms() -> SmsMessage:
        name = "maintenance_announced"
        sms = catalog()[name].render(example_values(name), locale="en", timezone="UTC").sms
        assert sms is not None
        return sms

    def rendered_email() -> EmailMessage:
        name = "maintenance_announced"
        email = catalog()[name].render(example_values(name), locale="en", timezone="UTC").email
        assert email is not None
        return email

    def rendered_in_app() -> InAppMessage:
        name = "maintenance_announced"
        notice = catalog()[name].render(example_values(name), locale="en", timezone="UTC")
        assert notice.in_app is not None
        return notice.in_app

    def submitted() -> SubmitResult:
        queue = WithdrawalQueue()
        return queue.submit("k", customer_id="c", amount="1.00", currency="CNY", at=at0)

    def payment_with_notification() -> PaymentConfirmation:
        p = payment()
        p.apply_notification("e1", "payment_detected", t0, {"amount": "10.00", "currency": "CNY"})
        return p

    at0 = dt.datetime.fromisoformat(t0)

    seeds: dict[type, Callable[[], st.SearchStrategy[Any]]] = {
        SystemClock: lambda: st.just(SystemClock()),
        Registry: lambda: st.builds(Registry),
        EventArgument: lambda: st.just(EventArgument("at", "datetime | str", True, "When.")),
        EventSpec: lambda: st.just(
            EventSpec("acknowledge", "Acknowledge.", (EventArgument("at", "str", True, ""),))
        ),
        LeadTimePolicy: lambda: st.sampled_from(
            [
                LeadTimePolicy.days(2),
                LeadTimePolicy.five_business_days(BusinessCalendar.always_open()),
            ]
        ),
        Money: lambda: st.builds(Money, amounts, st.sampled_from(_CURRENCIES)),
        SmsCost: lambda: st.builds(sms_cost, words),
        NoticeTexts: lambda: st.builds(lambda: catalog()["maintenance_announced"].texts[0]),
        # The built-in tables, and one added locale made from the English one.
        LocaleTable: lambda: st.sampled_from(
            [
                *locale_tables().values(),
                LocaleTable.from_dict(
                    {**locale_tables()["en"].to_dict(), "tag": "ja", "aliases": ["ja-*"]}
                    | {"fallbacks": ["en"]}
                ),
            ]
        ),
        Variable: lambda: st.sampled_from(
            [
                Variable("name", VariableType.TEXT),
                Variable("when", VariableType.INSTANT),
                Variable("amount", VariableType.MONEY),
                Variable("kind", VariableType.ENUM, choices=("a", "b")),
                Variable("link", VariableType.URL, hosts=("example.com",)),
            ]
        ),
        PriorityContribution: lambda: st.builds(
            PriorityContribution, st.just(PriorityFactor.REPEAT), st.just(0), st.just((0,))
        ),
        SlaStatus: lambda: st.builds(status),
        SlaCycle: lambda: st.builds(cycle),
        ComplaintMetrics: lambda: st.builds(lambda: metrics([], t0)),
        DurationStats: lambda: st.builds(DurationStats.of, st.lists(durations, max_size=4)),
        HolidayData: lambda: st.sampled_from(["cn", "hk", "uk", "us"]).map(load),
        # A fresh registry per draw: the fuzz never changes the process-wide one.
        HolidayRegistry: lambda: st.builds(HolidayRegistry, packaged=st.booleans()),
        Coverage: lambda: st.builds(
            lambda: coverage(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), longest=30)[0]
        ),
        HolidayYear: lambda: st.builds(lambda: load("cn").years[0]),
        QuietHours: lambda: st.builds(QuietHours),
        SendPolicy: lambda: st.builds(SendPolicy),
        SendPoint: lambda: st.builds(lambda: SendPolicy().points[0]),
        PlannedSend: lambda: st.builds(lambda: plan().sends[0]),
        SkippedSend: lambda: st.just(
            SkippedSend("maintenance_announced", NoticeChannel.SMS, "UTC", at0, "quiet hours")
        ),
        NoticePreview: lambda: st.builds(notice_preview),
        PreviewEntry: lambda: st.builds(lambda: notice_preview().entries[0]),
        SmsMessage: lambda: st.builds(rendered_sms),
        EmailMessage: lambda: st.builds(rendered_email),
        InAppMessage: lambda: st.builds(rendered_in_app),
        ExpiryPreset: lambda: st.just(BITPAY),
        NotificationResult: lambda: st.builds(notification),
        NotificationRecord: lambda: st.builds(lambda: payment_with_notification().notifications[0]),
        PaymentMetrics: lambda: st.builds(lambda: payment_metrics([payment()])),
        RefundInstruction: lambda: st.just(
            RefundInstruction("I-1", decimal.Decimal("1.00"), "CNY", "excess")
        ),
        ReminderSlot: lambda: st.just(ReminderSlot("50%", at0)),
        SentReminder: lambda: st.just(SentReminder("50%", at0)),
        Escalation: lambda: st.just(Escalation(at0, "unanswered", 2)),
        PausePeriod: lambda: st.just(PausePeriod(t0, None, "awaiting_customer")),
        ServiceWindow: lambda: st.builds(lambda w: w.services[0], instances_of_windows()),
        WindowVersion: lambda: st.builds(lambda w: w.current, instances_of_windows()),
        WindowLedger: lambda: st.just(WindowLedger("w")),
        SubmitResult: lambda: st.builds(submitted),
        **_later_seeds(t0, at0),
    }
    return seeds


def _later_seeds(t0: str, at0: dt.datetime) -> dict[type, Callable[[], st.SearchStrategy[Any]]]:
    """Seeds for the explanation, provisional-deadline, refund and incident types."""
    from supportflow.calendar import Explanation, ExplanationSpan, cn_mainland
    from supportflow.complaints import AmountBand, CaseFacts, DurationStats, PolicyCondition
    from supportflow.complaints._metrics import Breakdown
    from supportflow.maintenance import HeldWithdrawal, StatusUpdate
    from supportflow.payments import (
        CommandRecord,
        Dispute,
        DisputeStatus,
        RefundRecord,
        RefundStatus,
    )
    from supportflow.sla import (
        CalendarDays,
        Deadline,
        DeadlineExplanation,
        ExtensionNote,
        PauseNote,
        cn_banking_insurance,
        deadline,
        explain_deadline,
    )

    def explanation() -> Explanation:
        return cn_mainland().explain("2025-09-30T09:00:00+08:00", "2025-10-13T12:00:00+08:00")

    def cycle_explanation() -> DeadlineExplanation:
        clock = (
            cn_banking_insurance()
            .target("decision")
            .clock()
            .start("2025-09-16T10:00:00+08:00")
            .pause("2025-09-18T10:00:00+08:00", "external_appraisal")
        )
        return clock.explain("2025-09-19T10:00:00+08:00")

    def provisional() -> Deadline:
        rule = CalendarDays.civil_code(15, cn_mainland(beyond_data="provisional"))
        return deadline(rule, "2026-12-20T10:00:00+08:00")

    return {
        Explanation: lambda: st.builds(explanation),
        ExplanationSpan: lambda: st.builds(lambda: explanation().spans[0]),
        DeadlineExplanation: lambda: st.sampled_from(
            [
                explain_deadline(CalendarDays.civil_code(15, cn_mainland()), t0),
                cycle_explanation(),
            ]
        ),
        PauseNote: lambda: st.builds(lambda: cycle_explanation().pauses[0]),
        ExtensionNote: lambda: st.just(ExtensionNote("complex", "head office", at0)),
        Deadline: lambda: st.builds(provisional),
        CommandRecord: lambda: st.just(CommandRecord("expire", at0, "system")),
        RefundRecord: lambda: st.just(
            RefundRecord("R-1", decimal.Decimal("1.00"), RefundStatus.PENDING)
        ),
        AmountBand: lambda: st.just(AmountBand("CNY", decimal.Decimal(0), decimal.Decimal(100))),
        CaseFacts: lambda: st.just(CaseFacts("fees", "phone")),
        PolicyCondition: lambda: st.just(PolicyCondition(categories=frozenset({"fees"}))),
        Breakdown: lambda: st.just(Breakdown(1, {}, DurationStats.of([]), None)),
        HeldWithdrawal: lambda: st.builds(_held),
        StatusUpdate: lambda: st.just(StatusUpdate(at0, "still working")),
        **_delivery_seeds(at0),
        Dispute: lambda: st.just(
            Dispute(
                DisputeStatus.OPEN,
                decimal.Decimal("5.00"),
                decimal.Decimal(0),
                decimal.Decimal(0),
                None,
                at0,
            )
        ),
    }


def _delivery_seeds(at0: dt.datetime) -> dict[type, Callable[[], st.SearchStrategy[Any]]]:
    """Seeds for the delivery planner's types, made by the planner itself."""
    from supportflow.notices import (
        CustomerPreferences,
        Delivery,
        DeliveryPlan,
        DeliveryPolicy,
        Send,
        Suppressed,
        catalog,
        plan,
    )

    def send() -> Send:
        return Send.of(catalog()["payment_reminder"], id="s-1", customer="c-1", due=at0)

    def prefs() -> CustomerPreferences:
        return CustomerPreferences("c-1", "Asia/Shanghai")

    def planned() -> DeliveryPlan:
        return plan([send()], [prefs()], DeliveryPolicy(), at0)

    return {
        Send: lambda: st.builds(send),
        CustomerPreferences: lambda: st.builds(prefs),
        DeliveryPolicy: lambda: st.builds(DeliveryPolicy),
        DeliveryPlan: lambda: st.builds(planned),
        Delivery: lambda: st.builds(lambda: planned().deliveries[0]),
        Suppressed: lambda: st.just(Suppressed("s-2", "c-1", "payment_reminder", "opted out")),
    }


def _held() -> Any:
    from supportflow.maintenance import HeldWithdrawal

    return HeldWithdrawal("W-1", "C-1", decimal.Decimal("10.00"), "CNY", dt.timedelta(hours=25))


def instances_of_windows() -> st.SearchStrategy[Any]:
    """Maintenance windows from the shipped strategies."""
    from supportflow import MaintenanceWindow

    strategy: st.SearchStrategy[Any] = REGISTRY[MaintenanceWindow]()
    return strategy


_SEEDS: dict[type, Callable[[], st.SearchStrategy[Any]]] = {}


def seeds() -> dict[type, Callable[[], st.SearchStrategy[Any]]]:
    """The hand-written instance factories (built once)."""
    if not _SEEDS:
        _SEEDS.update(_seeds())
    return _SEEDS


def instances(cls: type) -> st.SearchStrategy[Any]:
    """Valid instances of `cls`: the shipped registry first, then `SEEDS`."""
    if cls in REGISTRY:
        return st.deferred(REGISTRY[cls])
    if cls in seeds():
        return st.deferred(seeds()[cls])
    msg = f"no valid instances of {cls.__qualname__}: add a seed in tests/fuzz/_fuzzing.py"
    raise LookupError(msg)


def needs_instances(point: EntryPoint) -> bool:
    """Whether the entry point is called on an instance."""
    return point.kind in {"method", "property"}


# -- calling ---------------------------------------------------------------------------------


def target(point: EntryPoint) -> object:
    """The exported object an entry point belongs to."""
    return exports()[point.export]


def parameters(func: Callable[..., Any]) -> list[inspect.Parameter]:
    """The parameters a caller passes (no `self`, no `*args`/`**kwargs`)."""
    try:
        signature = inspect.signature(func)
    except (TypeError, ValueError):
        return []
    return [
        p
        for p in signature.parameters.values()
        if p.kind not in {p.VAR_POSITIONAL, p.VAR_KEYWORD} and p.name != "self"
    ]


@st.composite
def calls(draw: st.DrawFn, func: Callable[..., Any]) -> tuple[list[Any], dict[str, Any]]:
    """Arguments for `func`: required ones always, optional ones sometimes."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for param in parameters(func):
        optional = param.default is not param.empty
        if optional and draw(st.booleans()):
            continue
        annotation = param.annotation if isinstance(param.annotation, str) else ""
        if not annotation and param.annotation is not param.empty:
            annotation = getattr(param.annotation, "__name__", "")
        value = draw(argument(annotation, param.name))
        if param.kind is param.POSITIONAL_ONLY or (
            param.kind is param.POSITIONAL_OR_KEYWORD and not optional
        ):
            args.append(value)
        else:
            kwargs[param.name] = value
    return args, kwargs


def snapshot(owner: object) -> object:
    """What a refused call must leave unchanged: the owner's `to_dict()`, when it has one."""
    to_dict = getattr(owner, "to_dict", None)
    if owner is None or inspect.isclass(owner) or not callable(to_dict):
        return None
    try:
        return to_dict()
    except TypeError:  # needs arguments
        return None


def checked_call(
    func: Callable[..., Any], args: list[Any], kwargs: dict[str, Any], owner: object
) -> object:
    """Call; allow only `SupportflowError` out; a refusal changes nothing; under a second."""
    before = snapshot(owner)
    started = time.process_time()
    # A hard stop well past the limit, so a hang fails the test instead of stalling it.
    previous = signal.signal(signal.SIGALRM, _too_slow)
    signal.setitimer(signal.ITIMER_REAL, HARD_STOP)
    try:
        result = func(*args, **kwargs)
    except SupportflowError as exc:
        elapsed = time.process_time() - started
        # The message and the repr of any refusal are cheap and never fail.
        str(exc)
        repr(exc)
        after = snapshot(owner)
        assert after == before, "a refused call changed the object"
        result = exc
    else:
        elapsed = time.process_time() - started
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert elapsed < TIME_LIMIT, f"the call took {elapsed:.2f} s"
    return result


#: When a call is stopped (seconds): a hang becomes a failure, not a stalled run.
HARD_STOP = 10.0


class TooSlowError(BaseException):
    """Raised into a call that outlived `HARD_STOP` (a BaseException: nothing swallows it)."""


def _too_slow(_signum: int, _frame: object) -> None:
    raise TooSlowError(f"the call was stopped after {HARD_STOP} s")
