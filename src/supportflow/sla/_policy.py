"""SLA policies: the named set of targets (one clock each) a case owes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from supportflow._declarative import REFERENCE, Document, declared, optional, sequence, spec
from supportflow.errors import InvalidFieldError
from supportflow.sla._clock import SlaClock, SlaTarget
from supportflow.sla._codecs import dumping, loading, part
from supportflow.sla._rule_fields import NAME
from supportflow.sla._target_fields import _flag, _name, _ref, _text, _to_tuple

if TYPE_CHECKING:
    from supportflow.registry import Registry

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
class SlaPolicy(Document):
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

    def to_dict(self, *, embed: bool = False) -> dict[str, object]:
        """A JSON-safe dict: the whole policy, its registered calendars by reference.

        Args:
            embed: Embed registered calendars too (an audit export that needs no registry).
        """
        return dumping(self, embed)

    @classmethod
    def from_dict(
        cls, data: object, *, path: str = "", registry: Registry | None = None
    ) -> SlaPolicy:
        """Rebuild a policy from `to_dict()` output.

        Args:
            data: The dict.
            path: Its JSON path inside a larger document (for errors).
            registry: Resolves calendars written as references (`"cn_mainland@1"`).

        Raises:
            SerializationError: the dict is malformed, or a calendar reference cannot be
                resolved; the error names the JSON path.
        """
        return loading(cls, data, path, registry)
