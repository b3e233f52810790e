"""Ready-made SLA policies: regulatory deadlines and the industry default.

Every preset cites its source and says whether its figures were checked against the
regulator's own text (`verified`). None of them was: they were written from the rule
texts as quoted in supportflow's domain notes and in secondary sources (news reports of the
Chinese rules, compliance summaries of DISP), so each is `verified=False` until someone
checks it against the Handbook, the CFPB manual or the CBIRC order and flips the flag.

Regulatory targets never pause while the firm waits on the customer: only what a rule
itself excludes is paused (in the Chinese rules, time spent on external appraisal).

Past the end of the official holiday data (CN data ends with 2026) a preset on a default
calendar raises `CalendarDataMissingError`. To keep intake running, pass a calendar that
opts into the statutory rules, e.g. `industry_default(cn_mainland(beyond_data=
"provisional"))` or `cn_banking_insurance(cn_mainland(beyond_data="provisional"))`: every
figure computed from a provisional year then says so (`SlaCycle.assumed`, `deadline()`).
"""

from __future__ import annotations

import datetime as dt

from supportflow.calendar import (
    BusinessCalendar,
    cn_mainland,
    uk_england_wales,
    us_federal,
)
from supportflow.errors import InvalidFieldError
from supportflow.sla._clock import SlaTarget
from supportflow.sla._policy import SlaPolicy
from supportflow.sla._rules import BusinessDays, CalendarDays, ElapsedDuration
from supportflow.sla._target_fields import Extension

__all__ = [
    "AWAITING_CUSTOMER",
    "EXTERNAL_APPRAISAL",
    "cfpb_portal",
    "cn_banking_insurance",
    "fca_disp",
    "fca_disp_payments",
    "industry_default",
]

AWAITING_CUSTOMER = "awaiting_customer"
"""The pause reason / lifecycle state for waiting on the customer (never regulatory)."""

EXTERNAL_APPRAISAL = "external_appraisal"
"""The pause reason for external appraisal, testing or assessment (the Chinese rules)."""

_DISP_1_5 = (
    "FCA Handbook DISP 1.5: a complaint resolved by close of business on the third business "
    "day following the day on which it is received may be closed with a summary resolution "
    "communication"
)
_DISP_1_6_2 = (
    "FCA Handbook DISP 1.6.2R: by the end of eight weeks after its receipt, a final response "
    "or a holding response (after which the complainant may refer the complaint to the "
    "Financial Ombudsman Service, within six months)"
)
_DISP_1_6_2A = (
    "FCA Handbook DISP 1.6.2AR (payment services and electronic money): a final response by "
    "the end of 15 business days after the day on which the complaint was received"
)
_DISP_1_6_2A_EXT = (
    "FCA Handbook DISP 1.6.2AR: in exceptional circumstances beyond the firm's control, a "
    "holding response within 15 business days giving the reasons for the delay, and a final "
    "response by the end of 35 business days after the day of receipt"
)
_CFPB = (
    "CFPB company portal manual: companies respond to complaints sent through the portal "
    "within 15 calendar days"
)
_CFPB_EXT = (
    "CFPB company portal manual: a company that responds 'in progress' provides its final "
    "response within 60 calendar days"
)
_CN = (
    "银行业保险业消费投诉处理管理办法 (CBIRC Order 2020 No. 3): a "
    "decision within 15 days of receiving the complaint, told to the complainant; days "
    "counted as PRC Civil Code arts. 201 and 203 count them"
)
_CN_COMPLEX = "同上: 情况复杂的, 可以延长至30日 (complex cases: up to 30 days)"
_CN_PARTICULARLY = (
    "同上: 情况特别复杂或者有其他特殊原因的, 经其上级机构或者总行、总公司高级管理人员审批并告知"
    "投诉人, 可以再延长30日 (particularly complex cases: a further 30 days, 60 at most, with "
    "approval and notice to the complainant)"
)


