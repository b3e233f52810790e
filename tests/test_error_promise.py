"""Issue 12's reproductions: hostile arguments get a typed error naming field and value.

Each test is one reproduction from the issue (numbered like it). Every refusal is a
`SupportflowError` subclass (and a `ValueError` for bad input), names the field, shows
the value in a message that is itself cheap to build, and leaves the object unchanged.
"""

from __future__ import annotations

import datetime as dt
import decimal
import pickle

import pytest

import supportflow as sf
from supportflow import (
    BusinessCalendar,
    FixedClock,
    InvalidFieldError,
    LeadTimePolicy,
    MaintenanceWindow,
    NoticeTemplate,
    NoticeTexts,
    PaymentConfirmation,
    PriorityScore,
    SerializationError,
    SlaEvent,
    SupportflowError,
    TemplateSyntaxError,
)
from supportflow import _validators as v
from supportflow.errors import shown
from supportflow.notices import (
    Variable,
    VariableType,
    catalog,
    example_values,
    plan_maintenance_notices,
    sms_cost,
)
from supportflow.priority import PriorityInputs, PriorityModel
from supportflow.sla import industry_default

T0 = "2026-03-02T14:00:00+08:00"


def _payment() -> PaymentConfirmation:
    return PaymentConfirmation.create(
        "INV-1", "10.00", "CNY", "2026-01-01T00:00:00Z", expiry=dt.timedelta(minutes=30)
    )


# -- 1. instants near year 1 or 9999 ---------------------------------------------------------------


def test_1_fixed_clock_before_year_1_in_utc_is_refused():
    """01:00 on 0001-01-01 at +01:00 is 23:00 on 31 Dec of year 0 in UTC: no such instant."""
    with pytest.raises(InvalidFieldError) as info:
        FixedClock("0001-01-01T00:00:00+01:00")
    assert info.value.field == "now"
    assert info.value.value == "0001-01-01T00:00:00+01:00"
    assert "between the years 1 and 9999" in str(info.value)


def test_1_calendar_add_after_year_9999_in_utc_is_refused():
    """23:59:59 at -01:00 on 9999-12-31 is 00:59:59 on 10000-01-01 in UTC."""
    with pytest.raises(InvalidFieldError) as info:
        BusinessCalendar.always_open().add("9999-12-31T23:59:59-01:00", dt.timedelta(0))
    assert info.value.field == "start"


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00",
        dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=23, minutes=59))),
        dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=-2))),
    ],
)
def test_1_other_entry_points_refuse_out_of_range_instants(value):
    """The same adapter guards every entry point: SLA clocks, payments, notices, windows."""
    target = industry_default(BusinessCalendar.always_open()).target("resolution")
    calls = {
        "at": lambda: target.clock().start(value),
        "created_at": lambda: PaymentConfirmation.create(
            "I", "1.00", "CNY", value, expiry=dt.timedelta(hours=1)
        ),
        "start": lambda: plan_maintenance_notices(
            start=value, end="2026-01-01T00:00:00Z", services="withdrawals", zones=["UTC"]
        ),
        "announced_at": lambda: LeadTimePolicy.days(1).earliest_start(value),
    }
    for field, call in calls.items():
        with pytest.raises(InvalidFieldError) as info:
            call()
        assert info.value.field == field
        assert info.value.value is value


def test_1_a_payment_refuses_an_out_of_range_event_and_is_unchanged():
    """A refused notification instant leaves the payment exactly as it was."""
    payment = _payment()
    before = payment.to_dict()
    with pytest.raises(InvalidFieldError) as info:
        payment.apply_notification("e1", "payment_detected", "0001-01-01T00:00:00+01:00")
    assert info.value.field == "occurred_at"
    assert payment.to_dict() == before


# -- 2. whitespace inside a placeholder ------------------------------------------------------------


@pytest.mark.parametrize("space", ["\r", "\xa0", "\u3000", "\u2003", " ", "\t"])
def test_2_whitespace_in_a_placeholder_is_a_syntax_error(space):
    """Every kind of whitespace is refused with the column of the space (not StopIteration)."""
    template = NoticeTemplate(
        "greeting",
        variables=[Variable("name", VariableType.TEXT)],
        texts=[NoticeTexts("en", sms="Hi {name}")],
    )
    data = template.to_dict()
    data["texts"]["en"]["sms"] = f"Hi {{name{space}}}"  # type: ignore[index]
    with pytest.raises(TemplateSyntaxError) as info:
        NoticeTemplate.from_dict(data)
    # "Hi {name" is 8 characters: the space is in column 9.
    assert (info.value.line, info.value.column) == (1, 9)
    assert "spaces are not allowed" in info.value.message


