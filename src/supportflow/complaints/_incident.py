"""Incidents: one cause (an outage, a maintenance overrun, a crash) behind many complaints.

An `Incident` is a value; linking and unlinking are audited events on each complaint
(`link_incident`, `unlink_incident`), and a complaint belongs to at most one incident. The
bulk operations act on every linked complaint all-or-nothing: if one complaint refuses,
every complaint is restored and the error is raised.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from supportflow import _validators
from supportflow._declarative import Document, declared, spec
from supportflow._machine import _restore, _snapshot
from supportflow.audit import TransitionRecord
from supportflow.complaints import _codecs, _notice_plan
from supportflow.complaints._complaint import Complaint
from supportflow.complaints._notice_plan import IncidentNoticePlan
from supportflow.complaints._referrals import ReferralStatement
from supportflow.complaints._values import ResolutionKind
from supportflow.errors import InvalidFieldError

__all__ = ["Incident"]


def _ids(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def _check_ids(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InvalidFieldError(attribute.name, value, "be a sequence of non-empty ids")
    if len(set(value)) != len(value):
        raise InvalidFieldError(attribute.name, value, "hold each id once")


def _started_at(value: object) -> dt.datetime:
    return _validators.to_instant_value(value, "started_at")


@declared(schema=1)
@attrs.frozen
class Incident(Document):
    """One cause linked to many complaints, maintenance windows and payment failures.

    Attributes:
        id: The incident's reference.
        cause: What happened (shown to agents).
        started_at: When it started (UTC).
        complaints: The ids of the linked complaints, in linking order.
        maintenance_windows: Ids of the maintenance windows involved.
        payments: Ids of the payments that failed because of it.

    Raises:
        InvalidFieldError: a blank id or cause, a naive instant, repeated ids.
    """

    id: str = attrs.field(validator=_validators.non_empty_text, metadata=spec(_codecs.ID))
    cause: str = attrs.field(validator=_validators.non_empty_text)
    started_at: dt.datetime = attrs.field(converter=_started_at)
    complaints: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_check_ids)
    maintenance_windows: tuple[str, ...] = attrs.field(
        default=(), converter=_ids, validator=_check_ids
    )
    payments: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_check_ids)

    # -- linking ----------------------------------------------------------------------

    def link(
        self, complaint: Complaint, at: dt.datetime | str, actor: str, note: str = ""
    ) -> tuple[Incident, TransitionRecord]:
        """Link `complaint`: its `link_incident` event, and the incident that lists it.

        Raises:
            InvalidFieldError: the complaint already belongs to an incident.
            IllegalTransitionError: the complaint's state does not allow linking.
        """
        _complaint(complaint)
        record = complaint.link_incident(at, actor, incident=self.id, note=note)
        return attrs.evolve(self, complaints=(*self.complaints, complaint.id)), record

    def unlink(
        self, complaint: Complaint, at: dt.datetime | str, actor: str, note: str = ""
    ) -> tuple[Incident, TransitionRecord]:
        """Unlink `complaint`: its `unlink_incident` event, and the incident without it.

        Raises:
            InvalidFieldError: the complaint is not linked to this incident.
        """
        _complaint(complaint)
        if complaint.id not in self.complaints or complaint.incident != self.id:
            raise InvalidFieldError("complaint", complaint.id, f"be linked to {self.id}")
        record = complaint.unlink_incident(at, actor, note=note)
        kept = tuple(c for c in self.complaints if c != complaint.id)
        return attrs.evolve(self, complaints=kept), record

    def with_maintenance_window(self, window_id: str) -> Incident:
        """The incident with maintenance window `window_id` listed too."""
        return attrs.evolve(self, maintenance_windows=(*self.maintenance_windows, window_id))

    def with_payment(self, payment_id: str) -> Incident:
        """The incident with failed payment `payment_id` listed too."""
        return attrs.evolve(self, payments=(*self.payments, payment_id))

    # -- bulk operations --------------------------------------------------------------

    def post_update(
        self,
        complaints: Iterable[Complaint],
        at: dt.datetime | str,
        actor: str,
        note: str = "",
        *,
        eta: str | None = None,
    ) -> tuple[TransitionRecord, ...]:
        """Post one progress update to every linked open complaint (all or none).

        Raises:
            InvalidFieldError: `complaints` is not exactly the linked complaints.
            IllegalTransitionError: a complaint refused; none was changed.
        """
        return self._each(
            complaints, lambda c: c.is_open, lambda c: (c.post_update(at, actor, note, eta=eta),)
        )

    def propose_resolution(
        self,
        complaints: Iterable[Complaint],
        at: dt.datetime | str,
        actor: str,
        *,
        kind: ResolutionKind | str,
        text: str,
        amount: decimal.Decimal | None = None,
        currency: str | None = None,
        note: str = "",
    ) -> tuple[TransitionRecord, ...]:
        """Propose one resolution to every linked complaint under investigation (all or none).

        A rejection carries each complaint's own referral rights (its jurisdiction, its
        customer's language: `Complaint.referral_statement()`) and is resolved at once, as
        the firm's final response; any other kind waits for each customer's acceptance.

        Raises:
            InvalidFieldError: `complaints` is not exactly the linked complaints, or bad
                resolution fields; a rejection for a complaint without a jurisdiction.
            IllegalTransitionError: a complaint refused; none was changed.
        """
        try:
            rejection = ResolutionKind(kind) is ResolutionKind.REJECTION
        except (ValueError, TypeError) as exc:
            choices = ", ".join(k.value for k in ResolutionKind)
            raise InvalidFieldError("kind", kind, f"be one of {choices}") from exc

        def one(c: Complaint) -> tuple[TransitionRecord, ...]:
            referral: ReferralStatement | None = c.referral_statement() if rejection else None
            proposed = c.propose_resolution(
                at,
                actor,
                kind=kind,
                text=text,
                amount=amount,
                currency=currency,
                referral=referral,
                note=note,
            )
            if not rejection:
                return (proposed,)
            return proposed, c.resolve(at, actor, note)

        if not isinstance(kind, ResolutionKind) and kind not in {k.value for k in ResolutionKind}:
            raise InvalidFieldError("kind", kind, "be a ResolutionKind")
        return self._each(complaints, lambda c: c.state.value in _WORKING, one)

    def plan_notices(
        self,
        complaints: Iterable[Complaint],
        *,
        timezone: str,
        zones: Mapping[str, str] | None = None,
        eta: dt.datetime | str | None = None,
        respond_by: dt.datetime | str | None = None,
    ) -> IncidentNoticePlan:
        """The notices the linked complaints are owed now, as one plan (changes nothing).

        From each complaint's latest event: after `post_update` (the update posted to all),
        `complaint_progress` with its stage and `eta`; after `propose_resolution`, or a
        rejection resolved at once, `resolution_proposed` with its kind and `respond_by`.
        Each names the customer's language and zone (`zones[customer]`, else `timezone`).
        A complaint owed nothing is in `skipped`, with why.

        Raises:
            InvalidFieldError: `complaints` is not exactly the linked complaints; an unknown
                zone; `eta` or `respond_by` missing (naming the complaint owed it) or naive.
        """
        chosen = self._linked(complaints)
        by_id = {c.id: c for c in chosen}
        ordered = [by_id[i] for i in self.complaints]
        return _notice_plan.plan(
            self.id, ordered, timezone=timezone, zones=zones, eta=eta, respond_by=respond_by
        )

    def _each(
        self,
        complaints: Iterable[Complaint],
        applies: Callable[[Complaint], bool],
        act: Callable[[Complaint], tuple[TransitionRecord, ...]],
    ) -> tuple[TransitionRecord, ...]:
        chosen = self._linked(complaints)
        snapshots = [(c, _snapshot(c)) for c in chosen]
        records: list[TransitionRecord] = []
        try:
            for complaint in chosen:
                if applies(complaint):
                    records.extend(act(complaint))
        except BaseException:
            for complaint, snapshot in snapshots:
                _restore(complaint, snapshot)
            raise
        return tuple(records)

    def _linked(self, complaints: Iterable[Complaint]) -> list[Complaint]:
        if isinstance(complaints, str | bytes | Mapping) or not isinstance(complaints, Iterable):
            raise InvalidFieldError(
                "complaints", complaints, "be a collection of Complaint objects"
            )
        given = list(complaints)
        if not all(isinstance(c, Complaint) for c in given):
            raise InvalidFieldError("complaints", given, "be Complaint objects")
        ids = [c.id for c in given]
        if sorted(ids) != sorted(self.complaints) or any(c.incident != self.id for c in given):
            raise InvalidFieldError(
                "complaints", ids, f"be exactly the complaints linked to {self.id}"
            )
        return given


_WORKING = frozenset({"investigating", "escalated"})


def _complaint(value: object) -> None:
    if not isinstance(value, Complaint):
        raise InvalidFieldError("complaint", value, "be a Complaint")
