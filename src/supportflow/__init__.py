"""supportflow: correct customer-support domain logic for payment, trading and fintech services.

The public API is re-exported here; every name in `__all__` is documented and typed.
Modules: `supportflow.errors` (the exception tree), `supportflow.clock` (the only source
of "now"), and the capability modules listed in the docs.
"""

from importlib import metadata as _metadata

from supportflow.audit import TransitionRecord
from supportflow.clock import Clock, FixedClock, SystemClock
from supportflow.errors import (
    CalendarDataMissingError,
    CalendarError,
    IllegalTransitionError,
    InvalidFieldError,
    NaiveDatetimeError,
    SerializationError,
    SupportflowError,
    TemplateError,
    TemplateSyntaxError,
    TemplateVariableError,
    UnknownTimezoneError,
)

try:
    __version__ = _metadata.version("supportflow")
except _metadata.PackageNotFoundError:  # pragma: no cover - only when run from an uninstalled tree
    __version__ = "0+unknown"

__all__ = [
    "CalendarDataMissingError",
    "CalendarError",
    "Clock",
    "FixedClock",
    "IllegalTransitionError",
    "InvalidFieldError",
    "NaiveDatetimeError",
    "SerializationError",
    "SupportflowError",
    "SystemClock",
    "TemplateError",
    "TemplateSyntaxError",
    "TemplateVariableError",
    "TransitionRecord",
    "UnknownTimezoneError",
]
