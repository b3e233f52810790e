"""Maintenance windows and withdrawal holds that never lose a request.

A `MaintenanceWindow` is announced ahead of time (a `LeadTimePolicy` refuses late
announcements unless flagged emergency), versioned on every extension, and ended by an
event. A `WithdrawalQueue` holds `WithdrawalRequest`s while a window pauses withdrawals,
releases them in order and in rate-limited batches when it ends, alerts operations when a
hold outlives the announced end plus grace, and returns a `MaintenanceNotice` for every
change the host must tell customers about. Nothing here sends anything.
"""

from supportflow.maintenance._lead_time import LeadTimePolicy
from supportflow.maintenance._notice import HeldWithdrawal, MaintenanceNotice, NoticeKind
from supportflow.maintenance._queue import SubmitResult, WindowLedger, WithdrawalQueue
from supportflow.maintenance._versions import ServiceWindow, StatusUpdate, WindowVersion
from supportflow.maintenance._window import MaintenanceWindow
from supportflow.maintenance._withdrawal import (
    WITHDRAWAL_WORKFLOW,
    WithdrawalRequest,
    WithdrawalState,
)
from supportflow.vocabulary import Service

__all__ = [
    "WITHDRAWAL_WORKFLOW",
    "HeldWithdrawal",
    "LeadTimePolicy",
    "MaintenanceNotice",
    "MaintenanceWindow",
    "NoticeKind",
    "Service",
    "ServiceWindow",
    "StatusUpdate",
    "SubmitResult",
    "WindowLedger",
    "WindowVersion",
    "WithdrawalQueue",
    "WithdrawalRequest",
    "WithdrawalState",
]
