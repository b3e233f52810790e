"""The shared vocabularies and the adapters where modules meet.

The four seams: a complaint's own channel ranks; a complaint's priority facts come from
the complaint; a maintenance window or plan gives exactly a template's variables; one
public name means one thing. Expected values are worked by hand or by a reference
written here, never copied from the code's output.
"""

from __future__ import annotations

import datetime as dt
import decimal
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import supportflow
from supportflow import InvalidFieldError, complaints, maintenance, notices, payments, vocabulary
from supportflow.complaints import (
    CHANNEL_SERVICES,
    Complaint,
    ComplaintState,
    PlannedNotice,
    Transaction,
    notices_for,
)
from supportflow.maintenance import MaintenanceWindow, NoticeKind
from supportflow.notices import CATALOG_NAMES, SendPlan, catalog, plan_maintenance_notices
from supportflow.priority import (
    COMPLAINT_PRIORITY_LEVELS,
    DEFAULT_MODEL,
    PriorityInputs,
    PriorityModel,
    rank,
)
from supportflow.sla import SlaState
from supportflow.testing import strategies as sfst
from supportflow.vocabulary import (
    SERVICE_CHOICES,
    Channel,
    NoticeChannel,
    Service,
    channel,
    service,
    services_choice,
)

UTC = dt.UTC
CST = dt.timezone(dt.timedelta(hours=8))
HOST_LINK = "app.aurumpay.example"
TEMPLATES = catalog(hosts=[HOST_LINK])
HOST = {"brand": "AurumPay", "hotline": "400-820-8820", "details_url": f"https://{HOST_LINK}/m"}
MAINTENANCE_TEMPLATES = sorted(n for n in CATALOG_NAMES if n.startswith("maintenance_"))


