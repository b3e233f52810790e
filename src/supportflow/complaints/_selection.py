"""Policy selection: ordered conditions mapped to an SLA policy, first match wins.

Help desks choose a case's SLA policy by conditions (Zendesk's ordered policy conditions,
ServiceNow's start conditions). A `PolicyBook` holds the policies by name and a list of
`PolicyRule`s; `select(facts)` walks the rules in order and returns the first match's
policy, or the default. It is a pure value, JSON-configurable through `load_policy_book`.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from supportflow import _json_schema as _js
from supportflow import _validators
from supportflow._declarative import Codec, Document, declared, dump, load, nested, sequence, spec
from supportflow._serialization import Reader
from supportflow.complaints import _codecs
from supportflow.errors import InvalidFieldError
from supportflow.sla import SlaPolicy

__all__ = [
    "AmountBand",
    "CaseFacts",
    "PolicyBook",
    "PolicyCondition",
    "PolicyRule",
    "load_policy_book",
]

_ID_SCHEMA: _js.Schema = {"type": "string", "minLength": 1}
_FACETS = ("categories", "channels", "products", "segments", "complexities", "jurisdictions")


def _to_names(value: object) -> object:
    if isinstance(value, str):
        return value  # refused by the validator: a bare string is not a set of names
    if isinstance(value, Iterable):
        return frozenset(value)
    return value


def _names(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, frozenset) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InvalidFieldError(attribute.name, value, "be a set of non-empty strings")


def _optional_decimal(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _validators.finite_decimal(_instance, attribute, value)


def _check_band(instance: AmountBand, _attribute: object, value: object) -> None:
    if instance.at_least is None and instance.below is None:
        raise InvalidFieldError("below", None, "be given, or at_least (a band has a bound)")
    if (
        instance.at_least is not None
        and instance.below is not None
        and instance.below <= instance.at_least
    ):
        raise InvalidFieldError("below", value, f"be above at_least ({instance.at_least})")


@declared(schema=None)
@attrs.frozen
class AmountBand(Document):
    """An amount band in one currency: `at_least <= amount < below` (either bound optional).

    Its document has no `"schema"` key: it lives inside a `PolicyCondition`.

    The amount of a case is the sum of the absolute amounts of its transactions in
    `currency`; a case without one in that currency is not in the band.

    Raises:
        InvalidFieldError: no bound, a bound that is not a finite `Decimal`, an empty band.
    """

    currency: str = attrs.field(validator=_validators.currency_code)
    at_least: decimal.Decimal | None = attrs.field(default=None, validator=_optional_decimal)
    below: decimal.Decimal | None = attrs.field(
        default=None, validator=[_optional_decimal, _check_band]
    )

    def contains(self, amount: decimal.Decimal) -> bool:
        """Whether `amount` is in the band.

        Raises:
            InvalidFieldError: `amount` is not a finite `Decimal`.
        """
        given: object = amount
        if not isinstance(given, decimal.Decimal) or not given.is_finite():
            raise InvalidFieldError("amount", amount, "be a finite Decimal")
        if self.at_least is not None and amount < self.at_least:
            return False
        return self.below is None or amount < self.below


def _dump_names(value: frozenset[str]) -> object:
    return sorted(value)


def _load_names(value: object, path: str) -> frozenset[str]:
    if value is None:  # a facet written as null is a facet not given
        return frozenset()
    names = []
    for item in Reader(value, path).elements():
        if not isinstance(item.value, str) or not item.value.strip():
            raise item.fail("be a non-empty string")
        names.append(item.value)
    return frozenset(names)


_FACET = spec(
    Codec(_dump_names, _load_names, lambda: _js.array(_ID_SCHEMA, min_items=1)), omit_default=True
)


def _load_band(value: object, path: str) -> AmountBand | None:
    if value is None:
        return None
    if isinstance(value, dict):  # either bound may be left out of a hand-written document
        value = {"at_least": None, "below": None, **value}
    return load(AmountBand, value, path=path)


_BAND = Codec(dump, _load_band, lambda: _js.ref(AmountBand))


@attrs.frozen
class CaseFacts:
    """What policy conditions look at. `Complaint.facts()` gives a complaint's.

    Attributes:
        category: The case's category.
        channel: Its channel's value (`"phone"`, `"wechat"`, ...).
        product: The product concerned, if known.
        segment: The customer segment, if known.
        complexity: The assessed complexity's value, if assessed.
        jurisdiction: The jurisdiction, if known.
        amounts: Per currency, the sum of the absolute amounts of the case's transactions.
    """

    category: str
    channel: str
    product: str | None = None
    segment: str | None = None
    complexity: str | None = None
    jurisdiction: str | None = None
    amounts: tuple[tuple[str, decimal.Decimal], ...] = ()


@declared(schema=None)
@attrs.frozen
class PolicyCondition(Document):
    """A conjunction of facets: every facet given must match; an empty facet matches anything.

    Its document lists only the facets given (each sorted) and the band, if any.

    Attributes:
        categories, channels, products, segments, complexities, jurisdictions: The accepted
            values of each fact (a case whose fact is `None` matches only an empty facet).
        amount: An amount band the case's amount must fall in, or `None`.

    Raises:
        InvalidFieldError: a facet is not a set of non-empty strings.
    """

    categories: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_names, validator=_names, metadata=_FACET
    )
    channels: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_names, validator=_names, metadata=_FACET
    )
    products: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_names, validator=_names, metadata=_FACET
    )
    segments: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_names, validator=_names, metadata=_FACET
    )
    complexities: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_names, validator=_names, metadata=_FACET
    )
    jurisdictions: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_names, validator=_names, metadata=_FACET
    )
    amount: AmountBand | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(attrs.validators.instance_of(AmountBand)),
        metadata=spec(_BAND, omit_default=True),
    )

    def matches(self, facts: CaseFacts) -> bool:
        """Whether `facts` meet every facet.

        Raises:
            InvalidFieldError: `facts` is not a `CaseFacts`.
        """
        if not isinstance(facts, CaseFacts):
            raise InvalidFieldError("facts", facts, "be a CaseFacts")
        pairs = (
            (self.categories, facts.category),
            (self.channels, facts.channel),
            (self.products, facts.product),
            (self.segments, facts.segment),
            (self.complexities, facts.complexity),
            (self.jurisdictions, facts.jurisdiction),
        )
        if any(accepted and value not in accepted for accepted, value in pairs):
            return False
        if self.amount is None:
            return True
        total = dict(facts.amounts).get(self.amount.currency)
        return total is not None and self.amount.contains(total)


def _is_condition(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, PolicyCondition):
        raise InvalidFieldError(attribute.name, value, "be a PolicyCondition")


@attrs.frozen
class PolicyRule:
    """One row of the selection: when `when` matches, the case follows `policy`.

    Raises:
        InvalidFieldError: a blank policy name or a condition that is not a `PolicyCondition`.
    """

    policy: str = attrs.field(validator=_validators.non_empty_text)
    when: PolicyCondition = attrs.field(validator=_is_condition)


def _to_policies(value: object) -> object:
    if isinstance(value, Mapping):
        return tuple(value.values())
    return tuple(value) if isinstance(value, list | tuple) else value


def _check_policies(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, tuple) or not value:
        raise InvalidFieldError("policies", value, "be a non-empty sequence of SlaPolicy")
    seen: set[str] = set()
    for i, policy in enumerate(value):
        if not isinstance(policy, SlaPolicy):
            raise InvalidFieldError(f"policies[{i}]", policy, "be an SlaPolicy")
        if policy.name in seen:
            raise InvalidFieldError(f"policies[{i}].name", policy.name, "be unique")
        seen.add(policy.name)


def _to_rules(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def _check_rules(instance: PolicyBook, _attribute: object, value: object) -> None:
    if not isinstance(value, tuple):
        raise InvalidFieldError("rules", value, "be a sequence of PolicyRule")
    known = {p.name for p in instance.policies}
    for i, rule in enumerate(value):
        if not isinstance(rule, PolicyRule):
            raise InvalidFieldError(f"rules[{i}]", rule, "be a PolicyRule")
        if rule.policy not in known:
            raise InvalidFieldError(
                f"rules[{i}].policy", rule.policy, f"name a policy ({', '.join(sorted(known))})"
            )


def _check_default(instance: PolicyBook, _attribute: attrs.Attribute[str], value: str) -> None:
    known = {p.name for p in instance.policies}
    if value not in known:
        raise InvalidFieldError("default", value, f"name a policy ({', '.join(sorted(known))})")


def _load_rule(item: Reader) -> PolicyRule:
    when = _CONDITION.load(item.raw("when"), item.child("when").path)
    with item.building():
        return PolicyRule(item.text("policy"), when)


def _dump_rule(rule: PolicyRule) -> dict[str, object]:
    return {"policy": rule.policy, "when": rule.when.to_dict()}


_CONDITION = nested(PolicyCondition)
_RULES = _codecs.records(
    _dump_rule,
    _load_rule,
    frozenset({"policy", "when"}),
    _js.record({"policy": _ID_SCHEMA, "when": _js.ref(PolicyCondition)}),
)
# The book's own check names an empty list; the schema says so too.
_POLICIES = _codecs.described(
    sequence(nested(SlaPolicy)), _js.array(_js.ref(SlaPolicy), min_items=1)
)


@declared(schema=1)
@attrs.frozen
class PolicyBook(Document):
    """SLA policies by name, and the ordered rules that choose one for a case.

    Attributes:
        policies: The policies (unique names; a mapping is taken in its order).
        rules: The rules, tried in order; the first whose condition matches wins.
        default: The policy of a case no rule matches (required).

    Raises:
        InvalidFieldError: a rule or the default names no policy of the book, duplicate
            policy names, or a wrong type; the message names the field.
    """

    policies: tuple[SlaPolicy, ...] = attrs.field(
        converter=_to_policies, validator=_check_policies, metadata=spec(_POLICIES)
    )
    rules: tuple[PolicyRule, ...] = attrs.field(
        converter=_to_rules, validator=_check_rules, metadata=spec(_RULES)
    )
    default: str = attrs.field(validator=_check_default, metadata=spec(_codecs.raw(_ID_SCHEMA)))

    def policy(self, name: str) -> SlaPolicy:
        """The policy called `name`.

        Raises:
            InvalidFieldError: no policy of the book has that name.
        """
        for policy in self.policies:
            if policy.name == name:
                return policy
        raise InvalidFieldError("policy", name, "name a policy of the book")

    def select(self, facts: CaseFacts) -> SlaPolicy:
        """The policy of the first rule whose condition matches `facts`, else the default."""
        if not isinstance(facts, CaseFacts):
            raise InvalidFieldError("facts", facts, "be a CaseFacts")
        for rule in self.rules:
            if rule.when.matches(facts):
                return self.policy(rule.policy)
        return self.policy(self.default)


def load_policy_book(data: object) -> PolicyBook:
    """A `PolicyBook` from a parsed JSON document (the shape `PolicyBook.to_dict()` writes).

    Raises:
        SerializationError: malformed; the error names the JSON path.
    """
    return PolicyBook.from_dict(data)