# -- 3. deep nesting in an enum field --------------------------------------------------------------


def test_3_deeply_nested_enum_value_is_a_serialization_error_that_prints():
    """A 5,000-deep list where an event kind belongs: a SerializationError, printable."""
    nested: list[object] = ["start"]
    for _ in range(5000):
        nested = [nested]
    with pytest.raises(SerializationError) as info:
        SlaEvent.from_dict({"schema": 1, "kind": nested, "at": "2025-01-01T00:00:00Z"})
    assert info.value.path == "kind"
    message = str(info.value)
    assert message.startswith("kind=[[[[")
    assert len(message) < 400


def test_3_shown_shortens_huge_and_hostile_values():
    """Messages show long strings cut, deep lists elided, huge ints by size."""
    assert shown("x" * 10) == repr("x" * 10)
    long = shown("x" * 5000)
    assert len(long) <= 200
    assert "..." in long
    assert shown(10**5000) == f"<int of {(10**5000).bit_length()} bits>"

    class Hostile:
        def __repr__(self) -> str:
            raise RuntimeError

    assert shown(Hostile()).startswith("<Hostile")
    assert str(InvalidFieldError("f", "y" * 10_000, "be short")).endswith(": must be short")


# -- 4. unknown priority label in a score breakdown ------------------------------------------------


def test_4_unknown_label_in_the_base_breakdown_is_a_serialization_error():
    """A base line whose label is "P9" is refused with its path, not a bare ValueError."""
    inputs = PriorityInputs(id="A", received_at="2026-01-01T00:00:00Z", impact=3, urgency=3)
    data = PriorityModel().score(inputs, "2026-01-01T01:00:00Z").to_dict()
    breakdown = data["breakdown"]
    assert isinstance(breakdown, list)
    assert breakdown[0]["detail"] == [3, 3, "P5"]  # impact 3 x urgency 3 is P5 in the matrix
    breakdown[0]["detail"][2] = "P9"
    with pytest.raises(SerializationError) as info:
        PriorityScore.from_dict(data)
    assert info.value.path == "breakdown[0].detail"
    assert info.value.value == (3, 3, "P9")


# -- 5. render channels ----------------------------------------------------------------------------


@pytest.mark.parametrize(("channels", "value"), [(["fax"], "fax"), (5, 5), ("sms", "sms")])
def test_5_render_refuses_unknown_channels(channels, value):
    """An unknown channel, or a non-collection, is an InvalidFieldError on `channels`."""
    name = "maintenance_announced"
    with pytest.raises(InvalidFieldError) as info:
        catalog()[name].render(example_values(name), locale="en", timezone="UTC", channels=channels)
    assert info.value.field == "channels"
    assert info.value.value == value


def test_5_render_accepts_channel_values_as_strings():
    """`"sms"` is NoticeChannel.SMS's value, so `["sms"]` renders the SMS alone."""
    name = "maintenance_announced"
    notice = catalog()[name].render(
        example_values(name), locale="en", timezone="UTC", channels=["sms"]
    )
    assert notice.sms is not None
    assert notice.email is None
    assert notice.in_app is None


# -- 6. reminders without a policy -----------------------------------------------------------------


@pytest.mark.parametrize("policy", ["policy", None, 5])
def test_6_reminder_calls_refuse_a_non_policy(policy):
    """Not a ReminderPolicy: InvalidFieldError naming `policy`; the payment is unchanged."""
    payment = _payment()
    before = payment.to_dict()
    with pytest.raises(InvalidFieldError) as info:
        payment.record_reminder(policy, "k", at="2026-01-01T00:05:00Z")
    assert info.value.field == "policy"
    with pytest.raises(InvalidFieldError) as info:
        payment.due_reminders(policy, "2026-01-01T00:05:00Z")
    assert info.value.field == "policy"
    assert payment.to_dict() == before


# -- 7. retroactive pauses -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pauses", "field"),
    [(5, "pauses"), ([("x",)], "pauses[0]"), ("abc", "pauses"), ([(T0, None)], "pauses[0]")],
)
def test_7_malformed_pauses_are_refused(pauses, field):
    """`pauses` must be a list of (start, end, reason): the error names the element."""
    target = industry_default(BusinessCalendar.always_open()).target("resolution")
    with pytest.raises(InvalidFieldError) as info:
        target.clock().start(T0, counts_from=T0, pauses=pauses)
    assert info.value.field == field


