"""The HTTP API: complaints, payment webhooks, the work queue, alarms and maintenance notices.

Every route does three things: turn the request into library calls, let the store save
the entity with compare-and-swap, and return the library's own JSON. All decisions are
the library's; refusals are its typed errors, mapped to status codes in one handler
(`_refused`).
"""

from __future__ import annotations

import datetime as dt
import decimal
import os
from collections.abc import Mapping
from typing import Annotated, Any, Literal, cast

import attrs
import sqlalchemy as sa
from fastapi import Body, FastAPI, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from desk.library import CATALOG, HOST_VALUES, PRIORITY_MODEL, build_registry, current_policy
from desk.store import (
    NotFoundError,
    Store,
    VersionConflictError,
    alarms_due,
    complaints,
    payments,
    windows,
)
from supportflow import (
    Complaint,
    IdempotencyConflictError,
    IllegalTransitionError,
    InvalidFieldError,
    MaintenanceWindow,
    PaymentConfirmation,
    PriorityInputs,
    RefundExceedsReceivedError,
    SupportflowError,
)
from supportflow.clock import Clock, SystemClock
from supportflow.complaints import OPEN_STATES, Transaction
from supportflow.payments import NotificationKindName

__all__ = ["DEFAULT_URL", "complaint_columns", "create_app"]

DEFAULT_URL = "sqlite:///desk.sqlite3"

JsonObject = dict[str, Any]


# -- request bodies ---------------------------------------------------------------------


class TransactionIn(BaseModel):
    """A transaction the complaint is about."""

    id: str
    amount: decimal.Decimal
    currency: str


class ComplaintIn(BaseModel):
    """A complaint as it arrives. The library checks every value (channel, priority, ...)."""

    id: str
    customer: str
    channel: str = Field(examples=["web_form", "in_app_chat", "phone", "wechat"])
    description: str
    received_at: str | None = Field(None, description="ISO 8601 with offset; default: now")
    actor: str = "intake"
    category: str = "general"
    priority: str = "P3"
    ask: str = "other"
    language: str = "en"
    transactions: list[TransactionIn] = []


class PaymentIn(BaseModel):
    """A payment window to follow."""

    id: str
    amount_due: decimal.Decimal
    currency: str
    created_at: str | None = None
    expiry_minutes: int = 60
    customer_id: str = ""


class WebhookIn(BaseModel):
    """A payment provider's notification, as the provider adapter normalised it."""

    event_id: str
    payment_id: str
    kind: str
    occurred_at: str
    payload: JsonObject = {}


class WindowIn(BaseModel):
    """A maintenance window to announce."""

    id: str
    start: str
    end: str | None
    services: list[str]
    announced_at: str | None = None


# -- the error mapping ------------------------------------------------------------------

#: First match wins: conflicts with the stored state are 409, bad input 422, the rest 400.
#: A refund delivered before the payment it returns is a 409 too: the provider delivers
#: it again later, when the payment is there.
_STATUS: tuple[tuple[type[Exception], int], ...] = (
    (NotFoundError, 404),
    (VersionConflictError, 409),
    (IllegalTransitionError, 409),
    (IdempotencyConflictError, 409),
    (RefundExceedsReceivedError, 409),
    (ValueError, 422),
)


def _json_safe(value: object) -> object:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    return str(value)


def _refused(_request: Request, exc: Exception) -> JSONResponse:
    """Every refusal as `{"error": <type>, "message": ..., <the error's own fields>}`."""
    status = next((code for kind, code in _STATUS if isinstance(exc, kind)), 400)
    # The library's errors are attrs classes with structured fields; the store's are plain.
    kind = type(exc)
    names = [f.name for f in attrs.fields(kind)] if attrs.has(kind) else list(vars(exc))
    fields = {name: _json_safe(getattr(exc, name)) for name in names}
    body = {"error": type(exc).__name__, "message": str(exc), **fields}
    return JSONResponse(body, status_code=status)


# -- views ------------------------------------------------------------------------------


