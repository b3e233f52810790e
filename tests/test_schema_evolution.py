"""The one schema rule every loader follows, Reader-based and hand-written alike: an integer
above the newest known version is NewerSchemaError naming both versions; anything else that
is not a known version is a SerializationError; nothing is half-read."""

from __future__ import annotations

from typing import Any

import pytest

from supportflow import NewerSchemaError, SerializationError
from supportflow._serialization import check_schema
from supportflow.cli._validate import load_catalog
from supportflow.holidays import HolidayData, HolidayYear, registry


@pytest.mark.parametrize(
    ("version", "accepted", "newer"),
    [
        (2, 1, True),
        (3, {1, 2}, True),
        (0, 1, False),
        ("2", 1, False),  # a string is corruption, not a newer writer
        (True, 1, False),  # JSON true is not the integer 1
        (None, 1, False),
        (1.0, 1, False),
    ],
)
def test_check_schema_tells_newer_from_corrupt(version, accepted, newer):
    """Newer integers get NewerSchemaError (found, supported); the rest SerializationError."""
    with pytest.raises(SerializationError) as caught:
        check_schema(version, accepted, path="row.schema")
    assert isinstance(caught.value, NewerSchemaError) is newer
    assert caught.value.path == "row.schema"
    error = caught.value
    if isinstance(error, NewerSchemaError):
        assert (error.found, error.supported) == (version, 2 if version == 3 else 1)


def test_known_versions_pass_and_are_returned():
    """An accepted version comes back as it is."""
    assert check_schema(1, 1) == 1
    assert check_schema(1, {1, 2}) == 1


def test_hand_written_holiday_loaders_refuse_newer_documents_by_name():
    """HolidayYear and HolidayData documents of schema 2: NewerSchemaError, not 'must be 1'."""
    data = registry.load("hk")
    year = data.years[0]
    pairs: list[tuple[Any, dict[str, Any]]] = [
        (HolidayYear, year.to_dict()),
        (HolidayData, data.to_dict()),
    ]
    for kind, document in pairs:
        with pytest.raises(NewerSchemaError) as caught:
            kind.from_dict({**document, "schema": 2})
        assert (caught.value.found, caught.value.supported) == (2, 1)
        with pytest.raises(SerializationError) as corrupt:
            kind.from_dict({**document, "schema": "1"})
        assert not isinstance(corrupt.value, NewerSchemaError)


def test_catalog_files_report_a_newer_schema_as_an_upgrade_problem():
    """The validate command's catalog loader: a newer schema asks for an upgrade."""
    newer = dict(load_catalog({"schema": 2, "templates": []})[1])
    assert newer["schema"] == "must be 1 (got 2: a newer supportflow's schema; upgrade supportflow)"
    corrupt = dict(load_catalog({"schema": "1", "templates": []})[1])
    assert corrupt["schema"] == "must be 1 (got '1')"
