"""supportflow: correct customer-support domain logic for payment, trading and fintech services.

The public API is re-exported here; every name in `__all__` is documented and typed.
Modules: `supportflow.errors` (the exception tree), `supportflow.clock` (the only source
of "now"), and the capability modules listed in the docs.

The names are loaded on first use: `import supportflow` alone imports none of the
capability packages (it costs well under a millisecond), and `supportflow.Complaint` imports
`supportflow.complaints` when it is first read. Type checkers see every name through the
`TYPE_CHECKING` imports below.
"""

import importlib

# Not `typing.TYPE_CHECKING`: importing `typing` would cost more than this whole module.
# mypy and pyright treat any constant of this name as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from supportflow._events import EventArgument, EventSpec
    from supportflow._json_schema import json_schema
    from supportflow._serialization import Serializable
    from supportflow.audit import TransitionRecord
    from supportflow.calendar import BusinessCalendar
    from supportflow.clock import Clock, FixedClock, SystemClock
    from supportflow.complaints import Complaint, ComplaintMetrics, ComplaintRules, ComplaintState
    from supportflow.errors import (
        CalendarDataMissingError,
        CalendarError,
        HolidayDataConflictError,
        IdempotencyConflictError,
        IllegalTransitionError,
        InvalidFieldError,
        MissingExtraError,
        NaiveDatetimeError,
        NewerSchemaError,
        ProviderPayloadError,
        ReadOnlyFieldError,
        RefundExceedsReceivedError,
        SerializationError,
        SmsBudgetError,
        SupportflowError,
        TemplateError,
        TemplateSyntaxError,
        TemplateVariableError,
        UnknownTimezoneError,
    )
    from supportflow.maintenance import (
        LeadTimePolicy,
        MaintenanceNotice,
        MaintenanceWindow,
        WithdrawalQueue,
        WithdrawalRequest,
        WithdrawalState,
    )
    from supportflow.notices import (
        Money,
        NoticeChannel,
        NoticeTemplate,
        NoticeTexts,
        RenderedNotice,
        SendPlan,
        SmsCost,
    )
    from supportflow.payments import (
        NotificationKind,
        NotificationOutcome,
        PaymentConfirmation,
        PaymentResolution,
        PaymentState,
        ReminderPolicy,
    )
    from supportflow.priority import (
        Priority,
        PriorityContribution,
        PriorityFactor,
        PriorityInputs,
        PriorityModel,
        PriorityScore,
        Vulnerability,
    )
    from supportflow.registry import Registry
    from supportflow.sla import (
        BusinessDays,
        BusinessDuration,
        CalendarDays,
        ElapsedDuration,
        SlaClock,
        SlaCycle,
        SlaEvent,
        SlaEventKind,
        SlaPolicy,
        SlaState,
        SlaStatus,
        SlaTarget,
    )
    from supportflow.vocabulary import Channel, Service

del TYPE_CHECKING  # not a public name of the package

__version__: str  # set on first access by __getattr__ below

#: Where each exported name lives; `__getattr__` imports the module on first use.
_EXPORTS: dict[str, str] = {
    "BusinessCalendar": "supportflow.calendar",
    "BusinessDays": "supportflow.sla",
    "BusinessDuration": "supportflow.sla",
    "CalendarDataMissingError": "supportflow.errors",
    "CalendarDays": "supportflow.sla",
    "CalendarError": "supportflow.errors",
    "Channel": "supportflow.vocabulary",
    "Clock": "supportflow.clock",
    "Complaint": "supportflow.complaints",
    "ComplaintMetrics": "supportflow.complaints",
    "ComplaintRules": "supportflow.complaints",
    "ComplaintState": "supportflow.complaints",
    "ElapsedDuration": "supportflow.sla",
    "EventArgument": "supportflow._events",
    "EventSpec": "supportflow._events",
    "FixedClock": "supportflow.clock",
    "HolidayDataConflictError": "supportflow.errors",
    "IdempotencyConflictError": "supportflow.errors",
    "IllegalTransitionError": "supportflow.errors",
    "InvalidFieldError": "supportflow.errors",
    "LeadTimePolicy": "supportflow.maintenance",
    "MaintenanceNotice": "supportflow.maintenance",
    "MaintenanceWindow": "supportflow.maintenance",
    "MissingExtraError": "supportflow.errors",
    "Money": "supportflow.notices",
    "NaiveDatetimeError": "supportflow.errors",
    "NewerSchemaError": "supportflow.errors",
    "NoticeChannel": "supportflow.notices",
    "NoticeTemplate": "supportflow.notices",
    "NoticeTexts": "supportflow.notices",
    "NotificationKind": "supportflow.payments",
    "NotificationOutcome": "supportflow.payments",
    "PaymentConfirmation": "supportflow.payments",
    "PaymentResolution": "supportflow.payments",
    "PaymentState": "supportflow.payments",
    "Priority": "supportflow.priority",
    "PriorityContribution": "supportflow.priority",
    "PriorityFactor": "supportflow.priority",
    "PriorityInputs": "supportflow.priority",
    "PriorityModel": "supportflow.priority",
    "PriorityScore": "supportflow.priority",
    "ProviderPayloadError": "supportflow.errors",
    "ReadOnlyFieldError": "supportflow.errors",
    "RefundExceedsReceivedError": "supportflow.errors",
    "Registry": "supportflow.registry",
    "ReminderPolicy": "supportflow.payments",
    "RenderedNotice": "supportflow.notices",
    "SendPlan": "supportflow.notices",
    "Serializable": "supportflow._serialization",
    "SerializationError": "supportflow.errors",
    "Service": "supportflow.vocabulary",
    "SlaClock": "supportflow.sla",
    "SlaCycle": "supportflow.sla",
    "SlaEvent": "supportflow.sla",
    "SlaEventKind": "supportflow.sla",
    "SlaPolicy": "supportflow.sla",
    "SlaState": "supportflow.sla",
    "SlaStatus": "supportflow.sla",
    "SlaTarget": "supportflow.sla",
    "SmsBudgetError": "supportflow.errors",
    "SmsCost": "supportflow.notices",
    "SupportflowError": "supportflow.errors",
    "SystemClock": "supportflow.clock",
    "TemplateError": "supportflow.errors",
    "TemplateSyntaxError": "supportflow.errors",
    "TemplateVariableError": "supportflow.errors",
    "TransitionRecord": "supportflow.audit",
    "UnknownTimezoneError": "supportflow.errors",
    "Vulnerability": "supportflow.priority",
    "WithdrawalQueue": "supportflow.maintenance",
    "WithdrawalRequest": "supportflow.maintenance",
    "WithdrawalState": "supportflow.maintenance",
    "json_schema": "supportflow._json_schema",
}

