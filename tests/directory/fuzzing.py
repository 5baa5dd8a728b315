"""Hypothesis strategies for hostile ORUK files: JSON feeds and CSV packages.

They start from well-formed synthetic services and pages and spoil them the ways the audit
did: fields replaced by any JSON value, keys dropped, nesting a thousand levels deep, lone
surrogates, numbers that size work (page counts, 5,000-digit integers, NaN and Infinity),
files cut short or with bytes flipped; datapackages whose paths lead out of the folder or
are not text, tables missing their id column, cells of every awkward kind, text that is not
UTF-8. Only synthetic services: no real person or service is named.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from coachdesk.directory.schema import BUNDLED
from coachdesk.directory.synthetic import page, service, sid

#: raw JSON text put in place of these marker strings after encoding
RAW = {
    "@@DEEP@@": "[" * 1200 + "]" * 1200,
    "@@DEEPOBJ@@": '{"a":' * 1200 + "1" + "}" * 1200,
    "@@BIGINT@@": "9" * 5000,
    "@@NAN@@": "NaN",
    "@@INF@@": "-Infinity",
    "@@SURROGATE@@": '"Caf\\ud800"',
    "@@HUGEFLOAT@@": "1e999",
}
ORUK_KEYS = [
    "id",
    "name",
    "status",
    "contents",
    "services",
    "service",
    "location",
    "organization",
    "total_pages",
    "page_number",
    "service_at_locations",
    "phones",
    "contacts",
    "schedules",
    "attributes",
    "taxonomy_term",
    "taxonomy_terms",
    "taxonomy_term_id",
    "location_type",
    "number",
    "version",
    "minimum_age",
    "maximum_age",
    "interval",
    "byday",
    "opens_at",
]
NUMBERS = st.one_of(
    st.integers(-(10**6), 10**6),
    st.sampled_from([0, -1, 10**8, 10**18, 2**63, 10**30]),
    st.floats(allow_nan=False, allow_infinity=False),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    NUMBERS,
    st.text(max_size=12),
    st.sampled_from([*RAW, sid(1), sid(2), "active", "", "MO,TU", "09:00", "25:99"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(ORUK_KEYS), st.text(max_size=6)), inner, max_size=5
        ),
    ),
    max_leaves=25,
)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for n, child in enumerate(value):
            out += _paths(child, (*prefix, n))
    return out


@st.composite
def spoiled_service(draw: st.DrawFn) -> Any:
    """A synthetic service with a few of its fields replaced or removed."""
    record: Any = service(draw(st.integers(0, 6)))
    for _ in range(draw(st.integers(0, 4))):
        paths = [p for p in _paths(record) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = record
        for part in path[:-1]:
            parent = parent[part]
        if isinstance(parent, dict) and draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(VALUES)
    return record


SERVICES = st.one_of(spoiled_service(), st.builds(service, st.integers(0, 6)), VALUES)


@st.composite
def documents(draw: st.DrawFn) -> Any:
    """Any of the shapes a feed comes in, with spoiled services and page numbers."""
    items = draw(st.lists(SERVICES, max_size=4))
    shape = draw(st.sampled_from(["page", "pages", "list", "one", "organisation", "any"]))
    count = st.one_of(NUMBERS, VALUES)
    if shape == "page":
        doc = page(items, number=1, total_pages=1)
        doc["total_pages"], doc["page_number"] = draw(count), draw(count)
        return doc
    if shape == "pages":
        return [{**page(items[n::2], n + 1, 2), "total_pages": draw(count)} for n in range(2)]
    if shape == "list":
        return items
    if shape == "one":
        return items[0] if items else {}
    if shape == "organisation":
        return {"id": sid(1, "org"), "name": "Fuzz Org", "description": "d", "services": items}
    return draw(VALUES)


def _encode(doc: Any) -> str:
    text = json.dumps(doc)
    for marker, raw in RAW.items():
        text = text.replace(f'"{marker}"', raw)
    return text


@st.composite
def json_feeds(draw: st.DrawFn) -> bytes:
    """The bytes of a JSON file: an encoded document, sometimes cut or corrupted."""
    data = _encode(draw(documents())).encode("utf-8")
    damage = draw(st.sampled_from(["none", "none", "cut", "flip", "insert", "bom"]))
    if damage == "cut" and data:
        data = data[: draw(st.integers(0, len(data) - 1))]
    elif damage == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
    elif damage == "insert":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    elif damage == "bom":
        data = b"\xef\xbb\xbf" + data
    return data


# ----- CSV packages ----------------------------------------------------------------------
CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            sid(1),
            sid(2),
            sid(1, "location"),
            "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610",
            "active",
            "Service",
            "18",
            "-1",
            "nan",
            "inf",
            "1e999",
            "9" * 5000,
            "2025-01-31",
            "2025-02-30",
            "09:00",
            "9am",
            "true",
            '"quoted, with comma"',
            "line\nbreak",
            "Café Zoë",
        ]
    ),
    st.text(max_size=10),
)
SERVICE_COLUMNS = ["id", "organization_id", "name", "status", "minimum_age", "maximum_age", "url"]
TABLES = {
    "services.csv": SERVICE_COLUMNS,
    "service_at_location.csv": ["id", "service_id", "location_id"],
    "locations.csv": ["id", "location_type", "name"],
    "contacts.csv": ["id", "service_id", "name"],
    "phones.csv": ["id", "contact_id", "service_id", "number"],
    "schedule.csv": ["id", "service_id", "byday", "opens_at", "closes_at", "interval"],
    "attribute.csv": ["id", "link_id", "taxonomy_term_id"],
    "stray.csv": ["id", "service_id", "note"],
}


#: a plausible value for each column, so many rows get past the front door to be joined
GOOD = {
    "id": st.sampled_from([sid(n) for n in range(3)] + [sid(1, "location"), sid(1, "contact")]),
    "service_id": st.sampled_from([sid(n) for n in range(3)]),
    "organization_id": st.just("d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"),
    "location_id": st.just(sid(1, "location")),
    "contact_id": st.just(sid(1, "contact")),
    "link_id": st.sampled_from([sid(n) for n in range(3)]),
    "name": st.sampled_from(["Debt advice", "Café Zoë", "Talking therapies"]),
    "status": st.just("active"),
    "minimum_age": st.sampled_from(["16", "18"]),
    "maximum_age": st.sampled_from(["64", "99"]),
    "location_type": st.just("physical"),
    "number": st.just("0113 496 0000"),
    "byday": st.sampled_from(["MO", "MO,TU,WE", "1MO"]),
    "opens_at": st.just("09:00"),
    "closes_at": st.just("17:00"),
    "url": st.sampled_from(["", "https://example.org/service"]),
    "interval": st.sampled_from(["", "1", "2"]),
    "note": st.just("Ask at reception."),
}


@st.composite
def csv_table(draw: st.DrawFn, columns: list[str]) -> bytes:
    if draw(st.integers(0, 3)):  # mostly every column, in the usual order
        header = list(columns)
    else:
        header = draw(st.lists(st.sampled_from(columns), unique=True, min_size=1))
    clean = draw(st.integers(0, 2)) > 0  # most tables plausible throughout, some spoiled
    cell = {
        c: GOOD.get(c, CELLS) if clean else st.one_of(GOOD.get(c, CELLS), CELLS) for c in header
    }
    rows = draw(st.lists(st.tuples(*(cell[c] for c in header)).map(list), max_size=4))
    if rows and not draw(st.integers(0, 3)):  # a row with too many or too few values
        rows[0] = rows[0][: draw(st.integers(0, len(rows[0])))] + draw(st.lists(CELLS, max_size=2))
    lines = [header, *rows]
    text = "\n".join(",".join(_cell(c) for c in line) for line in lines) + "\n"
    encoding = draw(st.sampled_from(["utf-8"] * 16 + ["utf-8-sig", "cp1252", "utf-16"]))
    return text.encode(encoding, errors="replace")


def _cell(value: str) -> str:
    if any(c in value for c in ',"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


@st.composite
def datapackages(draw: st.DrawFn) -> bytes | None:
    descriptor = json.loads((BUNDLED / "datapackage.json").read_text(encoding="utf-8"))
    choice = draw(st.sampled_from(["absent"] * 3 + ["bundled"] * 4 + ["spoiled", "any", "deep"]))
    if choice == "absent":
        return None
    if choice == "deep":
        return b'{"resources": ' + b"[" * 1200 + b"]" * 1200 + b"}"
    if choice == "any":
        return _encode(draw(VALUES)).encode("utf-8")
    if choice == "spoiled":
        resources = descriptor["resources"]
        for _ in range(draw(st.integers(1, 3))):
            resource = resources[draw(st.integers(0, len(resources) - 1))]
            key = draw(st.sampled_from(["path", "name", "schema"]))
            resource[key] = draw(
                st.one_of(
                    st.sampled_from(
                        ["../outside.csv", "/etc/hostname", "sub/../services.csv", "a\x00b", 42]
                    ),
                    VALUES,
                )
            )
    return _encode(descriptor).encode("utf-8")


@st.composite
def csv_folders(draw: st.DrawFn) -> dict[str, bytes | Path]:
    """File name -> bytes (or a Path: a symlink to that file beside the folder)."""
    files: dict[str, bytes | Path] = {}
    package = draw(datapackages())
    if package is not None:
        files["datapackage.json"] = package
    if draw(st.booleans()):
        files["organizations.csv"] = (
            b"id,name,description\nd9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610,Fuzz Org,An org.\n"
        )
    names = draw(st.lists(st.sampled_from(sorted(TABLES)), unique=True, max_size=5))
    if draw(st.integers(0, 4)):  # mostly with a services table, so the rest gets read
        names = ["services.csv", *(n for n in names if n != "services.csv")]
    for name in names:
        files[name] = draw(csv_table(TABLES[name]))
    if draw(st.integers(0, 9)) == 0:
        files["linked.csv"] = Path("outside.csv")
    return files
