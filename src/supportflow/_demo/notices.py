"""Demo section: a maintenance announcement in three locales, with what each SMS costs."""

from __future__ import annotations

from typing import TextIO

from supportflow import SupportflowError
from supportflow._demo import heading
from supportflow.notices import NoticeChannel, catalog, plan_maintenance_notices


def run(out: TextIO) -> None:
    """Announce a 02:00-06:00 Beijing-time window to customers in London, Shanghai and Taipei."""
    heading(out, "Notices: one maintenance announcement, three locales")
    plan = plan_maintenance_notices(
        start="2026-03-14T02:00:00+08:00",
        end="2026-03-14T06:00:00+08:00",
        services="deposits_and_withdrawals",
        zones=["Europe/London", "Asia/Shanghai", "Asia/Taipei"],
    )
    template = catalog(hosts=["app.aurumpay.example"])["maintenance_announced"]
    values = plan.values_for(
        template,
        brand="AurumPay",
        hotline="400-820-8820",
        details_url="https://app.aurumpay.example/maintenance/2026-03-14",
    )
    for customer, zone in (
        ("en-GB", "Europe/London"),
        ("zh-CN", "Asia/Shanghai"),
        ("zh-TW", "Asia/Taipei"),
    ):
        notice = template.render(values, locale=customer, timezone=zone)
        assert notice.sms is not None  # the catalog notice has every channel  # noqa: S101
        cost = notice.sms.cost
        forced = f", forced by {cost.forced_by!r}" if cost.forced_by else ""
        out.write(f"\n[{customer} in {zone}] texts in {notice.locale}\n")
        out.write(f"  SMS: {notice.sms.text}\n")
        out.write(
            f"  cost: {cost.encoding.value}{forced}, {cost.units} units, "
            f"{cost.segments} segment(s)\n"
        )
        if notice.email is not None:
            out.write(f"  email subject: {notice.email.subject}\n")
    out.write("\nWhen the SMS goes out (no SMS 22:00-08:00 local; moved earlier, never late):\n")
    for send in plan.sends:
        if send.channel is NoticeChannel.SMS:
            note = f"  <- {send.reason}" if send.reason else ""
            out.write(
                f"  {send.timezone:<14} {send.notice:<22} "
                f"{send.local.strftime('%a %d %b %H:%M')}{note}\n"
            )
    out.write("\nHostile input is refused with a typed error:\n")
    try:
        template.variable("brand").check("AurumPay\u202e")
    except SupportflowError as exc:
        out.write(f"  bidi override in a value -> {type(exc).__name__}: {exc}\n")
    from supportflow._template import parse  # noqa: PLC0415 - shown only here

    try:
        parse("{brand.__class__.__init__.__globals__}", "operator-template")
    except SupportflowError as exc:
        out.write(f"  attribute access         -> {type(exc).__name__}: {exc}\n")
