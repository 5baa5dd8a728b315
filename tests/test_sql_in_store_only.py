"""The store owns the connection and every SQL statement (ARCHITECTURE section 2): no
module outside coachdesk/store (and the hub's own storage) may run SQL or hold `.conn`."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "coachdesk"
ALLOWED = (ROOT / "store", ROOT / "hub")
SQL_CALLS = {"execute", "executemany", "executescript"}
HANDLES = {"conn", "_conn", "connection"}


def offences(source: str, name: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
            node.func.attr in SQL_CALLS
        ):
            found.append(f"{name}:{node.lineno}: .{node.func.attr}(")
        elif isinstance(node, ast.Attribute) and node.attr in HANDLES:
            found.append(f"{name}:{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module in ("sqlite3", "sqlcipher3"):
            found.append(f"{name}:{node.lineno}: imports {node.module}")
        elif isinstance(node, ast.Import) and any(
            a.name.split(".")[0] in ("sqlite3", "sqlcipher3") for a in node.names
        ):
            found.append(f"{name}:{node.lineno}: imports a database driver")
    return found


def test_no_sql_or_connection_outside_the_store() -> None:
    files = [p for p in ROOT.rglob("*.py") if not any(p.is_relative_to(a) for a in ALLOWED)]
    assert len(files) > 50  # the walk really covers the tree
    problems = [o for p in files for o in offences(p.read_text("utf-8"), str(p.relative_to(ROOT)))]
    assert problems == []


def test_the_check_catches_each_kind_of_side_door() -> None:
    source = (
        "import sqlite3\n"
        "def f(store):\n"
        "    store.conn.execute('DELETE FROM client')\n"
        "    store.vault.conn\n"
        "    cur.executemany('x', [])\n"
    )
    found = offences(source, "bad.py")
    assert any("imports a database driver" in f for f in found)
    assert any(".conn" in f and ":3:" in f for f in found)
    assert any(".execute(" in f for f in found)
    assert any(".executemany(" in f for f in found)
    assert any(":4: .conn" in f for f in found)
