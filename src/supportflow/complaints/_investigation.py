"""Investigation records: evidence gathered and the root cause found, from a taxonomy."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from supportflow import _validators
from supportflow._serialization import Reader, dump_instant
from supportflow.errors import InvalidFieldError

__all__ = ["ROOT_CAUSES", "Evidence", "EvidenceKind", "RootCauseTaxonomy"]


class EvidenceKind(enum.Enum):
    """What a piece of evidence is."""

    TRADE_RECORD = "trade_record"
    TRANSACTION_RECORD = "transaction_record"
    ACCOUNT_LOG = "account_log"
    SYSTEM_LOG = "system_log"
    CHAT_LOG = "chat_log"
    CALL_RECORDING = "call_recording"
    SCREENSHOT = "screenshot"
    DOCUMENT = "document"


def _text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidFieldError(attribute.name, value, "be a string")


def _added_at(value: object) -> dt.datetime:
    return _validators.to_instant_value(value, "added_at")


@attrs.frozen
class Evidence:
    """One piece of evidence on a complaint (a reference to it, never the content).

    Attributes:
        kind: Trade record, log, recording, screenshot, ...
        reference: Where it is (a storage key, a trade id, a recording id).
        added_by: Who added it.
        added_at: When (UTC).
        description: What it shows; may be empty.

    Raises:
        InvalidFieldError: a blank reference or actor, a naive instant, an unknown kind.
    """

    kind: EvidenceKind = attrs.field(validator=attrs.validators.instance_of(EvidenceKind))
    reference: str = attrs.field(validator=_validators.non_empty_text)
    added_by: str = attrs.field(validator=_validators.non_empty_text)
    added_at: dt.datetime = attrs.field(converter=_added_at)
    description: str = attrs.field(default="", validator=_text)

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict with a `"schema"` key."""
        return {
            "schema": 1,
            "kind": self.kind.value,
            "reference": self.reference,
            "added_by": self.added_by,
            "added_at": dump_instant(self.added_at),
            "description": self.description,
        }

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> Evidence:
        """Rebuild from `to_dict()` output.

        Raises:
            SerializationError: malformed; the error names the JSON path.
        """
        keys = {"kind", "reference", "added_by", "added_at", "description"}
        r = Reader.root(data, schema=1, keys=keys, path=path)
        with r.building():
            return cls(
                r.enum("kind", EvidenceKind),
                r.text("reference"),
                r.text("added_by"),
                r.instant("added_at"),
                r.text("description"),
            )


def _causes(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if (
        not isinstance(value, tuple)
        or not value
        or not all(isinstance(v, str) and v.strip() == v and v for v in value)
        or len(set(value)) != len(value)
    ):
        raise InvalidFieldError(attribute.name, value, "be unique non-empty names, at least one")


def _to_tuple(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


@attrs.frozen
class RootCauseTaxonomy:
    """The root causes an investigation may find (configurable per service).

    Attributes:
        causes: The names, in the order reports list them.

    Raises:
        InvalidFieldError: no cause, a blank or repeated one.
    """

    causes: tuple[str, ...] = attrs.field(converter=_to_tuple, validator=_causes)

    def check(self, cause: object) -> str:
        """`cause` if it is one of `causes`.

        Raises:
            InvalidFieldError: any other value (field `cause`).
        """
        if cause not in self.causes:
            raise InvalidFieldError("cause", cause, f"be one of {', '.join(self.causes)}")
        return str(cause)

    def to_dict(self) -> dict[str, object]:
        """A JSON-safe dict with a `"schema"` key."""
        return {"schema": 1, "causes": list(self.causes)}

    @classmethod
    def from_dict(cls, data: object, *, path: str = "") -> RootCauseTaxonomy:
        """Rebuild from `to_dict()` output.

        Raises:
            SerializationError: malformed; the error names the JSON path.
        """
        r = Reader.root(data, schema=1, keys={"causes"}, path=path)
        causes = [item.value for item in r.items("causes")]
        with r.building():
            return cls(tuple(causes))  # the validator checks each name


#: The default taxonomy: the causes the domain names.
ROOT_CAUSES = RootCauseTaxonomy(
    ("system", "network", "operator", "customer", "third_party", "fraud")
)
