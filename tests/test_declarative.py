"""The declarative document mechanism (`supportflow._declarative`): one declaration per type
gives `to_dict`, `from_dict` and the JSON Schema, as strict as the hand-written readers."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import json
import pickle
from collections.abc import Mapping

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportflow import InvalidFieldError, NewerSchemaError, SerializationError, json_schema
from supportflow._declarative import (
    NONEMPTY,
    Document,
    declared,
    declared_types,
    nested,
    schema_of,
    spec,
    union,
)
from supportflow._json_schema import _table
from test_json_schema import _exported_classes_with_to_dict

UTC = dt.UTC


class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


def _positive(_instance: object, _attribute: object, value: int) -> None:
    if value <= 0:
        raise InvalidFieldError("count", value, "be above 0")


@declared(schema=None)
@attrs.frozen
class Part(Document):
    label: str = attrs.field(metadata=spec(NONEMPTY))
    weight: decimal.Decimal = decimal.Decimal(1)


def _from_v1(reader):
    # Version 1 called the colour "hue" and had no parts.
    document = dict(reader.mapping_value())
    document["colour"] = document.pop("hue")
    document.update(wait="PT5M", parts=[])
    return document


@declared(schema=2, upgrades={1: _from_v1})
@attrs.frozen
class Widget(Document):
    _name: str = attrs.field(alias="name")
    at: dt.datetime
    colour: Colour
    count: int = attrs.field(validator=_positive)
    wait: dt.timedelta = dt.timedelta(minutes=5)
    parts: tuple[Part, ...] = ()
    tags: tuple[tuple[str, str], ...] = attrs.field(default=(), metadata=spec(omit_default=True))
    note: str | None = attrs.field(default=None, metadata=spec(omit_default=True, key="memo"))
    extra: Mapping[str, int] = attrs.field(factory=dict, metadata=spec(omit_default=True))
    cache: int = attrs.field(default=0, metadata=spec(skip=True))


@declared(schema=1, constants={"kind": "square"})
@attrs.frozen
class Square(Document):
    side: int


@declared(schema=1, constants={"kind": "circle"})
@attrs.frozen
class Circle(Document):
    radius: int


@declared(schema=1)
@attrs.frozen
class Drawing(Document):
    shape: Square | Circle = attrs.field(metadata=spec(union(Square, Circle)))
    widget: Widget | None = None


AT = dt.datetime(2026, 3, 8, 7, 30, tzinfo=UTC)


def _widget(**changes):
    return Widget(**{"name": "w", "at": AT, "colour": Colour.RED, "count": 2, **changes})


def test_a_document_written_by_hand_is_what_to_dict_writes():
    """Keys by hand: private names lose their underscore, defaults left out only when asked."""
    widget = _widget(parts=(Part("a", decimal.Decimal("2.50")),), note="n")
    assert widget.to_dict() == {
        "schema": 2,
        "name": "w",
        "at": "2026-03-08T07:30:00+00:00",
        "colour": "red",
        "count": 2,
        "wait": "PT5M",
        "parts": [{"label": "a", "weight": "2.50"}],
        "memo": "n",
    }
    assert Widget.from_dict(json.loads(json.dumps(widget.to_dict()))) == widget


def test_omitted_keys_read_back_as_their_defaults_and_skipped_fields_are_not_written():
    widget = _widget(cache=7)
    assert "cache" not in widget.to_dict()
    assert "tags" not in widget.to_dict()
    assert Widget.from_dict(widget.to_dict()) == _widget()  # cache back at its default


def test_an_earlier_schema_is_upgraded_and_a_newer_one_refused():
    old = {"schema": 1, "name": "w", "at": "2026-03-08T07:30:00Z", "hue": "blue", "count": 1}
    assert Widget.from_dict(old).colour is Colour.BLUE
    with pytest.raises(NewerSchemaError) as caught:
        Widget.from_dict({**_widget().to_dict(), "schema": 3})
    assert (caught.value.found, caught.value.supported) == (3, 2)
    with pytest.raises(SerializationError) as corrupt:
        Widget.from_dict({**_widget().to_dict(), "schema": "2"})
    assert corrupt.value.path == "schema"


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"count": True}, "count"),  # a bool is not an integer
        ({"count": 1.0}, "count"),
        ({"count": 0}, "count"),  # the class's own validator, named by key
        ({"colour": "green"}, "colour"),
        ({"at": "2026-03-08T07:30:00"}, "at"),  # naive
        ({"wait": 300}, "wait"),
        ({"parts": [{"label": "", "weight": "1"}]}, "parts[0].label"),
        ({"parts": [{"label": "a"}]}, "parts[0].weight"),
        ({"parts": [{"label": "a", "weight": 1.5}]}, "parts[0].weight"),
        ({"parts": [{"label": "a", "weight": "1", "colour": "red"}]}, "parts[0].colour"),
        ({"parts": {"label": "a"}}, "parts"),
        ({"memo": 3}, "memo"),
        ({"extra": {"a": "1"}}, "extra.a"),
        ({"tags": {"a": 1}}, "tags.a"),
        ({"unknown": 1}, "unknown"),
    ],
)
def test_every_malformed_value_is_refused_naming_its_json_path(change, path):
    document = {**_widget().to_dict(), **change}
    with pytest.raises(SerializationError) as caught:
        Widget.from_dict(document, path="rows[4]")
    assert caught.value.path == f"rows[4].{path}"


@pytest.mark.parametrize("key", ["name", "at", "colour", "count", "schema"])
def test_a_missing_required_key_is_named(key):
    document = _widget().to_dict()
    del document[key]
    with pytest.raises(SerializationError) as caught:
        Widget.from_dict(document)
    assert caught.value.path == key


def test_union_members_are_told_apart_by_their_constants():
    drawing = Drawing(Circle(3), _widget())
    document = drawing.to_dict()
    assert document["shape"] == {"schema": 1, "kind": "circle", "radius": 3}
    assert Drawing.from_dict(document) == drawing
    with pytest.raises(SerializationError) as caught:
        Drawing.from_dict({**document, "shape": {"schema": 1, "kind": "oval", "radius": 3}})
    assert caught.value.path == "shape"
    with pytest.raises(SerializationError) as caught:
        Square.from_dict({"schema": 1, "kind": "circle", "side": 1})
    assert caught.value.path == "kind"


def test_the_schema_is_derived_from_the_same_declaration():
    schema = schema_of(Widget)
    assert schema["properties"]["schema"] == {"const": 2}
    assert schema["required"] == ["at", "colour", "count", "name", "parts", "schema", "wait"]
    assert set(schema["properties"]) == {
        "schema",
        "name",
        "at",
        "colour",
        "count",
        "wait",
        "parts",
        "tags",
        "memo",
        "extra",
    }
    assert schema["properties"]["colour"] == {"enum": ["red", "blue"]}
    assert schema["properties"]["parts"] == {"type": "array", "items": {"$ref": "#/$defs/Part"}}
    assert schema_of(Part)["required"] == ["label", "weight"]
    shape = schema_of(Drawing)["properties"]["shape"]
    assert shape == {"oneOf": [{"$ref": "#/$defs/Square"}, {"$ref": "#/$defs/Circle"}]}


_WIDGETS = st.builds(
    Widget,
    name=st.text(max_size=5),
    at=st.datetimes(
        min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=st.just(UTC)
    ),
    colour=st.sampled_from(Colour),
    count=st.integers(1, 10**12),
    wait=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=9999)),
    parts=st.lists(
        st.builds(
            Part,
            st.text(min_size=1, max_size=3),
            st.decimals(allow_nan=False, allow_infinity=False, places=2),
        ),
        max_size=3,
    ).map(tuple),
    tags=st.lists(st.tuples(st.text(max_size=2), st.text(max_size=2)), max_size=3).map(
        lambda items: tuple(dict(items).items())
    ),
    note=st.none() | st.text(max_size=3),
    extra=st.dictionaries(st.text(max_size=2), st.integers(), max_size=2),
)


@given(_WIDGETS)
def test_any_value_round_trips_through_json_and_pickle_and_validates(widget):
    document = json.loads(json.dumps(widget.to_dict()))
    assert Widget.from_dict(document) == widget
    assert pickle.loads(pickle.dumps(widget)) == widget
    schema = {"$defs": {"Part": schema_of(Part)}, **schema_of(Widget)}
    jsonschema.Draft202012Validator(schema).validate(document)


# -- the library's own types ------------------------------------------------------------

#: Exported types whose `to_dict`/`from_dict` are still written by hand. The list may only
#: shrink: a new persisted type is declared with `@declared`.
#: (`Complaint` is declared: its row's keys, JSON Schema and full reader derive from its
#: fields. A quick reader for well-formed schema-3 rows stays in front of the declared one
#: because of the `from_dict` goal of 150 µs CPU: about 185 µs through the declared reader,
#: 137-148 µs through the quick one, on the benchmark's typical row.)
HAND_WRITTEN = {
    "BusinessCalendar",
    "Deadline",
}


def test_every_persisted_export_is_declared_or_listed_as_hand_written():
    """A new persisted type cannot be hand-written without joining the list above."""
    exported = set(_exported_classes_with_to_dict())
    declared_here = set(declared_types())
    hand = sorted(k.__name__ for k in exported if k not in declared_here)
    assert hand == sorted(HAND_WRITTEN)


def test_a_declared_type_has_no_hand_written_schema_beside_it():
    """The schema of a declared type is derived, never declared a second time by hand."""
    from supportflow import _schemas

    hand = _schemas.declarations()
    library = [k for k in declared_types() if k.__module__.startswith("supportflow.")]
    assert [k.__name__ for k in library if k in hand] == []
    assert all(k in _table() for k in library)


@pytest.mark.parametrize(
    "kind",
    [k for k in declared_types() if k.__module__.startswith("supportflow.")],
    ids=lambda k: k.__name__,
)
def test_declared_library_types_expose_a_valid_schema(kind):
    schema = json_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)


def test_nested_reads_pass_the_path_down():
    with pytest.raises(SerializationError) as caught:
        nested(Widget).load({**_widget().to_dict(), "count": "2"}, "items[1]")
    assert caught.value.path == "items[1].count"


def test_a_declaration_needs_consistent_options():
    with pytest.raises(TypeError):
        declared(schema=None, upgrades={1: _from_v1})
    with pytest.raises(TypeError):
        declared(schema=2, upgrades={2: _from_v1})


def test_free_form_json_is_checked_however_deep_it_nests():
    from supportflow._declarative import JSON

    deep: object = 1
    for _ in range(5000):
        deep = [deep]
    assert JSON.load(deep, "data") is deep
    bad: object = [float("nan")]
    for _ in range(5000):
        bad = {"a": bad}
    with pytest.raises(SerializationError) as caught:
        JSON.load(bad, "data")
    assert caught.value.path == "data" + ".a" * 5000 + "[0]"
    with pytest.raises(SerializationError) as caught:
        JSON.load({"k": {1: "x"}}, "data")
    assert caught.value.path == "data.k"


@declared(schema=1)
@attrs.frozen
class Fee(Document):
    amount: decimal.Decimal = attrs.field(
        default=decimal.Decimal(0), metadata=spec(omit_default=True)
    )


def test_a_value_equal_to_the_default_but_written_differently_is_kept():
    """Decimal("0.00") equals the default 0 but is written "0.00": leaving it out would lose it."""
    assert Fee().to_dict() == {"schema": 1}
    assert Fee(decimal.Decimal("0.00")).to_dict() == {"schema": 1, "amount": "0.00"}
    assert str(Fee.from_dict(Fee(decimal.Decimal("0.00")).to_dict()).amount) == "0.00"


def test_a_registered_calendar_validates_against_its_schema():
    """A calendar added to a Registry writes its `ref`; both shapes of the schema allow it."""
    from supportflow import Registry
    from supportflow.calendar import BusinessCalendar, cn_mainland

    calendar = Registry().add(cn_mainland(), name="cn_mainland", version=2)
    document = calendar.to_dict()
    assert document["ref"] == "cn_mainland@2"
    assert "preset" in document
    jsonschema.Draft202012Validator(json_schema(BusinessCalendar)).validate(document)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(json_schema(BusinessCalendar)).validate(
            {**document, "ref": "cn_mainland"}
        )


def test_the_registry_and_embed_flag_hold_only_for_their_block():
    """What a to_dict(embed=)/from_dict(registry=) call hands down is reset after it, even
    when the call fails, and an inner block shadows an outer one only while it runs."""
    from supportflow import Registry, _declarative

    outer, inner = Registry(), Registry()
    assert (_declarative.registry(), _declarative.embedding()) == (None, False)
    with _declarative.resolving(outer), _declarative.embedding_as(True):
        assert (_declarative.registry(), _declarative.embedding()) == (outer, True)
        with _declarative.resolving(inner):
            assert _declarative.registry() is inner
        assert _declarative.registry() is outer
        with pytest.raises(SerializationError), _declarative.resolving(inner):
            Widget.from_dict({})
        assert _declarative.registry() is outer
    assert (_declarative.registry(), _declarative.embedding()) == (None, False)


def test_a_nested_type_without_a_path_argument_gets_its_errors_at_the_value_path():
    """A `from_dict(data)` without `path=` is called plainly; its refusal names the value's
    path, and a TypeError from inside it is not taken for a missing argument."""

    class Legacy:
        @classmethod
        def from_dict(cls, data):
            if data == "boom":
                raise TypeError("no path here either")
            if data != "ok":
                raise InvalidFieldError("", data, "be 'ok'")
            return cls()

        def to_dict(self):
            return "ok"

    codec = nested(Legacy)
    assert isinstance(codec.load("ok", "items[0]"), Legacy)
    with pytest.raises(SerializationError) as caught:
        codec.load("no", "items[0]")
    assert (caught.value.path, caught.value.reason) == ("items[0]", "be 'ok'")
    with pytest.raises(SerializationError) as typed:
        codec.load("boom", "items[1]")
    assert typed.value.path == "items[1]"