def cst(text: str) -> dt.datetime:
    """A Beijing-time instant from `YYYY-MM-DDTHH:MM`."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=CST)


def receive(**kwargs: object) -> Complaint:
    """A complaint taken in at 2025-09-17 20:15 Beijing time with no SLA policy by default."""
    fields: dict[str, object] = {
        "id": "C-1",
        "customer": "cust-1",
        "channel": "web_form",
        "description": "withdrawal not received",
        "received_at": cst("2025-09-17T20:15"),
        "actor": "bot",
    }
    fields.update(kwargs)
    return Complaint.receive(**fields)  # type: ignore[arg-type]


# -- one vocabulary --------------------------------------------------------------------


def test_every_module_uses_the_same_vocabulary_objects():
    """Complaints, maintenance, notices and the façade re-export the shared enums themselves."""
    assert complaints.Channel is Channel is supportflow.Channel
    assert maintenance.Service is Service is supportflow.Service
    assert notices.NoticeChannel is NoticeChannel is supportflow.NoticeChannel


def test_the_channels_asked_for_are_there_and_notice_channels_are_channels():
    """social_media, sms, in_person and hotline exist; each notice channel is a channel."""
    names = {c.value for c in Channel}
    assert {"social_media", "sms", "in_person", "hotline"} <= names
    assert {"web_form", "in_app_chat", "regulator_referral"} <= names
    assert [c.channel for c in NoticeChannel] == [Channel.SMS, Channel.EMAIL, Channel.IN_APP]
    assert [c for c in Channel if c.notice_channel is not None] == [
        Channel.IN_APP,
        Channel.EMAIL,
        Channel.SMS,
    ]
    assert Channel.PHONE.notice_channel is None


def test_channel_labels_in_both_locales_and_a_typed_error_for_others():
    """Every channel has an English and a Chinese label; another locale is refused."""
    assert Channel.WEB_FORM.label() == "web form"
    assert Channel.WECHAT.label("zh-Hans") == "微信"
    for c in Channel:
        assert c.label("en")
        assert c.label("zh-Hans")
    with pytest.raises(InvalidFieldError) as caught:
        Channel.SMS.label("fr")
    assert (caught.value.field, caught.value.value) == ("locale", "fr")


def test_unknown_channel_and_service_are_typed_errors_naming_field_and_value():
    """`channel` and `service` convert values and refuse others with the given field name."""
    assert channel("web_form") is Channel.WEB_FORM
    assert channel(Channel.SMS) is Channel.SMS
    assert service("pos") is Service.POS
    bad_values: list[object] = ["web", 3]
    for bad in bad_values:
        with pytest.raises(InvalidFieldError) as caught:
            channel(bad, "where")  # type: ignore[arg-type]
        assert (caught.value.field, caught.value.value) == ("where", bad)
    with pytest.raises(InvalidFieldError) as caught:
        service("deposit", "where")
    assert (caught.value.field, caught.value.value) == ("where", "deposit")


def test_a_complaint_refuses_an_unknown_channel_and_takes_the_new_ones():
    """Intake takes every shared channel and names the field and value of an unknown one."""
    for c in ("social_media", "sms", "in_person", "hotline"):
        assert receive(channel=c).channel is Channel(c)
    with pytest.raises(InvalidFieldError) as caught:
        receive(channel="fax")
    assert (caught.value.field, caught.value.value) == ("channel", "fax")


def test_the_hotline_channel_depends_on_the_hotline_service():
    """A call to the hotline fails when the hotline service is under maintenance."""
    assert CHANNEL_SERVICES[Channel.HOTLINE] is Service.HOTLINE
    assert CHANNEL_SERVICES[Channel.PHONE] is Service.HOTLINE


# -- services words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("services", "word"),
    [
        (["withdrawals"], "withdrawals"),
        ([Service.POS], "pos"),
        (["deposits", "withdrawals"], "deposits_and_withdrawals"),
        ([Service.WITHDRAWALS, Service.DEPOSITS, "deposits"], "deposits_and_withdrawals"),
        ([s.value for s in Service], "all_services"),
    ],
)
def test_services_choice_by_hand(services, word):
    """One service is its name; deposits+withdrawals and every service have their words."""
    assert services_choice(services) == word


@pytest.mark.parametrize(
    ("services", "field", "value"),
    [
        ([], "services", []),
        (["trading", "login"], "services", ["login", "trading"]),
        (["withdrawals", "nope"], "services[1]", "nope"),
        ("withdrawals", "services", "withdrawals"),
    ],
)
def test_services_choice_refuses_what_has_no_word(services, field, value):
    """No word, nothing, an unknown service or a bare string: a typed error naming them."""
    with pytest.raises(InvalidFieldError) as caught:
        services_choice(services)
    assert (caught.value.field, caught.value.value) == (field, value)


def test_every_maintenance_template_offers_exactly_the_shared_services_words():
    """Each catalog maintenance template's `services` choices are SERVICE_CHOICES, labelled."""
    assert {s.value for s in Service} <= set(SERVICE_CHOICES)
    for name in MAINTENANCE_TEMPLATES:
        (variable,) = [v for v in TEMPLATES[name].variables if v.name == "services"]
        assert variable.choices == SERVICE_CHOICES, name
        labels = dict(variable.labels)
        for locale in ("en", "zh-Hans", "zh-Hant"):
            assert set(dict(labels[locale])) == set(SERVICE_CHOICES), (name, locale)


# -- notice kinds and template names -------------------------------------------------------


def test_notice_kinds_name_catalog_templates():
    """Customer kinds name their catalog template; alerts and cancellations name none."""
    expected = {
        "maintenance_announced": "maintenance_announced",
        "maintenance_extended": "maintenance_extended",
        "maintenance_update": "maintenance_update",
        "maintenance_ended": "maintenance_finished",
        "withdrawal_held": "withdrawal_queued",
        "withdrawal_released": "withdrawal_released",
    }
    assert {k.value: k.template for k in NoticeKind if k.template} == expected
    assert set(expected.values()) <= set(CATALOG_NAMES)
    assert all(k.template is None for k in NoticeKind if k.is_alert)
    assert NoticeKind.WITHDRAWAL_CANCELLED.template is None


def test_an_open_ended_window_is_announced_by_the_open_ended_template():
    """template_for picks maintenance_open_ended for a window with no end; refuses bad kinds."""
    window, notice = MaintenanceWindow.announce(
        "MW-1",
        start=cst("2026-03-14T02:00"),
        end=None,
        services=["trading"],
        announced_at=cst("2026-03-10T09:00"),
    )
    assert window.template_for(notice.kind) == "maintenance_open_ended"
    assert window.template_for("maintenance_update") == "maintenance_update"
    with pytest.raises(InvalidFieldError) as caught:
        window.template_for("maintenance_over")
    assert (caught.value.field, caught.value.value) == ("kind", "maintenance_over")


# -- no name means two things ----------------------------------------------------------------