# -- 8. maintenance services -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("services", "field"),
    [
        (5, "services"),
        ({"withdrawals": ("2026-01-02T00:00:00Z",)}, "services['withdrawals']"),
        ({"withdrawals": "2026-01-02T00:00:00Z"}, "services['withdrawals']"),
    ],
)
def test_8_malformed_services_are_refused(services, field):
    """A non-collection, or a span that is not (start, end), names the service."""
    with pytest.raises(InvalidFieldError) as info:
        MaintenanceWindow.announce(
            "MW-1",
            start="2026-01-02T00:00:00Z",
            end="2026-01-02T02:00:00Z",
            services=services,
            announced_at="2026-01-01T00:00:00Z",
        )
    assert info.value.field == field


# -- 9. FixedClock.advance -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"delta": "PT1H"}, "delta"),
        ({"days": float("nan")}, "days"),
        ({"seconds": float("inf")}, "seconds"),
        ({"delta": dt.timedelta(days=3_000_000)}, "delta"),
        ({"hours": "1"}, "hours"),
        ({"minutes": True}, "minutes"),
        ({"days": 400_000}, "days"),
    ],
)
def test_9_hostile_steps_are_refused_and_the_clock_stays(kwargs, field):
    """Each refusal names the unit; the clock has not moved."""
    clock = FixedClock("2026-01-01T00:00:00Z")
    with pytest.raises(InvalidFieldError) as info:
        clock.advance(**kwargs)
    assert info.value.field == field
    assert clock.now().isoformat() == "2026-01-01T00:00:00+00:00"


def test_9_advancing_past_year_9999_is_refused():
    """A 1,000-year step is allowed, but not from 9500: the year 10500 does not exist."""
    clock = FixedClock("9500-01-01T00:00:00Z")
    with pytest.raises(InvalidFieldError) as info:
        clock.advance(days=365_000)
    assert info.value.field == "delta"
    assert clock.now().isoformat() == "9500-01-01T00:00:00+00:00"
    assert clock.advance(hours=1.5).isoformat() == "9500-01-01T01:30:00+00:00"


# -- 10. lead times and SMS costs ------------------------------------------------------------------


@pytest.mark.parametrize("n", [10**9, 0, -1, True, 1.5, "3"])
def test_10_lead_time_days_out_of_range(n):
    """`days(n)` takes an int from 1 to 3,660 (ten years)."""
    with pytest.raises(InvalidFieldError) as info:
        LeadTimePolicy.days(n)
    assert info.value.field == "n"


def test_10_lead_time_days_at_the_bounds():
    """1 and 3,660 days are accepted and mean that many 24-hour days."""
    assert LeadTimePolicy.days(1).minimum == dt.timedelta(days=1)
    assert LeadTimePolicy.days(3660).minimum == dt.timedelta(days=3660)


@pytest.mark.parametrize("text", [None, 5, b"x"])
def test_10_sms_cost_needs_a_string(text):
    """Not a string: InvalidFieldError naming `text`."""
    with pytest.raises(InvalidFieldError) as info:
        sms_cost(text)
    assert info.value.field == "text"


# -- 11. amounts -----------------------------------------------------------------------------------


def test_11_a_huge_amount_is_refused_on_the_first_notification():
    """ "9E+999999" is refused at once; nothing is recorded, so a second is refused alike."""
    payment = _payment()
    before = payment.to_dict()
    for event_id in ("e1", "e2"):
        with pytest.raises(InvalidFieldError) as info:
            payment.apply_notification(
                event_id,
                "payment_detected",
                "2026-01-01T00:01:00Z",
                {"amount": "9E+999999", "currency": "CNY"},
            )
        assert info.value.field == "payload.amount"
        assert info.value.value == "9E+999999"
    assert payment.to_dict() == before


