"""Hotline, chat, email and POS as services under maintenance (issue 18, case 5)."""

from __future__ import annotations

import datetime as dt

import pytest

from supportflow import InvalidFieldError
from supportflow.complaints import (
    CHANNEL_SERVICES,
    Channel,
    ContactAttempt,
    reachability,
)
from supportflow.maintenance import MaintenanceWindow, Service
from supportflow.notices import catalog
from supportflow.notices._catalog import example_values

UTC = dt.UTC


def t(hour: int, minute: int = 0) -> dt.datetime:
    """An instant on Wednesday 3 September 2025, UTC."""
    return dt.datetime(2025, 9, 3, hour, minute, tzinfo=UTC)


def hotline_and_pos() -> MaintenanceWindow:
    """The hotline and the POS service are down 10:00-12:00 (emergency, announced 09:55)."""
    window, _ = MaintenanceWindow.announce(
        "MW-HOT",
        start=t(10),
        end=t(12),
        services=["hotline", Service.POS],
        announced_at=t(9, 55),
        emergency=True,
    )
    return window


def test_contact_channels_and_pos_are_services():
    """The values are the documented names; each contact channel maps to its service."""
    assert [Service(v) for v in ("hotline", "chat", "email", "pos")] == [
        Service.HOTLINE,
        Service.CHAT,
        Service.EMAIL,
        Service.POS,
    ]
    assert dict(CHANNEL_SERVICES) == {
        Channel.PHONE: Service.HOTLINE,
        Channel.HOTLINE: Service.HOTLINE,
        Channel.IN_APP_CHAT: Service.CHAT,
        Channel.EMAIL: Service.EMAIL,
    }


def test_a_window_pauses_the_hotline_and_round_trips():
    """Paused from 10:00 (inclusive) until the window ends; chat is not paused."""
    window = hotline_and_pos()
    assert [s.service for s in window.services] == [Service.HOTLINE, Service.POS]
    assert window.pauses(Service.HOTLINE, t(10))
    assert window.pauses("pos", t(11, 59))
    assert not window.pauses(Service.HOTLINE, t(9, 59))
    assert not window.pauses(Service.CHAT, t(11))
    ended, _ = window.complete(at=t(11, 30))
    assert not ended.pauses(Service.HOTLINE, t(11, 30))
    assert MaintenanceWindow.from_dict(window.to_dict()) == window


@pytest.mark.parametrize(
    ("locale", "service", "expected"),
    [
        ("en", "hotline", "Customer hotline will be"),
        ("en", "pos", "POS payments will be"),
        ("zh-Hans", "hotline", "暂停客服热线服务"),
        ("zh-Hans", "chat", "暂停在线客服服务"),
        ("zh-Hant", "email", "暫停電郵客服服務"),
        ("zh-Hant", "pos", "暫停POS收單服務"),
    ],
)
def test_the_catalog_names_the_new_services(locale, service, expected):
    """The announcement's SMS names the paused service in the customer's language."""
    template = catalog()["maintenance_announced"]
    values = {**example_values("maintenance_announced"), "services": service}
    notice = template.render(values, locale=locale, timezone="Asia/Shanghai")
    assert notice.sms is not None
    assert expected in notice.sms.text
    assert notice.sms.cost.segments <= 2


def test_failed_attempts_during_the_channels_maintenance_are_attributed():
    """Hand count: phone fails at 10:30 and 11:45 inside the window (2); 09:30 before it, the
    11:00 call connected, 13:00 is after the window ended; email and chat were not paused."""
    attempts = [
        ContactAttempt("M-1", "phone", t(9, 30), "busy"),
        ContactAttempt("M-1", "phone", t(10, 30), "busy"),
        ContactAttempt("M-2", "phone", t(11), "connected"),
        ContactAttempt("M-1", "phone", t(11, 45), "queue_abandoned"),
        ContactAttempt("M-1", "email", t(10, 40), "bounced"),
        ContactAttempt("M-3", "in_app_chat", t(10, 50), "no_answer"),
        ContactAttempt("M-1", "phone", t(13), "no_answer"),
    ]
    day = dt.timedelta(hours=12)
    ended, _ = hotline_and_pos().complete(at=t(12))
    figures = reachability(attempts, start=t(0), end=t(23, 59), period=day, maintenance=[ended])
    phone = figures[Channel.PHONE]
    assert [(p.attempts, p.reached, p.during_maintenance) for p in phone] == [(4, 1, 2), (1, 0, 0)]
    # Not ended: an overrunning window keeps the hotline paused, so 13:00 is its failure too.
    overrun = reachability(
        attempts, start=t(0), end=t(23, 59), period=day, maintenance=[hotline_and_pos()]
    )
    assert [p.during_maintenance for p in overrun[Channel.PHONE]] == [2, 1]
    assert [p.during_maintenance for p in figures[Channel.EMAIL]] == [0, 0]
    assert [p.during_maintenance for p in figures[Channel.IN_APP_CHAT]] == [0, 0]
    without = reachability(attempts, start=t(0), end=t(23, 59), period=day)
    assert [p.during_maintenance for p in without[Channel.PHONE]] == [0, 0]
    assert [p.attempts for p in without[Channel.PHONE]] == [4, 1]


def test_reachability_refuses_what_is_not_a_window():
    """The error names the item."""
    with pytest.raises(InvalidFieldError) as info:
        reachability(
            [],
            start=t(0),
            end=t(12),
            period=dt.timedelta(hours=1),
            maintenance=["MW-HOT"],  # type: ignore[list-item]
        )
    assert (info.value.field, info.value.value) == ("maintenance[0]", "MW-HOT")
