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

from supportflow import _validators
from supportflow._serialization import Reader, dump_decimal
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


@attrs.frozen
class AmountBand:
    """An amount band in one currency: `at_least <= amount < below` (either bound optional).

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

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict (no schema key: it lives inside a `PolicyCondition`)."""
        return {
            "currency": self.currency,
            "at_least": None if self.at_least is None else dump_decimal(self.at_least),
            "below": None if self.below is None else dump_decimal(self.below),
        }


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


@attrs.frozen
class PolicyCondition:
    """A conjunction of facets: every facet given must match; an empty facet matches anything.

    Attributes:
        categories, channels, products, segments, complexities, jurisdictions: The accepted
            values of each fact (a case whose fact is `None` matches only an empty facet).
        amount: An amount band the case's amount must fall in, or `None`.

    Raises:
        InvalidFieldError: a facet is not a set of non-empty strings.
    """

    categories: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_names, validator=_names
    )
    channels: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_names, validator=_names
    )
    products: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_names, validator=_names
    )
    segments: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_names, validator=_names
    )
    complexities: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_names, validator=_names
    )
    jurisdictions: frozenset[str] = attrs.field(
        default=frozenset(), converter=_to_names, validator=_names
    )
    amount: AmountBand | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(AmountBand))
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

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict: only the facets given."""
        out: dict[str, object] = {
            facet: sorted(getattr(self, facet)) for facet in _FACETS if getattr(self, facet)
        }
        if self.amount is not None:
            out["amount"] = self.amount.to_dict()
        return out


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


@attrs.frozen
class PolicyBook:
    """SLA policies by name, and the ordered rules that choose one for a case.

    Attributes:
        policies: The policies (unique names; a mapping is taken in its order).
        rules: The rules, tried in order; the first whose condition matches wins.
        default: The policy of a case no rule matches (required).

    Raises:
        InvalidFieldError: a rule or the default names no policy of the book, duplicate
            policy names, or a wrong type; the message names the field.
    """

    policies: tuple[SlaPolicy, ...] = attrs.field(converter=_to_policies, validator=_check_policies)
    rules: tuple[PolicyRule, ...] = attrs.field(converter=_to_rules, validator=_check_rules)
    default: str = attrs.field(validator=_check_default)

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

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict with a `"schema"` key; `load_policy_book` reads it back."""
        return {
            "schema": 1,
            "policies": [p.to_dict() for p in self.policies],
            "rules": [{"policy": r.policy, "when": r.when.to_dict()} for r in self.rules],
            "default": self.default,
        }

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> PolicyBook:
        """Rebuild from `to_dict()` output (or a hand-written JSON document).

        Raises:
            SerializationError: malformed; the error names the JSON path (e.g.
                `rules[1].when.amount.at_least`).
        """
        r = Reader.root(data, schema=1, keys={"policies", "rules", "default"}, path=path)
        policies = tuple(SlaPolicy.from_dict(p.value, path=p.path) for p in r.items("policies"))
        rules: list[PolicyRule] = []
        for item in r.items("rules"):
            item.require_keys({"policy", "when"})
            when = _condition(item.child("when"))
            with item.building():
                rules.append(PolicyRule(item.text("policy"), when))
        with r.building():
            return cls(policies, tuple(rules), r.raw("default"))  # type: ignore[arg-type]


def _condition(r: Reader) -> PolicyCondition:
    r.require_keys(set(), optional={*_FACETS, "amount"})
    facets: dict[str, frozenset[str]] = {}
    for facet in _FACETS:
        if r.has(facet):
            values = []
            for item in r.items(facet):
                if not isinstance(item.value, str) or not item.value.strip():
                    raise item.fail("be a non-empty string")
                values.append(item.value)
            facets[facet] = frozenset(values)
    band = None
    if r.has("amount"):
        a = r.child("amount")
        a.require_keys({"currency"}, optional={"at_least", "below"})
        with a.building():
            band = AmountBand(
                a.text("currency"),
                a.decimal("at_least") if a.has("at_least") else None,
                a.decimal("below") if a.has("below") else None,
            )
    return PolicyCondition(**facets, amount=band)


def load_policy_book(data: object) -> PolicyBook:
    """A `PolicyBook` from a parsed JSON document (the shape `PolicyBook.to_dict()` writes).

    Raises:
        SerializationError: malformed; the error names the JSON path.
    """
    return PolicyBook.from_dict(data)
