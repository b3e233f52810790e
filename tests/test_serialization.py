"""The shared to_dict/from_dict helpers: JSON paths in every error."""

from __future__ import annotations

import datetime as dt
import decimal
import enum

import attrs
import pytest

from supportflow import InvalidFieldError, SerializationError
from supportflow._serialization import (
    Reader,
    dump_date,
    dump_decimal,
    dump_duration,
    dump_instant,
    dump_time,
)


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


def test_root_checks_schema_version():
    """Unknown or missing schema versions are refused at the 'schema' path."""
    with pytest.raises(SerializationError) as info:
        Reader.root({"schema": 2}, schema=1)
    assert (info.value.path, info.value.value) == ("schema", 2)
    with pytest.raises(SerializationError):
        Reader.root({}, schema=1)
    with pytest.raises(SerializationError):
        Reader.root({"schema": True}, schema=1)
    with pytest.raises(SerializationError) as info:
        Reader.root([1], schema=1, path="items[0]")
    assert info.value.path == "items[0]"


def test_root_rejects_missing_and_extra_keys():
    """Keys are checked both ways so typos never pass silently."""
    with pytest.raises(SerializationError) as info:
        Reader.root({"schema": 1}, schema=1, keys={"at"})
    assert info.value.path == "at"
    with pytest.raises(SerializationError) as info:
        Reader.root({"schema": 1, "at": "x", "colour": 1}, schema=1, keys={"at"})
    assert info.value.path == "colour"
    Reader.root({"schema": 1, "at": "x", "note": 1}, schema=1, keys={"at"}, optional={"note"})


def test_nested_paths_are_named():
    """An error deep inside lists and objects names the full JSON path."""
    data = {
        "schema": 1,
        "history": [
            {"at": "2025-01-01T00:00:00Z"},
            {"at": "2025-01-01T00:00:00Z"},
            {"at": "2025-01-01T00:00:00Z"},
            {"at": 17},
        ],
    }
    root = Reader.root(data, schema=1)
    with pytest.raises(SerializationError) as info:
        [item.instant("at") for item in root.items("history")]
    assert info.value.path == "history[3].at"
    assert info.value.value == 17


def test_scalars_are_type_checked():
    """text/integer/flag/number refuse the wrong JSON types, bool included."""
    r = Reader({"s": "x", "i": 3, "b": True, "f": 1.5, "nan": float("nan")}, "obj")
    assert (r.text("s"), r.integer("i"), r.flag("b"), r.number("f")) == ("x", 3, True, 1.5)
    assert r.text("missing", None) is None
    for getter, key in [(r.text, "i"), (r.integer, "b"), (r.integer, "f"), (r.flag, "i")]:
        with pytest.raises(SerializationError) as info:
            getter(key)
        assert info.value.path == f"obj.{key}"
    with pytest.raises(SerializationError):
        r.number("nan")
    with pytest.raises(SerializationError) as info:
        r.text("missing")
    assert info.value.path == "obj.missing"


def test_decimals_instants_durations_dates_round_trip():
    """The dump_* writers and Reader accessors are inverses."""
    values = {
        "d": dump_decimal(decimal.Decimal("58000.10")),
        "t": dump_instant(dt.datetime(2025, 1, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))),
        "p": dump_duration(dt.timedelta(hours=8, minutes=30)),
        "day": dump_date(dt.date(2025, 1, 26)),
    }
    r = Reader(values)
    assert r.decimal("d") == decimal.Decimal("58000.10")
    assert str(r.decimal("d")) == "58000.10"
    assert r.instant("t") == dt.datetime(2025, 1, 1, 1, tzinfo=dt.UTC)
    assert r.duration("p") == dt.timedelta(hours=8, minutes=30)
    assert r.date("day") == dt.date(2025, 1, 26)
    assert dump_time(dt.time(9, 0)) == "09:00"
    assert dump_time(dt.time(9, 0, 5)) == "09:00:05"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("decimal", 1.5),
        ("decimal", "NaN"),
        ("decimal", "abc"),
        ("instant", "2025-01-01T00:00:00"),
        ("instant", 5),
        ("duration", "P1Y"),
        ("date", "2025-1-1"),
        ("date", "2025-02-30"),
    ],
)
def test_bad_values_name_their_path(key, value):
    """Each malformed value raises SerializationError at its path with the value."""
    r = Reader({"x": value}, "root")
    with pytest.raises(SerializationError) as info:
        getattr(r, key)("x")
    assert (info.value.path, info.value.value) == ("root.x", value)


def test_enum_values():
    """Enums are stored by value; unknown values list the choices."""
    r = Reader({"c": "red", "bad": "green"})
    assert r.enum("c", Colour) is Colour.RED
    with pytest.raises(SerializationError) as info:
        r.enum("bad", Colour)
    assert "'red'" in info.value.reason
    assert r.enum("missing", Colour, None) is None


def test_entries_and_elements():
    """entries() walks objects and elements() walks lists with paths."""
    r = Reader({"weekly": {"mon": [["09:00", "12:00"]]}})
    ((name, mon),) = list(r.entries("weekly"))
    assert name == "mon"
    (interval,) = mon.elements()
    assert interval.path == "weekly.mon[0]"
    with pytest.raises(SerializationError) as info:
        Reader({"x": 1}, "a").child("x").elements()
    assert info.value.path == "a.x"
    error = Reader({"weekly": {"mon": [1, 2]}}).child("weekly").child("mon").fail("be short", 1)
    assert (error.path, error.value, error.reason) == ("weekly.mon[1]", 2, "be short")
    assert Reader({"k": 1}).fail("be better", "k").path == "k"
    assert Reader({"k": 1}, "p").fail("be better").path == "p"


def test_convert_and_building_map_invalid_field_errors():
    """InvalidFieldError from converters or constructors becomes a path error."""

    def positive(value):
        if value <= 0:
            raise InvalidFieldError("n", value, "be positive")
        return value

    r = Reader({"n": -1, "m": "x"}, "cfg")
    with pytest.raises(SerializationError) as info:
        r.convert("n", positive)
    assert (info.value.path, info.value.reason) == ("cfg.n", "be positive")
    with pytest.raises(SerializationError) as info:
        r.convert("m", int)
    assert info.value.path == "cfg.m"
    assert r.convert("absent", int, 7) == 7
    assert Reader(3, "v").as_(positive) == 3

    @attrs.frozen
    class Thing:
        size: int = attrs.field()

        @size.validator
        def _check(self, attribute, value):
            if value < 0:
                raise InvalidFieldError("size", value, "not be negative")

    with pytest.raises(SerializationError) as info, r.building():
        Thing(-5)
    assert info.value.path == "cfg.size"

    with pytest.raises(SerializationError) as info:
        Reader(1, "x").as_(lambda v: (_ for _ in ()).throw(SerializationError("inner", v, "x")))
    assert info.value.path == "inner"


def test_mapping_value_requires_string_keys():
    """Only JSON objects (string keys) are accepted."""
    with pytest.raises(SerializationError):
        Reader({1: "x"}, "m").mapping_value()
    assert Reader({"a": None}).has("a") is False
    assert Reader({"a": 0}).has("a") is True
    assert Reader({}).raw("a", 5) == 5