#: The public modules, importable as attributes too (`supportflow.sla` after `import supportflow`).
_MODULES = frozenset({
    "audit", "calendar", "cli", "clock", "complaints", "errors", "holidays", "maintenance",
    "notices", "payments", "priority", "registry", "sla", "testing", "vocabulary",
})  # fmt: skip


def _version() -> str:
    """Read `__version__` from the installed metadata (on first use only).

    `importlib.metadata` costs tens of milliseconds to import; looking the version up only
    when asked keeps that out of `import supportflow`.
    """
    from importlib import metadata  # noqa: PLC0415 - deferred on purpose, see above

    try:
        return metadata.version("supportflow")
    except metadata.PackageNotFoundError:  # pragma: no cover - only from an uninstalled tree
        return "0+unknown"


def __getattr__(name: str) -> object:
    """Load an exported name (or `__version__`, or a public module) on first use.

    The value is cached in the module, so later reads are plain attribute lookups.
    """
    if name == "__version__":
        value: object = _version()
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif name in _MODULES:
        value = importlib.import_module(f"supportflow.{name}")
    else:
        raise AttributeError(f"module 'supportflow' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names, the lazily loaded exports included."""
    return sorted({*globals(), *__all__})


__all__ = [
    "BusinessCalendar",
    "BusinessDays",
    "BusinessDuration",
    "CalendarDataMissingError",
    "CalendarDays",
    "CalendarError",
    "Channel",
    "Clock",
    "Complaint",
    "ComplaintMetrics",
    "ComplaintRules",
    "ComplaintState",
    "ElapsedDuration",
    "EventArgument",
    "EventSpec",
    "FixedClock",
    "HolidayDataConflictError",
    "IdempotencyConflictError",
    "IllegalTransitionError",
    "InvalidFieldError",
    "LeadTimePolicy",
    "MaintenanceNotice",
    "MaintenanceWindow",
    "MissingExtraError",
    "Money",
    "NaiveDatetimeError",
    "NewerSchemaError",
    "NoticeChannel",
    "NoticeTemplate",
    "NoticeTexts",
    "NotificationKind",
    "NotificationOutcome",
    "PaymentConfirmation",
    "PaymentResolution",
    "PaymentState",
    "Priority",
    "PriorityContribution",
    "PriorityFactor",
    "PriorityInputs",
    "PriorityModel",
    "PriorityScore",
    "ProviderPayloadError",
    "ReadOnlyFieldError",
    "RefundExceedsReceivedError",
    "Registry",
    "ReminderPolicy",
    "RenderedNotice",
    "SendPlan",
    "Serializable",
    "SerializationError",
    "Service",
    "SlaClock",
    "SlaCycle",
    "SlaEvent",
    "SlaEventKind",
    "SlaPolicy",
    "SlaState",
    "SlaStatus",
    "SlaTarget",
    "SmsBudgetError",
    "SmsCost",
    "SupportflowError",
    "SystemClock",
    "TemplateError",
    "TemplateSyntaxError",
    "TemplateVariableError",
    "TransitionRecord",
    "UnknownTimezoneError",
    "Vulnerability",
    "WithdrawalQueue",
    "WithdrawalRequest",
    "WithdrawalState",
    "json_schema",
]