def _instant(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def complaint_columns(complaint: Complaint, now: dt.datetime) -> JsonObject:
    """The columns stored beside a complaint's document, for queries and locking."""
    policy = complaint.sla_policy
    return {
        "state": complaint.state.value,
        "next_alarm": complaint.next_alarm(now),
        "policy": None if policy is None else policy.ref,
    }


def _complaint_view(complaint: Complaint) -> JsonObject:
    return {"version": complaint.version, "complaint": complaint.to_dict()}


def _payment_view(payment: PaymentConfirmation) -> JsonObject:
    # The stored row is compact (defaults left out); the facts a client asks for first
    # are spelled out beside it.
    return {
        "version": payment.version,
        "state": payment.state.value,
        "received": str(payment.received),
        "refunded": str(payment.refunded),
        "event_ids": [n.event_id for n in payment.notifications],
        "payment": payment.to_dict(),
    }


def _sla_view(complaint: Complaint, at: dt.datetime) -> JsonObject:
    return {name: status.to_dict() for name, status in complaint.sla_status(at).items()}


def _event_result(result: object) -> object:
    """What an event returned (notices, alerts, outcomes), as JSON."""
    if result is None:
        return None
    if isinstance(result, list | tuple):
        return [_event_result(r) for r in result]
    to_dict = getattr(result, "to_dict", None)
    return to_dict() if callable(to_dict) else _json_safe(result)


# -- the application --------------------------------------------------------------------


def create_app(url: str | None = None, clock: Clock | None = None) -> FastAPI:  # noqa: PLR0915 - one closure per route reads best
    """The service on the database at `url` (`DESK_DATABASE_URL`, else a local SQLite file)."""
    registry = build_registry()
    policy = current_policy(registry)
    store = Store.connect(url or os.environ.get("DESK_DATABASE_URL", DEFAULT_URL), registry)
    clock = clock or SystemClock()
    api = FastAPI(
        title="supportflow desk",
        summary="A reference support service on supportflow: complaints, SLAs, payments.",
    )
    api.add_exception_handler(SupportflowError, _refused)
    api.add_exception_handler(NotFoundError, _refused)
    api.add_exception_handler(VersionConflictError, _refused)
    api.state.store = store

    @api.get("/health", tags=["admin"])
    def health() -> JsonObject:
        """The service answers and its database too."""
        store.execute(lambda conn: conn.execute(sa.text("SELECT 1")))
        return {"status": "ok"}

    # -- complaints ---------------------------------------------------------------------

    @api.post("/complaints", status_code=201, tags=["complaints"])
    def receive_complaint(body: ComplaintIn) -> JsonObject:
        """Take in a complaint: every SLA clock starts at `received_at`."""
        now = clock.now()
        complaint = Complaint.receive(
            id=body.id,
            customer=body.customer,
            channel=body.channel,
            description=body.description,
            received_at=body.received_at or now,
            actor=body.actor,
            category=body.category,
            priority=body.priority,
            ask=body.ask,
            language=body.language,
            transactions=[Transaction(t.id, t.amount, t.currency) for t in body.transactions],
            sla_policy=policy,
        )
        if not store.insert(complaints, complaint, complaint_columns(complaint, now)):
            # The same intake sent again (a client retry) is answered as the first time;
            # another complaint under a taken id is a conflict.
            existing = store.load(complaints, body.id, Complaint.from_dict)
            for field in ("customer", "channel", "description"):
                if getattr(existing, field) != getattr(complaint, field):
                    raise IdempotencyConflictError(
                        body.id, field, getattr(existing, field), getattr(complaint, field)
                    )
            complaint = existing
        return _complaint_view(complaint)

    @api.get("/complaints/{complaint_id}", tags=["complaints"])
    def read_complaint(complaint_id: str) -> JsonObject:
        """The complaint as stored: the library's JSON and its version."""
        return _complaint_view(store.load(complaints, complaint_id, Complaint.from_dict))

    @api.get("/complaints/{complaint_id}/events", tags=["complaints"])
    def complaint_events(complaint_id: str) -> list[JsonObject]:
        """The events a complaint can be sent by name, with their arguments."""
        store.load(complaints, complaint_id, Complaint.from_dict)
        return [attrs.asdict(spec) for spec in Complaint.events()]

    @api.post("/complaints/{complaint_id}/events/{name}", tags=["complaints"])
    def fire_complaint_event(
        complaint_id: str,
        name: str,
        arguments: Annotated[JsonObject, Body(examples=[{"actor": "agent-li"}])],
    ) -> JsonObject:
        """Fire the event `name` with the body's arguments (`at` defaults to now)."""

        def event(complaint: Complaint) -> object:
            # Stamped after the row was read: a retry is stamped after the winner's event.
            return complaint.fire(name, {"at": clock.now(), **arguments})

        complaint, result = store.change(
            complaints,
            complaint_id,
            Complaint.from_dict,
            event,
            lambda c: complaint_columns(c, clock.now()),
        )
        return {**_complaint_view(complaint), "result": _event_result(result)}

    @api.get("/complaints/{complaint_id}/sla", tags=["complaints"])
    def sla_status(complaint_id: str) -> JsonObject:
        """Every SLA clock's status now, by target."""
        complaint = store.load(complaints, complaint_id, Complaint.from_dict)
        now = clock.now()
        return {"at": now.isoformat(), "targets": _sla_view(complaint, now)}

    @api.get("/queue", tags=["work"])
    def queue(limit: Annotated[int, Query(ge=1, le=500)] = 50) -> JsonObject:
        """Open complaints, most at risk first, each with its explained score."""
        now = clock.now()
        open_states = [s.value for s in OPEN_STATES]
        documents = store.documents(
            sa.select(complaints.c.document).where(complaints.c.state.in_(open_states))
        )
        items = [
            PriorityInputs.from_complaint(Complaint.from_dict(d, registry=registry), at=now)
            for d in documents
        ]
        ranked = PRIORITY_MODEL.rank(items, now)[:limit]
        return {
            "at": now.isoformat(),
            "items": [
                {**(score := PRIORITY_MODEL.score(item, now)).to_dict(), "reasons": score.reasons()}
                for item in ranked
            ],
        }

    @api.get("/alarms", tags=["work"])
    def alarms(
        within_minutes: Annotated[int, Query(ge=1, le=24 * 60)] = 60,
        limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    ) -> JsonObject:
        """Complaints with a clock that warns or breaches within the next `within_minutes`.

        Selected by the indexed `next_alarm` column (set on every save); only those rows
        are loaded, to say which targets and how.
        """
        now = clock.now()
        horizon = now + dt.timedelta(minutes=within_minutes)
        found = []
        for document in store.documents(alarms_due(horizon, limit)):
            complaint = Complaint.from_dict(document, registry=registry)
            targets = [
                {
                    "target": name,
                    "due_at": _instant(status.current.due_at),
                    "warning": status.current.warning,
                    "breached": status.current.breached,
                }
                for name, status in complaint.sla_status(horizon).items()
                if status.current is not None
                and (status.current.breached or status.current.warning is not None)
            ]
            if targets:
                found.append(
                    {"id": complaint.id, "state": complaint.state.value, "targets": targets}
                )
        return {"at": now.isoformat(), "until": horizon.isoformat(), "complaints": found}

    @api.post("/admin/policy-upgrade", tags=["admin"])
    def upgrade_policy() -> JsonObject:
        """Move every stored complaint to the current policy version (clocks recomputed)."""
        ids = store.ids(
            sa.select(complaints.c.id).where(
                sa.or_(complaints.c.policy != policy.ref, complaints.c.policy.is_(None))
            )
        )
        for key in ids:
            store.replace(
                complaints,
                key,
                Complaint.from_dict,
                lambda c: c.with_policy(policy),
                lambda c: complaint_columns(c, clock.now()),
            )
        return {"policy": policy.ref, "upgraded": len(ids)}

    # -- payments -----------------------------------------------------------------------

    @api.post("/payments", status_code=201, tags=["payments"])
    def create_payment(body: PaymentIn) -> JsonObject:
        """Open a payment window."""
        payment = PaymentConfirmation.create(
            body.id,
            body.amount_due,
            body.currency,
            body.created_at or clock.now(),
            expiry=dt.timedelta(minutes=body.expiry_minutes),
            customer_id=body.customer_id,
        )
        if not store.insert(payments, payment, {"state": payment.state.value}):
            payment = store.load(payments, body.id, PaymentConfirmation.from_dict)
        return _payment_view(payment)

    @api.get("/payments/{payment_id}", tags=["payments"])
    def read_payment(payment_id: str) -> JsonObject:
        """The payment as stored."""
        return _payment_view(store.load(payments, payment_id, PaymentConfirmation.from_dict))

    @api.post("/webhooks/payments", tags=["payments"])
    def payment_webhook(body: WebhookIn) -> JsonObject:
        """Apply a provider notification: at least once, in any order, each applied once.

        A replay is answered like the first delivery and writes nothing. A notification
        for a payment not created yet gets a 404: the provider delivers it again later.
        """
        payment, result = store.change(
            payments,
            body.payment_id,
            PaymentConfirmation.from_dict,
            # The kind is checked by the library (a typed error naming `kind`), not here.
            lambda p: p.apply_notification(
                body.event_id,
                cast("NotificationKindName", body.kind),
                body.occurred_at,
                body.payload,
            ),
            lambda p: {"state": p.state.value},
        )
        return {**_payment_view(payment), "result": _event_result(result)}

    # -- maintenance --------------------------------------------------------------------

    @api.post("/maintenance-windows", status_code=201, tags=["maintenance"])
    def announce_window(body: WindowIn) -> JsonObject:
        """Announce a maintenance window."""
        window, _notices = MaintenanceWindow.announce(
            body.id,
            start=body.start,
            end=body.end,
            services=body.services,
            announced_at=body.announced_at or clock.now(),
        )
        if not store.insert(windows, window, {}):
            window = store.load(windows, body.id, MaintenanceWindow.from_dict)
        return {"version": window.version, "window": window.to_dict()}

    @api.get("/maintenance-windows/{window_id}/notices/{kind}", tags=["maintenance"])
    def maintenance_notice(
        window_id: str,
        kind: str,
        locale: Annotated[Literal["en", "zh-Hans", "zh-Hant"], Query()] = "en",
        timezone: str = "Asia/Shanghai",
        next_update: str | None = None,
    ) -> JsonObject:
        """The customer notice of a window (`maintenance_announced`, ...) in one language."""
        window = store.load(windows, window_id, MaintenanceWindow.from_dict)
        template = window.template_for(kind)
        if template is None:
            raise InvalidFieldError("kind", kind, "name a notice customers receive")
        extra = {} if next_update is None else {"next_update": next_update}
        values = window.values_for(template, **HOST_VALUES, **extra)
        notice = CATALOG[template].render(values, locale=locale, timezone=timezone)
        return notice.to_dict()

    return api
