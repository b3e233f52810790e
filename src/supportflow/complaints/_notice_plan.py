"""The notices an incident's complaints are owed, as one plan a host can send.

`Incident.plan_notices` looks at each linked complaint's latest event and names the catalog
template it is owed, with the values the complaint supplies and the customer's locale and
time zone. The host adds its own values (`brand`, `hotline`, `details_url`) and renders each
with `supportflow.notices.catalog()[template].render(...)`; this module does not import the
notices package. A complaint owed nothing is listed in `skipped` with the reason.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Mapping
from typing import Any

import attrs

from supportflow import _json_schema as _js
from supportflow import _validators
from supportflow._declarative import Codec, Document, declared, spec
from supportflow._serialization import Reader, _join, dump_instant
from supportflow.audit import TransitionRecord
from supportflow.complaints import _codecs
from supportflow.complaints._complaint import Complaint
from supportflow.complaints._values import ComplaintState, ResolutionKind
from supportflow.errors import InvalidFieldError
from supportflow.sla import SlaState

__all__ = ["IncidentNoticePlan", "PlannedNotice", "notices_for", "plan"]

#: The catalog's `stage` choice for each state in which a progress update can be owed.
_STAGES: Mapping[ComplaintState, str] = {
    ComplaintState.INVESTIGATING: "investigating",
    ComplaintState.AWAITING_CUSTOMER: "awaiting_information",
    ComplaintState.ESCALATED: "escalated",
}


def _owes_resolution(c: Complaint, last: str) -> bool:
    """A resolution just proposed, or a rejection resolved at once as the final response."""
    if c.resolution is None:
        return False
    if last == "propose_resolution" and c.state is ComplaintState.RESOLUTION_PROPOSED:
        return True
    return (
        last == "resolve"
        and c.state is ComplaintState.RESOLVED
        and c.resolution.kind is ResolutionKind.REJECTION
    )


def _zone(value: object, field: str) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidFieldError(field, value, "be an IANA time zone name")
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InvalidFieldError(field, value, "be a known IANA time zone name") from None
    return value


def _check_zone(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _zone(value, attribute.name)


def _to_values(value: object) -> object:
    if isinstance(value, Mapping):
        value = tuple(sorted(value.items(), key=lambda item: str(item[0])))
    if not isinstance(value, tuple):
        return value
    out: list[object] = []
    for item in value:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], dt.datetime):
            name, at = item
            out.append((name, _validators.to_instant_value(at, f"values[{name!r}]")))
        else:
            out.append(item)
    return tuple(out)


def _check_values(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, tuple) or not value:
        raise InvalidFieldError("values", value, "be a non-empty mapping of name to value")
    for item in value:
        if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)):
            raise InvalidFieldError("values", value, "be a mapping of name to value")
        name, v = item
        if not isinstance(v, dt.datetime) and (not isinstance(v, str) or not v):
            raise InvalidFieldError(f"values[{name!r}]", v, "be a non-empty text or an instant")
    names = [name for name, _ in value]
    if names != sorted(set(names)):
        raise InvalidFieldError("values", names, "hold each name once, sorted")


def _dump_values(value: tuple[tuple[str, str | dt.datetime], ...]) -> object:
    return {
        name: {"instant": dump_instant(v)} if isinstance(v, dt.datetime) else {"text": v}
        for name, v in value
    }


def _load_values(value: object, path: str) -> dict[str, str | dt.datetime]:
    values: dict[str, str | dt.datetime] = {}
    for name, item in Reader(value, path).mapping_value().items():
        child = Reader(item, _join(path, name))
        if child.has("instant"):
            child.require_keys({"instant"})
            values[name] = child.instant("instant")
        else:
            child.require_keys({"text"})
            values[name] = child.text("text")
    return values


def _values_schema() -> _js.Schema:
    return _js.mapping(
        _js.one_of(_js.record({"instant": _js.INSTANT}), _js.record({"text": _js.TEXT}))
    )


_ID = spec(_codecs.ID)
#: Each value as `{"instant": ...}` or `{"text": ...}`, by name.
_VALUES = Codec(_dump_values, _load_values, _values_schema)


@declared(schema=1)
@attrs.frozen
class PlannedNotice(Document):
    """One notice a complaint is owed: which catalog template, with what, for whom.

    Attributes:
        complaint: The complaint's id.
        customer: The customer's id (the host looks up the address).
        template: The catalog template's name (`complaint_progress`, `resolution_proposed`).
        values: The values the complaint supplies, by variable name: texts and UTC instants.
            The host adds `brand`, `hotline` and `details_url`.
        locale: The customer's language (`en`, `zh-Hans`, `zh-Hant`).
        timezone: The IANA zone the customer reads times in.

    Raises:
        InvalidFieldError: a blank id or template, values that are not texts or UTC instants,
            an unknown zone.
    """

    complaint: str = attrs.field(validator=_validators.non_empty_text, metadata=_ID)
    customer: str = attrs.field(validator=_validators.non_empty_text, metadata=_ID)
    template: str = attrs.field(validator=_validators.non_empty_text, metadata=_ID)
    values: tuple[tuple[str, str | dt.datetime], ...] = attrs.field(
        converter=_to_values, validator=_check_values, metadata=spec(_VALUES)
    )
    locale: str = attrs.field(validator=_validators.non_empty_text)
    timezone: str = attrs.field(validator=_check_zone, metadata=_ID)

    def render_values(self, **host: object) -> dict[str, object]:
        """The values to render with: the complaint's, plus the host's (`brand=...`, ...).

        Raises:
            InvalidFieldError: a host value would replace one the complaint supplies.
        """
        out: dict[str, object] = dict(self.values)
        for name, value in host.items():
            if name in out:
                raise InvalidFieldError(name, value, "not replace the complaint's own value")
            out[name] = value
        return out


def _to_tuple(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def _check_notices(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(n, PlannedNotice) for n in value):
        raise InvalidFieldError("notices", value, "be a sequence of PlannedNotice")


def _check_skipped(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, tuple) or not all(
        isinstance(s, tuple) and len(s) == 2 and all(isinstance(x, str) and x.strip() for x in s)
        for s in value
    ):
        raise InvalidFieldError("skipped", value, "be (complaint id, reason) pairs")


def _load_skipped(item: Reader) -> tuple[str, str]:
    return item.text("complaint"), item.text("reason")


def _dump_skipped(pair: tuple[str, str]) -> dict[str, object]:
    return {"complaint": pair[0], "reason": pair[1]}


_SKIPPED = _codecs.records(
    _dump_skipped,
    _load_skipped,
    frozenset({"complaint", "reason"}),
    _js.record({"complaint": _js.TEXT, "reason": _js.TEXT}),
)


@declared(schema=1)
@attrs.frozen
class IncidentNoticePlan(Document):
    """Every notice an incident's complaints are owed, in linking order.

    Attributes:
        incident: The incident's id.
        notices: One `PlannedNotice` per complaint owed one.
        skipped: `(complaint id, reason)` for each linked complaint owed nothing now.

    Raises:
        InvalidFieldError: a blank incident id, malformed notices or skipped pairs.
    """

    incident: str = attrs.field(validator=_validators.non_empty_text, metadata=_ID)
    notices: tuple[PlannedNotice, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_check_notices
    )
    skipped: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_check_skipped, metadata=spec(_SKIPPED)
    )


def plan(
    incident: str,
    complaints: list[Complaint],
    *,
    timezone: str,
    zones: Mapping[str, str] | None,
    eta: object,
    respond_by: object,
) -> IncidentNoticePlan:
    """The plan for `complaints` (already checked to be the incident's); see `Incident`."""
    default = _zone(timezone, "timezone")
    own: dict[str, str] = {}
    if zones is not None:
        if not isinstance(zones, Mapping):
            raise InvalidFieldError("zones", zones, "be a mapping of customer id to zone")
        for customer, zone in zones.items():
            own[customer] = _zone(zone, f"zones[{customer!r}]")
    eta_at = None if eta is None else _validators.to_instant_value(eta, "eta")
    respond_at = (
        None if respond_by is None else _validators.to_instant_value(respond_by, "respond_by")
    )
    notices: list[PlannedNotice] = []
    skipped: list[tuple[str, str]] = []
    for c in complaints:
        last = c.history[-1].event
        zone = own.get(c.customer, default)
        values: dict[str, str | dt.datetime]
        if last == "post_update" and c.state in _STAGES:
            if eta_at is None:
                raise InvalidFieldError("eta", None, f"be given: {c.id} is owed a progress update")
            template = "complaint_progress"
            values = {"reference": c.id, "stage": _STAGES[c.state], "eta": eta_at}
        elif _owes_resolution(c, last):
            assert c.resolution is not None  # noqa: S101 - _owes_resolution checked it
            if respond_at is None:
                raise InvalidFieldError(
                    "respond_by", None, f"be given: {c.id} is owed its resolution"
                )
            template = "resolution_proposed"
            values = {
                "reference": c.id,
                "resolution": c.resolution.kind.value,
                "respond_by": respond_at,
            }
        else:
            skipped.append((c.id, f"its latest event ({last}) owes no notice"))
            continue
        notices.append(PlannedNotice(c.id, c.customer, template, values, c.language, zone))
    return IncidentNoticePlan(incident, tuple(notices), tuple(skipped))


#: The catalog `stage` shown when an event moves a complaint to one of these states.
_REQUEST_STAGE: Mapping[str, str] = {s.value: stage for s, stage in _STAGES.items()}


def _reply_by(c: Complaint, at: dt.datetime) -> dt.datetime | None:
    """The latest breach instant of the clocks running at `at`: the final-response deadline."""
    dues = [
        status.current.due_at
        for status in c.sla_status(at).values()
        if status.current is not None and status.current.state is SlaState.RUNNING
    ]
    return max(dues) if dues else None


def _owed(c: Complaint, record: TransitionRecord) -> tuple[str, dict[str, str | dt.datetime]]:
    """The template an event owes and the values the complaint supplies, or `("", {})`."""
    event, data = record.event, record.data
    values: dict[str, str | dt.datetime] = {"reference": c.id}
    if event == "acknowledge":
        reply_by = _reply_by(c, record.at)
        if reply_by is not None:
            values["reply_by"] = reply_by
        return "complaint_acknowledged", values
    if event == "triage" and data.get("in_scope") is False:
        values["redirect_to"] = str(data["redirect_to"])
        return "complaint_redirected", values
    if event in {"post_update", "request_info"} and record.to_state in _REQUEST_STAGE:
        values["stage"] = _REQUEST_STAGE[record.to_state]
        return "complaint_progress", values
    if event == "propose_resolution":
        values["resolution"] = str(data["kind"])
        return "resolution_proposed", values
    if event == "resolve":
        return "feedback_request", values
    return "", {}


def notices_for(complaint: object, *, timezone: str, since: int = 0) -> tuple[PlannedNotice, ...]:
    """The notices a complaint's history calls for, one per event that owes one, in order.

    - `acknowledge`: `complaint_acknowledged`, with `reference` and `reply_by` (the
      latest deadline of the clocks then running, when there are any);
    - `triage` out of scope: `complaint_redirected`, with `reference`, `redirect_to`;
    - `request_info`, `post_update`: `complaint_progress`, with `reference` and `stage`
      (from the state the event led to);
    - `propose_resolution`: `resolution_proposed`, with `reference` and `resolution`
      (the kind proposed then);
    - `resolve`: `feedback_request`, with `reference`.

    The host adds the rest with `PlannedNotice.render_values(brand=..., ...)` (`summary`,
    `eta`, `respond_by`, `contact`, and `reply_by` without an SLA policy) and renders
    with the catalog template of that name.

    Args:
        complaint: The complaint.
        timezone: The IANA zone the customer reads times in.
        since: Only events from this index of `history` on (e.g. how many the host has
            already handled), so each notice is planned once.

    Raises:
        InvalidFieldError: not a `Complaint`, an unknown zone, or `since` not an int from
            0 to the length of the history.
    """
    if not isinstance(complaint, Complaint):
        raise InvalidFieldError("complaint", complaint, "be a Complaint")
    zone = _zone(timezone, "timezone")
    if type(since) is not int or not 0 <= since <= len(complaint.history):
        raise InvalidFieldError(
            "since", since, f"be an int from 0 to {len(complaint.history)} (the history's length)"
        )
    out: list[PlannedNotice] = []
    for record in complaint.history[since:]:
        template, values = _owed(complaint, record)
        if template:
            out.append(
                PlannedNotice(
                    complaint.id, complaint.customer, template, values, complaint.language, zone
                )
            )
    return tuple(out)