def test_resolution_names_one_thing():
    """The payments enum is PaymentResolution; Resolution is only the complaint's class."""
    assert "Resolution" not in supportflow.__all__
    assert not hasattr(supportflow, "Resolution")
    assert not hasattr(payments, "Resolution")
    assert supportflow.PaymentResolution is payments.PaymentResolution
    assert [r.value for r in payments.PaymentResolution] == ["accept", "refund"]
    assert complaints.Resolution.__module__.startswith("supportflow.complaints")


def test_no_public_name_means_two_things():
    """Across the façade and every public package, a name exports one object only."""
    modules = [supportflow, complaints, maintenance, notices, payments, vocabulary]
    modules.append(supportflow.priority)
    modules.append(supportflow.sla)
    seen: dict[str, object] = {}
    for module in modules:
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, type) or callable(obj):
                assert seen.setdefault(name, obj) is obj, (module.__name__, name)


# -- priority: a complaint's own channel ranks ------------------------------------------------


def test_the_default_channel_table_is_the_shared_channels():
    """One key per shared channel, with the documented points."""
    points = dict(DEFAULT_MODEL.channel_points)
    assert set(points) == {c.value for c in Channel}
    assert points["phone"] == points["hotline"] == points["in_person"] == 3
    assert points["letter"] == points["social_media"] == 2
    assert points["web_form"] == points["regulator_referral"] == points["in_app_chat"] == 0


@given(st.sampled_from(Channel), st.sampled_from(sorted(COMPLAINT_PRIORITY_LEVELS)))
def test_every_complaint_channel_ranks(came_by, priority):
    """A complaint from any shared channel ranks under the default model (the seam-1 bug)."""
    c = receive(channel=came_by, priority=priority)
    item = PriorityInputs.from_complaint(c, at=cst("2025-09-18T09:00"))
    assert item.channel == came_by.value
    assert rank([item], cst("2025-09-18T09:00")) == [item]
    breakdown = DEFAULT_MODEL.score(item, cst("2025-09-18T09:00")).breakdown
    channel_part = [p for p in breakdown if p.factor.value == "channel"]
    assert [p.points for p in channel_part] == [dict(DEFAULT_MODEL.channel_points)[came_by.value]]


def test_a_host_channel_extends_the_table_and_an_unknown_one_is_refused():
    """with_channels adds a channel; the default model refuses it, naming item and value."""
    model = PriorityModel().with_channels({"tiktok": 2, Channel.LETTER: 5})
    table = dict(model.channel_points)
    assert (table["tiktok"], table["letter"], table["web_form"]) == (2, 5, 0)
    item = PriorityInputs(
        id="T", received_at=cst("2025-09-18T09:00"), impact=3, urgency=3, channel="tiktok"
    )
    assert model.rank([item], cst("2025-09-18T09:00")) == [item]
    with pytest.raises(InvalidFieldError) as caught:
        rank([item], cst("2025-09-18T09:00"))
    assert (caught.value.field, caught.value.value) == ("items[0].channel", "tiktok")
    with pytest.raises(InvalidFieldError) as caught:
        PriorityModel().with_channels({"tiktok": -1})
    assert caught.value.value == -1
    with pytest.raises(InvalidFieldError) as caught:
        PriorityModel().with_channels([("tiktok", 1)])  # type: ignore[arg-type]
    assert caught.value.field == "points"


# -- priority: PriorityInputs.from_complaint ---------------------------------------------------

#: The documented table, written out again here as the reference.
LEVELS = {"P1": (1, 1), "P2": (1, 2), "P3": (2, 2), "P4": (2, 3), "P5": (3, 3)}


def test_the_level_table_gives_the_priority_back_through_the_default_matrix():
    """Pn -> (impact, urgency) -> the default ITIL matrix -> n, for every n."""
    assert dict(COMPLAINT_PRIORITY_LEVELS) == LEVELS
    for label, (impact, urgency) in LEVELS.items():
        assert DEFAULT_MODEL.matrix[impact - 1][urgency - 1] == int(label[1])


