"""Investigation records: evidence gathered and the root cause found, from a taxonomy."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from supportflow import _validators
from supportflow._declarative import Document, declared, spec
from supportflow.complaints import _codecs
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


@declared(schema=1)
@attrs.frozen
class Evidence(Document):
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


@declared(schema=1)
@attrs.frozen
class RootCauseTaxonomy(Document):
    """The root causes an investigation may find (configurable per service).

    Attributes:
        causes: The names, in the order reports list them.

    Raises:
        InvalidFieldError: no cause, a blank or repeated one.
    """

    causes: tuple[str, ...] = attrs.field(
        converter=_to_tuple,
        validator=_causes,
        # Read as a whole: the validator names `causes` for any bad or repeated name.
        metadata=spec(
            _codecs.raw_list({"type": "array", "items": {"type": "string", "minLength": 1}})
        ),
    )

    def check(self, cause: object) -> str:
        """`cause` if it is one of `causes`.

        Raises:
            InvalidFieldError: any other value (field `cause`).
        """
        if cause not in self.causes:
            raise InvalidFieldError("cause", cause, f"be one of {', '.join(self.causes)}")
        return str(cause)


#: The default taxonomy: the causes the domain names.
ROOT_CAUSES = RootCauseTaxonomy(
    ("system", "network", "operator", "customer", "third_party", "fraud")
)
