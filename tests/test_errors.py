"""The exception tree: shape, messages, structured fields, pickling."""

from __future__ import annotations

import inspect
import pickle
from pathlib import Path

import pytest

import supportflow
from supportflow import errors

ALL_ERRORS = [
    obj
    for name, obj in vars(errors).items()
    if inspect.isclass(obj) and issubclass(obj, Exception) and name in errors.__all__
]

SAMPLES: list[Exception] = [
    errors.InvalidFieldError("amount", -1, "not be negative"),
    errors.NaiveDatetimeError("received_at", "2025-01-01T00:00:00"),
    errors.UnknownTimezoneError("timezone", "CST"),
    errors.SerializationError("history[3].at", 17, "be a string"),
    errors.IllegalTransitionError("Complaint C-1", "closed", "reopen"),
    errors.CalendarDataMissingError("cn", 2031, (2024, 2026)),
    errors.TemplateSyntaxError("unclosed placeholder", 2, 7, "maintenance"),
    errors.TemplateVariableError("amount", None, "be given"),
    errors.SmsBudgetError("maintenance_announced", "zh-Hans", 3, 2, "UCS-2"),
    errors.IdempotencyConflictError("evt-1", "amount", "50.00", "70.00"),
    errors.ProviderPayloadError("data.object.amount", "x", "be an integer"),
    errors.RefundExceedsReceivedError("evt-9", "2.01", "2.00"),
    errors.HolidayDataConflictError("cn", 2027, "packaged", "cn-2027.json"),
    errors.MissingExtraError("holidays", "holidays"),
    errors.NewerSchemaError("schema", 3, "be a schema this supportflow reads (at most 2)", 3, 2),
    errors.ReadOnlyFieldError("Complaint", "state", "closed"),
]


def test_every_error_derives_from_the_base():
    """Every public exception is a SupportflowError."""
    assert ALL_ERRORS
    for kind in ALL_ERRORS:
        assert issubclass(kind, errors.SupportflowError), kind


def test_bad_input_errors_are_value_errors():
    """Errors about bad input also inherit ValueError, as the docs promise."""
    for kind in (
        errors.InvalidFieldError,
        errors.NaiveDatetimeError,
        errors.UnknownTimezoneError,
        errors.SerializationError,
        errors.TemplateSyntaxError,
        errors.TemplateVariableError,
    ):
        assert issubclass(kind, ValueError), kind
    assert not issubclass(errors.IllegalTransitionError, ValueError)


def test_samples_cover_every_concrete_error():
    """The pickling samples below include one instance of every raisable error class."""
    abstract = {errors.SupportflowError, errors.CalendarError, errors.TemplateError}
    assert {type(e) for e in SAMPLES} == set(ALL_ERRORS) - abstract


@pytest.mark.parametrize("error", SAMPLES, ids=lambda e: type(e).__name__)
def test_errors_pickle_with_their_fields(error):
    """An error survives pickling with every structured field and its message."""
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.args == error.args


def test_messages_name_field_and_value():
    """Messages name the field and the offending value in a readable sentence."""
    assert str(SAMPLES[0]) == "amount=-1: must not be negative"
    assert str(SAMPLES[3]) == "history[3].at=17: must be a string"
    assert str(SAMPLES[4]) == (
        "Complaint C-1: cannot 'reopen' in state 'closed': the state does not allow this event"
    )
    assert str(SAMPLES[5]) == "calendar 'cn' has no holiday data for 2031 (data covers 2024-2026)"
    assert str(SAMPLES[6]) == "maintenance:2:7: unclosed placeholder"
    assert "CST" in str(SAMPLES[2])


def test_structured_fields_are_attributes():
    """Callers read fields, never parse messages."""
    err = errors.IllegalTransitionError("Payment P-9", "expired", "confirm", "window closed")
    assert (err.entity, err.state, err.event, err.reason) == (
        "Payment P-9",
        "expired",
        "confirm",
        "window closed",
    )


def test_errors_are_reexported_from_the_package():
    """The façade exports the whole tree."""
    for kind in ALL_ERRORS:
        assert getattr(supportflow, kind.__name__) is kind


def test_the_tree_is_drawn_in_the_docs():
    """docs/errors.md and the module docstring name every error class."""
    page = (Path(__file__).parent.parent / "docs" / "errors.md").read_text(encoding="utf-8")
    for kind in ALL_ERRORS:
        assert kind.__name__ in page, kind
        assert kind.__name__ in (errors.__doc__ or ""), kind
