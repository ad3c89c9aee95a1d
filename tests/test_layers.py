"""The package's layering, read from the source: no backend imports the UI, the local engine
has no import cycle, and the REPL and the commands do not import each other."""

from __future__ import annotations

import ast
from pathlib import Path

import nemo_cli

ROOT = Path(nemo_cli.__file__).parent


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every nemo_cli module ``path`` imports, at the top or inside a function."""
    name = _module(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("nemo_cli"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if not target.startswith("nemo_cli"):
                continue
            found.add(target)
            # "from . import phrases": the names may be modules themselves
            found.update(f"{target}.{a.name}" for a in node.names)
    return found


def _graph(folder: Path) -> dict[str, set[str]]:
    modules = {_module(p): p for p in folder.rglob("*.py")}
    return {name: {m for m in _imports(p) if m in modules} - {name}
            for name, p in modules.items()}  # fmt: skip


def test_no_backend_imports_the_ui() -> None:
    offenders = {
        _module(p): sorted(m for m in _imports(p) if m.startswith("nemo_cli.ui"))
        for p in (ROOT / "backends").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_local_engine_has_no_import_cycle() -> None:
    graph = _graph(ROOT / "backends" / "local")
    # Packages import their own modules (understand/__init__ re-exports parse): not a cycle.
    for name in list(graph):
        graph[name] = {m for m in graph[name] if not name.startswith(m + ".")}
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        assert node not in path, " -> ".join([*path[path.index(node) :], node])
        if node in done:
            return
        for nxt in sorted(graph[node]):
            visit(nxt, [*path, node])
        done.add(node)

    for name in sorted(graph):
        visit(name, [])


def test_repl_and_commands_do_not_import_each_other_for_shared_work() -> None:
    repl = _imports(ROOT / "repl.py")
    assert not {m for m in repl if m.startswith("nemo_cli.commands")}
    for path in (ROOT / "commands").glob("*.py"):
        used = {m for m in _imports(path) if m.startswith("nemo_cli.repl")}
        # `nemo chat` starts the REPL: that one use is the command's job.
        assert used <= {"nemo_cli.repl", "nemo_cli.repl.run_repl"}, path.name
