"""House rules that keep the package in order: small modules, no import cycles, every package shipped.

The layers themselves (nothing imports upward) are import-linter's contracts in pyproject.toml,
checked by ``lint-imports`` in .ci/run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp
import pytest

import policy_audit

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "policy_audit"
MAX_LINES = 450
BUILTIN_RULES = PACKAGE / "builtin_rules"  # the rules/ folder as data, linked in a checkout


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if BUILTIN_RULES not in p.parents)


def test_the_package_under_test_is_this_checkout():
    # grimp finds the package by import: it must read these files, not an installed copy.
    assert Path(policy_audit.__file__).resolve().parent == PACKAGE.resolve()


def test_no_module_over_450_lines():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in _modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these by job (at most {MAX_LINES} lines each): {long}"


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph.modules):
        if start in index:
            continue
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
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == module:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for importer, imported in [("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d")]:
        graph.add_import(importer=importer, imported=imported)
    assert _cycles(graph) == [["p.a", "p.b", "p.c"]]


def test_no_import_cycles():
    # Imports inside functions and under TYPE_CHECKING count too: a cycle there is still two modules
    # that cannot be understood (or moved) one without the other.
    graph = grimp.build_graph("policy_audit", cache_dir=None)
    cycles = _cycles(graph)
    details = [
        f"{importer} -> {imported} (line {line['line_number']})"
        for cycle in cycles
        for importer in cycle
        for imported in sorted(graph.find_modules_directly_imported_by(importer))
        if imported in cycle
        for line in graph.get_import_details(importer=importer, imported=imported)
    ]
    assert not cycles, "import cycles:\n" + "\n".join(details)


def test_every_package_is_shipped():
    # setuptools ships only the packages pyproject.toml lists; a package missing there works in an
    # editable checkout and is absent from the wheel.
    tomllib = pytest.importorskip("tomllib") if sys.version_info >= (3, 11) else pytest.importorskip("tomli")
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    packages = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in PACKAGE.rglob("__init__.py")
        if BUILTIN_RULES not in init.parents
    }
    assert packages - listed == set()
