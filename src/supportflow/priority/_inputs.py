"""`PriorityInputs`: the facts about one work item that its priority is computed from."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

import attrs

from supportflow import _pendulum, _validators
from supportflow._declarative import NONEMPTY, Codec, Document, declared, enum_codec, sequence, spec
from supportflow._json_schema import array, enum_of
from supportflow.errors import InvalidFieldError

if TYPE_CHECKING:
    from supportflow.complaints import Complaint

__all__ = ["PriorityInputs", "Vulnerability", "epoch_us"]


class Vulnerability(enum.Enum):
    """A vulnerability flag the caller supplies about the customer."""

    ELDERLY = "elderly"
    DISABILITY = "disability"
    FINANCIAL_HARDSHIP = "financial_hardship"


_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MICROSECOND: Final = dt.timedelta(microseconds=1)

#: The largest impact/urgency level any model accepts (a 4 x 4 matrix).
MAX_LEVEL: Final = 4


def epoch_us(value: dt.datetime) -> int:
    """Microseconds since the POSIX epoch, exactly (an aware datetime)."""
    return dt.datetime.__sub__(value, _EPOCH) // _MICROSECOND


def _received_at(value: dt.datetime | str) -> dt.datetime:
    return _pendulum.instant(value, field="received_at")


def _due_at(value: dt.datetime | str | None) -> dt.datetime | None:
    return None if value is None else _pendulum.instant(value, field="due_at")


def _hold_ends_at(value: dt.datetime | str | None) -> dt.datetime | None:
    return None if value is None else _pendulum.instant(value, field="hold_ends_at")


def _amount(value: decimal.Decimal | int | str) -> decimal.Decimal:
    return _validators.amount("amount", value)


def _vulnerabilities(value: Iterable[Vulnerability | str]) -> frozenset[Vulnerability]:
    return frozenset(_validators.choices("vulnerabilities", value, Vulnerability))


def _level(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or not 1 <= value <= MAX_LEVEL:
        raise InvalidFieldError(
            attribute.name, value, f"be an ITIL level from 1 (highest) to at most {MAX_LEVEL}"
        )


def _flag(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not bool:
        raise InvalidFieldError(attribute.name, value, "be True or False")


def _count(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or value < 0:
        raise InvalidFieldError(attribute.name, value, "be an int >= 0")


def _optional_currency(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _validators.currency_code(instance, attribute, value)


def _optional_channel(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _validators.non_empty_text(instance, attribute, value)


_FLAGS = sequence(enum_codec(Vulnerability))

#: The vulnerability flags as a JSON list of their values, sorted (a set has no order).
_VULNERABILITIES = Codec(
    lambda flags: sorted(v.value for v in flags),
    _FLAGS.load,
    lambda: array(enum_of(Vulnerability)),
)


@declared(schema=1)
@attrs.frozen(kw_only=True)
class PriorityInputs(Document):
    """The facts about one work item (a complaint, a ticket) that its priority depends on.

    Only facts: no weights (those are the `PriorityModel`'s) and no "now" (the instant is
    passed to `score`/`rank`). Impact and urgency follow ITIL: **1 is the highest**.

    Example:
        ```python
        from decimal import Decimal
        from supportflow import PriorityInputs, Vulnerability

        item = PriorityInputs(
            id="C-1",
            received_at="2026-01-05T09:00:00+08:00",
            impact=2,
            urgency=2,
            amount=Decimal("58000"),
            vulnerabilities={Vulnerability.ELDERLY},
        )
        assert item.currency is None  # the model's base currency
        ```

    Attributes:
        id: The item's id (the last tie-breaker when ranking).
        received_at: When the item was received (aging counts from here).
        impact: ITIL impact level, 1 (highest) to the model's number of levels.
        urgency: ITIL urgency level, 1 (highest) to the model's number of levels.
        due_at: The nearest SLA breach instant, or `None` when no SLA clock runs.
            Feed it from your SLA tracking (e.g. the earliest open deadline); the model
            only compares it with the scoring instant.
        amount: Money at stake, a `Decimal` >= 0 (an `int` or a decimal string is accepted;
            a float is not), below 10**15 with at most 8 decimal places.
        currency: ISO 4217 code of `amount`; `None` means the model's base currency.
        vulnerabilities: Vulnerability flags the caller supplies.
        regulator: A regulator is involved.
        media: The media are involved.
        repeat_count: How many earlier complaints the customer made about the same problem.
        funds_held: The customer's funds are frozen or withheld (e.g. a queued withdrawal).
        hold_ends_at: The hold's announced end; once it has passed, the hold is the
            strongest signal. Only allowed when `funds_held`.
        fraud_signal: A fraud or abnormal-transaction signal is raised.
        channel: The intake channel (a key of the model's `channel_points`), or `None`.

    Raises:
        InvalidFieldError: a field is malformed (naive instant, float or negative amount,
            level out of 1..4, ...); the message names it. The model checks the rest
            (levels beyond its matrix, currencies without a rate, unknown channels) when
            scoring.
    """

    id: str = attrs.field(validator=_validators.non_empty_text, metadata=spec(NONEMPTY))
    received_at: dt.datetime = attrs.field(converter=_received_at)
    impact: int = attrs.field(validator=_level)
    urgency: int = attrs.field(validator=_level)
    due_at: dt.datetime | None = attrs.field(default=None, converter=_due_at)
    amount: decimal.Decimal = attrs.field(default=decimal.Decimal(0), converter=_amount)
    currency: str | None = attrs.field(default=None, validator=_optional_currency)
    vulnerabilities: frozenset[Vulnerability] = attrs.field(
        default=frozenset(), converter=_vulnerabilities, metadata=spec(_VULNERABILITIES)
    )
    regulator: bool = attrs.field(default=False, validator=_flag)
    media: bool = attrs.field(default=False, validator=_flag)
    repeat_count: int = attrs.field(default=0, validator=_count)
    funds_held: bool = attrs.field(default=False, validator=_flag)
    hold_ends_at: dt.datetime | None = attrs.field(default=None, converter=_hold_ends_at)
    fraud_signal: bool = attrs.field(default=False, validator=_flag)
    channel: str | None = attrs.field(default=None, validator=_optional_channel)
    # Derived once, never compared or serialised: the instants as epoch microseconds, and
    # the time-independent part of the score under the last model that ranked this item.
    _received_us: int = attrs.field(init=False, eq=False, repr=False)
    _due_us: int | None = attrs.field(init=False, eq=False, repr=False)
    _hold_end_us: int | None = attrs.field(init=False, eq=False, repr=False)
    _prepared: Any = attrs.field(init=False, eq=False, repr=False, default=None)

    def __attrs_post_init__(self) -> None:
        if self.hold_ends_at is not None and not self.funds_held:
            raise InvalidFieldError(
                "hold_ends_at", self.hold_ends_at, "be None unless funds_held is True"
            )
        object.__setattr__(self, "_received_us", epoch_us(self.received_at))
        due = self.due_at
        object.__setattr__(self, "_due_us", None if due is None else epoch_us(due))
        end = self.hold_ends_at
        object.__setattr__(self, "_hold_end_us", None if end is None else epoch_us(end))

    def __getstate__(self) -> dict[str, object]:
        return {key: getattr(self, key) for key in _FACTS}

    def __setstate__(self, state: dict[str, object]) -> None:
        for key in _FACTS:
            object.__setattr__(self, key, state[key])
        object.__setattr__(self, "_prepared", None)
        self.__attrs_post_init__()

    @classmethod
    def from_complaint(
        cls,
        complaint: Complaint,
        *,
        at: dt.datetime | str,
        vulnerabilities: Iterable[Vulnerability | str] = (),
        media: bool = False,
        funds_held: bool = False,
        hold_ends_at: dt.datetime | str | None = None,
        fraud_signal: bool = False,
        amount: decimal.Decimal | int | str | None = None,
        currency: str | None = None,
    ) -> PriorityInputs:
        """The priority facts of `complaint` at instant `at`, ready for `score` and `rank`.

        - `id`, `received_at`: its id and intake instant (aging, the waiting time, counts
          from intake);
        - `impact`, `urgency`: its priority by `COMPLAINT_PRIORITY_LEVELS`: P1 (1, 1),
          P2 (1, 2), P3 (2, 2), P4 (2, 3), P5 (3, 3), which the default matrix maps back;
        - `due_at`: the earliest breach instant of its clocks running at `at` (external
          referrals included; paused and stopped clocks left out);
        - `amount`, `currency`: the sum of its transactions' amounts whatever their sign
          (a reversal of -50 puts 50 at stake), when they are in one currency;
        - `regulator`: it came in as a `regulator_referral`, or has an external referral;
        - `repeat_count`: how many earlier complaints it repeats;
        - `channel`: its channel's name (a key of the default model's channel table).

        What a complaint does not record is given by the caller: `vulnerabilities`,
        `media`, `funds_held` (with `hold_ends_at`), `fraud_signal`; and `amount` with
        `currency` when its transactions are in several currencies.

        Example:
            ```python
            from supportflow.complaints import Complaint
            from supportflow.priority import PriorityInputs, rank

            complaint = Complaint.receive(
                id="C-7",
                customer="cust-1",
                channel="web_form",
                description="card payment taken twice",
                received_at="2026-01-05T09:00:00+08:00",
                actor="intake",
                priority="P2",
            )
            item = PriorityInputs.from_complaint(complaint, at="2026-01-05T10:00:00+08:00")
            assert (item.impact, item.urgency, item.channel) == (1, 2, "web_form")
            assert rank([item], "2026-01-05T10:00:00+08:00") == [item]
            ```

        Raises:
            InvalidFieldError: `complaint` is not a `Complaint`; `at` is not an aware
                instant; transactions in several currencies and no `amount`
                (`complaint.transactions`); a caller-supplied fact is malformed.
        """
        # Imported here: the priority package needs no lifecycle package until a
        # complaint is actually adapted.
        from supportflow.priority._from_complaint import from_complaint  # noqa: PLC0415

        return from_complaint(
            complaint,
            at=at,
            vulnerabilities=vulnerabilities,
            media=media,
            funds_held=funds_held,
            hold_ends_at=hold_ends_at,
            fraud_signal=fraud_signal,
            amount=amount,
            currency=currency,
        )


#: The facts (every field a caller gives): what equality, pickling and the document cover.
_FACTS: Final = tuple(a.name for a in attrs.fields(PriorityInputs) if a.init)
