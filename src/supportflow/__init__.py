"""supportflow: correct customer-support domain logic for payment, trading and fintech services.

The public API is re-exported here; every name in `__all__` is documented and typed.
Modules: `supportflow.errors` (the exception tree), `supportflow.clock` (the only source
of "now"), and the capability modules listed in the docs.
"""

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

__version__: str  # set on first access by __getattr__ below


def __getattr__(name: str) -> str:
    """Read `__version__` from the installed metadata on first use.

    `importlib.metadata` costs tens of milliseconds to import; looking the version up only
    when asked keeps that out of `import supportflow`. The value is cached in the module.
    """
    if name != "__version__":
        raise AttributeError(f"module 'supportflow' has no attribute {name!r}")
    from importlib import metadata  # noqa: PLC0415 - deferred on purpose, see above

    try:
        version = metadata.version("supportflow")
    except metadata.PackageNotFoundError:  # pragma: no cover - only from an uninstalled tree
        version = "0+unknown"
    globals()["__version__"] = version
    return version


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
