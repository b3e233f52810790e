"""SLA policies, clocks and deadlines: pausable, multi-cycle SLA tracking as a pure fold.

A service stores only events; every figure is derived from them.

- Deadline rules (frozen values) say how time is counted: `BusinessDuration` (business
  time on a calendar), `ElapsedDuration` (24x7), `BusinessDays` (close of business on the
  Nth business day after the day of receipt) and `CalendarDays` (24:00 on the Nth day
  after the day of receipt, optionally moved to the next business day: the PRC Civil Code
  way). Each has `due(start)`, `goal(start)` and `source`.
- `SlaTarget` names one clock of a case (`first_response`, `resolution`, ...): its rule,
  goals per priority, warning thresholds, the states it pauses in, and the extensions it
  allows. `SlaPolicy` groups targets.
- `SlaClock` is an immutable event log: `start`, `pause`, `resume`, `stop`, `cancel`,
  `reset`, `change_goal`, `extend` each return a new clock. `status(at)` derives every
  cycle's figures; `next_alarm(at)` says when the next warning or breach happens;
  `evaluate(clocks, at)` does a whole batch.
- Provisional figures: on a calendar built with `beyond_data="provisional"`,
  `deadline(rule, start)`, `SlaCycle` and `SlaStatus` carry `assumed` (e.g.
  `("CN 2027",)`) and `provisional`; `provisional_note` words it for display.
- Presets: `fca_disp`, `fca_disp_payments`, `cfpb_portal`, `cn_banking_insurance`,
  `industry_default`.

Example:
    ```python
    import datetime as dt
    from supportflow.sla import ElapsedDuration, SlaTarget

    target = SlaTarget("first_response", ElapsedDuration(dt.timedelta(hours=24)))
    clock = target.clock().start("2025-03-03T09:00:00+00:00")
    status = clock.status("2025-03-03T21:00:00+00:00")
    assert status.current.percent == 50.0 and status.current.warning == 50
    ```
"""

from __future__ import annotations

from supportflow.sla._clock import (
    PausePeriod,
    SlaClock,
    SlaCycle,
    SlaEvent,
    SlaEventKind,
    SlaState,
    SlaStatus,
    SlaTarget,
    evaluate,
)
from supportflow.sla._deadline import Deadline, deadline, provisional_note
from supportflow.sla._explain import (
    DeadlineExplanation,
    ExtensionNote,
    PauseNote,
    explain_deadline,
)
from supportflow.sla._policy import SlaPolicy
from supportflow.sla._presets import (
    AWAITING_CUSTOMER,
    EXTERNAL_APPRAISAL,
    cfpb_portal,
    cn_banking_insurance,
    fca_disp,
    fca_disp_payments,
    industry_default,
)
from supportflow.sla._rules import (
    BusinessDays,
    BusinessDuration,
    CalendarDays,
    Cutoff,
    DeadlineRule,
    ElapsedDuration,
    rule_from_dict,
)
from supportflow.sla._target_fields import PRIORITIES, Extension

__all__ = [
    "AWAITING_CUSTOMER",
    "EXTERNAL_APPRAISAL",
    "PRIORITIES",
    "BusinessDays",
    "BusinessDuration",
    "CalendarDays",
    "Cutoff",
    "Deadline",
    "DeadlineExplanation",
    "DeadlineRule",
    "ElapsedDuration",
    "Extension",
    "ExtensionNote",
    "PauseNote",
    "PausePeriod",
    "SlaClock",
    "SlaCycle",
    "SlaEvent",
    "SlaEventKind",
    "SlaPolicy",
    "SlaState",
    "SlaStatus",
    "SlaTarget",
    "cfpb_portal",
    "cn_banking_insurance",
    "deadline",
    "evaluate",
    "explain_deadline",
    "fca_disp",
    "fca_disp_payments",
    "industry_default",
    "provisional_note",
    "rule_from_dict",
]
