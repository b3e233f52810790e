"""supportflow: correct customer-support domain logic for payment, trading and fintech services.

The public API is re-exported here; every name in `__all__` is documented and typed.
Modules: `supportflow.errors` (the exception tree), `supportflow.clock` (the only source
of "now"), and the capability modules listed in the docs.
"""

from importlib import metadata as _metadata

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
    PaymentState,
    ReminderPolicy,
    Resolution,
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

try:
    __version__ = _metadata.version("supportflow")
except _metadata.PackageNotFoundError:  # pragma: no cover - only when run from an uninstalled tree
    __version__ = "0+unknown"

__all__ = [
    "BusinessCalendar",
    "BusinessDays",
    "BusinessDuration",
    "CalendarDataMissingError",
    "CalendarDays",
    "CalendarError",
    "Clock",
    "Complaint",
    "ComplaintMetrics",
    "ComplaintRules",
    "ComplaintState",
    "ElapsedDuration",
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
    "NoticeChannel",
    "NoticeTemplate",
    "NoticeTexts",
    "NotificationKind",
    "NotificationOutcome",
    "PaymentConfirmation",
    "PaymentState",
    "Priority",
    "PriorityContribution",
    "PriorityFactor",
    "PriorityInputs",
    "PriorityModel",
    "PriorityScore",
    "ReminderPolicy",
    "RenderedNotice",
    "Resolution",
    "SendPlan",
    "SerializationError",
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
]
