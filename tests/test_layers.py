"""ARCHITECTURE section 2, over the whole tree: every module of coachdesk is parsed and each
of its imports checked against the layer it belongs to. A new module is covered the day it
is added; nothing here is a hand-picked list of files."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "coachdesk"

#: layer -> the coachdesk layers it may import (its own always allowed)
ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "store": {"domain"},
    "directory": {"domain", "store"},
    "printing": {"domain"},
    "sync": {"domain", "store"},
    # the wire format is shared with devices: one change (wire) or a batch at once (wirebatch)
    "hub": {"domain", "sync.wire", "sync.wirebatch"},
    "services": {"domain", "store", "directory", "printing", "sync"},
    "ui": {"services", "domain"},
    # tools for the demo, tests and benchmarks: anything below the UI
    "demo": {"domain", "store", "directory", "printing", "sync", "services"},
    # entry points: the app is composed in cli.py; __main__ only calls it. `coachdesk hub
    # serve` hands over to the hub's own entry point before anything of the desktop loads
    "cli": {"services", "domain", "ui", "cli_vault", "hub.serve", "cli_report",
            "cli_sync", "cli_demo"},
    "__main__": {"cli"},
    "__init__": set(),
    # the headless vault tools (create, check, back up, restore): still on the store
    "cli_vault": {"services", "domain", "store"},
    "cli_report": {"services", "domain"},
    # the sync commands: services only
    "cli_sync": {"services", "domain"},
    # the demo's embedded hub on loopback (`coachdesk --demo`)
    "cli_demo": {"services", "domain", "hub"},
}
#: modules that may import coachdesk.demo inside a function (when the demo is asked for)
DEMO_LAZY_OK = {"cli", "cli_vault"}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, "ui.caseload.view"
    target: str  # what it imports, "coachdesk.store.store" or "PySide6.QtCore"
    lazy: bool  # inside a function: runs only when called
    line: int


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, module: str | None = None) -> list[Import]:
    """Every import in the file, at any depth; `lazy` when inside a function."""
    module = module or _name(path)
    found: list[Import] = []

    def visit(node: ast.AST, lazy: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                found.extend(Import(module, a.name, lazy, child.lineno) for a in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = "." * child.level + (child.module or "")  # relative: kept visible
                found.append(Import(module, base, lazy, child.lineno))
                if base == "coachdesk":  # from coachdesk import services
                    found.extend(Import(module, f"coachdesk.{a.name}", lazy, child.lineno)
                                 for a in child.names)
            visit(child, lazy or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    visit(ast.parse(path.read_text("utf-8"), str(path)), False)
    return found


def _all_imports() -> list[Import]:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 100, "the walk should see the whole package"
    return [i for path in modules for i in _imports(path)]


def _layer(module: str) -> str:
    return module.split(".")[0]


def _allowed(layer: str, target: str) -> bool:
    inner = target.removeprefix("coachdesk.")
    if target == "coachdesk" or _layer(inner) == layer:
        return True
    return any(inner == a or inner.startswith(a + ".") for a in ALLOWED[layer])


def test_every_module_belongs_to_a_known_layer() -> None:
    layers = {_layer(i.module) for i in _all_imports()}
    assert layers <= set(ALLOWED), layers - set(ALLOWED)


def test_each_layer_imports_only_the_layers_below_it() -> None:
    broken = [
        f"coachdesk/{i.module.replace('.', '/')}.py:{i.line} imports {i.target}"
        for i in _all_imports()
        if i.target.startswith("coachdesk") and not i.target.startswith("coachdesk.demo")
        and not _allowed(_layer(i.module), i.target)
    ]
    assert broken == []


def test_only_the_ui_imports_qt() -> None:
    broken = [f"{i.module}:{i.line} imports {i.target}" for i in _all_imports()
              if i.target.split(".")[0] in ("PySide6", "shiboken6")
              and _layer(i.module) != "ui"]
    assert broken == []


def test_nothing_at_runtime_imports_the_demo() -> None:
    """The demo is a tool: only it, and lazily the tools that make a demo vault, load it."""
    broken = [
        f"{i.module}:{i.line} imports {i.target}" + ("" if i.lazy else " at module level")
        for i in _all_imports()
        if i.target.startswith("coachdesk.demo") and _layer(i.module) != "demo"
        and not (i.lazy and i.module in DEMO_LAZY_OK)
    ]
    assert broken == []


def test_imports_are_absolute() -> None:
    """Relative imports would hide which layer is reached (STYLE: absolute everywhere)."""
    assert [f"{i.module}:{i.line}" for i in _all_imports() if i.target.startswith(".")] == []


def test_the_walk_sees_a_forbidden_import(tmp_path: Path) -> None:
    """The checker itself: a UI module reaching the store is caught, a lazy one too."""
    bad = tmp_path / "view.py"
    bad.write_text("from coachdesk.store.store import Store\n"
                   "class A:\n    def f(self):\n        import coachdesk.directory.book\n"
                   "from coachdesk import demo\n", "utf-8")
    found = _imports(bad, "ui.caseload.view")
    assert [(i.target, i.lazy) for i in found] == [
        ("coachdesk.store.store", False), ("coachdesk.directory.book", True),
        ("coachdesk", False), ("coachdesk.demo", False)]
    assert [_allowed("ui", i.target) for i in found[:2]] == [False, False]


def test_the_ui_never_reaches_past_the_desk() -> None:
    """Operations get the Desk; none may take the store, vault or connection out of it."""
    behind = {"_store", "store", "vault", "conn", "_conn"}
    broken = [
        f"coachdesk/{path.relative_to(PACKAGE)}:{node.lineno} .{node.attr}"
        for path in sorted((PACKAGE / "ui").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Attribute) and node.attr in behind
    ]
    assert broken == []
