"""Every exception supportflow raises on purpose.

Catch `SupportflowError` to handle anything the library refuses; catch a subclass to
handle one kind of refusal. Errors about bad input also inherit `ValueError`, so code
that already guards against `ValueError` keeps working. Every error carries structured
fields (`field`, `value`, `path`, `state`, `event`, ...) so callers never parse messages,
and every error pickles (it crosses process boundaries in task queues).

The tree:

```text
SupportflowError                      base; never raised itself
├── InvalidFieldError (ValueError)    a field got a value it cannot accept
│   ├── NaiveDatetimeError            a datetime without a time zone
│   └── UnknownTimezoneError          not an IANA zone name (or an ambiguous abbreviation)
├── SerializationError (ValueError)   a dict from `to_dict` was corrupted or is of an unknown schema
│   ├── NewerSchemaError              a dict written by a newer supportflow than this one
│   └── ProviderPayloadError          a payment provider's webhook payload cannot be mapped
├── ReadOnlyFieldError (AttributeError)  an entity's field assigned directly instead of by an event
├── IdempotencyConflictError (ValueError)  a replayed key (event id, client key) with other content
├── RefundExceedsReceivedError (ValueError)  refunds would return more than the payment received
├── HolidayDataConflictError (ValueError)  a holiday year given again with other dates
├── MissingExtraError (ImportError)   an optional feature's package is not installed
├── IllegalTransitionError            an event that the entity's current state does not allow
├── CalendarError                     a business calendar cannot answer
│   └── CalendarDataMissingError      holiday data does not cover the year asked about
└── TemplateError                     a notice template is unsafe, malformed or misused
    ├── TemplateSyntaxError (ValueError)     the template text does not parse
    ├── TemplateVariableError (ValueError)   a variable is undeclared, missing or of the wrong type
    └── SmsBudgetError (ValueError)          the rendered SMS needs more segments than its budget
```

A refused operation never changes anything: the object it was called on is left exactly
as it was, and nothing half-built is returned.

Messages show the offending value shortened (long strings and collections are cut with
`...`, deep nesting is elided), so `str(err)` is always cheap and never fails; the
`value` attribute keeps the value exactly as given.
"""

from __future__ import annotations

import reprlib

import attrs

__all__ = [
    "CalendarDataMissingError",
    "CalendarError",
    "HolidayDataConflictError",
    "IdempotencyConflictError",
    "IllegalTransitionError",
    "InvalidFieldError",
    "MissingExtraError",
    "NaiveDatetimeError",
    "NewerSchemaError",
    "ProviderPayloadError",
    "ReadOnlyFieldError",
    "RefundExceedsReceivedError",
    "SerializationError",
    "SmsBudgetError",
    "SupportflowError",
    "TemplateError",
    "TemplateSyntaxError",
    "TemplateVariableError",
    "UnknownTimezoneError",
]


class SupportflowError(Exception):
    """Base of every exception supportflow raises on purpose. Never raised itself."""

    def __repr__(self) -> str:
        # Like the default, but each field shortened: a repr must never fail either.
        return f"{type(self).__name__}({', '.join(shown(arg) for arg in self.args)})"


_MAX_SHOWN = 200


def _make_repr() -> reprlib.Repr:
    short = reprlib.Repr()
    short.maxlevel = 4
    short.maxstring = short.maxother = short.maxlong = 120
    short.maxlist = short.maxtuple = short.maxset = short.maxfrozenset = short.maxdict = 12
    return short


_SHORT = _make_repr()


def _said(value: object) -> str:
    """A field that should be a string (a name, a reason), put in a message safely."""
    if isinstance(value, str) and len(value) <= _MAX_SHOWN:
        return value
    return shown(value)