def _reference(c: Complaint, at: dt.datetime) -> dict[str, object] | None:
    """What from_complaint should give, from the complaint's public fields; None: refused."""
    dues = [
        s.current.due_at
        for s in c.sla_status(at).values()
        if s.state is SlaState.RUNNING and s.current is not None
    ]
    currencies = {t.currency for t in c.transactions}
    if len(currencies) > 1:
        return None
    total = sum((abs(t.amount) for t in c.transactions), decimal.Decimal(0))
    impact, urgency = LEVELS[c.priority]
    return {
        "id": c.id,
        "received_at": c.received_at,
        "impact": impact,
        "urgency": urgency,
        "due_at": min(dues) if dues else None,
        "amount": total,
        "currency": currencies.pop() if currencies else None,
        "regulator": c.channel is Channel.REGULATOR_REFERRAL or len(c.referrals) > 0,
        "repeat_count": len(c.repeats),
        "channel": c.channel.value,
        "vulnerabilities": frozenset(),
        "media": False,
        "funds_held": False,
        "fraud_signal": False,
    }


@given(sfst.complaints(max_events=8), st.integers(0, 90 * 24 * 3600))
def test_from_complaint_agrees_with_the_reference_mapping(c, seconds):
    """Every field of from_complaint matches the reference, or both refuse (mixed currencies)."""
    at = c.history[-1].at + dt.timedelta(seconds=seconds)
    expected = _reference(c, at)
    if expected is None:
        with pytest.raises(InvalidFieldError) as caught:
            PriorityInputs.from_complaint(c, at=at)
        assert caught.value.field == "complaint.transactions"
        return
    item = PriorityInputs.from_complaint(c, at=at)
    assert {k: getattr(item, k) for k in expected} == expected
    # The default model (with a rate for the complaint's currency) ranks every complaint.
    rates = {} if item.currency in {None, "CNY"} else {item.currency: decimal.Decimal(1)}
    assert DEFAULT_MODEL.with_rates(rates).rank([item], at) == [item]


def test_from_complaint_by_hand():
    """A P2 web-form complaint under the industry policy, worked out by hand."""
    from supportflow.calendar import cn_mainland
    from supportflow.sla import industry_default

    c = receive(
        priority="P2",
        transactions=[
            Transaction("WD-1", decimal.Decimal("5000.00"), "CNY"),
            Transaction("WD-2", decimal.Decimal("250.50"), "CNY"),
        ],
        sla_policy=industry_default(cn_mainland()),
    )
    item = PriorityInputs.from_complaint(
        c, at=cst("2025-09-18T09:00"), vulnerabilities={"elderly"}, media=True
    )
    # Acknowledge within 24 h of 20:15 on 17 Sep (Beijing) -> 20:15 on 18 Sep = 12:15 UTC.
    assert item.due_at == dt.datetime(2025, 9, 18, 12, 15, tzinfo=UTC)
    assert (item.impact, item.urgency) == (1, 2)
    assert (item.amount, item.currency) == (decimal.Decimal("5250.50"), "CNY")
    assert (item.regulator, item.media, item.repeat_count) == (False, True, 0)
    assert item.received_at == dt.datetime(2025, 9, 17, 12, 15, tzinfo=UTC)
    # Acknowledged at 09:05: the acknowledgement clock stops; the nearest running one is
    # the 5-business-day update clock: 18, 19, 22, 23, 24 Sep -> 24 Sep 18:00 Beijing.
    c.acknowledge(cst("2025-09-18T09:05"), "agent")
    later = PriorityInputs.from_complaint(c, at=cst("2025-09-18T10:00"))
    assert later.due_at == dt.datetime(2025, 9, 24, 10, 0, tzinfo=UTC)


def test_from_complaint_leaves_paused_clocks_out():
    """While the firm waits on the customer, a paused clock sets no due instant."""
    from supportflow.calendar import cn_mainland
    from supportflow.sla import industry_default

    c = receive(sla_policy=industry_default(cn_mainland()))
    c.acknowledge(cst("2025-09-18T09:05"), "agent")
    c.triage(
        cst("2025-09-18T09:30"), "agent", in_scope=True, category="w", priority="P3", owner="a"
    )
    c.request_info(cst("2025-09-18T10:00"), "agent")
    at = cst("2025-09-18T11:00")
    statuses = c.sla_status(at).values()
    running = [s.current.due_at for s in statuses if s.state is SlaState.RUNNING and s.current]
    paused = [s.target for s in statuses if s.state is SlaState.PAUSED]
    assert paused, "the industry policy pauses a clock while awaiting the customer"
    assert PriorityInputs.from_complaint(c, at=at).due_at == (min(running) if running else None)


