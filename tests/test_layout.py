"""The package's imports run one way (README.md, "Layout"): at the top of each file, without cycles.

An import inside a function says why on its line (SymPy or another optional part loaded when first needed).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "autograd_nb"
# the engine's own files, still importing Tensor at their bottom until the engine rework lands


def modules() -> dict[str, ast.Module]:
    return {str(p.relative_to(PACKAGE)): ast.parse(p.read_text()) for p in sorted(PACKAGE.rglob("*.py"))}


def top_imports(tree: ast.Module) -> list[ast.ImportFrom | ast.Import]:
    """The imports above the first statement that is not an import, a docstring or an ``if TYPE_CHECKING``."""
    found = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        elif not (isinstance(node, ast.If) or isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            break
    return found


def imported_modules(path: str, node: ast.ImportFrom) -> set[str]:
    """The package's files that ``from ... import ...`` in ``path`` loads (relative imports only)."""
    folder = Path(path).parent
    for _ in range(node.level - 1):
        folder = folder.parent
    base = folder / node.module.replace(".", "/") if node.module else folder
    targets = set()
    for alias in node.names:
        for candidate in (base / alias.name, base):
            for file in (f"{candidate}.py", f"{candidate}/__init__.py"):
                if (PACKAGE / file).is_file():
                    targets.add(str(Path(file)))
                    break
            else:
                continue
            break
    return targets


def test_no_import_below_the_top_of_a_file() -> None:
    late = []
    for path, tree in modules().items():
        top = set(map(id, top_imports(tree)))
        late += [f"{path}:{n.lineno}" for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))
                 and id(n) not in top]  # fmt: skip
    assert late == []


def test_imports_inside_functions_say_why() -> None:
    silent = []
    for path, tree in modules().items():
        lines = (PACKAGE / path).read_text().splitlines()
        for function in ast.walk(tree):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                imports = [n for n in ast.walk(function) if isinstance(n, (ast.Import, ast.ImportFrom))]
                silent += [f"{path}:{n.lineno}" for n in imports if "#" not in lines[n.lineno - 1]]
    assert silent == []


def test_module_imports_have_no_cycle() -> None:
    graph = {
        path: set().union(*(imported_modules(path, n) for n in tree.body if isinstance(n, ast.ImportFrom)))
        for path, tree in modules().items()
    }
    done: set[str] = set()

    def visit(path: str, trail: list[str]) -> None:
        assert path not in trail, " -> ".join(trail[trail.index(path) :] + [path])
        if path not in done:
            for target in sorted(graph[path] - {path}):
                visit(target, trail + [path])
            done.add(path)

    for path in graph:
        visit(path, [])