def shown(value: object) -> str:
    """`repr(value)`, shortened to at most about 200 characters; never raises.

    Deeply nested values, huge integers and objects whose `repr` fails are shown in
    outline rather than crashing the message.
    """
    try:
        text = _SHORT.repr(value)
    except Exception:  # noqa: BLE001 - a message must never fail; fall back to the type
        if isinstance(value, int):  # longer than Python converts to a string
            return f"<int of {value.bit_length()} bits>"
        return f"<{type(value).__name__}>"
    if len(text) > _MAX_SHOWN:
        text = text[: _MAX_SHOWN - 3] + "..."
    return text


@attrs.define(auto_exc=True, repr=False)
class InvalidFieldError(SupportflowError, ValueError):
    """A field got a value it cannot accept; nothing was created or changed.

    Raised by constructors and by methods that take input. Fix the value named by
    `field`; `reason` finishes the sentence "`field` must ...".

    Attributes:
        field: The name of the field or argument, e.g. `"weekly.mon[1][0]"`.
        value: The offending value, as given.
        reason: What the value must be, e.g. `"be timezone-aware"`.
    """

    field: str
    value: object
    reason: str

    def __str__(self) -> str:
        return f"{_said(self.field)}={shown(self.value)}: must {_said(self.reason)}"


@attrs.define(auto_exc=True, repr=False)
class NaiveDatetimeError(InvalidFieldError):
    """A datetime without a time zone was given where an instant is needed.

    supportflow never assumes UTC or the machine's local zone: attach the zone the
    time was observed in (`pendulum.datetime(..., tz="Asia/Shanghai")` or a stdlib
    `datetime` with `tzinfo`), or give an ISO 8601 string with an offset.
    """

    reason: str = "be timezone-aware (a naive datetime is never assumed to be UTC)"


@attrs.define(auto_exc=True, repr=False)
class UnknownTimezoneError(InvalidFieldError):
    """A time-zone name is not a known IANA zone, or is an ambiguous abbreviation.

    Use a full IANA name such as `"Asia/Shanghai"` or `"America/New_York"`; abbreviations
    such as `"CST"` (China, US Central or Cuba?) are rejected.
    """

    reason: str = "be an IANA time-zone name such as 'Asia/Shanghai'"


@attrs.define(auto_exc=True, repr=False)
class SerializationError(SupportflowError, ValueError):
    """A dict given to a `from_dict` cannot be turned back into an object.

    Raised for unknown `"schema"` versions, missing or extra keys, and values of the wrong
    type or format. `path` is the JSON path of the offending value (`"history[3].at"`),
    `value` is that value, and `reason` finishes the sentence "`path` must ...".
    """

    path: str
    value: object
    reason: str

    def __str__(self) -> str:
        where = _said(self.path) or "<root>"
        return f"{where}={shown(self.value)}: must {_said(self.reason)}"


@attrs.define(auto_exc=True, repr=False)
class IdempotencyConflictError(SupportflowError, ValueError):
    """An idempotency key was replayed with different content.

    Raised when a provider notification's event id was applied before with another kind or
    amount, or a withdrawal's client key was submitted before with another amount or
    customer. A true replay is a no-op; a conflicting one is a bug or an attack upstream:
    nothing was changed, so investigate the sender.

    Attributes:
        key: The idempotency key (event id or client key).
        field: What differs, e.g. `"amount"`.
        first: The value recorded first.
        second: The value of the replay.
    """

    key: str
    field: str
    first: object
    second: object

    def __str__(self) -> str:
        return (
            f"{shown(self.key)} was first seen with {_said(self.field)}={shown(self.first)}, "
            f"now with {_said(self.field)}={shown(self.second)}"
        )


@attrs.define(auto_exc=True, repr=False)
class IllegalTransitionError(SupportflowError):
    """An event was fired that the entity's current state does not allow.

    The entity is left exactly as it was, history included. `entity` names the entity
    (e.g. `"Complaint CMP-1"`), `state` is its state, `event` the refused event, and
    `reason` says why when it was a guard rather than the transition table.
    """

    entity: str
    state: str
    event: str
    reason: str = "the state does not allow this event"

    def __str__(self) -> str:
        return (
            f"{_said(self.entity)}: cannot {shown(self.event)} in state {shown(self.state)}: "
            f"{_said(self.reason)}"
        )