def test_from_complaint_regulator_repeats_and_referral():
    """A regulator referral sets `regulator`; a follow-up counts the complaints it repeats."""
    assert PriorityInputs.from_complaint(
        receive(channel="regulator_referral"), at=cst("2025-09-18T09:00")
    ).regulator
    first = receive(id="C-1")
    first.acknowledge(cst("2025-09-18T09:00"), "a")
    first.withdraw(cst("2025-09-18T09:10"), "a")
    first.close(cst("2025-09-18T09:20"), "a")
    second = Complaint.follow_up(
        first, id="C-2", description="again", received_at=cst("2025-09-19T09:00"), actor="bot"
    )
    item = PriorityInputs.from_complaint(second, at=cst("2025-09-19T10:00"))
    assert (item.repeat_count, item.impact, item.urgency) == (1, 1, 2)  # P3 -> P2 by follow-up


def test_from_complaint_refuses_what_it_cannot_decide():
    """Mixed currencies without an amount, a lone currency, a non-complaint, a naive `at`."""
    mixed = receive(
        transactions=[
            Transaction("A", decimal.Decimal(1), "CNY"),
            Transaction("B", decimal.Decimal(2), "USD"),
        ]
    )
    at = cst("2025-09-18T09:00")
    with pytest.raises(InvalidFieldError) as caught:
        PriorityInputs.from_complaint(mixed, at=at)
    assert (caught.value.field, caught.value.value) == ("complaint.transactions", ["CNY", "USD"])
    chosen = PriorityInputs.from_complaint(mixed, at=at, amount="15.2", currency="CNY")
    assert (chosen.amount, chosen.currency) == (decimal.Decimal("15.2"), "CNY")
    with pytest.raises(InvalidFieldError) as caught:
        PriorityInputs.from_complaint(mixed, at=at, currency="CNY")
    assert caught.value.field == "currency"
    with pytest.raises(InvalidFieldError) as caught:
        PriorityInputs.from_complaint("C-1", at=at)  # type: ignore[arg-type]
    assert caught.value.field == "complaint"
    with pytest.raises(InvalidFieldError):
        PriorityInputs.from_complaint(mixed, at=dt.datetime(2025, 9, 18), amount=1)
    with pytest.raises(InvalidFieldError) as caught:
        PriorityInputs.from_complaint(receive(), at=at, vulnerabilities={"young"})
    assert caught.value.value == "young" or "young" in str(caught.value)


# -- notices: exactly a template's variables ---------------------------------------------------

_NEXT_UPDATE = dt.timedelta(hours=2)


def _word(services: frozenset[Service]) -> str | None:
    """The reference table of services words."""
    if len(services) == 1:
        return next(iter(services)).value
    if services == {Service.DEPOSITS, Service.WITHDRAWALS}:
        return "deposits_and_withdrawals"
    if services == set(Service):
        return "all_services"
    return None


def _window_supplies(w: MaintenanceWindow) -> set[str]:
    """What a window can tell a notice, worked from its public fields."""
    names = {"start"}
    if _word(frozenset(s.service for s in w.services)) is not None:
        names.add("services")
    if w.end is not None:
        names |= {"end", "duration"}
    if w.ended_at is not None:
        names.add("ended_at")
    if len(w.versions) > 1 and w.versions[-2].end is not None and w.end is not None:
        names |= {"previous_end", "new_end"}
    return names


@given(sfst.maintenance_windows(), st.sampled_from(MAINTENANCE_TEMPLATES))
def test_window_values_for_gives_exactly_the_declared_variables(window, name):
    """Keys == declared variables and every locale renders; or the missing one is named."""
    template = TEMPLATES[name]
    declared = [v.name for v in template.variables]
    host = {k: v for k, v in HOST.items() if k in declared}
    if "next_update" in declared:
        host["next_update"] = window.start + _NEXT_UPDATE
    supplied = _window_supplies(window) | set(host)
    if "services" in declared and "services" not in supplied:
        with pytest.raises(InvalidFieldError) as caught:
            window.values_for(name, **host)
        assert caught.value.field == "services"
        return
    missing = [v.name for v in template.variables if v.required and v.name not in supplied]
    if missing:
        with pytest.raises(InvalidFieldError) as caught:
            window.values_for(template, **host)
        assert caught.value.field == missing[0]
        return
    values = window.values_for(template, **host)
    assert set(values) == set(declared) & supplied
    assert values["start"] == window.start if "start" in values else True
    if "ended_at" in values:
        assert values["ended_at"] == window.ended_at
    for locale in template.locales:
        template.render(values, locale=locale, timezone="Asia/Shanghai")