def fca_disp(calendar: BusinessCalendar | None = None) -> SlaPolicy:
    """UK FCA DISP 1.5 and 1.6.2: summary resolution and the eight-week final response.

    Targets:
        - `summary_resolution`: close of business on the 3rd business day after the day of
          receipt (DISP 1.5). Not a deadline as such: resolving by then lets the firm close
          the complaint with a summary resolution communication.
        - `final_response`: the end of 8 weeks after receipt (DISP 1.6.2R), counted as 56
          calendar days after the day of receipt, ending at 24:00 UK time.

    Neither pauses, and DISP 1.6.2 has no extension (a holding response at 8 weeks ends
    the firm's time; the customer may then go to the Financial Ombudsman Service).

    Source: FCA Handbook, DISP 1.5 and DISP 1.6.2R. `verified=False`: not checked against
    the Handbook's own text.

    Args:
        calendar: The firm's business calendar; default `uk_england_wales()`.
    """
    cal = calendar if calendar is not None else uk_england_wales()
    _check_calendar(cal)
    return SlaPolicy(
        "fca_disp",
        (
            SlaTarget("summary_resolution", BusinessDays(3, cal, source=_DISP_1_5)),
            SlaTarget("final_response", CalendarDays.weeks(8, cal, source=_DISP_1_6_2)),
        ),
        source="FCA Handbook DISP 1.5, DISP 1.6.2R",
        verified=False,
    )


def fca_disp_payments(calendar: BusinessCalendar | None = None) -> SlaPolicy:
    """UK FCA DISP 1.6.2A: payment services and e-money complaints, 15 (or 35) business days.

    Targets:
        - `summary_resolution`: as in `fca_disp` (DISP 1.5).
        - `final_response`: close of business on the 15th business day after the day of
          receipt; one extension, `exceptional`, to the 35th business day (exceptional
          circumstances beyond the firm's control, with a holding response by the 15th).

    Source: FCA Handbook, DISP 1.6.2AR. `verified=False`.

    Args:
        calendar: The firm's business calendar; default `uk_england_wales()`.
    """
    cal = calendar if calendar is not None else uk_england_wales()
    _check_calendar(cal)
    exceptional = Extension(
        "exceptional",
        BusinessDays(35, cal, source=_DISP_1_6_2A_EXT),
        condition=(
            "exceptional circumstances beyond the firm's control; send a holding response "
            "within 15 business days with the reasons and the final-response date"
        ),
    )
    return SlaPolicy(
        "fca_disp_payments",
        (
            SlaTarget("summary_resolution", BusinessDays(3, cal, source=_DISP_1_5)),
            SlaTarget(
                "final_response",
                BusinessDays(15, cal, source=_DISP_1_6_2A),
                extensions=(exceptional,),
            ),
        ),
        source="FCA Handbook DISP 1.5, DISP 1.6.2AR",
        verified=False,
    )


def cfpb_portal(calendar: BusinessCalendar | None = None) -> SlaPolicy:
    """US CFPB company portal: a response within 15 calendar days, a final one within 60.

    Target `response`: 24:00 (the calendar's zone) on the 15th calendar day after the day
    the complaint was sent to the company. Extension `in_progress`: a company that
    responded "in progress" owes its final response by the 60th day. CFPB treats a
    complaint with no response in 30 days as a matter it may investigate; that is a
    monitoring fact, not a deadline of this policy.

    Source: CFPB company portal manual, as quoted in supportflow's domain notes.
    `verified=False`.

    Args:
        calendar: Whose zone defines the days; default `us_federal()` (America/New_York).
    """
    cal = calendar if calendar is not None else us_federal()
    _check_calendar(cal)
    in_progress = Extension(
        "in_progress",
        CalendarDays(60, cal, source=_CFPB_EXT),
        condition="the company responded 'in progress' within 15 days",
    )
    return SlaPolicy(
        "cfpb_portal",
        (SlaTarget("response", CalendarDays(15, cal, source=_CFPB), extensions=(in_progress,)),),
        source="CFPB company portal manual",
        verified=False,
    )