@attrs.define(auto_exc=True)
class HolidayDataConflictError(SupportflowError, ValueError):
    """A holiday year was given again with other dates than the ones already registered.

    Raised by `supportflow.holidays.HolidayRegistry` loaders; nothing was registered.
    The same year with the same dates is accepted (it is a no-op). Remove one of the two
    sources, or correct the wrong one.

    Attributes:
        dataset: The data set's id, e.g. `"cn"`.
        year: The year given twice.
        existing: Where the registered year comes from (`"packaged"`, a path, an entry point).
        origin: Where the conflicting year comes from.
    """

    dataset: str
    year: int
    existing: str
    origin: str

    def __str__(self) -> str:
        return (
            f"holiday data {self.dataset!r} {self.year} from {self.origin} differs from "
            f"the year already registered from {self.existing}"
        )


@attrs.define(auto_exc=True)
class MissingExtraError(SupportflowError, ImportError):
    """An optional feature needs a package that is not installed.

    Install the extra named by `extra`, e.g. `pip install "supportflow[holidays]"`.

    Attributes:
        package: The missing distribution, e.g. `"holidays"`.
        extra: The supportflow extra that installs it.
    """

    package: str
    extra: str

    def __str__(self) -> str:
        return f"{self.package!r} is not installed: install supportflow[{self.extra}]"


class CalendarError(SupportflowError):
    """A business calendar cannot answer the question asked of it."""


@attrs.define(auto_exc=True, repr=False)
class CalendarDataMissingError(CalendarError, LookupError):
    """A computation needs a date in a year that the calendar's holiday data does not cover.

    Never guessed: extend the data (`supportflow.holidays.registry.load_file(...)`), build
    the calendar with `beyond_data="provisional"` to use the statutory rules (figures are
    then marked provisional), or with `beyond_data="weekly"` to accept weekly hours alone
    outside the covered years.

    Attributes:
        calendar: The calendar's name or preset.
        year: The year that is not covered.
        covered: The years that are covered, as `(first, last)`.
    """

    calendar: str
    year: int
    covered: tuple[int, int] | None = None

    def __str__(self) -> str:
        covered = self.covered
        span = ""
        if isinstance(covered, tuple) and len(covered) == 2:
            span = f" (data covers {shown(covered[0])}-{shown(covered[1])})"
        return f"calendar {shown(self.calendar)} has no holiday data for {shown(self.year)}{span}"


class TemplateError(SupportflowError):
    """A notice template is unsafe, malformed, or was rendered with unfit values."""


@attrs.define(auto_exc=True, repr=False)
class TemplateSyntaxError(TemplateError, ValueError):
    """The template text does not parse; `line` and `column` (1-based) point at the problem.

    Attributes:
        message: What is wrong.
        line: 1-based line of the problem.
        column: 1-based column of the problem.
        template: The template's name, when it has one.
    """

    message: str
    line: int
    column: int
    template: str = ""

    def __str__(self) -> str:
        where = f"{_said(self.template)}:" if self.template else ""
        return f"{where}{shown(self.line)}:{shown(self.column)}: {_said(self.message)}"


@attrs.define(auto_exc=True, repr=False)
class TemplateVariableError(TemplateError, ValueError):
    """A template variable is undeclared, missing, unused, or got a value it cannot accept.

    Attributes:
        variable: The variable's name.
        value: The offending value (or `None` when it is missing).
        reason: Finishes the sentence "`variable` must ...".
    """

    variable: str
    value: object
    reason: str

    def __str__(self) -> str:
        return (
            f"template variable {_said(self.variable)}={shown(self.value)}: "
            f"must {_said(self.reason)}"
        )