@given(sfst.send_plans(), st.sampled_from(MAINTENANCE_TEMPLATES))
def test_plan_values_for_gives_exactly_the_declared_variables(plan, name):
    """A plan supplies start, end, duration, services, ended_at; the rest is the host's."""
    template = TEMPLATES[name]
    declared = [v.name for v in template.variables]
    host = {k: v for k, v in HOST.items() if k in declared}
    extra = {"next_update": plan.start, "previous_end": plan.start, "new_end": plan.end}
    host.update({k: v for k, v in extra.items() if k in declared})
    values = plan.values_for(template, **host)
    assert set(values) == set(declared)
    assert "ended_at" not in values or name == "maintenance_finished"
    template.render(values, locale="en", timezone="Europe/London")


def test_values_for_refusals_name_the_variable():
    """Undeclared host values, replacing the window's, bad choices and unknown templates."""
    window, _ = MaintenanceWindow.announce(
        "MW-2",
        start=cst("2026-03-14T02:00"),
        end=cst("2026-03-14T06:00"),
        services=["trading", "login"],
        announced_at=cst("2026-03-10T09:00"),
    )
    cases = [
        ({**HOST, "services": "trading", "ended_at": "x"}, "ended_at"),
        ({**HOST, "services": "trading", "start": "x"}, "start"),
        ({**HOST, "services": "everything"}, "services"),
        (HOST, "services"),  # trading + login has no catalog word
    ]
    for host, field in cases:
        with pytest.raises(InvalidFieldError) as caught:
            window.values_for("maintenance_announced", **host)
        assert caught.value.field == field
    values = window.values_for("maintenance_announced", **HOST, services="all_services")
    assert values["services"] == "all_services"  # the host's own wording, when it has one
    with pytest.raises(InvalidFieldError) as caught:
        window.values_for("no_such_notice", **HOST)
    assert (caught.value.field, caught.value.value) == ("template", "no_such_notice")
    with pytest.raises(InvalidFieldError) as caught:
        window.values_for("maintenance_finished", **HOST, services="trading")
    assert caught.value.field == "ended_at"  # required, and the window has not ended


def test_plan_values_for_by_hand():
    """The issue's case: render(plan.values_for(t)) for the announcement, no ended_at."""
    plan = plan_maintenance_notices(
        start="2026-03-14T02:00:00+08:00",
        end="2026-03-14T06:00:00+08:00",
        services="deposits_and_withdrawals",
        zones=["Asia/Shanghai"],
    )
    assert isinstance(plan, SendPlan)
    values = plan.values_for("maintenance_announced", **HOST)
    assert values == {
        **HOST,
        "start": dt.datetime(2026, 3, 13, 18, 0, tzinfo=UTC),
        "end": dt.datetime(2026, 3, 13, 22, 0, tzinfo=UTC),
        "duration": dt.timedelta(hours=4),
        "services": "deposits_and_withdrawals",
    }
    sms = TEMPLATES["maintenance_announced"].render(values, locale="en", timezone="UTC").sms
    assert sms is not None
    assert "13 Mar 2026 18:00 to 13 Mar 2026 22:00" in sms.text


# -- notices: a complaint's notices from its history ------------------------------------------


def _lifecycle() -> Complaint:
    """Acknowledged, triaged, waiting, updated, resolved with compensation, closed."""
    from supportflow.calendar import cn_mainland
    from supportflow.sla import industry_default

    c = receive(sla_policy=industry_default(cn_mainland()), language="zh-Hans")
    c.acknowledge(cst("2025-09-18T09:05"), "li")
    c.triage(cst("2025-09-18T09:30"), "li", in_scope=True, category="w", priority="P2", owner="li")
    c.request_info(cst("2025-09-18T10:00"), "li")
    c.customer_replied(cst("2025-09-22T14:00"))
    c.post_update(cst("2025-09-23T11:00"), "li", eta="2025-09-26")
    c.propose_resolution(
        cst("2025-09-25T16:00"),
        "li",
        kind="compensation",
        text="50 CNY for the delay",
        amount=decimal.Decimal("50.00"),
        currency="CNY",
    )
    c.accept(cst("2025-09-25T18:20"))
    c.resolve(cst("2025-09-26T10:00"), "li")
    c.close(cst("2025-09-26T13:00"), "li")
    return c


