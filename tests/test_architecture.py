"""The package's layers (docs/architecture.md): imports go one way, from the ways in down to the data
model, and no module imports itself back through a circle.

The imports are read from the source with `ast` (module-level and those inside functions alike), so
a lazy import cannot hide an upward dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. A module may import from its own layer and the layers below it, never above.
LAYERS: list[tuple[str, ...]] = [
    ("checker", "checker.model"),  # the package root holds only the version and old-path aliases
    ("checker.config",),
    ("checker.reading",),
    ("checker.extraction",),
    ("checker.alignment",),
    ("checker.judging",),
    ("checker.rulekit",),  # the rule author's kit: re-exports from the layers below
    ("checker.rules",),  # rule modules (rules/), loaded by checker.judging.kit by path, never imported by name
    ("checker.scoring",),
    ("checker.render",),
    ("checker.storage",),
    ("checker.running",),
    ("checker.api", "checker.cli", "checker.serve", "checker.__main__"),  # the ways in
]


def module_files() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package and of rules/ (as checker.rules)."""
    found = {}
    for base, prefix in ((ROOT / "checker", "checker"), (ROOT / "rules", "checker.rules")):
        for path in sorted(base.rglob("*.py")):
            parts = list(path.relative_to(base).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join([prefix, *parts])] = path
    return found


def imports_of(name: str, source: str, modules: set[str], *, is_package: bool = False) -> set[str]:
    """The project modules `name` imports; `from pkg import sub` counts as importing the module pkg.sub."""
    package = name if is_package else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "checker")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            if target.split(".")[0] != "checker":
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.add(sub if sub in modules else target)
    return {m for m in out if m != name}


def layer_of(module: str) -> int:
    """The layer of the longest matching prefix (checker.cli.common is in checker.cli's layer)."""
    best, best_len = None, -1
    for i, prefixes in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > best_len:
                best, best_len = i, len(p)
    if best is None:
        raise AssertionError(f"{module} is in no layer: add its package to LAYERS and docs/architecture.md")
    return best


@pytest.fixture(scope="module")
def graph() -> nx.DiGraph:
    files = module_files()
    g = nx.DiGraph()
    g.add_nodes_from(files)
    for name, path in files.items():
        source = path.read_text(encoding="utf-8")
        for target in imports_of(name, source, set(files), is_package=path.name == "__init__.py"):
            g.add_edge(name, target)
    return g


def test_every_module_has_a_layer(graph):
    for module in graph.nodes:
        layer_of(module)


def test_no_module_imports_from_a_layer_above_its_own(graph):
    upward = [f"{a} (layer {layer_of(a)}) imports {b} (layer {layer_of(b)})"
              for a, b in graph.edges if layer_of(b) > layer_of(a)]
    assert not upward, "\n".join(upward)


def test_no_import_circle(graph):
    circles = [sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert not circles, circles


def test_rules_import_only_the_rule_kit(graph):
    """Built-in rules are written as a user's rule would be: from checker.rulekit alone."""
    for module in graph.nodes:
        if module.startswith("checker.rules."):
            assert set(graph.successors(module)) <= {"checker.rulekit"}, (module, sorted(graph.successors(module)))


def test_the_reader_sees_lazy_relative_and_submodule_imports():
    """Or the tests above would prove nothing: an import inside a function, a relative import and
    `from checker import model` are all read."""
    modules = {"checker.model", "checker.reading.load", "checker.running.pipeline", "checker.reading"}
    source = "def f():\n    from checker.running.pipeline import judge\nfrom .load import x\nfrom checker import model\n"
    assert imports_of("checker.reading.clean", source, modules) == {
        "checker.running.pipeline", "checker.reading.load", "checker.model"}
    assert layer_of("checker.running.pipeline") > layer_of("checker.reading.clean")
