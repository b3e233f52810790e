"""Named, versioned policies, calendars, models and catalogs that stored rows refer to.

A service keeps one `Registry` (built at start-up from its configuration) and stores
*references* in its rows instead of full copies: a complaint's `to_dict()` writes
`"sla_policy": "industry_default@3"` rather than the 5 KB policy, and
`Complaint.from_dict(row, registry=registry)` resolves it again. A corrected policy is
added as a new version (`@4`); rows written under `@3` keep loading as `@3` until the
service moves them on explicitly (see each entity's `with_policy`).

A value is registered under a name and a version; what comes back from `add` is the same
value stamped with its reference (`value.ref == "industry_default@3"`), and that stamp is
what `to_dict` writes. Any attrs value type with a `ref` field can be registered: SLA
policies, business calendars, complaint rules, priority models, payment and maintenance
policies, notice templates.

Example:
    ```python
    from supportflow import Registry
    from supportflow.calendar import cn_mainland
    from supportflow.sla import industry_default

    registry = Registry()
    calendar = cn_mainland()
    policy = registry.add(industry_default(calendar), name="industry_default", version=3)
    assert policy.ref == "industry_default@3"
    assert registry.get("industry_default@3", type(policy)) is policy
    assert registry.latest("industry_default", type(policy)) is policy
    ```
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Final, TypeVar

import attrs

from supportflow.errors import InvalidFieldError

__all__ = ["Registry", "parse_ref"]

T = TypeVar("T")

_REF: Final = re.compile(r"([A-Za-z0-9][A-Za-z0-9_.:-]*)@([1-9][0-9]{0,8})")
_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]*")


def parse_ref(ref: object, *, field: str = "ref") -> tuple[str, int]:
    """Split a reference `"name@version"` into its name and version.

    Raises:
        InvalidFieldError: `ref` is not a string of that form (`field` names where it came
            from).
    """
    if not isinstance(ref, str):
        raise InvalidFieldError(field, ref, "be a reference 'name@version'")
    match = _REF.fullmatch(ref)
    if match is None:
        raise InvalidFieldError(
            field, ref, "be a reference 'name@version' (a name of letters, digits, '_.:-')"
        )
    return match.group(1), int(match.group(2))


class Registry:
    """Named, versioned values (policies, calendars, models, catalogs) by reference.

    Registering is done once, at start-up; reading (`get`, `latest`) is then safe from
    any number of threads. A reference names exactly one value forever: adding a different
    value under a reference already taken is refused, so a stored row always means what
    it meant when it was written.
    """

    __slots__ = ("_values",)

    def __init__(self) -> None:
        """An empty registry."""
        self._values: dict[tuple[str, int], Any] = {}

    def add(self, value: T, *, name: str, version: int) -> T:
        """Register `value` as `name@version` and return it stamped with that reference.

        Args:
            value: An attrs value with a `ref` field (`SlaPolicy`, `BusinessCalendar`, ...).
            name: The name, e.g. `"industry_default"` (letters, digits, `_.:-`).
            version: A positive integer; new versions of a name are added alongside.

        Returns:
            `value` with `ref == "name@version"`; store and use this one.

        Raises:
            InvalidFieldError: a malformed name or version, a value type without a `ref`
                field, or a reference already registered with a different value.
        """
        if not isinstance(name, str) or _NAME.fullmatch(name) is None:  # type: ignore[redundant-expr]
            raise InvalidFieldError("name", name, "be a name of letters, digits and '_.:-'")
        if type(version) is not int or not 1 <= version <= 999_999_999:
            raise InvalidFieldError("version", version, "be a positive integer")
        kind: Any = type(value)
        if not attrs.has(kind) or "ref" not in attrs.fields_dict(kind):
            raise InvalidFieldError(
                "value", value, "be a value type that can be referenced (one with a 'ref' field)"
            )
        ref = f"{name}@{version}"
        stamped = value if getattr(value, "ref", None) == ref else attrs.evolve(value, ref=ref)  # type: ignore[misc]
        known = self._values.get((name, version))
        if known is not None:
            if known == stamped:
                return known  # type: ignore[no-any-return]
            raise InvalidFieldError(
                "ref", ref, "not be registered again with a different value (add a new version)"
            )
        self._values[(name, version)] = stamped
        return stamped

    def get(self, ref: str, kind: type[T]) -> T:
        """The value registered as `ref` (`"name@version"`), which must be a `kind`.

        Raises:
            InvalidFieldError: `ref` is malformed, not registered, or names a value of
                another type.
        """
        name, version = parse_ref(ref)
        value = self._values.get((name, version))
        if value is None:
            known = ", ".join(f"{n}@{v}" for n, v in sorted(self._values)) or "none"
            raise InvalidFieldError("ref", ref, f"be registered (registered: {known})")
        if not isinstance(value, kind):
            raise InvalidFieldError(
                "ref", ref, f"name a {kind.__name__}, not a {type(value).__name__}"
            )
        return value

    def latest(self, name: str, kind: type[T]) -> T:
        """The highest version registered under `name` (which must be a `kind`).

        Raises:
            InvalidFieldError: nothing is registered under `name`, or it is not a `kind`.
        """
        versions = self.versions(name)
        if not versions:
            raise InvalidFieldError("name", name, "have a registered version")
        return self.get(f"{name}@{versions[-1]}", kind)

    def versions(self, name: str) -> tuple[int, ...]:
        """The versions registered under `name`, ascending (empty when none)."""
        return tuple(sorted(v for n, v in self._values if n == name))

    def refs(self) -> tuple[str, ...]:
        """Every registered reference, sorted by name then version."""
        return tuple(f"{n}@{v}" for n, v in sorted(self._values))

    def __contains__(self, ref: object) -> bool:
        """Whether `ref` (`"name@version"`) is registered."""
        if not isinstance(ref, str) or _REF.fullmatch(ref) is None:
            return False
        name, version = parse_ref(ref)
        return (name, version) in self._values

    def __len__(self) -> int:
        """How many values are registered."""
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        """Two registries are equal when they hold the same values under the same references."""
        if not isinstance(other, Registry):
            return NotImplemented
        return self._values == other._values

    __hash__: ClassVar[None] = None  # type: ignore[assignment]

    def __getstate__(self) -> dict[tuple[str, int], Any]:
        """The registered values (for pickle)."""
        return self._values

    def __setstate__(self, state: dict[tuple[str, int], Any]) -> None:
        """Restore from `__getstate__`."""
        self._values = dict(state)

    def __repr__(self) -> str:
        return f"Registry({list(self.refs())!r})"
