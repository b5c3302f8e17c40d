"""The import graph of our packages has no cycles and keeps the layers apart.

Every ``import`` and ``from ... import`` is read with :mod:`ast`, including those inside
functions and ``if TYPE_CHECKING:`` blocks (a cycle hidden in a function is still a cycle).
Run it alone to see the graph: ``python -m pytest tests/test_import_graph.py -q``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("app", "ui", "server", "wire")

# (importer package, imported package) pairs that must never appear.
FORBIDDEN = {
    ("app", "ui"),  # the client core has no Qt and knows nothing of widgets
    ("app", "server"),  # the desktop speaks to the server only through wire/
    ("server", "app"),
    ("server", "ui"),
    ("ui", "server"),
    ("wire", "app"),  # wire/ is the contract both sides import; it imports none of ours
    ("wire", "ui"),
    ("wire", "server"),
    ("wire", "db"),
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue  # Alembic scripts: loaded by Alembic, imported by none of ours
            found[_module_name(path)] = path
    return found


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The module of ours that ``name`` names (a module, or a name inside one)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                drop = node.level - 1 if is_package else node.level
                base = base[: len(base) - drop] if drop else base
                prefix = ".".join(base)
                stem = f"{prefix}.{node.module}" if node.module else prefix
            else:
                stem = node.module or ""
            # "from pkg import mod" imports the module pkg.mod when there is one
            names = [f"{stem}.{alias.name}" for alias in node.names] or [stem]
        else:
            continue
        for name in names:
            target = _resolve(name, modules)
            if target is not None and target != module:
                targets.add(target)
    return targets


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _is_package_init(module: str, graph: dict[str, set[str]]) -> bool:
    return any(other.startswith(module + ".") for other in graph)


def test_the_graph_is_read() -> None:
    graph = import_graph()
    # a sanity floor, so an empty graph (a broken reader) cannot pass
    assert "app.services.queue" in graph
    assert "app.domain" in graph["app.services.queue"]
    assert sum(len(targets) for targets in graph.values()) > 300


def test_no_import_cycles() -> None:
    graph = import_graph()
    # A package's __init__ importing its own modules is not a cycle of design; ours are
    # empty, but keep them out so one day's re-export does not fail this test for the
    # wrong reason.
    pruned = {
        module: {t for t in targets if not _is_package_init(t, graph)}
        for module, targets in graph.items()
    }
    assert _cycles(pruned) == []


def test_a_cycle_is_seen() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _forbidden_edges(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{module} -> {target}"
        for module, targets in graph.items()
        for target in targets
        if (module.split(".")[0], target.split(".")[0]) in FORBIDDEN
    )


def test_no_forbidden_layer_edges() -> None:
    assert _forbidden_edges(import_graph()) == []


def test_a_forbidden_edge_is_seen() -> None:
    graph = {"app.sync": {"app.store.repo", "ui.tasks"}, "server.api": {"wire.schema"}}
    assert _forbidden_edges(graph) == ["app.sync -> ui.tasks"]


def test_wire_imports_none_of_ours_but_wire() -> None:
    graph = import_graph()
    bad = sorted(
        f"{module} -> {target}"
        for module, targets in graph.items()
        if module.split(".")[0] == "wire"
        for target in targets
        if target.split(".")[0] != "wire"
    )
    assert bad == []
