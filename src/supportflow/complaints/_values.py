"""The complaint's values: states, channels, transactions, resolutions, feedback, rules."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from typing import Any

import attrs

from supportflow import _skew, _validators
from supportflow._declarative import INTEGER, REFERENCE, Document, declared, optional, spec
from supportflow._serialization import Reader, _join, dump_duration
from supportflow.complaints._codecs import ID, described
from supportflow.complaints._referrals import ReferralStatement
from supportflow.errors import InvalidFieldError, SerializationError
from supportflow.registry import parse_ref
from supportflow.vocabulary import Channel

__all__ = [
    "KNOWN_CURRENCIES",
    "Ask",
    "Channel",
    "ComplaintRules",
    "ComplaintState",
    "Complexity",
    "Feedback",
    "Resolution",
    "ResolutionKind",
    "Transaction",
]

#: ISO 4217 codes of the currencies in use (plus gold, `XAU`, for spot-gold platforms):
#: a compensation or refund must be in one of these.
KNOWN_CURRENCIES: frozenset[str] = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN
    BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD
    FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY
    KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP
    MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR
    RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SYP SZL THB TJS TMT TND
    TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XAU XCD XOF XPF YER ZAR ZMW
    ZWG
    """.split()  # noqa: SIM905 - one readable block of codes
)


class ComplaintState(enum.Enum):
    """Where a complaint is in its life (see the diagram in the docs)."""

    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATING = "investigating"
    AWAITING_CUSTOMER = "awaiting_customer"
    ESCALATED = "escalated"
    RESOLUTION_PROPOSED = "resolution_proposed"
    RESOLVED = "resolved"
    REDIRECTED = "redirected"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"

    @property
    def is_open(self) -> bool:
        """Whether work is still owed: not resolved, redirected, withdrawn or closed."""
        return self in _OPEN


_OPEN = frozenset(
    {
        ComplaintState.RECEIVED,
        ComplaintState.ACKNOWLEDGED,
        ComplaintState.INVESTIGATING,
        ComplaintState.AWAITING_CUSTOMER,
        ComplaintState.ESCALATED,
        ComplaintState.RESOLUTION_PROPOSED,
    }
)


class Complexity(enum.Enum):
    """How complex a case is: which period of the Chinese 2020 rules applies.

    The 15-day period is for complaints with clear facts and simple disputes (SIMPLE);
    a complex case (情况复杂) may take 30 days, a particularly complex one (情况特别复杂)
    60 days with approval. The values are the names of the `cn_banking_insurance` decision
    target's extensions, so assessing a case takes them in order.
    """

    SIMPLE = "simple"
    COMPLEX = "complex"
    PARTICULARLY_COMPLEX = "particularly_complex"

    @property
    def rank(self) -> int:
        """0 (simple), 1 (complex), 2 (particularly complex)."""
        return list(Complexity).index(self)


class Ask(enum.Enum):
    """What the customer asks for."""

    REFUND = "refund"
    COMPENSATION = "compensation"
    EXPLANATION = "explanation"
    FIX = "fix"
    OTHER = "other"


class ResolutionKind(enum.Enum):
    """The kind of resolution proposed to the customer."""

    REFUND = "refund"
    COMPENSATION = "compensation"
    GUIDANCE = "guidance"
    EXPLANATION = "explanation"
    #: Rejected with reasons; the resolution must carry the customer's referral rights
    #: (`ReferralStatement`) for the complaint's jurisdiction, in the customer's language.
    REJECTION = "rejection"

    @property
    def pays(self) -> bool:
        """Whether this kind moves money (and so needs an amount and a currency)."""
        return self in {ResolutionKind.REFUND, ResolutionKind.COMPENSATION}


