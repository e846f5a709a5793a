"""The layers hold: import-linter checks the contracts in pyproject.toml, and no import
cycle runs inside pr_desk (checked over grimp's graph, the one import-linter builds)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_the_ui_and_the_start_module_mention_pyside6() -> None:
    offenders = []
    for path in (ROOT / "pr_desk").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("pr_desk/ui/") or rel == "pr_desk/start.py":
            continue
        if "PySide6" in path.read_text(encoding="utf-8"):
            offenders.append(rel)
    assert offenders == []


def _import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected groups of two or more modules (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative, so a deep import chain cannot reach Python's recursion limit.
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            module, imported = work[-1]
            for other in imported:
                if other not in index:
                    index[other] = low[other] = len(index)
                    stack.append(other)
                    on_stack.add(other)
                    work.append((other, iter(sorted(graph.find_modules_directly_imported_by(other)))))
                    break
                if other in on_stack:
                    low[module] = min(low[module], index[other])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[module])
                if low[module] == index[module]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == module:
                            break
                    if len(group) > 1:
                        cycles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return sorted(cycles)


def test_no_import_cycle_inside_pr_desk() -> None:
    """Every import grimp sees counts (module level and inside functions), except those
    under `if TYPE_CHECKING:`, which never run."""
    graph = grimp.build_graph("pr_desk", exclude_type_checking_imports=True, cache_dir=None)
    found = []
    for group in _import_cycles(graph):
        members = set(group)
        edges = [
            f"    {importer} -> {imported} (line {', '.join(str(d['line_number']) for d in graph.get_import_details(importer=importer, imported=imported))})"
            for importer in group
            for imported in sorted(graph.find_modules_directly_imported_by(importer) & members)
        ]
        found.append("cycle: " + " <-> ".join(group) + "\n" + "\n".join(edges))
    assert found == [], "\n".join(found)


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for module in ("a", "a.one", "a.two", "a.three", "a.four"):
        graph.add_module(module)
    graph.add_import(importer="a.one", imported="a.two")
    graph.add_import(importer="a.two", imported="a.three")
    graph.add_import(importer="a.three", imported="a.one")
    graph.add_import(importer="a.four", imported="a.one")
    assert _import_cycles(graph) == [["a.one", "a.three", "a.two"]]
