"""The imports point down: no part imports a part it may not use, and no module imports in a circle.

Read from the source with ``ast``, imports inside functions included: a late import hides a
circle from Python, not from the next reader. The one allowed late import is a routable
page reaching its part's ``routes`` module (see docs/anatomy.md).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["engage", "surveys", "ideas", "liaisons", "youth"]
# Which parts a part may import (shared ARCHITECTURE.md: liaisons and youth may use reports;
# youth may use surveys; outcomes may use every part and no part imports outcomes).
PART_OF = {
    "engage.reports": "reports",
    "engage.outcomes": "outcomes",
    "surveys": "surveys",
    "ideas": "ideas",
    "liaisons": "liaisons",
    "youth": "youth",
}
MAY_USE = {
    "reports": set(),
    "surveys": set(),
    "ideas": set(),
    "liaisons": {"reports"},
    "youth": {"reports", "surveys"},
    "outcomes": {"reports", "surveys", "ideas", "liaisons", "youth"},
}


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts and "settings" not in path.parts:
                yield module_name(path), path


def imports_of(name, path):
    """The modules ``name`` imports, at module level or inside functions."""
    tree = ast.parse(path.read_text())
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def part_of(name):
    for prefix, part in PART_OF.items():
        if name == prefix or name.startswith(prefix + "."):
            return part
    return None


def graph():
    known = dict(modules())
    return {
        name: {
            target
            for target in imports_of(name, path)
            if target in known and not target.endswith(".routes")
        }
        for name, path in known.items()
    }


def test_no_part_imports_a_part_it_may_not_use():
    crossings = sorted(
        f"{source} → {target}"
        for source, targets in graph().items()
        for target in targets
        if (source_part := part_of(source))
        and (target_part := part_of(target))
        and target_part != source_part
        and target_part not in MAY_USE[source_part]
    )
    assert crossings == []


def test_no_modules_import_each_other_in_a_circle():
    edges = graph()
    cycles = []
    state = {}

    def visit(name, stack):
        state[name] = "open"
        stack.append(name)
        for target in sorted(edges[name]):
            if state.get(target) == "open":
                cycles.append(" → ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                visit(target, stack)
        stack.pop()
        state[name] = "done"

    for name in sorted(edges):
        if name not in state:
            visit(name, [])
    assert cycles == []
