"""A few cases to click through: complaints at different stages, a payment, a window."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

__all__ = ["seed"]


def seed(client: TestClient, now: dt.datetime) -> None:
    """Create the demo cases through the API itself, unless they exist already."""
    if client.get("/complaints/CMP-1").status_code == 200:
        return
    ago = lambda hours: (now - dt.timedelta(hours=hours)).isoformat()  # noqa: E731 - a local shorthand
    cases = [
        ("CMP-1", "web_form", "P2", 23.5, "My withdrawal of 5,000 CNY has not arrived."),
        ("CMP-2", "in_app_chat", "P3", 2, "The app logged me out during a trade."),
        ("CMP-3", "regulator_referral", "P1", 30, "Referred by the regulator: frozen funds."),
    ]
    for key, channel, priority, hours, text in cases:
        response = client.post(
            "/complaints",
            json={
                "id": key,
                "customer": f"C-{key[-1]}",
                "channel": channel,
                "priority": priority,
                "description": text,
                "received_at": ago(hours),
                "transactions": [{"id": f"WD-{key[-1]}", "amount": "5000.00", "currency": "CNY"}],
            },
        )
        response.raise_for_status()
    client.post("/complaints/CMP-3/events/acknowledge", json={"actor": "agent-li"})
    client.post(
        "/payments",
        json={"id": "INV-1", "amount_due": "100.00", "currency": "CNY", "customer_id": "C-1"},
    ).raise_for_status()
    client.post(
        "/maintenance-windows",
        json={
            "id": "MW-1",
            "start": (now + dt.timedelta(days=3)).isoformat(),
            "end": (now + dt.timedelta(days=3, hours=4)).isoformat(),
            "services": ["withdrawals", "deposits"],
        },
    ).raise_for_status()