def cn_banking_insurance(calendar: BusinessCalendar | None = None) -> SlaPolicy:
    """Mainland China: 银行业保险业消费投诉处理管理办法 (2020), 15 / 30 / 60 days.

    Target `decision`: a decision within 15 days of receipt for complaints with clear facts
    and simple disputes (`Complexity.SIMPLE` on a complaint), counted as the Civil Code
    counts (arts. 201, 203): the day of receipt is not counted and a period whose last day
    is a rest day or a statutory holiday ends at 24:00 on the next working day (a make-up
    working Saturday or Sunday is a working day). Extensions, in order:

    - `complex` (情况复杂): to 30 days;
    - `particularly_complex` (情况特别复杂或者有其他特殊原因): to 60 days, with approval by the
      higher-level institution or head-office senior management (`approved_by` required)
      and notice to the complainant.

    A complaint takes them by its assessed complexity (`Complaint.assess_complexity`, or
    `triage(complexity=...)`): `"complex"` and `"particularly_complex"` are these names.

    The clock pauses only for `EXTERNAL_APPRAISAL` (external appraisal, testing or
    assessment, whose time is not counted). New facts and reasons from the complainant
    restart the period from the new material: `reset(at)`. A withdrawal ends the procedure
    on the day it is received: `cancel(at)`.

    Source: CBIRC Order 2020 No. 3 (中国银保监会令2020年第3号); the figures agree across
    three secondary sources (Xinhua, Caixin, China News Service reports of 17-19 January
    2020). `verified=False`: not checked against the order's own text.

    Args:
        calendar: Default `cn_mainland()` (Asia/Shanghai, with make-up workdays), which
            refuses deadlines past the official data. Pass
            `cn_mainland(beyond_data="provisional")` to compute those from the statutory
            rules instead, with the figures marked provisional.
    """
    cal = calendar if calendar is not None else cn_mainland()
    _check_calendar(cal)
    return SlaPolicy(
        "cn_banking_insurance",
        (
            SlaTarget(
                "decision",
                CalendarDays.civil_code(15, cal, source=_CN),
                pause_in=frozenset({EXTERNAL_APPRAISAL}),
                extensions=(
                    Extension(
                        "complex",
                        CalendarDays.civil_code(30, cal, source=_CN_COMPLEX),
                        condition="情况复杂 (the case is complex)",
                    ),
                    Extension(
                        "particularly_complex",
                        CalendarDays.civil_code(60, cal, source=_CN_PARTICULARLY),
                        requires_approval=True,
                        condition=(
                            "情况特别复杂或者有其他特殊原因; approved by the higher-level "
                            "institution or head-office senior management; complainant told"
                        ),
                    ),
                ),
            ),
        ),
        source="银行业保险业消费投诉处理管理办法 (CBIRC Order 2020 No. 3)",
        verified=False,
    )


def industry_default(calendar: BusinessCalendar) -> SlaPolicy:
    """Common industry practice (not a regulation): acknowledge, update, resolve.

    Targets:
        - `first_response`: within 24 hours of elapsed time (shown in the calendar's zone);
          does not pause.
        - `next_update`: close of business on the 5th business day; `reset` it each time
          an update is sent; pauses while `AWAITING_CUSTOMER`.
        - `resolution`: 24:00 on the 15th calendar day after the day of receipt; pauses
          while `AWAITING_CUSTOMER`.

    Source: supportflow's domain notes (industry practice). `verified=False`: there is no
    regulator's text to check.

    Args:
        calendar: The team's business calendar. A preset built with
            `beyond_data="provisional"` (e.g. `cn_mainland(beyond_data="provisional")`)
            keeps deadlines past the official holiday data computable, marked provisional;
            the default calendar refuses them (`CalendarDataMissingError`).
    """
    _check_calendar(calendar)
    waiting = frozenset({AWAITING_CUSTOMER})
    return SlaPolicy(
        "industry_default",
        (
            SlaTarget(
                "first_response",
                ElapsedDuration(
                    dt.timedelta(hours=24),
                    calendar.timezone,
                    source="industry practice: acknowledge within 24 hours",
                ),
            ),
            SlaTarget(
                "next_update",
                BusinessDays(5, calendar, source="industry practice: update every 5 business days"),
                pause_in=waiting,
            ),
            SlaTarget(
                "resolution",
                CalendarDays(15, calendar, source="industry practice: resolve within 15 days"),
                pause_in=waiting,
            ),
        ),
        source="industry practice (supportflow domain notes)",
        verified=False,
    )


def _check_calendar(calendar: object) -> None:
    if not isinstance(calendar, BusinessCalendar):
        raise InvalidFieldError("calendar", calendar, "be a BusinessCalendar")
