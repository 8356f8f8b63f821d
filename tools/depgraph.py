"""Print electionplan's package dependency graph and fail if it has a cycle.

    python tools/depgraph.py            # the graph, one package a line
    python tools/depgraph.py --modules  # module-level cycles too

Each line reads `package -> the packages it imports`. The exit status is 1 when
any package (or, with --modules, any module) depends on itself through others.
"""

from __future__ import annotations

import argparse
import sys

import grimp

ROOT = "electionplan"


def package_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def package_graph(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        if not module.startswith(ROOT + ".") or ".migrations." in module:
            continue
        source = package_of(module)
        edges.setdefault(source, set())
        for imported in graph.find_modules_directly_imported_by(module):
            target = package_of(imported)
            if imported.startswith(ROOT + ".") and target != source:
                edges[source].add(target)
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a path that returns to its start, or None (iterative DFS)."""
    state: dict[str, int] = {}
    for start in sorted(edges):
        if state.get(start):
            continue
        stack: list[tuple[str, list[str]]] = [(start, sorted(edges.get(start, ())))]
        path = [start]
        state[start] = 1
        while stack:
            node, pending = stack[-1]
            if not pending:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            nxt = pending.pop(0)
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, sorted(edges.get(nxt, ()))))
    return None


def module_graph(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    return {
        m: {i for i in graph.find_modules_directly_imported_by(m) if i.startswith(ROOT + ".")}
        for m in graph.modules
        if m.startswith(ROOT + ".")
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", action="store_true", help="also look for module-level cycles")
    args = parser.parse_args(argv)
    graph = grimp.build_graph(ROOT)
    edges = package_graph(graph)
    for source in sorted(edges):
        print(f"{source} -> {', '.join(sorted(edges[source])) or '(nothing)'}")
    cycle = find_cycle(edges)
    if cycle is None and args.modules:
        cycle = find_cycle(module_graph(graph))
    if cycle:
        print("cycle: " + " -> ".join(cycle), file=sys.stderr)
        return 1
    print("no cycle")
    return 0


if __name__ == "__main__":
    sys.exit(main())