@attrs.define(auto_exc=True, repr=False)
class SmsBudgetError(TemplateError, ValueError):
    """The SMS part of a notice, rendered with the given values, exceeds its segment budget.

    Raised by `NoticeTemplate.render` when the template declares `sms_segments` and the
    values make the text longer (nothing is sent half-way). Shorten the values, use a
    shorter date style in the SMS text, or raise the budget knowingly.

    Attributes:
        template: The template's name.
        locale: The locale that was rendered.
        segments: The segments the text needs.
        budget: The segments the template allows.
        encoding: `"GSM-7"` or `"UCS-2"`.
    """

    template: str
    locale: str
    segments: int
    budget: int
    encoding: str

    def __str__(self) -> str:
        return (
            f"{_said(self.template)} [{_said(self.locale)}]: the SMS needs "
            f"{shown(self.segments)} {_said(self.encoding)} segments; "
            f"the budget is {shown(self.budget)}"
        )


# -- payments (issue 14) ---------------------------------------------------------------------


@attrs.define(auto_exc=True)
class ProviderPayloadError(SerializationError):
    """A payment provider's webhook payload cannot be mapped to a notification.

    Raised by the provider mappers in `supportflow.payments.providers` when a field is
    missing, of the wrong type, or has a value the provider does not document. `path` is
    the JSON path inside the payload (`"data.object.amount"`). Answer the provider with an
    error status (it retries), log the payload and investigate: nothing was applied.
    """


@attrs.define(auto_exc=True)
class RefundExceedsReceivedError(SupportflowError, ValueError):
    """Refunds would return more money than the payment received.

    Raised by `PaymentConfirmation.apply_notification` and `request_refund`: nothing was
    changed. A processor's refund notification can arrive before the payment it refunds;
    answer such a webhook with an error status so the provider retries it later.

    Attributes:
        key: The event id (or refund request) that was refused.
        refunds: The total the outstanding refunds would reach (a decimal string).
        received: The money received (a decimal string).
    """

    key: str
    refunds: str
    received: str

    def __str__(self) -> str:
        return (
            f"{self.key!r}: refunds would reach {self.refunds}, more than received {self.received}"
        )


# -- persistence (issue 15) ------------------------------------------------------------------


@attrs.define(auto_exc=True, repr=False)
class NewerSchemaError(SerializationError):
    """A dict was written by a newer supportflow, in a schema this version cannot read.

    Raised by every `from_dict` (never a partial read) when the document's `"schema"` is
    above the newest version this installation knows: typically an older server reading a
    row that a newer one wrote during a rolling deploy. Finish the deploy (or keep the row
    for the newer servers); nothing was loaded.

    Attributes:
        found: The schema version the document states.
        supported: The newest schema version this installation reads.
    """

    found: int = 0
    supported: int = 0

    def __str__(self) -> str:
        where = _said(self.path) or "<root>"
        return (
            f"{where}={shown(self.value)}: written in schema {self.found}, newer than "
            f"schema {self.supported}, the newest this supportflow reads; upgrade supportflow"
        )


@attrs.define(auto_exc=True, repr=False)
class ReadOnlyFieldError(SupportflowError, AttributeError):
    """A field of a stateful entity was assigned directly.

    An entity's state, priority, history and version change only through its events
    (`complaint.close(...)`, `payment.apply_notification(...)`), which check the rules and
    record what happened. Assigning `complaint.state = ...` would skip both and leave a row
    that `from_dict` later refuses, so it is refused here and nothing changes.

    Attributes:
        entity: The entity's type name (`"Complaint"`).
        field: The field that was assigned.
        value: The value that was refused.
    """

    entity: str
    field: str
    value: object

    def __str__(self) -> str:
        return (
            f"{_said(self.entity)}.{_said(self.field)}={shown(self.value)}: fields are "
            "read-only; change them through the entity's events"
        )
