"""Referral rights: where a customer may take a complaint next, per jurisdiction and language.

The packaged data (`referrals.json`) is loaded through the same public loader users call
with their own document (`load_referral_rights`). A final response that rejects a complaint
carries a `ReferralStatement` built from it, so the guard checks structure (which bodies, which
jurisdiction, which language), never English keywords in free text.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import functools
import json
from collections.abc import Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any

import attrs

from supportflow import _json_schema as _js
from supportflow import _validators
from supportflow._declarative import Document, declared, dump, load, spec
from supportflow._serialization import Reader
from supportflow.complaints import _codecs
from supportflow.errors import InvalidFieldError
from supportflow.sla import SlaClock, SlaState

if TYPE_CHECKING:
    from supportflow.registry import Registry

__all__ = [
    "LANGUAGES",
    "BodyKind",
    "ExternalReferral",
    "ReferralBody",
    "ReferralRights",
    "ReferralStatement",
    "load_referral_rights",
    "referral_rights",
]

#: The languages every referral text is written in (customer-facing).
LANGUAGES: tuple[str, ...] = ("en", "zh-Hans", "zh-Hant")

# Chinese sentences run on without a space; English ones are joined by one.
_JOINERS = {"en": " ", "zh-Hans": "", "zh-Hant": ""}


class BodyKind(enum.Enum):
    """What kind of outside body a customer may go to."""

    OMBUDSMAN = "ombudsman"
    REGULATOR = "regulator"
    MEDIATION = "mediation"


def language(value: object, field: str = "language") -> str:
    """`value` if it is one of `LANGUAGES`.

    Raises:
        InvalidFieldError: any other value.
    """
    if value not in LANGUAGES:
        raise InvalidFieldError(field, value, f"be one of {', '.join(LANGUAGES)}")
    return str(value)


def jurisdiction(value: object, field: str = "jurisdiction") -> str:
    """`value` if it is a jurisdiction code: two upper-case ASCII letters (`"CN"`, `"GB"`).

    Raises:
        InvalidFieldError: any other value.
    """
    if not (isinstance(value, str) and len(value) == 2 and value.isascii() and value.isupper()):
        raise InvalidFieldError(field, value, "be a two-letter upper-case code such as 'GB'")
    return value


def _to_texts(value: object) -> object:
    if isinstance(value, Mapping):
        return tuple(
            sorted(
                value.items(),
                key=lambda item: (
                    LANGUAGES.index(item[0]) if item[0] in LANGUAGES else len(LANGUAGES)
                ),
            )
        )
    return value


def _check_texts(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or tuple(k for k, _ in value) != LANGUAGES:
        raise InvalidFieldError(
            attribute.name, value, f"give a text in each of {', '.join(LANGUAGES)}, and no other"
        )
    for key, text in value:
        if not isinstance(text, str) or not text.strip():
            raise InvalidFieldError(f"{attribute.name}[{key!r}]", text, "be a non-empty string")


def _check_jurisdiction(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    jurisdiction(value, attribute.name)


def _check_months(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (type(value) is not int or value <= 0):
        raise InvalidFieldError(attribute.name, value, "be a positive integer or None")


def _text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidFieldError(attribute.name, value, "be a string")


# Read as written, so the class's own check names what is wrong with it.
_JURISDICTION = spec(_codecs.raw(_js.TEXT))
_LANGUAGE = spec(_codecs.raw(_js.TEXT))


def _add_months(value: dt.datetime, months: int) -> dt.datetime:
    """The same wall time `months` later; a day past the month's end is the month's last day."""
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    day = min(value.day, calendar.monthrange(year, month + 1)[1])
    return value.replace(year=year, month=month + 1, day=day)


@declared(schema=1)
@attrs.frozen
class ReferralBody(Document):
    """An outside body a customer may take a complaint to (ombudsman, regulator, mediator).

    Attributes:
        id: A stable identifier, e.g. `"uk-fos"`, `"cn-nfra"`.
        jurisdiction: The jurisdiction it serves (`"GB"`, `"US"`, `"CN"`, `"HK"`).
        kind: Ombudsman, regulator or mediation body.
        names: Its name in each of `LANGUAGES` (a mapping when built, stored as pairs).
        statements: The sentence telling the customer of the right, in each language.
        contact: Telephone and web address, as printed (may be empty).
        refer_within_months: How long after the final response the customer may refer
            (`6` for the UK ombudsman), or `None` when the body counts from something else.
        respond_within: The default time the firm has to answer the body once the customer
            referred (the event may set another rule).
        basis: Where the figures come from, for audits.

    Raises:
        InvalidFieldError: a field is out of range; the message names it.
    """

    id: str = attrs.field(validator=_validators.non_empty_text, metadata=spec(_codecs.ID))
    jurisdiction: str = attrs.field(validator=_check_jurisdiction, metadata=_JURISDICTION)
    kind: BodyKind = attrs.field(validator=attrs.validators.instance_of(BodyKind))
    names: tuple[tuple[str, str], ...] = attrs.field(
        converter=_to_texts, validator=_check_texts, metadata=spec(_codecs.texts)
    )
    statements: tuple[tuple[str, str], ...] = attrs.field(
        converter=_to_texts, validator=_check_texts, metadata=spec(_codecs.texts)
    )
    contact: str = attrs.field(default="", validator=_text)
    refer_within_months: int | None = attrs.field(
        default=None,
        validator=_check_months,
        metadata=spec(_codecs.raw(_js.nullable(_js.INTEGER))),
    )
    respond_within: dt.timedelta = attrs.field(
        default=dt.timedelta(days=14), validator=_validators.positive_duration
    )
    basis: str = attrs.field(default="", validator=_text)

    def name(self, in_language: str) -> str:
        """Its name in `in_language` (one of `LANGUAGES`).

        Raises:
            InvalidFieldError: an unknown language.
        """
        return dict(self.names)[language(in_language)]

    def statement(self, in_language: str) -> str:
        """The sentence telling the customer of the right to go to it, in `in_language`.

        Raises:
            InvalidFieldError: an unknown language.
        """
        return dict(self.statements)[language(in_language)]

    def refer_by(self, final_response_at: dt.datetime | str) -> dt.datetime | None:
        """The last instant the customer may refer, counted from the final response.

        Calendar months on the instant's UTC reading; 31 August + 6 months is 28 (or 29)
        February. `None` when the body sets no window counted from the final response.
        """
        at = _validators.to_instant_value(final_response_at, "final_response_at")
        if self.refer_within_months is None:
            return None
        return _add_months(at.astimezone(dt.UTC), self.refer_within_months)


_BODY_KEYS = frozenset(
    {
        "id",
        "kind",
        "names",
        "statements",
        "contact",
        "refer_within_months",
        "respond_within",
        "basis",
    }
)


def _check_bodies(instance: ReferralRights, _attribute: object, value: object) -> None:
    if not isinstance(value, tuple) or not value:
        raise InvalidFieldError("bodies", value, "be a non-empty sequence of ReferralBody")
    seen: set[str] = set()
    for i, body in enumerate(value):
        if not isinstance(body, ReferralBody):
            raise InvalidFieldError(f"bodies[{i}]", body, "be a ReferralBody")
        if body.jurisdiction != instance.jurisdiction:
            raise InvalidFieldError(
                f"bodies[{i}].jurisdiction", body.jurisdiction, f"be {instance.jurisdiction!r}"
            )
        if body.id in seen:
            raise InvalidFieldError(f"bodies[{i}].id", body.id, "be unique")
        seen.add(body.id)


def _to_tuple(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


@declared(schema=1)
@attrs.frozen
class ReferralRights(Document):
    """Every outside body a customer in one jurisdiction may go to, in the order stated.

    Attributes:
        jurisdiction: `"GB"`, `"US"`, `"CN"`, `"HK"`, ...
        bodies: The bodies, all of that jurisdiction, unique ids, at least one.

    Raises:
        InvalidFieldError: a field is out of range; the message names it.
    """

    jurisdiction: str = attrs.field(validator=_check_jurisdiction, metadata=_JURISDICTION)
    bodies: tuple[ReferralBody, ...] = attrs.field(converter=_to_tuple, validator=_check_bodies)

    def body(self, body_id: str) -> ReferralBody:
        """The body called `body_id`.

        Raises:
            InvalidFieldError: no body of this jurisdiction has that id.
        """
        for body in self.bodies:
            if body.id == body_id:
                return body
        known = ", ".join(b.id for b in self.bodies)
        raise InvalidFieldError(
            "body", body_id, f"be a referral body of {self.jurisdiction} ({known})"
        )

    def statement(self, in_language: str) -> ReferralStatement:
        """The referral statement for a final response in `in_language`: every body, in order.

        Raises:
            InvalidFieldError: an unknown language.
        """
        lang = language(in_language)
        text = _JOINERS[lang].join(body.statement(lang) for body in self.bodies)
        return ReferralStatement(self.jurisdiction, lang, self.bodies, text)


def _check_statement_bodies(instance: ReferralStatement, _attribute: object, value: object) -> None:
    ReferralRights(instance.jurisdiction, value)


def _check_language(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    language(value, attribute.name)


@declared(schema=1)
@attrs.frozen
class ReferralStatement(Document):
    """What a final response tells the customer about referral: the structure the guard checks.

    Build it with `ReferralRights.statement(language)` (the packaged wording) or by hand with
    your own `text` (e.g. a letter naming 监管机构 and 12378); either way it names the bodies,
    the jurisdiction and the language, which is what a rejection is checked against.

    Attributes:
        jurisdiction: The jurisdiction whose rights are stated.
        language: The language of `text` (one of `LANGUAGES`).
        bodies: The bodies named (all of `jurisdiction`, at least one).
        text: The customer-facing wording.

    Raises:
        InvalidFieldError: a field is out of range; the message names it.
    """

    jurisdiction: str = attrs.field(validator=_check_jurisdiction, metadata=_JURISDICTION)
    language: str = attrs.field(validator=_check_language, metadata=_LANGUAGE)
    bodies: tuple[ReferralBody, ...] = attrs.field(
        converter=_to_tuple, validator=_check_statement_bodies
    )
    text: str = attrs.field(validator=_validators.non_empty_text)

    @property
    def body_ids(self) -> tuple[str, ...]:
        """The ids of the bodies named, in order."""
        return tuple(b.id for b in self.bodies)


def load_referral_rights(data: object | None = None) -> dict[str, ReferralRights]:
    """Referral rights by jurisdiction, from `data` or (`None`) the packaged `referrals.json`.

    `data` is the parsed JSON document:
    `{"schema": 1, "jurisdictions": {"GB": [body, ...], ...}}`, each body an object with
    `id`, `kind`, `names` and `statements` (one text per language), `contact`,
    `refer_within_months`, `respond_within` (ISO 8601 duration) and `basis`.

    Raises:
        SerializationError: a malformed document; the error names the JSON path (e.g.
            `jurisdictions.GB[0].names`).
    """
    if data is None:
        text = resources.files(__package__).joinpath("referrals.json").read_text(encoding="utf-8")
        data = json.loads(text)
    r = Reader.root(data, schema=1, keys={"jurisdictions"})
    out: dict[str, ReferralRights] = {}
    for code, child in r.entries("jurisdictions"):
        bodies = []
        for item in child.elements():
            item.require_keys(_BODY_KEYS)
            document = {"schema": 1, **item.mapping_value(), "jurisdiction": code}
            bodies.append(ReferralBody.from_dict(document, path=item.path))
        with child.building():
            out[code] = ReferralRights(code, tuple(bodies))
    return out


@functools.cache
def _packaged() -> dict[str, ReferralRights]:
    return load_referral_rights()


def referral_rights(of: str) -> ReferralRights:
    """The packaged referral rights of jurisdiction `of` (`"GB"`, `"US"`, `"CN"`, `"HK"`).

    Raises:
        InvalidFieldError: no packaged rights for `of`.
    """
    if not isinstance(of, str):
        raise InvalidFieldError("jurisdiction", of, "be a jurisdiction code such as 'CN'")
    rights = _packaged().get(of)
    if rights is None:
        known = ", ".join(sorted(_packaged()))
        raise InvalidFieldError(
            "jurisdiction", of, f"be a jurisdiction with referral data ({known})"
        )
    return rights


def _typed(kind: type) -> Any:  # noqa: ANN401 - an attrs validator
    """An attrs validator refusing a value not of `kind` with a typed error naming the field."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise InvalidFieldError(attribute.name, value, f"be a {kind.__name__}")

    return check


