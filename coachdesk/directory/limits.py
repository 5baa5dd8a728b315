"""Bounds on what a feed may ask of the importer, and the shape checks that enforce them.

A publisher's file is untrusted: a number may claim a hundred million pages, a record may
nest a thousand levels deep, a string may hold a lone surrogate that no database can store.
Each is caught here and becomes a plain reason on the record it spoils, before validation.
"""

from __future__ import annotations

import math
from itertools import repeat
from typing import Any

#: more levels than any ORUK record has (a service's deepest field is about 8 levels down)
MAX_DEPTH = 32
#: more pages than any one file of a feed holds; a larger claim is not believed
MAX_PAGES = 10_000
#: no ORUK number (an age, an amount, a latitude, an interval) is anywhere near this
MAX_NUMBER = 10**15
#: digits read as a number at all; longer runs are reported, never converted
MAX_DIGITS = 20


class Unreadable:
    """Stands in for a JSON value the importer would not decode, saying why."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"Unreadable({self.reason!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unreadable) and other.reason == self.reason

    def __hash__(self) -> int:
        return hash(self.reason)


TOO_DEEP = Unreadable(f"is nested more than {MAX_DEPTH} levels deep, deeper than any ORUK record")


def bounded_int(text: str) -> int | Unreadable:
    """The JSON decoder's reading of an integer: huge ones are not converted at all."""
    if len(text.lstrip("-")) > MAX_DIGITS:
        return Unreadable(f"is a number {len(text)} digits long, too large for any ORUK field")
    return int(text)


def no_constant(name: str) -> Unreadable:
    """NaN and Infinity are not JSON numbers, though Python's decoder accepts them."""
    return Unreadable(f"is {name}, which is not a number JSON allows")


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _value_problem(value: Any) -> str | None:
    if isinstance(value, Unreadable):
        return value.reason
    if isinstance(value, str):
        if _has_surrogate(value):
            return "holds a character that is not valid text (a lone UTF-16 surrogate)"
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return "is not a finite number"
    if isinstance(value, int | float) and abs(value) > MAX_NUMBER:
        return "is a number too large for any ORUK field"
    return None


def shape_problem(data: Any) -> tuple[str, str] | None:
    """(field path, reason) for the first thing in `data` no record may hold, else None.

    Walks without recursion, so a record nested thousands of levels deep is reported, not
    fatal. Paths are written as the schema's reports write them: `a[0].b`. Most records are
    sound, so a quick walk that only says yes or no goes first.
    """
    return _located_problem(data) if _unsound(data) else None


def _unsound(data: Any) -> bool:
    """Whether `data` holds anything `_located_problem` would report (it says where)."""
    stack = [(data, 0)]
    pop, extend = stack.pop, stack.extend
    while stack:
        value, depth = pop()
        kind = type(value)
        if kind is str:
            if not value.isascii() and _has_surrogate(value):
                return True
        elif kind is dict:
            if depth >= MAX_DEPTH:
                return True
            for key in value:
                if type(key) is not str or (not key.isascii() and _has_surrogate(key)):
                    return True
            extend(zip(value.values(), repeat(depth + 1)))
        elif kind is list:
            if depth >= MAX_DEPTH:
                return True
            extend(zip(value, repeat(depth + 1)))
        elif kind is int:
            if not -MAX_NUMBER <= value <= MAX_NUMBER:
                return True
        elif kind is float:
            if not -MAX_NUMBER <= value <= MAX_NUMBER:  # also false for NaN
                return True
        elif value is not None and kind is not bool:
            return True  # an Unreadable, or a type no decoder makes: let the full walk say
    return False


def certainly_sound(data: Any) -> bool:
    """A quicker `shape_problem(data) is None` for a record that `json.dumps` (with
    `allow_nan=False`, which refuses NaN, Infinity and every `Unreadable`) has encoded as text
    that encodes to UTF-8 (so there is no lone surrogate in a value or a field name). It
    looks only at containers, for depth and field names, and at numbers, for size. False
    means "not sure": the full check then decides, so the two never disagree."""
    values, depth = [data], 0  # the values `depth` levels down
    while values:
        below: list[Any] = []
        for value in values:
            kind = type(value)
            if kind is str or kind is bool or value is None:
                continue
            if kind is dict or kind is list:
                if depth >= MAX_DEPTH:
                    return False
                if kind is dict:
                    try:
                        "".join(value)  # every field name is text (TypeError otherwise)
                    except TypeError:
                        return False
                    below += value.values()
                else:
                    below += value
            elif kind is int or kind is float:
                if not -MAX_NUMBER <= value <= MAX_NUMBER:
                    return False
            else:
                return False  # a subclass, or a tuple: the full walk says
        values, depth = below, depth + 1
    return True


def _located_problem(data: Any) -> tuple[str, str] | None:
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            return _shortened(path) or "(the record)", TOO_DEEP.reason
        if isinstance(value, dict):
            items = list(value.items())
            for key, child in reversed(items):
                if not isinstance(key, str) or _has_surrogate(key):
                    return path or "(the record)", (
                        "has a field name that is not valid text (a lone UTF-16 surrogate)"
                    )
                stack.append((child, f"{path}.{key}" if path else key, depth + 1))
        elif isinstance(value, list):
            for n in range(len(value) - 1, -1, -1):
                stack.append((value[n], f"{path}[{n}]", depth + 1))
        elif reason := _value_problem(value):
            return path or "(the record)", reason
    return None


def _shortened(path: str) -> str:
    """The start of a path 32 levels long: enough to find the field, short enough to read."""
    return path if len(path) <= 60 else path[:57] + "..."


__all__ = [
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_NUMBER",
    "MAX_PAGES",
    "TOO_DEEP",
    "Unreadable",
    "bounded_int",
    "certainly_sound",
    "no_constant",
    "shape_problem",
]
