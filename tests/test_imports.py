"""The project's imports: no cycle anywhere, and every import runs down the pipeline.

Every ``import`` and ``from ... import`` of every module of source, index, qa, eval, ui
and the modules app and settings is read (at the top of a module or inside a function:
a function-level import is a dependency too). Importing a package also runs its
``__init__``; that edge is not counted here, as Python resolves it without a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("source", "index", "qa", "eval", "ui")
TOP_MODULES = ("app", "settings")
# What each stage may import (besides itself and settings): down the pipeline only.
ALLOWED = {
    "settings": set(),
    "source": {"settings"},
    "index": {"source", "settings"},
    "qa": {"index", "source", "settings"},
    "ui": {"qa", "index", "source", "settings"},
    "app": {"ui", "qa", "index", "source", "settings"},
    "eval": {"qa", "index", "source", "settings"},
}


def project_modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the project."""
    out: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = path
    for name in TOP_MODULES:
        out[name] = ROOT / f"{name}.py"
    return out


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The project module `name` lives in (a name imported from a module is that module)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def import_graph() -> dict[str, set[str]]:
    """module -> the project modules it imports, anywhere in its body."""
    modules = project_modules()
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                targets = [f"{base}.{a.name}" for a in node.names]
            for target in targets:
                found = _resolve(target, modules)
                if found and found != module:
                    graph[module].add(found)
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(cycles)


def stage(module: str) -> str:
    return module.split(".")[0]


def test_the_walker_finds_a_cycle_and_only_a_cycle() -> None:
    assert find_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_the_walker_reads_every_package() -> None:
    graph = import_graph()
    assert {stage(m) for m in graph} == {*PACKAGES, *TOP_MODULES}
    assert "source.model" in graph["source.reader"]  # a top-level import
    assert "qa" in graph["app"]


def test_no_import_cycle_anywhere() -> None:
    cycles = find_cycles(import_graph())
    assert not cycles, "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_run_down_the_pipeline(package: str) -> None:
    graph = import_graph()
    upward = sorted(f"{m} -> {t}" for m, targets in graph.items() if stage(m) == package
                    for t in targets
                    if stage(t) != package and stage(t) not in ALLOWED[package])
    assert not upward, f"{package} imports what comes after it: {upward}"