@declared(schema=1)
@attrs.frozen
class ExternalReferral(Document):
    """A customer took the complaint to an outside body; the firm owes the body an answer.

    Attributes:
        body: The body it went to.
        reference: The body's case reference (unique within the complaint).
        referred_on: The date the customer referred it (as the body states it).
        clock: The response clock the body imposes, started when the firm learned of the
            referral; `answer_referral` stops it. Its target is named `referral:<reference>`.

    Raises:
        InvalidFieldError: a field is out of range; the message names it.
    """

    body: ReferralBody = attrs.field(validator=_typed(ReferralBody))
    reference: str = attrs.field(validator=_validators.non_empty_text, metadata=spec(_codecs.ID))
    referred_on: dt.date = attrs.field(validator=_typed(dt.date))
    clock: SlaClock = attrs.field(validator=_typed(SlaClock), metadata=spec(_codecs.clock))

    @property
    def answered(self) -> bool:
        """Whether the firm has answered the body (its clock is stopped)."""
        return self.clock.state is SlaState.STOPPED

    def to_dict(self, *, embed: bool = False) -> dict[str, object]:
        """A JSON-safe dict with a `"schema"` key (the clock with its target and events).

        A registered calendar of the response rule is written by reference unless `embed`.
        """
        with _codecs.reading_with(embed=embed):
            return dump(self)

    @classmethod
    def from_dict(
        cls, data: object, *, path: str = "", registry: Registry | None = None
    ) -> ExternalReferral:
        """Rebuild from `to_dict()` output (calendar references resolved in `registry`).

        Raises:
            SerializationError: malformed; the error names the JSON path.
        """
        with _codecs.reading_with(registry=registry):
            return load(cls, data, path=path)
