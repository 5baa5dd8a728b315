"""Reading a referral list a practice exports as CSV: the encoding (UTF-8 with or without
a BOM, Windows-1252, Latin-1; detected or chosen), the delimiter, the header, and each row
as {column: text}. Pure Python: what the rows mean is decided by referral_import."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
ENCODINGS = {"utf-8": "UTF-8", "cp1252": "Windows (cp1252)", "latin-1": "Latin-1"}


class CsvProblem(ValueError):
    """The whole file cannot be read: nothing is imported. The message says why."""


@dataclass(frozen=True, slots=True)
class CsvTable:
    encoding: str  # the encoding used, one of ENCODINGS
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number in the file, column -> text)
    problems: list[tuple[int, str]] = field(default_factory=list)  # rows not readable


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text and the encoding used. UTF-8 (BOM or not) when it decodes, else cp1252,
    else Latin-1 (which decodes anything). A chosen encoding must decode the whole file."""
    if encoding:
        if encoding not in ENCODINGS:
            raise CsvProblem(f"{encoding!r} is not one of the encodings CoachDesk reads.")
        name = "utf-8-sig" if encoding == "utf-8" else encoding
        try:
            return data.decode(name), encoding
        except UnicodeDecodeError as exc:
            raise CsvProblem(f"The file is not {ENCODINGS[encoding]} text (byte {exc.start + 1}"
                             " does not fit): choose another encoding.") from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _dialect(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        return csv.excel


def read_table(data: bytes, encoding: str | None = None) -> CsvTable:
    """Parse the whole file; CsvProblem when it is not a CSV table at all."""
    if len(data) > MAX_BYTES:
        raise CsvProblem(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: is it "
                         "the right file?")
    if b"\x00" in data[:4096]:
        raise CsvProblem("This is not a CSV text file (it holds binary data). Export the "
                         "list as CSV from the practice system and try again.")
    text, used = decode(data, encoding)
    if not text.strip():
        raise CsvProblem("The file is empty.")
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text[:8192]), strict=False)
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise CsvProblem(f"The first line is not a CSV header: {exc}.") from None
    if not any(header):
        raise CsvProblem("The first line has no column names: the referral list needs a "
                         "header line naming its columns.")
    seen: set[str] = set()
    for name in header:
        if name and name.casefold() in seen:
            raise CsvProblem(f"The column {name!r} appears twice in the header.")
        seen.add(name.casefold())
    rows: list[tuple[int, dict[str, str]]] = []
    problems: list[tuple[int, str]] = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append((line, f"this line cannot be read as CSV ({exc})"))
            continue
        if not any(c.strip() for c in cells):
            continue  # a blank line
        if len(rows) >= MAX_ROWS:
            raise CsvProblem(f"The file has more than {MAX_ROWS} rows: split it and import "
                             "each part.")
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            problems.append((line, f"it has {len(cells)} values but the header names "
                                   f"{len(header)} columns"))
            continue
        cells = cells + [""] * (len(header) - len(cells))
        rows.append((line, {h: c.strip() for h, c in zip(header, cells, strict=False) if h}))
    return CsvTable(used, [h for h in header if h], rows, problems)