def test_notices_for_a_whole_lifecycle_by_hand():
    """Five events owe notices, in order, with the values worked out by hand."""
    c = _lifecycle()
    planned = notices_for(c, timezone="Asia/Shanghai")
    assert [(n.template, dict(n.values)) for n in planned] == [
        # 15 calendar days from 17 Sep, to the end of the day: 2 Oct 24:00 Beijing.
        (
            "complaint_acknowledged",
            {"reference": "C-1", "reply_by": dt.datetime(2025, 10, 2, 16, 0, tzinfo=UTC)},
        ),
        ("complaint_progress", {"reference": "C-1", "stage": "awaiting_information"}),
        ("complaint_progress", {"reference": "C-1", "stage": "investigating"}),
        ("resolution_proposed", {"reference": "C-1", "resolution": "compensation"}),
        ("feedback_request", {"reference": "C-1"}),
    ]
    assert {(n.customer, n.locale, n.timezone) for n in planned} == {
        ("cust-1", "zh-Hans", "Asia/Shanghai")
    }
    # The history has 10 records; from index 7 (accept) on, only `resolve` owes a notice.
    assert len(c.history) == 10
    assert c.history[7].event == "accept"
    assert [n.template for n in notices_for(c, timezone="UTC", since=7)] == ["feedback_request"]
    rest: dict[str, dict[str, object]] = {
        "complaint_acknowledged": {"summary": "提现未到账"},
        "complaint_progress": {"eta": cst("2025-09-26T18:00")},
        "resolution_proposed": {"respond_by": cst("2025-10-09T18:00")},
        "feedback_request": {},
    }
    for n in planned:
        values = n.render_values(**HOST, **rest[n.template])
        text = TEMPLATES[n.template].render(values, locale=n.locale, timezone=n.timezone)
        assert text.sms is not None
        assert "C-1" in text.sms.text


def test_notices_for_an_out_of_scope_complaint():
    """An out-of-scope triage owes the redirect notice, with where to go."""
    c = receive()
    c.acknowledge(cst("2025-09-18T09:05"), "li")
    c.triage(
        cst("2025-09-18T09:30"),
        "li",
        in_scope=False,
        category="card",
        priority="P4",
        owner="li",
        redirect_to="issuing_bank",
    )
    assert c.state is ComplaintState.REDIRECTED
    planned = notices_for(c, timezone="Asia/Shanghai")
    # No SLA policy: the acknowledgement has no reply-by date to offer (the host adds it).
    assert [(n.template, dict(n.values)) for n in planned] == [
        ("complaint_acknowledged", {"reference": "C-1"}),
        ("complaint_redirected", {"reference": "C-1", "redirect_to": "issuing_bank"}),
    ]
    values = planned[1].render_values(**HOST, contact="your card issuer")
    TEMPLATES["complaint_redirected"].render(values, locale="en", timezone="Asia/Shanghai")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"timezone": "Mars/Base"}, "timezone"),
        ({"timezone": "UTC", "since": -1}, "since"),
        ({"timezone": "UTC", "since": 99}, "since"),
        ({"timezone": "UTC", "since": True}, "since"),
    ],
)
def test_notices_for_refusals(kwargs, field):
    """An unknown zone or an out-of-range `since` is a typed error naming it."""
    with pytest.raises(InvalidFieldError) as caught:
        notices_for(receive(), **kwargs)
    assert caught.value.field == field
    with pytest.raises(InvalidFieldError) as caught:
        notices_for("C-1", timezone="UTC")
    assert caught.value.field == "complaint"


@given(sfst.complaints(max_events=10))
def test_notices_for_names_catalog_templates_with_declared_values(c):
    """Each planned notice names a catalog template, supplies only declared variables, and
    round-trips; one per owing event (counted independently from the history)."""
    planned = notices_for(c, timezone="Europe/London")
    owing = [
        r
        for r in c.history
        if r.event in {"acknowledge", "propose_resolution", "resolve"}
        or (r.event == "triage" and r.to_state == "redirected")
        or (
            r.event in {"request_info", "post_update"}
            and r.to_state in {"investigating", "awaiting_customer", "escalated"}
        )
    ]
    assert len(planned) == len(owing)
    for notice in planned:
        assert notice.template in TEMPLATES
        declared = {v.name for v in TEMPLATES[notice.template].variables}
        assert set(dict(notice.values)) <= declared
        assert PlannedNotice.from_dict(notice.to_dict()) == notice
        assert pickle.loads(pickle.dumps(notice)) == notice
