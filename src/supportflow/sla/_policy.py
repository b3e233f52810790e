"""SLA policies: the named set of targets (one clock each) a case owes."""

from __future__ import annotations

import attrs

from supportflow._declarative import (
    REFERENCE,
    Referring,
    declared,
    optional,
    sequence,
    spec,
)
from supportflow.errors import InvalidFieldError
from supportflow.sla._clock import SlaClock, SlaTarget
from supportflow.sla._codecs import part
from supportflow.sla._rule_fields import NAME
from supportflow.sla._target_fields import _flag, _name, _ref, _text, _to_tuple

__all__ = ["SlaPolicy"]


def _check_targets(_instance: object, _attribute: object, value: object) -> None:
    if (
        not isinstance(value, tuple)
        or not value
        or not all(isinstance(t, SlaTarget) for t in value)
    ):
        raise InvalidFieldError("targets", value, "be a non-empty sequence of SlaTarget")
    names = [t.name for t in value]
    if len(set(names)) != len(names):
        raise InvalidFieldError("targets", names, "have unique names")


@declared(schema=1)
@attrs.frozen
class SlaPolicy(Referring):
    """A named set of SLA targets: what a case owes and by when.

    Regulatory presets (`fca_disp`, `fca_disp_payments`, `cfpb_portal`,
    `cn_banking_insurance`) and `industry_default` return ready policies.

    Attributes:
        name: The policy's name.
        targets: Its targets, with unique names.
        source: The regulation or contract it implements, for audits.
        verified: Whether the figures were checked against the regulator's own text
            (not a secondary source). Presets say `False` unless they were.
        ref: The reference (`"industry_default@3"`) this policy is registered under in a
            `supportflow.Registry`, or `None`; set by `Registry.add`, and what stored rows
            write instead of the whole policy.

    Raises:
        InvalidFieldError: a field is out of range; nothing is built.
    """

    name: str = attrs.field(validator=_name, metadata=spec(NAME))
    targets: tuple[SlaTarget, ...] = attrs.field(
        converter=_to_tuple, validator=_check_targets, metadata=spec(sequence(part(SlaTarget)))
    )
    source: str = attrs.field(default="", validator=_text, kw_only=True)
    verified: bool = attrs.field(default=False, validator=_flag, kw_only=True)
    ref: str | None = attrs.field(
        default=None,
        validator=_ref,
        kw_only=True,
        metadata=spec(optional(REFERENCE), omit_default=True),
    )

    def target(self, name: str) -> SlaTarget:
        """The target called `name`.

        Raises:
            InvalidFieldError: the policy has no such target.
        """
        for target in self.targets:
            if target.name == name:
                return target
        known = ", ".join(t.name for t in self.targets)
        raise InvalidFieldError("target", name, f"be a target of policy {self.name!r} ({known})")

    @property
    def names(self) -> tuple[str, ...]:
        """The targets' names, in order."""
        return tuple(t.name for t in self.targets)

    def clocks(self) -> dict[str, SlaClock]:
        """A new, not yet started clock for every target, by target name."""
        return {t.name: t.clock() for t in self.targets}