@pytest.mark.parametrize(
    ("value", "currency", "ok"),
    [
        ("10.50", "CNY", True),
        ("10.500", "CNY", True),  # trailing zeros are not precision
        ("10.505", "CNY", False),
        ("100", "JPY", True),
        ("100.5", "JPY", False),
        ("1.234", "KWD", True),
        ("1.2345", "KWD", False),
        ("0.00000001", "BTC", True),
        ("0.000000001", "BTC", False),
        ("999999999999999.99", "USD", True),
        ("1000000000000000", "USD", False),
        ("1E+15", None, False),
        ("-1", "CNY", False),
        ("NaN", "CNY", False),
        ("abc", "CNY", False),
        (1.5, "CNY", False),
        (True, "CNY", False),
        (None, "CNY", False),
    ],
)
def test_11_amount_range_and_precision(value, currency, ok):
    """Amounts: finite, below 10**15, at most the currency's minor units of places, >= 0."""
    if ok:
        assert v.amount("amount", value, currency=currency) == decimal.Decimal(value)
    else:
        with pytest.raises(InvalidFieldError) as info:
            v.amount("amount", value, currency=currency)
        assert info.value.field == "amount"
        assert info.value.value is value


def test_11_payment_amounts_follow_the_currency_precision():
    """A CNY payment refuses a third decimal place in its amount and its notifications."""
    with pytest.raises(InvalidFieldError) as info:
        PaymentConfirmation.create(
            "I", "10.001", "CNY", "2026-01-01T00:00:00Z", expiry=dt.timedelta(hours=1)
        )
    assert info.value.field == "amount_due"
    payment = _payment()
    with pytest.raises(InvalidFieldError) as info:
        payment.apply_notification(
            "e1", "payment_detected", T0, {"amount": "1.001", "currency": "CNY"}
        )
    assert info.value.field == "payload.amount"


# -- the converters and the error tree -------------------------------------------------------------


def test_every_refusal_above_is_a_value_error_and_pickles():
    """Bad-input errors are ValueErrors too, and cross process boundaries intact."""
    with pytest.raises(InvalidFieldError) as info:
        FixedClock("0001-01-01T00:00:00+01:00")
    error = info.value
    assert isinstance(error, ValueError)
    assert isinstance(error, SupportflowError)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.field, copy.value, copy.reason) == (error.field, error.value, error.reason)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(sf.NoticeChannel.SMS, (sf.NoticeChannel.SMS,)), (["sms", "sms", "email"], None)],
)
def test_choices_keeps_order_and_drops_repeats(value, expected):
    """`choices` accepts members or values, in order, each once."""
    result = v.choices("channels", value if isinstance(value, list) else [value], sf.NoticeChannel)
    if expected is None:
        expected = (sf.NoticeChannel.SMS, sf.NoticeChannel.EMAIL)
    assert result == expected


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: v.duration("d", dt.timedelta(days=365_251)), "d"),
        (lambda: v.duration("d", dt.timedelta(seconds=-1)), "d"),
        (lambda: v.duration("d", dt.timedelta(0), positive=True), "d"),
        (lambda: v.duration("d", "PT1H"), "d"),
        (lambda: v.text("t", ""), "t"),
        (lambda: v.text("t", "x" * 11, max_length=10), "t"),
        (lambda: v.text("t", 5), "t"),
        (lambda: v.integer("i", True), "i"),
        (lambda: v.integer("i", 11, maximum=10), "i"),
        (lambda: v.number("n", float("nan")), "n"),
        (lambda: v.number("n", "1"), "n"),
        (lambda: v.choice("c", [["x"]], sf.NoticeChannel), "c"),
        (lambda: v.choices("c", "sms", sf.NoticeChannel), "c"),
    ],
)
def test_converters_name_the_field(call, field):
    """Each boundary converter refuses with InvalidFieldError naming its field."""
    with pytest.raises(InvalidFieldError) as info:
        call()
    assert info.value.field == field


def test_converters_pass_good_values_through():
    """Valid values come back converted (strings to members, ints to Decimals)."""
    assert v.duration("d", dt.timedelta(days=365_250)) == dt.timedelta(days=365_250)
    assert v.duration("d", dt.timedelta(hours=-1), minimum=None) == dt.timedelta(hours=-1)
    assert v.amount("a", 5) == decimal.Decimal(5)
    assert v.amount("a", "-2.50", signed=True) == decimal.Decimal("-2.50")
    assert v.choice("c", "sms", sf.NoticeChannel) is sf.NoticeChannel.SMS
    assert v.text("t", "", empty=True) == ""
    assert v.integer("i", 0) == 0
    assert v.number("n", 2) == 2.0
    assert v.optional_instant("at", None) is None
    assert v.instant("at", "2026-01-01T00:00:00Z").isoformat() == "2026-01-01T00:00:00+00:00"
    assert v.amount_places("JPY") == 0
    assert v.amount_places("BHD") == 3
    assert v.amount_places("CNY") == 2
    assert v.amount_places("BTC") == 8
    assert v.amount_places(None) == 8