def _known_currency(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _validators.currency_code(_instance, attribute, value)
    if value not in KNOWN_CURRENCIES:
        raise InvalidFieldError(attribute.name, value, "be a known ISO 4217 currency")


def _text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidFieldError(attribute.name, value, "be a string")


@declared(schema=1)
@attrs.frozen
class Transaction(Document):
    """A transaction the complaint is about.

    Attributes:
        id: The platform's transaction id.
        amount: Its amount (a `Decimal`, never a float).
        currency: Its ISO 4217 currency (a known one).

    Raises:
        InvalidFieldError: a blank id, a non-`Decimal` amount or an unknown currency.
    """

    id: str = attrs.field(validator=_validators.non_empty_text, metadata=spec(ID))
    amount: decimal.Decimal = attrs.field(validator=_validators.bounded_amount)
    currency: str = attrs.field(validator=_known_currency)


def _optional_amount(instance: Resolution, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    _validators.bounded_non_negative_amount(instance, attribute, value)


def _optional_currency(
    instance: Resolution, attribute: attrs.Attribute[Any], value: object
) -> None:
    if value is None:
        return
    _known_currency(instance, attribute, value)


def _resolution_from_v1(reader: Reader) -> dict[str, object]:
    # Schema 1 had no `referral` (its rejections named the ombudsman in free text): such a
    # resolution loads with `referral=None`.
    return _added(reader, referral=None)


def _added(reader: Reader, **keys: object) -> dict[str, object]:
    """An earlier document with `keys` added; one that already has one of them is corrupt."""
    document = dict(reader.mapping_value())
    for key, value in keys.items():
        if key in document:
            raise SerializationError(_join(reader.path, key), document[key], "not be present")
        document[key] = value
    return document


@declared(schema=2, upgrades={1: _resolution_from_v1})
@attrs.frozen
class Resolution(Document):
    """What the firm proposes to put things right.

    Attributes:
        kind: Refund, compensation, guidance, explanation or rejection.
        text: What the customer is told.
        amount: For a refund or compensation: a non-negative `Decimal`; otherwise `None`.
        currency: With an amount: a known ISO 4217 currency; otherwise `None`.
        referral: The customer's referral rights as the final response states them (required
            on a rejection by `Complaint.propose_resolution`; allowed on any kind, e.g. a
            partly upheld complaint).

    Raises:
        InvalidFieldError: a negative amount, an unknown currency, a refund or compensation
            without an amount and currency, an amount on a kind that pays nothing, or a
            `referral` that is not a `ReferralStatement`. (Whether a rejection states the
            right referral rights is checked by `Complaint.propose_resolution`, against the
            complaint's jurisdiction and language.)
    """

    kind: ResolutionKind = attrs.field(validator=_validators.is_member(ResolutionKind))
    text: str = attrs.field(validator=_validators.non_empty_text)
    amount: decimal.Decimal | None = attrs.field(default=None, validator=_optional_amount)
    currency: str | None = attrs.field(default=None, validator=_optional_currency)
    referral: ReferralStatement | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(ReferralStatement)),
    )

    def __attrs_post_init__(self) -> None:
        if self.kind.pays and (self.amount is None or self.currency is None):
            raise InvalidFieldError(
                "amount", self.amount, f"be given with a currency for a {self.kind.value}"
            )
        if not self.kind.pays and (self.amount is not None or self.currency is not None):
            raise InvalidFieldError(
                "amount", self.amount, f"be None for a {self.kind.value} (it pays nothing)"
            )


def _score(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int or not 1 <= value <= 5:
        raise InvalidFieldError(attribute.name, value, "be an integer from 1 to 5")


_SCORE = described(INTEGER, {"type": "integer", "minimum": 1, "maximum": 5})


@declared(schema=1)
@attrs.frozen
class Feedback(Document):
    """The customer's satisfaction with how the complaint was handled.

    Attributes:
        score: 1 (very dissatisfied) to 5 (very satisfied).
        comment: Free text; may be empty.

    Raises:
        InvalidFieldError: a score outside 1..5 (or not an `int`).
    """

    score: int = attrs.field(validator=_score, metadata=spec(_SCORE))
    comment: str = attrs.field(default="", validator=_text)


def _ref(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        parse_ref(value, field=attribute.name)


def _tolerance(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _skew.check_tolerance(value, field=attribute.name)


def _rules_from_v1(reader: Reader) -> dict[str, object]:
    # Schema 1 (before the skew tolerance, and before references) upgrades to a tolerance
    # of zero: what every complaint did then.
    document = _added(reader, skew_tolerance=dump_duration(dt.timedelta(0)))
    if "ref" in document:
        raise SerializationError(_join(reader.path, "ref"), document["ref"], "not be present")
    return document


@declared(schema=2, upgrades={1: _rules_from_v1})
@attrs.frozen
class ComplaintRules(Document):
    """The configurable parts of the complaint workflow (one shared value per service).

    Attributes:
        reopen_window: How long after `resolve` a customer's reply reopens the complaint.
        auto_close_after: How long a RESOLVED complaint waits before `close_if_due` closes it
            (4 days by default).
        skew_tolerance: How far before the last event an event may be stamped and still be
            accepted (servers' clocks differ by milliseconds). Zero, the default, refuses
            any event stamped before the last one. Within the tolerance the event is
            recorded at the last event's time and its own stamp is kept in the audit
            record (`TransitionRecord.stamped_at`); at most 5 minutes.
        ref: The reference (`"desk_rules@1"`) these rules are registered under in a
            `supportflow.Registry`, or `None`; a complaint's row then stores the reference.

    Raises:
        InvalidFieldError: a duration that is not positive, or a tolerance out of range.
    """

    reopen_window: dt.timedelta = attrs.field(
        default=dt.timedelta(days=4), validator=_validators.positive_duration
    )
    auto_close_after: dt.timedelta = attrs.field(
        default=dt.timedelta(days=4), validator=_validators.positive_duration
    )
    skew_tolerance: dt.timedelta = attrs.field(
        default=dt.timedelta(0), validator=_tolerance, kw_only=True
    )
    ref: str | None = attrs.field(
        default=None,
        validator=_ref,
        kw_only=True,
        metadata=spec(optional(REFERENCE), omit_default=True),
    )
