"""Shared machinery of entities: field-level encoding for storage, journal and sync."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from functools import cache
from operator import attrgetter
from typing import Any, ClassVar, Self, get_args, get_origin

from coachdesk.domain.timefmt import from_iso, to_iso

JSONValue = str | int | float | bool | None | list[Any] | dict[str, Any]


def encode_value(value: Any) -> JSONValue:
    """Python value to its JSON form: dates ISO, datetimes UTC ISO, enums by value."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return to_iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        if all(type(v) in _PLAIN for v in value):  # a list of names, say: no call per item
            return list(value)
        return [encode_value(v) for v in value]
    return value


#: values whose JSON form is the value itself (bool is not an int subclass here: type())
_PLAIN = frozenset({str, int, float, bool, type(None)})


@cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _decode_as(kind: Any, raw: JSONValue) -> Any:
    if raw is None:
        return None
    origin = get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in get_args(kind) if a is not type(None)]
        return _decode_as(inner[0], raw)
    if origin in (list, tuple):
        (item,) = get_args(kind)[:1]
        items = [_decode_as(item, v) for v in raw]  # type: ignore[union-attr]
        return tuple(items) if origin is tuple else items
    if isinstance(kind, type):
        if issubclass(kind, Enum):
            return kind(raw)
        if issubclass(kind, datetime):
            return from_iso(str(raw))
        if issubclass(kind, date):
            return date.fromisoformat(str(raw))
        if kind is bool:
            return bool(raw)
        if kind is int:
            return int(raw)  # type: ignore[arg-type]
    return raw


def _fits(kind: Any, raw: JSONValue) -> bool:
    """Whether a JSON value has the shape of a field of type `kind` (before decoding)."""
    origin = get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        args = get_args(kind)
        if raw is None:
            return type(None) in args
        return any(_fits(a, raw) for a in args if a is not type(None))
    if raw is None:
        return False
    if origin in (list, tuple):
        (item,) = get_args(kind)[:1]
        return isinstance(raw, list) and all(_fits(item, v) for v in raw)
    if kind is bool:
        return isinstance(raw, bool)
    if kind is int:
        return isinstance(raw, int) and not isinstance(raw, bool)
    if kind is float:
        return isinstance(raw, int | float) and not isinstance(raw, bool)
    if kind is str or (isinstance(kind, type) and issubclass(kind, Enum | date)):
        return isinstance(raw, str)
    return True


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]


@cache
def _getter(cls: type) -> Callable[[Any], Any]:
    return attrgetter(*_names(cls))


@cache
def _name_set(cls: type) -> frozenset[str]:
    return frozenset(_names(cls))


@cache
def _required(cls: type) -> frozenset[str]:
    return frozenset(
        f.name for f in dataclasses.fields(cls)  # type: ignore[arg-type]
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )


class Entity:
    """Mixin for dataclass entities. Subclasses set ENTITY, the name used in storage."""

    ENTITY: ClassVar[str] = ""
    #: fields that may never change after creation (append-only records list them all)
    IMMUTABLE: ClassVar[frozenset[str]] = frozenset({"id"})

    id: str

    @classmethod
    def field_names(cls) -> list[str]:
        return list(_names(cls))

    def to_fields(self) -> dict[str, JSONValue]:
        # every value in one call; plain values (most fields) are taken as they are
        names, values = _names(type(self)), _getter(type(self))(self)
        if len(names) == 1:
            values = (values,)
        return {name: value if type(value) in _PLAIN else encode_value(value)
                for name, value in zip(names, values, strict=True)}

    @classmethod
    def from_fields(cls, data: dict[str, JSONValue]) -> Self:
        hints = _hints(cls)
        kwargs = {
            name: _decode_as(hints[name], data[name])
            for name in _names(cls)
            if name in data
        }
        return cls(**kwargs)

    @classmethod
    def required_fields(cls) -> frozenset[str]:
        """Fields without a default: a record cannot be built until all of them are known."""
        return _required(cls)

    @classmethod
    def has_field(cls, name: str) -> bool:
        return name in _name_set(cls)

    @classmethod
    def decode_field(cls, name: str, raw: JSONValue) -> Any:
        """The Python value of one field from its JSON form; ValueError if it does not fit
        (an unknown field, or a value of the wrong kind)."""
        hint = _hints(cls).get(name)
        if hint is None or name not in _name_set(cls):
            raise ValueError(f"{cls.ENTITY} has no field {name!r}")
        if not _fits(hint, raw):
            raise ValueError(f"{cls.ENTITY}.{name}: {raw!r} is not a value of this field")
        try:
            return _decode_as(hint, raw)
        except (TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"{cls.ENTITY}.{name}: {exc}") from None

    def belongs_to(self) -> str | None:
        """The client this record belongs to (for erasure), or None for shared records."""
        owner = getattr(self, "client_id", None)
        return owner if isinstance(owner, str) else None

    def changed_fields(self, other: Self) -> dict[str, JSONValue]:
        """Encoded values of `other` for the fields in which it differs from self."""
        mine, theirs = self.to_fields(), other.to_fields()
        return {k: v for k, v in theirs.items() if mine.get(k) != v}

    def validate(self, today: date) -> None:
        """Raise ValidationError if the record is not acceptable. Default: nothing to check."""
