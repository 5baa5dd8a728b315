"""Read a large JSON file one value at a time, so a 50 MB feed never sits in memory whole.

Only the top level and one list below it are streamed (an ORUK page's `contents`, or a
top-level list of services); every element is decoded with the standard library decoder.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, TextIO

from coachdesk.directory.limits import TOO_DEEP, bounded_int, no_constant
from coachdesk.directory.report import FeedError

_WS = " \t\r\n"
_AFTER_NUMBER = _WS + ",]}"


class JsonStream:
    def __init__(self, fp: TextIO, chunk: int = 1 << 20) -> None:
        self._fp = fp
        self._chunk = chunk
        self._buf = ""
        self._pos = 0
        self._eof = False
        self._lines_before = 0  # newlines in text already dropped from the buffer
        self._col_before = 0  # characters after the last dropped newline
        self._decoder = json.JSONDecoder(parse_int=bounded_int, parse_constant=no_constant)

    def _more(self) -> bool:
        if self._eof:
            return False
        data = self._fp.read(max(self._chunk, len(self._buf) - self._pos))
        if not data:
            self._eof = True
            return False
        if self._pos > self._chunk:
            gone = self._buf[: self._pos]
            newlines = gone.count("\n")
            self._lines_before += newlines
            tail = len(gone) - gone.rfind("\n") - 1
            self._col_before = tail if newlines else self._col_before + tail
            self._buf, self._pos = self._buf[self._pos :], 0
        self._buf += data
        return True

    def error(self, message: str, at: int | None = None) -> FeedError:
        at = self._pos if at is None else at
        newlines = self._buf.count("\n", 0, at)
        line = self._lines_before + newlines + 1
        column = at - self._buf.rfind("\n", 0, at) if newlines else self._col_before + at + 1
        return FeedError(f"The file is not valid JSON at line {line}, column {column}: {message}.")

    def peek(self) -> str:
        """The next character that is not white space, without consuming it ("" at the end)."""
        while True:
            while self._pos < len(self._buf) and self._buf[self._pos] in _WS:
                self._pos += 1
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._more():
                return ""

    def take(self, char: str) -> None:
        if self.peek() != char:
            found = self.peek() or "the end of the file"
            raise self.error(f"expected '{char}' but found '{found}'")
        self._pos += 1

    def value(self, split: bool = True) -> Any:
        """The next value, decoded; `TOO_DEEP` (and the value skipped) when it nests so deep
        that decoding it would exhaust the stack. An object that deep is read one level down
        first (`split`), so the record keeps its id and the report can name the deep field."""
        while True:
            self.peek()
            try:
                obj, end = self._decoder.raw_decode(self._buf, self._pos)
            except json.JSONDecodeError as exc:
                if self._more():
                    continue
                raise self.error(exc.msg, exc.pos) from None
            except RecursionError:
                if split and self.peek() == "{":
                    return {key: self.value(split=False) for key in self.members()}
                self._skip_nested()
                return TOO_DEEP
            # a number is only whole when something that can follow a number follows it:
            # "-0" may be "-0.5" and "1e" "1e5" once the next chunk is read
            if (
                isinstance(obj, int | float)
                and (end >= len(self._buf) or self._buf[end] not in _AFTER_NUMBER)
                and self._more()
            ):
                continue
            self._pos = end
            return obj

    def _skip_nested(self) -> None:
        """Step over the list or object that starts here without decoding it."""
        depth, in_string, escaped = 0, False, False
        while True:
            buf, i = self._buf, self._pos
            while i < len(buf):
                char = buf[i]
                i += 1
                if in_string:
                    if escaped:
                        escaped = False
                    elif char == "\\":
                        escaped = True
                    elif char == '"':
                        in_string = False
                elif char == '"':
                    in_string = True
                elif char in "[{":
                    depth += 1
                elif char in "]}":
                    depth -= 1
                    if depth <= 0:
                        self._pos = i
                        return
            self._pos = i
            if not self._more():
                raise self.error("the file ends inside a list or object")

    def _separated(self, close: str) -> Iterator[None]:
        if self.peek() == close:
            self._pos += 1
            return
        while True:
            yield
            nxt = self.peek()
            if nxt == ",":
                self._pos += 1
            elif nxt == close:
                self._pos += 1
                return
            else:
                raise self.error(f"expected ',' or '{close}' but found '{nxt or 'the end'}'")

    def array(self) -> Iterator[Any]:
        """Yield the elements of the list that starts here, one at a time."""
        self.take("[")
        for _ in self._separated("]"):
            yield self.value()

    def members(self) -> Iterator[str]:
        """Yield the keys of the object that starts here; the caller reads each value."""
        self.take("{")
        for _ in self._separated("}"):
            key = self.value()
            if not isinstance(key, str):
                raise self.error("an object key must be text in double quotes")
            self.take(":")
            yield key

    def finish(self) -> None:
        if self.peek():
            raise self.error("there is more after the end of the data")
