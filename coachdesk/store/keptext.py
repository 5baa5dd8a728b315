"""Directory services keep their ORUK record (`oruk`, the longest field by far) in a table
of its own, `directory_oruk`, beside the service's row (`directory_service_row`), which
holds the field as "" in its place: so a service's row shares its page with four others
instead of filling one alone. `directory_service` is a view putting the text back, with
triggers that split it off again on every write (migration orukpages), so every reader
and writer of the table sees each record as before. `split_rows` is the bulk writer's
quick way: the two tables directly, the text as it is, with no JSON work in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coachdesk.store.sqlcipher import Connection

#: entity table -> (its rows' table, the kept text's table, the field kept there)
KEPT_APART = {"directory_service": ("directory_service_row", "directory_oruk", "oruk")}


def split_off(table: str, all_fields: Sequence[dict[str, Any]]) -> list[str] | None:
    """For a table of `KEPT_APART`: take the kept field's text out of each record's fields
    (left as "", as the row stores it) and return the texts, in order; else None."""
    if table not in KEPT_APART:
        return None
    name = KEPT_APART[table][2]
    texts = []
    for fields in all_fields:
        text = fields.get(name)
        if type(text) is str and text:
            fields[name] = ""
            texts.append(text)
        else:
            texts.append("")
    return texts


def insert_split(conn: Connection, table: str, rows: Sequence[tuple[str, str, str]],
                 texts: Sequence[str]) -> None:
    """Insert new records' rows (id, data with the kept field "", hlc) and their texts
    (those not empty) into the two tables behind `table`'s view."""
    row_table, text_table, name = KEPT_APART[table]
    conn.executemany(f"INSERT INTO {row_table}(id, data, hlc) VALUES (?, ?, ?)", rows)
    conn.executemany(f"INSERT INTO {text_table}(id, {name}) VALUES (?, ?)",
                     [(row[0], text) for row, text in zip(rows, texts, strict=True) if text])
